// Nonlinear conjugate gradients, Polak–Ribière with restarts (PR+), as
// SciPy's `_minimize_cg`: the line search must also give a descent
// direction for the next step (Nocedal & Wright, Eq. 5.45), c2 = 0.4.

extension _Objective {
    mutating func conjugateGradient(x0: [Double], gtol: Double, maxiter: Int, c1: Double = 1e-4,
                                    c2: Double = 0.4) -> OptimizeResult {
        var x = x0
        var f = value(x)
        var g = gradient(x)
        var oldOldF = f + _norm2(g) / 2
        var k = 0
        var warnflag = 0
        var p = g.map { -$0 }
        var gnorm = _normInf(g)
        let sigma3 = 0.01
        while gnorm > gtol && k < maxiter {
            let delta = _dot(g, g)
            let (gk, pk) = (g, p)
            // The next direction from a candidate step: PR+ β, never negative.
            func next(_ g1: [Double]) -> (p: [Double], gnorm: Double) {
                var yg = 0.0
                for i in g1.indices { yg += (g1[i] - gk[i]) * g1[i] }
                let beta = Swift.max(0, yg / delta)
                var p1 = g1
                for i in p1.indices { p1[i] = -g1[i] + beta * pk[i] }
                return (p1, _normInf(g1))
            }
            var cached: (alpha: Double, p: [Double], gnorm: Double)?
            let descent: (Double, [Double], Double, [Double]) -> Bool = { alpha, _, _, g1 in
                let (p1, gn) = next(g1)
                cached = (alpha, p1, gn)
                if gn <= gtol { return true }
                return _dot(p1, g1) <= -sigma3 * _dot(g1, g1)
            }
            guard let step = wolfeLineSearch(x: x, p: p, g0: g, f0: f, oldF0: oldOldF, c1: c1, c2: c2,
                                             accept: descent) else {
                warnflag = 2
                break
            }
            oldOldF = step.f0
            f = step.f
            x = _axpy(x, step.alpha, pk)
            if let cached, cached.alpha == step.alpha {
                (p, gnorm) = (cached.p, cached.gnorm)
            } else {
                (p, gnorm) = next(step.g)
            }
            g = step.g
            k += 1
        }
        let message: String
        (warnflag, message) = _OptimizeMessage.gradientMethodEnd(warnflag, iterations: k, maxiter: maxiter,
                                                                  gnorm: gnorm, f: f, x: x)
        return OptimizeResult(x: x, fun: f, jac: g, nit: k, nfev: nfev, njev: ngev,
                              success: warnflag == 0, status: warnflag, message: message)
    }
}
