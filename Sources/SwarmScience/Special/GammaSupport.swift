import Foundation

// Pieces shared by the gamma, incomplete gamma and incomplete beta code:
// the functions that keep precision where the textbook formulas lose it.

/// log(1 + x) - x without the cancellation of the two terms near 0.
@inline(__always)
func _log1pmx(_ x: Double) -> Double {
    guard Swift.abs(x) < 0.5 else { return log1p(x) - x }
    // -x²/2 + x³/3 - x⁴/4 + ...: alternating, |terms| fall by |x| each step.
    var power = x, sum = 0.0
    var n = 2.0
    while n < 500 {
        power *= -x
        let term = power / n
        sum += term
        if Swift.abs(term) <= Double.ulpOfOne * Swift.abs(sum) { break }
        n += 1
    }
    return sum
}

/// (-1)ᵏ ζ(k) / k for k = 2, 3, ...: the Taylor coefficients of log Γ(1 + x).
private let _lgamma1pTaylor: [Double] = [
    0.8224670334241132, -0.40068563438653143, 0.27058080842778454, -0.20738555102867398,
    0.1695571769974082, -0.1440498967688461, 0.12550966952474304, -0.11133426586956469,
    0.1000994575127818, -0.09095401714582904, 0.083353840546109, -0.0769325164113522,
    0.07143294629536133, -0.06666870588242046, 0.06250095514121304, -0.058823978658684585,
    0.055555767627403614, -0.05263167937961666, 0.05000004769810169, -0.047619070330142226,
    0.04545455629320467, -0.04347826605304026, 0.04166666915034121, -0.04000000119214014,
    0.03846153903467518, -0.037037037312989324, 0.035714285847333355, -0.034482758684919304,
    0.03333333336437758, -0.03225806453115042, 0.03125000000727597, -0.030303030306558044,
    0.029411764707594344, -0.02857142857226011, 0.027777777778181998, -0.027027027027223673,
    0.02631578947377995, -0.025641025641072283, 0.025000000000022737, -0.024390243902450117,
    0.023809523809529224, -0.023255813953491015, 0.02272727272727402, -0.022222222222222855,
    0.021739130434782917, -0.021276595744681003, 0.02083333333333341, -0.02040816326530616,
    0.020000000000000018, -0.019607843137254912, 0.019230769230769235, -0.01886792452830189,
    0.01851851851851852, -0.01818181818181818, 0.017857142857142856, -0.017543859649122806,
]

/// The Euler–Mascheroni constant γ.
let _eulerGamma = 0.5772156649015329

/// log Γ(1 + x), accurate for tiny x where Γ(1 + x) rounds to 1.
func _lgamma1p(_ x: Double) -> Double {
    if Swift.abs(x) <= 0.5 { return _lgamma1pTaylorSum(x) }
    if Swift.abs(x - 1) < 0.5 { return log(x) + _lgamma1pTaylorSum(x - 1) }
    return _libmLgammaSigned(x + 1).value
}

@inline(__always)
private func _lgamma1pTaylorSum(_ x: Double) -> Double {
    // Horner from the highest power: the terms shrink at least as 2⁻ᵏ.
    var sum = 0.0
    for c in _lgamma1pTaylor.reversed() { sum = sum * x + c }
    return x * (-_eulerGamma + x * sum)
}

/// The scaled gamma function Γ*(a) = Γ(a) / (√(2π/a) (a/e)ᵃ), which tends
/// to 1 as a grows: incomplete gamma and beta prefactors written with it
/// avoid the large logarithms whose rounding would cost digits.
func _gammaStar(_ a: Double) -> Double {
    if a >= 10 {
        // Stirling's series for log Γ*(a): Σ B₂ₖ / (2k(2k-1) a²ᵏ⁻¹).
        let r = 1 / a, r2 = r * r
        var s = -3617.0 / 122_400
        s = s * r2 + 1.0 / 156
        s = s * r2 - 691.0 / 360_360
        s = s * r2 + 1.0 / 1188
        s = s * r2 - 1.0 / 1680
        s = s * r2 + 1.0 / 1260
        s = s * r2 - 1.0 / 360
        s = s * r2 + 1.0 / 12
        return exp(s * r)
    }
    if a < 1e-280 {
        // Γ(a) ≈ 1/a overflows the direct formula's intermediate terms.
        return (1 / (2 * Double.pi * a)).squareRoot() * exp(a * (1 - log(a)))
    }
    // Up by n steps to A = a + n ≥ 10, where Stirling's series is accurate:
    // Γ(a) = Γ(A)/P with P = a(a+1)…(a+n-1), so
    // Γ*(a) = Γ*(A) √(a/A) exp(A log A - a log a - n) / P,
    // the exponent and P with extra precision (tgamma and pow(a/e, a) in
    // doubles cost up to ten ulps here).
    let n = (10 - a).rounded(.up)
    #if arch(x86_64) && !os(Windows)
    let a80 = Float80(a), big80 = a80 + Float80(n)
    var product80 = a80
    var j: Float80 = 1
    while j < Float80(n) {
        product80 *= a80 + j
        j += 1
    }
    let exponent80 = big80 * Foundation.log(big80) - a80 * Foundation.log(a80) - Float80(n)
    let big = Double(big80)
    return _gammaStar(big) * (a / big).squareRoot() * Double(Foundation.exp(exponent80) / product80)
    #else
    let big = _DD.sum(a, n)
    var product = _DD(a)
    var k = 1.0
    while k < n {
        product = product * _DD.sum(a, k)
        k += 1
    }
    let exponent = _logDD(big) * big - _logDD(_DD(a)) * a + -n
    let power = exp(exponent.hi) * (1 + exponent.lo)
    let ratio = (_DD(power) / product).value
    return _gammaStar(big.hi) * (a / big.value).squareRoot() * ratio
    #endif
}

/// cot(πx), exact in its reduction: x is brought to (-1/2, 1/2] by
/// subtracting an integer (exact) and the tangent's argument is kept small.
func _cotpi(_ x: Double) -> Double {
    var r = x - x.rounded()  // (-1/2, 1/2], exact
    if r == 0.5 || r == -0.5 { return 0 }
    var sign = 1.0
    if r < 0 { r = -r; sign = -1 }
    if r > 0.25 {
        // cot(πr) = tan(π(1/2 - r)), and 1/2 - r is exact.
        return sign * tan(Double.pi * (0.5 - r))
    }
    return sign / tan(Double.pi * r)
}

/// 1/Γ(x), zero at the poles.
@inline(__always)
func _rgamma(_ x: Double) -> Double {
    if x <= 0 && x == x.rounded(.down) { return 0 }
    return 1 / _libmTgamma(x)
}
