// BFGS (Nocedal & Wright, Algorithm 6.1) as SciPy's `_minimize_bfgs` runs
// it: an inverse-Hessian approximation started at the identity, a strong
// Wolfe line search, and a stop when ‖g‖∞ ≤ gtol or the step is tiny.

extension _Objective {
    mutating func bfgs(x0: [Double], gtol: Double, maxiter: Int, xrtol: Double = 0, c1: Double = 1e-4,
                       c2: Double = 0.9) -> OptimizeResult {
        let n = x0.count
        var x = x0
        var f = value(x)
        var g = gradient(x)
        // H is the inverse-Hessian approximation, row-major.
        var H = [Double](repeating: 0, count: n * n)
        for i in 0..<n { H[i * n + i] = 1 }
        var oldOldF = f + _norm2(g) / 2  // makes the first step about 1 long
        var k = 0
        var warnflag = 0
        var gnorm = _normInf(g)
        var p = [Double](repeating: 0, count: n)
        var T = [Double](repeating: 0, count: n * n)
        while gnorm > gtol && k < maxiter {
            for i in 0..<n {
                var s = 0.0
                for j in 0..<n { s -= H[i * n + j] * g[j] }
                p[i] = s
            }
            guard let step = wolfeLineSearch(x: x, p: p, g0: g, f0: f, oldF0: oldOldF, c1: c1, c2: c2) else {
                warnflag = 2
                break
            }
            oldOldF = step.f0
            f = step.f
            var s = p
            for i in 0..<n { s[i] *= step.alpha }
            for i in 0..<n { x[i] += s[i] }
            var y = step.g
            for i in 0..<n { y[i] -= g[i] }
            g = step.g
            k += 1
            gnorm = _normInf(g)
            if gnorm <= gtol { break }
            if step.alpha * _norm2(p) <= xrtol * (xrtol + _norm2(x)) { break }
            if !f.isFinite {
                warnflag = 2
                break
            }
            let ys = _dot(y, s)
            let rho = ys == 0 ? 1000.0 : 1 / ys
            // H ← (I − ρ s yᵀ)(H (I − ρ y sᵀ)) + ρ s sᵀ, multiplied in
            // SciPy's order so that rounding, and so the path, is the same.
            for i in 0..<n {
                for j in 0..<n {
                    var t = 0.0
                    for k in 0..<n { t += H[i * n + k] * ((k == j ? 1 : 0) - rho * y[k] * s[j]) }
                    T[i * n + j] = t
                }
            }
            for i in 0..<n {
                for j in 0..<n {
                    var t = 0.0
                    for k in 0..<n { t += ((i == k ? 1 : 0) - rho * s[i] * y[k]) * T[k * n + j] }
                    H[i * n + j] = t + rho * s[i] * s[j]
                }
            }
        }
        let message: String
        (warnflag, message) = _OptimizeMessage.gradientMethodEnd(warnflag, iterations: k, maxiter: maxiter,
                                                                  gnorm: gnorm, f: f, x: x)
        return OptimizeResult(x: x, fun: f, jac: g, hessInv: H, nit: k, nfev: nfev, njev: ngev,
                              success: warnflag == 0, status: warnflag, message: message)
    }
}
