// What `linprog` returns: the fields of SciPy's `linprog` OptimizeResult.

/// The algorithm ``linprog(c:aUb:bUb:aEq:bEq:bounds:method:maxiter:)`` uses.
public enum LinprogMethod: Sendable, Hashable {
    /// The homogeneous self-dual interior-point method (Mehrotra
    /// predictor–corrector) with a crossover to an optimal vertex, like
    /// SciPy's `highs-ipm`. The default.
    case interiorPoint
    /// A two-phase dense primal simplex method (Dantzig's rule, Bland's
    /// rule against cycling), like SciPy's legacy `simplex`.
    case simplex
}

/// The outcome of ``linprog(c:aUb:bUb:aEq:bEq:bounds:method:maxiter:)``, with SciPy's fields.
///
/// Infeasible and unbounded problems are results, not errors: `status`
/// says which (as SciPy numbers them) and `x` is then the last basic point.
public struct LinprogResult: Sendable, Hashable, CustomStringConvertible {
    /// The solution (meaningful when `status == 0`).
    public var x: [Double]
    /// cᵀx.
    public var fun: Double
    /// b_ub − A_ub·x, one per inequality row (nonnegative when feasible).
    public var slack: [Double]
    /// b_eq − A_eq·x, one per equality row (SciPy's `con`; zero when feasible).
    public var con: [Double]
    /// Whether an optimal solution was found.
    public var success: Bool
    /// 0 optimal, 1 iteration limit, 2 infeasible, 3 unbounded, 4 numerical difficulties.
    public var status: Int
    /// Why the solver stopped, in SciPy's words.
    public var message: String
    /// Interior-point iterations, or simplex pivots for the simplex method.
    public var nit: Int

    /// Creates a result.
    public init(x: [Double], fun: Double, slack: [Double], con: [Double], success: Bool, status: Int,
                message: String, nit: Int) {
        self.x = x
        self.fun = fun
        self.slack = slack
        self.con = con
        self.success = success
        self.status = status
        self.message = message
        self.nit = nit
    }

    /// A SciPy-like summary.
    public var description: String {
        "LinprogResult(status: \(status), message: \"\(message)\", fun: \(fun), x: \(x), nit: \(nit))"
    }
}
