// The Newton conjugate-gradient trust-region method (trust-ncg; Nocedal &
// Wright Algorithm 7.2, Steihaug's CG) as SciPy's `_minimize_trust_region`:
// radius 1 at the start, at most 1000, steps accepted when the actual
// reduction is more than 0.15 of the predicted one.

extension _Objective {
    mutating func trustNCG(x0: [Double], hessian: inout _HessianSource, gtol: Double, maxiter: Int?,
                           initialRadius: Double = 1, maxRadius: Double = 1000, eta: Double = 0.15) -> OptimizeResult {
        let n = x0.count
        let maxiter = maxiter ?? 200 * n
        var radius = initialRadius
        var x = x0
        var f = value(x)
        var g = gradient(x)
        var k = 0
        var status = 0
        // The quadratic model at x: f + gᵀp + ½ pᵀH p.
        func model(_ p: [Double], _ hessian: inout _HessianSource) -> Double {
            f + _dot(g, p) + 0.5 * _dot(p, hessian.times(x, p) ?? p)
        }
        while _norm2(g) >= gtol {
            let (p, hitsBoundary) = steihaug(x: x, g: g, radius: radius, hessian: &hessian, model: model)
            let predicted = model(p, &hessian)
            let proposed = _axpy(x, 1, p)
            let fProposed = value(proposed)
            let actualReduction = f - fProposed
            let predictedReduction = f - predicted
            if predictedReduction <= 0 {
                status = 2
                break
            }
            let rho = actualReduction / predictedReduction
            if rho < 0.25 {
                radius *= 0.25
            } else if rho > 0.75 && hitsBoundary {
                radius = Swift.min(2 * radius, maxRadius)
            }
            if rho > eta {
                x = proposed
                f = fProposed
                g = gradient(x)
            }
            k += 1
            if _norm2(g) < gtol { break }
            if k >= maxiter {
                status = 1
                break
            }
        }
        let messages = [_OptimizeMessage.success, _OptimizeMessage.maxiter,
                        "A bad approximation caused failure to predict improvement.",
                        "A linalg error occurred, such as a non-psd Hessian."]
        return OptimizeResult(x: x, fun: f, jac: g, nit: k, nfev: nfev, njev: ngev, nhev: hessian.evaluations,
                              success: status == 0, status: status, message: messages[status])
    }

    /// Steihaug's truncated CG for min gᵀp + ½pᵀHp within ‖p‖ ≤ radius.
    private func steihaug(x: [Double], g: [Double], radius: Double, hessian: inout _HessianSource,
                          model: ([Double], inout _HessianSource) -> Double) -> (p: [Double], hitsBoundary: Bool) {
        let n = g.count
        let gMag = _norm2(g)
        let tolerance = Swift.min(0.5, gMag.squareRoot()) * gMag
        var z = [Double](repeating: 0, count: n)
        if gMag < tolerance { return (z, false) }
        var r = g
        var d = g.map { -$0 }
        while true {
            let Bd = hessian.times(x, d) ?? d
            let dBd = _dot(d, Bd)
            if dBd <= 0 {
                let (ta, tb) = Self.boundaryIntersections(z, d, radius)
                let pa = _axpy(z, ta, d), pb = _axpy(z, tb, d)
                return (model(pa, &hessian) < model(pb, &hessian) ? pa : pb, true)
            }
            let rr = _dot(r, r)
            let alpha = rr / dBd
            let zNext = _axpy(z, alpha, d)
            if _norm2(zNext) >= radius {
                let (_, tb) = Self.boundaryIntersections(z, d, radius)
                return (_axpy(z, tb, d), true)
            }
            let rNext = _axpy(r, alpha, Bd)
            let rrNext = _dot(rNext, rNext)
            if rrNext.squareRoot() < tolerance { return (zNext, false) }
            let beta = rrNext / rr
            for i in 0..<n { d[i] = -rNext[i] + beta * d[i] }
            z = zNext
            r = rNext
        }
    }

    /// The two t with ‖z + t·d‖ = radius, smaller first.
    static func boundaryIntersections(_ z: [Double], _ d: [Double], _ radius: Double) -> (Double, Double) {
        let a = _dot(d, d), b = 2 * _dot(z, d), c = _dot(z, z) - radius * radius
        let root = (b * b - 4 * a * c).squareRoot()
        let aux = b + Double(signOf: b, magnitudeOf: root)
        let ta = -aux / (2 * a), tb = -2 * c / aux
        return ta <= tb ? (ta, tb) : (tb, ta)
    }
}
