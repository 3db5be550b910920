// SLSQP's search-direction subproblem, solved as Kraft does: the QP
//   min ½ sᵀBs + gᵀs   s.t.  Cₑ s + dₑ = 0,  Cᵢ s + dᵢ ≥ 0,  l − x ≤ s ≤ u − x
// is rewritten as the least-squares problem min ‖A s − b‖ with B = AᵀA
// (LSQ), the equalities are eliminated through a QR of Eᵀ (LSEI), A is
// triangularised to turn the rest into a least-distance problem (LSI),
// and that is solved through its NNLS dual (LDP), after Lawson & Hanson,
// Solving Least Squares Problems, ch. 20–23. Row-major throughout.

/// A least-squares stage's result; `mode` uses SLSQP's exit codes
/// (1 solved, 2 more equalities than variables, 3 NNLS iteration limit,
/// 4 inequalities incompatible, 5 singular A, 6 singular E, 7 rank-deficient).
struct _LeastSquaresStep {
    var x: [Double]
    /// Multipliers of the inequality rows (G x ≥ h).
    var inequalityMultipliers: [Double]
    /// Multipliers of the equality rows (E x = f).
    var equalityMultipliers: [Double] = []
    var mode: Int
}

private let machineEpsilon = Double.ulpOfOne

/// LDP: min ½‖x‖² subject to G x ≥ h (G is `rows`×n), through the NNLS
/// problem min ‖[Gᵀ; hᵀ] u − eₙ₊₁‖, u ≥ 0.
func _leastDistance(_ g: [Double], rows mg: Int, n: Int, _ h: [Double]) -> _LeastSquaresStep {
    guard n > 0 else { return _LeastSquaresStep(x: [], inequalityMultipliers: [], mode: 2) }
    guard mg > 0 else { return _LeastSquaresStep(x: [Double](repeating: 0, count: n), inequalityMultipliers: [], mode: 1) }
    var e = [Double](repeating: 0, count: (n + 1) * mg)
    for j in 0..<mg {
        for i in 0..<n { e[i * mg + j] = g[j * n + i] }
        e[n * mg + j] = h[j]
    }
    var f = [Double](repeating: 0, count: n + 1)
    f[n] = 1
    let dual = _nnls(e, rows: n + 1, cols: mg, f)
    let zero = [Double](repeating: 0, count: n)
    guard dual.converged else { return _LeastSquaresStep(x: zero, inequalityMultipliers: [], mode: 3) }
    // A zero residual means the dual is unbounded: no x satisfies G x ≥ h.
    guard dual.residualNorm > 0 else { return _LeastSquaresStep(x: zero, inequalityMultipliers: [], mode: 4) }
    var fac = 1.0
    for j in 0..<mg { fac -= h[j] * dual.x[j] }
    guard (1 + fac) - 1 > 0 else { return _LeastSquaresStep(x: zero, inequalityMultipliers: [], mode: 4) }
    var x = zero
    for j in 0..<mg where dual.x[j] != 0 {
        let uj = dual.x[j] / fac
        for i in 0..<n { x[i] += g[j * n + i] * uj }
    }
    return _LeastSquaresStep(x: x, inequalityMultipliers: dual.x.map { $0 / fac }, mode: 1)
}

/// LSI: min ‖A x − b‖ subject to G x ≥ h, A `ma`×n with ma ≥ n of full rank.
func _inequalityLeastSquares(_ a: [Double], rows ma: Int, n: Int, _ b: [Double],
                             _ g: [Double], rows mg: Int, _ h: [Double]) -> _LeastSquaresStep {
    let qr = _HouseholderQR(a, rows: ma, cols: n)
    for i in 0..<n where !(Swift.abs(qr.diagonal[i]) >= machineEpsilon) {
        return _LeastSquaresStep(x: [Double](repeating: 0, count: n), inequalityMultipliers: [], mode: 5)
    }
    var c = b
    qr.applyQT(&c)
    // With x = R⁻¹(z + c): ‖A x − b‖ = ‖z‖ + const and G R⁻¹ z ≥ h − G R⁻¹ c.
    var gt = g
    var ht = h
    var row = [Double](repeating: 0, count: n)
    for r in 0..<mg {
        for i in 0..<n { row[i] = g[r * n + i] }
        qr.solveRT(&row)
        var s = 0.0
        for i in 0..<n {
            gt[r * n + i] = row[i]
            s += row[i] * c[i]
        }
        ht[r] -= s
    }
    var step = _leastDistance(gt, rows: mg, n: n, ht)
    guard step.mode == 1 else { return step }
    for i in 0..<n { step.x[i] += c[i] }
    qr.solveR(&step.x)
    return step
}

