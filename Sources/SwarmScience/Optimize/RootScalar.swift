// Scalar root finding, as SciPy's `root_scalar`: the bracketing solvers of
// SciPy's C `zeros` module (Brent with inverse quadratic or hyperbolic
// extrapolation, bisection, Ridders) step for step, so roots, iteration and
// call counts agree, and the open methods (Newton, secant, Halley) of
// `scipy.optimize.newton`'s scalar path.

/// Which scalar root finder to run, with what it needs to start.
///
/// The bracketing methods need `f(a)` and `f(b)` of opposite sign; the open
/// methods need a start and, for Newton and Halley, derivatives.
public enum RootScalarMethod {
    /// Brent's method with inverse quadratic extrapolation (`brentq`).
    case brentq(Double, Double)
    /// Brent's method with hyperbolic extrapolation (`brenth`).
    case brenth(Double, Double)
    /// Bisection (`bisect`).
    case bisect(Double, Double)
    /// Ridders' method (`ridder`).
    case ridder(Double, Double)
    /// Newton–Raphson from `x0`; without `fprime` the derivative comes from
    /// forward differences, as `root_scalar` makes it (those calls are not
    /// counted, as SciPy does not count them).
    case newton(x0: Double, fprime: ((Double) -> Double)?)
    /// The secant method from `x0` and `x1` (SciPy's `x0·(1 + 1e-4) ± 1e-4`
    /// when `x1` is nil).
    case secant(x0: Double, x1: Double?)
    /// Halley's method from `x0`.
    case halley(x0: Double, fprime: (Double) -> Double, fprime2: (Double) -> Double)
}

/// What a scalar root finder found, with the fields of SciPy's `RootResults`.
public struct RootResult: Sendable, Hashable, CustomStringConvertible {
    /// The root estimate.
    public var root: Double
    /// Iterations performed.
    public var iterations: Int
    /// Calls to `f` (and, for Newton and Halley, to the derivatives).
    public var functionCalls: Int
    /// Whether the tolerance was met.
    public var converged: Bool
    /// SciPy's flag: "converged", "convergence error", or why it stopped.
    public var flag: String

    /// Creates a result.
    public init(root: Double, iterations: Int, functionCalls: Int, converged: Bool, flag: String) {
        self.root = root
        self.iterations = iterations
        self.functionCalls = functionCalls
        self.converged = converged
        self.flag = flag
    }

    /// A SciPy-like summary.
    public var description: String {
        "RootResult(converged: \(converged), flag: \"\(flag)\", root: \(root), iterations: \(iterations), "
            + "functionCalls: \(functionCalls))"
    }
}

private let _converged = "converged"
private let _convergenceError = "convergence error"

/// Finds a root of `f` with `method`, as `scipy.optimize.root_scalar`.
///
/// Tolerances left nil take SciPy's defaults for the method: for the
/// bracketing methods `xtol = 2e-12`, `rtol = 4ε`, `maxiter = 100`; for the
/// open ones `xtol = 1.48e-8`, `rtol = 0`, `maxiter = 50`. A bracketing
/// method stops when the bracket is below `xtol + rtol·|x|`; an open one when
/// a step moves x by at most `xtol + rtol·|x|`. Running out of iterations is
/// not an error: the result has `converged == false`.
///
/// - Throws: `OptimizeError.noSignChange` when a bracket's ends have the
///   same sign, `.invalidOption` for a bad tolerance or iteration limit, or
///   equal `x0` and `x1` for the secant method.
public func rootScalar(_ f: (Double) -> Double, method: RootScalarMethod, xtol: Double? = nil,
                       rtol: Double? = nil, maxiter: Int? = nil) throws -> RootResult {
    switch method {
    case .brentq(let a, let b), .brenth(let a, let b), .bisect(let a, let b), .ridder(let a, let b):
        let xtol = xtol ?? 2e-12, rtol = rtol ?? 4 * Double.ulpOfOne, maxiter = maxiter ?? 100
        guard xtol > 0 else { throw OptimizeError.invalidOption("xtol too small (\(xtol) <= 0)") }
        guard rtol >= 4 * Double.ulpOfOne else {
            throw OptimizeError.invalidOption("rtol too small (\(rtol) < \(4 * Double.ulpOfOne))")
        }
        guard maxiter >= 0 else { throw OptimizeError.invalidOption("maxiter should be > 0") }
        switch method {
        case .brentq: return try _brent(f, a, b, hyperbolic: false, xtol, rtol, maxiter)
        case .brenth: return try _brent(f, a, b, hyperbolic: true, xtol, rtol, maxiter)
        case .bisect: return try _bisect(f, a, b, xtol, rtol, maxiter)
        default: return try _ridder(f, a, b, xtol, rtol, maxiter)
        }
    case .newton(let x0, let fprime):
        if let fprime {
            return try _newton(f, x0, fprime, nil, xtol: xtol ?? 1.48e-8, rtol: rtol ?? 0, maxiter: maxiter ?? 50)
        }
        return try _newton(f, x0, { _forwardDerivative(f, $0) }, nil, xtol: xtol ?? 1.48e-8, rtol: rtol ?? 0,
                           maxiter: maxiter ?? 50)
    case .halley(let x0, let fprime, let fprime2):
        return try _newton(f, x0, fprime, fprime2, xtol: xtol ?? 1.48e-8, rtol: rtol ?? 0, maxiter: maxiter ?? 50)
    case .secant(let x0, let x1):
        return try _secant(f, x0, x1, xtol: xtol ?? 1.48e-8, rtol: rtol ?? 0, maxiter: maxiter ?? 50)
    }
}

