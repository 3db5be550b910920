import SwarmArray
import SwarmCore

// Element-wise NDArray forms of every scalar function: one loop, written
// once in `_map`, that keeps the shape and splits arrays of more than a
// few thousand elements across the cores (each core fills its own slice
// of the result, so no two write the same element).

/// Elements per task: large enough that scheduling is a small part of the
/// work even for the cheapest function here (expit, ~5 ns an element).
let _specialGrain = 4096

extension Special {
    /// `f` applied to every element of `x`, in `x`'s shape.
    @inline(__always)
    static func _map(_ x: NDArray<Double>, _ f: (Double) -> Double) -> NDArray<Double> {
        x.withUnsafeBufferPointer { input in
            NDArray<Double>(unsafeUninitializedShape: x.shape) { out in
                guard let source = input.baseAddress, let target = out.baseAddress else { return }
                ForkJoin.parallelFor(count: input.count, grain: _specialGrain) { range in
                    for j in range { (target + j).initialize(to: f(source[j])) }
                }
            }
        }
    }

    /// `f` applied to matching elements of `a` and `b`, in their shape.
    @inline(__always)
    static func _map(_ a: NDArray<Double>, _ b: NDArray<Double>, _ name: String,
                     _ f: (Double, Double) -> Double) -> NDArray<Double> {
        precondition(a.shape == b.shape, "\(name): shapes \(a.shape) and \(b.shape) differ")
        return a.withUnsafeBufferPointer { first in
            b.withUnsafeBufferPointer { second in
                NDArray<Double>(unsafeUninitializedShape: a.shape) { out in
                    guard let p = first.baseAddress, let q = second.baseAddress, let target = out.baseAddress else { return }
                    ForkJoin.parallelFor(count: first.count, grain: _specialGrain) { range in
                        for j in range { (target + j).initialize(to: f(p[j], q[j])) }
                    }
                }
            }
        }
    }

    /// Γ(x) for every element of `x`, in its shape (see the scalar `gamma`).
    public static func gamma(_ x: NDArray<Double>) -> NDArray<Double> { _map(x) { gamma($0) } }

    /// log|Γ(x)| for every element of `x`, in its shape (see the scalar `gammaln`).
    public static func gammaln(_ x: NDArray<Double>) -> NDArray<Double> { _map(x) { gammaln($0) } }

    /// the sign of Γ(x) for every element of `x`, in its shape (see the scalar `gammasgn`).
    public static func gammasgn(_ x: NDArray<Double>) -> NDArray<Double> { _map(x) { gammasgn($0) } }

    /// ψ(x) for every element of `x`, in its shape (see the scalar `digamma`).
    public static func digamma(_ x: NDArray<Double>) -> NDArray<Double> { _map(x) { digamma($0) } }

    /// ψ(x) for every element of `x`, in its shape (see the scalar `psi`).
    public static func psi(_ x: NDArray<Double>) -> NDArray<Double> { _map(x) { psi($0) } }

    /// erf(x) for every element of `x`, in its shape (see the scalar `erf`).
    public static func erf(_ x: NDArray<Double>) -> NDArray<Double> { _map(x) { erf($0) } }

    /// erfc(x) for every element of `x`, in its shape (see the scalar `erfc`).
    public static func erfc(_ x: NDArray<Double>) -> NDArray<Double> { _map(x) { erfc($0) } }

    /// erfinv(y) for every element of `x`, in its shape (see the scalar `erfinv`).
    public static func erfinv(_ x: NDArray<Double>) -> NDArray<Double> { _map(x) { erfinv($0) } }

    /// erfcinv(q) for every element of `x`, in its shape (see the scalar `erfcinv`).
    public static func erfcinv(_ x: NDArray<Double>) -> NDArray<Double> { _map(x) { erfcinv($0) } }

    /// J₀(x) for every element of `x`, in its shape (see the scalar `j0`).
    public static func j0(_ x: NDArray<Double>) -> NDArray<Double> { _map(x) { j0($0) } }

    /// J₁(x) for every element of `x`, in its shape (see the scalar `j1`).
    public static func j1(_ x: NDArray<Double>) -> NDArray<Double> { _map(x) { j1($0) } }

    /// Y₀(x) for every element of `x`, in its shape (see the scalar `y0`).
    public static func y0(_ x: NDArray<Double>) -> NDArray<Double> { _map(x) { y0($0) } }

    /// Y₁(x) for every element of `x`, in its shape (see the scalar `y1`).
    public static func y1(_ x: NDArray<Double>) -> NDArray<Double> { _map(x) { y1($0) } }

    /// I₀(x) for every element of `x`, in its shape (see the scalar `i0`).
    public static func i0(_ x: NDArray<Double>) -> NDArray<Double> { _map(x) { i0($0) } }

    /// I₁(x) for every element of `x`, in its shape (see the scalar `i1`).
    public static func i1(_ x: NDArray<Double>) -> NDArray<Double> { _map(x) { i1($0) } }

    /// K₀(x) for every element of `x`, in its shape (see the scalar `k0`).
    public static func k0(_ x: NDArray<Double>) -> NDArray<Double> { _map(x) { k0($0) } }

    /// K₁(x) for every element of `x`, in its shape (see the scalar `k1`).
    public static func k1(_ x: NDArray<Double>) -> NDArray<Double> { _map(x) { k1($0) } }

    /// expit(x) for every element of `x`, in its shape (see the scalar `expit`).
    public static func expit(_ x: NDArray<Double>) -> NDArray<Double> { _map(x) { expit($0) } }

