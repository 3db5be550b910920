// Line searches for the gradient methods, as SciPy runs them: first the
// Moré–Thuente search (MINPACK-2's DCSRCH, which SciPy calls
// `line_search_wolfe1`), and if that fails the bracketing-and-zoom search of
// Nocedal & Wright, Algorithms 3.5–3.6 (`line_search_wolfe2`). Both look for
// a step that meets the strong Wolfe conditions.

/// The state of one Moré–Thuente search (DCSRCH). The caller evaluates φ
/// and φ' at each step the search asks for (`.evaluate`) until it answers
/// `.converged` or `.warning`/`.error`.
struct _MoreThuente {
    enum Task: Equatable { case evaluate, converged, warning(String), error(String) }

    let ftol: Double, gtol: Double, xtol: Double, stpmin: Double, stpmax: Double
    private var bracketed = false
    private var stage = 1
    private var finit = 0.0, ginit = 0.0, gtest = 0.0
    private var width = 0.0, width1 = 0.0
    private var stx = 0.0, fx = 0.0, gx = 0.0
    private var sty = 0.0, fy = 0.0, gy = 0.0
    private var stmin = 0.0, stmax = 0.0
    private var started = false

    init(ftol: Double, gtol: Double, xtol: Double, stpmin: Double, stpmax: Double) {
        self.ftol = ftol
        self.gtol = gtol
        self.xtol = xtol
        self.stpmin = stpmin
        self.stpmax = stpmax
    }

    /// Takes φ(stp) and φ'(stp) and returns the next step to evaluate, or
    /// the verdict. The first call passes φ(0), φ'(0) and the first step.
    mutating func iterate(stp stpIn: Double, f: Double, g: Double) -> (stp: Double, task: Task) {
        var stp = stpIn
        if !started {
            if stp < stpmin { return (stp, .error("STP .LT. STPMIN")) }
            if stp > stpmax { return (stp, .error("STP .GT. STPMAX")) }
            if g >= 0 { return (stp, .error("INITIAL G .GE. ZERO")) }
            started = true
            bracketed = false
            stage = 1
            finit = f
            ginit = g
            gtest = ftol * ginit
            width = stpmax - stpmin
            width1 = width / 0.5
            (stx, fx, gx) = (0, finit, ginit)
            (sty, fy, gy) = (0, finit, ginit)
            stmin = 0
            stmax = stp + 4 * stp
            return (stp, .evaluate)
        }
        let ftest = finit + stp * gtest
        if stage == 1 && f <= ftest && g >= 0 { stage = 2 }
        var task: Task?
        if bracketed && (stp <= stmin || stp >= stmax) { task = .warning("ROUNDING ERRORS PREVENT PROGRESS") }
        if bracketed && stmax - stmin <= xtol * stmax { task = .warning("XTOL TEST SATISFIED") }
        if stp == stpmax && f <= ftest && g <= gtest { task = .warning("STP = STPMAX") }
        if stp == stpmin && (f > ftest || g >= gtest) { task = .warning("STP = STPMIN") }
        if f <= ftest && Swift.abs(g) <= gtol * -ginit { task = .converged }
        if let task { return (stp, task) }

        if stage == 1 && f <= fx && f > ftest {
            // A lower function value without sufficient decrease: step on
            // the modified function ψ(α) = φ(α) − φ(0) − ftol·α·φ'(0).
            var fxm = fx - stx * gtest, gxm = gx - gtest
            var fym = fy - sty * gtest, gym = gy - gtest
            _dcstep(&stx, &fxm, &gxm, &sty, &fym, &gym, &stp, f - stp * gtest, g - gtest,
                    &bracketed, stmin, stmax)
            fx = fxm + stx * gtest
            fy = fym + sty * gtest
            gx = gxm + gtest
            gy = gym + gtest
        } else {
            _dcstep(&stx, &fx, &gx, &sty, &fy, &gy, &stp, f, g, &bracketed, stmin, stmax)
        }
        if bracketed {
            // Force sufficient shrinking of the interval (bisect when not).
            if Swift.abs(sty - stx) >= 0.66 * width1 { stp = stx + 0.5 * (sty - stx) }
            width1 = width
            width = Swift.abs(sty - stx)
            stmin = Swift.min(stx, sty)
            stmax = Swift.max(stx, sty)
        } else {
            stmin = stp + 1.1 * (stp - stx)
            stmax = stp + 4.0 * (stp - stx)
        }
        stp = Swift.min(Swift.max(stp, stpmin), stpmax)
        if bracketed && (stp <= stmin || stp >= stmax) || bracketed && stmax - stmin <= xtol * stmax {
            stp = stx
        }
        return (stp, .evaluate)
    }
}

