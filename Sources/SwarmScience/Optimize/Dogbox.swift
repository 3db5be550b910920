// SciPy's `dogbox` (Voglis and Lagaris's rectangular trust-region dogleg):
// the trust region is a box, intersected with the bounds; variables at a
// bound whose gradient points outward are held there, and the others take
// a dogleg step between the Cauchy point and the Gauss–Newton step
// (least-norm, by SVD) inside that box.

import Foundation

extension _TRF {
    /// Runs dogbox from x0 (f0 = f(x0)); `xScale` nil means SciPy's
    /// x_scale='jac', else the fixed scales.
    mutating func solveDogbox(_ x0: [Double], _ f0: [Double], xScale: [Double]?, ftol: Double, xtol: Double,
                              gtol: Double, maxNfev: Int) -> LeastSquaresResult {
        var x = x0, fTrue = f0, cost = loss.cost(f0)
        var nfev = 1, njev = 1
        var (f, J, g, scale, scaleInverse) = derivatives(at: x, f0, fixed: xScale, previous: nil)
        var delta = _normInf((0..<n).map { x0[$0] * scaleInverse[$0] })
        if delta == 0 { delta = 1 }
        // -1 / 0 / 1: at the lower bound, free, at the upper bound.
        var onBound = (0..<n).map { x0[$0] == lb[$0] ? -1 : x0[$0] == ub[$0] ? 1 : 0 }
        var status: Int?
        var gNorm = 0.0
        var gFull = g
        while true {
            // Variables at a bound with the gradient pushing outward stay put.
            let free = (0..<n).filter { Double(onBound[$0]) * g[$0] >= 0 }
            gFull = g
            for i in 0..<n where Double(onBound[i]) * g[i] < 0 { g[i] = 0 }
            gNorm = _normInf(g)
            if gNorm < gtol { status = 1 }
            if status != nil || nfev == maxNfev { break }
            let nf = free.count
            let xFree = free.map { x[$0] }, lbFree = free.map { lb[$0] }, ubFree = free.map { ub[$0] }
            let gFree = free.map { g[$0] }
            var jFree = [Double](repeating: 0, count: m * nf)
            for i in 0..<m { for (k, j) in free.enumerated() { jFree[i * nf + k] = J[i * n + j] } }
            let newton = _leastNormSolution(jFree, f.map { -$0 }, m: m, n: nf)
            // The model along the anti-gradient: a·t² + b·t.
            let (a, b, _) = _quadratic1D(jFree, gFree, gFree.map { -$0 }, s0: nil, diag: nil, m: m, n: nf)
            var actualReduction = -1.0
            var xNew = x, fNew = f, costNew = cost
            var boundFree = [Int](repeating: 0, count: nf)
            var step = [Double](repeating: 0, count: n)
            while actualReduction <= 0 && nfev < maxNfev {
                let trBounds = free.map { delta * scale[$0] }
                let (stepFree, hits, trHit) = _doglegStep(xFree, newton, gFree, a, b, trBounds, lbFree, ubFree)
                boundFree = hits
                step = [Double](repeating: 0, count: n)
                for (k, j) in free.enumerated() { step[j] = stepFree[k] }
                let predicted = -_quadratic(jFree, gFree, stepFree, diag: nil, m: m, n: nf)
                xNew = (0..<n).map { Swift.min(Swift.max(x[$0] + step[$0], lb[$0]), ub[$0]) }
                fNew = residuals(xNew)
                nfev += 1
                let stepHNorm = _normInf((0..<n).map { step[$0] * scaleInverse[$0] })
                if !fNew.allSatisfy(\.isFinite) {
                    delta = 0.25 * stepHNorm
                    continue
                }
                costNew = loss.cost(fNew)
                actualReduction = cost - costNew
                let (deltaNew, ratio) = _updateRadius(delta, actualReduction, predicted, stepHNorm, boundHit: trHit)
                delta = deltaNew
                status = _checkTermination(actualReduction, cost, _norm2(step), _norm2(x), ratio, ftol, xtol)
                if status != nil { break }
            }
            if actualReduction > 0 {
                for (k, j) in free.enumerated() { onBound[j] = boundFree[k] }
                x = xNew
                // Variables that reached a bound sit exactly on it.
                for i in 0..<n {
                    if onBound[i] == -1 { x[i] = lb[i] } else if onBound[i] == 1 { x[i] = ub[i] }
                }
                (fTrue, cost) = (fNew, costNew)
                njev += 1
                (f, J, g, scale, scaleInverse) = derivatives(at: x, fNew, fixed: xScale, previous: scaleInverse)
            }
        }
        let code = status ?? 0
        return LeastSquaresResult(x: x, cost: cost, fun: fTrue, jac: J, grad: gFull, optimality: gNorm,
                                  activeMask: onBound, nfev: nfev, njev: njev, status: code,
                                  message: LeastSquaresResult.messages[code]!)
    }
}