/// SciPy's '2-point' `approx_derivative` at a scalar: h = √ε·sign(x)·max(1, |x|).
private func _forwardDerivative(_ f: (Double) -> Double, _ x: Double) -> Double {
    let h = Double.ulpOfOne.squareRoot() * (x >= 0 ? 1 : -1) * Swift.max(1, Swift.abs(x))
    let xh = x + h
    return (f(xh) - f(x)) / (xh - x)
}

/// The end of a bracket search: SciPy's checks on f(a), f(b) before any
/// iteration (an exact zero at an end is the root; equal signs are an error).
private func _endpoints(_ a: Double, _ b: Double, _ fa: Double, _ fb: Double) throws -> RootResult? {
    if fa == 0 { return RootResult(root: a, iterations: 0, functionCalls: 2, converged: true, flag: _converged) }
    if fb == 0 { return RootResult(root: b, iterations: 0, functionCalls: 2, converged: true, flag: _converged) }
    if fa.isNaN || fb.isNaN || fa.sign == fb.sign { throw OptimizeError.noSignChange(fa: fa, fb: fb) }
    return nil
}

/// SciPy's answer when f returns NaN inside a bracket: the solver stops there.
private func _nanStop(_ x: Double, _ iterations: Int, _ calls: Int) -> RootResult {
    RootResult(root: x, iterations: iterations, functionCalls: calls, converged: false,
               flag: "The function value at x=\(x) is NaN; solver cannot continue.")
}