/// One safeguarded step of the Moré–Thuente search (MINPACK-2's DCSTEP):
/// a cubic or quadratic interpolation step chosen by which of four cases
/// holds, and the update of the interval of uncertainty [stx, sty].
private func _dcstep(_ stx: inout Double, _ fx: inout Double, _ dx: inout Double,
                     _ sty: inout Double, _ fy: inout Double, _ dy: inout Double,
                     _ stp: inout Double, _ fp: Double, _ dp: Double,
                     _ bracketed: inout Bool, _ stpmin: Double, _ stpmax: Double) {
    let sgnd = _sign(dp) * _sign(dx)
    var stpf: Double
    func gammaOf(_ theta: Double, _ a: Double, _ b: Double, clampZero: Bool = false) -> Double {
        let s = Swift.max(Swift.abs(theta), Swift.abs(a), Swift.abs(b))
        let radicand = (theta / s) * (theta / s) - (a / s) * (b / s)
        return s * (clampZero ? Swift.max(0, radicand) : radicand).squareRoot()
    }
    if fp > fx {
        // Case 1: a higher function value; the minimum is bracketed.
        let theta = 3 * (fx - fp) / (stp - stx) + dx + dp
        var gamma = gammaOf(theta, dx, dp)
        if stp < stx { gamma = -gamma }
        let p = (gamma - dx) + theta, q = ((gamma - dx) + gamma) + dp
        let stpc = stx + (p / q) * (stp - stx)
        let stpq = stx + ((dx / ((fx - fp) / (stp - stx) + dx)) / 2) * (stp - stx)
        stpf = Swift.abs(stpc - stx) <= Swift.abs(stpq - stx) ? stpc : stpc + (stpq - stpc) / 2
        bracketed = true
    } else if sgnd < 0 {
        // Case 2: derivatives of opposite sign; the minimum is bracketed.
        let theta = 3 * (fx - fp) / (stp - stx) + dx + dp
        var gamma = gammaOf(theta, dx, dp)
        if stp > stx { gamma = -gamma }
        let p = (gamma - dp) + theta, q = ((gamma - dp) + gamma) + dx
        let stpc = stp + (p / q) * (stx - stp)
        let stpq = stp + (dp / (dp - dx)) * (stx - stp)
        stpf = Swift.abs(stpc - stp) > Swift.abs(stpq - stp) ? stpc : stpq
        bracketed = true
    } else if Swift.abs(dp) < Swift.abs(dx) {
        // Case 3: same sign, derivative shrinking in magnitude.
        let theta = 3 * (fx - fp) / (stp - stx) + dx + dp
        var gamma = gammaOf(theta, dx, dp, clampZero: true)
        if stp > stx { gamma = -gamma }
        let p = (gamma - dp) + theta, q = (gamma + (dx - dp)) + gamma
        let r = p / q
        let stpc: Double
        if r < 0 && gamma != 0 {
            stpc = stp + r * (stx - stp)
        } else {
            stpc = stp > stx ? stpmax : stpmin
        }
        let stpq = stp + (dp / (dp - dx)) * (stx - stp)
        if bracketed {
            stpf = Swift.abs(stpc - stp) < Swift.abs(stpq - stp) ? stpc : stpq
            stpf = stp > stx ? Swift.min(stp + 0.66 * (sty - stp), stpf) : Swift.max(stp + 0.66 * (sty - stp), stpf)
        } else {
            stpf = Swift.abs(stpc - stp) > Swift.abs(stpq - stp) ? stpc : stpq
            stpf = Swift.min(Swift.max(stpf, stpmin), stpmax)
        }
    } else {
        // Case 4: same sign, derivative not shrinking.
        if bracketed {
            let theta = 3 * (fp - fy) / (sty - stp) + dy + dp
            var gamma = gammaOf(theta, dy, dp)
            if stp > sty { gamma = -gamma }
            let p = (gamma - dp) + theta, q = ((gamma - dp) + gamma) + dy
            stpf = stp + (p / q) * (sty - stp)
        } else {
            stpf = stp > stx ? stpmax : stpmin
        }
    }
    if fp > fx {
        sty = stp
        fy = fp
        dy = dp
    } else {
        if sgnd < 0 {
            sty = stx
            fy = fx
            dy = dx
        }
        stx = stp
        fx = fp
        dx = dp
    }
    stp = stpf
}

