// The homogeneous self-dual interior-point method for min cᵀx, A x = b,
// x ≥ 0 (Andersen & Andersen, "The MOSEK interior point optimizer for
// linear programming", 2000; Xu, Hung & Ye 1996), with Mehrotra's
// predictor–corrector. The embedding adds τ and κ so that one run either
// converges to an optimal pair (x/τ, y/τ, z/τ) or, with τ → 0, produces a
// certificate that the problem is infeasible (bᵀy > 0) or unbounded
// (cᵀx < 0): no phase 1 and no big-M. Each iteration solves the normal
// equations (A D Aᵀ) Δy = r with D = X Z⁻¹ by a Cholesky factorisation that
// sets aside pivots which vanish as the iterates reach a degenerate face.

/// How the interior-point run ended.
struct _InteriorPointOutcome {
    /// Primal point, dual multipliers and reduced costs, already divided by τ.
    var x: [Double]
    var y: [Double]
    var z: [Double]
    /// SciPy's linprog status: 0 optimal, 1 iteration limit, 2 infeasible,
    /// 3 unbounded, 4 numerical difficulties.
    var status: Int
    var iterations: Int
}

/// Runs the homogeneous interior-point method on the dense m×n program
/// min cᵀx, A x = b, x ≥ 0, with A of full row rank.
/// - Parameters:
///   - tolerance: Relative primal, dual and gap residuals at which the
///     point counts as optimal (SciPy's `tol`, 1e-8 by default there).
func _interiorPointLP(a: [Double], rows m: Int, columns n: Int, b: [Double], c: [Double],
                      maxiter: Int, tolerance: Double = 1e-9) -> _InteriorPointOutcome {
    var x = [Double](repeating: 1, count: n)
    var z = [Double](repeating: 1, count: n)
    var y = [Double](repeating: 0, count: m)
    var tau = 1.0, kappa = 1.0

    func times(_ v: [Double]) -> [Double] {  // A v
        var out = [Double](repeating: 0, count: m)
        a.withUnsafeBufferPointer { a in
            for i in 0..<m {
                var s = 0.0
                for j in 0..<n { s += a[i * n + j] * v[j] }
                out[i] = s
            }
        }
        return out
    }
    func timesTransposed(_ v: [Double]) -> [Double] {  // Aᵀ v
        var out = [Double](repeating: 0, count: n)
        a.withUnsafeBufferPointer { a in
            for i in 0..<m where v[i] != 0 {
                let vi = v[i]
                for j in 0..<n { out[j] += a[i * n + j] * vi }
            }
        }
        return out
    }
    func dot(_ u: [Double], _ v: [Double]) -> Double {
        var s = 0.0
        for i in u.indices { s += u[i] * v[i] }
        return s
    }
    func norm(_ u: [Double]) -> Double { dot(u, u).squareRoot() }

    // Residuals are measured against those of the starting point, as in
    // Andersen & Andersen §4.5 (and SciPy's interior-point method).
    func residuals() -> (p: [Double], d: [Double], g: Double, mu: Double) {
        let ax = times(x), aty = timesTransposed(y)
        let p = (0..<m).map { b[$0] * tau - ax[$0] }
        let d = (0..<n).map { c[$0] * tau - aty[$0] - z[$0] }
        let g = kappa + dot(c, x) - dot(b, y)
        return (p, d, g, (dot(x, z) + tau * kappa) / Double(n + 1))
    }
    let start = residuals()
    let p0 = Swift.max(1, norm(start.p)), d0 = Swift.max(1, norm(start.d))
    let g0 = Swift.max(1, Swift.abs(start.g)), mu0 = start.mu

    var normal = [Double](repeating: 0, count: m * m)
    var scaled = [Double](repeating: 0, count: m * n)
    var iteration = 0
    while true {
        let r = residuals()
        let rhoP = norm(r.p) / p0, rhoD = norm(r.d) / d0, rhoG = Swift.abs(r.g) / g0
        let bty = dot(b, y), ctx = dot(c, x)
        let rhoA = Swift.abs(ctx - bty) / (tau + Swift.abs(bty))
        let rhoMu = r.mu / mu0
        func outcome(_ status: Int) -> _InteriorPointOutcome {
            _InteriorPointOutcome(x: x.map { $0 / tau }, y: y.map { $0 / tau }, z: z.map { $0 / tau },
                                  status: status, iterations: iteration)
        }
        if rhoP <= tolerance && rhoD <= tolerance && rhoA <= tolerance { return outcome(0) }
        // τ → 0 while the residuals vanish: a certificate of infeasibility
        // (bᵀy > 0: no x satisfies A x = b, x ≥ 0) or of unboundedness.
        if (rhoP <= tolerance && rhoD <= tolerance && rhoG <= tolerance && tau <= tolerance * Swift.max(1, kappa))
            || (rhoMu <= tolerance && tau <= tolerance * Swift.min(1, kappa)) {
            return outcome(bty > tolerance ? 2 : 3)
        }
        if iteration >= maxiter { return outcome(1) }
        iteration += 1

        // Normal matrix A D Aᵀ with D = X Z⁻¹, as W Wᵀ for W = A D^½.
        let d = (0..<n).map { x[$0] / z[$0] }
        let root = d.map { $0.squareRoot() }
        for i in 0..<m { for j in 0..<n { scaled[i * n + j] = a[i * n + j] * root[j] } }
        scaled.withUnsafeBufferPointer { w in
            for i in 0..<m {
                for k in 0...i {
                    var s = 0.0
                    for j in 0..<n { s += w[i * n + j] * w[k * n + j] }
                    normal[i * m + k] = s
                    normal[k * m + i] = s
                }
            }
        }
        guard let factor = _SemidefiniteCholesky(normal, order: m) else {
            return outcome(4)
        }
        // p = M⁻¹ (b + A D c) is the same for predictor and corrector.
        let p = factor.solve(zip(b, times((0..<n).map { d[$0] * c[$0] })).map { $0 + $1 })
        let atp = timesTransposed(p)
        let uVec = (0..<n).map { d[$0] * (atp[$0] - c[$0]) }

        // One Newton direction for target (1 − η) of the residuals and the
        // complementarity right-hand sides rxs (n) and rtk.
        func direction(eta: Double, rxs: [Double], rtk: Double)
            -> (dx: [Double], dy: [Double], dz: [Double], dtau: Double, dkappa: Double) {
            let w = (0..<n).map { eta * r.d[$0] - rxs[$0] / x[$0] }
            let adw = times((0..<n).map { d[$0] * w[$0] })
            let q = factor.solve((0..<m).map { eta * r.p[$0] + adw[$0] })
            let atq = timesTransposed(q)
            let v = (0..<n).map { d[$0] * (atq[$0] - w[$0]) }
            let numerator = -eta * r.g - dot(c, v) + dot(b, q) - rtk / tau
            let denominator = dot(c, uVec) - dot(b, p) - kappa / tau
            let dtau = numerator / denominator
            let dy = (0..<m).map { p[$0] * dtau + q[$0] }
            let dx = (0..<n).map { uVec[$0] * dtau + v[$0] }
            let dz = (0..<n).map { (rxs[$0] - z[$0] * dx[$0]) / x[$0] }
            let dkappa = (rtk - kappa * dtau) / tau
            return (dx, dy, dz, dtau, dkappa)
        }
        func longestStep(_ s: (dx: [Double], dy: [Double], dz: [Double], dtau: Double, dkappa: Double)) -> Double {
            var alpha = 1.0
            for j in 0..<n {
                if s.dx[j] < 0 { alpha = Swift.min(alpha, -x[j] / s.dx[j]) }
                if s.dz[j] < 0 { alpha = Swift.min(alpha, -z[j] / s.dz[j]) }
            }
            if s.dtau < 0 { alpha = Swift.min(alpha, -tau / s.dtau) }
            if s.dkappa < 0 { alpha = Swift.min(alpha, -kappa / s.dkappa) }
            return alpha
        }

        // Predictor: the affine-scaling direction (η = 1, no centring).
        let affine = direction(eta: 1, rxs: (0..<n).map { -x[$0] * z[$0] }, rtk: -tau * kappa)
        let alphaAffine = longestStep(affine)
        var gapAffine = (tau + alphaAffine * affine.dtau) * (kappa + alphaAffine * affine.dkappa)
        for j in 0..<n { gapAffine += (x[j] + alphaAffine * affine.dx[j]) * (z[j] + alphaAffine * affine.dz[j]) }
        let ratio = Swift.max(0, gapAffine / Double(n + 1)) / r.mu
        let sigma = ratio * ratio * ratio
        // Corrector: centre by σμ and cancel the predictor's second-order term.
        let target = sigma * r.mu
        let corrected = direction(
            eta: 1 - sigma,
            rxs: (0..<n).map { -x[$0] * z[$0] + target - affine.dx[$0] * affine.dz[$0] },
            rtk: -tau * kappa + target - affine.dtau * affine.dkappa)
        let alpha = Swift.min(1, 0.99995 * longestStep(corrected))
        guard alpha.isFinite, alpha > 0 else { return outcome(4) }
        for j in 0..<n {
            x[j] += alpha * corrected.dx[j]
            z[j] += alpha * corrected.dz[j]
        }
        for i in 0..<m { y[i] += alpha * corrected.dy[i] }
        tau += alpha * corrected.dtau
        kappa += alpha * corrected.dkappa
        guard tau.isFinite, kappa.isFinite, x.allSatisfy({ $0.isFinite }) else { return outcome(4) }
    }
}

