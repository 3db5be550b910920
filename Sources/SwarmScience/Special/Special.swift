// SciPy's `scipy.special`: the special functions of mathematical physics and
// statistics, as static functions on a namespace. A namespace (rather than
// free functions) keeps `Special.erf` apart from the C library's `erf`,
// `lgamma`, `j0` that Foundation brings into every file.

/// Special functions, after SciPy's `scipy.special`.
///
/// Every function takes and returns `Double` and follows SciPy's semantics:
/// the same names (`gammaln`, `gammainc`, `betainc`, `expit`, ...), the
/// same values at poles and outside the domain (NaN or ±infinity where
/// SciPy gives them, never a trap), and NaN in, NaN out. Each has an
/// element-wise `NDArray<Double>` overload that keeps the shape and splits
/// large arrays across the cores.
///
/// Accuracy is checked against SciPy and, where SciPy is itself inexact,
/// against mpmath at 40–60 digits. Where the textbook formulas cancel (the
/// prefactors of the incomplete gamma and beta functions, B(a, b), the
/// modified Bessel series), the sums are formed with extra precision: the
/// x87's 80-bit format on x86-64, double-double arithmetic for larger
/// arguments and on other CPUs; long continued fractions run again in the
/// 80-bit format. On random grids (x86-64) the worst errors are then about
/// 0.5 ulp for `i0 i1 k0 k1`, 1–7 ulps for `gamma gammaln erf erfc erfinv
/// erfcinv j1 y1 beta`, 14–20 ulps for `gammainc gammaincc` and up to about
/// 440 ulps for `betainc` with a large a and a small b
/// (SciPy on the same grids: up to 2–3200, 26 000 and 2100 ulps). Relative
/// errors next to a function's zeros (J₀, Y₀, ψ, log B) are larger, for
/// SciPy too.
///
/// ```swift
/// Special.gamma(4.5)                 // 11.631728396567448
/// Special.gammainc(3.5, 2.0)         // P(3.5, 2), the regularized lower incomplete gamma
/// Special.betaincinv(2, 3, 0.5)      // the median of Beta(2, 3)
/// Special.logsumexp([1, 2, 3])       // log(e + e² + e³)
/// ```
public enum Special {}

/// A failure of an exact (integer) special function.
public enum SpecialError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The exact result does not fit in an `Int`.
    case overflow(function: String, arguments: [Int])

    /// A SciPy-like message.
    public var description: String {
        switch self {
        case let .overflow(function, arguments):
            let list = arguments.map(String.init).joined(separator: ", ")
            return "\(function)(\(list), exact=True) overflows Int (Int.max = \(Int.max))"
        }
    }
}