/// NumPy's `sign`: −1, 0 or 1 (NaN stays NaN).
@inline(__always) func _sign(_ x: Double) -> Double { x > 0 ? 1 : (x < 0 ? -1 : (x == 0 ? 0 : .nan)) }

/// A step found along a direction: α, f(x + αp) and ∇f(x + αp).
struct _LineStep {
    var alpha: Double
    var f: Double
    var g: [Double]
    /// f at the start, which becomes the caller's "old old" value.
    var f0: Double
}

extension _Objective {
    /// SciPy's `_line_search_wolfe12`: Moré–Thuente, then the zoom search;
    /// nil when neither finds a step. `accept` is an extra condition on a
    /// candidate (CG's descent test); `zoomAmax` the second search's
    /// largest step when it differs (Newton-CG's has none).
    mutating func wolfeLineSearch(x: [Double], p: [Double], g0: [Double], f0: Double, oldF0: Double?,
                                  c1: Double = 1e-4, c2: Double = 0.9, amax: Double = 1e100,
                                  amin: Double = 1e-100, zoomAmax: Double? = nil,
                                  accept: ((Double, [Double], Double, [Double]) -> Bool)? = nil) -> _LineStep? {
        if let step = moreThuente(x: x, p: p, g0: g0, f0: f0, oldF0: oldF0, c1: c1, c2: c2, amax: amax, amin: amin) {
            if let accept, !accept(step.alpha, _axpy(x, step.alpha, p), step.f, step.g) {
                // fall through to the second search
            } else {
                return step
            }
        }
        return zoomSearch(x: x, p: p, g0: g0, f0: f0, oldF0: oldF0, c1: c1, c2: c2, amax: zoomAmax ?? amax,
                          accept: accept)
    }

    /// The first guess both searches use: a step that would repeat the last
    /// decrease, at most 1.
    private func firstStep(f0: Double, oldF0: Double?, d0: Double) -> Double {
        guard let oldF0, d0 != 0 else { return 1 }
        let a = Swift.min(1, 1.01 * 2 * (f0 - oldF0) / d0)
        return a < 0 ? 1 : a
    }

    /// `line_search_wolfe1` (DCSRCH with xtol 1e-14, at most 100 steps).
    mutating func moreThuente(x: [Double], p: [Double], g0: [Double], f0: Double, oldF0: Double?,
                              c1: Double, c2: Double, amax: Double, amin: Double) -> _LineStep? {
        let d0 = _dot(g0, p)
        var alpha = firstStep(f0: f0, oldF0: oldF0, d0: d0)
        var search = _MoreThuente(ftol: c1, gtol: c2, xtol: 1e-14, stpmin: amin, stpmax: amax)
        var f = f0, d = d0, g = g0
        for _ in 0..<100 {
            let (stp, task) = search.iterate(stp: alpha, f: f, g: d)
            guard stp.isFinite else { return nil }
            switch task {
            case .evaluate:
                alpha = stp
                let xt = _axpy(x, stp, p)
                f = value(xt)
                g = gradient(xt)
                d = _dot(g, p)
            case .converged:
                return _LineStep(alpha: stp, f: f, g: g, f0: f0)
            case .warning, .error:
                return nil
            }
        }
        return nil
    }

    /// `line_search_wolfe2`: expand the step until the minimum is
    /// bracketed, then zoom in with cubic and quadratic interpolation.
    mutating func zoomSearch(x: [Double], p: [Double], g0: [Double], f0: Double, oldF0: Double?,
                             c1: Double, c2: Double, amax: Double,
                             accept: ((Double, [Double], Double, [Double]) -> Bool)?) -> _LineStep? {
        let d0 = _dot(g0, p)
        var a0 = 0.0
        var a1 = Swift.min(firstStep(f0: f0, oldF0: oldF0, d0: d0), amax)
        var fa1 = value(_axpy(x, a1, p))
        var fa0 = f0, da0 = d0
        for i in 0..<10 {
            if a1 == 0 || a0 > amax { return nil }
            if fa1 > f0 + c1 * a1 * d0 || (fa1 >= fa0 && i > 0) {
                return zoom(x: x, p: p, lo: (a0, fa0, da0), hi: (a1, fa1), f0: f0, d0: d0, c1: c1, c2: c2, accept: accept)
            }
            let xt = _axpy(x, a1, p)
            let g1 = gradient(xt)
            let da1 = _dot(g1, p)
            if Swift.abs(da1) <= -c2 * d0, accept?(a1, xt, fa1, g1) ?? true {
                return _LineStep(alpha: a1, f: fa1, g: g1, f0: f0)
            }
            if da1 >= 0 {
                return zoom(x: x, p: p, lo: (a1, fa1, da1), hi: (a0, fa0), f0: f0, d0: d0, c1: c1, c2: c2, accept: accept)
            }
            let a2 = Swift.min(2 * a1, amax)
            a0 = a1
            a1 = a2
            fa0 = fa1
            fa1 = value(_axpy(x, a1, p))
            da0 = da1
        }
        // Did not converge: SciPy returns the last step without a gradient.
        let xt = _axpy(x, a1, p)
        return _LineStep(alpha: a1, f: fa1, g: gradient(xt), f0: f0)
    }

