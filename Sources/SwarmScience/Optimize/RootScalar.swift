// `scipy.optimize.root_scalar`: roots of a scalar function, by bracketing
// (Brent, Brent–hyperbolic, bisection, Ridder — SciPy's C `Zeros/` solvers,
// step for step, so iteration and call counts agree) or from a starting
// point (Newton, secant, Halley — `scipy.optimize.newton`'s scalar path).

/// How ``rootScalar(_:method:fprime:fprime2:xtol:rtol:maxiter:)`` searches.
///
/// The bracketing methods need `f(a)` and `f(b)` of opposite sign and never
/// leave `[a, b]`; the open methods start from `x0` and may diverge.
public enum RootScalarMethod: Sendable, Hashable {
    /// Brent's method with inverse quadratic extrapolation (SciPy's `brentq`).
    case brentq(Double, Double)
    /// Brent's method with hyperbolic extrapolation (SciPy's `brenth`).
    case brenth(Double, Double)
    /// Bisection (SciPy's `bisect`).
    case bisect(Double, Double)
    /// Ridder's exponential-fit method (SciPy's `ridder`).
    case ridder(Double, Double)
    /// Newton–Raphson from `x0`; needs `fprime`.
    case newton(x0: Double)
    /// The secant method from `x0` and `x1` (by default SciPy's
    /// `x0 (1 + 1e-4) ± 1e-4`).
    case secant(x0: Double, x1: Double? = nil)
    /// Halley's method from `x0`; needs `fprime` and `fprime2`.
    case halley(x0: Double)

    /// Whether the method keeps a sign-changing bracket.
    var isBracketing: Bool {
        switch self {
        case .brentq, .brenth, .bisect, .ridder: return true
        case .newton, .secant, .halley: return false
        }
    }
}

/// What a scalar root finder found: SciPy's `RootResults`.
public struct RootResult: Sendable, Hashable, CustomStringConvertible {
    /// The root estimate.
    public var root: Double
    /// Iterations performed.
    public var iterations: Int
    /// Evaluations of `f` (and, for Newton and Halley, of its derivatives).
    public var functionCalls: Int
    /// Whether the tolerance was met.
    public var converged: Bool
    /// SciPy's `flag`: "converged" or "convergence error".
    public var flag: String

    /// Creates a result.
    public init(root: Double, iterations: Int, functionCalls: Int, converged: Bool, flag: String) {
        self.root = root
        self.iterations = iterations
        self.functionCalls = functionCalls
        self.converged = converged
        self.flag = flag
    }

    init(root: Double, iterations: Int, calls: Int, converged: Bool) {
        self.init(root: root, iterations: iterations, functionCalls: calls, converged: converged,
                  flag: converged ? "converged" : "convergence error")
    }

    /// A SciPy-like summary.
    public var description: String {
        "RootResult(converged: \(converged), flag: \(flag), function_calls: \(functionCalls), "
            + "iterations: \(iterations), root: \(root))"
    }
}