/// LSEI: min ‖A x − b‖ subject to E x = f and G x ≥ h (all with n columns).
func _equalityInequalityLeastSquares(_ a: [Double], rows ma: Int, _ b: [Double], _ e: [Double], rows me: Int,
                                     _ f: [Double], _ g: [Double], rows mg: Int, _ h: [Double], n: Int) -> _LeastSquaresStep {
    let zero = [Double](repeating: 0, count: n)
    guard me <= n else { return _LeastSquaresStep(x: zero, inequalityMultipliers: [], mode: 2) }
    // Eᵀ = Q [R; 0]; with x = Q y the equalities fix y₁ = R⁻ᵀ f.
    var qrE: _HouseholderQR?
    var aq = a
    var gq = g
    var y = [Double](repeating: 0, count: n)
    if me > 0 {
        var et = [Double](repeating: 0, count: n * me)
        for i in 0..<me { for j in 0..<n { et[j * me + i] = e[i * n + j] } }
        let qr = _HouseholderQR(et, rows: n, cols: me)
        for i in 0..<me where !(Swift.abs(qr.diagonal[i]) >= machineEpsilon) {
            return _LeastSquaresStep(x: zero, inequalityMultipliers: [], mode: 6)
        }
        for i in 0..<me { y[i] = f[i] }
        qr.solveRT(&y)
        for r in 0..<ma { qr.applyQT(&aq, offset: r * n) }
        for r in 0..<mg { qr.applyQT(&gq, offset: r * n) }
        qrE = qr
    }
    let nvars = n - me
    var lambda = [Double](repeating: 0, count: mg)
    if nvars > 0 {
        var a2 = [Double](repeating: 0, count: ma * nvars)
        var b2 = b
        for r in 0..<ma {
            for j in 0..<me { b2[r] -= aq[r * n + j] * y[j] }
            for j in 0..<nvars { a2[r * nvars + j] = aq[r * n + me + j] }
        }
        let y2: [Double]
        if mg == 0 {
            let qr = _HouseholderQR(a2, rows: ma, cols: nvars)
            var big = 0.0, small = Double.infinity
            for v in qr.diagonal { big = Swift.max(big, Swift.abs(v)); small = Swift.min(small, Swift.abs(v)) }
            guard small > machineEpsilon.squareRoot() * big else {
                return _LeastSquaresStep(x: zero, inequalityMultipliers: [], mode: 7)
            }
            var c = b2
            qr.applyQT(&c)
            qr.solveR(&c)
            y2 = Array(c[0..<nvars])
        } else {
            var g2 = [Double](repeating: 0, count: mg * nvars)
            var h2 = h
            for r in 0..<mg {
                for j in 0..<me { h2[r] -= gq[r * n + j] * y[j] }
                for j in 0..<nvars { g2[r * nvars + j] = gq[r * n + me + j] }
            }
            let step = _inequalityLeastSquares(a2, rows: ma, n: nvars, b2, g2, rows: mg, h2)
            guard step.mode == 1 else { return _LeastSquaresStep(x: zero, inequalityMultipliers: [], mode: step.mode) }
            y2 = step.x
            lambda = step.inequalityMultipliers
        }
        for j in 0..<nvars { y[me + j] = y2[j] }
    }
    var x = y
    qrE?.applyQ(&x)
    // Equality multipliers from stationarity: Eᵀμ = Aᵀ(A x − b) − Gᵀλ.
    var mu: [Double] = []
    if let qrE {
        var rhs = [Double](repeating: 0, count: n)
        for r in 0..<ma {
            var res = -b[r]
            for j in 0..<n { res += a[r * n + j] * x[j] }
            for j in 0..<n { rhs[j] += a[r * n + j] * res }
        }
        for r in 0..<mg where lambda[r] != 0 { for j in 0..<n { rhs[j] -= g[r * n + j] * lambda[r] } }
        qrE.applyQT(&rhs)
        qrE.solveR(&rhs)
        mu = Array(rhs[0..<me])
    }
    return _LeastSquaresStep(x: x, inequalityMultipliers: lambda, equalityMultipliers: mu, mode: 1)
}

