// `least_squares(method='trf')` without bounds (SciPy's `trf_no_bounds`)
// with `tr_solver='exact'`: each trust-region subproblem is solved on the
// SVD of the (robust-loss scaled) Jacobian by Moré's iteration on the
// Levenberg–Marquardt parameter (SciPy's `solve_lsq_trust_region`).

import RealModule

/// A robust loss ρ applied to the squared residuals (SciPy's `loss`).
public enum RobustLoss: Sendable, Hashable {
    /// ρ(z) = z: ordinary least squares.
    case linear
    /// ρ(z) = 2(√(1+z) − 1).
    case softL1
    /// ρ(z) = z for z ≤ 1, 2√z − 1 beyond.
    case huber
    /// ρ(z) = ln(1 + z).
    case cauchy
    /// ρ(z) = arctan(z).
    case arctan

    /// (ρ, ρ′, ρ″) at `z`.
    @inline(__always)
    func rho(_ z: Double) -> (Double, Double, Double) {
        switch self {
        case .linear: return (z, 1, 0)
        case .softL1:
            let t = 1 + z
            return (2 * (t.squareRoot() - 1), 1 / t.squareRoot(), -0.5 / (t * t.squareRoot()))
        case .huber:
            if z <= 1 { return (z, 1, 0) }
            let r = z.squareRoot()
            return (2 * r - 1, 1 / r, -0.5 / (z * r))
        case .cauchy:
            let t = 1 + z
            return (Double.log(onePlus: z), 1 / t, -1 / (t * t))
        case .arctan:
            let t = 1 + z * z
            return (Double.atan(z), 1 / t, -2 * z / (t * t))
        }
    }

    /// SciPy's cost `½ f_scale² Σ ρ((fᵢ/f_scale)²)`.
    func cost(_ f: [Double], fScale: Double) -> Double {
        if self == .linear { return 0.5 * f.reduce(0) { $0 + $1 * $1 } }
        let c2 = fScale * fScale
        var s = 0.0
        for v in f { s += rho(v * v / c2).0 }
        return 0.5 * c2 * s
    }
}

