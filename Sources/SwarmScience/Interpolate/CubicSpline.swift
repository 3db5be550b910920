// `scipy.interpolate.CubicSpline`: the twice continuously differentiable
// piecewise cubic through the data, with SciPy's boundary conditions. The
// first derivatives at the knots solve a tridiagonal system (cyclic for
// periodic data); the cubic pieces follow from them as Hermite cubics.

/// A boundary condition of a ``CubicSpline`` (SciPy's `bc_type`).
public enum SplineBoundary: Sendable, Hashable {
    /// The first and second pieces at the end are the same cubic.
    case notAKnot
    /// Zero second derivative at the end.
    case natural
    /// Zero first derivative at the end.
    case clamped
    /// The first derivative at the end.
    case firstDerivative(Double)
    /// The second derivative at the end.
    case secondDerivative(Double)
    /// Periodic data (`y[0] == y[-1]`): equal first and second derivatives
    /// at both ends. Must be used for both ends.
    case periodic
}

/// The cubic spline interpolating data (SciPy's
/// `scipy.interpolate.CubicSpline`).
///
/// ```swift
/// let s = try CubicSpline([0, 1, 2, 3], [0, 1, 8, 27])   // not-a-knot: x³ exactly
/// s(1.5)              // 3.375
/// s(1.5, nu: 1)       // 6.75, the derivative
/// s.integrate(0, 3)   // 20.25
/// ```
public struct CubicSpline: PiecewisePolynomialInterpolant, Hashable {
    /// The spline as a piecewise polynomial.
    public let polynomial: PPoly

    /// Fits a spline through `(x[i], y[i])` with the same condition at both
    /// ends.
    ///
    /// - Parameters:
    ///   - x: strictly increasing, finite, at least two values.
    ///   - y: finite values, as many as `x`.
    ///   - boundary: the condition at both ends (`.notAKnot` by default).
    ///   - extrapolation: SciPy's default: `.periodic` for periodic
    ///     boundaries, `.extrapolate` otherwise.
    /// - Throws: ``InterpolationError`` for data that cannot define a spline.
    public init(_ x: [Double], _ y: [Double], boundary: SplineBoundary = .notAKnot,
                extrapolation: Extrapolation? = nil) throws(InterpolationError) {
        try self.init(x, y, start: boundary, end: boundary, extrapolation: extrapolation)
    }

    /// Fits a spline with different conditions at the start and the end.
    ///
    /// - Throws: ``InterpolationError`` for data that cannot define a spline
    ///   (including periodic data whose first and last y differ).
    /// - Precondition: `.periodic` at one end only is a programmer error.
    public init(_ x: [Double], _ y: [Double], start: SplineBoundary, end: SplineBoundary,
                extrapolation: Extrapolation? = nil) throws(InterpolationError) {
        precondition((start == .periodic) == (end == .periodic),
                     "'periodic' `bc_type` is defined for both curve ends and cannot be used with other boundary conditions.")
        try _checkData(x, y)
        let periodic = start == .periodic
        if periodic {
            let first = y[0], last = y[y.count - 1]
            if Swift.abs(first - last) > 1e-15 + 1e-15 * Swift.abs(last) { throw .notPeriodic(first: first, last: last) }
        }
        let slopes = _splineSlopes(x, y, start: start, end: end)
        polynomial = _hermite(x, y, slopes, extrapolation: extrapolation ?? (periodic ? .periodic : .extrapolate))
    }
}

