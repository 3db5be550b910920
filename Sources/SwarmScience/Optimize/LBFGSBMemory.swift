// The limited-memory BFGS matrix of L-BFGS-B in its compact form (Byrd,
// Lu, Nocedal & Zhu 1995, §3): B = θI − W M Wᵀ with W = [Y, θS] and
// M = K⁻¹, K = [[−D, Lᵀ], [L, θ SᵀS]], where D = diag(sᵢᵀyᵢ) and L holds
// sᵢᵀyⱼ for i > j. With at most m pairs, K is at most 2m×2m, so products
// with M are small LU solves.

struct _LBFGSBMemory {
    let m: Int
    let n: Int
    private(set) var s: [[Double]] = []
    private(set) var y: [[Double]] = []
    private(set) var theta = 1.0
    private var k: _SmallLU?
    /// Pairs stored.
    var count: Int { s.count }

    init(m: Int, n: Int) {
        self.m = m
        self.n = n
    }

    /// Forgets every pair (SciPy's "refresh the lbfgs memory and restart").
    mutating func reset() {
        s.removeAll(keepingCapacity: true)
        y.removeAll(keepingCapacity: true)
        theta = 1
        k = nil
    }

    /// Adds the pair (s, y) with sᵀy = sy, dropping the oldest beyond m.
    /// Returns false when K is singular (the caller restarts).
    mutating func append(s newS: [Double], y newY: [Double], yy: Double, sy: Double) -> Bool {
        if s.count == m {
            s.removeFirst()
            y.removeFirst()
        }
        s.append(newS)
        y.append(newY)
        theta = yy / sy
        let matrix = middleMatrix()
        let lu = _SmallLU(matrix, n: 2 * s.count)
        k = lu
        return lu.isNonsingular
    }

    /// Row i of W = [Y, θS]: (y₁ᵢ … y_cᵢ, θs₁ᵢ … θs_cᵢ).
    func wRow(_ i: Int) -> [Double] {
        var row = [Double](repeating: 0, count: 2 * count)
        for j in 0..<count {
            row[j] = y[j][i]
            row[count + j] = theta * s[j][i]
        }
        return row
    }

    /// Wᵀv.
    func wTransposeTimes(_ v: [Double]) -> [Double] {
        var r = [Double](repeating: 0, count: 2 * count)
        for j in 0..<count {
            r[j] = _dot(y[j], v)
            r[count + j] = theta * _dot(s[j], v)
        }
        return r
    }

    /// M·v = K⁻¹v.
    func mTimes(_ v: [Double]) -> [Double] {
        guard let k, count > 0 else { return v }
        return k.solve(v)
    }

    /// K (row-major, 2c×2c): factored for M, and the base of K − N/θ in the
    /// subspace step.
    func middleMatrix() -> [Double] {
        let c = count, size = 2 * c
        var matrix = [Double](repeating: 0, count: size * size)
        for i in 0..<c {
            for j in 0..<c {
                let sy = _dot(s[i], y[j])
                if i == j { matrix[i * size + j] = -sy }
                if i > j {
                    matrix[(c + i) * size + j] = sy
                    matrix[j * size + (c + i)] = sy
                }
                matrix[(c + i) * size + (c + j)] = theta * _dot(s[i], s[j])
            }
        }
        return matrix
    }
}
