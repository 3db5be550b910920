// `solveIVP`: SciPy's `scipy.integrate.solve_ivp`. The in-place form is the
// core; the array form wraps it (one array per evaluation of f, as any
// closure returning an array must allocate).

/// Solves the initial value problem `dy/dt = f(t, y)`, `y(t0) = y0` over
/// `tSpan` (SciPy's `scipy.integrate.solve_ivp`), with `f` in place.
///
/// `f(t, y, dydt)` writes the derivative into `dydt`; with it, the hot loop
/// allocates nothing. The methods follow SciPy's implementations step for
/// step: the explicit ones (`.rk23`, `.rk45`, `.dop853`) take the same steps
/// as SciPy to rounding, the implicit ones (`.radau`, `.bdf`) the same
/// algorithm with the same step-size and Jacobian-reuse rules.
///
/// ```swift
/// let lorenz: ODEFunction = { t, y, dy in
///     dy[0] = 10 * (y[1] - y[0]); dy[1] = y[0] * (28 - y[2]) - y[1]; dy[2] = y[0] * y[1] - 8.0 / 3 * y[2]
/// }
/// let r = try solveIVP(lorenz, tSpan: (0, 10), y0: [1, 1, 1])
/// ```
///
/// - Parameters:
///   - tSpan: The interval `(t0, tf)`; `tf < t0` integrates backwards.
///   - y0: The initial state (n components; may be empty).
///   - method: The integration method.
///   - tEval: Times at which to store the solution (within `tSpan`, sorted
///     in the direction of integration); nil stores every step.
///   - denseOutput: Whether to return the continuous solution in ``IVPResult/sol``.
///   - events: Functions whose zeros are located and recorded.
///   - rtol: Relative tolerance (raised to 100 ε if smaller, as in SciPy).
///   - atol: Absolute tolerance, scalar or per component.
///   - maxStep: The largest step allowed.
///   - firstStep: The first step; nil chooses it as SciPy does.
///   - jacobian: For `.radau` and `.bdf`, `∂f/∂y` in place, row-major;
///     nil uses SciPy's finite differences. Ignored by explicit methods.
///   - f: The right-hand side, called on the caller's thread.
/// - Returns: The solution at the steps (or `tEval`), events and counts.
/// - Throws: ``IVPError`` for invalid input (SciPy's `ValueError`s).
///   Numerical failure is reported in ``IVPResult/status`` instead.
public func solveIVP(_ f: @escaping ODEFunction, tSpan: (Double, Double), y0: [Double], method: IVPMethod = .rk45,
                     tEval: [Double]? = nil, denseOutput: Bool = false, events: [IVPEvent] = [],
                     rtol: Double = 1e-3, atol: IVPTolerance = 1e-6, maxStep: Double = .infinity,
                     firstStep: Double? = nil, jacobian: ODEJacobian? = nil) throws(IVPError) -> IVPResult {
    let (t0, tf) = tSpan
    guard t0.isFinite && tf.isFinite else { throw .invalidTimeSpan(t0, tf) }
    guard y0.allSatisfy(\.isFinite) else { throw .nonFiniteInitialState }
    let n = y0.count
    let atolValues = try atol.expanded(to: n)
    let rtol = Swift.max(rtol, 100 * Double.ulpOfOne)
    guard maxStep > 0 else { throw .invalidMaxStep(maxStep) }
    if let firstStep {
        guard firstStep > 0 else { throw .nonPositiveFirstStep(firstStep) }
        guard firstStep <= Swift.abs(tf - t0) else { throw .firstStepExceedsBounds(firstStep) }
    }
    var evalTimes = tEval
    if let te = tEval {
        let lo = Swift.min(t0, tf), hi = Swift.max(t0, tf)
        guard te.allSatisfy({ $0 >= lo && $0 <= hi }) else { throw .tEvalOutsideSpan }
        for j in te.indices.dropFirst() {
            let d = te[j] - te[j - 1]
            if (tf > t0 && d <= 0) || (tf < t0 && d >= 0) { throw .tEvalNotSorted }
        }
        evalTimes = te
    }
    for e in events where e.terminalCount < 0 { throw .invalidTerminalCount(e.terminalCount) }
    let system = ODESystem(n: n, rhs: f, jac: method.isImplicit ? jacobian : nil)
    let problem = IVPProblem(t0: t0, tf: tf, tEval: evalTimes, denseOutput: denseOutput, events: events,
                             alternateSide: method == .bdf)
    switch method {
    case .rk23, .rk45, .dop853:
        let stepper = RungeKuttaStepper(system: system, tableau: .forMethod(method), t0: t0, y0: y0, tBound: tf,
                                        rtol: rtol, atol: atolValues, maxStep: maxStep, firstStep: firstStep)
        return driveIntegration(stepper, problem)
    case .radau:
        let stepper = RadauStepper(system: system, t0: t0, y0: y0, tBound: tf, rtol: rtol, atol: atolValues,
                                   maxStep: maxStep, firstStep: firstStep)
        return driveIntegration(stepper, problem)
    case .bdf:
        let stepper = BDFStepper(system: system, t0: t0, y0: y0, tBound: tf, rtol: rtol, atol: atolValues,
                                 maxStep: maxStep, firstStep: firstStep)
        return driveIntegration(stepper, problem)
    }
}

