// `scipy.optimize.minimize_scalar`: Brent's method and golden-section
// search on a downhill bracket (found by SciPy's `bracket` when not given),
// and the bounded method (`fminbound`). Step for step as SciPy, so `nit`
// and `nfev` agree.

/// How ``minimizeScalar(_:method:tol:maxiter:)`` searches.
public enum ScalarMinimizeMethod: Sendable, Hashable {
    /// Brent's parabolic interpolation with golden-section safeguards.
    /// `bracket` is nil (search downhill from (0, 1)), two starting points
    /// for the search, or three points `a < b < c` with `f(b)` below both.
    case brent(bracket: [Double]? = nil)
    /// Golden-section search, with `bracket` as for ``brent(bracket:)``.
    case golden(bracket: [Double]? = nil)
    /// Brent's method confined to `[lower, upper]` (SciPy's `fminbound`).
    case bounded(lower: Double, upper: Double)
}

/// A local minimum of the scalar function `f` (SciPy's
/// `scipy.optimize.minimize_scalar`).
///
/// The result's `x` holds one element, the minimiser; `nit` and `nfev` are
/// counted as SciPy counts them (the bracket search's calls included).
///
/// ```swift
/// let r = try minimizeScalar({ ($0 - 2) * ($0 - 2) }, method: .bounded(lower: 0, upper: 5))
/// // r.x[0] ≈ 2
/// ```
///
/// - Parameters:
///   - f: The objective; called on the calling thread, in order.
///   - method: The method and its bracket or bounds.
///   - tol: SciPy's `tol`: `xtol` for Brent (default 1.48e-8) and golden
///     (default √ε), `xatol` for bounded (default 1e-5).
///   - maxiter: Iteration limit (default 500 for Brent and bounded — for
///     bounded it limits evaluations, as SciPy — and 5000 for golden).
/// - Returns: The minimiser; `success == false` when `maxiter` ran out or a
///   NaN appeared.
/// - Throws: ``OptimizeError/invalidBounds(_:)`` for an invalid bracket or
///   bounds, or when the bracket search fails;
///   ``OptimizeError/invalidOption(_:)`` for a negative tolerance.
public func minimizeScalar(_ f: (Double) -> Double, method: ScalarMinimizeMethod = .brent(),
                           tol: Double? = nil, maxiter: Int? = nil) throws(OptimizeError) -> OptimizeResult {
    switch method {
    case .brent(let bracket):
        let tol = tol ?? 1.48e-8
        guard tol >= 0 else { throw .invalidOption("tolerance should be >= 0, got \(tol)") }
        return try brentMinimize(f, bracket: bracket, tol: tol, maxiter: maxiter ?? 500)
    case .golden(let bracket):
        return try goldenMinimize(f, bracket: bracket, tol: tol ?? Double.ulpOfOne.squareRoot(),
                                  maxiter: maxiter ?? 5000)
    case let .bounded(lower, upper):
        guard lower.isFinite && upper.isFinite else {
            throw .invalidBounds("Optimization bounds must be finite scalars.")
        }
        guard lower <= upper else { throw .invalidBounds("The lower bound exceeds the upper bound.") }
        return _boundedMinimize(f, lower, upper, xatol: tol ?? 1e-5, maxfun: maxiter ?? 500)
    }
}

/// A downhill bracket `(xa, xb, xc)` with `f(xb)` below both ends.
struct ScalarBracket {
    var xa: Double, xb: Double, xc: Double
    var fa: Double, fb: Double, fc: Double
    var calls: Int
}

/// The bracket a method starts from: searched from the given (or default)
/// pair, or the three given points checked.
private func startingBracket(_ f: (Double) -> Double, _ given: [Double]?) throws(OptimizeError) -> ScalarBracket {
    guard let given else { return try searchBracket(f, 0, 1) }
    switch given.count {
    case 2:
        return try searchBracket(f, given[0], given[1])
    case 3:
        var xa = given[0], xc = given[2]
        let xb = given[1]
        if xa > xc { swap(&xa, &xc) }
        guard xa < xb && xb < xc else {
            throw .invalidBounds("Bracketing values (xa, xb, xc) do not fulfill this requirement: "
                                 + "(xa < xb) and (xb < xc)")
        }
        let fa = f(xa), fb = f(xb), fc = f(xc)
        guard fb < fa && fb < fc else {
            throw .invalidBounds("Bracketing values (xa, xb, xc) do not fulfill this requirement: "
                                 + "(f(xb) < f(xa)) and (f(xb) < f(xc))")
        }
        return ScalarBracket(xa: xa, xb: xb, xc: xc, fa: fa, fb: fb, fc: fc, calls: 3)
    default:
        throw .invalidBounds("Bracketing interval must be length 2 or 3 sequence.")
    }
}

