#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#elseif canImport(Musl)
import Musl
#endif

// The C library's functions under names that cannot clash with `Special`'s
// own (inside the namespace an unqualified `j0` would find `Special.j0`).
// glibc's and Apple's libm are accurate to an ulp or two for these, which
// is as close to Cephes (SciPy's source) as Cephes is to the truth.

@inline(__always) func _libmTgamma(_ x: Double) -> Double { tgamma(x) }
@inline(__always) func _libmErf(_ x: Double) -> Double { erf(x) }
@inline(__always) func _libmErfc(_ x: Double) -> Double { erfc(x) }
@inline(__always) func _libmJ0(_ x: Double) -> Double { j0(x) }
@inline(__always) func _libmJ1(_ x: Double) -> Double { j1(x) }
@inline(__always) func _libmJn(_ n: Int32, _ x: Double) -> Double { jn(n, x) }
@inline(__always) func _libmY0(_ x: Double) -> Double { y0(x) }
@inline(__always) func _libmY1(_ x: Double) -> Double { y1(x) }

/// log|Γ(x)| and the sign of Γ(x), from the reentrant `lgamma_r` (plain
/// `lgamma` writes the global `signgam`, a data race under parallel use).
@inline(__always) func _libmLgammaSigned(_ x: Double) -> (value: Double, sign: Int) {
    var sign: Int32 = 1
    let value = lgamma_r(x, &sign)
    return (value, Int(sign))
}
