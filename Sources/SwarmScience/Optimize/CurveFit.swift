// `scipy.optimize.curve_fit` for unbounded problems: `leastsq`'s MINPACK
// `lmdif` on the weighted residuals, and the covariance from the pivoted
// QR's R, as SciPy computes it.

/// The fitted parameters and their covariance (SciPy's `(popt, pcov)`).
public struct CurveFitResult: Sendable, Hashable {
    /// The parameters minimising the weighted squared residuals.
    public var popt: [Double]
    /// Their estimated covariance, n×n row-major; all infinite when it
    /// cannot be estimated (a singular Jacobian, or no more points than
    /// parameters without `absoluteSigma`).
    public var pcov: [Double]
    /// Residual evaluations, finite differences included (`infodict['nfev']`).
    public var nfev: Int
}

/// The parameters `p` for which `model(x, p)` best fits `(xdata, ydata)` in
/// least squares (SciPy's `scipy.optimize.curve_fit` with `method='lm'`, its
/// default when there are no bounds).
///
/// ```swift
/// let fit = try curveFit({ x, p in p[0] * exp(-p[1] * x) + p[2] }, xdata: xs, ydata: ys, p0: [1, 1, 1])
/// ```
///
/// - Parameters:
///   - model: `f(x, p)`; called on the calling thread.
///   - xdata, ydata: The data, of equal length.
///   - p0: The starting parameters.
///   - sigma: Per-point standard deviations; residuals are divided by them.
///   - absoluteSigma: Whether `sigma` is absolute (the covariance is then
///     not rescaled by the residual variance).
/// - Returns: `popt`, `pcov` and the evaluation count.
/// - Throws: ``OptimizeError/emptyStart``, ``OptimizeError/invalidOption(_:)``
///   for more parameters than points or when the fit does not converge
///   ("Optimal parameters not found: …", SciPy's `RuntimeError`).
public func curveFit(_ model: (Double, [Double]) -> Double, xdata: [Double], ydata: [Double], p0: [Double],
                     sigma: [Double]? = nil, absoluteSigma: Bool = false) throws(OptimizeError) -> CurveFitResult {
    precondition(xdata.count == ydata.count, "xdata has \(xdata.count) points but ydata \(ydata.count)")
    if let sigma { precondition(sigma.count == ydata.count, "sigma must have one entry per data point") }
    let n = p0.count, m = ydata.count
    guard n > 0 else { throw .emptyStart }
    guard m > 0 else { throw .invalidOption("`ydata` must not be empty!") }
    guard m == 1 || n <= m else {
        throw .invalidOption("The number of func parameters=\(n) must not exceed the number of data points=\(m)")
    }
    let weights = sigma.map { $0.map { 1 / $0 } }
    // The model runs only during this call.
    return try withoutActuallyEscaping(model) { (model) throws(OptimizeError) in
    let residuals: ([Double]) -> [Double] = { p in
        var r = [Double](repeating: 0, count: m)
        for i in 0..<m {
            let d = model(xdata[i], p) - ydata[i]
            r[i] = weights.map { d * $0[i] } ?? d
        }
        return r
    }
    let tol = 1.49012e-8
    let run = minpackLM(m: m, x0: p0, ftol: tol, xtol: tol, gtol: 0, maxfev: 200 * (n + 1), diag: nil,
                        f: { x, out in
                            let r = residuals(Array(x))
                            for i in 0..<m { out[i] = r[i] }
                        },
                        jac: { x, f, out in
                            forwardDifferenceJacobian(residuals, x: x, f: f, m: m, into: out)
                            return n
                        })
    guard (1...4).contains(run.info) else {
        let why = run.info == 5 ? "Number of calls to function has reached maxfev = \(200 * (n + 1))."
            : "the tolerances are too small (MINPACK info \(run.info))."
        throw .notConverged("Optimal parameters not found: " + why)
    }
    var pcov = covarianceFromR(run.r, ipvt: run.ipvt, n: n)
        ?? [Double](repeating: .infinity, count: n * n)
    if !absoluteSigma && pcov.allSatisfy({ $0.isFinite }) {
        if m > n {
            let sSq = run.fvec.reduce(0) { $0 + $1 * $1 } / Double(m - n)
            for k in pcov.indices { pcov[k] *= sSq }
        } else {
            pcov = [Double](repeating: .infinity, count: n * n)
        }
    }
    return CurveFitResult(popt: run.x, pcov: pcov, nfev: run.nfev)
    }
}

/// `(RᵀR)⁻¹` un-pivoted, as `leastsq` forms `cov_x` (R⁻¹ by back
/// substitution, rows permuted back, times its transpose); nil when R is
/// singular. `r` is upper triangular n×n column-major.
func covarianceFromR(_ r: [Double], ipvt: [Int], n: Int) -> [Double]? {
    for j in 0..<n where r[j + j * n] == 0 { return nil }
    // Inverse of the upper triangle, column by column.
    var inv = [Double](repeating: 0, count: n * n)
    for j in 0..<n {
        inv[j + j * n] = 1 / r[j + j * n]
        var i = j - 1
        while i >= 0 {
            var s = 0.0
            for k in (i + 1)...j { s += r[i + k * n] * inv[k + j * n] }
            inv[i + j * n] = -s / r[i + i * n]
            i -= 1
        }
    }
    // Row i of R⁻¹ becomes row ipvt[i].
    var p = [Double](repeating: 0, count: n * n)
    for i in 0..<n { for j in 0..<n { p[ipvt[i] * n + j] = inv[i + j * n] } }
    var cov = [Double](repeating: 0, count: n * n)
    for a in 0..<n {
        for b in 0..<n {
            var s = 0.0
            for k in 0..<n { s += p[a * n + k] * p[b * n + k] }
            cov[a * n + b] = s
        }
    }
    if cov.contains(where: { $0.isNaN }) { return nil }
    return cov
}
