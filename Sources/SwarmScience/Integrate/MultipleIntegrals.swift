// `scipy.integrate.nquad`, `dblquad` and `tplquad`: iterated adaptive
// quadrature, each level a `quad` whose integrand is the integral over the
// levels inside it. As in SciPy, the reported error is the largest error
// of any single `quad` call, and `neval` counts the
// evaluations of the integrand (those of the innermost calls).

/// The options of one level of ``nquad(_:_:options:)`` (SciPy's `opts`).
public struct QuadOptions: Sendable, Hashable {
    /// The absolute error wanted.
    public var epsabs: Double
    /// The relative error wanted.
    public var epsrel: Double
    /// The most subintervals.
    public var limit: Int
    /// Break points; those outside the level's range are ignored.
    public var points: [Double]?

    /// SciPy's defaults.
    public init(epsabs: Double = 1.49e-8, epsrel: Double = 1.49e-8, limit: Int = 50, points: [Double]? = nil) {
        self.epsabs = epsabs
        self.epsrel = epsrel
        self.limit = limit
        self.points = points
    }
}

/// The integral of `f(x₀, x₁, …, xₙ₋₁)` over nested ranges (SciPy's
/// `scipy.integrate.nquad`).
///
/// `ranges[0]` is the range of `x₀`, integrated innermost; each range is a
/// function of the variables outside it, `ranges[i]([xᵢ₊₁, …, xₙ₋₁])`,
/// so that limits may depend on outer variables.
///
/// ```swift
/// // ∫₀¹ ∫₀ˣ x·y dy dx = 1/8
/// let r = try nquad({ v in v[0] * v[1] },
///                   [{ outer in (0, outer[0]) }, { _ in (0, 1) }])
/// ```
///
/// - Parameters:
///   - f: the integrand, given `[x₀, …, xₙ₋₁]`.
///   - ranges: the limits of each variable, innermost first.
///   - options: one per level (innermost first), or one for all levels.
/// - Returns: the value; `abserr` is the largest error of any inner
///   integration, `status` the first that did not converge, if any.
/// - Throws: ``IntegrationError`` for invalid input at any level.
public func nquad(_ f: ([Double]) -> Double, _ ranges: [([Double]) -> (Double, Double)],
                  options: [QuadOptions] = [QuadOptions()]) throws(IntegrationError) -> QuadResult {
    precondition(!ranges.isEmpty, "nquad needs at least one range")
    precondition(options.count == 1 || options.count == ranges.count,
                 "nquad takes one set of options or one per range (\(ranges.count)), not \(options.count)")
    var state = _NestedIntegration(dimensions: ranges.count)
    let value = try state.integrate(level: ranges.count - 1, f, ranges, options)
    return QuadResult(value: value, abserr: state.largestError, neval: state.evaluations,
                      subintervals: state.outerSubintervals, status: state.status)
}

/// ``nquad(_:_:options:)`` over a box of constant ranges.
public func nquad(_ f: ([Double]) -> Double, _ ranges: [(Double, Double)],
                  options: [QuadOptions] = [QuadOptions()]) throws(IntegrationError) -> QuadResult {
    try nquad(f, ranges.map { range in { (_: [Double]) in range } }, options: options)
}

/// The double integral of `f(y, x)` for x in [a, b] and y in
/// [gfun(x), hfun(x)] (SciPy's `scipy.integrate.dblquad`; note the order
/// of the integrand's arguments, inner variable first, as in SciPy).
///
/// - Throws: ``IntegrationError`` for invalid tolerances.
public func dblquad(_ f: (Double, Double) -> Double, _ a: Double, _ b: Double,
                    _ gfun: (Double) -> Double, _ hfun: (Double) -> Double,
                    epsabs: Double = 1.49e-8, epsrel: Double = 1.49e-8) throws(IntegrationError) -> QuadResult {
    try withoutActuallyEscaping(gfun) { g throws(IntegrationError) in
        try withoutActuallyEscaping(hfun) { h throws(IntegrationError) in
            try nquad({ v in f(v[0], v[1]) }, [{ outer in (g(outer[0]), h(outer[0])) }, { _ in (a, b) }],
                      options: [QuadOptions(epsabs: epsabs, epsrel: epsrel)])
        }
    }
}

