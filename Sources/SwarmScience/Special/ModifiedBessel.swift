import Foundation

// Modified Bessel functions of orders 0 and 1. I₀ and I₁: the ascending
// series (all terms positive, so no cancellation) up to x = 25, the
// large-x asymptotic series beyond, split as e^(x/2)·(e^(x/2)·…) so that
// values up to the overflow threshold are finite. K₀ and K₁: the series of
// DLMF 10.31.1 up to x = 2 and Steed's evaluation of Temme's continued
// fraction CF2 beyond (Numerical Recipes §6.7), which converges fast there.

extension Special {
    /// The modified Bessel function of the first kind of order 0, I₀(x).
    ///
    /// As in SciPy: ∞ once eˣ overflows (|x| > 709.78), NaN at ±∞.
    ///
    /// - Complexity: O(1) (at most ~60 series terms).
    public static func i0(_ x: Double) -> Double {
        if x.isNaN { return x }
        let t = Swift.abs(x)
        if t.isInfinite { return .nan }  // SciPy's (Cephes') value
        if t > _expOverflow { return .infinity }  // as SciPy, where eˣ overflows
        if t <= 25 { return _besselISeries(t, order: 0) }
        return _besselIAsymptotic(t, order: 0)
    }

    /// The modified Bessel function of the first kind of order 1, I₁(x)
    /// (odd in x); ±∞ for |x| > 709.78 and NaN at ±∞, as in SciPy.
    ///
    /// - Complexity: O(1).
    public static func i1(_ x: Double) -> Double {
        if x.isNaN { return x }
        let t = Swift.abs(x)
        if t.isInfinite { return .nan }
        let value = t > _expOverflow ? .infinity : t <= 25 ? _besselISeries(t, order: 1) : _besselIAsymptotic(t, order: 1)
        return x < 0 ? -value : value
    }

    /// The modified Bessel function of the second kind of order 0, K₀(x):
    /// ∞ at 0, NaN for x < 0.
    ///
    /// - Complexity: O(1).
    public static func k0(_ x: Double) -> Double {
        if x.isNaN { return x }
        if x < 0 { return .nan }
        if x == 0 { return .infinity }
        if x == .infinity { return 0 }
        if x <= 2 {
            // K₀ = -(log(x/2) + γ) I₀(x) + Σ Hₖ (x²/4)ᵏ/(k!)²; the two parts
            // cancel by up to a factor 10 near x = 2, so on x86-64 the sums
            // run with the x87's 11 extra bits.
            let x = _BesselReal(x)
            let q = 0.25 * x * x
            var term: _BesselReal = 1, harmonic: _BesselReal = 0, sum: _BesselReal = 0
            var k: _BesselReal = 1
            while k < 60 {
                term *= q / (k * k)
                harmonic += 1 / k
                let add = term * harmonic
                sum += add
                if add <= _BesselReal.ulpOfOne * 0.25 * Swift.abs(sum) { break }
                k += 1
            }
            return Double(-(Foundation.log(0.5 * x) + _besselEulerGamma) * _besselISeriesReal(x, order: 0) + sum)
        }
        return _besselKLarge(x).k0
    }

    /// The modified Bessel function of the second kind of order 1, K₁(x):
    /// ∞ at 0, NaN for x < 0.
    ///
    /// - Complexity: O(1).
    public static func k1(_ x: Double) -> Double {
        if x.isNaN { return x }
        if x < 0 { return .nan }
        if x == 0 { return .infinity }
        if x == .infinity { return 0 }
        if x <= 2 {
            // K₁ = 1/x + log(x/2) I₁(x) - (x/4) Σ (ψ(k+1) + ψ(k+2)) (x²/4)ᵏ/(k!(k+1)!),
            // with extra bits on x86-64 as for K₀.
            let x = _BesselReal(x)
            let q = 0.25 * x * x
            var term: _BesselReal = 1
            var psiK = -_besselEulerGamma, psiK1 = 1 - _besselEulerGamma  // ψ(k + 1), ψ(k + 2)
            var sum = psiK + psiK1
            var k: _BesselReal = 1
            while k < 60 {
                term *= q / (k * (k + 1))
                psiK += 1 / k
                psiK1 += 1 / (k + 1)
                let add = term * (psiK + psiK1)
                sum += add
                if Swift.abs(add) <= _BesselReal.ulpOfOne * 0.25 * Swift.abs(sum) { break }
                k += 1
            }
            return Double(1 / x + Foundation.log(0.5 * x) * _besselISeriesReal(x, order: 1) - 0.25 * x * sum)
        }
        return _besselKLarge(x).k1
    }
}