/// `brentq` / `brenth`: Brent's method, keeping the bracket [xcur, xblk] with
/// |f(xcur)| smallest and trying an extrapolated step from the last two
/// points (inverse quadratic, or hyperbolic for brenth) when it is short
/// enough, bisecting otherwise.
private func _brent(_ f: (Double) -> Double, _ a: Double, _ b: Double, hyperbolic: Bool,
                    _ xtol: Double, _ rtol: Double, _ maxiter: Int) throws -> RootResult {
    var xpre = a, xcur = b, xblk = 0.0, fblk = 0.0, spre = 0.0, scur = 0.0
    var fpre = f(xpre), fcur = f(xcur)
    var calls = 2
    if let done = try _endpoints(a, b, fpre, fcur) { return done }
    var iterations = 0
    for _ in 0..<maxiter {
        iterations += 1
        if fpre != 0 && fcur != 0 && fpre.sign != fcur.sign {
            (xblk, fblk) = (xpre, fpre)
            spre = xcur - xpre
            scur = spre
        }
        if Swift.abs(fblk) < Swift.abs(fcur) {
            (xpre, xcur, xblk) = (xcur, xblk, xcur)
            (fpre, fcur, fblk) = (fcur, fblk, fcur)
        }
        let delta = (xtol + rtol * Swift.abs(xcur)) / 2
        let sbis = (xblk - xcur) / 2
        if fcur == 0 || Swift.abs(sbis) < delta {
            return RootResult(root: xcur, iterations: iterations, functionCalls: calls, converged: true, flag: _converged)
        }
        if Swift.abs(spre) > delta && Swift.abs(fcur) < Swift.abs(fpre) {
            let stry: Double
            if xpre == xblk {
                stry = -fcur * (xcur - xpre) / (fcur - fpre)  // secant through the bracket
            } else {
                let dpre = (fpre - fcur) / (xpre - xcur), dblk = (fblk - fcur) / (xblk - xcur)
                stry = hyperbolic
                    ? -fcur * (fblk - fpre) / (fblk * dpre - fpre * dblk)
                    : -fcur * (fblk * dblk - fpre * dpre) / (dblk * dpre * (fblk - fpre))
            }
            if 2 * Swift.abs(stry) < Swift.min(Swift.abs(spre), 3 * Swift.abs(sbis) - delta) {
                (spre, scur) = (scur, stry)
            } else {
                (spre, scur) = (sbis, sbis)
            }
        } else {
            (spre, scur) = (sbis, sbis)
        }
        (xpre, fpre) = (xcur, fcur)
        xcur += Swift.abs(scur) > delta ? scur : (sbis > 0 ? delta : -delta)
        fcur = f(xcur)
        calls += 1
        if fcur.isNaN { return _nanStop(xcur, iterations, calls) }
    }
    return RootResult(root: xcur, iterations: iterations, functionCalls: calls, converged: false,
                      flag: _convergenceError)
}

/// `bisect`: halve [a, b] until it is below the tolerance.
private func _bisect(_ f: (Double) -> Double, _ a: Double, _ b: Double,
                     _ xtol: Double, _ rtol: Double, _ maxiter: Int) throws -> RootResult {
    var xa = a
    let fa = f(a), fb = f(b)
    var calls = 2
    if let done = try _endpoints(a, b, fa, fb) { return done }
    var dm = b - a
    var iterations = 0
    for _ in 0..<maxiter {
        iterations += 1
        dm *= 0.5
        let xm = xa + dm
        let fm = f(xm)
        calls += 1
        if fm.isNaN { return _nanStop(xm, iterations, calls) }
        // f(a)'s sign never changes: xa only moves to points of the same sign.
        if fm.sign == fa.sign { xa = xm }
        if fm == 0 || Swift.abs(dm) < xtol + rtol * Swift.abs(xm) {
            return RootResult(root: xm, iterations: iterations, functionCalls: calls, converged: true, flag: _converged)
        }
    }
    return RootResult(root: xa, iterations: iterations, functionCalls: calls, converged: false,
                      flag: _convergenceError)
}

/// `ridder`: Ridders' exponential fit through the ends and the midpoint.
private func _ridder(_ f: (Double) -> Double, _ a: Double, _ b: Double,
                     _ xtol: Double, _ rtol: Double, _ maxiter: Int) throws -> RootResult {
    // SciPy fixes the tolerance from the starting bracket.
    let tol = xtol + rtol * (Swift.abs(a) + Swift.abs(b))
    var xa = a, xb = b
    var fa = f(a), fb = f(b)
    var calls = 2
    if let done = try _endpoints(a, b, fa, fb) { return done }
    var xn = 0.0
    var iterations = 0
    for _ in 0..<maxiter {
        iterations += 1
        let dm = 0.5 * (xb - xa)
        let xm = xa + dm
        let fm = f(xm)
        let dn = (fb - fa > 0 ? 1.0 : -1.0) * dm * fm / (fm * fm - fa * fb).squareRoot()
        xn = xm - (dn > 0 ? 1.0 : -1.0) * Swift.min(Swift.abs(dn), Swift.abs(dm) - 0.5 * tol)
        let fn = f(xn)
        calls += 2
        if fm.isNaN { return _nanStop(xm, iterations, calls) }
        if fn.isNaN { return _nanStop(xn, iterations, calls) }
        if fn * fm < 0 {
            (xa, fa, xb, fb) = (xn, fn, xm, fm)
        } else if fn * fa < 0 {
            (xb, fb) = (xn, fn)
        } else {
            (xa, fa) = (xn, fn)
        }
        if fn == 0 || Swift.abs(xb - xa) < tol {
            return RootResult(root: xn, iterations: iterations, functionCalls: calls, converged: true, flag: _converged)
        }
    }
    return RootResult(root: xn, iterations: iterations, functionCalls: calls, converged: false,
                      flag: _convergenceError)
}