    private mutating func zoom(x: [Double], p: [Double], lo: (Double, Double, Double), hi: (Double, Double),
                               f0: Double, d0: Double, c1: Double, c2: Double,
                               accept: ((Double, [Double], Double, [Double]) -> Bool)?) -> _LineStep? {
        var (aLo, fLo, dLo) = lo
        var (aHi, fHi) = hi
        var fRec = f0, aRec = 0.0
        for i in 0...10 {
            let dalpha = aHi - aLo
            let (a, b) = dalpha < 0 ? (aHi, aLo) : (aLo, aHi)
            var aj: Double?
            if i > 0 {
                aj = _cubicMinimum(aLo, fLo, dLo, aHi, fHi, aRec, fRec)
                let cchk = 0.2 * dalpha
                if let v = aj, v > b - cchk || v < a + cchk { aj = nil }
            }
            if aj == nil {
                let qchk = 0.1 * dalpha
                aj = _quadraticMinimum(aLo, fLo, dLo, aHi, fHi)
                if let v = aj, v > b - qchk || v < a + qchk { aj = nil }
                if aj == nil { aj = aLo + 0.5 * dalpha }
            }
            let alpha = aj!
            let xt = _axpy(x, alpha, p)
            let fj = value(xt)
            if fj > f0 + c1 * alpha * d0 || fj >= fLo {
                (fRec, aRec) = (fHi, aHi)
                (aHi, fHi) = (alpha, fj)
            } else {
                let gj = gradient(xt)
                let dj = _dot(gj, p)
                if Swift.abs(dj) <= -c2 * d0, accept?(alpha, xt, fj, gj) ?? true {
                    return _LineStep(alpha: alpha, f: fj, g: gj, f0: f0)
                }
                if dj * (aHi - aLo) >= 0 {
                    (fRec, aRec) = (fHi, aHi)
                    (aHi, fHi) = (aLo, fLo)
                } else {
                    (fRec, aRec) = (fLo, aLo)
                }
                (aLo, fLo, dLo) = (alpha, fj, dj)
            }
        }
        return nil
    }
}

/// The minimiser of the cubic through (a, fa) with slope fpa, (b, fb) and
/// (c, fc); nil when it does not exist or is not finite.
private func _cubicMinimum(_ a: Double, _ fa: Double, _ fpa: Double, _ b: Double, _ fb: Double,
                           _ c: Double, _ fc: Double) -> Double? {
    let db = b - a, dc = c - a
    let denom = (db * dc) * (db * dc) * (db - dc)
    guard denom != 0 else { return nil }
    let r1 = fb - fa - fpa * db, r2 = fc - fa - fpa * dc
    let A = (dc * dc * r1 - db * db * r2) / denom
    let B = (-dc * dc * dc * r1 + db * db * db * r2) / denom
    let radical = B * B - 3 * A * fpa
    guard radical >= 0, A != 0 else { return nil }
    let x = a + (-B + radical.squareRoot()) / (3 * A)
    return x.isFinite ? x : nil
}

/// The minimiser of the quadratic through (a, fa) with slope fpa and (b, fb).
private func _quadraticMinimum(_ a: Double, _ fa: Double, _ fpa: Double, _ b: Double, _ fb: Double) -> Double? {
    let db = b - a
    guard db != 0 else { return nil }
    let B = (fb - fa - fpa * db) / (db * db)
    guard B != 0 else { return nil }
    let x = a - fpa / (2 * B)
    return x.isFinite ? x : nil
}
