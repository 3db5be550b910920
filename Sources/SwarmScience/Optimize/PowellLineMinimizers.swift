// The one-dimensional minimisers inside Powell's method, as SciPy's: a
// golden-ratio bracket search from (0, 1) followed by Brent's method
// (`_minimize_scalar_brent`, tol = 100·xtol), or, when the line crosses a
// bound, the bounded Brent method of `fminbound` (xatol = xtol).

private let _goldenSection = 0.3819660  // (3 − √5) / 2, as SciPy rounds it

/// A bracket (xa, xb, xc) with f(xb) below both ends, searched from
/// (xa, xb) as SciPy's `bracket`, or the best of the last three points when
/// none was found; `calls` counts evaluations of f.
func _bracket(_ f: (Double) -> Double, _ start: (Double, Double) = (0, 1))
    -> (bracket: (Double, Double, Double, Double, Double, Double), valid: Bool, calls: Int) {
    let gold = 1.618034, tiny = 1e-21, growLimit = 110.0
    var (xa, xb) = start
    var fa = f(xa), fb = f(xb)
    var calls = 3  // with f(xc) below
    if fa < fb {
        swap(&xa, &xb)
        swap(&fa, &fb)
    }
    var xc = xb + gold * (xb - xa)
    var fc = f(xc)
    var iterations = 0
    while fc < fb {
        let tmp1 = (xb - xa) * (fb - fc), tmp2 = (xb - xc) * (fb - fa)
        let val = tmp2 - tmp1
        let denom = Swift.abs(val) < tiny ? 2 * tiny : 2 * val
        var w = xb - ((xb - xc) * tmp2 - (xb - xa) * tmp1) / denom
        let wlim = xb + growLimit * (xc - xb)
        if iterations > 1000 { break }
        iterations += 1
        var fw: Double
        if (w - xc) * (xb - w) > 0 {
            fw = f(w)
            calls += 1
            if fw < fc {
                (xa, xb, fa, fb) = (xb, w, fb, fw)
                break
            } else if fw > fb {
                (xc, fc) = (w, fw)
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
                (xb, xc) = (xc, w)
                w = xc + gold * (xc - xb)
                (fb, fc) = (fc, fw)
                fw = f(w)
                calls += 1
            }
        } else {
            w = xc + gold * (xc - xb)
            fw = f(w)
            calls += 1
        }
        (xa, xb, xc) = (xb, xc, w)
        (fa, fb, fc) = (fb, fc, fw)
    }
    let lowest = (fb < fc && fb <= fa) || (fb < fa && fb <= fc)
    let ordered = (xa < xb && xb < xc) || (xc < xb && xb < xa)
    let finite = xa.isFinite && xb.isFinite && xc.isFinite
    return ((xa, xb, xc, fa, fb, fc), lowest && ordered && finite, calls)
}

/// Brent's minimisation on a bracket found from (0, 1); (α, f(α)).
func _bracketedBrent(_ f: (Double) -> Double, tol: Double, maxiter: Int = 500) -> (Double, Double) {
    let run = _bracketedBrentRun(f, from: (0, 1), tol: tol, maxiter: maxiter)
    return (run.x, run.fx)
}

/// Brent's minimisation on a bracket searched from `start`, with SciPy's
/// counts: `nit` iterations, `nfev` calls (the bracket search's included),
/// and `bracketed == false` when no valid bracket was found.
func _bracketedBrentRun(_ f: (Double) -> Double, from start: (Double, Double), tol: Double, maxiter: Int)
    -> (x: Double, fx: Double, nit: Int, nfev: Int, bracketed: Bool) {
    let (br, valid, calls) = _bracket(f, start)
    let (xa, xb, xc, fa, fb, fc) = br
    guard valid else {
        // SciPy's `_recover_from_bracket_error`: the best point seen.
        if [xa, xb, xc, fa, fb, fc].contains(where: \.isNaN) { return (.nan, .nan, 0, calls, false) }
        let pts = [(xa, fa), (xb, fb), (xc, fc)]
        let best = pts.min { $0.1 < $1.1 }!
        return (best.0, best.1, 0, calls, false)
    }
    var nit = 0, nfev = calls
    let mintol = 1.0e-11
    var x = xb, w = xb, v = xb
    var fx = fb, fw = fb, fv = fb
    var (a, b) = xa < xc ? (xa, xc) : (xc, xa)
    var deltax = 0.0, rat = 0.0
    while nit < maxiter {
        let tol1 = tol * Swift.abs(x) + mintol, tol2 = 2 * tol1
        let xmid = 0.5 * (a + b)
        if Swift.abs(x - xmid) < tol2 - 0.5 * (b - a) { break }
        if Swift.abs(deltax) <= tol1 {
            deltax = x >= xmid ? a - x : b - x
            rat = _goldenSection * deltax
        } else {
            let tmp1 = (x - w) * (fx - fv)
            var tmp2 = (x - v) * (fx - fw)
            var p = (x - v) * tmp2 - (x - w) * tmp1
            tmp2 = 2 * (tmp2 - tmp1)
            if tmp2 > 0 { p = -p }
            tmp2 = Swift.abs(tmp2)
            let dxTemp = deltax
            deltax = rat
            if p > tmp2 * (a - x) && p < tmp2 * (b - x) && Swift.abs(p) < Swift.abs(0.5 * tmp2 * dxTemp) {
                rat = p / tmp2
                let u = x + rat
                if u - a < tol2 || b - u < tol2 { rat = xmid - x >= 0 ? tol1 : -tol1 }
            } else {
                deltax = x >= xmid ? a - x : b - x
                rat = _goldenSection * deltax
            }
        }
        let u = Swift.abs(rat) < tol1 ? (rat >= 0 ? x + tol1 : x - tol1) : x + rat
        let fu = f(u)
        nfev += 1
        if fu > fx {
            if u < x { a = u } else { b = u }
            if fu <= fw || w == x {
                (v, w, fv, fw) = (w, u, fw, fu)
            } else if fu <= fv || v == x || v == w {
                (v, fv) = (u, fu)
            }
        } else {
            if u >= x { a = x } else { b = x }
            (v, w, x) = (w, x, u)
            (fv, fw, fx) = (fw, fx, fu)
        }
        nit += 1
    }
    return (x, fx, nit, nfev, true)
}

