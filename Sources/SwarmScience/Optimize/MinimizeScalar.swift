// Scalar minimisation, as SciPy's `minimize_scalar`: Brent's method and the
// golden-section search on a bracket found by SciPy's `bracket`, and the
// bounded Brent method of `fminbound`. They share the line minimisers that
// Powell's method uses, so counts and iterates are SciPy's.

/// Which scalar minimiser to run.
public enum MinimizeScalarMethod: Sendable, Hashable {
    /// Brent's method on a bracket searched from the two points given
    /// (SciPy's `bracket=(a, b)`), or from (0, 1) when nil.
    case brent(bracket: (Double, Double)? = nil)
    /// The golden-section search on a bracket found as for `.brent`.
    case golden(bracket: (Double, Double)? = nil)
    /// The bounded Brent method on [lower, upper] (`fminbound`).
    case bounded(Double, Double)

    /// Same method with the same bracket or bounds.
    public static func == (l: Self, r: Self) -> Bool {
        switch (l, r) {
        case let (.brent(a), .brent(b)), let (.golden(a), .golden(b)): return a?.0 == b?.0 && a?.1 == b?.1
        case let (.bounded(a, b), .bounded(c, d)): return a == c && b == d
        default: return false
        }
    }

    /// Hashes the method and its numbers.
    public func hash(into h: inout Hasher) {
        switch self {
        case .brent(let b): h.combine(0); h.combine(b?.0); h.combine(b?.1)
        case .golden(let b): h.combine(1); h.combine(b?.0); h.combine(b?.1)
        case let .bounded(a, b): h.combine(2); h.combine(a); h.combine(b)
        }
    }
}

/// Minimises a function of one variable, as `scipy.optimize.minimize_scalar`.
///
/// `tol` is SciPy's `xtol` (relative, Brent 1.48e-8 and golden √ε by
/// default) or, for `.bounded`, `xatol` (absolute, 1e-5). `maxiter`
/// defaults to SciPy's 500 (Brent and bounded) and 5000 (golden); for
/// `.bounded` it limits function calls, as in SciPy. The result's `x` has
/// one element; `nit` and `nfev` are counted as SciPy counts them.
///
/// - Throws: `OptimizeError.invalidBounds` for non-finite or reversed
///   bounds, `.invalidOption` for a negative tolerance.
public func minimizeScalar(_ f: (Double) -> Double, method: MinimizeScalarMethod = .brent(),
                           tol: Double? = nil, maxiter: Int? = nil) throws -> OptimizeResult {
    switch method {
    case .brent(let bracket):
        let xtol = tol ?? 1.48e-8, maxiter = maxiter ?? 500
        guard xtol >= 0 else { throw OptimizeError.invalidOption("tolerance should be >= 0, got \(xtol)") }
        let run = _bracketedBrentRun(f, from: bracket ?? (0, 1), tol: xtol, maxiter: maxiter)
        return _scalarResult(run.x, run.fx, nit: run.nit, nfev: run.nfev, maxiter: maxiter, xtol: xtol,
                             bracketed: run.bracketed)
    case .golden(let bracket):
        let xtol = tol ?? Double.ulpOfOne.squareRoot(), maxiter = maxiter ?? 5000
        guard xtol >= 0 else { throw OptimizeError.invalidOption("tolerance should be >= 0, got \(xtol)") }
        return _golden(f, from: bracket ?? (0, 1), xtol: xtol, maxiter: maxiter)
    case let .bounded(lower, upper):
        guard lower.isFinite, upper.isFinite else {
            throw OptimizeError.invalidBounds("Optimization bounds must be finite scalars.")
        }
        guard lower <= upper else { throw OptimizeError.invalidBounds("The lower bound exceeds the upper bound.") }
        let xatol = tol ?? 1e-5
        guard xatol >= 0 else { throw OptimizeError.invalidOption("xatol should be >= 0, got \(xatol)") }
        let run = _boundedBrentRun(f, lower, upper, xatol: xatol, maxfun: maxiter ?? 500)
        let status = run.x.isNaN || run.fx.isNaN ? 2 : run.exhausted ? 1 : 0
        let message = [0: "Solution found.", 1: "Maximum number of function calls reached.",
                       2: _OptimizeMessage.nan][status]!
        return OptimizeResult(x: [run.x], fun: run.fx, nit: run.nfev, nfev: run.nfev, success: status == 0,
                              status: status, message: message)
    }
}

/// The Brent and golden results, with SciPy's messages.
private func _scalarResult(_ x: Double, _ fx: Double, nit: Int, nfev: Int, maxiter: Int, xtol: Double,
                           bracketed: Bool) -> OptimizeResult {
    if !bracketed {
        return OptimizeResult(x: [x], fun: fx, nit: nit, nfev: nfev, success: false, status: 1,
                              message: "The algorithm terminated without finding a valid bracket. "
                                  + "Consider trying different initial points.")
    }
    let nan = x.isNaN || fx.isNaN
    let success = nit < maxiter && !nan
    let message = success
        ? "\nOptimization terminated successfully;\nThe returned value satisfies the termination criteria\n"
            + "(using xtol = \(xtol) )"
        : nan ? _OptimizeMessage.nan : "\nMaximum number of iterations exceeded"
    return OptimizeResult(x: [x], fun: fx, nit: nit, nfev: nfev, success: success, status: success ? 0 : 1,
                          message: message)
}

/// `_minimize_scalar_golden`: golden-section search inside a bracket.
private func _golden(_ f: (Double) -> Double, from start: (Double, Double), xtol: Double,
                     maxiter: Int) -> OptimizeResult {
    let gR = 0.61803399, gC = 1 - gR  // SciPy's rounding of the golden ratio conjugate
    let (br, valid, calls) = _bracket(f, start)
    let (xa, xb, xc, fa, fb, fc) = br
    guard valid else {
        let best = [(xa, fa), (xb, fb), (xc, fc)].min { $0.1 < $1.1 }!
        return _scalarResult(best.0, best.1, nit: 0, nfev: calls, maxiter: maxiter, xtol: xtol, bracketed: false)
    }
    var x0 = xa, x3 = xc, x1: Double, x2: Double
    if Swift.abs(xc - xb) > Swift.abs(xb - xa) {
        x1 = xb
        x2 = xb + gC * (xc - xb)
    } else {
        x2 = xb
        x1 = xb - gC * (xb - xa)
    }
    var f1 = f(x1), f2 = f(x2)
    var nfev = calls + 2, nit = 0
    for _ in 0..<maxiter {
        if Swift.abs(x3 - x0) <= xtol * (Swift.abs(x1) + Swift.abs(x2)) { break }
        if f2 < f1 {
            (x0, x1) = (x1, x2)
            x2 = gR * x1 + gC * x3
            f1 = f2
            f2 = f(x2)
        } else {
            (x3, x2) = (x2, x1)
            x1 = gR * x2 + gC * x0
            f2 = f1
            f1 = f(x1)
        }
        nfev += 1
        nit += 1
    }
    let (x, fx) = f1 < f2 ? (x1, f1) : (x2, f2)
    return _scalarResult(x, fx, nit: nit, nfev: nfev, maxiter: maxiter, xtol: xtol, bracketed: true)
}
