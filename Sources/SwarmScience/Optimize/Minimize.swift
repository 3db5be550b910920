// `minimize`: one entry point for the local minimisers, with SciPy's
// choice of method, its defaults, and its meaning of `tol` per method.

/// A local minimisation method of ``minimize(_:x0:method:gradient:hessian:hessianProduct:bounds:constraints:tol:options:)``.
public enum MinimizeMethod: String, Sendable, Hashable, CaseIterable {
    /// Nelder–Mead simplex: no derivatives; bounds by clipping.
    case nelderMead = "Nelder-Mead"
    /// Powell's conjugate directions: no derivatives; bounds.
    case powell = "Powell"
    /// Nonlinear conjugate gradients (Polak–Ribière+).
    case cg = "CG"
    /// Quasi-Newton BFGS with a strong Wolfe line search.
    case bfgs = "BFGS"
    /// Limited-memory BFGS with bounds.
    case lbfgsb = "L-BFGS-B"
    /// Truncated Newton with a line search; needs the gradient.
    case newtonCG = "Newton-CG"
    /// Newton-CG trust region (Steihaug); needs the gradient and the Hessian or its products.
    case trustNCG = "trust-ncg"
    /// Sequential least squares programming: bounds, equality and inequality constraints.
    case slsqp = "SLSQP"
}

/// Method options, each used by the methods SciPy uses it for; nil keeps
/// SciPy's default for the chosen method.
public struct MinimizeOptions: Sendable, Hashable {
    /// Iteration limit (default 200·n; L-BFGS-B 15000; Powell 1000·n).
    public var maxiter: Int?
    /// Evaluation limit (Nelder–Mead, Powell, L-BFGS-B's `maxfun`).
    public var maxfev: Int?
    /// Gradient tolerance: BFGS/CG ‖g‖∞ (1e-5), L-BFGS-B projected gradient (1e-5), trust-ncg ‖g‖₂ (1e-4).
    public var gtol: Double?
    /// Relative reduction of f: L-BFGS-B (2.2e-9), Powell (1e-4), SLSQP (1e-6).
    public var ftol: Double?
    /// Step tolerance: Powell (1e-4), Newton-CG average relative step (1e-5).
    public var xtol: Double?
    /// Nelder–Mead's absolute tolerance on the simplex (1e-4).
    public var xatol: Double?
    /// Nelder–Mead's absolute tolerance on f across the simplex (1e-4).
    public var fatol: Double?
    /// Nelder–Mead with coefficients adapted to the dimension (Gao & Han).
    public var adaptive = false
    /// Nelder–Mead's first simplex, n+1 points of n coordinates.
    public var initialSimplex: [[Double]]?
    /// L-BFGS-B's number of stored corrections (10).
    public var maxcor: Int?
    /// L-BFGS-B's limit on evaluations per line search (20).
    public var maxls: Int?
    /// The absolute finite-difference step when no gradient is given
    /// (BFGS and CG √ε ≈ 1.49e-8, L-BFGS-B 1e-8, SLSQP 1.49e-8).
    public var eps: Double?
    /// trust-ncg's first radius (1).
    public var initialTrustRadius: Double?
    /// trust-ncg's largest radius (1000).
    public var maxTrustRadius: Double?

    /// Options with every default.
    public init() {}
}

