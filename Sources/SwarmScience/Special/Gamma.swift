import Foundation

// Γ, log|Γ|, ψ, B and log|B| with SciPy's values at the poles. Γ for
// x > 0 is Cephes' method (the recurrence into [2, 3) and a rational
// approximation there, Stirling's series beyond 33), which is both what
// SciPy computes and four times faster than glibc's `tgamma`; for x < 0
// glibc's `tgamma`. gammaln is glibc's `lgamma_r`, more accurate than
// Cephes' near the roots at 1 and 2; digamma and beta follow Cephes' case
// analysis so that negative arguments give what SciPy gives.

extension Special {
    /// The gamma function Γ(x) (SciPy's `gamma`).
    ///
    /// Γ(0) = ±∞ with the sign of the zero, NaN at negative integers and
    /// -∞, +∞ at +∞; it overflows to ∞ above x ≈ 171.62 and, as in SciPy,
    /// gives a signed zero where Γ(x) would be subnormal (x < -170.6).
    ///
    /// - Complexity: O(1).
    public static func gamma(_ x: Double) -> Double {
        if x.isNaN { return x }
        if x == 0 { return x.sign == .minus ? -.infinity : .infinity }
        if x < 0 && (x == -.infinity || x == x.rounded(.down)) { return .nan }
        if x > 0 { return _gammaPositive(x) }
        let value = _libmTgamma(x)
        // SciPy (Cephes) flushes the subnormal values left of -170.6 to ±0.
        if Swift.abs(value) < Double.leastNormalMagnitude { return value < 0 ? -0.0 : 0 }
        return value
    }

    /// log|Γ(x)| (SciPy's `gammaln`): +∞ at 0 and the negative integers
    /// (and, as in SciPy, for subnormal x).
    ///
    /// - Complexity: O(1).
    public static func gammaln(_ x: Double) -> Double {
        if x == -.infinity { return -.infinity }  // SciPy's (Cephes') value
        // SciPy (Cephes) treats subnormal arguments as the pole at 0.
        if x != 0 && Swift.abs(x) < Double.leastNormalMagnitude { return .infinity }
        return _libmLgammaSigned(x).value
    }

    /// The sign of Γ(x): +1 or -1 (SciPy's `gammasgn`); NaN at the poles
    /// and NaN.
    ///
    /// - Complexity: O(1).
    public static func gammasgn(_ x: Double) -> Double {
        if x.isNaN { return x }
        if x > 0 { return 1 }
        if x == 0 { return x.sign == .minus ? -1 : 1 }
        if x == -.infinity || x == x.rounded(.down) { return .nan }
        // Γ is negative on (-1, 0), (-3, -2), ...: where ⌊x⌋ is odd.
        return Int(Swift.max(x.rounded(.down), -1e15)) & 1 == 0 ? 1 : -1
    }

    /// The digamma function ψ(x) = Γ'(x)/Γ(x) (SciPy's `digamma`/`psi`).
    ///
    /// -∞ at +0 and +∞ at -0 (as SciPy), NaN at the negative integers and
    /// -∞. Near its positive root x₀ ≈ 1.4616 it is summed as a Taylor
    /// series about x₀, so the result keeps its relative accuracy there.
    ///
    /// - Complexity: O(1).
    public static func digamma(_ x: Double) -> Double {
        if x.isNaN || x == .infinity { return x }
        if x == 0 { return x.sign == .minus ? .infinity : -.infinity }
        if x < 0 {
            if x == -.infinity || x == x.rounded(.down) { return .nan }
            // Reflection: ψ(x) = ψ(1 - x) - π cot(πx).
            return _digammaPositive(1 - x) - Double.pi * _cotpi(x)
        }
        return _digammaPositive(x)
    }

    /// ψ(x), SciPy's other name for `digamma`.
    @inlinable public static func psi(_ x: Double) -> Double { digamma(x) }

