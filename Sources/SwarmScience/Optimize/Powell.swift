import RealModule

// Powell's conjugate-direction method as SciPy's `_minimize_powell`: line
// minimisations along each direction in turn (Brent's method, or the
// bounded one inside a box), then the extrapolated direction replaces the
// one of largest decrease when Powell's test says it helps.

/// Raised when Powell's evaluation budget is spent.
private struct _PowellBudget: Error {}

func _powell(_ function: ([Double]) -> Double, x0: [Double], bounds: (lower: [Double], upper: [Double])?,
             xtol: Double, ftol: Double, maxiter: Int?, maxfev: Int?) -> OptimizeResult {
    let n = x0.count
    var maxiter = maxiter ?? Int.max, maxfun = maxfev ?? Int.max
    if maxiter == .max && maxfun == .max {
        maxiter = 1000 * n
        maxfun = 1000 * n
    }
    var fcalls = 0
    func f(_ x: [Double]) throws -> Double {
        if fcalls >= maxfun { throw _PowellBudget() }
        fcalls += 1
        return function(x)
    }
    var x = x0
    if let bounds { for i in 0..<n { x[i] = Swift.min(Swift.max(x[i], bounds.lower[i]), bounds.upper[i]) } }
    var direc = (0..<n).map { i in (0..<n).map { $0 == i ? 1.0 : 0.0 } }
    var fval = (try? f(x)) ?? .nan
    var x1 = x
    var iterations = 0
    // One line minimisation from x along d; returns (f, x + αd, αd).
    func lineSearch(_ x: [Double], _ d: [Double], _ fval: Double) throws -> (Double, [Double], [Double]) {
        guard d.contains(where: { $0 != 0 }) else { return (fval, x, d) }
        var budgetSpent = false
        func phi(_ alpha: Double) -> Double {
            do { return try f(_axpy(x, alpha, d)) } catch {
                budgetSpent = true
                return .nan
            }
        }
        var alpha: Double, fret: Double
        let interval = bounds.map { _lineForSearch(x, d, $0.lower, $0.upper) }
        if let (lo, hi) = interval, lo.isFinite || hi.isFinite {
            if lo.isFinite && hi.isFinite {
                (alpha, fret) = _boundedBrent(phi, lo, hi, xatol: xtol)
            } else {
                // A half-infinite line: search α = tan(θ) over (atan lo, atan hi).
                let (theta, ft) = _boundedBrent({ phi(_tan($0)) }, _atan(lo), _atan(hi), xatol: xtol)
                (alpha, fret) = (_tan(theta), ft)
            }
        } else {
            (alpha, fret) = _bracketedBrent(phi, tol: xtol * 100)
        }
        if budgetSpent { throw _PowellBudget() }
        let step = d.map { alpha * $0 }
        return (fret, _axpy(x, 1, step), step)
    }
    do {
        while true {
            let fx = fval
            var bigind = 0
            var delta = 0.0
            for i in 0..<n {
                let fx2 = fval
                (fval, x, _) = try lineSearch(x, direc[i], fval)
                if fx2 - fval > delta {
                    delta = fx2 - fval
                    bigind = i
                }
            }
            iterations += 1
            if 2 * (fx - fval) <= ftol * (Swift.abs(fx) + Swift.abs(fval)) + 1e-20 { break }
            if fcalls >= maxfun || iterations >= maxiter { break }
            if fx.isNaN && fval.isNaN { break }
            var d1 = x
            for i in 0..<n { d1[i] -= x1[i] }
            x1 = x
            let lmax = bounds.map { _lineForSearch(x, d1, $0.lower, $0.upper).1 } ?? 1
            let x2 = _axpy(x, Swift.min(lmax, 1), d1)
            let fx2 = try f(x2)
            if fx > fx2 {
                var t = 2 * (fx + fx2 - 2 * fval)
                let temp = fx - fval - delta
                t *= temp * temp
                let temp2 = fx - fx2
                t -= delta * temp2 * temp2
                if t < 0 {
                    (fval, x, d1) = try lineSearch(x, d1, fval)
                    if d1.contains(where: { $0 != 0 }) {
                        direc[bigind] = direc[n - 1]
                        direc[n - 1] = d1
                    }
                }
            }
        }
    } catch {}
    let status: Int, message: String
    if let bounds, (0..<n).contains(where: { x[$0] < bounds.lower[$0] || x[$0] > bounds.upper[$0] }) {
        (status, message) = (4, "The result is outside of the provided bounds.")
    } else if fcalls >= maxfun {
        (status, message) = (1, _OptimizeMessage.maxfev)
    } else if iterations >= maxiter {
        (status, message) = (2, _OptimizeMessage.maxiter)
    } else if fval.isNaN || x.contains(where: \.isNaN) {
        (status, message) = (3, _OptimizeMessage.nan)
    } else {
        (status, message) = (0, _OptimizeMessage.success)
    }
    return OptimizeResult(x: x, fun: fval, nit: iterations, nfev: fcalls, success: status == 0, status: status,
                          message: message)
}

@inline(__always) private func _tan(_ x: Double) -> Double { Double.tan(x) }
@inline(__always) private func _atan(_ x: Double) -> Double { Double.atan(x) }

/// The range of α for which x + α·d stays in the box (SciPy's
/// `_line_for_search`); (0, 0) when it is empty.
func _lineForSearch(_ x: [Double], _ d: [Double], _ lower: [Double], _ upper: [Double]) -> (Double, Double) {
    var lmin = -Double.infinity, lmax = Double.infinity
    for i in x.indices where d[i] != 0 {
        let low = (lower[i] - x[i]) / d[i], high = (upper[i] - x[i]) / d[i]
        if d[i] > 0 {
            lmin = Swift.max(lmin, low)
            lmax = Swift.min(lmax, high)
        } else {
            lmin = Swift.max(lmin, high)
            lmax = Swift.min(lmax, low)
        }
    }
    return lmax >= lmin ? (lmin, lmax) : (0, 0)
}
