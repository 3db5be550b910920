// LU factorisation with partial pivoting for the small dense systems inside
// the minimisers (L-BFGS-B's 2m×2m middle matrix, Newton steps on a few
// variables). LAPACK would cost more in call overhead than these take.

/// P·A = L·U of a small square matrix, row-major.
struct _SmallLU {
    let n: Int
    private let lu: [Double]
    private let pivots: [Int]
    /// False when a pivot was exactly zero (or not finite): the matrix is singular.
    let isNonsingular: Bool

    init(_ matrix: [Double], n: Int) {
        precondition(matrix.count == n * n, "SmallLU: \(matrix.count) entries for a \(n)×\(n) matrix")
        self.n = n
        var lu = matrix
        var pivots = Array(0..<n)
        var nonsingular = true
        // Raw pointers: with the arrays' checks these loops cost 5× more,
        // and L-BFGS-B factors a 2m×2m matrix every iteration.
        lu.withUnsafeMutableBufferPointer { a in
            for k in 0..<n {
                var p = k
                var best = Swift.abs(a[k * n + k])
                for i in (k + 1)..<n where Swift.abs(a[i * n + k]) > best {
                    best = Swift.abs(a[i * n + k])
                    p = i
                }
                guard best > 0, best.isFinite else {
                    nonsingular = false
                    return
                }
                if p != k {
                    for j in 0..<n { a.swapAt(k * n + j, p * n + j) }
                    pivots.swapAt(k, p)
                }
                let pivot = a[k * n + k]
                for i in (k + 1)..<n {
                    let factor = a[i * n + k] / pivot
                    a[i * n + k] = factor
                    if factor != 0 {
                        for j in (k + 1)..<n { a[i * n + j] -= factor * a[k * n + j] }
                    }
                }
            }
        }
        self.lu = lu
        self.pivots = pivots
        isNonsingular = nonsingular
    }

    /// A⁻¹·b (the factorisation must be nonsingular).
    func solve(_ b: [Double]) -> [Double] {
        var x = pivots.map { b[$0] }
        lu.withUnsafeBufferPointer { a in
            x.withUnsafeMutableBufferPointer { x in
                for i in 0..<n {
                    var s = x[i]
                    for j in 0..<i { s -= a[i * n + j] * x[j] }
                    x[i] = s
                }
                for i in stride(from: n - 1, through: 0, by: -1) {
                    var s = x[i]
                    for j in (i + 1)..<n { s -= a[i * n + j] * x[j] }
                    x[i] = s / a[i * n + i]
                }
            }
        }
        return x
    }
}