/// A root of the scalar function `f` (SciPy's `scipy.optimize.root_scalar`).
///
/// ```swift
/// let r = try rootScalar({ cos($0) - $0 }, method: .brentq(0, 1))
/// // r.root ≈ 0.7390851332151607, r.iterations == 6 as in SciPy
/// ```
///
/// Not converging within `maxiter` is not an error: the result has
/// `converged == false` and the last iterate, as SciPy's `RootResults`.
///
/// - Parameters:
///   - f: The function; called on the calling thread, in order.
///   - method: The method and its bracket or starting point(s).
///   - fprime: `f′`, required by ``RootScalarMethod/newton(x0:)`` and
///     ``RootScalarMethod/halley(x0:)``.
///   - fprime2: `f″`, required by ``RootScalarMethod/halley(x0:)``.
///   - xtol: Absolute tolerance; default 2e-12 for bracketing methods and
///     1.48e-8 for the open ones, as SciPy.
///   - rtol: Relative tolerance; default `4ε` for bracketing methods
///     (the least SciPy accepts) and 0 for the open ones.
///   - maxiter: Iteration limit; default 100 for bracketing methods and 50
///     for the open ones.
/// - Returns: The root with SciPy's counters.
/// - Throws: ``OptimizeError/noSignChange(fa:fb:)`` when the bracket's ends
///   have the same sign; ``OptimizeError/invalidOption(_:)`` for bad
///   tolerances or `x1 == x0`; ``OptimizeError/missingDerivative(_:)``.
/// - Complexity: `O(maxiter)` evaluations of `f`; no allocation.
public func rootScalar(_ f: (Double) -> Double, method: RootScalarMethod,
                       fprime: ((Double) -> Double)? = nil, fprime2: ((Double) -> Double)? = nil,
                       xtol: Double? = nil, rtol: Double? = nil,
                       maxiter: Int? = nil) throws(OptimizeError) -> RootResult {
    let bracketing = method.isBracketing
    let xtol = xtol ?? (bracketing ? 2e-12 : 1.48e-8)
    let rtol = rtol ?? (bracketing ? 4 * Double.ulpOfOne : 0)
    let maxiter = maxiter ?? (bracketing ? 100 : 50)
    if bracketing {
        guard xtol > 0 else { throw .invalidOption("xtol too small (\(xtol) <= 0)") }
        guard rtol >= 4 * Double.ulpOfOne else {
            throw .invalidOption("rtol too small (\(rtol) < \(4 * Double.ulpOfOne))")
        }
        guard maxiter >= 0 else { throw .invalidOption("maxiter must be >= 0") }
    } else {
        guard xtol > 0 else { throw .invalidOption("tol too small (\(xtol) <= 0)") }
        guard maxiter >= 1 else { throw .invalidOption("maxiter must be greater than 0") }
    }
    switch method {
    case let .brentq(a, b):
        return try brentRoot(f, a, b, xtol, rtol, maxiter, hyperbolic: false)
    case let .brenth(a, b):
        return try brentRoot(f, a, b, xtol, rtol, maxiter, hyperbolic: true)
    case let .bisect(a, b):
        return try bisectRoot(f, a, b, xtol, rtol, maxiter)
    case let .ridder(a, b):
        return try ridderRoot(f, a, b, xtol, rtol, maxiter)
    case let .newton(x0):
        guard let fprime else { throw .missingDerivative("fprime must be given for method 'newton'") }
        return newtonRoot(f, x0, fprime, nil, xtol, rtol, maxiter)
    case let .halley(x0):
        guard let fprime, let fprime2 else {
            throw .missingDerivative("fprime and fprime2 must be given for method 'halley'")
        }
        return newtonRoot(f, x0, fprime, fprime2, xtol, rtol, maxiter)
    case let .secant(x0, x1):
        if let x1, x1 == x0 { throw .invalidOption("x1 and x0 must be different") }
        return secantRoot(f, x0, x1, xtol, rtol, maxiter)
    }
}

