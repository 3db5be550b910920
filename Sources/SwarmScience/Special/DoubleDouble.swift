import Foundation

// Double-double arithmetic (a value held as an unevaluated sum hi + lo,
// about 106 bits) for the exponents of the incomplete gamma and beta
// prefactors. Those exponents, such as a·log(x/a) + a - x, are sums of
// terms far larger than the result (at a = 1628, x = 3519 the terms are
// ±2000 and the exponent -640), so computing them in doubles leaves an
// absolute error of a few hundred ε in the exponent: that many ulps in the
// function. In double-double the exponent is exact to well under an ulp.
//
// The algorithms are the textbook error-free transformations (Knuth's
// TwoSum, the FMA product) and the usual Newton correction of a logarithm.
//
// On x86-64 the common case takes a cheaper road to the same accuracy: the
// x87's 80-bit format (64-bit significand) has 11 bits to spare, enough for
// exponents whose terms stay below 1024 with a and b below 2048 (about
// 40 ns a logarithm, against 150 for the double-double one).

#if arch(x86_64) && !os(Windows)
/// The widest hardware format: the x87's 80-bit one (64-bit significand)
/// on x86-64, Double elsewhere (where the code that uses it does nothing
/// more).
typealias _ExtendedReal = Float80
#else
typealias _ExtendedReal = Double
#endif

/// Continued fractions that need more terms than this are evaluated in
/// ``_ExtendedReal`` instead: beyond it their rounding in doubles adds up to
/// several ulps. (At 25, `gammainc` costs about 167 ns an element against
/// 103 with no such pass, and its worst error is 14 ulps against 38; at 40,
/// 150 ns and 18 ulps.)
let _extendedTermsThreshold = 25

/// hi + lo with |lo| ≤ ulp(hi)/2.
struct _DD {
    var hi: Double
    var lo: Double

    @inline(__always) init(_ hi: Double, _ lo: Double = 0) {
        self.hi = hi
        self.lo = lo
    }

    /// The exact sum of two doubles.
    @inline(__always) static func sum(_ a: Double, _ b: Double) -> _DD {
        let s = a + b
        let bb = s - a
        return _DD(s, (a - (s - bb)) + (b - bb))
    }

    /// The exact product of two doubles.
    @inline(__always) static func product(_ a: Double, _ b: Double) -> _DD {
        let p = a * b
        return _DD(p, (-p).addingProduct(a, b))
    }

    /// hi + lo renormalized.
    @inline(__always) static func fast(_ a: Double, _ b: Double) -> _DD {
        let s = a + b
        return _DD(s, b - (s - a))
    }

    @inline(__always) static func + (x: _DD, y: _DD) -> _DD {
        let s = sum(x.hi, y.hi), t = sum(x.lo, y.lo)
        let u = fast(s.hi, s.lo + t.hi)
        return fast(u.hi, u.lo + t.lo)
    }

    @inline(__always) static func + (x: _DD, y: Double) -> _DD {
        let s = sum(x.hi, y)
        return fast(s.hi, s.lo + x.lo)
    }

    @inline(__always) static prefix func - (x: _DD) -> _DD { _DD(-x.hi, -x.lo) }

    @inline(__always) static func - (x: _DD, y: _DD) -> _DD { x + (-y) }

    @inline(__always) static func * (x: _DD, y: _DD) -> _DD {
        let p = product(x.hi, y.hi)
        return fast(p.hi, p.lo + (x.hi * y.lo + x.lo * y.hi))
    }

    @inline(__always) static func * (x: _DD, y: Double) -> _DD {
        let p = product(x.hi, y)
        return fast(p.hi, p.lo + x.lo * y)
    }

    @inline(__always) static func / (x: _DD, y: _DD) -> _DD {
        let q1 = x.hi / y.hi
        let r = x - y * q1
        let q2 = r.hi / y.hi
        let r2 = r - y * q2
        let q3 = r2.hi / y.hi
        return fast(q1, q2) + q3
    }

    /// The value as a double.
    @inline(__always) var value: Double { hi + lo }

    #if arch(x86_64) && !os(Windows)
    /// An 80-bit value split into its nearest double and the rest.
    @inline(__always) init(extended v: Float80) {
        let h = Double(v)
        self.init(h, Double(v - Float80(h)))
    }
    #endif
}

/// ln 2 to double-double precision.
private let _ln2 = _DD(0.6931471805599453, 2.3190468138462996e-17)