/// SciPy's `bracket`: walk downhill from `(xa, xb)` by golden-ratio steps,
/// with parabolic extrapolation limited to `grow_limit` = 110 times the
/// last step, until the function rises again.
func searchBracket(_ f: (Double) -> Double, _ xa0: Double, _ xb0: Double,
                   growLimit: Double = 110, maxiter: Int = 1000) throws(OptimizeError) -> ScalarBracket {
    let (bracket, valid, exhausted) = _walkDownhill(f, xa0, xb0, growLimit: growLimit, maxiter: maxiter)
    if exhausted {
        throw .invalidBounds("No valid bracket was found before the iteration limit was reached. "
                             + "Consider trying different initial points or increasing `maxiter`.")
    }
    guard valid else {
        throw .invalidBounds("The algorithm terminated without finding a valid bracket. "
                             + "Consider trying different initial points.")
    }
    return bracket
}

/// The walk of ``searchBracket(_:_:_:growLimit:maxiter:)``, returning where it
/// stopped even when that is not a valid bracket (Powell's line search then
/// takes the best of the three points, as SciPy's `_recover_from_bracket_error`).
func _walkDownhill(_ f: (Double) -> Double, _ xa0: Double, _ xb0: Double, growLimit: Double = 110,
                   maxiter: Int = 1000) -> (bracket: ScalarBracket, valid: Bool, exhausted: Bool) {
    let gold = 1.618034, verySmall = 1e-21
    var xa = xa0, xb = xb0
    var fa = f(xa), fb = f(xb)
    if fa < fb { swap(&xa, &xb); swap(&fa, &fb) }
    var xc = xb + gold * (xb - xa)
    var fc = f(xc)
    var calls = 3
    var iter = 0
    while fc < fb {
        let tmp1 = (xb - xa) * (fb - fc)
        let tmp2 = (xb - xc) * (fb - fa)
        let val = tmp2 - tmp1
        let denom = abs(val) < verySmall ? 2 * verySmall : 2 * val
        var w = xb - ((xb - xc) * tmp2 - (xb - xa) * tmp1) / denom
        let wlim = xb + growLimit * (xc - xb)
        if iter > maxiter {
            return (ScalarBracket(xa: xa, xb: xb, xc: xc, fa: fa, fb: fb, fc: fc, calls: calls), false, true)
        }
        iter += 1
        var fw: Double
        if (w - xc) * (xb - w) > 0 {
            // The parabola's vertex lies between xb and xc.
            fw = f(w)
            calls += 1
            if fw < fc {
                xa = xb; xb = w; fa = fb; fb = fw
                break
            } else if fw > fb {
                xc = w; fc = fw
                break
            }
            w = xc + gold * (xc - xb)
            fw = f(w)
            calls += 1
        } else if (w - wlim) * (wlim - xc) >= 0 {
            w = wlim
            fw = f(w)
            calls += 1
        } else if (w - wlim) * (xc - w) > 0 {
            fw = f(w)
            calls += 1
            if fw < fc {
                xb = xc; xc = w
                w = xc + gold * (xc - xb)
                fb = fc; fc = fw
                fw = f(w)
                calls += 1
            }
        } else {
            w = xc + gold * (xc - xb)
            fw = f(w)
            calls += 1
        }
        xa = xb; xb = xc; xc = w
        fa = fb; fb = fc; fc = fw
    }
    let downhill = (fb < fc && fb <= fa) || (fb < fa && fb <= fc)
    let ordered = (xa < xb && xb < xc) || (xc < xb && xb < xa)
    let valid = downhill && ordered && xa.isFinite && xb.isFinite && xc.isFinite
    return (ScalarBracket(xa: xa, xb: xb, xc: xc, fa: fa, fb: fb, fc: fc, calls: calls), valid, false)
}