/// Minimises a scalar function of one or more variables, as
/// `scipy.optimize.minimize`.
///
/// The method defaults to SciPy's choice: BFGS without bounds or
/// constraints, L-BFGS-B with bounds, SLSQP with constraints. Without
/// `gradient`, gradient methods use forward differences (counted in
/// `nfev`). `tol` sets each method's main tolerance as SciPy's `tol` does.
///
/// ```swift
/// let rosen: ([Double]) -> Double = { x in 100 * pow(x[1] - x[0] * x[0], 2) + pow(1 - x[0], 2) }
/// let r = try minimize(rosen, x0: [-1.2, 1], method: .bfgs)
/// // r.x ≈ [1, 1], r.nit == 31, r.success
/// ```
///
/// - Throws: ``OptimizeError`` for an empty or non-finite `x0`, bounds that
///   do not fit, a method that cannot take what was given (bounds for BFGS,
///   Newton-CG without a gradient).
public func minimize(_ f: ([Double]) -> Double, x0: [Double], method: MinimizeMethod? = nil,
                     gradient: (([Double]) -> [Double])? = nil,
                     hessian: (([Double]) -> [[Double]])? = nil,
                     hessianProduct: (([Double], [Double]) -> [Double])? = nil,
                     bounds: [(Double, Double)]? = nil, constraints: [Constraint] = [],
                     tol: Double? = nil, options: MinimizeOptions = MinimizeOptions()) throws -> OptimizeResult {
    guard !x0.isEmpty else { throw OptimizeError.emptyStart }
    guard x0.allSatisfy(\.isFinite) else { throw OptimizeError.invalidOption("x0 must be finite: \(x0)") }
    let method = method ?? (!constraints.isEmpty ? .slsqp : (bounds != nil ? .lbfgsb : .bfgs))
    let n = x0.count
    var box: (lower: [Double], upper: [Double])?
    if let bounds {
        guard bounds.count == n else {
            throw OptimizeError.invalidBounds("\(bounds.count) bounds for \(n) variables")
        }
        for (i, b) in bounds.enumerated() where b.0 > b.1 || b.0.isNaN || b.1.isNaN {
            throw OptimizeError.invalidBounds("bound \(i) has lower \(b.0) > upper \(b.1)")
        }
        box = (bounds.map(\.0), bounds.map(\.1))
        if ![.nelderMead, .powell, .lbfgsb, .slsqp].contains(method) {
            throw OptimizeError.invalidOption("method \(method.rawValue) cannot handle bounds")
        }
    }
    if !constraints.isEmpty && method != .slsqp {
        throw OptimizeError.invalidOption("method \(method.rawValue) cannot handle constraints; use SLSQP")
    }
    let maxiter = options.maxiter
    return try withoutActuallyEscaping(f) { f in
        var objective = _Objective(f, gradient: gradient, lower: box?.lower, upper: box?.upper)
        switch method {
        case .nelderMead:
            var settings = _NelderMeadSettings()
            settings.xatol = options.xatol ?? tol ?? 1e-4
            settings.fatol = options.fatol ?? tol ?? 1e-4
            settings.maxiter = maxiter
            settings.maxfev = options.maxfev
            settings.adaptive = options.adaptive
            settings.initialSimplex = options.initialSimplex
            return try _nelderMead(f, x0: x0, bounds: box, settings: settings)
        case .powell:
            return _powell(f, x0: x0, bounds: box, xtol: options.xtol ?? tol ?? 1e-4,
                           ftol: options.ftol ?? tol ?? 1e-4, maxiter: maxiter, maxfev: options.maxfev)
        case .cg:
            objective.absoluteStep = options.eps ?? 1.4901161193847656e-08
            return objective.conjugateGradient(x0: x0, gtol: options.gtol ?? tol ?? 1e-5, maxiter: maxiter ?? 200 * n)
        case .bfgs:
            objective.absoluteStep = options.eps ?? 1.4901161193847656e-08
            return objective.bfgs(x0: x0, gtol: options.gtol ?? tol ?? 1e-5, maxiter: maxiter ?? 200 * n)
        case .lbfgsb:
            var settings = _LBFGSBSettings()
            objective.absoluteStep = options.eps ?? 1e-8
            settings.ftol = options.ftol ?? tol ?? settings.ftol
            settings.gtol = options.gtol ?? tol ?? settings.gtol
            settings.maxiter = maxiter ?? settings.maxiter
            settings.maxfun = options.maxfev ?? settings.maxfun
            settings.m = options.maxcor ?? settings.m
            settings.maxls = options.maxls ?? settings.maxls
            guard settings.m > 0, settings.maxls > 0 else {
                throw OptimizeError.invalidOption("maxcor and maxls must be positive")
            }
            return objective.lbfgsb(x0: x0, lower: box?.lower ?? Array(repeating: -.infinity, count: n),
                                    upper: box?.upper ?? Array(repeating: .infinity, count: n), settings: settings)
        case .newtonCG:
            guard gradient != nil else { throw OptimizeError.missingDerivative("Jacobian is required for Newton-CG method") }
            var source = _HessianSource(hessian: hessian, product: hessianProduct)
            return objective.newtonCG(x0: x0, hessian: &source, xtol: options.xtol ?? tol ?? 1e-5, maxiter: maxiter)
        case .trustNCG:
            guard gradient != nil else {
                throw OptimizeError.missingDerivative("Jacobian is required for Newton-CG trust-region minimization")
            }
            var source = _HessianSource(hessian: hessian, product: hessianProduct)
            guard source.isAvailable else {
                throw OptimizeError.missingDerivative(
                    "Either the Hessian or the Hessian-vector product is currently required for trust-region methods")
            }
            return objective.trustNCG(x0: x0, hessian: &source, gtol: options.gtol ?? tol ?? 1e-4, maxiter: maxiter,
                                      initialRadius: options.initialTrustRadius ?? 1,
                                      maxRadius: options.maxTrustRadius ?? 1000)
        case .slsqp:
            return try minimizeSLSQP(f, x0: x0, gradient: gradient, bounds: bounds, constraints: constraints,
                                     ftol: options.ftol ?? tol ?? 1e-6, maxiter: maxiter ?? 100)
        }
    }
}