    /// The beta function B(a, b) = Γ(a)Γ(b)/Γ(a + b) (SciPy's `beta`),
    /// with SciPy's values for non-positive arguments.
    ///
    /// - Complexity: O(1).
    public static func beta(_ a: Double, _ b: Double) -> Double {
        if a.isNaN || b.isNaN { return .nan }
        if let special = _betaAtNonPositiveInteger(a, b, log: false) { return special }
        var a = a, b = b
        if Swift.abs(a) < Swift.abs(b) { swap(&a, &b) }
        if Swift.abs(a) > _betaAsymptoticFactor * Swift.abs(b) && a > _betaAsymptoticFactor {
            // lgamma(a + b) - lgamma(a) would cancel: expand in 1/a instead.
            let (value, sign) = _lbetaAsymptotic(a, b)
            return Double(sign) * exp(value)
        }
        if let (e, g) = _betaStirling(a, b) { return _sqrt2Pi * exp(e) * g }
        let sum = a + b
        if Swift.abs(sum) > _maxGammaArgument || Swift.abs(a) > _maxGammaArgument
            || Swift.abs(b) > _maxGammaArgument {
            if b > 0 { return exp(_lbetaLarge(a, b)) }
            let ls = _libmLgammaSigned(sum), la = _libmLgammaSigned(a), lb = _libmLgammaSigned(b)
            let value = la.value + (lb.value - ls.value)
            let sign = Double(ls.sign * la.sign * lb.sign)
            if value > _maxLog { return sign * .infinity }
            return sign * exp(value)
        }
        let r = _rgamma(sum), ga = _libmTgamma(a), gb = _libmTgamma(b)
        if r.isInfinite { return .infinity }
        // Multiply first by the factor that brings the product nearer 1.
        if Swift.abs(Swift.abs(ga * r) - 1) > Swift.abs(Swift.abs(gb * r) - 1) {
            return (gb * r) * ga
        }
        return (ga * r) * gb
    }

    /// log|B(a, b)| (SciPy's `betaln`).
    ///
    /// - Complexity: O(1).
    public static func betaln(_ a: Double, _ b: Double) -> Double {
        if a.isNaN || b.isNaN { return .nan }
        if let special = _betaAtNonPositiveInteger(a, b, log: true) { return special }
        var a = a, b = b
        if Swift.abs(a) < Swift.abs(b) { swap(&a, &b) }
        if Swift.abs(a) > _betaAsymptoticFactor * Swift.abs(b) && a > _betaAsymptoticFactor {
            return _lbetaAsymptotic(a, b).value
        }
        if let (e, g) = _betaStirling(a, b) { return _logSqrt2Pi + e + log(g) }
        let sum = a + b
        if Swift.abs(sum) > _maxGammaArgument || Swift.abs(a) > _maxGammaArgument
            || Swift.abs(b) > _maxGammaArgument {
            if b > 0 { return _lbetaLarge(a, b) }
            let ls = _libmLgammaSigned(sum), la = _libmLgammaSigned(a), lb = _libmLgammaSigned(b)
            return la.value + (lb.value - ls.value)
        }
        let r = _rgamma(sum), ga = _libmTgamma(a), gb = _libmTgamma(b)
        if r.isInfinite { return .infinity }
        let y = Swift.abs(Swift.abs(ga * r) - 1) > Swift.abs(Swift.abs(gb * r) - 1) ? (gb * r) * ga : (ga * r) * gb
        return log(Swift.abs(y))
    }
}

