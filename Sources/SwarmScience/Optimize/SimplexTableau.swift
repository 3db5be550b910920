// The two-phase primal simplex method on a dense tableau, for
// min cᵀx subject to A x = b, x ≥ 0 with b ≥ 0. Dantzig's rule picks the
// entering column; after a run of degenerate pivots it falls back to
// Bland's rule, which cannot cycle (Bland 1977), until the objective moves
// again. Phase 1 minimises the sum of artificial variables from a basis
// of slacks and artificials; phase 2 the real costs. The dual simplex
// method runs from a basis whose reduced costs are already nonnegative
// (the crossover from an interior-point solution can leave one that is
// dual feasible but slightly primal infeasible).

/// How a simplex phase ended.
enum _SimplexOutcome: Equatable {
    /// `infeasible` comes only from the dual method (a row with a negative
    /// right-hand side and no negative entry to pivot on).
    case optimal, unbounded, infeasible, iterationLimit
}

/// A dense simplex tableau: `rows` constraint rows and one cost row, each
/// `columns + 1` wide (the last entry is the right-hand side).
struct _SimplexTableau {
    let rows: Int
    let columns: Int
    /// Row-major, (rows + 1)×(columns + 1); row `rows` holds reduced costs
    /// and −(objective value) in its last entry.
    var table: [Double]
    /// The basic column of each row.
    var basis: [Int]
    /// Columns that may enter the basis (artificials are barred).
    var eligible: [Bool]
    var pivots = 0
    let tolerance = 1e-9

    init(rows: Int, columns: Int) {
        self.rows = rows
        self.columns = columns
        table = [Double](repeating: 0, count: (rows + 1) * (columns + 1))
        basis = [Int](repeating: -1, count: rows)
        eligible = [Bool](repeating: true, count: columns)
    }

    @inline(__always) var width: Int { columns + 1 }

    subscript(i: Int, j: Int) -> Double {
        get { table[i * width + j] }
        set { table[i * width + j] = newValue }
    }

    /// Sets the cost row to the reduced costs of `cost` for the current basis.
    mutating func price(_ cost: [Double]) {
        let w = width
        table.withUnsafeMutableBufferPointer { t in
            let z = rows * w
            for j in 0..<w { t[z + j] = j < columns ? cost[j] : 0 }
            for i in 0..<rows {
                let cb = cost[basis[i]]
                guard cb != 0 else { continue }
                for j in 0..<w { t[z + j] -= cb * t[i * w + j] }
            }
        }
    }

    /// Gauss–Jordan pivot on (r, s), cost row included.
    mutating func pivot(row r: Int, column s: Int) {
        let w = width
        let total = rows + 1
        table.withUnsafeMutableBufferPointer { t in
            let inv = 1 / t[r * w + s]
            for j in 0..<w { t[r * w + j] *= inv }
            t[r * w + s] = 1
            // The pivot row in a buffer of its own, so that the compiler
            // sees no aliasing and vectorises the row updates.
            withUnsafeTemporaryAllocation(of: Double.self, capacity: w) { row in
                _ = row.initialize(from: t[(r * w)..<(r * w + w)])
                let pivotRow = UnsafePointer(row.baseAddress!)
                for i in 0..<total where i != r {
                    let factor = t[i * w + s]
                    guard factor != 0 else { continue }
                    let target = t.baseAddress! + i * w
                    for j in 0..<w { target[j] -= factor * pivotRow[j] }
                    target[s] = 0
                }
            }
        }
        basis[r] = s
        pivots += 1
    }

    /// Runs simplex pivots on the current cost row until optimal or stopped.
    mutating func solve(maxPivots: Int) -> _SimplexOutcome {
        var degenerateRun = 0
        let w = width
        while true {
            let bland = degenerateRun > 50
            // Entering column: most negative reduced cost, or the first negative (Bland).
            var entering = -1
            var best = -tolerance
            for j in 0..<columns where eligible[j] {
                let r = table[rows * w + j]
                if r < best {
                    entering = j
                    best = r
                    if bland { break }
                }
            }
            guard entering >= 0 else { return .optimal }
            guard pivots < maxPivots else { return .iterationLimit }
            // Ratio test; ties go to the smallest basic index (Bland).
            var leaving = -1
            var ratio = Double.infinity
            for i in 0..<rows {
                let a = table[i * w + entering]
                guard a > tolerance else { continue }
                let q = table[i * w + columns] / a
                if q < ratio || (q == ratio && basis[i] < basis[leaving]) {
                    ratio = q
                    leaving = i
                }
            }
            guard leaving >= 0 else { return .unbounded }
            degenerateRun = ratio <= tolerance ? degenerateRun + 1 : 0
            pivot(row: leaving, column: entering)
        }
    }

    /// Runs dual simplex pivots from a dual-feasible basis (every reduced
    /// cost ≥ −tolerance) until the basic values are nonnegative.
    /// Leaving row: the most negative basic value; entering column: the
    /// smallest ratio of reduced cost to |entry| among negative entries,
    /// which keeps every reduced cost nonnegative.
    mutating func solveDual(maxPivots: Int) -> _SimplexOutcome {
        let w = width
        while true {
            var leaving = -1
            var worst = -tolerance
            for i in 0..<rows where table[i * w + columns] < worst {
                worst = table[i * w + columns]
                leaving = i
            }
            guard leaving >= 0 else { return .optimal }
            guard pivots < maxPivots else { return .iterationLimit }
            var entering = -1
            var ratio = Double.infinity
            for j in 0..<columns where eligible[j] {
                let a = table[leaving * w + j]
                guard a < -tolerance else { continue }
                let q = Swift.max(0, table[rows * w + j]) / -a
                if q < ratio {
                    ratio = q
                    entering = j
                }
            }
            guard entering >= 0 else { return .infeasible }
            pivot(row: leaving, column: entering)
        }
    }

    /// The point of the current basis: basic columns at their row's value,
    /// the rest at zero.
    func basicPoint() -> [Double] {
        var z = [Double](repeating: 0, count: columns)
        for i in 0..<rows where basis[i] >= 0 { z[basis[i]] = table[i * width + columns] }
        return z
    }
}