/// NumPy's `lstsq(a, b, rcond=-1)`: the least-norm least-squares solution
/// of the row-major m×n system, singular values below ε·s₀ dropped.
func _leastNormSolution(_ a: [Double], _ b: [Double], m: Int, n: Int) -> [Double] {
    if n == 0 { return [] }
    let svd = _SmallSVD(rowMajor: a, m: m, n: n)
    let ub = svd.uTransposeTimes(b)
    let cutoff = Double.ulpOfOne * (svd.s.first ?? 0)
    return svd.vTimes((0..<svd.k).map { svd.s[$0] > cutoff ? ub[$0] / svd.s[$0] : 0 })
}

/// SciPy's `dogleg_step` in a box: the Gauss–Newton step if it fits the
/// box (the bounds intersected with ±trBounds around x); else the best
/// point on the segment from the (box-limited) Cauchy point towards it.
/// Returns the step, which bounds it hit (±1), and whether it hit the
/// trust region's own walls.
func _doglegStep(_ x: [Double], _ newton: [Double], _ g: [Double], _ a: Double, _ b: Double, _ trBounds: [Double],
                 _ lb: [Double], _ ub: [Double]) -> ([Double], [Int], Bool) {
    let n = x.count
    // SciPy's `find_intersection`.
    let lbCentered = (0..<n).map { lb[$0] - x[$0] }, ubCentered = (0..<n).map { ub[$0] - x[$0] }
    let lbTotal = (0..<n).map { Swift.max(lbCentered[$0], -trBounds[$0]) }
    let ubTotal = (0..<n).map { Swift.min(ubCentered[$0], trBounds[$0]) }
    var hitsOut = [Int](repeating: 0, count: n)
    if (0..<n).allSatisfy({ newton[$0] >= lbTotal[$0] && newton[$0] <= ubTotal[$0] }) {
        return (newton, hitsOut, false)
    }
    let zero = [Double](repeating: 0, count: n)
    let toBounds = _stepToBound(zero, g.map { -$0 }, lbTotal, ubTotal).0
    let t = _minimizeQuadratic1D(a, b, 0, toBounds, c: 0).0
    let cauchy = g.map { -t * $0 }
    let difference = (0..<n).map { newton[$0] - cauchy[$0] }
    let (stride, hits) = _stepToBound(cauchy, difference, lbTotal, ubTotal)
    var trHit = false
    for i in 0..<n {
        if hits[i] < 0 && lbTotal[i] == lbCentered[i] { hitsOut[i] = -1 }
        if hits[i] > 0 && ubTotal[i] == ubCentered[i] { hitsOut[i] = 1 }
        if (hits[i] < 0 && lbTotal[i] == -trBounds[i]) || (hits[i] > 0 && ubTotal[i] == trBounds[i]) { trHit = true }
    }
    return ((0..<n).map { cauchy[$0] + stride * difference[$0] }, hitsOut, trHit)
}
