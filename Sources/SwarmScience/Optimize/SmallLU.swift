// LU factorisation with partial pivoting for the small dense systems inside
// the minimisers (L-BFGS-B's 2m×2m middle matrix, Newton steps on a few
// variables). LAPACK would cost more in call overhead than these take.

/// P·A = L·U of a small square matrix, row-major.
struct _SmallLU {
    let n: Int
    private var lu: [Double]
    private var pivots: [Int]
    /// False when a pivot was exactly zero (or not finite): the matrix is singular.
    private(set) var isNonsingular = true

    init(_ matrix: [Double], n: Int) {
        precondition(matrix.count == n * n, "SmallLU: \(matrix.count) entries for a \(n)×\(n) matrix")
        self.n = n
        lu = matrix
        pivots = Array(0..<n)
        for k in 0..<n {
            var p = k
            var best = Swift.abs(lu[k * n + k])
            for i in (k + 1)..<Swift.max(k + 1, n) where Swift.abs(lu[i * n + k]) > best {
                best = Swift.abs(lu[i * n + k])
                p = i
            }
            guard best > 0, best.isFinite else {
                isNonsingular = false
                return
            }
            if p != k {
                for j in 0..<n { lu.swapAt(k * n + j, p * n + j) }
                pivots.swapAt(k, p)
            }
            let pivot = lu[k * n + k]
            for i in (k + 1)..<Swift.max(k + 1, n) {
                let factor = lu[i * n + k] / pivot
                lu[i * n + k] = factor
                if factor != 0 {
                    for j in (k + 1)..<n { lu[i * n + j] -= factor * lu[k * n + j] }
                }
            }
        }
    }

    /// A⁻¹·b (the factorisation must be nonsingular).
    func solve(_ b: [Double]) -> [Double] {
        var x = pivots.map { b[$0] }
        for i in 0..<n {
            var s = x[i]
            for j in 0..<i { s -= lu[i * n + j] * x[j] }
            x[i] = s
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            var s = x[i]
            for j in (i + 1)..<n { s -= lu[i * n + j] * x[j] }
            x[i] = s / lu[i * n + i]
        }
        return x
    }
}