/// The first derivatives at the knots of the cubic spline.
func _splineSlopes(_ x: [Double], _ y: [Double], start: SplineBoundary, end: SplineBoundary) -> [Double] {
    let n = x.count
    let dx = (0..<(n - 1)).map { x[$0 + 1] - x[$0] }
    let slope = (0..<(n - 1)).map { (y[$0 + 1] - y[$0]) / dx[$0] }
    var start = start, end = end
    if n == 2 {
        // A line, whatever "not-a-knot" or "periodic" could mean here.
        if start == .notAKnot || start == .periodic { start = .firstDerivative(slope[0]) }
        if end == .notAKnot || end == .periodic { end = .firstDerivative(slope[0]) }
    }
    if start == .periodic {
        if n == 3 {
            let t = (slope[0] / dx[0] + slope[1] / dx[1]) / (1 / dx[0] + 1 / dx[1])
            return [t, t, t]
        }
        // Unknowns s[0…n-2] (s[n-1] = s[0]); row i couples s[i-1], s[i],
        // s[i+1] cyclically, with the previous interval of knot 0 the last.
        let m = n - 1
        var lower = [Double](repeating: 0, count: m), diagonal = lower, upper = lower, rhs = lower
        for i in 0..<m {
            let previous = (i + m - 1) % m
            let hPrev = dx[previous], hNext = dx[i]
            lower[i] = hNext
            diagonal[i] = 2 * (hPrev + hNext)
            upper[i] = hPrev
            rhs[i] = 3 * (hNext * slope[previous] + hPrev * slope[i])
        }
        var s = _solveCyclicTridiagonal(lower, diagonal, upper, rhs)
        s.append(s[0])
        return s
    }
    // Interior rows: dx[i] s[i-1] + 2(dx[i-1] + dx[i]) s[i] + dx[i-1] s[i+1]
    //   = 3 (dx[i] slope[i-1] + dx[i-1] slope[i]).
    var lower = [Double](repeating: 0, count: n), diagonal = lower, upper = lower, rhs = lower
    for i in stride(from: 1, to: n - 1, by: 1) {
        lower[i] = dx[i]
        diagonal[i] = 2 * (dx[i - 1] + dx[i])
        upper[i] = dx[i - 1]
        rhs[i] = 3 * (dx[i] * slope[i - 1] + dx[i - 1] * slope[i])
    }
    if n == 3 && start == .notAKnot && end == .notAKnot {
        // Both conditions would be the same equation: the parabola through
        // the three points.
        diagonal[0] = 1; upper[0] = 1; rhs[0] = 2 * slope[0]
        lower[2] = 1; diagonal[2] = 1; rhs[2] = 2 * slope[1]
        return _solveTridiagonal(lower, diagonal, upper, rhs)
    }
    switch start {
    case .notAKnot:
        let d = x[2] - x[0]
        diagonal[0] = dx[1]
        upper[0] = d
        rhs[0] = ((dx[0] + 2 * d) * dx[1] * slope[0] + dx[0] * dx[0] * slope[1]) / d
    case .clamped, .firstDerivative:
        diagonal[0] = 1
        upper[0] = 0
        if case .firstDerivative(let v) = start { rhs[0] = v } else { rhs[0] = 0 }
    case .natural, .secondDerivative:
        var v = 0.0
        if case .secondDerivative(let w) = start { v = w }
        diagonal[0] = 2 * dx[0]
        upper[0] = dx[0]
        rhs[0] = -0.5 * v * dx[0] * dx[0] + 3 * (y[1] - y[0])
    case .periodic:
        preconditionFailure("unreachable: periodic handled above")
    }
    switch end {
    case .notAKnot:
        let d = x[n - 1] - x[n - 3]
        diagonal[n - 1] = dx[n - 3]
        lower[n - 1] = d
        rhs[n - 1] = (dx[n - 2] * dx[n - 2] * slope[n - 3] + (2 * d + dx[n - 2]) * dx[n - 3] * slope[n - 2]) / d
    case .clamped, .firstDerivative:
        diagonal[n - 1] = 1
        lower[n - 1] = 0
        if case .firstDerivative(let v) = end { rhs[n - 1] = v } else { rhs[n - 1] = 0 }
    case .natural, .secondDerivative:
        var v = 0.0
        if case .secondDerivative(let w) = end { v = w }
        diagonal[n - 1] = 2 * dx[n - 2]
        lower[n - 1] = dx[n - 2]
        rhs[n - 1] = 0.5 * v * dx[n - 2] * dx[n - 2] + 3 * (y[n - 1] - y[n - 2])
    case .periodic:
        preconditionFailure("unreachable: periodic handled above")
    }
    return _solveTridiagonal(lower, diagonal, upper, rhs)
}

/// Solves the tridiagonal system `lower[i] x[i-1] + diagonal[i] x[i] +
/// upper[i] x[i+1] = rhs[i]` by Thomas's algorithm (the spline systems are
/// diagonally dominant but for the not-a-knot rows, which eliminate
/// without growth).
func _solveTridiagonal(_ lower: [Double], _ diagonal: [Double], _ upper: [Double], _ rhs: [Double]) -> [Double] {
    let n = diagonal.count
    var d = diagonal, b = rhs
    for i in stride(from: 1, to: n, by: 1) {
        let w = lower[i] / d[i - 1]
        d[i] -= w * upper[i - 1]
        b[i] -= w * b[i - 1]
    }
    var x = [Double](repeating: 0, count: n)
    x[n - 1] = b[n - 1] / d[n - 1]
    for i in stride(from: n - 2, through: 0, by: -1) { x[i] = (b[i] - upper[i] * x[i + 1]) / d[i] }
    return x
}

/// Solves a cyclic tridiagonal system (`lower[0]` multiplies x[m-1] and
/// `upper[m-1]` multiplies x[0]) by the Sherman–Morrison formula: two
/// tridiagonal solves. Needs m >= 3.
func _solveCyclicTridiagonal(_ lower: [Double], _ diagonal: [Double], _ upper: [Double], _ rhs: [Double]) -> [Double] {
    let m = diagonal.count
    let alpha = upper[m - 1], beta = lower[0]
    let gamma = -diagonal[0]
    var d = diagonal
    d[0] -= gamma
    d[m - 1] -= alpha * beta / gamma
    var l = lower, u = upper
    l[0] = 0
    u[m - 1] = 0
    let x = _solveTridiagonal(l, d, u, rhs)
    var v = [Double](repeating: 0, count: m)
    v[0] = gamma
    v[m - 1] = alpha
    let z = _solveTridiagonal(l, d, u, v)
    let factor = (x[0] + beta * x[m - 1] / gamma) / (1 + z[0] + beta * z[m - 1] / gamma)
    return (0..<m).map { x[$0] - factor * z[$0] }
}

/// The piecewise cubic with values `y` and first derivatives `dydx` at the
/// knots (SciPy's `CubicHermiteSpline` coefficients).
func _hermite(_ x: [Double], _ y: [Double], _ dydx: [Double], extrapolation: Extrapolation) -> PPoly {
    let m = x.count - 1
    var c = [Double](repeating: 0, count: 4 * m)
    for i in 0..<m {
        let h = x[i + 1] - x[i]
        let slope = (y[i + 1] - y[i]) / h
        let t = (dydx[i] + dydx[i + 1] - 2 * slope) / h
        c[i] = t / h
        c[m + i] = (slope - dydx[i]) / h - t
        c[2 * m + i] = dydx[i]
        c[3 * m + i] = y[i]
    }
    return PPoly(coefficients: c, breakpoints: x, extrapolation: extrapolation)
}