/// Solves `dy/dt = f(t, y)`, `y(t0) = y0` over `tSpan` (SciPy's
/// `scipy.integrate.solve_ivp`), with `f` returning the derivative as an array.
///
/// This wraps the in-place ``solveIVP(_:tSpan:y0:method:tEval:denseOutput:events:rtol:atol:maxStep:firstStep:jacobian:)``;
/// see it for the parameters. `f` must return `y0.count` values and
/// `jacobian` an n × n matrix (`J[i][j] = ∂f_i/∂y_j`).
///
/// ```swift
/// let r = try solveIVP({ t, y in [-0.5 * y[0]] }, tSpan: (0, 10), y0: [2])
/// r.y[0].last  // ≈ 2 e^-5
/// ```
/// - Throws: ``IVPError`` for invalid input.
public func solveIVP(_ f: @escaping (Double, [Double]) -> [Double], tSpan: (Double, Double), y0: [Double],
                     method: IVPMethod = .rk45, tEval: [Double]? = nil, denseOutput: Bool = false,
                     events: [IVPEvent] = [], rtol: Double = 1e-3, atol: IVPTolerance = 1e-6,
                     maxStep: Double = .infinity, firstStep: Double? = nil,
                     jacobian: ((Double, [Double]) -> [[Double]])? = nil) throws(IVPError) -> IVPResult {
    let n = y0.count
    if let jacobian, method.isImplicit, y0.allSatisfy(\.isFinite), tSpan.0.isFinite {
        // SciPy checks the Jacobian's shape once, at t0.
        let j0 = jacobian(tSpan.0, y0)
        let columns = j0.first?.count ?? 0
        if j0.count != n || j0.contains(where: { $0.count != n }) {
            throw .jacobianShape(expected: n, rows: j0.count, columns: columns)
        }
    }
    let inPlace: ODEFunction = { t, y, out in
        let d = f(t, Array(y))
        precondition(d.count == n, "f returned \(d.count) values for a state of \(n) components")
        for i in 0..<n { out[i] = d[i] }
    }
    var inPlaceJacobian: ODEJacobian? = nil
    if let jacobian {
        inPlaceJacobian = { t, y, out in
            let m = jacobian(t, Array(y))
            precondition(m.count == n && m.allSatisfy { $0.count == n },
                         "the Jacobian must be \(n) × \(n), got \(m.count) rows")
            for i in 0..<n { for j in 0..<n { out[i * n + j] = m[i][j] } }
        }
    }
    return try solveIVP(inPlace, tSpan: tSpan, y0: y0, method: method, tEval: tEval, denseOutput: denseOutput,
                        events: events, rtol: rtol, atol: atol, maxStep: maxStep, firstStep: firstStep,
                        jacobian: inPlaceJacobian)
}