/// Γ(x) for finite x > 0.
@inline(__always)
private func _gammaPositive(_ x: Double) -> Double {
    if x > 33 {
        if x >= _maxGammaArgument { return .infinity }
        // Cephes' fit of Stirling's correction factor, valid for 33 ≤ x ≤ 172.
        let w = 1 / x
        var s = 7.87311395793093628397e-4
        s = s * w - 2.29549961613378126380e-4
        s = s * w - 2.68132617805781232825e-3
        s = s * w + 3.47222221605458667310e-3
        s = s * w + 8.33333333333482257126e-2
        let correction = 1 + w * s
        let e = exp(x)
        // xˣ⁻½ e⁻ˣ, split in two above 143 where xˣ⁻½ alone overflows.
        let power: Double
        if x > 143.01608 {
            let v = pow(x, 0.5 * x - 0.25)
            power = v * (v / e)
        } else {
            power = pow(x, x - 0.5) / e
        }
        return 2.50662827463100050242 * power * correction
    }
    var z = 1.0, t = x
    while t >= 3 {
        t -= 1
        z *= t
    }
    while t < 2 {
        // Γ(t) ≈ 1/(t(1 + γt)) for tiny t, where 1/t alone would lose γ.
        if t < 1e-9 { return z / ((1 + _eulerGamma * t) * t) }
        z /= t
        t += 1
    }
    if t == 2 { return z }
    // Cephes' rational approximation Γ(2 + t) ≈ P(t)/Q(t) on 0 ≤ t < 1.
    t -= 2
    var p = 1.60119522476751861407e-4
    p = p * t + 1.19135147006586384913e-3
    p = p * t + 1.04213797561761569935e-2
    p = p * t + 4.76367800457137231464e-2
    p = p * t + 2.07448227648435975150e-1
    p = p * t + 4.94214826801497100753e-1
    p = p * t + 9.99999999999999996796e-1
    var q = -2.31581873324120129819e-5
    q = q * t + 5.39605580493303397842e-4
    q = q * t - 4.45641913851797240494e-3
    q = q * t + 1.18139785222060435552e-2
    q = q * t + 3.58236398605498653373e-2
    q = q * t - 2.34591795718243348568e-1
    q = q * t + 7.14304917030273074085e-2
    q = q * t + 1.00000000000000000320e0
    return z * p / q
}

/// Cephes' MAXGAM and MAXLOG: where Γ and exp overflow.
let _maxGammaArgument = 171.624376956302725
let _maxLog = 7.09782712893383996843e2
/// Above this ratio of arguments B(a, b) is expanded in 1/a.
private let _betaAsymptoticFactor = 1e6

/// SciPy's B(a, b) when a or b is a non-positive integer (or a
/// non-positive non-integer too large for an `Int`): a finite limit when
/// the other argument is an integer that makes it one, else ∞. Nil when
/// neither argument is a non-positive integer.
private func _betaAtNonPositiveInteger(_ a: Double, _ b: Double, log: Bool) -> Double? {
    for (n, other) in [(a, b), (b, a)] where n <= 0 && n == n.rounded(.down) {
        guard Swift.abs(n) < 9.2e18 else { return .infinity }
        // B(-n, m) = (-1)^m B(1 + n - m, m) for integer m with 1 + n - m > 0.
        if other == other.rounded(.down) && Swift.abs(other) < 9.2e18 && 1 - n - other > 0 {
            if log { return Special.betaln(1 - n - other, other) }
            let sign: Double = Int(other) % 2 == 0 ? 1 : -1
            return sign * Special.beta(1 - n - other, other)
        }
        return .infinity
    }
    return nil
}

/// log B(a, b) for a ≥ b > 0 with a > 171, through Γ* (Stirling's
/// remainder): the log Γ terms, each ~a log a, cancel to leave a much
/// smaller log B, and this form never computes them.
/// log B = ½log 2π - ½log s + (a - ½) log(a/s) + (b - ½) log(b/s) + log(Γ*(a)Γ*(b)/Γ*(s)).
private func _lbetaLarge(_ a: Double, _ b: Double) -> Double {
    let s = a + b
    let la = (a - 0.5) * log1p(-b / s)  // log(a/s), accurate for b ≪ a
    if b >= 10 {
        return 0.5 * log(2 * Double.pi / s) + la + (b - 0.5) * log(b / s)
            + log(_gammaStar(a) * _gammaStar(b) / _gammaStar(s))
    }
    // Small b: log Γ(b) exactly, and log Γ(a) - log Γ(s) = (a - ½) log(a/s) + b(1 - log s) + log(Γ*(a)/Γ*(s)).
    return _libmLgammaSigned(b).value + la + b * (1 - log(s)) + log(_gammaStar(a) / _gammaStar(s))
}

/// √(2π).
private let _sqrt2Pi = 2.5066282746310002
/// log √(2π).
private let _logSqrt2Pi = 0.9189385332046728

