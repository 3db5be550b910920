import Foundation

// Factorials and binomial coefficients: the floating-point forms with
// SciPy's conventions (0 outside the domain), and exact `Int` forms that
// throw when the answer does not fit.

extension Special {
    /// n! as a Double (SciPy's `factorial(n, exact=False)`): Γ(n + 1) for
    /// n ≥ 0 (non-integers included), 0 for n < 0, ∞ above 170.
    ///
    /// - Complexity: O(1).
    public static func factorial(_ n: Double) -> Double {
        if n.isNaN { return n }
        if n < 0 { return 0 }
        return gamma(n + 1)
    }

    /// n! exactly (SciPy's `factorial(n, exact=True)`); 0 for n < 0.
    ///
    /// - Throws: `SpecialError.overflow` for n > 20, where n! exceeds `Int.max`.
    /// - Complexity: O(n).
    public static func factorialExact(_ n: Int) throws(SpecialError) -> Int {
        if n < 0 { return 0 }
        var result = 1
        for i in Swift.stride(from: 2, through: n, by: 1) {
            let (product, overflow) = result.multipliedReportingOverflow(by: i)
            if overflow { throw .overflow(function: "factorial", arguments: [n]) }
            result = product
        }
        return result
    }

    /// The number of combinations "N choose k" as a Double (SciPy's
    /// `comb(N, k, exact=False)`): SciPy's `binom(N, k)` for 0 ≤ k ≤ N,
    /// 0 otherwise. With `repetition`, the multiset count C(N + k - 1, k),
    /// which is 1 for k = 0 and N ≥ 0.
    ///
    /// - Complexity: O(1) (a product of at most 20 factors, or betas).
    public static func comb(_ N: Double, _ k: Double, repetition: Bool = false) -> Double {
        if repetition {
            if k == 0 && N >= 0 { return 1 }
            // SciPy calls binom directly here, so no zeroing outside the domain.
            return _binom(N + k - 1, k)
        }
        if N.isNaN || k.isNaN { return .nan }
        guard k <= N && N >= 0 && k >= 0 else { return 0 }
        return _binom(N, k)
    }

    /// "N choose k" exactly (SciPy's `comb(N, k, exact=True)`): 0 when
    /// k < 0, N < 0 or k > N.
    ///
    /// - Throws: `SpecialError.overflow` when the count exceeds `Int.max`.
    /// - Complexity: O(min(k, N - k)).
    public static func combExact(_ N: Int, _ k: Int, repetition: Bool = false) throws(SpecialError) -> Int {
        if repetition {
            if k == 0 && N >= 0 { return 1 }
            let (n, overflow) = N.addingReportingOverflow(k - 1)
            if overflow { throw .overflow(function: "comb", arguments: [N, k]) }
            do { return try combExact(n, k) } catch { throw .overflow(function: "comb", arguments: [N, k]) }
        }
        guard k >= 0 && N >= 0 && k <= N else { return 0 }
        let r = Swift.min(k, N - k)
        // C(N - r + i, i) for i = 1...r grows with i, so no partial result
        // exceeds the final one; the product is held double-width.
        var result = 1
        for i in Swift.stride(from: 1, through: r, by: 1) {
            let (high, low) = result.multipliedFullWidth(by: N - r + i)
            if 2 * high + Int(low >> 63) >= i {  // the quotient would reach 2⁶³
                throw .overflow(function: "comb", arguments: [N, k])
            }
            result = i.dividingFullWidth((high, low)).quotient
        }
        return result
    }
}

/// SciPy's `binom(n, k)` for real n and k (xsf `binom`): a short product
/// for small integer k, an asymptotic form for n ≫ k, and 1/((n+1)B(n-k+1, k+1)).
func _binom(_ n: Double, _ k: Double) -> Double {
    if n < 0 && n == n.rounded(.down) { return .nan }
    var kx = k.rounded(.down)
    if k == kx && (Swift.abs(n) > 1e-8 || n == 0) {
        let nx = n.rounded(.down)
        if nx == n && kx > nx / 2 && nx > 0 { kx = nx - kx }  // symmetry
        if kx >= 0 && kx < 20 {
            var num = 1.0, den = 1.0
            var i = 1.0
            while i < 1 + kx {
                num *= i + n - kx
                den *= i
                if Swift.abs(num) > 1e50 { num /= den; den = 1 }
                i += 1
            }
            return num / den
        }
    }
    if n >= 1e10 * k && k > 0 {
        return exp(-Special.betaln(1 + n - k, 1 + k) - log(n + 1))
    }
    return 1 / (n + 1) / Special.beta(1 + n - k, 1 + k)
}
