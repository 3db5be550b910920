// The vocabulary of `solveIVP`: which method, how it ended, what it returns,
// and why it could not start. SciPy's `scipy.integrate.solve_ivp` names.

/// An integration method of ``solveIVP(_:tSpan:y0:method:tEval:denseOutput:events:rtol:atol:maxStep:firstStep:jacobian:)``
/// (SciPy's `method=` strings).
public enum IVPMethod: String, Sendable, Hashable, CaseIterable {
    /// Bogacki–Shampine 3(2), explicit, with cubic Hermite dense output (`'RK23'`).
    case rk23 = "RK23"
    /// Dormand–Prince 5(4), explicit, with quartic dense output (`'RK45'`, the default).
    case rk45 = "RK45"
    /// Hairer's DOP853: explicit order 8 with 5th and 3rd order error
    /// estimates and 7th order dense output (`'DOP853'`).
    case dop853 = "DOP853"
    /// Implicit Runge–Kutta Radau IIA of order 5, for stiff problems (`'Radau'`).
    case radau = "Radau"
    /// Variable-order (1 to 5) numerical differentiation formulas in
    /// quasi-constant step form, for stiff problems (`'BDF'`).
    case bdf = "BDF"

    /// Whether the method solves a linear system each step (and so uses
    /// a Jacobian: the one given, or finite differences).
    public var isImplicit: Bool { self == .radau || self == .bdf }
}

/// How an integration ended (SciPy's `status`: -1, 0 or 1).
public enum IVPStatus: Int, Sendable, Hashable, CaseIterable {
    /// The step size fell below the spacing of floating-point numbers at `t`.
    case failed = -1
    /// The end of the interval was reached.
    case reachedEnd = 0
    /// A terminal event occurred.
    case terminalEvent = 1
}

/// Why an integration could not start (SciPy raises `ValueError` for each).
/// Numerical failure during the integration is not an error: it ends with
/// ``IVPStatus/failed`` and SciPy's message.
public enum IVPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// An end of `tSpan` is NaN or infinite.
    case invalidTimeSpan(Double, Double)
    /// A component of `y0` is NaN or infinite.
    case nonFiniteInitialState
    /// `atol` has a negative component.
    case negativeAbsoluteTolerance
    /// A per-component `atol` does not have one entry per component.
    case toleranceShape(expected: Int, got: Int)
    /// `maxStep` is not positive.
    case invalidMaxStep(Double)
    /// `firstStep` is not positive.
    case nonPositiveFirstStep(Double)
    /// `firstStep` is longer than the interval.
    case firstStepExceedsBounds(Double)
    /// A `tEval` value lies outside `tSpan`.
    case tEvalOutsideSpan
    /// `tEval` is not strictly monotonic in the direction of integration.
    case tEvalNotSorted
    /// The Jacobian does not have shape (n, n).
    case jacobianShape(expected: Int, rows: Int, columns: Int)
    /// An event's terminal count is negative.
    case invalidTerminalCount(Int)
    /// `odeint` could not reach the last time; SciPy's message says why.
    case integrationFailed(String)

    /// What is wrong, in SciPy's words.
    public var description: String {
        switch self {
        case let .invalidTimeSpan(a, b): return "`t_span` must be finite, got (\(a), \(b))."
        case .nonFiniteInitialState: return "All components of the initial state `y0` must be finite."
        case .negativeAbsoluteTolerance: return "`atol` must be positive."
        case let .toleranceShape(n, got): return "`atol` has wrong shape: expected \(n) entries, got \(got)."
        case .invalidMaxStep: return "`max_step` must be positive."
        case .nonPositiveFirstStep: return "`first_step` must be positive."
        case .firstStepExceedsBounds: return "`first_step` exceeds bounds."
        case .tEvalOutsideSpan: return "Values in `t_eval` are not within `t_span`."
        case .tEvalNotSorted: return "Values in `t_eval` are not properly sorted."
        case let .jacobianShape(n, r, c):
            return "`jac` is expected to have shape (\(n), \(n)), but actually has (\(r), \(c))."
        case .invalidTerminalCount:
            return "The `terminal` attribute of each event must be a boolean or positive integer."
        case .integrationFailed(let message): return "The integration failed: \(message)"
        }
    }
}

/// An absolute tolerance: one for all components, or one per component
/// (SciPy's scalar or array `atol`).
public enum IVPTolerance: Sendable, Hashable, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByArrayLiteral
{
    /// The same tolerance for every component.
    case scalar(Double)
    /// One tolerance per component of `y`.
    case perComponent([Double])

    /// A scalar tolerance from a literal (`atol: 1e-9`).
    public init(floatLiteral value: Double) { self = .scalar(value) }
    /// A scalar tolerance from an integer literal (`atol: 0`).
    public init(integerLiteral value: Int) { self = .scalar(Double(value)) }
    /// Per-component tolerances from an array literal (`atol: [1e-8, 1e-14, 1e-6]`).
    public init(arrayLiteral elements: Double...) { self = .perComponent(elements) }

    /// The tolerance per component for a state of `n` components.
    /// - Throws: ``IVPError`` when the count is wrong or a value is negative.
    func expanded(to n: Int) throws(IVPError) -> [Double] {
        let values: [Double]
        switch self {
        case .scalar(let a): values = Array(repeating: a, count: n)
        case .perComponent(let a):
            guard a.count == n else { throw .toleranceShape(expected: n, got: a.count) }
            values = a
        }
        if values.contains(where: { $0 < 0 }) { throw .negativeAbsoluteTolerance }
        return values
    }
}