/// B(a, b) = √(2π) eᴱ G for a ≥ b ≥ 1e-10, with
/// E = (a - ½) log(a/s) + (b - ½) log(b/s) - ½ log s (s = a + b) from
/// Γ(z) = √(2π) z^(z-½) e⁻ᶻ Γ*(z), and G = Γ*(a)Γ*(b)/Γ*(s); nil off
/// x86-64 or out of that range. E is a sum of terms up to a few hundred
/// times larger than itself (log Γ's a·log a terms cancelling), so it is
/// formed with the x87's 64-bit significand: the tgamma and lgamma forms
/// lose up to 300 ulps of B there (10⁴ ulps of log B).
private func _betaStirling(_ a: Double, _ b: Double) -> (exponent: Double, g: Double)? {
    #if arch(x86_64) && !os(Windows)
    guard b >= 1e-10, a >= b, a.isFinite else { return nil }
    let a80 = Float80(a), b80 = Float80(b), s80 = a80 + b80
    // log(a/s) = log1p(-b/s): exact for b ≪ a, where a/s rounds near 1.
    let e80 = (a80 - 0.5) * Foundation.log1p(-b80 / s80) + (b80 - 0.5) * Foundation.log(b80 / s80)
        - 0.5 * Foundation.log(s80)
    let s = Double(s80)
    guard s.isFinite else { return nil }
    let g = _gammaStar(a) * _gammaStar(b) / _gammaStar(s)
    // Fold the part of E a double drops into G's rounding.
    let e = Double(e80)
    return (e, g * (1 + Double(e80 - Float80(e))))
    #else
    return nil
    #endif
}

/// log|B(a, b)| and its sign for a ≫ b, from Γ(b) a⁻ᵇ (1 + O(1/a)).
private func _lbetaAsymptotic(_ a: Double, _ b: Double) -> (value: Double, sign: Int) {
    let lb = _libmLgammaSigned(b)
    var r = lb.value - b * log(a)
    r += b * (1 - b) / (2 * a)
    r += b * (1 - b) * (1 - 2 * b) / (12 * a * a)
    r += -b * b * (1 - b) * (1 - b) / (12 * a * a * a)
    return (r, lb.sign)
}

/// The positive root of ψ, x₀ = hi + lo.
private let _digammaRootHi = 1.4616321449683622
private let _digammaRootLo = 9.549995429965697e-17

/// ψ⁽ⁿ⁾(x₀)/n! for n = 1, 2, ...: ψ(x) = Σ cₙ (x - x₀)ⁿ near the root.
private let _digammaRootTaylor: [Double] = [
    0.9676722454476212, -0.4427631689835921, 0.258499760955651, -0.16394270544240652,
    0.10782405069126237, -0.07219956125645471, 0.04880428816414311, -0.03316112647484736,
    0.022597648232218104, -0.01542476590494896, 0.010538791616612175, -0.007204534386356869,
    0.004926781395729853, -0.003369801655439328, 0.002305126326734928, -0.0015769367714301972,
    0.0010788252019162967, -0.0007380709389960052, 0.000504953265834602, -0.0003454680251063077,
    0.00023635601564027053, -0.00016170622091974803, 0.0001106337276874741, -7.569179582195066e-05,
    5.178575795222081e-05, -3.5430070947659604e-05, 2.424006611860132e-05, -1.6584242271854135e-05,
    1.134638458466385e-05, -7.762817668462094e-06,
]

/// ψ(x) for finite x > 0.
private func _digammaPositive(_ x: Double) -> Double {
    if Swift.abs(x - _digammaRootHi) < 0.25 {
        let d = (x - _digammaRootHi) - _digammaRootLo
        var sum = 0.0
        for c in _digammaRootTaylor.reversed() { sum = sum * d + c }
        return sum * d
    }
    // Recur up to y ≥ 10 (ψ(x) = ψ(x + 1) - 1/x), then the asymptotic series.
    var y = x, shift = 0.0
    while y < 10 {
        shift += 1 / y
        y += 1
    }
    let r2 = 1 / (y * y)
    var s = -1.0 / 12
    s = s * r2 + 691.0 / 32_760
    s = s * r2 - 1.0 / 132
    s = s * r2 + 1.0 / 240
    s = s * r2 - 1.0 / 252
    s = s * r2 + 1.0 / 120
    s = s * r2 - 1.0 / 12
    return (log(y) - 0.5 / y + s * r2) - shift
}
