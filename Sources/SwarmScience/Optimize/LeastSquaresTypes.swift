// The options and result of `leastSquares`, with SciPy's names and codes.

/// The algorithm `leastSquares` runs.
public enum LeastSquaresMethod: Sendable, Hashable {
    /// Trust Region Reflective, with the exact (SVD) subproblem solver.
    case trf
    /// A dogleg in a rectangular trust region (SciPy's 'dogbox'), with the
    /// exact (SVD) Gauss–Newton step; suits small problems with bounds.
    case dogbox
    /// MINPACK's Levenberg–Marquardt (`lmder`); no bounds, linear loss only,
    /// m ≥ n.
    case lm
}

/// The characteristic scale of each variable, as SciPy's `x_scale`: the
/// problem is solved in the variables xᵢ/scaleᵢ.
public enum LeastSquaresScale: Sendable, Hashable {
    /// The inverse norms of the Jacobian's columns, updated as the
    /// iterations go (SciPy's `'jac'`; the default for method `lm`).
    case jacobian
    /// Fixed scales, one per variable or one for all (positive and finite).
    case values([Double])
}

/// The robust loss ρ applied to squared residuals, as SciPy's `loss`.
public enum LeastSquaresLoss: Sendable, Hashable {
    /// ρ(z) = z: ordinary least squares.
    case linear
    /// ρ(z) = 2(√(1 + z) − 1).
    case softL1
    /// ρ(z) = z for z ≤ 1, 2√z − 1 beyond.
    case huber
    /// ρ(z) = ln(1 + z).
    case cauchy
    /// ρ(z) = arctan(z).
    case arctan
}

/// What `leastSquares` found, with the fields of SciPy's result.
public struct LeastSquaresResult: Sendable, Hashable {
    /// The solution.
    public var x: [Double]
    /// ½·Σρ(fᵢ²) at `x` (½·‖f‖² for the linear loss).
    public var cost: Double
    /// The residuals at `x`.
    public var fun: [Double]
    /// The Jacobian at `x` (m×n row-major), scaled by the loss as SciPy returns it.
    public var jac: [Double]
    /// The gradient of the cost at `x`.
    public var grad: [Double]
    /// First-order optimality: ‖g‖∞, scaled by the distance to the bounds when there are bounds.
    public var optimality: Double
    /// −1 / 0 / 1 for a variable at its lower bound, free, or at its upper bound.
    public var activeMask: [Int]
    /// Residual evaluations (finite-difference ones excluded, as SciPy counts).
    public var nfev: Int
    /// Jacobian evaluations (0 for method 'lm' with a difference Jacobian, where SciPy reports None).
    public var njev: Int
    /// SciPy's status: 0 evaluation limit, 1 gtol, 2 ftol, 3 xtol, 4 ftol and xtol.
    public var status: Int
    /// SciPy's message for `status`.
    public var message: String
    /// `status > 0`.
    public var success: Bool { status > 0 }

    static let messages = [
        0: "The maximum number of function evaluations is exceeded.",
        1: "`gtol` termination condition is satisfied.",
        2: "`ftol` termination condition is satisfied.",
        3: "`xtol` termination condition is satisfied.",
        4: "Both `ftol` and `xtol` termination conditions are satisfied.",
    ]
}
