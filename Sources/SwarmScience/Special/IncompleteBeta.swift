import Foundation

// The regularized incomplete beta function I_x(a, b). The continued
// fraction of DLMF 8.17.22 (modified Lentz) on the side of the mean where
// it converges fast, its complement through I_x(a, b) = 1 - I_{1-x}(b, a)
// on the other. The prefactor xᵃ(1-x)ᵇ/(a B(a, b)) is where precision is
// lost for large a, b: it is written through Γ* against the peak of xᵃyᵇ,
// its exponent in double-double (see `DoubleDouble.swift`).

extension Special {
    /// The regularized incomplete beta function I_x(a, b) (SciPy's
    /// `betainc`).
    ///
    /// NaN for a < 0, b < 0, x outside [0, 1], or a = b = 0; I = 1 when
    /// a = 0, 0 when b = 0, and the limits at infinite a or b.
    ///
    /// - Complexity: O(√max(a, b)) continued-fraction terms at worst.
    public static func betainc(_ a: Double, _ b: Double, _ x: Double) -> Double {
        _betaincPair(a, b, x).lower
    }
}

/// I_x(a, b) and 1 - I_x(a, b), each to its own relative accuracy.
func _betaincPair(_ a: Double, _ b: Double, _ x: Double) -> (lower: Double, upper: Double) {
    if a.isNaN || b.isNaN || x.isNaN || a < 0 || b < 0 || x < 0 || x > 1 { return (.nan, .nan) }
    if a == 0 && b == 0 { return (.nan, .nan) }
    if a == 0 { return (1, 0) }
    if b == 0 { return (0, 1) }
    if a.isInfinite && b.isInfinite { return (.nan, .nan) }
    if a.isInfinite { return x == 1 ? (1, 0) : (0, 1) }
    if b.isInfinite { return x == 0 ? (0, 1) : (1, 0) }
    if x == 0 { return (0, 1) }
    if x == 1 { return (1, 0) }
    let y = 1 - x
    if b < 1 && b * x <= 1 && x <= 0.95 && x >= (a + 1) / (a + b + 2) {
        // Small b puts the mass near 1: I is small here and 1 - I_{1-x}(b, a)
        // would cancel; the power series in x (positive terms) does not.
        let v = _betaincFront(a, b, x, y) / pow(y, b) * _betaincPowerSeries(a, b, x)
        return (v, 1 - v)
    }
    if x < (a + 1) / (a + b + 2) {
        let v = _betaincFront(a, b, x, y) * _betaincContinuedFraction(a, b, x)
        return (v, 1 - v)
    }
    let v = _betaincFront(b, a, y, x) * _betaincContinuedFraction(b, a, y)
    return (1 - v, v)
}

/// Σ a/(a + n) (1 - b)ₙ/n! xⁿ, the hypergeometric series with
/// I_x(a, b) = xᵃ/(a B(a, b)) · Σ (Cephes' `pseries`).
func _betaincPowerSeries(_ a: Double, _ b: Double, _ x: Double) -> Double {
    var c = 1.0, sum = 1.0
    var n = 1.0
    while n < 100_000 {
        c *= (n - b) / n * x
        let term = a * c / (a + n)
        sum += term
        if Swift.abs(term) <= 0.5 * Double.ulpOfOne * Swift.abs(sum) { break }
        n += 1
    }
    return sum
}