/// NumPy's `isclose(p, p0, rtol, atol)`: |p − p0| ≤ atol + rtol·|p0|.
@inline(__always) private func _isClose(_ p: Double, _ p0: Double, rtol: Double, atol: Double) -> Bool {
    Swift.abs(p - p0) <= atol + rtol * Swift.abs(p0)
}

private func _checkOpen(_ xtol: Double, _ maxiter: Int) throws {
    guard xtol > 0 else { throw OptimizeError.invalidOption("tol too small (\(xtol) <= 0)") }
    guard maxiter >= 1 else { throw OptimizeError.invalidOption("maxiter must be greater than 0") }
}

/// `newton`'s scalar Newton–Raphson path, with Halley's correction when a
/// second derivative is given (applied only while it keeps the step's
/// direction, as SciPy does).
private func _newton(_ f: (Double) -> Double, _ x0: Double, _ fprime: (Double) -> Double,
                     _ fprime2: ((Double) -> Double)?, xtol: Double, rtol: Double,
                     maxiter: Int) throws -> RootResult {
    try _checkOpen(xtol, maxiter)
    var p0 = x0, p = x0
    var calls = 0
    for itr in 0..<maxiter {
        let fval = f(p0)
        calls += 1
        if fval == 0 { return RootResult(root: p0, iterations: itr, functionCalls: calls, converged: true, flag: _converged) }
        let fder = fprime(p0)
        calls += 1
        if fder == 0 {
            return RootResult(root: p0, iterations: itr + 1, functionCalls: calls, converged: false,
                              flag: _convergenceError)
        }
        var step = fval / fder
        if let fprime2 {
            let fder2 = fprime2(p0)
            calls += 1
            let adj = step * fder2 / fder / 2
            if Swift.abs(adj) < 1 { step /= 1 - adj }
        }
        p = p0 - step
        if _isClose(p, p0, rtol: rtol, atol: xtol) {
            return RootResult(root: p, iterations: itr + 1, functionCalls: calls, converged: true, flag: _converged)
        }
        p0 = p
    }
    return RootResult(root: p, iterations: maxiter, functionCalls: calls, converged: false, flag: _convergenceError)
}

/// `newton`'s scalar secant path.
private func _secant(_ f: (Double) -> Double, _ x0: Double, _ x1: Double?, xtol: Double, rtol: Double,
                     maxiter: Int) throws -> RootResult {
    try _checkOpen(xtol, maxiter)
    var p0 = x0, p1: Double
    if let x1 {
        guard x1 != x0 else { throw OptimizeError.invalidOption("x1 and x0 must be different") }
        p1 = x1
    } else {
        let eps = 1e-4
        p1 = x0 * (1 + eps)
        p1 += p1 >= 0 ? eps : -eps
    }
    var q0 = f(p0), q1 = f(p1)
    var calls = 2
    if Swift.abs(q1) < Swift.abs(q0) {
        swap(&p0, &p1)
        swap(&q0, &q1)
    }
    var p = p1
    for itr in 0..<maxiter {
        if q1 == q0 {
            // A flat secant: SciPy gives up at the midpoint.
            return RootResult(root: (p1 + p0) / 2, iterations: itr + 1, functionCalls: calls, converged: false,
                              flag: _convergenceError)
        }
        p = Swift.abs(q1) > Swift.abs(q0) ? (-q0 / q1 * p1 + p0) / (1 - q0 / q1) : (-q1 / q0 * p0 + p1) / (1 - q1 / q0)
        if _isClose(p, p1, rtol: rtol, atol: xtol) {
            return RootResult(root: p, iterations: itr + 1, functionCalls: calls, converged: true, flag: _converged)
        }
        (p0, q0) = (p1, q1)
        p1 = p
        q1 = f(p1)
        calls += 1
    }
    return RootResult(root: p, iterations: maxiter, functionCalls: calls, converged: false, flag: _convergenceError)
}
