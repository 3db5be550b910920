// A thin singular value decomposition for the small dense Jacobians of the
// least-squares solvers, by one-sided Jacobi rotations (Hestenes): columns
// are rotated pairwise until orthogonal, which gives singular values to
// high relative accuracy and needs no bidiagonalisation.

/// A = U·diag(s)·Vᵀ of an m×n matrix, keeping k = min(m, n) singular values
/// in descending order.
struct _SmallSVD {
    let m: Int, n: Int, k: Int
    /// Singular values, descending (k).
    private(set) var s: [Double]
    /// Left singular vectors, column-major: column j is `u[j*m ..< (j+1)*m]` (k columns).
    private(set) var u: [Double]
    /// Right singular vectors, column-major: column j is `v[j*n ..< (j+1)*n]` (k columns).
    private(set) var v: [Double]

    /// Decomposes the row-major m×n `matrix`.
    init(rowMajor matrix: [Double], m: Int, n: Int) {
        precondition(matrix.count == m * n, "SmallSVD: \(matrix.count) entries for a \(m)×\(n) matrix")
        self.m = m
        self.n = n
        k = Swift.min(m, n)
        // Work on columns: w holds A column-major, vv the accumulated rotations.
        var w = [Double](repeating: 0, count: m * n)
        for i in 0..<m { for j in 0..<n { w[j * m + i] = matrix[i * n + j] } }
        var vv = [Double](repeating: 0, count: n * n)
        for j in 0..<n { vv[j * n + j] = 1 }
        w.withUnsafeMutableBufferPointer { a in
            vv.withUnsafeMutableBufferPointer { r in
                for _ in 0..<60 {
                    var rotated = false
                    for p in 0..<Swift.max(0, n - 1) {
                        for q in (p + 1)..<n {
                            var alpha = 0.0, beta = 0.0, gamma = 0.0
                            for i in 0..<m {
                                let x = a[p * m + i], y = a[q * m + i]
                                alpha += x * x
                                beta += y * y
                                gamma += x * y
                            }
                            if gamma == 0 || Swift.abs(gamma) <= Double.ulpOfOne * (alpha * beta).squareRoot() { continue }
                            rotated = true
                            let zeta = (beta - alpha) / (2 * gamma)
                            let t = (zeta >= 0 ? 1.0 : -1.0) / (Swift.abs(zeta) + (1 + zeta * zeta).squareRoot())
                            let c = 1 / (1 + t * t).squareRoot(), sn = c * t
                            for i in 0..<m {
                                let x = a[p * m + i], y = a[q * m + i]
                                a[p * m + i] = c * x - sn * y
                                a[q * m + i] = sn * x + c * y
                            }
                            for i in 0..<n {
                                let x = r[p * n + i], y = r[q * n + i]
                                r[p * n + i] = c * x - sn * y
                                r[q * n + i] = sn * x + c * y
                            }
                        }
                    }
                    if !rotated { break }
                }
            }
        }
        var norms = [Double](repeating: 0, count: n)
        for j in 0..<n {
            var t = 0.0
            for i in 0..<m { t += w[j * m + i] * w[j * m + i] }
            norms[j] = t.squareRoot()
        }
        let order = (0..<n).sorted { norms[$0] > norms[$1] }
        s = []
        u = [Double](repeating: 0, count: m * k)
        v = [Double](repeating: 0, count: n * k)
        for (jj, j) in order.prefix(k).enumerated() {
            s.append(norms[j])
            // A zero singular value keeps a zero column: it never multiplies anything.
            if norms[j] > 0 { for i in 0..<m { u[jj * m + i] = w[j * m + i] / norms[j] } }
            for i in 0..<n { v[jj * n + i] = vv[j * n + i] }
        }
    }

    /// Uᵀ·f.
    func uTransposeTimes(_ f: [Double]) -> [Double] {
        (0..<k).map { j in
            var t = 0.0
            for i in 0..<m { t += u[j * m + i] * f[i] }
            return t
        }
    }

    /// V·c.
    func vTimes(_ c: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: n)
        for j in 0..<k { for i in 0..<n { out[i] += v[j * n + i] * c[j] } }
        return out
    }
}
