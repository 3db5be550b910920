// SciPy's `make_interp_spline`: the B-spline of degree k through the data,
// on SciPy's knot vector (not-a-knot for no boundary conditions, the data
// with k-fold ends when derivatives are given, knots on a circle for
// periodic data). The coefficients solve the banded collocation system,
// factored with partial pivoting as LAPACK's `gbsv` does; periodic data
// give a cyclic band, solved as a band plus a low-rank corner correction
// (Woodbury), as SciPy does.

/// The boundary conditions of ``makeInterpSpline(_:_:k:bcType:)`` (SciPy's
/// `bc_type`).
public enum BSplineBoundary: Sendable, Hashable {
    /// No conditions: not-a-knot knots (SciPy's `None` / `"not-a-knot"`).
    case notAKnot
    /// Zero second derivative at both ends (`"natural"`).
    case natural
    /// Zero first derivative at both ends (`"clamped"`).
    case clamped
    /// Given derivatives at each end: `(order, value)` pairs, as SciPy's
    /// `bc_type=([(1, a)], [(2, b)])`; k-1 of them in all.
    case derivatives(start: [BoundaryDerivative], end: [BoundaryDerivative])
    /// Equal values and first k-1 derivatives at both ends (`"periodic"`);
    /// needs `y[0] == y[-1]`.
    case periodic
}

/// A known derivative at one end of the data.
public struct BoundaryDerivative: Sendable, Hashable {
    /// The order of the derivative, 1...k (0 is the value itself).
    public var order: Int
    /// Its value.
    public var value: Double
    /// The `order`-th derivative equals `value`.
    public init(order: Int, value: Double) {
        self.order = order
        self.value = value
    }
}

/// The interpolating B-spline of degree `k` through `(x[i], y[i])`
/// (SciPy's `scipy.interpolate.make_interp_spline`), with SciPy's knots and
/// coefficients.
///
/// ```swift
/// let s = try makeInterpSpline([0, 1, 2, 3, 4], [0, 1, 4, 9, 16])   // cubic, not-a-knot
/// s(2.5)     // 6.25
/// ```
///
/// - Parameters:
///   - x: strictly increasing, finite abscissas.
///   - y: finite ordinates, as many as `x`.
///   - k: the degree (3 by default); 0 and 1 take no boundary conditions.
///   - bcType: the boundary conditions; `.notAKnot` by default.
/// - Returns: the spline, extrapolating (periodically for `.periodic`).
/// - Throws: ``InterpolationError`` for bad data or a singular collocation
///   matrix.
/// - Precondition: `k >= 0`; boundary derivatives of order 0...k, k-1 of
///   them in all (`.natural` and `.clamped` fit k = 3 only); no
///   conditions for k < 2 but `.notAKnot`/`.periodic`.
/// - Complexity: O(n k²).
public func makeInterpSpline(_ x: [Double], _ y: [Double], k: Int = 3,
                             bcType: BSplineBoundary = .notAKnot) throws(InterpolationError) -> BSpline {
    try _makeInterpSpline(x, y, k: k, bcType: bcType, checkFinite: true)
}

/// ``makeInterpSpline(_:_:k:bcType:)``, optionally letting NaN in `y` through
/// (SciPy's `check_finite=False`, which `interp1d` uses for degrees 0 and 1).
func _makeInterpSpline(_ x: [Double], _ y: [Double], k: Int, bcType: BSplineBoundary,
                       checkFinite: Bool) throws(InterpolationError) -> BSpline {
    precondition(k >= 0, "Expect non-negative k.")
    guard x.count == y.count else { throw .lengthMismatch(x: x.count, y: y.count) }
    guard x.allSatisfy(\.isFinite) else { throw .notFinite("x") }
    guard !checkFinite || y.allSatisfy(\.isFinite) else { throw .notFinite("y") }
    try _checkIncreasing(x)
    let n = x.count
    guard n >= k + 1 || (bcType == .periodic && n >= 2) else { throw .tooFewPoints(needed: k + 1, got: n) }
    if bcType == .periodic {
        let first = y[0], last = y[n - 1]
        // np.allclose(y[0], y[-1], atol=1e-15).
        guard Swift.abs(first - last) <= 1e-15 + 1e-5 * Swift.abs(last) else { throw .notPeriodic(first: first, last: last) }
        // SciPy builds k = 0 and 1 periodic splines as plain ones.
        if k >= 2 { return try _periodicSpline(x, y, k) }
    }
    if k == 0 {
        precondition(bcType == .notAKnot || bcType == .periodic, "Too much info for k=0: t and bc_type can only be None.")
        return BSpline(knots: x + [x[n - 1]], coefficients: y, degree: 0)
    }
    if k == 1 {
        precondition(bcType == .notAKnot || bcType == .periodic, "Too much info for k=1: bc_type can only be None.")
        return BSpline(knots: [x[0]] + x + [x[n - 1]], coefficients: y, degree: 1)
    }
    var start: [BoundaryDerivative] = [], end: [BoundaryDerivative] = []
    switch bcType {
    case .notAKnot, .periodic: break
    case .natural: start = [BoundaryDerivative(order: 2, value: 0)]; end = start
    case .clamped: start = [BoundaryDerivative(order: 1, value: 0)]; end = start
    case let .derivatives(s, e): start = s; end = e
    }
    let t = start.isEmpty && end.isEmpty ? _notAKnotKnots(x, k) : _augmentedKnots(x, k)
    precondition(start.allSatisfy { 0 <= $0.order && $0.order <= k }, "Bad boundary conditions at \(x[0]).")
    precondition(end.allSatisfy { 0 <= $0.order && $0.order <= k }, "Bad boundary conditions at \(x[n - 1]).")
    let unknowns = t.count - k - 1
    precondition(unknowns - n == start.count + end.count,
                 "The number of derivatives at boundaries does not match: expected \(unknowns - n), got \(start.count)+\(end.count)")
    guard start.allSatisfy(\.value.isFinite) && end.allSatisfy(\.value.isFinite) else { throw .notFinite("bc_type") }
    var matrix = _collocation(x, t, k, rowOffset: start.count, size: unknowns, lower: k, upper: k)
    _derivativeRows(&matrix, t, k, x[0], start, row: 0)
    _derivativeRows(&matrix, t, k, x[n - 1], end, row: unknowns - end.count)
    guard matrix.factor() else { throw .singularMatrix }
    var c = start.map(\.value) + y + end.map(\.value)
    matrix.solve(&c)
    return BSpline(knots: t, coefficients: c, degree: k)
}

