// Piecewise cubic Hermite interpolants: given derivatives
// (`CubicHermiteSpline`), shape-preserving derivatives (`PchipInterpolator`)
// and Akima's locally weighted slopes (`Akima1DInterpolator`), as in SciPy.

/// The piecewise cubic with given values and first derivatives at the
/// knots (SciPy's `scipy.interpolate.CubicHermiteSpline`).
public struct CubicHermiteSpline: PiecewisePolynomialInterpolant, Hashable {
    /// The interpolant as a piecewise polynomial.
    public let polynomial: PPoly

    /// - Throws: ``InterpolationError`` for data that cannot define it.
    public init(_ x: [Double], _ y: [Double], dydx: [Double],
                extrapolation: Extrapolation = .extrapolate) throws(InterpolationError) {
        try _checkData(x, y)
        guard dydx.count == y.count else { throw .lengthMismatch(x: x.count, y: dydx.count) }
        guard dydx.allSatisfy(\.isFinite) else { throw .notFinite("dydx") }
        polynomial = _hermite(x, y, dydx, extrapolation: extrapolation)
    }
}

/// Monotonicity-preserving piecewise cubic interpolation (PCHIP, Fritsch and
/// Carlson; SciPy's `scipy.interpolate.PchipInterpolator`): no overshoot
/// where the data are monotone, a flat derivative at local extrema.
public struct PchipInterpolator: PiecewisePolynomialInterpolant, Hashable {
    /// The interpolant as a piecewise polynomial.
    public let polynomial: PPoly

    /// - Throws: ``InterpolationError`` for data that cannot define it.
    public init(_ x: [Double], _ y: [Double], extrapolation: Extrapolation = .extrapolate) throws(InterpolationError) {
        try _checkData(x, y)
        let n = x.count
        let h = (0..<(n - 1)).map { x[$0 + 1] - x[$0] }
        let m = (0..<(n - 1)).map { (y[$0 + 1] - y[$0]) / h[$0] }
        var d = [Double](repeating: 0, count: n)
        if n == 2 {
            d = [m[0], m[0]]
        } else {
            for k in 1..<(n - 1) {
                // A weighted harmonic mean of the neighbouring slopes, or zero
                // at an extremum or a flat piece.
                if m[k - 1] == 0 || m[k] == 0 || (m[k - 1] > 0) != (m[k] > 0) { continue }
                let w1 = 2 * h[k] + h[k - 1], w2 = h[k] + 2 * h[k - 1]
                d[k] = 1 / ((w1 / m[k - 1] + w2 / m[k]) / (w1 + w2))
            }
            d[0] = Self.endSlope(h[0], h[1], m[0], m[1])
            d[n - 1] = Self.endSlope(h[n - 2], h[n - 3], m[n - 2], m[n - 3])
        }
        polynomial = _hermite(x, y, d, extrapolation: extrapolation)
    }

    /// The one-sided three-point estimate at an end, kept shape-preserving
    /// (Moler, Numerical Computing with MATLAB, `pchiptx`).
    static func endSlope(_ h0: Double, _ h1: Double, _ m0: Double, _ m1: Double) -> Double {
        let d = ((2 * h0 + h1) * m0 - h0 * m1) / (h0 + h1)
        if _sign(d) != _sign(m0) { return 0 }
        if _sign(m0) != _sign(m1) && Swift.abs(d) > 3 * Swift.abs(m0) { return 3 * m0 }
        return d
    }
}

/// NumPy's `sign`: -1, 0 or 1.
private func _sign(_ x: Double) -> Int { x > 0 ? 1 : x < 0 ? -1 : 0 }

/// Akima's piecewise cubic interpolation (SciPy's
/// `scipy.interpolate.Akima1DInterpolator`): slopes from a weighted average
/// of neighbouring secants, which avoids the wiggles of a spline near
/// outliers. `modified` gives MATLAB's "makima" weights.
public struct Akima1DInterpolator: PiecewisePolynomialInterpolant, Hashable {
    /// The interpolant as a piecewise polynomial.
    public let polynomial: PPoly

    /// - Parameters:
    ///   - modified: SciPy's `method="makima"` when true.
    ///   - extrapolation: `.none` by default, as SciPy's Akima.
    /// - Throws: ``InterpolationError`` for data that cannot define it.
    public init(_ x: [Double], _ y: [Double], modified: Bool = false,
                extrapolation: Extrapolation = .none) throws(InterpolationError) {
        try _checkData(x, y)
        let n = x.count
        var t = [Double](repeating: 0, count: n)
        if n == 2 {
            let s = (y[1] - y[0]) / (x[1] - x[0])
            t = [s, s]
        } else {
            // Secants m[2…n] with two extrapolated on each side.
            var m = [Double](repeating: 0, count: n + 3)
            for i in 0..<(n - 1) { m[i + 2] = (y[i + 1] - y[i]) / (x[i + 1] - x[i]) }
            m[1] = 2 * m[2] - m[3]
            m[0] = 2 * m[1] - m[2]
            m[n + 1] = 2 * m[n] - m[n - 1]
            m[n + 2] = 2 * m[n + 1] - m[n]
            var f1 = [Double](repeating: 0, count: n), f2 = f1
            for i in 0..<n {
                t[i] = 0.5 * (m[i + 3] + m[i])
                f1[i] = Swift.abs(m[i + 3] - m[i + 2])
                f2[i] = Swift.abs(m[i + 1] - m[i])
                if modified {
                    f1[i] += 0.5 * Swift.abs(m[i + 3] + m[i + 2])
                    f2[i] += 0.5 * Swift.abs(m[i + 1] + m[i])
                }
            }
            let f12 = (0..<n).map { f1[$0] + f2[$0] }
            let cutoff = 1e-9 * (f12.max() ?? -.infinity)
            for i in 0..<n where f12[i] > cutoff {
                t[i] = m[i + 1] + (f2[i] / f12[i]) * (m[i + 2] - m[i + 1])
            }
        }
        polynomial = _hermite(x, y, t, extrapolation: extrapolation)
    }
}
