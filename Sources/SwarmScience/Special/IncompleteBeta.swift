import Foundation

// The regularized incomplete beta function I_x(a, b). The continued
// fraction of DLMF 8.17.22 (modified Lentz) on the side of the mean where
// it converges fast, its complement through I_x(a, b) = 1 - I_{1-x}(b, a)
// on the other. The prefactor xᵃ(1-x)ᵇ/(a B(a, b)) is where precision is
// lost for large a, b: there it is written through Γ* and log1pmx around
// the mean, with x(a + b) - a formed almost exactly (an FMA and a TwoSum).

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
func _betaincFront(_ a: Double, _ b: Double, _ x: Double, _ y: Double) -> Double {
    let sum = a + b
    if sum < _maxGammaArgument {
        // Moderate a + b: the powers are accurate as they stand.
        let powers = pow(x, a) * pow(y, b)
        if powers > 1e-290 && powers.isFinite {
            return powers * (_libmTgamma(sum) / _libmTgamma(a + 1)) / _libmTgamma(b)
        }
        let logValue = a * log(x) + b * log(y) + _libmLgammaSigned(sum).value
            - _libmLgammaSigned(a + 1).value - _libmLgammaSigned(b).value
        return exp(logValue)
    }
    // Large a + b: (x/x₀)ᵃ (y/y₀)ᵇ with x₀ = a/(a+b), y₀ = b/(a+b) is
    // exp(a·log1pmx(d/a) + b·log1pmx(-d/b)) with d = x(a+b) - a, the linear
    // terms cancelling exactly; d itself must be formed without rounding
    // a + b, or the error would be (a + b)·ε in the exponent.
    let s = sum, e = (a - (s - (s - a))) + (b - (s - a))  // a + b = s + e exactly
    let d = (-a).addingProduct(x, s) + x * e
    // x/x₀ = (a + d)/a = x(s + e)/a and y/y₀ = (b - d)/b, formed without
    // cancellation for the logarithms' use far from the mean.
    let exponent = _scaledLogTerm(a, d, ratio: x * s / a + x * e / a) + _scaledLogTerm(b, -d, ratio: (b - d) / b)
    let root = (a / s).squareRoot() * b.squareRoot() / (2 * Double.pi).squareRoot()
    let ratio = _gammaStar(s) / (_gammaStar(a) * _gammaStar(b))
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
func _betaincContinuedFraction(_ a: Double, _ b: Double, _ x: Double) -> Double {
    let tiny = 1e-300
    let sum = a + b, ap1 = a + 1, am1 = a - 1
    var c = 1.0
    var d = 1 - sum * x / ap1
    if Swift.abs(d) < tiny { d = tiny }
    d = 1 / d
    var h = d
    var m = 1.0
    while m < 1_000_000 {
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
        if Swift.abs(delta - 1) <= Double.ulpOfOne { break }
        m += 1
    }
    return h
}
