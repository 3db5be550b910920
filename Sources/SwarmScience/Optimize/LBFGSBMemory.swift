// The limited-memory BFGS matrix of L-BFGS-B in its compact form (Byrd,
// Lu, Nocedal & Zhu 1995, §3): B = θI − W M Wᵀ with W = [Y, θS] and
// M = K⁻¹, K = [[−D, Lᵀ], [L, θ SᵀS]], where D = diag(sᵢᵀyᵢ) and L holds
// sᵢᵀyⱼ for i > j. Products with M go through the m×m matrix
// T = θSᵀS + L D⁻¹ Lᵀ and its Cholesky factor, as L-BFGS-B's `formt` and
// `bmv` do: O(m²) a product, O(m³/6) a new pair.

struct _LBFGSBMemory {
    let m: Int
    let n: Int
    private(set) var s: [[Double]] = []
    private(set) var y: [[Double]] = []
    private(set) var theta = 1.0
    /// sᵢᵀyⱼ and sᵢᵀsⱼ, row-major c×c: every product below reuses them.
    private var sy: [Double] = []
    private var ss: [Double] = []
    /// The lower Cholesky factor of T, row-major c×c.
    private var tFactor: [Double] = []
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
        sy.removeAll()
        ss.removeAll()
        tFactor.removeAll()
    }

    /// Adds the pair (s, y) with sᵀy = curvature, dropping the oldest beyond m.
    /// Returns false when T is not positive definite (the caller restarts).
    mutating func append(s newS: [Double], y newY: [Double], yy: Double, curvature: Double) -> Bool {
        let old = s.count
        let dropped = old == m ? 1 : 0
        if dropped == 1 {
            s.removeFirst()
            y.removeFirst()
        }
        s.append(newS)
        y.append(newY)
        theta = yy / curvature
        // Keep the old pairs' products (shifted when the oldest goes) and
        // compute only the new row and column: 2c dot products, not c².
        let c = s.count
        var newSY = [Double](repeating: 0, count: c * c), newSS = newSY
        for i in 0..<(c - 1) {
            for j in 0..<(c - 1) {
                newSY[i * c + j] = sy[(i + dropped) * old + (j + dropped)]
                newSS[i * c + j] = ss[(i + dropped) * old + (j + dropped)]
            }
        }
        let last = c - 1
        for i in 0..<c {
            newSY[i * c + last] = _dot(s[i], y[last])
            newSY[last * c + i] = _dot(s[last], y[i])
            let v = _dot(s[i], s[last])
            newSS[i * c + last] = v
            newSS[last * c + i] = v
        }
        self.sy = newSY
        self.ss = newSS
        // T = θSᵀS + L D⁻¹ Lᵀ, then T = J Jᵀ.
        var t = [Double](repeating: 0, count: c * c)
        for i in 0..<c {
            for j in 0...i {
                var v = theta * newSS[i * c + j]
                for k in 0..<j { v += newSY[i * c + k] * newSY[j * c + k] / newSY[k * c + k] }
                t[i * c + j] = v
                t[j * c + i] = v
            }
        }
        for j in 0..<c {
            var d = t[j * c + j]
            for k in 0..<j { d -= t[j * c + k] * t[j * c + k] }
            guard d > 0, d.isFinite else { return false }
            let r = d.squareRoot()
            t[j * c + j] = r
            for i in (j + 1)..<c {
                var v = t[i * c + j]
                for k in 0..<j { v -= t[i * c + k] * t[j * c + k] }
                t[i * c + j] = v / r
            }
        }
        tFactor = t
        return true
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

    /// M·v = K⁻¹v, by blocks: b = T⁻¹(v₂ + L D⁻¹ v₁), a = D⁻¹(Lᵀb − v₁).
    func mTimes(_ v: [Double]) -> [Double] {
        let c = count
        guard c > 0 else { return v }
        var rhs = [Double](repeating: 0, count: c)
        for i in 0..<c {
            var r = v[c + i]
            for k in 0..<i { r += sy[i * c + k] * v[k] / sy[k * c + k] }
            rhs[i] = r
        }
        // J Jᵀ b = rhs.
        _choleskySolve(tFactor, order: c, &rhs)
        var result = [Double](repeating: 0, count: 2 * c)
        for i in 0..<c {
            var a = -v[i]
            for k in (i + 1)..<c { a += sy[k * c + i] * rhs[k] }  // (Lᵀb)ᵢ = Σ_{k>i} sₖᵀyᵢ bₖ
            result[i] = a / sy[i * c + i]
            result[c + i] = rhs[i]
        }
        return result
    }

    /// K (row-major, 2c×2c): factored for M, and the base of K − N/θ in the
    /// subspace step.
    func middleMatrix() -> [Double] {
        let c = count, size = 2 * c
        var matrix = [Double](repeating: 0, count: size * size)
        for i in 0..<c {
            for j in 0..<c {
                if i == j { matrix[i * size + j] = -sy[i * c + i] }
                if i > j {
                    matrix[(c + i) * size + j] = sy[i * c + j]
                    matrix[j * size + (c + i)] = sy[i * c + j]
                }
                matrix[(c + i) * size + (c + j)] = theta * ss[i * c + j]
            }
        }
        return matrix
    }
}