/// SciPy's success message for the bracketing methods, or its failure one.
private func bracketingMessage(success: Bool, nanFound: Bool, xtol: Double) -> String {
    if success {
        return "\nOptimization terminated successfully;\nThe returned value satisfies the termination "
            + "criteria\n(using xtol = \(xtol) )"
    }
    return nanFound ? "NaN result encountered." : "\nMaximum number of iterations exceeded"
}

/// SciPy's `Brent.optimize`.
private func brentMinimize(_ f: (Double) -> Double, bracket: [Double]?, tol: Double,
                           maxiter: Int) throws(OptimizeError) -> OptimizeResult {
    _brent(f, from: try startingBracket(f, bracket), tol: tol, maxiter: maxiter)
}

/// Brent's iterations from a valid bracket.
func _brent(_ f: (Double) -> Double, from br: ScalarBracket, tol: Double, maxiter: Int) -> OptimizeResult {
    let mintol = 1.0e-11, cg = 0.3819660
    var x = br.xb, w = br.xb, v = br.xb
    var fx = br.fb, fw = br.fb, fv = br.fb
    var a = min(br.xa, br.xc), b = max(br.xa, br.xc)
    var deltax = 0.0, rat = 0.0
    var calls = br.calls
    var iter = 0
    while iter < maxiter {
        let tol1 = tol * abs(x) + mintol
        let tol2 = 2 * tol1
        let xmid = 0.5 * (a + b)
        if abs(x - xmid) < tol2 - 0.5 * (b - a) { break }
        if abs(deltax) <= tol1 {
            deltax = x >= xmid ? a - x : b - x
            rat = cg * deltax
        } else {
            var tmp1 = (x - w) * (fx - fv)
            var tmp2 = (x - v) * (fx - fw)
            var p = (x - v) * tmp2 - (x - w) * tmp1
            tmp2 = 2 * (tmp2 - tmp1)
            if tmp2 > 0 { p = -p }
            tmp2 = abs(tmp2)
            tmp1 = deltax
            deltax = rat
            if p > tmp2 * (a - x) && p < tmp2 * (b - x) && abs(p) < abs(0.5 * tmp2 * tmp1) {
                rat = p / tmp2
                let u = x + rat
                if u - a < tol2 || b - u < tol2 { rat = xmid - x >= 0 ? tol1 : -tol1 }
            } else {
                deltax = x >= xmid ? a - x : b - x
                rat = cg * deltax
            }
        }
        let u = abs(rat) < tol1 ? (rat >= 0 ? x + tol1 : x - tol1) : x + rat
        let fu = f(u)
        calls += 1
        if fu > fx {
            if u < x { a = u } else { b = u }
            if fu <= fw || w == x {
                v = w; w = u; fv = fw; fw = fu
            } else if fu <= fv || v == x || v == w {
                v = u; fv = fu
            }
        } else {
            if u >= x { a = x } else { b = x }
            v = w; w = x; x = u
            fv = fw; fw = fx; fx = fu
        }
        iter += 1
    }
    let nanFound = x.isNaN || fx.isNaN
    let success = iter < maxiter && !nanFound
    return OptimizeResult(x: [x], fun: fx, nit: iter, nfev: calls, success: success, status: success ? 0 : 1,
                          message: bracketingMessage(success: success, nanFound: nanFound, xtol: tol))
}

