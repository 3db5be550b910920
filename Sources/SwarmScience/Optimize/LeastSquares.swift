// `scipy.optimize.least_squares` with `method='lm'`: MINPACK's
// Levenberg–Marquardt on the residuals, with SciPy's result fields.

/// The algorithm ``leastSquares(_:x0:jacobian:method:loss:fScale:ftol:xtol:gtol:maxNfev:)`` uses.
public enum LeastSquaresMethod: Sendable, Hashable {
    /// SciPy's default: the trust-region reflective method with the exact
    /// (SVD) subproblem solver; any ``RobustLoss``. (Bounds: not yet.)
    case trf
    /// MINPACK's Levenberg–Marquardt (`lmder`), unbounded, linear loss only.
    case lm
}

/// What ``leastSquares(_:x0:jacobian:method:ftol:xtol:gtol:maxNfev:)`` found,
/// with the fields of SciPy's `least_squares` result.
public struct LeastSquaresResult: Sendable, Hashable, CustomStringConvertible {
    /// The solution.
    public var x: [Double]
    /// Half the sum of squared residuals at `x`.
    public var cost: Double
    /// The residuals at `x`.
    public var fun: [Double]
    /// The Jacobian at `x`, m×n row-major.
    public var jac: [Double]
    /// The gradient of the cost, `Jᵀ f`.
    public var grad: [Double]
    /// The first-order optimality measure, `‖grad‖∞`.
    public var optimality: Double
    /// Per variable: 0 free, −1 at its lower bound, 1 at its upper bound.
    public var activeMask: [Int]
    /// Residual evaluations (finite-difference ones not counted, as SciPy).
    public var nfev: Int
    /// Jacobian evaluations of a given `jacobian` (nil when estimated).
    public var njev: Int?
    /// SciPy's status: 0 evaluation limit, 1 gtol, 2 ftol, 3 xtol, 4 ftol and xtol.
    public var status: Int
    /// SciPy's message for `status`.
    public var message: String
    /// Whether a convergence test was met (`status > 0`).
    public var success: Bool

    /// A SciPy-like summary.
    public var description: String {
        "LeastSquaresResult(success: \(success), status: \(status), message: \"\(message)\", cost: \(cost), "
            + "x: \(x), nfev: \(nfev))"
    }

    /// SciPy's termination message for a status.
    static func message(status: Int) -> String {
        switch status {
        case 0: return "The maximum number of function evaluations is exceeded."
        case 1: return "`gtol` termination condition is satisfied."
        case 2: return "`ftol` termination condition is satisfied."
        case 3: return "`xtol` termination condition is satisfied."
        default: return "Both `ftol` and `xtol` termination conditions are satisfied."
        }
    }
}

/// The nonlinear least-squares solution `argmin ½‖r(x)‖²` (SciPy's
/// `scipy.optimize.least_squares`).
///
/// ```swift
/// let r = try leastSquares({ x in [10 * (x[1] - x[0] * x[0]), 1 - x[0]] }, x0: [-1.2, 1], method: .lm)
/// // r.x ≈ [1, 1]
/// ```
///
/// Without `jacobian`, the Jacobian comes from SciPy's 2-point differences
/// (step `√ε · max(1, |xⱼ|)` with the sign of `xⱼ`).
///
/// - Parameters:
///   - residuals: `r(x)`, m ≥ n values; called on the calling thread.
///   - x0: The starting point.
///   - jacobian: `∂r/∂x` at `x`, m×n row-major.
///   - method: The algorithm.
///   - ftol, xtol, gtol: SciPy's tolerances (each at least `ε` for `lm`).
///   - maxNfev: Residual-evaluation limit; default `100 n`.
/// - Returns: The solution with SciPy's fields; hitting `maxNfev` is
///   `success == false`, not an error.
/// - Throws: ``OptimizeError/emptyStart``; ``OptimizeError/invalidOption(_:)``
///   for `m < n` or a tolerance below `ε`;
///   ``OptimizeError/notFiniteAtStart(_:)`` when `r(x0)` is not finite.
public func leastSquares(_ residuals: ([Double]) -> [Double], x0: [Double],
                         jacobian: (([Double]) -> [Double])? = nil, method: LeastSquaresMethod = .trf,
                         loss: RobustLoss = .linear, fScale: Double = 1, ftol: Double = 1e-8, xtol: Double = 1e-8, gtol: Double = 1e-8,
                         maxNfev: Int? = nil) throws(OptimizeError) -> LeastSquaresResult {
    // The residual closure runs only during this call.
    try withoutActuallyEscaping(residuals) { (residuals) throws(OptimizeError) in
        if method == .trf {
            return try trfLeastSquares(residuals, x0: x0, jacobian: jacobian, loss: loss, fScale: fScale,
                                       ftol: ftol, xtol: xtol, gtol: gtol, maxNfev: maxNfev)
        }
        guard loss == .linear else { throw .invalidOption("method='lm' supports only 'linear' loss function.") }
        return try lmLeastSquares(residuals, x0: x0, jacobian: jacobian, ftol: ftol, xtol: xtol, gtol: gtol,
                           maxNfev: maxNfev)
    }
}

