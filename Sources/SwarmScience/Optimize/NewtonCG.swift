// Truncated Newton (line-search Newton-CG, Nocedal & Wright Algorithm 7.1)
// as SciPy's `_minimize_newtoncg`: conjugate gradients on H·p = −g, stopped
// by the forcing term min(0.5, √‖g‖₁)·‖g‖₁ or by negative curvature, then a
// strong Wolfe line search along p.

extension _Objective {
    mutating func newtonCG(x0: [Double], hessian: inout _HessianSource, xtol avextol: Double, maxiter: Int?,
                           c1: Double = 1e-4, c2: Double = 0.9) -> OptimizeResult {
        let n = x0.count
        let maxiter = maxiter ?? 200 * n
        let cgMaxiter = 20 * n
        let xtol = Double(n) * avextol
        let epsilon = Double.ulpOfOne.squareRoot()
        var updateNorm = Double.greatestFiniteMagnitude
        var x = x0
        var k = 0
        var g = [Double](repeating: 0, count: n)
        var f = value(x)
        var oldOldF: Double?
        func finish(_ status: Int, _ message: String) -> OptimizeResult {
            OptimizeResult(x: x, fun: f, jac: g, nit: k, nfev: nfev, njev: ngev, nhev: hessian.evaluations,
                           success: status == 0, status: status, message: message)
        }
        while updateNorm > xtol {
            if k >= maxiter { return finish(1, "Warning: " + _OptimizeMessage.maxiter) }
            g = gradient(x)
            let b = g.map { -$0 }
            let magnitude = b.reduce(0) { $0 + Swift.abs($1) }
            let termcond = Swift.min(0.5, magnitude.squareRoot()) * magnitude
            var xsup = [Double](repeating: 0, count: n)
            var r = g
            var p = b
            var i = 0
            var rr = _dot(r, r)
            var converged = false
            for _ in 0..<cgMaxiter {
                if r.reduce(0, { $0 + Swift.abs($1) }) <= termcond {
                    converged = true
                    break
                }
                let Ap: [Double]
                if let product = hessian.times(x, p) {
                    Ap = product
                } else {
                    // (∇f(x + εp) − ∇f(x)) / ε, SciPy's approx_fhess_p.
                    // ∇f(x) first, as SciPy: it is still cached on the first product.
                    let g1 = gradient(x)
                    let g2 = gradient(_axpy(x, epsilon, p))
                    Ap = zip(g2, g1).map { ($0 - $1) / epsilon }
                }
                let curvature = _dot(p, Ap)
                if curvature >= 0 && curvature <= 3 * Double.ulpOfOne {
                    converged = true
                    break
                } else if curvature < 0 {
                    if i == 0 { xsup = b.map { rr / -curvature * $0 } }
                    converged = true
                    break
                }
                let alpha = rr / curvature
                for j in 0..<n {
                    xsup[j] += alpha * p[j]
                    r[j] += alpha * Ap[j]
                }
                let rrNext = _dot(r, r)
                let beta = rrNext / rr
                for j in 0..<n { p[j] = -r[j] + beta * p[j] }
                i += 1
                rr = rrNext
            }
            if !converged {
                return finish(3, "Warning: CG iterations didn't converge. The Hessian is not positive definite.")
            }
            guard let step = wolfeLineSearch(x: x, p: xsup, g0: g, f0: f, oldF0: oldOldF, c1: c1, c2: c2,
                                             amax: 50, amin: 1e-8, zoomAmax: .infinity) else {
                return finish(2, "Warning: " + _OptimizeMessage.precisionLoss)
            }
            oldOldF = step.f0
            f = step.f
            g = step.g
            x = _axpy(x, step.alpha, xsup)
            k += 1
            updateNorm = xsup.reduce(0) { $0 + Swift.abs(step.alpha * $1) }
        }
        if f.isNaN || updateNorm.isNaN { return finish(3, _OptimizeMessage.nan) }
        return finish(0, _OptimizeMessage.success)
    }
}