/// LSQ: SLSQP's QP subproblem for B = L Lᵀ (L lower-triangular n×n,
/// row-major), gradient g, constraint rows C (`m`×n, equalities first)
/// with values d, and step bounds (NaN where absent). With `augmentWeight`
/// it solves Kraft's relaxed problem with one more variable ξ ∈ [0, 1]
/// that scales the constraint right-hand sides (for inconsistent
/// linearisations); `lower`/`upper` then need n + 1 entries.
/// Returns the step (n or n + 1 entries) and the multipliers of C's rows.
func _slsqpSubproblem(cholesky l: [Double], n: Int, gradient: [Double], jacobian c: [Double], values d: [Double],
                      equalities meq: Int, lower: [Double], upper: [Double], augmentWeight: Double?) -> (step: [Double], multipliers: [Double], mode: Int) {
    let m = d.count
    let mineq = m - meq
    let nn = augmentWeight == nil ? n : n + 1
    // A = Lᵀ, b = −L⁻¹ g: ‖A s − b‖² = sᵀBs + 2gᵀs + const.
    var a = [Double](repeating: 0, count: nn * nn)
    for i in 0..<n { for j in i..<n { a[i * nn + j] = l[j * n + i] } }
    var b = [Double](repeating: 0, count: nn)
    for i in 0..<n {
        var s = -gradient[i]
        for j in 0..<i { s -= l[i * n + j] * b[j] }
        b[i] = s / l[i * n + i]
    }
    if let w = augmentWeight { a[nn * nn - 1] = w }
    var e = [Double](repeating: 0, count: meq * nn)
    var f = [Double](repeating: 0, count: meq)
    for i in 0..<meq {
        for j in 0..<n { e[i * nn + j] = c[i * n + j] }
        if augmentWeight != nil { e[i * nn + n] = -d[i] }
        f[i] = -d[i]
    }
    var boundRows = 0
    for i in 0..<nn {
        if !lower[i].isNaN { boundRows += 1 }
        if !upper[i].isNaN { boundRows += 1 }
    }
    let mg = mineq + boundRows
    var g = [Double](repeating: 0, count: mg * nn)
    var h = [Double](repeating: 0, count: mg)
    for i in 0..<mineq {
        for j in 0..<n { g[i * nn + j] = c[(meq + i) * n + j] }
        if augmentWeight != nil { g[i * nn + n] = Swift.max(-d[meq + i], 0) }
        h[i] = -d[meq + i]
    }
    var row = mineq
    for i in 0..<nn where !lower[i].isNaN {
        g[row * nn + i] = 1
        h[row] = lower[i]
        row += 1
    }
    for i in 0..<nn where !upper[i].isNaN {
        g[row * nn + i] = -1
        h[row] = -upper[i]
        row += 1
    }
    let result = _equalityInequalityLeastSquares(a, rows: nn, b, e, rows: meq, f, g, rows: mg, h, n: nn)
    var step = result.x
    // Round-off may leave the step a hair outside its bounds.
    for i in 0..<nn {
        if !lower[i].isNaN && step[i] < lower[i] { step[i] = lower[i] }
        else if !upper[i].isNaN && step[i] > upper[i] { step[i] = upper[i] }
    }
    var multipliers = [Double](repeating: 0, count: m)
    if result.mode == 1 {
        for i in 0..<meq { multipliers[i] = result.equalityMultipliers[i] }
        for i in 0..<mineq { multipliers[meq + i] = result.inequalityMultipliers[i] }
    }
    return (step, multipliers, result.mode)
}
