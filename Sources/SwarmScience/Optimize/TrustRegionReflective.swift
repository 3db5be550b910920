// SciPy's `trf` (no bounds) and `trf_bounds`, with the exact subproblem
// solver `solve_lsq_trust_region` and the step selection of `select_step`.

import Foundation

/// One least-squares problem as TRF sees it.
struct _TRF {
    let residuals: ([Double]) -> [Double]
    let jacobian: (([Double]) -> [Double])?
    let lb: [Double], ub: [Double]
    let bounded: Bool
    let loss: _Loss
    let m: Int, n: Int

    /// The Jacobian at x (f0 = f(x)): given, or SciPy's '2-point'
    /// differences with steps turned or shortened at the bounds.
    func jac(_ x: [Double], _ f0: [Double]) -> [Double] {
        if let jacobian {
            let j = jacobian(x)
            precondition(j.count == m * n, "leastSquares: the Jacobian has \(j.count) entries, expected \(m)×\(n)")
            return j
        }
        var out = [Double](repeating: 0, count: m * n)
        var probe = x
        for j in 0..<n {
            let h = bounded ? _differenceStep(x[j], lower: lb[j], upper: ub[j]) : _differenceStep(x[j])
            probe[j] = x[j] + h
            let dx = probe[j] - x[j]
            let f1 = residuals(probe)
            for i in 0..<m { out[i * n + j] = (f1[i] - f0[i]) / dx }
            probe[j] = x[j]
        }
        return out
    }

    /// Jᵀf.
    func grad(_ jac: [Double], _ f: [Double]) -> [Double] {
        var g = [Double](repeating: 0, count: n)
        for i in 0..<m { for j in 0..<n { g[j] += jac[i * n + j] * f[i] } }
        return g
    }

    /// SciPy's `CL_scaling_vector`: Coleman–Li's v (distance to the bound
    /// the gradient points at) and its derivative sign dv.
    func scalingVector(_ x: [Double], _ g: [Double]) -> ([Double], [Double]) {
        var v = [Double](repeating: 1, count: n), dv = [Double](repeating: 0, count: n)
        for i in 0..<n {
            if g[i] < 0 && ub[i].isFinite { v[i] = ub[i] - x[i]; dv[i] = -1 }
            if g[i] > 0 && lb[i].isFinite { v[i] = x[i] - lb[i]; dv[i] = 1 }
        }
        return (v, dv)
    }

    /// SciPy's `compute_jac_scale`: 1/‖column‖ and ‖column‖ of J (a zero
    /// column counts as 1 the first time; later the norms never shrink).
    func jacobianScale(_ J: [Double], previous: [Double]?) -> (scale: [Double], inverse: [Double]) {
        var norms = [Double](repeating: 0, count: n)
        for i in 0..<m { for j in 0..<n { norms[j] += J[i * n + j] * J[i * n + j] } }
        for j in 0..<n {
            norms[j] = norms[j].squareRoot()
            if let previous { norms[j] = Swift.max(norms[j], previous[j]) } else if norms[j] == 0 { norms[j] = 1 }
        }
        return (norms.map { 1 / $0 }, norms)
    }

    /// What the solvers need at a new point x (fTrue = f(x)): the residuals
    /// and Jacobian scaled for the loss, the gradient, and the variables'
    /// scales: `fixed` when given, else SciPy's 'jac' scales from this
    /// Jacobian, never below `previous` (the last ones).
    func derivatives(at x: [Double], _ fTrue: [Double], fixed: [Double]?, previous: [Double]?)
        -> (f: [Double], J: [Double], g: [Double], scale: [Double], scaleInverse: [Double]) {
        var f = fTrue
        var J = jac(x, f)
        loss.scale(&J, &f, n: n)
        let (scale, inverse) = fixed.map { ($0, $0.map { 1 / $0 }) } ?? jacobianScale(J, previous: previous)
        return (f, J, grad(J, f), scale, inverse)
    }

