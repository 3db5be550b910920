// What `solveIVP` returns: SciPy's `OdeResult` fields, with `y` laid out as
// SciPy lays it out (one row per component) so `y[i]` reads as `sol.y[i]`.

/// The outcome of ``solveIVP(_:tSpan:y0:method:tEval:denseOutput:events:rtol:atol:maxStep:firstStep:jacobian:)``
/// (SciPy's `OdeResult`).
///
/// `y` has SciPy's shape `(n, len(t))`: `y[i][j]` is component `i` at time
/// `t[j]`. ``state(at:)`` gives the whole state at one time.
public struct IVPResult: Sendable {
    /// The times of the solution: the accepted steps, or `tEval` when given.
    public var t: [Double]
    /// The solution, one row per component: `y[i][j]` is `y_i(t[j])`.
    public var y: [[Double]]
    /// The continuous solution, when `denseOutput` was requested.
    public var sol: IVPSolution?
    /// For each event, the times it occurred.
    public var tEvents: [[Double]]
    /// For each event, the state at each time it occurred.
    public var yEvents: [[[Double]]]
    /// How many times the right-hand side was evaluated (not counting
    /// the evaluations of a finite-difference Jacobian, as in SciPy).
    public var nfev: Int
    /// How many times the Jacobian was evaluated (given or by differences).
    public var njev: Int
    /// How many LU decompositions were made.
    public var nlu: Int
    /// How the integration ended.
    public var status: IVPStatus
    /// SciPy's message for the outcome.
    public var message: String

    /// Whether the integration reached the end or a terminal event (SciPy's `success`).
    public var success: Bool { status != .failed }

    /// Component `i` at every time of ``t`` (the row `y[i]`).
    public func component(_ i: Int) -> [Double] {
        precondition(i >= 0 && i < y.count, "component \(i) out of range for a state of \(y.count) components")
        return y[i]
    }

    /// The state at time index `j` (the column `y[:, j]`).
    public func state(at j: Int) -> [Double] {
        precondition(j >= 0 && j < t.count, "time index \(j) out of range for \(t.count) times")
        return y.map { $0[j] }
    }
}
