// Linear programming: SciPy's `linprog` interface. The problem goes to the
// standard form min cᵀz, A z = b, z ≥ 0 (LinprogStandardForm.swift), then
// either to the homogeneous interior-point method (InteriorPointLP.swift)
// followed by a crossover to an optimal vertex, as HiGHS's `highs-ipm`
// does, or to a two-phase dense primal simplex (SimplexTableau.swift).

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

/// Minimises cᵀx subject to A_ub·x ≤ b_ub, A_eq·x = b_eq and bounds, as
/// `scipy.optimize.linprog`.
///
/// Bounds default to SciPy's (0, ∞) for every variable; a single pair
/// applies to all; ±∞ means no bound. Infeasible, unbounded and
/// iteration-limited problems come back as a `status`, not an error.
///
/// The default method, ``LinprogMethod/interiorPoint``, is the
/// homogeneous self-dual interior-point method with Mehrotra's
/// predictor–corrector: it needs no starting point or phase 1, its work
/// grows polynomially with the size of the problem, and it proves
/// infeasibility or unboundedness by a certificate. Its solution is then
/// moved to an optimal vertex (a crossover: a basis is chosen from the
/// interior solution and finished with a few primal or dual simplex
/// pivots), so `x` is exact and a vertex, as with SciPy's HiGHS; where
/// several vertices are optimal it may pick another one than HiGHS (the
/// same `fun`). ``LinprogMethod/simplex`` is a two-phase primal simplex.
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
///   - method: The algorithm (interior point by default).
///   - maxiter: Interior-point iterations, or simplex pivots over both
///     phases; `nit` counts the same.
/// - Returns: The solution and status, with SciPy's fields.
/// - Throws: `OptimizeError.invalidBounds` for a NaN bound, an infinite
///   bound on the wrong side, or a bound list of the wrong length.
/// - Complexity: Interior point: O(m²·n) per iteration for m rows and n
///   standard-form columns, typically 10–40 iterations. Simplex:
///   O(m·n) per pivot.
public func linprog(c: [Double], aUb: [[Double]]? = nil, bUb: [Double]? = nil, aEq: [[Double]]? = nil,
                    bEq: [Double]? = nil, bounds: [(Double, Double)]? = nil,
                    method: LinprogMethod = .interiorPoint, maxiter: Int? = nil) throws -> LinprogResult {
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
    if let maxiter, maxiter < 0 { throw OptimizeError.invalidOption("linprog: maxiter must be >= 0, got \(maxiter)") }
    let data: [[Double]] = [c, bUb, bEq] + aUb + aEq
    if let bad = data.lazy.flatMap({ $0 }).first(where: { !$0.isFinite }) {
        throw OptimizeError.invalidOption("linprog: c, A and b must be finite (found \(bad))")
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
    let form = _LPStandardForm(c: c, aUb: aUb, bUb: bUb, aEq: aEq, bEq: bEq, bounds: pairs)
    switch method {
    case .simplex:
        let solved = _twoPhaseSimplex(form, maxPivots: maxiter ?? 100_000)
        return result(form.original(solved.z), status: solved.status, nit: solved.pivots)
    case .interiorPoint:
        guard let reduced = form.independentRows() else {
            // Equality rows that contradict each other.
            return result(form.original([Double](repeating: 0, count: form.columns)), status: 2, nit: 0)
        }
        let limit = maxiter ?? 1000
        let interior = _interiorPointLP(a: reduced.a, rows: reduced.rows, columns: form.columns, b: reduced.b,
                                        c: form.c, maxiter: limit)
        switch interior.status {
        case 0:
            if let vertex = _crossover(a: reduced.a, rows: reduced.rows, columns: form.columns, b: reduced.b,
                                       c: form.c, interior: interior, maxPivots: Swift.max(limit, 10_000)) {
                return result(form.original(vertex.z), status: vertex.status, nit: interior.iterations)
            }
            // No clean basis: finish with the simplex method from scratch.
            let solved = _twoPhaseSimplex(form, maxPivots: 100_000)
            return result(form.original(solved.z), status: solved.status, nit: interior.iterations + solved.pivots)
        case 4:
            let solved = _twoPhaseSimplex(form, maxPivots: 100_000)
            return result(form.original(solved.z), status: solved.status, nit: interior.iterations + solved.pivots)
        case 3:
            // The certificate shows that the dual is infeasible, which
            // means unbounded only if the primal has a feasible point: the
            // same method on the feasibility problem (costs zero) decides.
            let feasibility = _interiorPointLP(a: reduced.a, rows: reduced.rows, columns: form.columns, b: reduced.b,
                                               c: [Double](repeating: 0, count: form.columns), maxiter: limit)
            let status = feasibility.status == 2 ? 2 : 3
            return result(form.original(interior.x), status: status,
                          nit: interior.iterations + feasibility.iterations)
        default:
            return result(form.original(interior.x), status: interior.status, nit: interior.iterations)
        }
    }
}

/// The two-phase primal simplex method on the standard form: rows with a
/// negative right-hand side are negated, rows whose slack cannot start
/// basic get an artificial, phase 1 drives the artificials to zero and
/// phase 2 minimises the costs. Returns the standard-form point, SciPy's
/// status and the pivots made.
func _twoPhaseSimplex(_ form: _LPStandardForm, maxPivots maxiter: Int)
    -> (z: [Double], status: Int, pivots: Int) {
    let rows = form.rows, columns = form.columns
    var dense = form.a, rhs = form.b
    // A row keeps its slack as the starting basic variable when b ≥ 0;
    // the others (negated to make b ≥ 0) get an artificial.
    var needsArtificial = [Bool](repeating: false, count: rows)
    for i in 0..<rows {
        if rhs[i] < 0 {
            rhs[i] = -rhs[i]
            for j in 0..<columns { dense[i * columns + j] = -dense[i * columns + j] }
            needsArtificial[i] = true
        } else if i >= form.inequalityRows {
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
            tableau.basis[i] = form.structural + i
        }
    }
    func done(_ status: Int) -> (z: [Double], status: Int, pivots: Int) {
        (Array(tableau.basicPoint().prefix(columns)), status, tableau.pivots)
    }

    if artificialCount > 0 {
        var phaseOne = [Double](repeating: 0, count: tableau.columns)
        for j in columns..<tableau.columns { phaseOne[j] = 1 }
        tableau.price(phaseOne)
        switch tableau.solve(maxPivots: maxiter) {
        case .iterationLimit: return done(1)
        case .unbounded, .infeasible: return done(4)  // phase 1 is bounded below by 0
        case .optimal: break
        }
        let scale = Swift.max(1, rhs.reduce(0) { Swift.max($0, Swift.abs($1)) })
        if -tableau[rows, tableau.columns] > 1e-9 * scale { return done(2) }
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
    tableau.price(form.c + [Double](repeating: 0, count: artificialCount))
    switch tableau.solve(maxPivots: maxiter) {
    case .iterationLimit: return done(1)
    case .unbounded: return done(3)
    case .infeasible: return done(2)
    case .optimal: return done(0)
    }
}

/// Moves an optimal interior-point solution to an optimal vertex: columns
/// enter the basis in order of x_j − z_j (clearly positive variables
/// first, then those with the smallest reduced costs), each on the free
/// row where it has the largest entry; a basis that is not primal
/// feasible goes through dual simplex pivots (with shifted costs where a
/// reduced cost is negative), and primal simplex pivots finish it. Nil
/// when that fails (the caller then runs the two-phase simplex).
func _crossover(a: [Double], rows m: Int, columns n: Int, b: [Double], c: [Double],
                interior: _InteriorPointOutcome, maxPivots: Int) -> (z: [Double], status: Int)? {
    var tableau = _SimplexTableau(rows: m, columns: n)
    for i in 0..<m {
        for j in 0..<n { tableau[i, j] = a[i * n + j] }
        tableau[i, n] = b[i]
    }
    let scale = Swift.max(1, a.reduce(0) { Swift.max($0, Swift.abs($1)) })
    let bScale = Swift.max(1, b.reduce(0) { Swift.max($0, Swift.abs($1)) })
    let order = (0..<n).sorted { interior.x[$0] - interior.z[$0] > interior.x[$1] - interior.z[$1] }
    var assigned = [Bool](repeating: false, count: m)
    var remaining = m
    for j in order where remaining > 0 {
        var row = -1
        var size = 1e-9 * scale
        for i in 0..<m where !assigned[i] && Swift.abs(tableau[i, j]) > size {
            size = Swift.abs(tableau[i, j])
            row = i
        }
        guard row >= 0 else { continue }
        tableau.pivot(row: row, column: j)
        assigned[row] = true
        remaining -= 1
    }
    guard remaining == 0 else { return nil }
    tableau.pivots = 0
    var primalFeasible = true
    for i in 0..<m where tableau[i, n] < 0 {
        if tableau[i, n] > -1e-9 * bScale { tableau[i, n] = 0 } else { primalFeasible = false }
    }
    tableau.price(c)
    if !primalFeasible {
        // Dual simplex to a primal feasible basis. Negative reduced costs
        // (a degenerate optimum rarely gives a basis that is both) are first
        // shifted to zero, which changes only those columns' costs, as dual
        // simplex codes do; the real costs come back for the primal pass.
        for j in 0..<n where tableau[m, j] < 0 { tableau[m, j] = 0 }
        guard tableau.solveDual(maxPivots: maxPivots) == .optimal else { return nil }
        tableau.price(c)
    }
    guard tableau.solve(maxPivots: maxPivots) == .optimal else { return nil }
    return (tableau.basicPoint(), 0)
}
