// A nonlinear constraint for SLSQP, in SciPy's old-style dict form
// ({'type': 'eq' | 'ineq', 'fun': ..., 'jac': ...}).

/// A constraint `fun(x) = 0` or `fun(x) ≥ 0` for ``minimize(_:x0:method:gradient:hessian:hessianProduct:bounds:constraints:tol:options:)``
/// with method SLSQP, as SciPy's `{'type': ..., 'fun': ..., 'jac': ...}`.
///
/// `fun` returns one value per scalar constraint; `jacobian` returns its
/// rows (one per value, each with `x.count` entries). Without a Jacobian,
/// SLSQP uses forward differences with an absolute step of √ε, as SciPy.
/// The closures run on the caller's thread, during the minimisation.
///
/// ```swift
/// // x₀ + x₁ ≤ 1 in SciPy's form: 1 − x₀ − x₁ ≥ 0.
/// let c = Constraint(.inequality, { x in [1 - x[0] - x[1]] }, jacobian: { _ in [[-1, -1]] })
/// ```
public struct Constraint: Sendable {
    /// Whether the constraint holds with equality or as `fun(x) ≥ 0`.
    public enum Kind: Sendable, Hashable {
        /// `fun(x) = 0`.
        case equality
        /// `fun(x) ≥ 0` (SciPy's `'ineq'`).
        case inequality
    }

    /// Equality or inequality.
    public var kind: Kind
    /// The constraint values at x.
    public var fun: @Sendable ([Double]) -> [Double]
    /// The Jacobian of `fun` at x, one row per value; nil for finite differences.
    public var jacobian: (@Sendable ([Double]) -> [[Double]])?

    /// Creates a constraint of `kind` on `fun`, with an optional Jacobian.
    public init(_ kind: Kind, _ fun: @escaping @Sendable ([Double]) -> [Double],
                jacobian: (@Sendable ([Double]) -> [[Double]])? = nil) {
        self.kind = kind
        self.fun = fun
        self.jacobian = jacobian
    }
}
