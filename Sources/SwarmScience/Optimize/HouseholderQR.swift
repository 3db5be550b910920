// Householder QR of a small tall matrix, for SLSQP's least-squares
// subproblems (Lawson & Hanson's LSEI/LSI reductions). The matrices have a
// few dozen entries, so plain loops beat LAPACK's call overhead.

/// A = Q·R of a small row-major `rows`×`cols` matrix with `rows ≥ cols`.
struct _HouseholderQR {
    let rows: Int
    let cols: Int
    /// Column k holds the Householder vector vₖ in rows k..<rows; R's
    /// strict upper triangle is above the diagonal. Row-major.
    private var factors: [Double]
    private var beta: [Double]
    /// R's diagonal.
    private(set) var diagonal: [Double]

    init(_ matrix: [Double], rows: Int, cols: Int) {
        precondition(matrix.count == rows * cols && rows >= cols,
                     "HouseholderQR: \(matrix.count) entries for a \(rows)×\(cols) matrix (need rows ≥ cols)")
        self.rows = rows
        self.cols = cols
        factors = matrix
        beta = [Double](repeating: 0, count: cols)
        diagonal = [Double](repeating: 0, count: cols)
        for k in 0..<cols {
            var norm = 0.0
            for i in k..<rows { norm += factors[i * cols + k] * factors[i * cols + k] }
            norm = norm.squareRoot()
            let head = factors[k * cols + k]
            guard norm > 0 else { continue }  // a zero column: H = I, R[k,k] = 0
            // Reflect onto −sign(head)·‖x‖ so that v's head never cancels.
            let alpha = head >= 0 ? -norm : norm
            factors[k * cols + k] = head - alpha
            let vtv = norm * norm - head * head + (head - alpha) * (head - alpha)
            beta[k] = 2 / vtv
            diagonal[k] = alpha
            for j in (k + 1)..<Swift.max(k + 1, cols) {
                var s = 0.0
                for i in k..<rows { s += factors[i * cols + k] * factors[i * cols + j] }
                s *= beta[k]
                for i in k..<rows { factors[i * cols + j] -= s * factors[i * cols + k] }
            }
        }
    }

    /// R[i, j] for i ≤ j.
    @inline(__always) func r(_ i: Int, _ j: Int) -> Double { i == j ? diagonal[i] : factors[i * cols + j] }

    /// b ← Qᵀ·b (b has `rows` entries, starting at `offset`).
    func applyQT(_ b: inout [Double], offset: Int = 0) {
        for k in 0..<cols where beta[k] != 0 {
            var s = 0.0
            for i in k..<rows { s += factors[i * cols + k] * b[offset + i] }
            s *= beta[k]
            for i in k..<rows { b[offset + i] -= s * factors[i * cols + k] }
        }
    }

    /// b ← Q·b.
    func applyQ(_ b: inout [Double]) {
        for k in stride(from: cols - 1, through: 0, by: -1) where beta[k] != 0 {
            var s = 0.0
            for i in k..<rows { s += factors[i * cols + k] * b[i] }
            s *= beta[k]
            for i in k..<rows { b[i] -= s * factors[i * cols + k] }
        }
    }

    /// Solves R·x = y in place (the first `cols` entries of y).
    func solveR(_ y: inout [Double]) {
        for i in stride(from: cols - 1, through: 0, by: -1) {
            var s = y[i]
            for j in (i + 1)..<cols { s -= r(i, j) * y[j] }
            y[i] = s / diagonal[i]
        }
    }

    /// Solves Rᵀ·x = y in place (the first `cols` entries of y).
    func solveRT(_ y: inout [Double]) {
        for i in 0..<cols {
            var s = y[i]
            for j in 0..<i { s -= r(j, i) * y[j] }
            y[i] = s / diagonal[i]
        }
    }
}
