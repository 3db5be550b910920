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
            v.withUnsafeBufferPointer { v in
                for i in 0..<m { out[i] = _dot(a.baseAddress! + i * n, v.baseAddress!, n) }
            }
        }
        return out
    }
    func timesTransposed(_ v: [Double]) -> [Double] {  // Aᵀ v
        var out = [Double](repeating: 0, count: n)
        a.withUnsafeBufferPointer { a in
            out.withUnsafeMutableBufferPointer { out in
                let target = out.baseAddress!
                for i in 0..<m where v[i] != 0 {
                    let vi = v[i]
                    let row = a.baseAddress! + i * n
                    for j in 0..<n { target[j] += row[j] * vi }
                }
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

    var normal = _NormalEquations(a: a, rows: m, columns: n)
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

        // The normal matrix A D Aᵀ with D = X Z⁻¹.
        let d = (0..<n).map { x[$0] / z[$0] }
        guard normal.factor(d) else { return outcome(4) }
        let factor = normal
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

/// The normal equations (A D Aᵀ) y = r of an interior-point step.
///
/// A bounded variable's row `a·x_j + a′·s = u` (s its own slack, in no
/// other row) is eliminated by its Schur complement: it only changes the
/// weight of column j in the other rows' matrix, d_j − (a d_j)²/(a² d_j +
/// a′² d_s). So a program with many bounded variables factorises a matrix
/// of its general rows only (100 × 100 rather than 250 × 250 for 100
/// inequalities over 150 variables in [0, 1]).
struct _NormalEquations {
    /// Rows eliminated: the row, the variable's column and coefficient,
    /// the slack's column and coefficient.
    private let bounds: [(row: Int, column: Int, a: Double, slack: Int, aSlack: Double)]
    /// The other rows, and the columns that have entries in them.
    private let general: [Int]
    private let generalColumns: [Int]
    /// A restricted to `general` × `generalColumns`, row-major.
    private let packed: [Double]
    /// The position of each column in `generalColumns` (−1: none).
    private let packedIndex: [Int]
    private let rows: Int
    private var weights: [Double] = []
    private var boundWeights: [Double] = []
    private var cholesky: _SemidefiniteCholesky?

    init(a: [Double], rows m: Int, columns n: Int) {
        rows = m
        var columnCount = [Int](repeating: 0, count: n)
        for i in 0..<m { for j in 0..<n where a[i * n + j] != 0 { columnCount[j] += 1 } }
        var used = [Bool](repeating: false, count: n)
        var bounds: [(row: Int, column: Int, a: Double, slack: Int, aSlack: Double)] = []
        var general: [Int] = []
        for i in 0..<m {
            let entries = (0..<n).filter { a[i * n + $0] != 0 }
            if entries.count == 2 {
                let (p, q) = (entries[0], entries[1])
                let (j, s) = columnCount[q] == 1 ? (p, q) : (q, p)
                if columnCount[s] == 1 && !used[j] && !used[s] {
                    used[j] = true
                    used[s] = true
                    bounds.append((i, j, a[i * n + j], s, a[i * n + s]))
                    continue
                }
            }
            general.append(i)
        }
        var inGeneral = [Bool](repeating: false, count: n)
        for i in general { for j in 0..<n where a[i * n + j] != 0 { inGeneral[j] = true } }
        let generalColumns = (0..<n).filter { inGeneral[$0] }
        var packedIndex = [Int](repeating: -1, count: n)
        for (k, j) in generalColumns.enumerated() { packedIndex[j] = k }
        var packed = [Double]()
        packed.reserveCapacity(general.count * generalColumns.count)
        for i in general { for j in generalColumns { packed.append(a[i * n + j]) } }
        self.bounds = bounds
        self.general = general
        self.generalColumns = generalColumns
        self.packed = packed
        self.packedIndex = packedIndex
    }

    /// Forms and factorises the matrix for the diagonal `d`; false when it
    /// holds a NaN or an infinity.
    mutating func factor(_ d: [Double]) -> Bool {
        var weight = generalColumns.map { d[$0] }
        boundWeights = bounds.map { $0.a * $0.a * d[$0.column] + $0.aSlack * $0.aSlack * d[$0.slack] }
        for (k, bound) in bounds.enumerated() where packedIndex[bound.column] >= 0 {
            // d_j − (a d_j)²/(a² d_j + a′² d_s), written without the cancellation.
            weight[packedIndex[bound.column]] =
                d[bound.column] * (bound.aSlack * bound.aSlack * d[bound.slack]) / boundWeights[k]
        }
        weights = d
        let mg = general.count, ng = generalColumns.count
        var scaled = [Double](repeating: 0, count: mg * ng)
        let roots = weight.map { Swift.max($0, 0).squareRoot() }
        for i in 0..<mg { for k in 0..<ng { scaled[i * ng + k] = packed[i * ng + k] * roots[k] } }
        var matrix = [Double](repeating: 0, count: mg * mg)
        scaled.withUnsafeBufferPointer { w in
            for i in 0..<mg {
                for k in 0...i where mg > 0 {
                    let s = _dot(w.baseAddress! + i * ng, w.baseAddress! + k * ng, ng)
                    matrix[i * mg + k] = s
                    matrix[k * mg + i] = s
                }
            }
        }
        cholesky = _SemidefiniteCholesky(matrix, order: mg)
        return cholesky != nil
    }

    /// Solves (A D Aᵀ) y = r for the last factorised `d`.
    func solve(_ r: [Double]) -> [Double] {
        let ng = generalColumns.count
        // Each bound row's share of the general rows' right-hand side.
        var rg = general.map { r[$0] }
        for (k, bound) in bounds.enumerated() where packedIndex[bound.column] >= 0 {
            let scale = bound.a * weights[bound.column] * r[bound.row] / boundWeights[k]
            let column = packedIndex[bound.column]
            for i in 0..<general.count { rg[i] -= packed[i * ng + column] * scale }
        }
        let yg = cholesky!.solve(rg)
        var y = [Double](repeating: 0, count: rows)
        for (i, row) in general.enumerated() { y[row] = yg[i] }
        for (k, bound) in bounds.enumerated() {
            var across = 0.0
            if packedIndex[bound.column] >= 0 {
                let column = packedIndex[bound.column]
                for i in 0..<general.count { across += packed[i * ng + column] * yg[i] }
            }
            y[bound.row] = (r[bound.row] - bound.a * weights[bound.column] * across) / boundWeights[k]
        }
        return y
    }
}

/// Σ u[i]·v[i] over `count` doubles, with four independent SIMD sums so
/// that the loop vectorises (a single running sum cannot be reordered).
@inline(__always)
func _dot(_ u: UnsafePointer<Double>, _ v: UnsafePointer<Double>, _ count: Int) -> Double {
    var s0 = SIMD4<Double>(), s1 = SIMD4<Double>()
    var i = 0
    let ru = UnsafeRawPointer(u), rv = UnsafeRawPointer(v)
    while i + 8 <= count {
        s0 += ru.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self)
            * rv.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self)
        s1 += ru.loadUnaligned(fromByteOffset: i * 8 + 32, as: SIMD4<Double>.self)
            * rv.loadUnaligned(fromByteOffset: i * 8 + 32, as: SIMD4<Double>.self)
        i += 8
    }
    var s = (s0 + s1).sum()
    while i < count {
        s += u[i] * v[i]
        i += 1
    }
    return s
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
        let finite = l.withUnsafeMutableBufferPointer { l -> Bool in
            let base = l.baseAddress!
            for k in 0..<m {
                let pivot = l[k * m + k] - _dot(base + k * m, base + k * m, k)
                guard pivot.isFinite else { return false }
                if pivot <= tiny {
                    l[k * m + k] = 1e64
                    for i in (k + 1)..<Swift.max(m, k + 1) { l[i * m + k] = 0 }
                    for t in 0..<k { l[k * m + t] = 0 }
                    continue
                }
                let root = pivot.squareRoot()
                l[k * m + k] = root
                for i in (k + 1)..<Swift.max(m, k + 1) {
                    l[i * m + k] = (l[i * m + k] - _dot(base + i * m, base + k * m, k)) / root
                }
            }
            return true
        }
        guard finite else { return nil }
    }

    /// Solves L Lᵀ v = rhs.
    func solve(_ rhs: [Double]) -> [Double] {
        var v = rhs
        _choleskySolve(l, order: order, &v)
        return v
    }
}