/// SciPy's `trf_no_bounds` with the exact solver and `x_scale = 1`.
/// `jac` returns the m×n Jacobian column-major. Returns the result with
/// `jac` still column-major (the caller transposes).
func trustRegionReflective(_ residuals: ([Double]) -> [Double], x0: [Double], f0: [Double],
                           jac: ([Double], [Double]) -> [Double], loss: RobustLoss, fScale: Double,
                           ftol: Double, xtol: Double, gtol: Double, maxNfev: Int)
    -> (x: [Double], cost: Double, fun: [Double], jac: [Double], grad: [Double], optimality: Double,
        nfev: Int, njev: Int, status: Int) {
    let n = x0.count, m = f0.count
    let eps = Double.ulpOfOne
    var x = x0
    var fTrue = f0
    var nfev = 1, njev = 1
    var J = jac(x, fTrue)
    var f = fTrue
    var cost = loss.cost(fTrue, fScale: fScale)
    /// Scale J and f for the robust loss (SciPy's `scale_for_robust_loss_function`).
    func scaleForLoss() {
        guard loss != .linear else { return }
        let c2 = fScale * fScale
        for i in 0..<m {
            let (_, r1, r2s) = loss.rho(fTrue[i] * fTrue[i] / c2)
            let r2 = r2s / c2
            var js = r1 + 2 * r2 * fTrue[i] * fTrue[i]
            if js < eps { js = eps }
            js = js.squareRoot()
            f[i] = fTrue[i] * r1 / js
            for j in 0..<n { J[i + j * m] *= js }
        }
    }
    scaleForLoss()
    var g = [Double](repeating: 0, count: n)
    func computeGrad() {
        for j in 0..<n {
            var s = 0.0
            for i in 0..<m { s += J[i + j * m] * f[i] }
            g[j] = s
        }
    }
    computeGrad()
    var delta = x0.reduce(0) { $0 + $1 * $1 }.squareRoot()
    if delta == 0 { delta = 1 }
    var alpha = 0.0
    var status: Int? = nil
    var gNorm = 0.0
    var sv = [Double](repeating: 0, count: n), V = [Double](repeating: 0, count: n * n)
    var suf = [Double](repeating: 0, count: n)
    var step = [Double](repeating: 0, count: n), xNew = step
    var fNew = f0, costNew = cost
    while true {
        gNorm = g.reduce(0) { max($0, abs($1)) }
        if gNorm < gtol { status = 1 }
        if status != nil || nfev == maxNfev { break }
        jacobiSVD(m: m, n: n, a: J, s: &sv, v: &V)
        // s ⊙ Uᵀf = Vᵀ Jᵀ f = Vᵀ g: U is never needed.
        for k in 0..<n {
            var t = 0.0
            for j in 0..<n { t += V[j + k * n] * g[j] }
            suf[k] = t
        }
        var actualReduction = -1.0
        while actualReduction <= 0 && nfev < maxNfev {
            alpha = trustRegionStep(m: m, n: n, suf: suf, s: sv, v: V, delta: delta, initialAlpha: alpha,
                                    p: &step)
            // Predicted reduction −(½‖J p‖² + gᵀp).
            var q = 0.0
            for i in 0..<m {
                var t = 0.0
                for j in 0..<n { t += J[i + j * m] * step[j] }
                q += t * t
            }
            var l = 0.0
            for j in 0..<n { l += step[j] * g[j] }
            let predicted = -(0.5 * q + l)
            for j in 0..<n { xNew[j] = x[j] + step[j] }
            fNew = residuals(xNew)
            nfev += 1
            let stepNorm = step.reduce(0) { $0 + $1 * $1 }.squareRoot()
            if !fNew.allSatisfy({ $0.isFinite }) {
                delta = 0.25 * stepNorm
                continue
            }
            costNew = loss.cost(fNew, fScale: fScale)
            actualReduction = cost - costNew
            let ratio: Double
            if predicted > 0 { ratio = actualReduction / predicted }
            else if predicted == 0 && actualReduction == 0 { ratio = 1 }
            else { ratio = 0 }
            var deltaNew = delta
            if ratio < 0.25 { deltaNew = 0.25 * stepNorm }
            else if ratio > 0.75 && stepNorm > 0.95 * delta { deltaNew *= 2 }
            let xNorm = x.reduce(0) { $0 + $1 * $1 }.squareRoot()
            let ftolOK = actualReduction < ftol * cost && ratio > 0.25
            let xtolOK = stepNorm < xtol * (xtol + xNorm)
            if ftolOK || xtolOK {
                status = ftolOK && xtolOK ? 4 : ftolOK ? 2 : 3
                break
            }
            alpha *= delta / deltaNew
            delta = deltaNew
        }
        if actualReduction > 0 {
            x = xNew
            fTrue = fNew
            f = fNew
            cost = costNew
            J = jac(x, fTrue)
            njev += 1
            scaleForLoss()
            computeGrad()
        }
    }
    return (x, cost, fTrue, J, g, gNorm, nfev, njev, status ?? 0)
}