/// Where eˣ overflows.
private let _expOverflow = 709.782712893384

#if arch(x86_64) && !os(Windows)
/// The format the ascending series run in: the x87's 80-bit one where there
/// is one (11 more significand bits than a double), Double elsewhere.
typealias _BesselReal = Float80
#else
typealias _BesselReal = Double
#endif

/// The Euler–Mascheroni constant γ in ``_BesselReal``.
private let _besselEulerGamma: _BesselReal = 0.57721566490153286061

/// Iₙ(x) for n = 0, 1 and 0 ≤ x ≤ 25 by the ascending series
/// (x/2)ⁿ Σ (x²/4)ᵏ / (k!(k+n)!).
///
/// The terms come by a recurrence whose rounding adds up over the forty or
/// so terms at x = 25 (13 ulps in doubles), hence the wider format.
private func _besselISeries(_ x: Double, order: Int) -> Double {
    Double(_besselISeriesReal(_BesselReal(x), order: order))
}

/// ``_besselISeries(_:order:)`` in ``_BesselReal``.
private func _besselISeriesReal(_ x: _BesselReal, order: Int) -> _BesselReal {
    let q = 0.25 * x * x
    var term: _BesselReal = 1, sum: _BesselReal = 1
    let n = _BesselReal(order)
    var k: _BesselReal = 1
    while k < 200 {
        term *= q / (k * (k + n))
        sum += term
        if term <= 0.5 * _BesselReal.ulpOfOne * sum { break }
        k += 1
    }
    return order == 0 ? sum : 0.5 * x * sum
}

/// Iₙ(x) for n = 0, 1 and x > 25 by e^x/√(2πx) Σ (-1)ᵏ aₖ(n)/xᵏ,
/// aₖ = (4n² - 1²)(4n² - 3²)…(4n² - (2k-1)²)/(k! 8ᵏ).
private func _besselIAsymptotic(_ x: Double, order: Int) -> Double {
    let x = _BesselReal(x)
    let mu = _BesselReal(4 * order * order)
    var term: _BesselReal = 1, sum: _BesselReal = 1
    var k: _BesselReal = 1
    while k < 60 {
        let odd = 2 * k - 1
        let next = -term * (mu - odd * odd) / (k * 8 * x)
        if Swift.abs(next) > Swift.abs(term) { break }  // the series has turned
        term = next
        sum += term
        if Swift.abs(term) <= 0.5 * _BesselReal.ulpOfOne * Swift.abs(sum) { break }
        k += 1
    }
    // e^x/√(2πx) as two halves so that I stays finite just past e^x's
    // overflow in doubles (the 80-bit format has room, but not Double).
    let half = Foundation.exp(0.5 * x)
    return Double(half * (half / (2 * _BesselReal.pi * x).squareRoot() * sum))
}

/// K₀(x) and K₁(x) for x > 2 by Steed's method on Temme's CF2 at ν = 0.
///
/// On x86-64 the recurrences run in the x87's 80-bit format (in doubles
/// their rounding costs up to 6 ulps).
private func _besselKLarge(_ x: Double) -> (k0: Double, k1: Double) {
    typealias Real = _BesselReal
    let x = Real(x)
    var b = 2 * (1 + x)
    var d = 1 / b
    var h = d, delh = d
    var q1: Real = 0, q2: Real = 1
    let a1: Real = 0.25
    var q = a1, c = a1
    var a = -a1
    var s = 1 + q * delh
    var i: Real = 1
    while i < 10_000 {
        a -= 2 * i
        c = -a * c / (i + 1)
        let qnew = (q1 - b * q2) / a
        q1 = q2
        q2 = qnew
        q += c * qnew
        b += 2
        d = 1 / (b + a * d)
        delh = (b * d - 1) * delh
        h += delh
        let dels = q * delh
        s += dels
        if Swift.abs(dels / s) <= 0.5 * Real.ulpOfOne { break }
        i += 1
    }
    h *= a1
    // √(π/2x) e^(-x) / s, with e^(-x) in halves to keep precision near underflow.
    let half = Foundation.exp(-0.5 * x)
    let scaled = (Real.pi / (2 * x)).squareRoot() / s * half
    return (Double(half * scaled), Double(half * (scaled * (x + 0.5 - h) / x)))
}