    /// logit(p) for every element of `x`, in its shape (see the scalar `logit`).
    public static func logit(_ x: NDArray<Double>) -> NDArray<Double> { _map(x) { logit($0) } }

    /// n! (as Γ(n + 1), 0 for n < 0) for every element of `x`, in its shape (see the scalar `factorial`).
    public static func factorial(_ x: NDArray<Double>) -> NDArray<Double> { _map(x) { factorial($0) } }

    /// P(a, x) for one `a` and every element of `x`, in its shape.
    public static func gammainc(_ a: Double, _ x: NDArray<Double>) -> NDArray<Double> {
        // log Γ(a) and Γ*(a) once for the whole array, not once an element.
        let constants = _GammaConstants.prepared(a)
        return _map(x) {
            var local = constants
            return _gammainc(a, $0, &local)
        }
    }

    /// P(a, x) element by element.
    ///
    /// - Precondition: `a` and `x` have the same shape.
    public static func gammainc(_ a: NDArray<Double>, _ x: NDArray<Double>) -> NDArray<Double> {
        _map(a, x, "gammainc") { gammainc($0, $1) }
    }

    /// Q(a, x) for one `a` and every element of `x`, in its shape.
    public static func gammaincc(_ a: Double, _ x: NDArray<Double>) -> NDArray<Double> {
        // log Γ(a) and Γ*(a) once for the whole array, not once an element.
        let constants = _GammaConstants.prepared(a)
        return _map(x) {
            var local = constants
            return _gammaincc(a, $0, &local)
        }
    }

    /// Q(a, x) element by element.
    ///
    /// - Precondition: `a` and `x` have the same shape.
    public static func gammaincc(_ a: NDArray<Double>, _ x: NDArray<Double>) -> NDArray<Double> {
        _map(a, x, "gammaincc") { gammaincc($0, $1) }
    }

    /// the inverse of P(a, ·) for one `a` and every element of `p`, in its shape.
    public static func gammaincinv(_ a: Double, _ p: NDArray<Double>) -> NDArray<Double> {
        _map(p) { gammaincinv(a, $0) }
    }

    /// the inverse of P(a, ·) element by element.
    ///
    /// - Precondition: `a` and `p` have the same shape.
    public static func gammaincinv(_ a: NDArray<Double>, _ p: NDArray<Double>) -> NDArray<Double> {
        _map(a, p, "gammaincinv") { gammaincinv($0, $1) }
    }

    /// the inverse of Q(a, ·) for one `a` and every element of `q`, in its shape.
    public static func gammainccinv(_ a: Double, _ q: NDArray<Double>) -> NDArray<Double> {
        _map(q) { gammainccinv(a, $0) }
    }

    /// the inverse of Q(a, ·) element by element.
    ///
    /// - Precondition: `a` and `q` have the same shape.
    public static func gammainccinv(_ a: NDArray<Double>, _ q: NDArray<Double>) -> NDArray<Double> {
        _map(a, q, "gammainccinv") { gammainccinv($0, $1) }
    }

    /// B(a, b) for one `a` and every element of `b`, in its shape.
    public static func beta(_ a: Double, _ b: NDArray<Double>) -> NDArray<Double> {
        _map(b) { beta(a, $0) }
    }

    /// B(a, b) element by element.
    ///
    /// - Precondition: `a` and `b` have the same shape.
    public static func beta(_ a: NDArray<Double>, _ b: NDArray<Double>) -> NDArray<Double> {
        _map(a, b, "beta") { beta($0, $1) }
    }

    /// log|B(a, b)| for one `a` and every element of `b`, in its shape.
    public static func betaln(_ a: Double, _ b: NDArray<Double>) -> NDArray<Double> {
        _map(b) { betaln(a, $0) }
    }

    /// log|B(a, b)| element by element.
    ///
    /// - Precondition: `a` and `b` have the same shape.
    public static func betaln(_ a: NDArray<Double>, _ b: NDArray<Double>) -> NDArray<Double> {
        _map(a, b, "betaln") { betaln($0, $1) }
    }

    /// x·log(y) for one `x` and every element of `y`, in its shape.
    public static func xlogy(_ x: Double, _ y: NDArray<Double>) -> NDArray<Double> {
        _map(y) { xlogy(x, $0) }
    }

    /// x·log(y) element by element.
    ///
    /// - Precondition: `x` and `y` have the same shape.
    public static func xlogy(_ x: NDArray<Double>, _ y: NDArray<Double>) -> NDArray<Double> {
        _map(x, y, "xlogy") { xlogy($0, $1) }
    }

    /// Jₙ(x) for every element of `x`, in its shape.
    public static func jn(_ n: Int, _ x: NDArray<Double>) -> NDArray<Double> { _map(x) { jn(n, $0) } }

    /// I_x(a, b) for one a, b and every element of `x`, in its shape.
    public static func betainc(_ a: Double, _ b: Double, _ x: NDArray<Double>) -> NDArray<Double> {
        _map(x) { betainc(a, b, $0) }
    }

    /// The inverse of I_·(a, b) for one a, b and every element of `y`.
    public static func betaincinv(_ a: Double, _ b: Double, _ y: NDArray<Double>) -> NDArray<Double> {
        _map(y) { betaincinv(a, b, $0) }
    }

    /// "N choose k" for one k and every element of `N` (as the scalar `comb`).
    public static func comb(_ N: NDArray<Double>, _ k: Double, repetition: Bool = false) -> NDArray<Double> {
        _map(N) { comb($0, k, repetition: repetition) }
    }
}