    /// Runs TRF from x0 (f0 = f(x0)); `xScale` nil means SciPy's
    /// x_scale='jac', else the fixed scales.
    mutating func solve(_ x0: [Double], _ f0: [Double], xScale: [Double]?, ftol: Double, xtol: Double, gtol: Double,
                        maxNfev: Int) -> LeastSquaresResult {
        var x = x0, fTrue = f0, cost = loss.cost(f0)
        var nfev = 1, njev = 1
        var (f, J, g, scale, scaleInverse) = derivatives(at: x, f0, fixed: xScale, previous: nil)
        var delta: Double
        if bounded {
            var (v, dv) = scalingVector(x, g)
            for i in 0..<n where dv[i] != 0 { v[i] *= scaleInverse[i] }
            delta = _norm2((0..<n).map { x0[$0] * scaleInverse[$0] / v[$0].squareRoot() })
        } else {
            delta = _norm2((0..<n).map { x0[$0] * scaleInverse[$0] })
        }
        if delta == 0 { delta = 1 }
        var alpha = 0.0
        var status: Int?
        var gNorm = 0.0
        let mAug = bounded ? m + n : m
        while true {
            // The variables are scaled by x_scale first, then Coleman–Li's v
            // is taken in the scaled variables (its 1s unaffected).
            var d = scale
            var diag = [Double](repeating: 0, count: n)
            if bounded {
                var (v, dv) = scalingVector(x, g)
                gNorm = _normInf((0..<n).map { g[$0] * v[$0] })
                for i in 0..<n {
                    if dv[i] != 0 { v[i] *= scaleInverse[i] }
                    d[i] = v[i].squareRoot() * scale[i]
                    diag[i] = g[i] * dv[i] * scale[i]
                }
            } else {
                gNorm = _normInf(g)
            }
            if gNorm < gtol { status = 1 }
            if status != nil || nfev == maxNfev { break }
            let gh = (0..<n).map { d[$0] * g[$0] }
            // J·D, with √diag below it when there are bounds.
            var jh = [Double](repeating: 0, count: mAug * n)
            for i in 0..<m { for j in 0..<n { jh[i * n + j] = J[i * n + j] * d[j] } }
            if bounded { for j in 0..<n { jh[(m + j) * n + j] = diag[j].squareRoot() } }
            let svd = _SmallSVD(rowMajor: jh, m: mAug, n: n)
            var fAug = f
            if bounded { fAug += [Double](repeating: 0, count: n) }
            let uf = svd.uTransposeTimes(fAug)
            let theta = Swift.max(0.995, 1 - gNorm)
            var actualReduction = -1.0
            var xNew = x, fNew = f, costNew = cost
            while actualReduction <= 0 && nfev < maxNfev {
                let (ph, newAlpha) = _solveTrustRegion(n: n, m: m, uf: uf, svd: svd, delta: delta, initialAlpha: alpha)
                alpha = newAlpha
                var step: [Double], stepH: [Double], predicted: Double
                if bounded {
                    (step, stepH, predicted) = selectStep(x, jh, diag, gh, (0..<n).map { d[$0] * ph[$0] }, ph, d,
                                                         delta, theta)
                    xNew = _makeStrictlyFeasible(_axpy(x, 1, step), lb, ub, rstep: 0)
                } else {
                    predicted = -_quadratic(jh, gh, ph, diag: nil, m: m, n: n)
                    step = (0..<n).map { d[$0] * ph[$0] }
                    stepH = ph
                    xNew = _axpy(x, 1, step)
                }
                fNew = residuals(xNew)
                nfev += 1
                let stepHNorm = _norm2(stepH)
                if !fNew.allSatisfy(\.isFinite) {
                    delta = 0.25 * stepHNorm
                    continue
                }
                costNew = loss.cost(fNew)
                actualReduction = cost - costNew
                let (deltaNew, ratio) = _updateRadius(delta, actualReduction, predicted, stepHNorm,
                                                      boundHit: stepHNorm > 0.95 * delta)
                status = _checkTermination(actualReduction, cost, _norm2(step), _norm2(x), ratio, ftol, xtol)
                if status != nil { break }
                alpha *= delta / deltaNew
                delta = deltaNew
            }
            if actualReduction > 0 {
                (x, fTrue, cost) = (xNew, fNew, costNew)
                njev += 1
                (f, J, g, scale, scaleInverse) = derivatives(at: x, fNew, fixed: xScale, previous: scaleInverse)
            }
        }
        let active: [Int] = bounded ? _activeConstraints(x, lb, ub, rtol: xtol) : [Int](repeating: 0, count: n)
        let code = status ?? 0
        return LeastSquaresResult(x: x, cost: cost, fun: fTrue, jac: J, grad: g, optimality: gNorm, activeMask: active,
                                  nfev: nfev, njev: njev, status: code, message: LeastSquaresResult.messages[code]!)
    }