/// SciPy's `_minimize_scalar_golden`.
private func goldenMinimize(_ f: (Double) -> Double, bracket: [Double]?, tol: Double,
                            maxiter: Int) throws(OptimizeError) -> OptimizeResult {
    let br = try startingBracket(f, bracket)
    // SciPy's rounded constants, kept so the iterates agree bit for bit.
    let gR = 0.61803399, gC = 1 - 0.61803399
    var x0 = br.xa, x3 = br.xc
    var x1: Double, x2: Double
    if abs(br.xc - br.xb) > abs(br.xb - br.xa) {
        x1 = br.xb
        x2 = br.xb + gC * (br.xc - br.xb)
    } else {
        x2 = br.xb
        x1 = br.xb - gC * (br.xb - br.xa)
    }
    var f1 = f(x1), f2 = f(x2)
    var calls = br.calls + 2
    var nit = 0
    for _ in 0..<maxiter {
        if abs(x3 - x0) <= tol * (abs(x1) + abs(x2)) { break }
        if f2 < f1 {
            x0 = x1; x1 = x2
            x2 = gR * x1 + gC * x3
            f1 = f2
            f2 = f(x2)
        } else {
            x3 = x2; x2 = x1
            x1 = gR * x2 + gC * x0
            f2 = f1
            f1 = f(x1)
        }
        calls += 1
        nit += 1
    }
    let (xmin, fval) = f1 < f2 ? (x1, f1) : (x2, f2)
    let nanFound = xmin.isNaN || fval.isNaN
    let success = nit < maxiter && !nanFound
    return OptimizeResult(x: [xmin], fun: fval, nit: nit, nfev: calls, success: success, status: success ? 0 : 1,
                          message: bracketingMessage(success: success, nanFound: nanFound, xtol: tol))
}

/// SciPy's `_minimize_scalar_bounded` (Brent's `fmin` on an interval, as
/// in Forsythe, Malcolm & Moler). `nit` equals `nfev`, as in SciPy.
func _boundedMinimize(_ f: (Double) -> Double, _ lower: Double, _ upper: Double, xatol: Double,
                             maxfun: Int) -> OptimizeResult {
    // SciPy's sqrt(2.2e-16), not sqrt(ε): kept so the steps agree.
    let sqrtEps = (2.2e-16).squareRoot()
    let goldenMean = 0.5 * (3 - (5.0).squareRoot())
    var a = lower, b = upper
    var fulc = a + goldenMean * (b - a)
    var nfc = fulc, xf = fulc
    var rat = 0.0, e = 0.0
    var x = xf
    var fx = f(x)
    var num = 1
    var fu = Double.infinity
    var ffulc = fx, fnfc = fx
    var xm = 0.5 * (a + b)
    var tol1 = sqrtEps * abs(xf) + xatol / 3
    var tol2 = 2 * tol1
    var flag = 0
    @inline(__always) func signOrOne(_ v: Double) -> Double { v > 0 ? 1 : (v < 0 ? -1 : (v == 0 ? 1 : v)) }
    while abs(xf - xm) > tol2 - 0.5 * (b - a) {
        var golden = true
        if abs(e) > tol1 {
            golden = false
            var r = (xf - nfc) * (fx - ffulc)
            var q = (xf - fulc) * (fx - fnfc)
            var p = (xf - fulc) * q - (xf - nfc) * r
            q = 2 * (q - r)
            if q > 0 { p = -p }
            q = abs(q)
            r = e
            e = rat
            if abs(p) < abs(0.5 * q * r) && p > q * (a - xf) && p < q * (b - xf) {
                rat = p / q
                x = xf + rat
                if x - a < tol2 || b - x < tol2 { rat = tol1 * signOrOne(xm - xf) }
            } else {
                golden = true
            }
        }
        if golden {
            e = xf >= xm ? a - xf : b - xf
            rat = goldenMean * e
        }
        x = xf + signOrOne(rat) * max(abs(rat), tol1)
        fu = f(x)
        num += 1
        if fu <= fx {
            if x >= xf { a = xf } else { b = xf }
            fulc = nfc; ffulc = fnfc
            nfc = xf; fnfc = fx
            xf = x; fx = fu
        } else {
            if x < xf { a = x } else { b = x }
            if fu <= fnfc || nfc == xf {
                fulc = nfc; ffulc = fnfc
                nfc = x; fnfc = fu
            } else if fu <= ffulc || fulc == xf || fulc == nfc {
                fulc = x; ffulc = fu
            }
        }
        xm = 0.5 * (a + b)
        tol1 = sqrtEps * abs(xf) + xatol / 3
        tol2 = 2 * tol1
        if num >= maxfun {
            flag = 1
            break
        }
    }
    if xf.isNaN || fx.isNaN || fu.isNaN { flag = 2 }
    let message = flag == 0 ? "Solution found." : flag == 1 ? "Maximum number of function calls reached."
        : "NaN result encountered."
    return OptimizeResult(x: [xf], fun: fx, nit: num, nfev: num, success: flag == 0, status: flag, message: message)
}