/// xᵃ yᵇ / (a B(a, b)) with y = 1 - x, for finite a, b > 0.
///
/// Written against the peak of xᵃyᵇ at x₀ = a/(a+b): with Γ(z) =
/// √(2π/z)(z/e)ᶻ Γ*(z), it is (x/x₀)ᵃ (y/y₀)ᵇ √(ab/(2π(a+b))) Γ*(a+b) /
/// (Γ*(a)Γ*(b)) / a. The powers are exp(a·log(1 + d/a) + b·log(1 - d/b))
/// with d = x(a + b) - a, formed in double-double: in doubles that exponent
/// (a sum of terms far larger than itself) would cost hundreds of ulps.
func _betaincFront(_ a: Double, _ b: Double, _ x: Double, _ y: Double) -> Double {
    let s = a + b
    let root = (a / s).squareRoot() * b.squareRoot() / (2 * Double.pi).squareRoot()
    let ratio = _gammaStar(s) / (_gammaStar(a) * _gammaStar(b))
    // d = x(a + b) - a exactly (the products by FMA, the sum in
    // double-double), from the smaller of x and y = 1 - x: that one is exact
    // (the caller rounded the other), and d = b - y(a + b) as well.
    let xIsSmaller = x <= y
    let d = xIsSmaller ? _DD.product(x, a) + _DD.product(x, b) + (-a)
        : -(_DD.product(y, a) + _DD.product(y, b)) + b
    if s.isFinite, let exponent = _betaExponent(a, b, d, exact: xIsSmaller ? x : y, xIsSmaller: xIsSmaller) {
        if exponent.hi < -_maxLog - 40 { return 0 }
        return exp(exponent.hi) * (1 + exponent.lo) * root * ratio / a
    }
    // Out of double-double's comfortable range (a ratio near 0 or huge):
    // the logarithms there are large and accurate by themselves.
    let dd = d.value
    let exponent = _scaledLogTerm(a, dd, ratio: x * s / a) + _scaledLogTerm(b, -dd, ratio: y * s / b)
    return exp(exponent) * root * ratio / a
}

/// c·log1pmx(t/c) for c > 0, given also ratio = 1 + t/c formed accurately.
@inline(__always)
private func _scaledLogTerm(_ c: Double, _ t: Double, ratio: Double) -> Double {
    let v = t / c
    if Swift.abs(v) < 0.5 { return c * _log1pmx(v) }
    // Far from 1 the logarithm of the ratio is accurate by itself (1 + v
    // would round away a ratio near 0), and c·v = t.
    return c * log(ratio) - t
}

/// The continued fraction of DLMF 8.17.22 for I_x(a, b) / (xᵃyᵇ/(aB)),
/// converging fast for x < (a + 1)/(a + b + 2).
///
/// Each term's rounding adds up: near the switch point, where the fraction
/// takes hundreds of terms, doubles lose up to 500 ulps. So a fraction that
/// needs more than a few terms is evaluated in ``_ExtendedReal`` instead
/// (the x87's 80-bit format on x86-64, whose 11 extra bits absorb that).
func _betaincContinuedFraction(_ a: Double, _ b: Double, _ x: Double) -> Double {
    let extended = _ExtendedReal.self != Double.self
    if let value = _betaincContinuedFraction(a, b, x, as: Double.self, maxTerms: extended ? _extendedTermsThreshold : 1_000_000) {
        return value
    }
    let e = _betaincContinuedFraction(_ExtendedReal(a), _ExtendedReal(b), _ExtendedReal(x), as: _ExtendedReal.self, maxTerms: 1_000_000)
    return Double(e ?? .nan)
}

/// The fraction in `R`, by the modified Lentz method; nil if it has not
/// converged within `maxTerms` (below the final cap of a million).
private func _betaincContinuedFraction<R: BinaryFloatingPoint>(_ a: R, _ b: R, _ x: R, as: R.Type, maxTerms: Int) -> R? {
    let tiny: R = 1e-300
    let sum = a + b, ap1 = a + 1, am1 = a - 1
    var c: R = 1
    var d = 1 - sum * x / ap1
    if Swift.abs(d) < tiny { d = tiny }
    d = 1 / d
    var h = d
    var m: R = 1
    while m < R(maxTerms) {
        let m2 = 2 * m
        var coefficient = m * (b - m) * x / ((am1 + m2) * (a + m2))
        d = 1 + coefficient * d
        if Swift.abs(d) < tiny { d = tiny }
        c = 1 + coefficient / c
        if Swift.abs(c) < tiny { c = tiny }
        d = 1 / d
        h *= d * c
        coefficient = -(a + m) * (sum + m) * x / ((a + m2) * (ap1 + m2))
        d = 1 + coefficient * d
        if Swift.abs(d) < tiny { d = tiny }
        c = 1 + coefficient / c
        if Swift.abs(c) < tiny { c = tiny }
        d = 1 / d
        let delta = d * c
        h *= delta
        if Swift.abs(delta - 1) <= R.ulpOfOne { return h }
        m += 1
    }
    return maxTerms >= 1_000_000 ? h : nil
}