/// `fminbound`'s bounded Brent method on [a, b]; (x, f(x)).
func _boundedBrent(_ f: (Double) -> Double, _ lower: Double, _ upper: Double, xatol: Double,
                   maxfun: Int = 500) -> (Double, Double) {
    let run = _boundedBrentRun(f, lower, upper, xatol: xatol, maxfun: maxfun)
    return (run.x, run.fx)
}

/// `fminbound` with its count: `nfev` calls (SciPy's nit too), and
/// `exhausted` when it stopped at `maxfun`.
func _boundedBrentRun(_ f: (Double) -> Double, _ lower: Double, _ upper: Double, xatol: Double,
                      maxfun: Int) -> (x: Double, fx: Double, nfev: Int, exhausted: Bool) {
    let sqrtEps = 2.2e-16.squareRoot()
    let golden = 0.5 * (3 - 5.0.squareRoot())
    var (a, b) = (lower, upper)
    var fulc = a + golden * (b - a)
    var nfc = fulc, xf = fulc
    var rat = 0.0, e = 0.0
    var fx = f(xf)
    var num = 1
    var ffulc = fx, fnfc = fx
    var xm = 0.5 * (a + b)
    var tol1 = sqrtEps * Swift.abs(xf) + xatol / 3, tol2 = 2 * tol1
    while Swift.abs(xf - xm) > tol2 - 0.5 * (b - a) {
        var useGolden = true
        if Swift.abs(e) > tol1 {
            useGolden = false
            var r = (xf - nfc) * (fx - ffulc)
            var q = (xf - fulc) * (fx - fnfc)
            var p = (xf - fulc) * q - (xf - nfc) * r
            q = 2 * (q - r)
            if q > 0 { p = -p }
            q = Swift.abs(q)
            r = e
            e = rat
            if Swift.abs(p) < Swift.abs(0.5 * q * r) && p > q * (a - xf) && p < q * (b - xf) {
                rat = p / q
                let x = xf + rat
                if x - a < tol2 || b - x < tol2 {
                    rat = tol1 * (xm - xf >= 0 ? 1 : -1)
                }
            } else {
                useGolden = true
            }
        }
        if useGolden {
            e = xf >= xm ? a - xf : b - xf
            rat = golden * e
        }
        let x = xf + (rat >= 0 ? 1 : -1) * Swift.max(Swift.abs(rat), tol1)
        let fu = f(x)
        num += 1
        if fu <= fx {
            if x >= xf { a = xf } else { b = xf }
            (fulc, ffulc) = (nfc, fnfc)
            (nfc, fnfc) = (xf, fx)
            (xf, fx) = (x, fu)
        } else {
            if x < xf { a = x } else { b = x }
            if fu <= fnfc || nfc == xf {
                (fulc, ffulc) = (nfc, fnfc)
                (nfc, fnfc) = (x, fu)
            } else if fu <= ffulc || fulc == xf || fulc == nfc {
                (fulc, ffulc) = (x, fu)
            }
        }
        xm = 0.5 * (a + b)
        tol1 = sqrtEps * Swift.abs(xf) + xatol / 3
        tol2 = 2 * tol1
        if num >= maxfun { return (xf, fx, num, true) }
    }
    return (xf, fx, num, false)
}
