// Lawson & Hanson's active-set algorithm for nonnegative least squares
// (Solving Least Squares Problems, ch. 23), the bottom of SLSQP's
// LSQ → LSEI → LSI → LDP → NNLS chain. The problems are tiny (a column
// per constraint row, a row per variable), so each passive-set solve
// refactors from scratch instead of updating a QR.

/// The outcome of `_nnls`.
struct _NNLSSolution {
    var x: [Double]
    /// ‖E·x − f‖.
    var residualNorm: Double
    /// False when the inner-iteration limit (3·columns, as Kraft's code) ran out.
    var converged: Bool
}

/// argmin ‖E·x − f‖ subject to x ≥ 0, for row-major E (`rows`×`cols`).
func _nnls(_ e: [Double], rows: Int, cols: Int, _ f: [Double]) -> _NNLSSolution {
    var x = [Double](repeating: 0, count: cols)
    var passive = [Bool](repeating: false, count: cols)
    var residual = f
    var w = [Double](repeating: 0, count: cols)
    let maxIterations = 3 * cols
    var iterations = 0
    var converged = true

    // Least squares on the passive columns; nil when they are dependent.
    func passiveSolve(_ set: [Int]) -> [Double]? {
        let k = set.count
        guard k <= rows else { return nil }
        var sub = [Double](repeating: 0, count: rows * k)
        for i in 0..<rows { for (c, j) in set.enumerated() { sub[i * k + c] = e[i * cols + j] } }
        let qr = _HouseholderQR(sub, rows: rows, cols: k)
        var scale = 0.0
        for c in 0..<k { scale = Swift.max(scale, Swift.abs(qr.diagonal[c])) }
        for c in 0..<k where !(Swift.abs(qr.diagonal[c]) > 1e-13 * scale) { return nil }
        var rhs = f
        qr.applyQT(&rhs)
        qr.solveR(&rhs)
        return Array(rhs[0..<k])
    }

    func updateResidual() {
        for i in 0..<rows {
            var s = f[i]
            for j in 0..<cols where x[j] != 0 { s -= e[i * cols + j] * x[j] }
            residual[i] = s
        }
    }

    outer: while passive.contains(false) && passive.filter({ $0 }).count < rows {
        for j in 0..<cols where !passive[j] {
            var s = 0.0
            for i in 0..<rows { s += e[i * cols + j] * residual[i] }
            w[j] = s
        }
        // Candidates by decreasing dual value; one whose trial value is not
        // positive (or whose column is dependent) is skipped, as in L&H.
        var rejected = [Bool](repeating: false, count: cols)
        var z: [Double] = []
        var set: [Int] = []
        while true {
            var best = -1
            var wmax = 0.0
            for j in 0..<cols where !passive[j] && !rejected[j] && w[j] > wmax {
                wmax = w[j]
                best = j
            }
            guard best >= 0 else { break outer }  // KKT: no ascent direction left
            set = (0..<cols).filter { passive[$0] || $0 == best }
            if let trial = passiveSolve(set), let at = set.firstIndex(of: best), trial[at] > 0 {
                passive[best] = true
                z = trial
                break
            }
            rejected[best] = true
        }
        // Inner loop: step back toward feasibility until every passive value is positive.
        while true {
            iterations += 1
            if iterations > maxIterations {
                converged = false
                break outer
            }
            var alpha = 2.0
            var blocking = -1
            for (c, j) in set.enumerated() where z[c] <= 0 {
                let t = x[j] / (x[j] - z[c])
                if t < alpha {
                    alpha = t
                    blocking = j
                }
            }
            if alpha == 2.0 {
                for (c, j) in set.enumerated() { x[j] = z[c] }
                break
            }
            // Interpolate toward z; the blocking variable (and any that
            // round-off left nonpositive) returns to the active set.
            for (c, j) in set.enumerated() {
                x[j] += alpha * (z[c] - x[j])
                if j == blocking || x[j] <= 0 {
                    x[j] = 0
                    passive[j] = false
                }
            }
            set = (0..<cols).filter { passive[$0] }
            if set.isEmpty { break }
            guard let next = passiveSolve(set) else { break }
            z = next
        }
        updateResidual()
    }
    updateResidual()
    var norm = 0.0
    for v in residual { norm += v * v }
    return _NNLSSolution(x: x, residualNorm: norm.squareRoot(), converged: converged)
}