/// Throws unless `x` is strictly increasing, naming duplicates apart.
func _checkIncreasing(_ x: [Double]) throws(InterpolationError) {
    for i in 1..<max(x.count, 1) where !(x[i] > x[i - 1]) {
        if x[i] == x[i - 1] { throw .duplicateX(x[i]) }
        throw .notStrictlyIncreasing(index: i)
    }
}

/// The not-a-knot knot vector (de Boor XIII(12)): the data without k-1
/// interior points for odd k, the midpoints without k interior ones for
/// even k, each end repeated k+1 times (SciPy's `_not_a_knot`).
func _notAKnotKnots(_ x: [Double], _ k: Int) -> [Double] {
    let n = x.count
    var interior: [Double]
    if k % 2 == 1 {
        let drop = (k + 1) / 2
        interior = n > 2 * drop ? Array(x[drop..<(n - drop)]) : []
    } else {
        let drop = k / 2
        let mids = (0..<(n - 1)).map { (x[$0 + 1] + x[$0]) / 2 }
        interior = mids.count > 2 * drop ? Array(mids[drop..<(mids.count - drop)]) : []
    }
    return [Double](repeating: x[0], count: k + 1) + interior + [Double](repeating: x[n - 1], count: k + 1)
}

/// The data with each end repeated k more times (SciPy's `_augknt`).
func _augmentedKnots(_ x: [Double], _ k: Int) -> [Double] {
    [Double](repeating: x[0], count: k) + x + [Double](repeating: x[x.count - 1], count: k)
}

/// The collocation rows B[j](x[i]) placed from row `rowOffset` of a band
/// matrix of `size` unknowns (SciPy's `_coloc`).
func _collocation(_ x: [Double], _ t: [Double], _ k: Int, rowOffset: Int, size: Int,
                  lower: Int, upper: Int) -> _BandedMatrix {
    var matrix = _BandedMatrix(n: size, lower: lower, upper: upper)
    var h = [Double](repeating: 0, count: 2 * k + 2)
    let n = t.count - k - 1
    t.withUnsafeBufferPointer { tp in
        h.withUnsafeMutableBufferPointer { hp in
            let t = tp.baseAddress!, h = hp.baseAddress!
            var l = k
            for (i, xi) in x.enumerated() {
                l = _findInterval(t, k, n, xi, l, extrapolate: false)
                _basisValues(t, k, xi, l, 0, h, h + k + 1)
                for a in 0...k { matrix[rowOffset + i, l - k + a] = h[a] }
            }
        }
    }
    return matrix
}

/// The rows of known derivatives at an end (SciPy's
/// `_handle_lhs_derivatives`).
func _derivativeRows(_ matrix: inout _BandedMatrix, _ t: [Double], _ k: Int, _ x: Double,
                     _ conditions: [BoundaryDerivative], row: Int) {
    guard !conditions.isEmpty else { return }
    var h = [Double](repeating: 0, count: 2 * k + 2)
    let n = t.count - k - 1
    t.withUnsafeBufferPointer { tp in
        h.withUnsafeMutableBufferPointer { hp in
            let t = tp.baseAddress!, h = hp.baseAddress!
            let l = _findInterval(t, k, n, x, k, extrapolate: false)
            for (r, condition) in conditions.enumerated() {
                _basisValues(t, k, x, l, condition.order, h, h + k + 1)
                for a in 0...k { matrix[row + r, l - k + a] = h[a] }
            }
        }
    }
}
