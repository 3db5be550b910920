// SciPy's linprog problem (c, A_ub, b_ub, A_eq, b_eq, bounds) brought to the
// standard form both solvers work on: min cᵀz subject to A z = b, z ≥ 0.
// Each variable is shifted onto its lower bound, reflected onto its upper
// bound, or split in two when free; a finite upper bound on a shifted
// variable becomes a row, and every ≤ row gets a slack column.

/// How one original variable maps onto standard-form columns.
enum _VariableMap {
    /// x = lower + z[column].
    case shifted(column: Int, lower: Double)
    /// x = upper − z[column].
    case reflected(column: Int, upper: Double)
    /// x = z[plus] − z[minus].
    case split(plus: Int, minus: Int)
}

/// A linear program in standard form, dense and row-major, with the map
/// back to the caller's variables.
struct _LPStandardForm {
    /// Constraint rows: the A_ub rows, then one per finite upper bound of a
    /// shifted variable, then the A_eq rows.
    let rows: Int
    /// Structural columns, then one slack per inequality row.
    let columns: Int
    /// Columns that stand for the caller's variables (the rest are slacks).
    let structural: Int
    /// Rows that carry a slack (A_ub rows and upper-bound rows).
    let inequalityRows: Int
    /// A, rows × columns, row-major.
    var a: [Double]
    /// The right-hand side (any sign).
    var b: [Double]
    /// The costs, one per column.
    var c: [Double]
    let maps: [_VariableMap]

    init(c original: [Double], aUb: [[Double]], bUb: [Double], aEq: [[Double]], bEq: [Double],
         bounds pairs: [(Double, Double)]) {
        var maps: [_VariableMap] = []
        var columns = 0
        var upperRows: [(column: Int, width: Double)] = []
        for (lo, hi) in pairs {
            if lo > -.infinity {
                maps.append(.shifted(column: columns, lower: lo))
                if hi < .infinity { upperRows.append((columns, hi - lo)) }
                columns += 1
            } else if hi < .infinity {
                maps.append(.reflected(column: columns, upper: hi))
                columns += 1
            } else {
                maps.append(.split(plus: columns, minus: columns + 1))
                columns += 2
            }
        }
        let structural = columns
        let inequalityRows = aUb.count + upperRows.count
        let rows = inequalityRows + aEq.count
        columns += inequalityRows
        var a = [Double](repeating: 0, count: rows * columns)
        var b = [Double](repeating: 0, count: rows)
        var c = [Double](repeating: 0, count: columns)
        func place(_ row: Int, _ coefficients: [Double], _ rhs: Double) {
            var rhs = rhs
            for (j, value) in coefficients.enumerated() where value != 0 {
                switch maps[j] {
                case let .shifted(column, lower):
                    a[row * columns + column] += value
                    rhs -= value * lower
                case let .reflected(column, upper):
                    a[row * columns + column] -= value
                    rhs -= value * upper
                case let .split(plus, minus):
                    a[row * columns + plus] += value
                    a[row * columns + minus] -= value
                }
            }
            b[row] = rhs
        }
        for (i, row) in aUb.enumerated() { place(i, row, bUb[i]) }
        for (k, bound) in upperRows.enumerated() {
            a[(aUb.count + k) * columns + bound.column] = 1
            b[aUb.count + k] = bound.width
        }
        for (i, row) in aEq.enumerated() { place(inequalityRows + i, row, bEq[i]) }
        for i in 0..<inequalityRows { a[i * columns + structural + i] = 1 }
        for (j, cj) in original.enumerated() {
            switch maps[j] {
            case let .shifted(column, _):
                c[column] = cj
            case let .reflected(column, _):
                c[column] = -cj
            case let .split(plus, minus):
                c[plus] = cj
                c[minus] = -cj
            }
        }
        self.rows = rows
        self.columns = columns
        self.structural = structural
        self.inequalityRows = inequalityRows
        self.a = a
        self.b = b
        self.c = c
        self.maps = maps
    }

    /// The caller's variables at the standard-form point `z`.
    func original(_ z: [Double]) -> [Double] {
        maps.map { map in
            switch map {
            case let .shifted(column, lower): return lower + z[column]
            case let .reflected(column, upper): return upper - z[column]
            case let .split(plus, minus): return z[plus] - z[minus]
            }
        }
    }

    /// The same program without rows that are linear combinations of
    /// earlier ones (Gaussian elimination with a relative tolerance), or
    /// nil when such a row's right-hand side disagrees with the
    /// combination: the equalities are then inconsistent (infeasible).
    /// Interior-point normal equations need A to have full row rank.
    func independentRows() -> (a: [Double], b: [Double], rows: Int)? {
        let n = columns
        let scale = Swift.max(1, a.reduce(0) { Swift.max($0, Swift.abs($1)) })
        let bScale = Swift.max(1, b.reduce(0) { Swift.max($0, Swift.abs($1)) })
        var reduced: [(row: [Double], rhs: Double, pivot: Int)] = []
        var keep: [Int] = []
        for i in 0..<rows {
            var row = Array(a[(i * n)..<((i + 1) * n)])
            var rhs = b[i]
            for p in reduced {
                let factor = row[p.pivot] / p.row[p.pivot]
                guard factor != 0 else { continue }
                for j in 0..<n { row[j] -= factor * p.row[j] }
                rhs -= factor * p.rhs
            }
            var pivot = 0
            for j in 1..<Swift.max(n, 1) where Swift.abs(row[j]) > Swift.abs(row[pivot]) { pivot = j }
            if n == 0 || Swift.abs(row[pivot]) <= 1e-10 * scale {
                if Swift.abs(rhs) > 1e-9 * bScale { return nil }
                continue
            }
            reduced.append((row, rhs, pivot))
            keep.append(i)
        }
        if keep.count == rows { return (a, b, rows) }
        var kept = [Double]()
        kept.reserveCapacity(keep.count * n)
        for i in keep { kept += a[(i * n)..<((i + 1) * n)] }
        return (kept, keep.map { b[$0] }, keep.count)
    }
}