/// ``dblquad(_:_:_:_:_:epsabs:epsrel:)`` with constant inner limits.
public func dblquad(_ f: (Double, Double) -> Double, _ a: Double, _ b: Double, _ c: Double, _ d: Double,
                    epsabs: Double = 1.49e-8, epsrel: Double = 1.49e-8) throws(IntegrationError) -> QuadResult {
    try dblquad(f, a, b, { _ in c }, { _ in d }, epsabs: epsabs, epsrel: epsrel)
}

/// The triple integral of `f(z, y, x)` for x in [a, b], y in
/// [gfun(x), hfun(x)] and z in [qfun(x, y), rfun(x, y)] (SciPy's
/// `scipy.integrate.tplquad`).
///
/// - Throws: ``IntegrationError`` for invalid tolerances.
public func tplquad(_ f: (Double, Double, Double) -> Double, _ a: Double, _ b: Double,
                    _ gfun: (Double) -> Double, _ hfun: (Double) -> Double,
                    _ qfun: (Double, Double) -> Double, _ rfun: (Double, Double) -> Double,
                    epsabs: Double = 1.49e-8, epsrel: Double = 1.49e-8) throws(IntegrationError) -> QuadResult {
    try withoutActuallyEscaping(gfun) { g throws(IntegrationError) in
        try withoutActuallyEscaping(hfun) { h throws(IntegrationError) in
            try withoutActuallyEscaping(qfun) { q throws(IntegrationError) in
                try withoutActuallyEscaping(rfun) { r throws(IntegrationError) in
                    // outer = [y, x] for z's range, [x] for y's.
                    try nquad({ v in f(v[0], v[1], v[2]) },
                              [{ o in (q(o[1], o[0]), r(o[1], o[0])) }, { o in (g(o[0]), h(o[0])) }, { _ in (a, b) }],
                              options: [QuadOptions(epsabs: epsabs, epsrel: epsrel)])
                }
            }
        }
    }
}

/// The running state of a nested integration.
struct _NestedIntegration {
    /// The current point `[x₀, …, xₙ₋₁]`.
    var point: [Double]
    var largestError = 0.0
    var evaluations = 0
    var outerSubintervals = 0
    var status = QuadStatus.converged
    /// The first invalid input met in an inner integration.
    var failure: IntegrationError?

    init(dimensions: Int) { point = [Double](repeating: 0, count: dimensions) }

    /// The integral over levels 0…level at the current outer point.
    mutating func integrate(level: Int, _ f: ([Double]) -> Double, _ ranges: [([Double]) -> (Double, Double)],
                            _ options: [QuadOptions]) throws(IntegrationError) -> Double {
        let outer = Array(point[(level + 1)...])
        let (low, high) = ranges[level](outer)
        var option = options.count == 1 ? options[0] : options[level]
        // As SciPy: break points outside this level's range are dropped.
        option.points = option.points?.filter { low <= $0 && $0 <= high }
        let r = try quad({ x in
            point[level] = x
            if level == 0 { return f(point) }
            do throws(IntegrationError) {
                return try integrate(level: level - 1, f, ranges, options)
            } catch {
                if failure == nil { failure = error }
                return .nan
            }
        }, low, high, epsabs: option.epsabs, epsrel: option.epsrel, limit: option.limit, points: option.points)
        if let failure { throw failure }
        // SciPy's `neval` counts the evaluations of `f`: the innermost calls.
        if level == 0 { evaluations += r.neval }
        largestError = Swift.max(largestError, r.abserr)
        if status == .converged { status = r.status }
        if level == point.count - 1 { outerSubintervals = r.subintervals }
        return r.value
    }
}