    /// SciPy's `select_step`: the trust-region step cut back at the bound
    /// (×θ), its reflection off the bound, or the scaled anti-gradient,
    /// whichever lowers the model most; (step, scaled step, predicted decrease).
    func selectStep(_ x: [Double], _ jh: [Double], _ diag: [Double], _ gh: [Double], _ p0: [Double], _ ph0: [Double],
                    _ d: [Double], _ delta: Double, _ theta: Double) -> ([Double], [Double], Double) {
        let mq = m
        func q(_ s: [Double]) -> Double { _quadratic(jh, gh, s, diag: diag, m: mq, n: n) }
        var p = p0, ph = ph0
        let xp = _axpy(x, 1, p)
        if (0..<n).allSatisfy({ xp[$0] >= lb[$0] && xp[$0] <= ub[$0] }) { return (p, ph, -q(ph)) }
        let (pStride, hits) = _stepToBound(x, p, lb, ub)
        var rh = ph
        for i in 0..<n where hits[i] != 0 { rh[i] = -rh[i] }
        var r = (0..<n).map { d[$0] * rh[$0] }
        for i in 0..<n { p[i] *= pStride; ph[i] *= pStride }
        let onBound = _axpy(x, 1, p)
        let toTR = _intersectTrustRegion(ph, rh, delta).1
        let toBound = _stepToBound(onBound, r, lb, ub).0
        var rStride = Swift.min(toBound, toTR)
        var rLower = 0.0, rUpper = -1.0
        if rStride > 0 {
            rLower = (1 - theta) * pStride / rStride
            rUpper = rStride == toBound ? theta * toBound : toTR
        }
        var rValue = Double.infinity
        if rLower <= rUpper {
            let (a, b, c) = _quadratic1D(jh, gh, rh, s0: ph, diag: diag, m: m, n: n)
            (rStride, rValue) = _minimizeQuadratic1D(a, b, rLower, rUpper, c: c)
            for i in 0..<n { rh[i] = rh[i] * rStride + ph[i] }
            r = (0..<n).map { rh[$0] * d[$0] }
        }
        for i in 0..<n { p[i] *= theta; ph[i] *= theta }
        let pValue = q(ph)
        var agh = gh.map { -$0 }
        var ag = (0..<n).map { d[$0] * agh[$0] }
        let agToTR = delta / _norm2(agh)
        let agToBound = _stepToBound(x, ag, lb, ub).0
        let agLimit = agToBound < agToTR ? theta * agToBound : agToTR
        let (a, b, _) = _quadratic1D(jh, gh, agh, s0: nil, diag: diag, m: m, n: n)
        let (agStride, agValue) = _minimizeQuadratic1D(a, b, 0, agLimit, c: 0)
        for i in 0..<n { agh[i] *= agStride; ag[i] *= agStride }
        if pValue < rValue && pValue < agValue { return (p, ph, -pValue) }
        if rValue < pValue && rValue < agValue { return (r, rh, -rValue) }
        return (ag, agh, -agValue)
    }
}

