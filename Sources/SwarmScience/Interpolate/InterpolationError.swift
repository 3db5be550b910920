// The errors of SwarmScience's interpolators: input data that cannot
// define an interpolant. Evaluating outside the data is not an error: it
// extrapolates or gives NaN, as each interpolator's options say.

/// Why an interpolator could not be built from its data.
public enum InterpolationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Fewer points than the method needs.
    case tooFewPoints(needed: Int, got: Int)
    /// `x` and `y` have different lengths.
    case lengthMismatch(x: Int, y: Int)
    /// A value of `x` (or `y`, or a derivative) is NaN or infinite.
    case notFinite(String)
    /// `x` is not strictly increasing; `index` is the first offender.
    case notStrictlyIncreasing(index: Int)
    /// `x` holds the same value twice (after sorting).
    case duplicateX(Double)
    /// Periodic boundary conditions with `y[0] != y[-1]`.
    case notPeriodic(first: Double, last: Double)
    /// A value outside the data with bounds checking on.
    case outOfBounds(Double, lower: Double, upper: Double)
    /// The collocation (or least-squares) matrix of a B-spline is singular:
    /// the knots do not fit the data (Schoenberg–Whitney).
    case singularMatrix
    /// The points of a grid axis are neither strictly ascending nor
    /// strictly descending.
    case gridNotMonotonic(dimension: Int)

    /// What is wrong, in SciPy's words where SciPy has them.
    public var description: String {
        switch self {
        case let .tooFewPoints(needed, got):
            return "`x` must contain at least \(needed) elements (got \(got))."
        case let .lengthMismatch(x, y):
            return "The length of `y` (\(y)) doesn't match the length of `x` (\(x))."
        case .notFinite(let what):
            return "`\(what)` must contain only finite values."
        case .notStrictlyIncreasing(let index):
            return "`x` must be strictly increasing sequence (x[\(index)] <= x[\(index - 1)])."
        case .duplicateX(let value):
            return "`x` must not contain duplicates (\(value) appears twice)."
        case let .notPeriodic(first, last):
            return "The first and last `y` point along axis 0 must be identical (within machine precision) "
                + "when bc_type='periodic' (\(first) and \(last))."
        case let .outOfBounds(value, lower, upper):
            return "A value (\(value)) in x_new is outside the interpolation range [\(lower), \(upper)]."
        case .singularMatrix:
            return "Colocation matrix is singular."
        case .gridNotMonotonic(let dimension):
            return "The points in dimension \(dimension) must be strictly ascending or descending"
        }
    }
}

/// Checks interpolation data as SciPy's `prepare_input` does.
func _checkData(_ x: [Double], _ y: [Double], minimum: Int = 2) throws(InterpolationError) {
    guard x.count == y.count else { throw .lengthMismatch(x: x.count, y: y.count) }
    guard x.count >= minimum else { throw .tooFewPoints(needed: minimum, got: x.count) }
    guard x.allSatisfy(\.isFinite) else { throw .notFinite("x") }
    guard y.allSatisfy(\.isFinite) else { throw .notFinite("y") }
    for i in 1..<x.count where !(x[i] > x[i - 1]) { throw .notStrictlyIncreasing(index: i) }
}