/// ``leastSquares(_:x0:jacobian:method:loss:fScale:ftol:xtol:gtol:maxNfev:)`` with `method: .trf`.
private func trfLeastSquares(_ residuals: ([Double]) -> [Double], x0: [Double],
                             jacobian: (([Double]) -> [Double])?, loss: RobustLoss, fScale: Double, ftol: Double,
                             xtol: Double, gtol: Double, maxNfev: Int?) throws(OptimizeError) -> LeastSquaresResult {
    let n = x0.count
    guard n > 0 else { throw .emptyStart }
    guard fScale > 0 else { throw .invalidOption("`f_scale` must be positive.") }
    let f0 = residuals(x0)
    let m = f0.count
    if let bad = f0.first(where: { !$0.isFinite }) { throw .notFiniteAtStart(bad) }
    let jac: ([Double], [Double]) -> [Double] = { x, f in
        var out = [Double](repeating: 0, count: m * n)
        if let jacobian {
            let j = jacobian(x)
            precondition(j.count == m * n, "jacobian returned \(j.count) values, expected \(m)×\(n)")
            for r in 0..<m { for c in 0..<n { out[r + c * m] = j[r * n + c] } }
        } else {
            x.withUnsafeBufferPointer { xb in
                f.withUnsafeBufferPointer { fb in
                    out.withUnsafeMutableBufferPointer { twoPointJacobian(residuals, x: xb, f: fb, m: m, into: $0) }
                }
            }
        }
        return out
    }
    let r = trustRegionReflective(residuals, x0: x0, f0: f0, jac: jac, loss: loss, fScale: fScale, ftol: ftol,
                                  xtol: xtol, gtol: gtol, maxNfev: maxNfev ?? 100 * n)
    var jacRows = [Double](repeating: 0, count: m * n)
    for i in 0..<m { for j in 0..<n { jacRows[i * n + j] = r.jac[i + j * m] } }
    return LeastSquaresResult(x: r.x, cost: r.cost, fun: r.fun, jac: jacRows, grad: r.grad,
                              optimality: r.optimality, activeMask: [Int](repeating: 0, count: n), nfev: r.nfev,
                              njev: jacobian == nil ? nil : r.njev, status: r.status,
                              message: LeastSquaresResult.message(status: r.status), success: r.status > 0)
}