/// Brent's method as SciPy's `brentq.c` / `brenth.c`: the bracket
/// `[xcur, xblk]` always holds a sign change, `xpre` is the previous
/// iterate, and each step is the interpolated one when it is short enough
/// and a bisection otherwise. The two files differ only in the
/// extrapolation formula.
private func brentRoot(_ f: (Double) -> Double, _ xa: Double, _ xb: Double, _ xtol: Double, _ rtol: Double,
                       _ maxiter: Int, hyperbolic: Bool) throws(OptimizeError) -> RootResult {
    var xpre = xa, xcur = xb, xblk = 0.0
    var fpre = f(xpre), fcur = f(xcur), fblk = 0.0
    var spre = 0.0, scur = 0.0
    var calls = 2
    if fpre == 0 { return RootResult(root: xpre, iterations: 0, calls: calls, converged: true) }
    if fcur == 0 { return RootResult(root: xcur, iterations: 0, calls: calls, converged: true) }
    guard fpre.sign != fcur.sign else { throw .noSignChange(fa: fpre, fb: fcur) }
    var iterations = 0
    while iterations < maxiter {
        iterations += 1
        if fpre != 0 && fcur != 0 && fpre.sign != fcur.sign {
            xblk = xpre; fblk = fpre
            spre = xcur - xpre; scur = spre
        }
        if abs(fblk) < abs(fcur) {
            // Keep the best point in `xcur`.
            xpre = xcur; xcur = xblk; xblk = xpre
            fpre = fcur; fcur = fblk; fblk = fpre
        }
        let delta = (xtol + rtol * abs(xcur)) / 2
        let sbis = (xblk - xcur) / 2
        if fcur == 0 || abs(sbis) < delta {
            return RootResult(root: xcur, iterations: iterations, calls: calls, converged: true)
        }
        if abs(spre) > delta && abs(fcur) < abs(fpre) {
            let stry: Double
            if xpre == xblk {
                // Secant (linear interpolation) through the bracket's ends.
                stry = -fcur * (xcur - xpre) / (fcur - fpre)
            } else {
                let dpre = (fpre - fcur) / (xpre - xcur)
                let dblk = (fblk - fcur) / (xblk - xcur)
                if hyperbolic {
                    stry = -fcur * (fblk - fpre) / (fblk * dpre - fpre * dblk)
                } else {
                    stry = -fcur * (fblk * dblk - fpre * dpre) / (dblk * dpre * (fblk - fpre))
                }
            }
            if 2 * abs(stry) < min(abs(spre), 3 * abs(sbis) - delta) {
                spre = scur; scur = stry
            } else {
                spre = sbis; scur = sbis
            }
        } else {
            spre = sbis; scur = sbis
        }
        xpre = xcur; fpre = fcur
        xcur += abs(scur) > delta ? scur : (sbis > 0 ? delta : -delta)
        fcur = f(xcur)
        calls += 1
    }
    return RootResult(root: xcur, iterations: iterations, calls: calls, converged: false)
}

/// Bisection as SciPy's `bisect.c`: halve `dm` from `xa` until it is
/// within tolerance of the midpoint.
private func bisectRoot(_ f: (Double) -> Double, _ a: Double, _ b: Double, _ xtol: Double, _ rtol: Double,
                        _ maxiter: Int) throws(OptimizeError) -> RootResult {
    var xa = a
    let fa = f(a), fb = f(b)
    var calls = 2
    guard fa * fb <= 0 else { throw .noSignChange(fa: fa, fb: fb) }
    if fa == 0 { return RootResult(root: a, iterations: 0, calls: calls, converged: true) }
    if fb == 0 { return RootResult(root: b, iterations: 0, calls: calls, converged: true) }
    var dm = b - a
    var iterations = 0
    while iterations < maxiter {
        iterations += 1
        dm *= 0.5
        let xm = xa + dm
        let fm = f(xm)
        calls += 1
        if fm * fa >= 0 { xa = xm }
        if fm == 0 || abs(dm) < xtol + rtol * abs(xm) {
            return RootResult(root: xm, iterations: iterations, calls: calls, converged: true)
        }
    }
    return RootResult(root: xa, iterations: iterations, calls: calls, converged: false)
}

/// Ridder's method as SciPy's `ridder.c`: evaluate the midpoint, fit an
/// exponential through the three points, and keep the tightest bracket.
private func ridderRoot(_ f: (Double) -> Double, _ a: Double, _ b: Double, _ xtol: Double, _ rtol: Double,
                        _ maxiter: Int) throws(OptimizeError) -> RootResult {
    var xa = a, xb = b
    var tol = xtol + rtol * min(abs(xa), abs(xb))
    var fa = f(xa), fb = f(xb)
    var calls = 2
    guard fa * fb <= 0 else { throw .noSignChange(fa: fa, fb: fb) }
    if fa == 0 { return RootResult(root: xa, iterations: 0, calls: calls, converged: true) }
    if fb == 0 { return RootResult(root: xb, iterations: 0, calls: calls, converged: true) }
    @inline(__always) func sign(_ v: Double) -> Double { v > 0 ? 1 : -1 }
    var xn = 0.0
    var iterations = 0
    while iterations < maxiter {
        iterations += 1
        let dm = 0.5 * (xb - xa)
        let xm = xa + dm
        let fm = f(xm)
        let dn = sign(fb - fa) * dm * fm / (fm * fm - fa * fb).squareRoot()
        xn = xm - sign(dn) * min(abs(dn), abs(dm) - 0.5 * tol)
        let fn = f(xn)
        calls += 2
        if fn * fm < 0 {
            xa = xn; fa = fn; xb = xm; fb = fm
        } else if fn * fa < 0 {
            xb = xn; fb = fn
        } else {
            xa = xn; fa = fn
        }
        tol = xtol + rtol * xn
        if fn == 0 || abs(xb - xa) < tol {
            return RootResult(root: xn, iterations: iterations, calls: calls, converged: true)
        }
    }
    return RootResult(root: xn, iterations: iterations, calls: calls, converged: false)
}

