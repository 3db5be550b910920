// Linear programming: SciPy's `linprog` interface over a two-phase dense
// simplex (SimplexTableau.swift). The problem is brought to standard form
// min cᵀz, A z = b, z ≥ 0, b ≥ 0: each variable is shifted onto its lower
// bound (or reflected onto its upper bound, or split when free), finite
// upper bounds and A_ub rows get slacks, and rows with negative b are negated.

/// SciPy's linprog messages by status.
private let linprogMessages = [
    0: "Optimization terminated successfully.",
    1: "The iteration limit was reached before the algorithm converged.",
    2: "The algorithm terminated successfully and determined that the problem is infeasible.",
    3: "The algorithm terminated successfully and determined that the problem is unbounded.",
    4: "Numerical difficulties were encountered before the problem converged. Please check your problem "
        + "formulation for errors, independence of linear equality constraints, and reasonable scaling and "
        + "matrix condition numbers.",
]

/// How one original variable maps onto standard-form columns.
private enum _VariableMap {
    /// x = lower + z[column].
    case shifted(column: Int, lower: Double)
    /// x = upper − z[column].
    case reflected(column: Int, upper: Double)
    /// x = z[plus] − z[minus].
    case split(plus: Int, minus: Int)
}

/// Minimises cᵀx subject to A_ub·x ≤ b_ub, A_eq·x = b_eq and bounds, as
/// `scipy.optimize.linprog`.
///
/// Bounds default to SciPy's (0, ∞) for every variable; a single pair
/// applies to all; ±∞ means no bound. The solver is a two-phase primal
/// simplex with Dantzig's rule and Bland's rule against cycling, so on a
/// problem with several optimal vertices it may return another one than
/// SciPy's HiGHS (the same `fun`). Infeasible, unbounded and
/// iteration-limited problems come back as a `status`, not an error.
///
/// ```swift
/// let r = try linprog(c: [-1, 4], aUb: [[-3, 1], [1, 2]], bUb: [6, 4], bounds: [(-.infinity, .infinity), (-3, .infinity)])
/// // r.x ≈ [10, −3], r.fun ≈ −22
/// ```
/// - Parameters:
///   - c: Objective coefficients (n).
///   - aUb, bUb: Inequality rows (each n) and right-hand sides.
///   - aEq, bEq: Equality rows and right-hand sides.
///   - bounds: `(lower, upper)` per variable, or one pair for all.
///   - maxiter: Simplex pivots allowed over both phases.
/// - Returns: The solution and status, with SciPy's fields.
/// - Throws: `OptimizeError.invalidBounds` for a NaN bound, an infinite
///   bound on the wrong side, or a bound list of the wrong length.
/// - Complexity: O((m + n) · (m + 2n)) per pivot for m constraint rows.
public func linprog(c: [Double], aUb: [[Double]]? = nil, bUb: [Double]? = nil, aEq: [[Double]]? = nil,
                    bEq: [Double]? = nil, bounds: [(Double, Double)]? = nil, maxiter: Int = 100_000) throws -> LinprogResult {
    let n = c.count
    let aUb = aUb ?? [], bUb = bUb ?? [], aEq = aEq ?? [], bEq = bEq ?? []
    precondition(aUb.count == bUb.count, "linprog: A_ub has \(aUb.count) rows but b_ub has \(bUb.count) entries")
    precondition(aEq.count == bEq.count, "linprog: A_eq has \(aEq.count) rows but b_eq has \(bEq.count) entries")
    precondition(aUb.allSatisfy { $0.count == n } && aEq.allSatisfy { $0.count == n },
                 "linprog: every constraint row needs \(n) entries, one per entry of c")
    var pairs = bounds ?? [(0, .infinity)]
    if pairs.count == 1 { pairs = Array(repeating: pairs[0], count: n) }
    guard pairs.count == n else {
        throw OptimizeError.invalidBounds("linprog: \(pairs.count) bounds for \(n) variables")
    }
    for (lo, hi) in pairs where lo.isNaN || hi.isNaN || lo == .infinity || hi == -.infinity {
        throw OptimizeError.invalidBounds("linprog: bound (\(lo), \(hi)) is not a valid interval")
    }
    func result(_ x: [Double], status: Int, nit: Int) -> LinprogResult {
        var fun = 0.0
        for j in 0..<n { fun += c[j] * x[j] }
        let slack = aUb.indices.map { i in bUb[i] - (0..<n).reduce(0) { $0 + aUb[i][$1] * x[$1] } }
        let con = aEq.indices.map { i in bEq[i] - (0..<n).reduce(0) { $0 + aEq[i][$1] * x[$1] } }
        return LinprogResult(x: x, fun: fun, slack: slack, con: con, success: status == 0, status: status,
                             message: linprogMessages[status]!, nit: nit)
    }
    if pairs.contains(where: { $0.0 > $0.1 }) {
        return result(pairs.map { Swift.max($0.0, Swift.min($0.1, 0)) }, status: 2, nit: 0)
    }

    // Standard-form columns for the variables.
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
    // Rows: A_ub, upper bounds, A_eq. Each ≤ row gets a slack column.
    let inequalityRows = aUb.count + upperRows.count
    let rows = inequalityRows + aEq.count
    columns += inequalityRows
    var dense = [Double](repeating: 0, count: rows * columns)
    var rhs = [Double](repeating: 0, count: rows)
    var cost = [Double](repeating: 0, count: columns)
    func place(_ row: Int, _ coefficients: [Double], _ b: Double) {
        var b = b
        for (j, a) in coefficients.enumerated() where a != 0 {
            switch maps[j] {
            case let .shifted(column, lower):
                dense[row * columns + column] += a
                b -= a * lower
            case let .reflected(column, upper):
                dense[row * columns + column] -= a
                b -= a * upper
            case let .split(plus, minus):
                dense[row * columns + plus] += a
                dense[row * columns + minus] -= a
            }
        }
        rhs[row] = b
    }
    for (i, row) in aUb.enumerated() { place(i, row, bUb[i]) }
    for (k, bound) in upperRows.enumerated() {
        dense[(aUb.count + k) * columns + bound.column] = 1
        rhs[aUb.count + k] = bound.width
    }
    for (i, row) in aEq.enumerated() { place(inequalityRows + i, row, bEq[i]) }
    for i in 0..<inequalityRows { dense[i * columns + structural + i] = 1 }
    for (j, cj) in c.enumerated() {
        switch maps[j] {
        case let .shifted(column, _):
            cost[column] = cj
        case let .reflected(column, _):
            cost[column] = -cj
        case let .split(plus, minus):
            cost[plus] = cj
            cost[minus] = -cj
        }
    }

    // A row keeps its slack as the starting basic variable when b ≥ 0;
    // the others (negated to make b ≥ 0) get an artificial.
    var needsArtificial = [Bool](repeating: false, count: rows)
    for i in 0..<rows {
        if rhs[i] < 0 {
            rhs[i] = -rhs[i]
            for j in 0..<columns { dense[i * columns + j] = -dense[i * columns + j] }
            needsArtificial[i] = true
        } else if i >= inequalityRows {
            needsArtificial[i] = true
        }
    }
    let artificialCount = needsArtificial.filter { $0 }.count
    var tableau = _SimplexTableau(rows: rows, columns: columns + artificialCount)
    var artificial = columns
    for i in 0..<rows {
        for j in 0..<columns { tableau[i, j] = dense[i * columns + j] }
        tableau[i, tableau.columns] = rhs[i]
        if needsArtificial[i] {
            tableau[i, artificial] = 1
            tableau.basis[i] = artificial
            tableau.eligible[artificial] = false
            artificial += 1
        } else {
            tableau.basis[i] = structural + i
        }
    }

    func point() -> [Double] {
        var z = [Double](repeating: 0, count: tableau.columns)
        for i in 0..<rows { z[tableau.basis[i]] = tableau[i, tableau.columns] }
        return maps.map { map in
            switch map {
            case let .shifted(column, lower): return lower + z[column]
            case let .reflected(column, upper): return upper - z[column]
            case let .split(plus, minus): return z[plus] - z[minus]
            }
        }
    }

    if artificialCount > 0 {
        var phaseOne = [Double](repeating: 0, count: tableau.columns)
        for j in columns..<tableau.columns { phaseOne[j] = 1 }
        tableau.price(phaseOne)
        switch tableau.solve(maxPivots: maxiter) {
        case .iterationLimit: return result(point(), status: 1, nit: tableau.pivots)
        case .unbounded: return result(point(), status: 4, nit: tableau.pivots)  // phase 1 is bounded below by 0
        case .optimal: break
        }
        let scale = Swift.max(1, rhs.reduce(0) { Swift.max($0, Swift.abs($1)) })
        if -tableau[rows, tableau.columns] > 1e-9 * scale { return result(point(), status: 2, nit: tableau.pivots) }
        // Drive artificials still basic (at zero) out where a real column can replace them;
        // a row with none left is redundant and stays inert.
        for i in 0..<rows where tableau.basis[i] >= columns {
            var best = -1
            var size = 1e-9
            for j in 0..<columns where Swift.abs(tableau[i, j]) > size {
                size = Swift.abs(tableau[i, j])
                best = j
            }
            if best >= 0 { tableau.pivot(row: i, column: best) }
        }
    }
    var phaseTwo = cost
    phaseTwo += [Double](repeating: 0, count: artificialCount)
    tableau.price(phaseTwo)
    switch tableau.solve(maxPivots: maxiter) {
    case .iterationLimit: return result(point(), status: 1, nit: tableau.pivots)
    case .unbounded: return result(point(), status: 3, nit: tableau.pivots)
    case .optimal: return result(point(), status: 0, nit: tableau.pivots)
    }
}
