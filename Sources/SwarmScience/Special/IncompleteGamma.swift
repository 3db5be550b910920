import Foundation

// The regularized incomplete gamma functions P(a, x) and Q(a, x) = 1 - P.
// The regions follow Cephes/SciPy (`igam.c`): the power series for P, the
// continued fraction for Q, and a small-x series for Q. SciPy also has a
// Temme expansion for a ≈ x ≫ 1; here that regime goes to the series and
// continued fraction (which converge there in O(√a) terms). The prefactor
// xᵃe⁻ˣ/Γ(a) is written through Γ*(a) and log1pmx everywhere, which keeps
// the relative accuracy the large logarithms would otherwise cost.

extension Special {
    /// The regularized lower incomplete gamma function
    /// P(a, x) = γ(a, x)/Γ(a) (SciPy's `gammainc`).
    ///
    /// NaN for a < 0 or x < 0 and for a = x = 0; P(0, x > 0) = 1,
    /// P(a, 0) = 0, P(a, ∞) = 1, P(∞, x) = 0.
    ///
    /// - Complexity: O(1) for moderate a; O(√a) series terms near x ≈ a.
    public static func gammainc(_ a: Double, _ x: Double) -> Double {
        var constants = _GammaConstants(a)
        return _gammainc(a, x, &constants)
    }

    /// The regularized upper incomplete gamma function
    /// Q(a, x) = Γ(a, x)/Γ(a) = 1 - P(a, x) (SciPy's `gammaincc`),
    /// computed directly so that small values keep their relative accuracy.
    ///
    /// - Complexity: O(1) for moderate a; O(√a) terms near x ≈ a.
    public static func gammaincc(_ a: Double, _ x: Double) -> Double {
        var constants = _GammaConstants(a)
        return _gammaincc(a, x, &constants)
    }
}

/// log Γ(a) and Γ*(a) for one a, worked out the first time a prefactor
/// needs them (so an array with one a pays for them once).
struct _GammaConstants {
    let a: Double
    private var _logGammaCache = Double.nan, _gammaStarCache = Double.nan

    init(_ a: Double) { self.a = a }

    /// Both constants now, for a loop that shares one copy per task.
    static func prepared(_ a: Double) -> _GammaConstants {
        var c = _GammaConstants(a)
        _ = c.logGamma
        _ = c.gammaStar
        return c
    }

    var logGamma: Double {
        mutating get {
            if _logGammaCache.isNaN { _logGammaCache = _libmLgammaSigned(a).value }
            return _logGammaCache
        }
    }

    var gammaStar: Double {
        mutating get {
            if _gammaStarCache.isNaN { _gammaStarCache = _gammaStar(a) }
            return _gammaStarCache
        }
    }
}

/// P(a, x) with the constants for a at hand.
@inline(__always)
func _gammainc(_ a: Double, _ x: Double, _ constants: inout _GammaConstants) -> Double {
    if a.isNaN || x.isNaN || a < 0 || x < 0 { return .nan }
    if a == 0 { return x > 0 ? 1 : .nan }
    if x == 0 { return 0 }
    if a.isInfinite { return x.isInfinite ? .nan : 0 }
    if x.isInfinite { return 1 }
    if x > 1 && x > a { return 1 - _igamcContinuedFraction(a, x, &constants) }
    return _igamSeries(a, x, &constants)
}

/// Q(a, x) with the constants for a at hand.
@inline(__always)
func _gammaincc(_ a: Double, _ x: Double, _ constants: inout _GammaConstants) -> Double {
    if a.isNaN || x.isNaN || a < 0 || x < 0 { return .nan }
    if a == 0 { return x > 0 ? 0 : .nan }
    if x == 0 { return 1 }
    if a.isInfinite { return x.isInfinite ? .nan : 1 }
    if x.isInfinite { return 0 }
    if x > 1.1 {
        return x < a ? 1 - _igamSeries(a, x, &constants) : _igamcContinuedFraction(a, x, &constants)
    }
    if x <= 0.5 {
        return -0.4 / log(x) < a ? 1 - _igamSeries(a, x, &constants) : _igamcSeries(a, x, &constants)
    }
    return x * 1.1 < a ? 1 - _igamSeries(a, x, &constants) : _igamcSeries(a, x, &constants)
}