/// NumPy's `isclose(p, ref, rtol, atol)`, the open methods' stopping test.
@inline(__always)
private func isClose(_ p: Double, _ ref: Double, _ rtol: Double, _ atol: Double) -> Bool {
    abs(p - ref) <= atol + rtol * abs(ref)
}

/// Newton's (and with `fprime2`, Halley's) iteration as
/// `scipy.optimize.newton`: derivative calls count as function calls, and
/// a zero derivative stops with a convergence error.
private func newtonRoot(_ f: (Double) -> Double, _ x0: Double, _ fprime: (Double) -> Double,
                        _ fprime2: ((Double) -> Double)?, _ tol: Double, _ rtol: Double,
                        _ maxiter: Int) -> RootResult {
    var p0 = x0, p = x0
    var calls = 0
    for itr in 0..<maxiter {
        let fval = f(p0)
        calls += 1
        if fval == 0 { return RootResult(root: p0, iterations: itr, calls: calls, converged: true) }
        let fder = fprime(p0)
        calls += 1
        if fder == 0 { return RootResult(root: p0, iterations: itr + 1, calls: calls, converged: false) }
        var step = fval / fder
        if let fprime2 {
            let fder2 = fprime2(p0)
            calls += 1
            // Halley's correction, used only while it is a contraction.
            let adj = step * fder2 / fder / 2
            if abs(adj) < 1 { step /= 1 - adj }
        }
        p = p0 - step
        if isClose(p, p0, rtol, tol) {
            return RootResult(root: p, iterations: itr + 1, calls: calls, converged: true)
        }
        p0 = p
    }
    return RootResult(root: p, iterations: maxiter, calls: calls, converged: false)
}

/// The secant iteration as `scipy.optimize.newton` without `fprime`.
private func secantRoot(_ f: (Double) -> Double, _ x0: Double, _ x1: Double?, _ tol: Double, _ rtol: Double,
                        _ maxiter: Int) -> RootResult {
    var p0 = x0
    var p1: Double
    if let x1 {
        p1 = x1
    } else {
        p1 = x0 * (1 + 1e-4)
        p1 += p1 >= 0 ? 1e-4 : -1e-4
    }
    var q0 = f(p0), q1 = f(p1)
    var calls = 2
    if abs(q1) < abs(q0) { swap(&p0, &p1); swap(&q0, &q1) }
    var p = p1
    for itr in 0..<maxiter {
        if q1 == q0 {
            // A flat secant: SciPy returns the midpoint as a convergence error.
            return RootResult(root: (p1 + p0) / 2, iterations: itr + 1, calls: calls, converged: false)
        }
        // Divide by the larger of q0, q1 for stability, as SciPy does.
        if abs(q1) > abs(q0) {
            p = (-q0 / q1 * p1 + p0) / (1 - q0 / q1)
        } else {
            p = (-q1 / q0 * p0 + p1) / (1 - q1 / q0)
        }
        if isClose(p, p1, rtol, tol) {
            return RootResult(root: p, iterations: itr + 1, calls: calls, converged: true)
        }
        p0 = p1; q0 = q1
        p1 = p
        q1 = f(p1)
        calls += 1
    }
    return RootResult(root: p, iterations: maxiter, calls: calls, converged: false)
}
