// `odeint`: SciPy's older interface, y at the requested times. SciPy runs
// ODEPACK's LSODA, which switches between Adams and BDF as stiffness comes
// and goes; here one method runs throughout (Radau by default, which is
// accurate on both stiff and non-stiff problems), so counts differ from
// SciPy's while values agree to the tolerances.

/// The solution of `dy/dt = f(y, t)` at the times `t` (SciPy's
/// `scipy.integrate.odeint`; note its argument order `f(y, t)`).
///
/// The first time is the initial time: row 0 of the result is `y0`.
/// Row `j` is the state at `t[j]` (SciPy's shape `(len(t), n)`).
///
/// - Parameters:
///   - f: The right-hand side `f(y, t)`, called on the caller's thread.
///   - y0: The state at `t[0]`.
///   - t: The times, monotonic, starting at the initial time.
///   - rtol: Relative tolerance (SciPy's default 1.49012e-8).
///   - atol: Absolute tolerance (SciPy's default 1.49012e-8).
///   - method: The `solveIVP` method that does the work.
/// - Returns: One row per time in `t`.
/// - Throws: ``IVPError`` for invalid input, and ``IVPError/integrationFailed(_:)``
///   when the integration stops early.
public func odeint(_ f: @escaping ([Double], Double) -> [Double], y0: [Double], t: [Double],
                   rtol: Double = 1.49012e-8, atol: Double = 1.49012e-8,
                   method: IVPMethod = .radau) throws(IVPError) -> [[Double]] {
    guard let t0 = t.first else { return [] }
    if t.count == 1 { return [y0] }
    let result = try solveIVP({ time, y in f(y, time) }, tSpan: (t0, t.last!), y0: y0, method: method, tEval: t,
                              rtol: rtol, atol: .scalar(atol))
    guard result.status != .failed else { throw .integrationFailed(result.message) }
    return (0..<result.t.count).map { result.state(at: $0) }
}