/// The Cholesky factor of a symmetric positive semidefinite matrix, in
/// which a pivot that has (numerically) vanished is replaced by a huge
/// value so that the matching component of a solution becomes zero
/// (Wright, "Primal-Dual Interior-Point Methods", §11.1): the normal
/// matrix of an interior-point method loses rank as it nears a degenerate
/// optimum, and this is the standard way to carry on.
struct _SemidefiniteCholesky {
    /// Lower-triangular factor, row-major, order × order.
    private var l: [Double]
    private let order: Int

    /// Factorises `matrix`; nil when it has a NaN or infinite entry.
    init?(_ matrix: [Double], order m: Int) {
        order = m
        l = matrix
        let largest = (0..<m).reduce(0.0) { Swift.max($0, Swift.abs(matrix[$1 * m + $1])) }
        let tiny = Swift.max(largest, 1e-300) * 1e-30
        for k in 0..<m {
            var pivot = l[k * m + k]
            for s in 0..<k { pivot -= l[k * m + s] * l[k * m + s] }
            guard pivot.isFinite else { return nil }
            if pivot <= tiny {
                l[k * m + k] = 1e64
                for i in (k + 1)..<Swift.max(m, k + 1) { l[i * m + k] = 0 }
                continue
            }
            let root = pivot.squareRoot()
            l[k * m + k] = root
            for i in (k + 1)..<Swift.max(m, k + 1) {
                var s = l[i * m + k]
                for t in 0..<k { s -= l[i * m + t] * l[k * m + t] }
                l[i * m + k] = s / root
            }
        }
    }

    /// Solves L Lᵀ v = rhs.
    func solve(_ rhs: [Double]) -> [Double] {
        let m = order
        var v = rhs
        for i in 0..<m {
            var s = v[i]
            for t in 0..<i { s -= l[i * m + t] * v[t] }
            v[i] = s / l[i * m + i]
        }
        for i in stride(from: m - 1, through: 0, by: -1) {
            var s = v[i]
            for t in (i + 1)..<Swift.max(m, i + 1) { s -= l[t * m + i] * v[t] }
            v[i] = s / l[i * m + i]
        }
        return v
    }
}
