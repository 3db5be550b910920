import RealModule
// LU factorization with partial pivoting in Swift, for small matrices
// (where LAPACK's call overhead dominates) and for when no LAPACK is
// installed. The same algorithm as LAPACK's `getrf` (pivot: the largest
// |re| + |im| in the column), on a row-major copy.

/// An `n × n` row-major matrix factored in place as `P A = L U`.
@usableFromInline
struct _SmallLU<T: NDArrayLinalgElement> {
    @usableFromInline let n: Int
    @usableFromInline let lu: UnsafeMutablePointer<T>
    /// `pivots[i]`: the row swapped with row `i` at step `i`.
    @usableFromInline let pivots: UnsafeMutablePointer<Int>
    /// Whether the number of row swaps is odd.
    @usableFromInline var oddSwaps = false
    /// The first step whose pivot is exactly zero (the matrix is singular), or nil.
    @usableFromInline var zeroPivot: Int? = nil

    /// Factors `n × n` elements at `lu` (row-major, overwritten); `pivots` has room for `n`.
    @inlinable
    init(_ lu: UnsafeMutablePointer<T>, _ n: Int, pivots: UnsafeMutablePointer<Int>) {
        self.n = n
        self.lu = lu
        self.pivots = pivots
        for k in 0..<n {
            var p = k
            var best = Self.cabs1(lu[k * n + k])
            for i in (k + 1)..<Swift.max(n, k + 1) where i < n {
                let v = Self.cabs1(lu[i * n + k])
                if v > best { best = v; p = i }
            }
            pivots[k] = p
            if p != k {
                oddSwaps.toggle()
                for j in 0..<n { let t = lu[k * n + j]; lu[k * n + j] = lu[p * n + j]; lu[p * n + j] = t }
            }
            let pivot = lu[k * n + k]
            if pivot == .zero {
                if zeroPivot == nil { zeroPivot = k }
                continue
            }
            for i in (k + 1)..<Swift.max(n, k + 1) where i < n {
                let f = lu[i * n + k] / pivot
                lu[i * n + k] = f
                if f == .zero { continue }
                for j in (k + 1)..<n { lu[i * n + j] = lu[i * n + j] - f * lu[k * n + j] }
            }
        }
    }

    @inlinable @inline(__always)
    static func cabs1(_ x: T) -> T.Magnitude { Swift.abs(x._re) + Swift.abs(x._im) }

    /// The determinant: the product of U's diagonal, with the swaps' sign.
    @inlinable
    var determinant: T {
        var d = oddSwaps ? T.zero - T.one : T.one
        for i in 0..<n { d = d * lu[i * n + i] }
        return d
    }

    /// Solves `A X = B` for `k` right-hand sides, `B` row-major `n × k`, in place.
    @inlinable
    func solve(_ b: UnsafeMutablePointer<T>, columns k: Int) {
        for i in 0..<n where pivots[i] != i {
            let p = pivots[i]
            for j in 0..<k { let t = b[i * k + j]; b[i * k + j] = b[p * k + j]; b[p * k + j] = t }
        }
        for i in 0..<n {            // L y = P b (unit diagonal)
            for r in 0..<i {
                let f = lu[i * n + r]
                if f == .zero { continue }
                for j in 0..<k { b[i * k + j] = b[i * k + j] - f * b[r * k + j] }
            }
        }
        var i = n - 1
        while i >= 0 {              // U x = y
            for r in (i + 1)..<Swift.max(n, i + 1) where r < n {
                let f = lu[i * n + r]
                if f == .zero { continue }
                for j in 0..<k { b[i * k + j] = b[i * k + j] - f * b[r * k + j] }
            }
            let d = lu[i * n + i]
            for j in 0..<k { b[i * k + j] = b[i * k + j] / d }
            i -= 1
        }
    }
}
