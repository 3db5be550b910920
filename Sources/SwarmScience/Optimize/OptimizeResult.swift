// The result every minimiser returns, with the fields of SciPy's
// `OptimizeResult`, and the error thrown for input no minimiser can use.

/// What a minimiser found, with SciPy's `OptimizeResult` fields.
///
/// A run that stops without meeting its tolerance (iteration limit, a line
/// search that fails) is not an error: it returns `success == false` with
/// SciPy's `message`, and `x` is the best point found.
public struct OptimizeResult: Sendable, Hashable, CustomStringConvertible {
    /// The solution (or best point found).
    public var x: [Double]
    /// The objective at `x`.
    public var fun: Double
    /// The gradient at `x`, for methods that use one.
    public var jac: [Double]?
    /// The inverse Hessian approximation (row-major n×n), for BFGS.
    public var hessInv: [Double]?
    /// Iterations performed.
    public var nit: Int
    /// Objective evaluations (finite-difference ones included).
    public var nfev: Int
    /// Gradient evaluations (0 when the gradient came from finite differences).
    public var njev: Int
    /// Hessian (or Hessian-vector product) evaluations.
    public var nhev: Int
    /// Whether the method's convergence test was met.
    public var success: Bool
    /// The method's termination code, as SciPy numbers it for that method.
    public var status: Int
    /// Why the method stopped, in SciPy's words.
    public var message: String

    /// Creates a result.
    public init(x: [Double], fun: Double, jac: [Double]? = nil, hessInv: [Double]? = nil, nit: Int, nfev: Int,
                njev: Int = 0, nhev: Int = 0, success: Bool, status: Int, message: String) {
        self.x = x
        self.fun = fun
        self.jac = jac
        self.hessInv = hessInv
        self.nit = nit
        self.nfev = nfev
        self.njev = njev
        self.nhev = nhev
        self.success = success
        self.status = status
        self.message = message
    }

    /// A SciPy-like summary.
    public var description: String {
        "OptimizeResult(success: \(success), status: \(status), message: \"\(message)\", fun: \(fun), "
            + "x: \(x), nit: \(nit), nfev: \(nfev), njev: \(njev))"
    }
}

/// Input that no minimiser can work with.
public enum OptimizeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The starting point is empty.
    case emptyStart
    /// A bound pair has `lower > upper`, or a bound list has the wrong length.
    case invalidBounds(String)
    /// An option is out of range (a negative tolerance, a zero population).
    case invalidOption(String)
    /// The objective returned NaN or infinity at the starting point.
    case notFiniteAtStart(Double)
    /// The method needs something that was not given (a gradient for Newton-CG).
    case missingDerivative(String)
    /// A root-finding bracket whose ends do not differ in sign.
    case noSignChange(fa: Double, fb: Double)

    /// What is wrong, in SciPy's words where SciPy has them.
    public var description: String {
        switch self {
        case .emptyStart: return "x0 must have at least one element"
        case .invalidBounds(let why): return "invalid bounds: \(why)"
        case .invalidOption(let why): return "invalid option: \(why)"
        case .notFiniteAtStart(let f): return "the objective is not finite at x0 (\(f))"
        case .missingDerivative(let why): return why
        case let .noSignChange(fa, fb): return "f(a) and f(b) must have different signs (f(a) = \(fa), f(b) = \(fb))"
        }
    }
}