/// SciPy's `solve_lsq_trust_region`: the minimiser of ‖Jp + f‖ within
/// ‖p‖ ≤ Δ from the SVD of J, by Moré's Newton iteration on the
/// Levenberg–Marquardt parameter α (10 iterations, 1% radius accuracy).
func _solveTrustRegion(n: Int, m: Int, uf: [Double], svd: _SmallSVD, delta: Double,
                       initialAlpha: Double?) -> ([Double], Double) {
    let s = svd.s, k = s.count
    let suf = (0..<k).map { s[$0] * uf[$0] }
    func phi(_ alpha: Double) -> (Double, Double) {
        var pn = 0.0, der = 0.0
        for i in 0..<k {
            let den = s[i] * s[i] + alpha
            pn += (suf[i] / den) * (suf[i] / den)
            der += suf[i] * suf[i] / (den * den * den)
        }
        pn = pn.squareRoot()
        return (pn - delta, -der / pn)
    }
    let fullRank = m >= n && s[k - 1] > Double.ulpOfOne * Double(m) * s[0]
    if fullRank {
        let p = svd.vTimes((0..<k).map { -uf[$0] / s[$0] })
        if _norm2(p) <= delta { return (p, 0) }
    }
    var alphaUpper = _norm2(suf) / delta
    var alphaLower = 0.0
    if fullRank {
        let (ph, dph) = phi(0)
        alphaLower = -ph / dph
    }
    var alpha: Double
    if initialAlpha == nil || (!fullRank && initialAlpha == 0) {
        alpha = Swift.max(0.001 * alphaUpper, (alphaLower * alphaUpper).squareRoot())
    } else {
        alpha = initialAlpha!
    }
    for _ in 0..<10 {
        if alpha < alphaLower || alpha > alphaUpper {
            alpha = Swift.max(0.001 * alphaUpper, (alphaLower * alphaUpper).squareRoot())
        }
        let (ph, dph) = phi(alpha)
        if ph < 0 { alphaUpper = alpha }
        let ratio = ph / dph
        alphaLower = Swift.max(alphaLower, alpha - ratio)
        alpha -= (ph + delta) * ratio / delta
        if Swift.abs(ph) < 0.01 * delta { break }
    }
    var p = svd.vTimes((0..<k).map { -suf[$0] / (s[$0] * s[$0] + alpha) })
    let scale = delta / _norm2(p)
    for i in p.indices { p[i] *= scale }
    return (p, alpha)
}

/// ½‖J s‖² + ½ sᵀdiag s + gᵀs.
func _quadratic(_ jac: [Double], _ g: [Double], _ s: [Double], diag: [Double]?, m: Int, n: Int) -> Double {
    var q = 0.0
    for i in 0..<m {
        var t = 0.0
        for j in 0..<n { t += jac[i * n + j] * s[j] }
        q += t * t
    }
    if let diag { for j in 0..<n { q += s[j] * diag[j] * s[j] } }
    return 0.5 * q + _dot(s, g)
}

/// SciPy's `build_quadratic_1d`: the model along s0 + t·s as a·t² + b·t + c.
func _quadratic1D(_ jac: [Double], _ g: [Double], _ s: [Double], s0: [Double]?, diag: [Double]?,
                  m: Int, n: Int) -> (Double, Double, Double) {
    var a = 0.0, b = _dot(g, s), c = 0.0
    var uv = 0.0, uu = 0.0
    for i in 0..<m {
        var v = 0.0, u = 0.0
        for j in 0..<n {
            v += jac[i * n + j] * s[j]
            if let s0 { u += jac[i * n + j] * s0[j] }
        }
        a += v * v
        uv += u * v
        uu += u * u
    }
    if let diag { for j in 0..<n { a += s[j] * diag[j] * s[j] } }
    a *= 0.5
    if let s0 {
        b += uv
        c = 0.5 * uu + _dot(g, s0)
        if let diag {
            for j in 0..<n {
                b += s0[j] * diag[j] * s[j]
                c += 0.5 * s0[j] * diag[j] * s0[j]
            }
        }
    }
    return (a, b, c)
}

/// SciPy's `minimize_quadratic_1d` on [lower, upper]: (t, value).
func _minimizeQuadratic1D(_ a: Double, _ b: Double, _ lower: Double, _ upper: Double, c: Double) -> (Double, Double) {
    var ts = [lower, upper]
    if a != 0 {
        let extremum = -0.5 * b / a
        if lower < extremum && extremum < upper { ts.append(extremum) }
    }
    var best = (ts[0], ts[0] * (a * ts[0] + b) + c)
    for t in ts.dropFirst() {
        let y = t * (a * t + b) + c
        if y < best.1 { best = (t, y) }
    }
    return best
}

