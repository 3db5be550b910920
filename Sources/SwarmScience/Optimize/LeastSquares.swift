// Nonlinear least squares, as `scipy.optimize.least_squares` with
// method='trf' and tr_solver='exact': the Trust Region Reflective method of
// Branch, Coleman and Li. Each iteration solves the trust-region subproblem
// through an SVD of the (scaled, bound-augmented) Jacobian with Moré's
// Levenberg–Marquardt parameter iteration, and, with bounds, picks the best
// of the step cut at the bound, its reflection, and the scaled gradient.

import Foundation

/// Minimises ½·Σ ρ((fᵢ(x)/fScale)²)·fScale² over `lower ≤ x ≤ upper`, as
/// `scipy.optimize.least_squares` (method 'trf' or 'dogbox' with tr_solver
/// 'exact', or 'lm').
///
/// - Parameters:
///   - residuals: f(x), m values (the same m every call).
///   - jacobian: ∂fᵢ/∂xⱼ as m×n row-major; forward differences (SciPy's
///     '2-point') when nil.
///   - bounds: (lower, upper), each of x0's length; ±infinity for none.
///   - xScale: each variable's scale (SciPy's `x_scale`): fixed values, or
///     `.jacobian` for the inverse column norms of the Jacobian. Nil takes
///     SciPy's default: 1 for 'trf', `.jacobian` for 'lm'.
///   - maxNfev: defaults to 100·n.
/// - Throws: `OptimizeError` for an empty or infeasible x0, bad bounds,
///   or residuals that are not finite at x0.
public func leastSquares(_ residuals: ([Double]) -> [Double], x0: [Double],
                         jacobian: (([Double]) -> [Double])? = nil,
                         bounds: (lower: [Double], upper: [Double])? = nil,
                         method: LeastSquaresMethod = .trf, loss: LeastSquaresLoss = .linear,
                         fScale: Double = 1, xScale: LeastSquaresScale? = nil,
                         ftol: Double = 1e-8, xtol: Double = 1e-8, gtol: Double = 1e-8,
                         maxNfev: Int? = nil) throws -> LeastSquaresResult {
    let n = x0.count
    guard n > 0 else { throw OptimizeError.emptyStart }
    // nil: 'jac' for lm, ones for trf and dogbox.
    var scales: [Double]?
    switch xScale ?? (method == .lm ? .jacobian : .values([1])) {
    case .jacobian: scales = nil
    case .values(let v):
        guard v.count == 1 || v.count == n else {
            throw OptimizeError.invalidOption("Inconsistent shapes between `x_scale` and `x0`.")
        }
        guard v.allSatisfy({ $0.isFinite && $0 > 0 }) else {
            throw OptimizeError.invalidOption("`x_scale` must be 'jac' or array_like with positive numbers.")
        }
        scales = v.count == n ? v : [Double](repeating: v[0], count: n)
    }
    let lb = bounds?.lower ?? [Double](repeating: -.infinity, count: n)
    let ub = bounds?.upper ?? [Double](repeating: .infinity, count: n)
    guard lb.count == n, ub.count == n else { throw OptimizeError.invalidBounds("Inconsistent shapes between bounds and `x0`.") }
    for i in 0..<n where !(lb[i] < ub[i]) {
        throw OptimizeError.invalidBounds("Each lower bound must be strictly less than each upper bound.")
    }
    for i in 0..<n where x0[i] < lb[i] || x0[i] > ub[i] {
        throw OptimizeError.invalidBounds("Initial guess is outside of provided bounds")
    }
    if let maxNfev, maxNfev <= 0 { throw OptimizeError.invalidOption("`max_nfev` must be None or positive integer.") }
    guard fScale > 0 else { throw OptimizeError.invalidOption("`f_scale` must be positive.") }
    if method == .lm {
        guard bounds == nil || (lb.allSatisfy { $0 == -.infinity } && ub.allSatisfy { $0 == .infinity }) else {
            throw OptimizeError.invalidOption("Method 'lm' doesn't support bounds.")
        }
        guard loss == .linear else { throw OptimizeError.invalidOption("method='lm' supports only 'linear' loss function.") }
    }
    let bounded = lb.contains { $0 > -.infinity } || ub.contains { $0 < .infinity }
    // TRF needs a strictly interior start; dogbox starts where it is told.
    let x = bounded && method == .trf ? _makeStrictlyFeasible(x0, lb, ub, rstep: 1e-10) : x0
    let f0 = residuals(x)
    guard f0.allSatisfy(\.isFinite) else { throw OptimizeError.notFiniteAtStart(f0.first { !$0.isFinite } ?? .nan) }
    return try withoutActuallyEscaping(residuals) { residuals in
        var problem = _TRF(residuals: residuals, jacobian: jacobian, lb: lb, ub: ub, bounded: bounded,
                           loss: _Loss(kind: loss, fScale: fScale), m: f0.count, n: n)
        if method == .lm {
            return try problem.solveLM(x, fixedScale: scales, ftol: ftol, xtol: xtol, gtol: gtol, maxNfev: maxNfev ?? 100 * n)
        }
        if method == .dogbox {
            return problem.solveDogbox(x, f0, xScale: scales, ftol: ftol, xtol: xtol, gtol: gtol, maxNfev: maxNfev ?? 100 * n)
        }
        return problem.solve(x, f0, xScale: scales, ftol: ftol, xtol: xtol, gtol: gtol, maxNfev: maxNfev ?? 100 * n)
    }
}