/// eʸ in double-double for a double y with |y| < 700.
func _expDD(_ y: Double) -> _DD {
    // y = k ln 2 + r, |r| ≤ ln 2 / 2, then eʳ = (e^(r/256))^256.
    let k = (y / _ln2.hi).rounded()
    let r = (_DD(y) - _ln2 * k) * (1.0 / 256)
    // Taylor series of e^s - 1 for |s| < 0.0014: eleven terms reach 1e-35.
    var term = r, sum = r
    for n in 2...11 {
        term = term * r * (1 / Double(n))
        // 1/n is inexact, but its error (ε/n relative) falls on a term of
        // size sⁿ/n! < 1e-6 of the sum: far below the double-double ulp.
        sum = sum + term
    }
    // (1 + m)² = 1 + (2m + m²), kept as m to keep the small part's digits.
    for _ in 0..<8 { sum = sum * 2 + sum * sum }
    let e = sum + 1
    let scale = Double(sign: .plus, exponent: Int(k), significand: 1)
    return _DD(e.hi * scale, e.lo * scale)
}

/// log q in double-double for q = hi + lo > 0 with hi a normal number:
/// one Newton step on the double logarithm, l + (q e⁻ˡ - 1).
func _logDD(_ q: _DD) -> _DD {
    let l = log(q.hi)
    let correction = q * _expDD(-l) + -1.0
    return _DD(l) + correction
}

/// The exponent a·log(x/a) + a - x of the incomplete gamma prefactor, to
/// well under an ulp; nil when the prefactor under- or overflows anyway.
func _gammaExponent(_ a: Double, _ x: Double) -> _DD? {
    #if arch(x86_64) && !os(Windows)
    if a < 2048 {
        let a80 = Float80(a), q = Float80(x) / a80
        if q.isNormal {
            let power = a80 * Foundation.log(q)
            if Swift.abs(power) < 1024 { return _DD(extended: power + (a80 - Float80(x))) }
        }
    }
    #endif
    return _gammaExponentDD(a, x)
}

/// The exponent a·log(1 + d/a) + b·log(1 - d/b) of the incomplete beta
/// prefactor, to well under an ulp; nil out of range (see `_betaExponentDD`).
/// `x` is the smaller of x and 1 - x when `xIsSmaller`, else it is 1 - x:
/// the one given exactly.
func _betaExponent(_ a: Double, _ b: Double, _ d: _DD, exact: Double, xIsSmaller: Bool) -> _DD? {
    #if arch(x86_64) && !os(Windows)
    if a < 2048 && b < 2048 {
        // 1 + d/a = x(a+b)/a and 1 - d/b = y(a+b)/b, from x and y = 1 - x
        // without cancellation (1 + d/a would lose digits of a ratio near 0).
        let a80 = Float80(a), b80 = Float80(b), s80 = a80 + b80
        let x80 = xIsSmaller ? Float80(exact) : 1 - Float80(exact)
        let y80 = xIsSmaller ? 1 - Float80(exact) : Float80(exact)
        let u = x80 * s80 / a80, v = y80 * s80 / b80
        if u.isNormal && v.isNormal {
            let first = a80 * Foundation.log(u), second = b80 * Foundation.log(v)
            if Swift.abs(first) + Swift.abs(second) < 1024 { return _DD(extended: first + second) }
        }
    }
    #endif
    return _betaExponentDD(a, b, d)
}

/// a·log1pmx(t) = a·log(1 + t) - a·t for t = (x - a)/a: the exponent
/// a·log(x/a) + a - x of xᵃe⁻ˣ/Γ(a) = (x/a)ᵃ eᵃ⁻ˣ √(a/2π)/Γ*(a), in
/// double-double; nil when x/a is out of the range where that is needed
/// (the prefactor then under- or overflows, and doubles do).
func _gammaExponentDD(_ a: Double, _ x: Double) -> _DD? {
    // x/a to double-double: q + r/a with r = x - q·a exact by FMA.
    let q = x / a
    guard q.isNormal, q > 1e-300, q < 1e300 else { return nil }
    let r = x.addingProduct(-q, a)
    let ratio = _DD.fast(q, r / a)
    return _logDD(ratio) * a + _DD.sum(a, -x)
}

/// a·log(1 + d/a) + b·log(1 - d/b) in double-double, given d = x(a + b) - a
/// in double-double: the exponent of xᵃyᵇ against its peak (x₀ᵃy₀ᵇ, where
/// x₀ = a/(a+b)), whose linear terms ±d cancel exactly.
func _betaExponentDD(_ a: Double, _ b: Double, _ d: _DD) -> _DD? {
    let u = d / _DD(a), v = -(d / _DD(b))
    let ru = u + 1.0, rv = v + 1.0
    guard ru.hi > 1e-300, rv.hi > 1e-300, ru.hi < 1e300, rv.hi < 1e300 else { return nil }
    return _logDD(ru) * a + _logDD(rv) * b
}