/// SciPy's `step_size_to_bound`: how far along s until x hits a bound, and
/// which components hit (±1 by direction).
func _stepToBound(_ x: [Double], _ s: [Double], _ lb: [Double], _ ub: [Double]) -> (Double, [Int]) {
    var steps = [Double](repeating: .infinity, count: x.count)
    for i in x.indices where s[i] != 0 {
        steps[i] = Swift.max((lb[i] - x[i]) / s[i], (ub[i] - x[i]) / s[i])
    }
    let minStep = steps.min() ?? .infinity
    return (minStep, x.indices.map { steps[$0] == minStep ? (s[$0] > 0 ? 1 : s[$0] < 0 ? -1 : 0) : 0 })
}

/// SciPy's `intersect_trust_region`: the t of ‖x + t·s‖ = Δ, (smaller, larger).
func _intersectTrustRegion(_ x: [Double], _ s: [Double], _ delta: Double) -> (Double, Double) {
    let a = _dot(s, s), b = _dot(x, s), c = _dot(x, x) - delta * delta
    let d = (b * b - a * c).squareRoot()
    let q = -(b + (b >= 0 ? d : -d))
    let t1 = q / a, t2 = c / q
    return t1 < t2 ? (t1, t2) : (t2, t1)
}

/// SciPy's `update_tr_radius`: (new Δ, ratio of actual to predicted decrease).
func _updateRadius(_ delta: Double, _ actual: Double, _ predicted: Double, _ stepNorm: Double,
                   boundHit: Bool) -> (Double, Double) {
    let ratio = predicted > 0 ? actual / predicted : (predicted == actual && actual == 0 ? 1 : 0)
    if ratio < 0.25 { return (0.25 * stepNorm, ratio) }
    if ratio > 0.75 && boundHit { return (delta * 2, ratio) }
    return (delta, ratio)
}

/// SciPy's `check_termination`: 2 ftol, 3 xtol, 4 both, nil neither.
func _checkTermination(_ dF: Double, _ F: Double, _ dxNorm: Double, _ xNorm: Double, _ ratio: Double,
                       _ ftol: Double, _ xtol: Double) -> Int? {
    let fOK = dF < ftol * F && ratio > 0.25
    let xOK = dxNorm < xtol * (xtol + xNorm)
    return fOK && xOK ? 4 : fOK ? 2 : xOK ? 3 : nil
}

/// SciPy's `find_active_constraints`.
func _activeConstraints(_ x: [Double], _ lb: [Double], _ ub: [Double], rtol: Double) -> [Int] {
    x.indices.map { i in
        if rtol == 0 { return x[i] <= lb[i] ? -1 : x[i] >= ub[i] ? 1 : 0 }
        let lowerDistance = x[i] - lb[i], upperDistance = ub[i] - x[i]
        if lb[i].isFinite && lowerDistance <= Swift.min(upperDistance, rtol * Swift.max(1, Swift.abs(lb[i]))) { return -1 }
        if ub[i].isFinite && upperDistance <= Swift.min(lowerDistance, rtol * Swift.max(1, Swift.abs(ub[i]))) { return 1 }
        return 0
    }
}

/// SciPy's `make_strictly_feasible`: points on a bound moved just inside.
func _makeStrictlyFeasible(_ x: [Double], _ lb: [Double], _ ub: [Double], rstep: Double) -> [Double] {
    let active = _activeConstraints(x, lb, ub, rtol: rstep)
    return x.indices.map { i in
        var v = x[i]
        if active[i] == -1 { v = rstep == 0 ? lb[i].nextUp : lb[i] + rstep * Swift.max(1, Swift.abs(lb[i])) }
        if active[i] == 1 { v = rstep == 0 ? ub[i].nextDown : ub[i] - rstep * Swift.max(1, Swift.abs(ub[i])) }
        if v < lb[i] || v > ub[i] { v = 0.5 * (lb[i] + ub[i]) }
        return v
    }
}