/// A robust loss with SciPy's scaling by fScale.
struct _Loss {
    let kind: LeastSquaresLoss
    let fScale: Double

    /// ½·fScale²·Σρ(zᵢ), zᵢ = (fᵢ/fScale)².
    func cost(_ f: [Double]) -> Double {
        var total = 0.0
        if kind == .linear {
            for v in f { total += v * v }
            return 0.5 * total
        }
        for v in f { total += rho(v).0 }
        return 0.5 * fScale * fScale * total
    }

    /// (ρ, ρ′, ρ″) at z = (f/fScale)², unscaled.
    @inline(__always) func rho(_ fi: Double) -> (Double, Double, Double) {
        let z = (fi / fScale) * (fi / fScale)
        switch kind {
        case .linear: return (z, 1, 0)
        case .softL1:
            let t = 1 + z
            return (2 * (t.squareRoot() - 1), 1 / t.squareRoot(), -0.5 / (t * t.squareRoot()))
        case .huber:
            return z <= 1 ? (z, 1, 0) : (2 * z.squareRoot() - 1, 1 / z.squareRoot(), -0.5 / (z * z.squareRoot()))
        case .cauchy:
            let t = 1 + z
            return (log1p(z), 1 / t, -1 / (t * t))
        case .arctan:
            let t = 1 + z * z
            return (atan(z), 1 / t, -2 * z / (t * t))
        }
    }

    /// SciPy's `scale_for_robust_loss_function`: J and f scaled in place so
    /// that the Gauss–Newton model matches the loss to second order.
    func scale(_ jac: inout [Double], _ f: inout [Double], n: Int) {
        guard kind != .linear else { return }
        for i in f.indices {
            let (_, r1, r2raw) = rho(f[i])
            let r2 = r2raw / (fScale * fScale)
            var js = r1 + 2 * r2 * f[i] * f[i]
            if js < Double.ulpOfOne { js = Double.ulpOfOne }
            js = js.squareRoot()
            for j in 0..<n { jac[i * n + j] *= js }
            f[i] *= r1 / js
        }
    }
}

extension _TRF {
    /// `call_minpack`: MINPACK lmder, then SciPy's result fields at its x.
    /// Runs MINPACK's LM from x0; `fixedScale` nil is x_scale='jac'
    /// (MINPACK's mode 1), else the scales (mode 2 with diag = 1/scale).
    func solveLM(_ x0: [Double], fixedScale: [Double]?, ftol: Double, xtol: Double, gtol: Double,
                 maxNfev: Int) throws -> LeastSquaresResult {
        guard m >= n else {
            throw OptimizeError.invalidOption("Method 'lm' doesn't work when the number of residuals is less than the number of variables.")
        }
        let run = _lmder(residuals, { x, f in jac(x, f) }, x0: x0, m: m, ftol: ftol, xtol: xtol, gtol: gtol, maxfev: maxNfev,
                         fixedDiag: fixedScale?.map { 1 / $0 })
        let J = jac(run.x, run.fvec)
        let g = grad(J, run.fvec)
        // MINPACK's info as SciPy's status (6–8, tolerances too small, as the nearest test).
        let status = [0: -1, 1: 2, 2: 3, 3: 4, 4: 1, 5: 0, 6: 2, 7: 3, 8: 1][run.info] ?? -1
        return LeastSquaresResult(x: run.x, cost: 0.5 * _dot(run.fvec, run.fvec), fun: run.fvec, jac: J, grad: g,
                                  optimality: _normInf(g), activeMask: [Int](repeating: 0, count: n), nfev: run.nfev,
                                  njev: jacobian == nil ? 0 : run.njev, status: status,
                                  message: LeastSquaresResult.messages[status] ?? "Improper input parameters status returned from `leastsq`")
    }
}
