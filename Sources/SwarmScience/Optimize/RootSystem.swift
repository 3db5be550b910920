// `scipy.optimize.root` for systems of equations. `method='hybr'` (the
// default) is MINPACK's hybrid Powell method; `method='lm'` solves
// F(x) = 0 as the least-squares problem min ‖F(x)‖² with MINPACK's
// Levenberg–Marquardt, exactly as SciPy's `_root_leastsq` calls `leastsq`.

/// How ``root(_:x0:jacobian:method:xtol:maxfev:)`` solves the system.
public enum RootSystemMethod: Sendable, Hashable {
    /// MINPACK's hybrid Powell method (`hybrd`, or `hybrj` with a
    /// Jacobian): dogleg steps with Broyden updates; square systems only.
    case hybr
    /// MINPACK's Levenberg–Marquardt (`lmdif`, or `lmder` with a Jacobian).
    case lm
}

/// What ``root(_:x0:jacobian:method:xtol:maxfev:)`` found, with SciPy's fields.
public struct RootSystemResult: Sendable, Hashable, CustomStringConvertible {
    /// The solution (or last iterate).
    public var x: [Double]
    /// `F(x)`.
    public var fun: [Double]
    /// Whether a convergence test was met.
    public var success: Bool
    /// MINPACK's `info` as SciPy reports it (1–4 converged).
    public var status: Int
    /// SciPy's message for `status`.
    public var message: String
    /// Evaluations of `F` (finite-difference ones included without a Jacobian).
    public var nfev: Int
    /// Evaluations of the given Jacobian (0 without one).
    public var njev: Int

    /// A SciPy-like summary.
    public var description: String {
        "RootSystemResult(success: \(success), status: \(status), message: \"\(message)\", x: \(x), nfev: \(nfev))"
    }
}

/// A root of the system `F(x) = 0` (SciPy's `scipy.optimize.root`).
///
/// ```swift
/// let r = try root({ x in [10 * (x[1] - x[0] * x[0]), 1 - x[0]] }, x0: [-1.2, 1])
/// // r.x ≈ [1, 1]
/// ```
///
/// - Parameters:
///   - f: `F`, n equations in n unknowns (more equations are solved in least
///     squares); called on the calling thread.
///   - x0: The starting point.
///   - jacobian: `∂F/∂x`, m×n row-major; without it, MINPACK's forward
///     differences.
///   - method: The algorithm.
///   - xtol: Relative step tolerance (SciPy's default 1.49012e-8; also `ftol`).
///   - maxfev: Evaluation limit; default `200 (n + 1)`, or `100 (n + 1)`
///     with a Jacobian, as SciPy.
/// - Returns: The root; not converging is `success == false`, not an error.
/// - Throws: ``OptimizeError/emptyStart``; ``OptimizeError/invalidOption(_:)``
///   when F has fewer components than x (or, for `hybr`, not exactly as many).
public func root(_ f: ([Double]) -> [Double], x0: [Double], jacobian: (([Double]) -> [Double])? = nil,
                 method: RootSystemMethod = .hybr, xtol: Double = 1.49012e-8,
                 maxfev: Int? = nil) throws(OptimizeError) -> RootSystemResult {
    let n = x0.count
    guard n > 0 else { throw .emptyStart }
    let f0 = f(x0)
    let m = f0.count
    guard m >= n else {
        throw .invalidOption("Improper input: func input vector length N=\(n) must not exceed func output "
                             + "vector length M=\(m)")
    }
    let limit = maxfev ?? (jacobian == nil ? 200 : 100) * (n + 1)
    if method == .hybr {
        guard m == n else {
            throw .invalidOption("fsolve: there is a mismatch between the input and output shape of the 'func' "
                                 + "argument: F has \(m) components for \(n) unknowns.")
        }
        return withoutActuallyEscaping(f) { f in
            let callbacks = _MinpackCallbacks(f, f0: f0, m: n, n: n, jacobian: jacobian)
            let run = powellHybrid(x0: x0, xtol: xtol, maxfev: limit, f: callbacks.residuals, jac: callbacks.jacobian)
            return RootSystemResult(x: run.x, fun: run.fvec, success: run.info == 1, status: run.info,
                                    message: hybridMessage(info: run.info, xtol: xtol, maxfev: limit),
                                    nfev: run.nfev, njev: jacobian == nil ? 0 : run.njev)
        }
    }
    return withoutActuallyEscaping(f) { f in
        let callbacks = _MinpackCallbacks(f, f0: f0, m: m, n: n, jacobian: jacobian)
        let run = minpackLM(m: m, x0: x0, ftol: xtol, xtol: xtol, gtol: 0, maxfev: limit, diag: nil,
                            f: callbacks.residuals, jac: callbacks.jacobian)
        return RootSystemResult(x: run.x, fun: run.fvec, success: (1...4).contains(run.info), status: run.info,
                                message: leastsqMessage(info: run.info, ftol: xtol, xtol: xtol, gtol: 0,
                                                        maxfev: limit),
                                nfev: run.nfev, njev: jacobian == nil ? 0 : run.njev)
    }
}

