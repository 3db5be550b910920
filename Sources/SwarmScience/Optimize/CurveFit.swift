// Curve fitting, as `scipy.optimize.curve_fit`: weighted residuals handed
// to `leastSquares`, and the parameter covariance from the pseudo-inverse
// of JᵀJ (through the SVD of J, dropping singular values below SciPy's
// threshold), scaled by the residual variance unless σ is absolute.

/// What `curveFit` found.
public struct CurveFitResult: Sendable, Hashable {
    /// The fitted parameters.
    public var popt: [Double]
    /// Their estimated covariance, n×n row-major (all infinity when it
    /// cannot be estimated: m ≤ n without absolute σ).
    public var pcov: [Double]
    /// Residual evaluations.
    public var nfev: Int
    /// The weighted residuals at `popt`.
    public var fvec: [Double]
}

/// Why `curveFit` could not fit.
public enum CurveFitError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The solver stopped without meeting a tolerance (SciPy's RuntimeError).
    case optimalParametersNotFound(String)
    /// xdata or ydata holds NaN or infinity.
    case notFinite

    /// SciPy's words.
    public var description: String {
        switch self {
        case .optimalParametersNotFound(let why): return "Optimal parameters not found: \(why)"
        case .notFinite: return "array must not contain infs or NaNs"
        }
    }
}

/// Fits `model(x, p)` to (xdata, ydata), as `scipy.optimize.curve_fit`.
///
/// Minimises Σ((model(xᵢ, p) − yᵢ)/σᵢ)² from `p0` as SciPy does: by
/// MINPACK's LM (`leastsq`) when there are no bounds and no method is
/// given, else by `leastSquares` with `method` ('trf' by default, or
/// 'dogbox'). `maxNfev` defaults to SciPy's 100·n.
///
/// - Throws: `CurveFitError.optimalParametersNotFound` when the solver
///   gives up, `.notFinite` for non-finite data, and `leastSquares`' errors.
public func curveFit(_ model: (Double, [Double]) -> Double, xdata: [Double], ydata: [Double], p0: [Double],
                     sigma: [Double]? = nil, absoluteSigma: Bool = false,
                     bounds: (lower: [Double], upper: [Double])? = nil,
                     method: LeastSquaresMethod? = nil, maxNfev: Int? = nil) throws -> CurveFitResult {
    precondition(xdata.count == ydata.count, "curveFit: \(xdata.count) x values but \(ydata.count) y values")
    if let sigma { precondition(sigma.count == ydata.count, "curveFit: sigma has \(sigma.count) values, ydata \(ydata.count)") }
    guard xdata.allSatisfy(\.isFinite), ydata.allSatisfy(\.isFinite) else { throw CurveFitError.notFinite }
    let m = ydata.count, n = p0.count
    let weight = sigma.map { $0.map { 1 / $0 } }
    let residuals: ([Double]) -> [Double] = { p in
        var r = [Double](repeating: 0, count: m)
        for i in 0..<m { r[i] = model(xdata[i], p) - ydata[i] }
        if let weight { for i in 0..<m { r[i] *= weight[i] } }
        return r
    }
    if (method ?? (bounds == nil ? .lm : .trf)) == .lm {
        guard bounds == nil else {
            throw OptimizeError.invalidOption("Method 'lm' only works for unconstrained problems. Use 'trf' or 'dogbox' instead.")
        }
        return try withoutActuallyEscaping(residuals) { residuals in
            try _curveFitLM(residuals, p0: p0, m: m, absoluteSigma: absoluteSigma, maxfev: maxNfev)
        }
    }
    let res = try leastSquares(residuals, x0: p0, bounds: bounds, method: method ?? .trf, maxNfev: maxNfev)
    guard res.success else { throw CurveFitError.optimalParametersNotFound(res.message) }
    // pcov = V·diag(1/s²)·Vᵀ over the singular values SciPy keeps.
    let svd = _SmallSVD(rowMajor: res.jac, m: m, n: n)
    let threshold = Double.ulpOfOne * Double(Swift.max(m, n)) * (svd.s.first ?? 0)
    var pcov = [Double](repeating: 0, count: n * n)
    for k in svd.s.indices where svd.s[k] > threshold {
        let w = 1 / (svd.s[k] * svd.s[k])
        for i in 0..<n {
            let vi = svd.v[k * n + i] * w
            for j in 0..<n { pcov[i * n + j] += vi * svd.v[k * n + j] }
        }
    }
    if pcov.contains(where: \.isNaN) {
        pcov = [Double](repeating: .infinity, count: n * n)
    } else if !absoluteSigma {
        if m > n {
            let sSq = 2 * res.cost / Double(m - n)
            for i in pcov.indices { pcov[i] *= sSq }
        } else {
            pcov = [Double](repeating: .infinity, count: n * n)
        }
    }
    return CurveFitResult(popt: res.x, pcov: pcov, nfev: res.nfev, fvec: res.fun)
}

/// `curve_fit`'s 'lm' path: `leastsq` (MINPACK lmdif, ftol = xtol =
/// 1.49012e-8, gtol = 0, maxfev 200·(n + 1)) and its covariance (RᵀR)⁻¹
/// from the last QR factorisation.
private func _curveFitLM(_ residuals: ([Double]) -> [Double], p0: [Double], m: Int, absoluteSigma: Bool,
                         maxfev: Int?) throws -> CurveFitResult {
    let n = p0.count
    guard n <= m else {
        throw OptimizeError.invalidOption("Improper input: func input vector length N=\(n) must not exceed func output vector length M=\(m)")
    }
    let run = _lmder(residuals, { x, f in _fdjac2(residuals, x, f) }, x0: p0, m: m, ftol: 1.49012e-8,
                     xtol: 1.49012e-8, gtol: 0, maxfev: maxfev ?? 200 * (n + 1), jacobianCost: n)
    guard (1...4).contains(run.info) else {
        throw CurveFitError.optimalParametersNotFound(run.info == 5
            ? "Number of calls to function has reached maxfev = \(maxfev ?? 200 * (n + 1))."
            : "MINPACK stopped with info \(run.info): the tolerances are too small.")
    }
    // RᵀR in the permuted order, then undo the permutation.
    var rtr = [Double](repeating: 0, count: n * n)
    for i in 0..<n { for j in 0..<n {
        var t = 0.0
        for k in 0...Swift.min(i, j) { t += run.r[k + i * n] * run.r[k + j * n] }
        rtr[i * n + j] = t
    } }
    let lu = _SmallLU(rtr, n: n)
    var pcov = [Double](repeating: .infinity, count: n * n)
    if lu.isNonsingular {
        for j in 0..<n {
            var e = [Double](repeating: 0, count: n)
            e[j] = 1
            let col = lu.solve(e)
            for i in 0..<n { pcov[run.ipvt[i] * n + run.ipvt[j]] = col[i] }
        }
        if !absoluteSigma {
            if m > n {
                let sSq = _dot(run.fvec, run.fvec) / Double(m - n)
                for i in pcov.indices { pcov[i] *= sSq }
            } else {
                pcov = [Double](repeating: .infinity, count: n * n)
            }
        }
    }
    return CurveFitResult(popt: run.x, pcov: pcov, nfev: run.nfev, fvec: run.fvec)
}