/// SciPy's `solve_lsq_trust_region`: the step `p` with `‖p‖ ≤ delta`
/// minimising `‖J p + f‖`, from the SVD `J = U diag(s) Vᵀ` (`suf = s ⊙ Uᵀf`,
/// `v` column-major n×n); returns the Levenberg–Marquardt parameter.
private func trustRegionStep(m: Int, n: Int, suf: [Double], s: [Double], v: [Double], delta: Double,
                             initialAlpha: Double, p: inout [Double]) -> Double {
    let eps = Double.ulpOfOne
    let fullRank = m >= n && s[n - 1] > eps * Double(m) * s[0]
    func combine(_ coef: (Int) -> Double) {
        for j in 0..<n {
            var t = 0.0
            for k in 0..<n { t += v[j + k * n] * coef(k) }
            p[j] = -t
        }
    }
    func norm(_ a: [Double]) -> Double { a.reduce(0) { $0 + $1 * $1 }.squareRoot() }
    if fullRank {
        // Gauss–Newton step p = −V (Uᵀf / s) = −V (suf / s²).
        combine { suf[$0] / (s[$0] * s[$0]) }
        if norm(p) <= delta { return 0 }
    }
    func phi(_ alpha: Double) -> (Double, Double) {
        var pn = 0.0, d = 0.0
        for k in 0..<n {
            let den = s[k] * s[k] + alpha
            pn += (suf[k] / den) * (suf[k] / den)
            d += suf[k] * suf[k] / (den * den * den)
        }
        pn = pn.squareRoot()
        return (pn - delta, -d / pn)
    }
    var alphaUpper = norm(suf) / delta
    var alphaLower = 0.0
    if fullRank {
        let (ph, dph) = phi(0)
        alphaLower = -ph / dph
    }
    var alpha = (initialAlpha == 0 && !fullRank) ? max(0.001 * alphaUpper, (alphaLower * alphaUpper).squareRoot())
        : initialAlpha
    for _ in 0..<10 {
        if alpha < alphaLower || alpha > alphaUpper {
            alpha = max(0.001 * alphaUpper, (alphaLower * alphaUpper).squareRoot())
        }
        let (ph, dph) = phi(alpha)
        if ph < 0 { alphaUpper = alpha }
        let ratio = ph / dph
        alphaLower = max(alphaLower, alpha - ratio)
        alpha -= (ph + delta) * ratio / delta
        if abs(ph) < 0.01 * delta { break }
    }
    combine { suf[$0] / (s[$0] * s[$0] + alpha) }
    let scale = delta / norm(p)
    for j in 0..<n { p[j] *= scale }
    return alpha
}

/// Singular values (descending) and right singular vectors of the m×n
/// column-major `a`, by one-sided Jacobi rotations (Hestenes), accurate
/// to working precision for the small, dense Jacobians used here.
func jacobiSVD(m: Int, n: Int, a: [Double], s: inout [Double], v: inout [Double]) {
    var w = a
    for k in 0..<(n * n) { v[k] = 0 }
    for j in 0..<n { v[j + j * n] = 1 }
    let tol = Double.ulpOfOne
    for _ in 0..<60 {
        var rotated = false
        for p in 0..<n {
            for q in (p + 1)..<max(p + 1, n) {
                var alpha = 0.0, beta = 0.0, gamma = 0.0
                for i in 0..<m {
                    let x = w[i + p * m], y = w[i + q * m]
                    alpha += x * x; beta += y * y; gamma += x * y
                }
                if gamma == 0 || abs(gamma) <= tol * (alpha * beta).squareRoot() { continue }
                rotated = true
                let zeta = (beta - alpha) / (2 * gamma)
                let t = (zeta >= 0 ? 1.0 : -1.0) / (abs(zeta) + (1 + zeta * zeta).squareRoot())
                let c = 1 / (1 + t * t).squareRoot(), sn = c * t
                for i in 0..<m {
                    let x = w[i + p * m], y = w[i + q * m]
                    w[i + p * m] = c * x - sn * y
                    w[i + q * m] = sn * x + c * y
                }
                for i in 0..<n {
                    let x = v[i + p * n], y = v[i + q * n]
                    v[i + p * n] = c * x - sn * y
                    v[i + q * n] = sn * x + c * y
                }
            }
        }
        if !rotated { break }
    }
    for j in 0..<n {
        var t = 0.0
        for i in 0..<m { t += w[i + j * m] * w[i + j * m] }
        s[j] = t.squareRoot()
    }
    // Sort descending, carrying V's columns.
    let order = (0..<n).sorted { s[$0] > s[$1] }
    let s0 = s, v0 = v
    for (k, j) in order.enumerated() {
        s[k] = s0[j]
        for i in 0..<n { v[i + k * n] = v0[i + j * n] }
    }
}