/// SciPy's `hybr` message for MINPACK's `info`.
func hybridMessage(info: Int, xtol: Double, maxfev: Int) -> String {
    switch info {
    case 1: return "The solution converged."
    case 2: return "The number of calls to function has reached maxfev = \(maxfev)."
    case 3:
        return "xtol=\(pythonFixed(xtol)) is too small, no further improvement in the approximate\n solution is possible."
    case 4:
        return "The iteration is not making good progress, as measured by the \n improvement from the last five "
            + "Jacobian evaluations."
    case 5:
        return "The iteration is not making good progress, as measured by the \n improvement from the last "
            + "ten iterations."
    default: return "Improper input parameters were entered."
    }
}

/// Python's `"%f"`: six decimals.
func pythonFixed(_ v: Double) -> String {
    let scaled = (v * 1e6).rounded()
    let whole = Int(scaled / 1e6)
    let frac = Int(abs(scaled).truncatingRemainder(dividingBy: 1e6))
    let digits = String(frac)
    return "\(whole)." + String(repeating: "0", count: 6 - digits.count) + digits
}

/// SciPy's `leastsq` message for MINPACK's `info` (its `%f` formatting kept).
func leastsqMessage(info: Int, ftol: Double, xtol: Double, gtol: Double, maxfev: Int) -> String {
    let fixed = pythonFixed
    switch info {
    case 1: return "Both actual and predicted relative reductions in the sum of squares\n  are at most \(fixed(ftol))"
    case 2: return "The relative error between two consecutive iterates is at most \(fixed(xtol))"
    case 3:
        return "Both actual and predicted relative reductions in the sum of squares\n  are at most \(fixed(ftol)) "
            + "and the relative error between two consecutive iterates is at \n  most \(fixed(xtol))"
    case 4:
        return "The cosine of the angle between func(x) and any column of the\n  Jacobian is at most "
            + "\(fixed(gtol)) in absolute value"
    case 5: return "Number of calls to function has reached maxfev = \(maxfev)."
    case 6: return "ftol=\(fixed(ftol)) is too small, no further reduction in the sum of squares\n  is possible."
    case 7:
        return "xtol=\(fixed(xtol)) is too small, no further improvement in the approximate\n  solution is possible."
    case 8:
        return "gtol=\(fixed(gtol)) is too small, func(x) is orthogonal to the columns of\n  the Jacobian to "
            + "machine precision."
    default: return "Improper input parameters."
    }
}

/// MINPACK's two callbacks for a user system F: ℝⁿ → ℝᵐ. The first F call
/// (at x0) reuses the value already computed to learn m; the Jacobian is the
/// user's (row-major m×n, stored column-major for MINPACK) or forward
/// differences, which return the n evaluations they spent.
private final class _MinpackCallbacks {
    let f: ([Double]) -> [Double]
    let m: Int, n: Int
    let userJacobian: (([Double]) -> [Double])?
    private var first: [Double]?

    init(_ f: @escaping ([Double]) -> [Double], f0: [Double], m: Int, n: Int, jacobian: (([Double]) -> [Double])?) {
        self.f = f
        self.first = f0
        self.m = m
        self.n = n
        self.userJacobian = jacobian
    }

    func residuals(_ x: UnsafeBufferPointer<Double>, _ out: UnsafeMutableBufferPointer<Double>) {
        let v: [Double]
        if let f0 = first {
            v = f0
            first = nil
        } else {
            v = f(Array(x))
        }
        precondition(v.count == m, "F returned \(v.count) values, expected \(m)")
        for i in 0..<m { out[i] = v[i] }
    }

    func jacobian(_ x: UnsafeBufferPointer<Double>, _ fx: UnsafeBufferPointer<Double>,
                  _ out: UnsafeMutableBufferPointer<Double>) -> Int {
        if let userJacobian {
            let j = userJacobian(Array(x))
            precondition(j.count == m * n, "jacobian returned \(j.count) values, expected \(m)×\(n)")
            for r in 0..<m { for c in 0..<n { out[r + c * m] = j[r * n + c] } }
            return 0
        }
        forwardDifferenceJacobian(f, x: x, f: fx, m: m, into: out)
        return n
    }
}
