import Foundation

// The logistic sigmoid, its inverse, and x·log(y) with SciPy's 0·log(0) = 0.

extension Special {
    /// The logistic sigmoid expit(x) = 1/(1 + e⁻ˣ) (SciPy's `expit`),
    /// 0 below x ≈ -709.8 as in SciPy.
    ///
    /// - Complexity: O(1).
    @inline(__always)
    public static func expit(_ x: Double) -> Double {
        // Accurate in both tails (e⁻ˣ has full relative accuracy); like
        // SciPy it gives 0 once e⁻ˣ overflows, below x ≈ -709.8.
        1 / (1 + exp(-x))
    }

    /// The logit log(p/(1 - p)), the inverse of `expit` (SciPy's `logit`):
    /// -∞ at 0, ∞ at 1, NaN outside [0, 1].
    ///
    /// Near p = 1/2 it is log1p((2p - 1)/(1 - p)), where 2p - 1 is exact,
    /// so the small result keeps its relative accuracy.
    ///
    /// - Complexity: O(1).
    @inline(__always)
    public static func logit(_ p: Double) -> Double {
        if p.isNaN || p < 0 || p > 1 { return .nan }
        if p >= 0.25 && p <= 0.75 { return log1p((2 * p - 1) / (1 - p)) }
        return log(p / (1 - p))
    }

    /// x·log(y), zero when x = 0 and y is not NaN (SciPy's `xlogy`).
    ///
    /// - Complexity: O(1).
    @inline(__always)
    public static func xlogy(_ x: Double, _ y: Double) -> Double {
        if x == 0 && !y.isNaN { return 0 }
        return x * log(y)
    }
}
