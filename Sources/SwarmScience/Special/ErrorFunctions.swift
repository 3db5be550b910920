import Foundation

// erf and erfc are the C library's (correctly rounded to within an ulp).
// The inverses start from Giles' single-precision approximation and take
// Halley steps on erf (small |y|) or erfc (|y| near 1, where 1 - |y| is
// exact), which brings them to the double nearest the root; erfcinv of a
// tiny q works in logarithms so that subnormal q still has an answer.

extension Special {
    /// The error function erf(x) = 2/√π ∫₀ˣ e^(-t²) dt.
    ///
    /// - Complexity: O(1).
    @inline(__always) public static func erf(_ x: Double) -> Double { _libmErf(x) }

    /// The complementary error function erfc(x) = 1 - erf(x), accurate
    /// where erf(x) is near 1; 0 for x > 26.64 as in SciPy.
    ///
    /// - Complexity: O(1).
    @inline(__always) public static func erfc(_ x: Double) -> Double {
        // SciPy (Cephes) returns 0 once e^(-x²) underflows rather than the
        // subnormal values beyond x ≈ 26.64.
        x * x > _maxLog && x > 0 ? 0 : _libmErfc(x)
    }

    /// The inverse error function: the x with erf(x) = y, for y in [-1, 1]
    /// (±∞ at ±1, NaN outside).
    ///
    /// - Complexity: O(1): a polynomial and two or three Halley steps.
    public static func erfinv(_ y: Double) -> Double {
        if y.isNaN || y < -1 || y > 1 { return .nan }
        if y == 1 { return .infinity }
        if y == -1 { return -.infinity }
        if y == 0 { return y }
        let magnitude = Swift.abs(y)
        let x = magnitude <= 0.5 ? _erfinvSmall(magnitude) : _erfcinvPositive(1 - magnitude)
        return y < 0 ? -x : x
    }

    /// The inverse complementary error function: the x with erfc(x) = q,
    /// for q in [0, 2] (+∞ at 0, -∞ at 2, NaN outside).
    ///
    /// - Complexity: O(1).
    public static func erfcinv(_ q: Double) -> Double {
        if q.isNaN || q < 0 || q > 2 { return .nan }
        if q == 0 { return .infinity }
        if q == 2 { return -.infinity }
        if q == 1 { return -0.0 }  // SciPy's sign
        if q > 1 {
            // erfc(-x) = 2 - erfc(x); 2 - q is exact for q ≥ 1.
            let r = 2 - q
            return r >= 0.5 ? -_erfinvSmall(1 - r) : -_erfcinvPositive(r)
        }
        return q >= 0.5 ? _erfinvSmall(1 - q) : _erfcinvPositive(q)
    }
}

/// Giles' approximation to erfinv(y) (relative error ~1e-7), from
/// w = -log((1 - y)(1 + y)) = -log(q(2 - q)) with q = 1 - y.
@inline(__always)
private func _erfinvGuess(_ y: Double, _ w: Double) -> Double {
    var p: Double
    if w < 5 {
        let v = w - 2.5
        p = 2.81022636e-08
        p = 3.43273939e-07 + p * v
        p = -3.5233877e-06 + p * v
        p = -4.39150654e-06 + p * v
        p = 0.00021858087 + p * v
        p = -0.00125372503 + p * v
        p = -0.00417768164 + p * v
        p = 0.246640727 + p * v
        p = 1.50140941 + p * v
    } else {
        let v = w.squareRoot() - 3
        p = -0.000200214257
        p = 0.000100950558 + p * v
        p = 0.00134934322 + p * v
        p = -0.00367342844 + p * v
        p = 0.00573950773 + p * v
        p = -0.0076224613 + p * v
        p = 0.00943887047 + p * v
        p = 1.00167406 + p * v
        p = 2.83297682 + p * v
    }
    return p * y
}

/// 2/√π.
private let _twoOverRootPi = 1.1283791670955126

/// erfinv(y) for 0 < y ≤ 1/2, by Halley steps on erf(x) - y.
private func _erfinvSmall(_ y: Double) -> Double {
    if y < 1e-9 {
        // erf(x) = 2/√π (x - x³/3 + ...): two terms are exact to the ulp.
        let x = y / _twoOverRootPi
        return x + x * x * x / 3
    }
    var x = _erfinvGuess(y, -log((1 - y) * (1 + y)))
    for _ in 0..<6 {
        let f = _libmErf(x) - y
        let u = f / (_twoOverRootPi * exp(-x * x))
        // Halley: f''/(2f') = -x.
        let step = u / (1 + x * u)
        x -= step
        if Swift.abs(step) <= Double.ulpOfOne * Swift.abs(x) { break }
    }
    return x
}

/// erfcinv(q) for 0 < q < 1/2 (x > 0.47), by Halley steps on erfc(x) - q,
/// or on log erfc(x) - log q once erfc's derivative would underflow.
private func _erfcinvPositive(_ q: Double) -> Double {
    var x: Double
    if q < 1e-8 {
        // Giles' single-precision fit fails for small q; there erfc(x) ≈ e^(-x²)/(x√π).
        let logq = log(q)
        x = (-logq).squareRoot()
        for _ in 0..<3 { x = (-logq - log(x * Double.pi.squareRoot())).squareRoot() }
    } else {
        x = _erfinvGuess(1, -log(q * (2 - q)))
    }
    if q < 1e-300 {
        // log erfc(x) = -x² - log(x√π) + log(1 - 1/(2x²) + 3/(4x⁴) - ...).
        let logq = log(q)
        for _ in 0..<20 {
            let r = 1 / (2 * x * x)
            let series = 1 - r * (1 - 3 * r * (1 - 5 * r * (1 - 7 * r * (1 - 9 * r))))
            let g = -x * x - log(x * Double.pi.squareRoot()) + log(series) - logq
            let slope = -2 * x - 1 / x  // the series' derivative is O(x⁻³)
            let step = g / slope
            x -= step
            if Swift.abs(step) <= Double.ulpOfOne * x { break }
        }
        return x
    }
    for _ in 0..<8 {
        let f = _libmErfc(x) - q
        let u = -f / (_twoOverRootPi * exp(-x * x))
        let step = u / (1 + x * u)
        x -= step
        if Swift.abs(step) <= Double.ulpOfOne * Swift.abs(x) { break }
    }
    return x
}