/// ``leastSquares(_:x0:jacobian:method:loss:fScale:ftol:xtol:gtol:maxNfev:)`` with `method: .lm`.
private func lmLeastSquares(_ residuals: @escaping ([Double]) -> [Double], x0: [Double],
                            jacobian: (([Double]) -> [Double])?, ftol: Double, xtol: Double, gtol: Double,
                            maxNfev: Int?) throws(OptimizeError) -> LeastSquaresResult {
    let n = x0.count
    guard n > 0 else { throw .emptyStart }
    let eps = Double.ulpOfOne
    for (name, tol) in [("ftol", ftol), ("xtol", xtol), ("gtol", gtol)] where tol < eps {
        throw .invalidOption("`\(name)` must be no less than \(eps) for method 'lm'.")
    }
    let f0 = residuals(x0)
    let m = f0.count
    guard m >= n else {
        throw .invalidOption("Method 'lm' doesn't work when the number of residuals is less than the number "
                             + "of variables.")
    }
    if let bad = f0.first(where: { !$0.isFinite }) { throw .notFiniteAtStart(bad) }
    var first: [Double]? = f0
    var xBuffer = [Double](repeating: 0, count: n)
    let evaluate: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void = { x, out in
        // The first call is at x0, already evaluated above.
        if let f = first {
            first = nil
            for i in 0..<m { out[i] = f[i] }
            return
        }
        for j in 0..<n { xBuffer[j] = x[j] }
        let f = residuals(xBuffer)
        precondition(f.count == m, "residuals returned \(f.count) values, expected \(m)")
        for i in 0..<m { out[i] = f[i] }
    }
    let jacobianInto: (UnsafeBufferPointer<Double>, UnsafeBufferPointer<Double>,
                       UnsafeMutableBufferPointer<Double>) -> Int
    if let jacobian {
        jacobianInto = { x, _, out in
            let j = jacobian(Array(x))
            precondition(j.count == m * n, "jacobian returned \(j.count) values, expected \(m)×\(n)")
            for r in 0..<m { for c in 0..<n { out[r + c * m] = j[r * n + c] } }
            return 0
        }
    } else {
        jacobianInto = { x, f, out in
            twoPointJacobian(residuals, x: x, f: f, m: m, into: out)
            return 0
        }
    }
    let run = minpackLM(m: m, x0: x0, ftol: ftol, xtol: xtol, gtol: gtol, maxfev: maxNfev ?? 100 * n,
                        diag: nil, f: evaluate, jac: jacobianInto)
    // SciPy reports the Jacobian at the solution, evaluated afresh.
    var jacColumns = [Double](repeating: 0, count: m * n)
    jacColumns.withUnsafeMutableBufferPointer { out in
        run.x.withUnsafeBufferPointer { x in
            run.fvec.withUnsafeBufferPointer { f in _ = jacobianInto(x, f, out) }
        }
    }
    var jac = [Double](repeating: 0, count: m * n)
    var grad = [Double](repeating: 0, count: n)
    for c in 0..<n {
        var g = 0.0
        for r in 0..<m {
            let v = jacColumns[r + c * m]
            jac[r * n + c] = v
            g += v * run.fvec[r]
        }
        grad[c] = g
    }
    let cost = 0.5 * run.fvec.reduce(0) { $0 + $1 * $1 }
    // MINPACK's info to SciPy's status (6–8, tolerances too small, as the
    // corresponding test; SciPy's own tolerance check keeps them out).
    let status = [0: -1, 1: 2, 2: 3, 3: 4, 4: 1, 5: 0, 6: 2, 7: 3, 8: 1][run.info] ?? -1
    return LeastSquaresResult(x: run.x, cost: cost, fun: run.fvec, jac: jac, grad: grad,
                              optimality: grad.reduce(0) { max($0, abs($1)) },
                              activeMask: [Int](repeating: 0, count: n), nfev: run.nfev,
                              njev: jacobian == nil ? nil : run.njev, status: status,
                              message: LeastSquaresResult.message(status: status), success: status > 0)
}

/// SciPy's `approx_derivative(method='2-point')` Jacobian, written
/// column-major: step `√ε · max(1, |xⱼ|)` signed as `xⱼ` (0 counts as +),
/// rounded to a representable difference.
func twoPointJacobian(_ residuals: ([Double]) -> [Double], x: UnsafeBufferPointer<Double>,
                      f: UnsafeBufferPointer<Double>, m: Int, into out: UnsafeMutableBufferPointer<Double>) {
    let n = x.count
    let relStep = Double.ulpOfOne.squareRoot()
    var xp = Array(x)
    for j in 0..<n {
        let sign: Double = x[j] >= 0 ? 1 : -1
        let h0 = relStep * sign * max(1, abs(x[j]))
        let h = (x[j] + h0) - x[j]
        xp[j] = x[j] + h
        let fp = residuals(xp)
        xp[j] = x[j]
        for i in 0..<m { out[i + j * m] = (fp[i] - f[i]) / h }
    }
}

/// MINPACK `fdjac2` (as `lmdif` and SciPy's `leastsq` use it): forward
/// differences with step `√ε |xⱼ|` (`√ε` when `xⱼ = 0`), column-major.
func forwardDifferenceJacobian(_ residuals: ([Double]) -> [Double], x: UnsafeBufferPointer<Double>,
                               f: UnsafeBufferPointer<Double>, m: Int,
                               into out: UnsafeMutableBufferPointer<Double>) {
    let n = x.count
    let eps = Double.ulpOfOne.squareRoot()
    var xp = Array(x)
    for j in 0..<n {
        var h = eps * abs(x[j])
        if h == 0 { h = eps }
        xp[j] = x[j] + h
        let fp = residuals(xp)
        xp[j] = x[j]
        for i in 0..<m { out[i + j * m] = (fp[i] - f[i]) / h }
    }
}
