import Foundation

// The inverse of I_x(a, b) in x: the starting point of Numerical Recipes'
// `invbetai` (a normal approximation for a, b ≥ 1, the two power-law tails
// otherwise), then Halley steps kept inside a bracket, on whichever of I
// and 1 - I is the smaller.

extension Special {
    /// The inverse of the regularized incomplete beta function in x: the
    /// x in [0, 1] with I_x(a, b) = y (SciPy's `betaincinv`).
    ///
    /// 0 at y = 0, 1 at y = 1, NaN for a ≤ 0, b ≤ 0 or y outside [0, 1].
    ///
    /// - Complexity: a handful of `betainc` evaluations.
    public static func betaincinv(_ a: Double, _ b: Double, _ y: Double) -> Double {
        if a.isNaN || b.isNaN || y.isNaN || !(a > 0) || !(b > 0) || y < 0 || y > 1 { return .nan }
        if y == 0 { return 0 }
        if y == 1 { return 1 }
        if a.isInfinite || b.isInfinite { return .nan }
        let upper = y > 0.5
        let target = upper ? 1 - y : y  // exact for y ≥ 1/2
        var x = _incompleteBetaGuess(a, b, y)
        var low = 0.0, high = 1.0
        for _ in 0..<300 {
            let pair = _betaincPair(a, b, x)
            let f = (upper ? pair.upper : pair.lower) - target
            if f == 0 { return x }
            if (f > 0) != upper { high = x } else { low = x }
            let w = 1 - x
            let density = _betaincFront(a, b, x, w) * a / (x * w)
            let slope = upper ? -density : density
            var next: Double
            if slope.isFinite && slope != 0 {
                let u = f / slope
                let curvature = (a - 1) / x - (b - 1) / w
                let correction = 1 - 0.5 * Swift.min(1, Swift.max(-1, u * curvature))
                next = x - u / correction
            } else {
                next = .nan
            }
            if !(next > low && next < high) {
                // Bisect, geometrically when the bracket spans decades.
                next = low > 0 && high / low > 1e3 ? (low * high).squareRoot()
                    : low == 0 && high < 1e-3 ? 1e-3 * high : 0.5 * (low + high)
            }
            if Swift.abs(next - x) <= 2 * Double.ulpOfOne * Swift.abs(next) { return next }
            x = next
        }
        return x
    }
}

/// A starting point for the incomplete beta inverse.
private func _incompleteBetaGuess(_ a: Double, _ b: Double, _ y: Double) -> Double {
    if a >= 1 && b >= 1 {
        let p = y < 0.5 ? y : 1 - y
        let t = (-2 * log(p)).squareRoot()
        var z = (2.30753 + t * 0.27061) / (1 + t * (0.99229 + t * 0.04481)) - t
        if y < 0.5 { z = -z }
        let al = (z * z - 3) / 6
        let h = 2 / (1 / (2 * a - 1) + 1 / (2 * b - 1))
        let w = z * (al + h).squareRoot() / h - (1 / (2 * b - 1) - 1 / (2 * a - 1)) * (al + 5.0 / 6 - 2 / (3 * h))
        let x = a / (a + b * exp(2 * w))
        return x > 0 && x < 1 ? x : 0.5
    }
    let lna = log(a / (a + b)), lnb = log(b / (a + b))
    let t = exp(a * lna) / a, u = exp(b * lnb) / b, w = t + u
    let x = y < t / w ? pow(a * w * y, 1 / a) : 1 - pow(b * w * (1 - y), 1 / b)
    return x > 0 && x < 1 ? x : (y < 0.5 ? Double.leastNormalMagnitude : 0.5)
}
