// Sequential least squares programming: Kraft's SLSQP (DFVLR-FB 88-28,
// 1988), as `scipy.optimize.minimize(method='SLSQP')` runs it. Each
// iteration solves a QP for the step (SLSQPSubproblem.swift), searches
// along it on an L1 merit function f + Σ μⱼ·violationⱼ, and updates a
// BFGS Hessian of the Lagrangian with Powell's damping so that it stays
// positive definite. The control flow, tolerances and exit modes follow
// SciPy's C translation of Kraft's code so that nit and nfev agree.

/// SciPy's SLSQP exit messages, indexed by mode.
private let slsqpMessages: [Int: String] = [
    0: "Optimization terminated successfully",
    2: "More equality constraints than independent variables",
    3: "More than 3*n iterations in LSQ subproblem",
    4: "Inequality constraints incompatible",
    5: "Singular matrix E in LSQ subproblem",
    6: "Singular matrix C in LSQ subproblem",
    7: "Rank-deficient equality constraint subproblem HFTI",
    8: "Positive directional derivative for linesearch",
    9: "Iteration limit reached",
]

/// SciPy's SLSQP difference step (its `_epsilon`, √ε as a float64).
private let slsqpStep = 1.4901161193847656e-08

/// The constraints stacked as SLSQP sees them: equalities, then inequalities.
private struct _StackedConstraints {
    let equalities: [Constraint]
    let inequalities: [Constraint]
    let lower: [Double]
    let upper: [Double]
    let all: [Constraint]

    init(equalities: [Constraint], inequalities: [Constraint], lower: [Double], upper: [Double]) {
        self.equalities = equalities
        self.inequalities = inequalities
        self.lower = lower
        self.upper = upper
        all = equalities + inequalities
    }

    func values(_ x: [Double]) -> [Double] { all.flatMap { $0.fun(x) } }

    /// The rows of every constraint's Jacobian, row-major (m×n).
    func jacobian(_ x: [Double]) -> [Double] {
        var rows: [Double] = []
        for constraint in all {
            if let jacobian = constraint.jacobian {
                let block = jacobian(x)
                for r in block {
                    precondition(r.count == x.count, "SLSQP: a constraint Jacobian row has \(r.count) entries for \(x.count) variables")
                    rows += r
                }
            } else {
                rows += forwardDifference(constraint.fun, x)
            }
        }
        return rows
    }

    /// SciPy's `approx_derivative(fun, x, '2-point', abs_step=√ε, bounds=...)`,
    /// the same steps `_Objective` takes for the gradient.
    private func forwardDifference(_ fun: ([Double]) -> [Double], _ x: [Double]) -> [Double] {
        let f0 = fun(x)
        let m = f0.count, n = x.count
        var out = [Double](repeating: 0, count: m * n)
        var probe = x
        for i in 0..<n {
            let h = _differenceStep(x[i], absolute: slsqpStep, lower: lower[i], upper: upper[i])
            probe[i] = x[i] + h
            let dx = probe[i] - x[i]
            let fi = fun(probe)
            for r in 0..<m { out[r * n + i] = (fi[r] - f0[r]) / dx }
            probe[i] = x[i]
        }
        return out
    }
}

/// Minimises f subject to bounds and equality/inequality constraints by SLSQP.
///
/// SciPy's `minimize(method='SLSQP')`: `ftol` is Kraft's `acc`, `maxiter`
/// the iteration limit. The status is SciPy's exit mode (0 success, 4
/// inequality constraints incompatible, 8 positive directional derivative
/// for linesearch, 9 iteration limit, ...).
/// - Throws: `OptimizeError` for an empty x0, bounds of the wrong length
///   or with lower > upper, or a negative `ftol`.
func minimizeSLSQP(_ f: ([Double]) -> Double, x0: [Double], gradient: (([Double]) -> [Double])?,
                   bounds: [(Double, Double)]?, constraints: [Constraint], ftol: Double,
                   maxiter: Int) throws -> OptimizeResult {
    let n = x0.count
    guard n > 0 else { throw OptimizeError.emptyStart }
    guard ftol >= 0 else { throw OptimizeError.invalidOption("ftol must be nonnegative, got \(ftol)") }
    var lower = [Double](repeating: -.infinity, count: n)
    var upper = [Double](repeating: .infinity, count: n)
    if let bounds, !bounds.isEmpty {
        guard bounds.count == n else {
            throw OptimizeError.invalidBounds("SLSQP Error: the length of bounds is not compatible with that of x0.")
        }
        for (i, (lo, hi)) in bounds.enumerated() {
            guard !(lo > hi) else { throw OptimizeError.invalidBounds("SLSQP Error: lb > ub in bounds (index \(i)).") }
            lower[i] = lo
            upper[i] = hi
        }
    }
    // SciPy clips x0 into the bounds before the first evaluation.
    let x = (0..<n).map { Swift.min(Swift.max(x0[$0], lower[$0]), upper[$0]) }
    let stacked = _StackedConstraints(equalities: constraints.filter { $0.kind == .equality },
                                      inequalities: constraints.filter { $0.kind == .inequality },
                                      lower: lower, upper: upper)
    return withoutActuallyEscaping(f) { f in
        var objective = _Objective(f, gradient: gradient, lower: lower, upper: upper)
        objective.absoluteStep = slsqpStep
        var solver = _SLSQPSolver(n: n, lower: lower, upper: upper, acc: ftol, maxiter: maxiter)
        return solver.run(x: x, objective: &objective, constraints: stacked)
    }
}

