import Foundation

// The inverses of P(a, ·) and Q(a, ·): a starting point from the
// Wilson–Hilferty normal approximation (a > 1) or the small-x power law
// (a ≤ 1), then Newton steps in logarithms kept inside a bracket, on
// whichever of P and Q is the smaller so that tail probabilities keep
// their relative accuracy.

extension Special {
    /// The inverse of the regularized lower incomplete gamma function:
    /// the x ≥ 0 with P(a, x) = p (SciPy's `gammaincinv`).
    ///
    /// 0 at p = 0, ∞ at p = 1, NaN for a < 0 or p outside [0, 1] (and for
    /// a = 0 with 0 < p < 1).
    ///
    /// - Complexity: a handful of P evaluations.
    public static func gammaincinv(_ a: Double, _ p: Double) -> Double {
        if a.isNaN || p.isNaN || a < 0 || p < 0 || p > 1 { return .nan }
        if p == 0 { return 0 }
        if p == 1 { return .infinity }
        if a == 0 || a.isInfinite { return .nan }
        // 1 - p is exact for p ≥ 1/2.
        return p > 0.5 ? _invertIncompleteGamma(a, 1 - p, upper: true) : _invertIncompleteGamma(a, p, upper: false)
    }

    /// The inverse of the regularized upper incomplete gamma function:
    /// the x ≥ 0 with Q(a, x) = q (SciPy's `gammainccinv`).
    ///
    /// ∞ at q = 0, 0 at q = 1, NaN for a < 0 or q outside [0, 1].
    ///
    /// - Complexity: a handful of Q evaluations.
    public static func gammainccinv(_ a: Double, _ q: Double) -> Double {
        if a.isNaN || q.isNaN || a < 0 || q < 0 || q > 1 { return .nan }
        if q == 0 { return .infinity }
        if q == 1 { return 0 }
        if a == 0 || a.isInfinite { return .nan }
        return q > 0.5 ? _invertIncompleteGamma(a, 1 - q, upper: false) : _invertIncompleteGamma(a, q, upper: true)
    }
}

/// The x with P(a, x) = target (or Q(a, x) = target when `upper`), for
/// finite a > 0 and 0 < target ≤ 1/2.
///
/// Newton's method on h(t) = log(V(eᵗ)/target) in t = log x, V = P or Q:
/// in these variables both tails are nearly straight (log P ≈ a t + c for
/// small x, log Q ≈ -eᵗ + … for large x), so a step from far out lands
/// close, where Newton on V itself would crawl; log(V/target) also keeps
/// full relative precision near the root.
private func _invertIncompleteGamma(_ a: Double, _ target: Double, upper: Bool) -> Double {
    var x = _incompleteGammaGuess(a, target, upper: upper)
    var constants = _GammaConstants.prepared(a)
    var low = 0.0, high = Double.infinity
    for _ in 0..<300 {
        let value = upper ? _gammaincc(a, x, &constants) : _gammainc(a, x, &constants)
        if value == target { return x }
        // P grows with x and Q falls: which side of the root x lies on.
        if (value > target) != upper { high = x } else { low = x }
        var next = Double.nan
        if value > 0 && value.isFinite {
            let h = log(value / target)
            // d log V / d log x = ±x·V'(x)/V = ±xᵃe⁻ˣ/(Γ(a)·V).
            let slope = (upper ? -1 : 1) * _igamFactor(a, x, &constants) / value
            if slope.isFinite && slope != 0 {
                next = x * exp(Swift.max(-50, Swift.min(50, -h / slope)))
            }
        }
        if !(next > low && next < high) {
            // Bisect, geometrically: the bracket can span hundreds of decades.
            next = high == .infinity ? 4 * x + 1 : low == 0 ? 1e-8 * high : (low * high).squareRoot()
            if low > 0 && high / low < 4 { next = 0.5 * (low + high) }
        }
        if Swift.abs(next - x) <= 2 * Double.ulpOfOne * Swift.abs(next) { return next }
        x = next
    }
    return x
}

/// A starting point for the incomplete gamma inverse.
private func _incompleteGammaGuess(_ a: Double, _ target: Double, upper: Bool) -> Double {
    let p = upper ? 1 - target : target, q = upper ? target : 1 - target
    if a > 1 {
        // Wilson–Hilferty: (x/a)^(1/3) is nearly normal with mean
        // 1 - 1/(9a) and variance 1/(9a).
        let z = upper ? 2.0.squareRoot() * Special.erfcinv(2 * q) : -2.0.squareRoot() * Special.erfcinv(2 * p)
        let s = 1 - 1 / (9 * a) + z / (3 * a.squareRoot())
        if s > 0 {
            let x = a * s * s * s
            if x > 0 && x.isFinite { return x }
        }
        // Far lower tail: P ≈ xᵃ/Γ(a + 1).
        return exp((log(p) + _libmLgammaSigned(a + 1).value) / a)
    }
    let t = 1 - a * (0.253 + a * 0.12)
    if p < t {
        let x = pow(p / t, 1 / a)
        return x > 0 ? x : Double.leastNormalMagnitude
    }
    return 1 - log(q / (1 - t))
}
