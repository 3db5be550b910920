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
        var k = 0
        while k < n {
            var p = k
            var best = Self.cabs1(lu[k * n + k])
            var i = k + 1
            while i < n {
                let v = Self.cabs1(lu[i * n + k])
                if v > best { best = v; p = i }
                i += 1
            }
            pivots[k] = p
            if p != k {
                oddSwaps.toggle()
                let a = lu + k * n, b = lu + p * n
                var j = 0
                while j < n { let t = a[j]; a[j] = b[j]; b[j] = t; j += 1 }
            }
            let pivot = lu[k * n + k]
            if pivot == .zero {
                if zeroPivot == nil { zeroPivot = k }
                k += 1
                continue
            }
            // As LAPACK's getf2: the column is scaled by the pivot's reciprocal.
            let reciprocal = T.one / pivot
            let top = lu + k * n
            i = k + 1
            while i < n {
                let row = lu + i * n
                let f = row[k] * reciprocal
                row[k] = f
                var j = k + 1
                while j < n { row[j] = row[j] - f * top[j]; j += 1 }
                i += 1
            }
            k += 1
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
        var i = 0
        while i < n {
            let p = pivots[i]
            if p != i {
                let x = b + i * k, y = b + p * k
                var j = 0
                while j < k { let t = x[j]; x[j] = y[j]; y[j] = t; j += 1 }
            }
            i += 1
        }
        i = 1
        while i < n {               // L y = P b (unit diagonal)
            let target = b + i * k, l = lu + i * n
            var r = 0
            while r < i {
                let f = l[r], source = b + r * k
                var j = 0
                while j < k { target[j] = target[j] - f * source[j]; j += 1 }
                r += 1
            }
            i += 1
        }
        i = n - 1
        while i >= 0 {              // U x = y
            let target = b + i * k, u = lu + i * n
            var r = i + 1
            while r < n {
                let f = u[r], source = b + r * k
                var j = 0
                while j < k { target[j] = target[j] - f * source[j]; j += 1 }
                r += 1
            }
            let d = u[i]
            if k == 1 {
                target[0] = target[0] / d
            } else {
                let reciprocal = T.one / d
                var j = 0
                while j < k { target[j] = target[j] * reciprocal; j += 1 }
            }
            i -= 1
        }
    }
}