/// The state of one SLSQP run.
private struct _SLSQPSolver {
    let n: Int
    /// Bounds with NaN for "none", as Kraft's code marks them.
    let lowerOrNaN: [Double]
    let upperOrNaN: [Double]
    let acc: Double
    let maxiter: Int

    init(n: Int, lower: [Double], upper: [Double], acc: Double, maxiter: Int) {
        self.n = n
        lowerOrNaN = lower.map { $0.isFinite ? $0 : .nan }
        upperOrNaN = upper.map { $0.isFinite ? $0 : .nan }
        self.acc = acc
        self.maxiter = maxiter
    }

    /// Σ violations: |dⱼ| for equalities, max(−dⱼ, 0) for inequalities.
    private static func violation(_ d: [Double], meq: Int, weights: [Double]? = nil) -> Double {
        var sum = 0.0
        for j in d.indices {
            let v = Swift.max(-d[j], j < meq ? d[j] : 0)
            sum += (weights?[j] ?? 1) * v
        }
        return sum
    }

    /// Lower-triangular L with B = L Lᵀ, or nil when B is not numerically positive definite.
    private func cholesky(_ b: [Double]) -> [Double]? {
        var l = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            var s = b[j * n + j]
            for k in 0..<j { s -= l[j * n + k] * l[j * n + k] }
            guard s > 0, s.isFinite else { return nil }
            let diag = s.squareRoot()
            l[j * n + j] = diag
            for i in (j + 1)..<Swift.max(j + 1, n) {
                var t = b[i * n + j]
                for k in 0..<j { t -= l[i * n + k] * l[j * n + k] }
                l[i * n + j] = t / diag
            }
        }
        return l
    }

    mutating func run(x start: [Double], objective: inout _Objective, constraints: _StackedConstraints) -> OptimizeResult {
        var x = start
        var fx = objective.value(x)
        var g = objective.gradient(x)
        var d = constraints.values(x)
        var c = constraints.jacobian(x)
        let m = d.count
        let meq = constraints.equalities.reduce(0) { $0 + $1.fun(start).count }
        precondition(c.count == m * n, "SLSQP: the constraint Jacobians have \(c.count / n) rows for \(m) constraint values")
        var identity = [Double](repeating: 0, count: n * n)
        for i in 0..<n { identity[i * n + i] = 1 }

        var hessian = identity
        var s = [Double](repeating: 0, count: n)
        var mu = [Double](repeating: 0, count: m)
        var mult = [Double](repeating: 0, count: m)
        var lagrangianGradient = [Double](repeating: 0, count: n)
        var iter = 0
        var resets = 1
        var f0 = fx
        var x0 = x

        func finish(_ mode: Int) -> OptimizeResult {
            OptimizeResult(x: x, fun: fx, jac: g, nit: iter, nfev: objective.nfev, njev: objective.ngev,
                           success: mode == 0, status: mode, message: slsqpMessages[mode] ?? "Unknown exit mode \(mode)")
        }
        // Kraft's relaxed test after repeated Hessian resets (label 255).
        func relaxedFinish() -> OptimizeResult {
            let tol = 10 * acc
            let converged = (Swift.abs(fx - f0) < tol || _norm2(s) < tol)
                && Self.violation(d, meq: meq) < tol && !fx.isNaN
            return finish(converged ? 0 : 8)
        }

        main: while true {
            if iter >= maxiter { return finish(9) }
            iter += 1
            let lowerStep = (0..<n).map { lowerOrNaN[$0] - x[$0] }
            let upperStep = (0..<n).map { upperOrNaN[$0] - x[$0] }
            var h4 = 1.0
            // B stays positive definite in exact arithmetic (damped BFGS);
            // should round-off break that, restart from I.
            let l: [Double]
            if let factor = cholesky(hessian) {
                l = factor
            } else {
                hessian = identity
                l = identity
            }
            var qp = _slsqpSubproblem(cholesky: l, n: n, gradient: g, jacobian: c, values: d, equalities: meq,
                                      lower: lowerStep, upper: upperStep, augmentWeight: nil)
            var badlin = false
            if qp.mode == 6 && n == meq { qp.mode = 4 }
            if qp.mode == 4 {
                // Inconsistent linearisation: relax the constraints by a
                // variable ξ with growing weight (Kraft §2.2.3).
                badlin = true
                var rho = 100.0
                var inconsistent = 0
                while true {
                    qp = _slsqpSubproblem(cholesky: l, n: n, gradient: g, jacobian: c, values: d, equalities: meq,
                                          lower: lowerStep + [0], upper: upperStep + [1], augmentWeight: rho)
                    h4 = 1 - qp.step[n]
                    if qp.mode == 4 {
                        rho *= 10
                        inconsistent += 1
                        if inconsistent > 5 { return finish(4) }
                        continue
                    }
                    if qp.mode != 1 { return finish(qp.mode) }
                    break
                }
                s = Array(qp.step[0..<n])
            } else if qp.mode != 1 {
                return finish(qp.mode)
            } else {
                s = qp.step
            }
            mult = qp.multipliers

            // ∇L at the old point, kept for the BFGS update.
            lagrangianGradient = g
            for j in 0..<m where mult[j] != 0 {
                for i in 0..<n { lagrangianGradient[i] -= c[j * n + i] * mult[j] }
            }
            f0 = fx
            x0 = x
            let gs = _dot(g, s)
            var h1 = Swift.abs(gs)
            let h2 = Self.violation(d, meq: meq)
            for j in 0..<m {
                let am = Swift.abs(mult[j])
                mu[j] = Swift.max(am, (mu[j] + am) / 2)
                h1 += am * Swift.abs(d[j])
            }
            if h1 < acc && h2 < acc && !badlin && !fx.isNaN { return finish(0) }
            h1 = Self.violation(d, meq: meq, weights: mu)
            let t0 = fx + h1
            var h3 = gs - h1 * h4
            if h3 >= 0 {
                resets += 1
                if resets > 5 { return relaxedFinish() }
                hessian = identity
                continue main
            }

            // Backtracking on the L1 merit function, α ≥ 0.1.
            var alpha = 1.0
            var line = 0
            while true {
                line += 1
                h3 *= alpha
                for i in 0..<n {
                    s[i] *= alpha
                    x[i] = x0[i] + s[i]
                }
                fx = objective.value(x)
                d = constraints.values(x)
                precondition(d.count == m, "SLSQP: the constraints returned \(d.count) values, not \(m) as at x0")
                let t = fx + Self.violation(d, meq: meq, weights: mu)
                let decrease = t - t0
                if decrease <= h3 / 10 || line > 10 { break }
                alpha = Swift.max(h3 / (2 * (h3 - decrease)), 0.1)
            }
            if (Swift.abs(fx - f0) < acc || _norm2(s) < acc) && Self.violation(d, meq: meq) < acc
                && !badlin && !fx.isNaN {
                return finish(0)
            }
            g = objective.gradient(x)
            c = constraints.jacobian(x)

            // Damped BFGS update of B with y = ∇L(new) − ∇L(old) (Powell 1978).
            var y = g
            for j in 0..<m where mult[j] != 0 {
                for i in 0..<n { y[i] -= c[j * n + i] * mult[j] }
            }
            for i in 0..<n { y[i] -= lagrangianGradient[i] }
            var bs = [Double](repeating: 0, count: n)
            for i in 0..<n {
                var t = 0.0
                for k in 0..<n { t += hessian[i * n + k] * s[k] }
                bs[i] = t
            }
            var sy = _dot(s, y)
            let sbs = _dot(s, bs)
            let floor = 0.2 * sbs
            if sy < floor {
                let theta = (sbs - floor) / (sbs - sy)
                sy = floor
                for i in 0..<n { y[i] = theta * y[i] + (1 - theta) * bs[i] }
            }
            if sy == 0 || sbs == 0 {
                resets += 1
                if resets > 5 { return relaxedFinish() }
                hessian = identity
                continue main
            }
            for i in 0..<n {
                for k in 0..<n { hessian[i * n + k] += y[i] * y[k] / sy - bs[i] * bs[k] / sbs }
            }
        }
    }
}