/// xᵃ e⁻ˣ / Γ(a) for finite a, x > 0, as (x/a)ᵃ eᵃ⁻ˣ √(a/2π) / Γ*(a).
///
/// The exponent a·log(x/a) + a - x is a sum of terms much larger than
/// itself away from the peak (±2000 for -640 at a = 1628, x = 3519), so it
/// is formed with about 64 bits or more (`DoubleDouble.swift`) and is exact
/// to well under an ulp. Cephes'
/// (and SciPy's) a·log x - x - log Γ(a) subtracts terms of size a·log a in
/// doubles, which costs up to that many ulps of the result (26 000 there).
func _igamFactor(_ a: Double, _ x: Double, _ constants: inout _GammaConstants) -> Double {
    let scale = (a / (2 * Double.pi)).squareRoot() / constants.gammaStar
    guard let exponent = _gammaExponent(a, x) else {
        let t = (x - a) / a
        let e = Swift.abs(t) < 0.5 ? a * _log1pmx(t) : a * log(x / a) + (a - x)
        return e < -_maxLog - 40 ? 0 : exp(e) * scale
    }
    if exponent.hi < -_maxLog - 40 { return 0 }
    // e^(hi + lo) = e^hi (1 + lo) to within lo², and |lo| ≤ ulp(hi).
    return exp(exponent.hi) * (1 + exponent.lo) * scale
}

/// P(a, x) by its power series (DLMF 8.11.4), for x ≲ a or x ≤ 1.
func _igamSeries(_ a: Double, _ x: Double, _ constants: inout _GammaConstants) -> Double {
    let factor = _igamFactor(a, x, &constants)
    if factor == 0 { return 0 }
    var r = a, term = 1.0, sum = 1.0
    for _ in 0..<100_000 {
        r += 1
        term *= x / r
        sum += term
        if term <= Double.ulpOfOne * sum { break }
    }
    return sum * factor / a
}

/// Q(a, x) by Legendre's continued fraction (DLMF 8.9.2), for x ≳ a, x > 1:
/// 1/(b₁ + a₂/(b₂ + …)) with bₙ = x + 2n - 1 - a, aₙ₊₁ = -n(n - a), by the
/// forward (Wallis) recurrence, one division a term, rescaled as it grows.
///
/// Near x ≈ a the recurrence's rounding adds up to tens of ulps over its
/// terms, so a fraction that needs more than a few terms is evaluated in
/// ``_ExtendedReal`` instead (the x87's 80-bit format on x86-64).
func _igamcContinuedFraction(_ a: Double, _ x: Double, _ constants: inout _GammaConstants) -> Double {
    let factor = _igamFactor(a, x, &constants)
    if factor == 0 { return 0 }
    let extended = _ExtendedReal.self != Double.self
    if let ratio = _igamcFraction(a, x, as: Double.self, maxTerms: extended ? _extendedTermsThreshold : 100_000) {
        return ratio * factor
    }
    return Double(_igamcFraction(_ExtendedReal(a), _ExtendedReal(x), as: _ExtendedReal.self, maxTerms: 100_000) ?? .nan) * factor
}

/// The fraction alone, in `R`; nil if it has not converged within `maxTerms`.
private func _igamcFraction<R: BinaryFloatingPoint>(_ a: R, _ x: R, as: R.Type, maxTerms: Int) -> R? {
    var b = x + 1 - a
    // A₀ = 0, B₀ = 1 and A₁ = 1, B₁ = b₁ (from A₋₁ = 1, B₋₁ = 0).
    var pPrevious: R = 0, qPrevious: R = 1
    var p: R = 1, q = b
    var ratio = p / q
    var n: R = 1
    while n < R(maxTerms) {
        let an = -n * (n - a)
        b += 2
        let pNext = b * p + an * pPrevious
        let qNext = b * q + an * qPrevious
        pPrevious = p; qPrevious = q
        p = pNext; q = qNext
        if Swift.abs(q) > 4.503599627370496e15 {
            // Rescale by 2⁻⁵² (exact) to keep the recurrence in range.
            let s: R = 2.220446049250313e-16
            p *= s; q *= s; pPrevious *= s; qPrevious *= s
        }
        if q != 0 {
            let next = p / q
            let converged = Swift.abs(next - ratio) <= R.ulpOfOne * Swift.abs(next)
            ratio = next
            if converged { return ratio }
        }
        n += 1
    }
    // Out of terms: the caller's cap, or (at 100 000) the value so far, as before.
    return maxTerms >= 100_000 ? ratio : nil
}

/// Q(a, x) for small x (DLMF 8.7.3), arranged so that nothing cancels
/// when a is small: Q = -expm1(a log x - log Γ(1 + a)) - xᵃ/Γ(a) Σ (-x)ⁿ/(n!(a + n)).
func _igamcSeries(_ a: Double, _ x: Double, _ constants: inout _GammaConstants) -> Double {
    var factorial = 1.0, sum = 0.0
    var n = 1.0
    while n < 2000 {
        factorial *= -x / n
        let term = factorial / (a + n)
        sum += term
        if Swift.abs(term) <= Double.ulpOfOne * Swift.abs(sum) { break }
        n += 1
    }
    let logx = log(x)
    let head = -expm1(a * logx - _lgamma1p(a))
    return head - exp(a * logx - constants.logGamma) * sum
}
