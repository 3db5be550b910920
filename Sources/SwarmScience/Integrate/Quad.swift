// `scipy.integrate.quad`: adaptive Gauss–Kronrod quadrature with QUADPACK's
// algorithms, chosen as SciPy chooses them: QAGS on a finite range, QAGP
// when break points are given, QAGI on an infinite range.

/// How an adaptive integration ended (QUADPACK's `ier`, SciPy's
/// `IntegrationWarning`s). Anything but ``converged`` means the requested
/// tolerance was not met: the value is the best estimate there is, and
/// ``QuadResult/abserr`` says how far off it may be.
public enum QuadStatus: Int, Sendable, Hashable, CaseIterable {
    /// The requested accuracy was reached.
    case converged = 0
    /// The subdivision limit was reached before the tolerance.
    case subdivisionLimit = 1
    /// Roundoff error prevents reaching the tolerance.
    case roundoff = 2
    /// The integrand behaves extremely badly at some points.
    case badIntegrand = 3
    /// The extrapolation did not converge (roundoff in its table).
    case noConvergence = 4
    /// The integral is probably divergent, or converges very slowly.
    case divergent = 5

    /// SciPy's message for this outcome.
    public var message: String {
        switch self {
        case .converged:
            return "The integration converged."
        case .subdivisionLimit:
            return "The maximum number of subdivisions has been achieved. If increasing the limit yields "
                + "no improvement it is advised to analyze the integrand in order to determine the "
                + "difficulties. If the position of a local difficulty can be determined (singularity, "
                + "discontinuity) one will probably gain from splitting up the interval and calling the "
                + "integrator on the subranges (or passing them as break points)."
        case .roundoff:
            return "The occurrence of roundoff error is detected, which prevents the requested tolerance "
                + "from being achieved. The error may be underestimated."
        case .badIntegrand:
            return "Extremely bad integrand behavior occurs at some points of the integration interval."
        case .noConvergence:
            return "The algorithm does not converge. Roundoff error is detected in the extrapolation "
                + "table. It is assumed that the requested tolerance cannot be achieved, and that the "
                + "returned result is the best which can be obtained."
        case .divergent:
            return "The integral is probably divergent, or slowly convergent."
        }
    }
}

/// The outcome of ``quad(_:_:_:epsabs:epsrel:limit:points:)`` and the other
/// adaptive integrators: SciPy's `(y, abserr)` with its `infodict`.
public struct QuadResult: Sendable, Hashable, CustomStringConvertible {
    /// The estimate of the integral.
    public var value: Double
    /// The estimate of the absolute error of ``value``.
    public var abserr: Double
    /// How many times the integrand was evaluated.
    public var neval: Int
    /// How many subintervals the range was divided into (SciPy's `last`).
    public var subintervals: Int
    /// Whether the tolerance was met, and if not, why.
    public var status: QuadStatus

    /// Creates a result.
    public init(value: Double, abserr: Double, neval: Int, subintervals: Int, status: QuadStatus) {
        self.value = value
        self.abserr = abserr
        self.neval = neval
        self.subintervals = subintervals
        self.status = status
    }

    /// Whether the requested tolerance was met.
    public var isConverged: Bool { status == .converged }

    /// The value and error, with the status when the tolerance was not met.
    public var description: String {
        let head = "\(value) ± \(abserr) (\(neval) evaluations)"
        return isConverged ? head : head + ": \(status.message)"
    }
}

/// Why an integration could not start: its input is invalid. Numerical
/// trouble during an integration is not an error but a ``QuadStatus``.
public enum IntegrationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `epsabs <= 0` with `epsrel` below `max(50 ε, 5e-29)`.
    case toleranceTooSmall(epsabs: Double, epsrel: Double)
    /// The subinterval limit is below one.
    case invalidLimit(Int)
    /// A limit of integration is NaN.
    case nanLimit
    /// Break points were given with an infinite range.
    case breakPointsWithInfiniteRange
    /// There are at least as many break points as the subinterval limit.
    case tooManyBreakPoints(count: Int, limit: Int)
    /// Samples that do not fit the method (their count, shape or spacing).
    case invalidSamples(String)

    /// What is wrong, in SciPy's words where SciPy has them.
    public var description: String {
        switch self {
        case let .toleranceTooSmall(epsabs, epsrel):
            return "If 'epsabs'<=0, 'epsrel' must be greater than both 5e-29 and 50*(machine epsilon) "
                + "(epsabs = \(epsabs), epsrel = \(epsrel))."
        case .invalidLimit(let limit):
            return "Invalid 'limit' argument (\(limit)). There must be at least one subinterval."
        case .nanLimit:
            return "A limit of integration is NaN."
        case .breakPointsWithInfiniteRange:
            return "Infinity inputs cannot be used with break points."
        case let .tooManyBreakPoints(count, limit):
            return "Number of break points (\(count)) must be less than subinterval limit (\(limit))."
        case .invalidSamples(let why):
            return why
        }
    }
}

/// The definite integral of `f` from `a` to `b` (SciPy's
/// `scipy.integrate.quad`), by adaptive 21-point Gauss–Kronrod quadrature
/// with Wynn's epsilon extrapolation (QUADPACK's QAGS), which also handles
/// integrable singularities at the ends such as 1/√x or log x.
///
/// Infinite limits (`-.infinity`, `.infinity`) map the range onto (0, 1]
/// and use the 15-point rule (QAGI); `points` lists places inside the
/// range where `f` is singular or discontinuous (QAGP). `b < a` gives the
/// negated integral from `b` to `a`.
///
/// ```swift
/// let r = try quad({ x in 1 / x.squareRoot() }, 0, 1)       // 2 ± 1e-14
/// let g = try quad({ x in exp(-x * x) }, -.infinity, .infinity)  // √π
/// if !r.isConverged { print(r.status.message) }
/// ```
///
/// - Parameters:
///   - f: the integrand; it must not throw or trap. Non-finite values make
///     the result non-finite.
///   - a: the lower limit, possibly `-.infinity`.
///   - b: the upper limit, possibly `.infinity`.
///   - epsabs: the absolute error wanted.
///   - epsrel: the relative error wanted; the integration stops when the
///     error is below `max(epsabs, epsrel · |value|)`.
///   - limit: the most subintervals to make.
///   - points: break points; those outside the open range are ignored, as
///     SciPy ignores them.
/// - Returns: the value with its error estimate and a status that is not
///   ``QuadStatus/converged`` when the tolerance was not met (SciPy's
///   `IntegrationWarning`).
/// - Throws: ``IntegrationError`` for invalid tolerances, limits or break
///   points.
public func quad(_ f: (Double) -> Double, _ a: Double, _ b: Double,
                 epsabs: Double = 1.49e-8, epsrel: Double = 1.49e-8, limit: Int = 50,
                 points: [Double]? = nil) throws(IntegrationError) -> QuadResult {
    if a.isNaN || b.isNaN { throw .nanLimit }
    if epsabs <= 0 && epsrel < Swift.max(50 * Double.ulpOfOne, 5e-29) {
        throw .toleranceTooSmall(epsabs: epsabs, epsrel: epsrel)
    }
    if limit < 1 { throw .invalidLimit(limit) }
    if a == b { return QuadResult(value: 0, abserr: 0, neval: 0, subintervals: 0, status: .converged) }
    // SciPy integrates over [min, max] and negates for b < a.
    let flip = b < a
    let lower = Swift.min(a, b), upper = Swift.max(a, b)
    var r: QuadResult
    if lower.isInfinite || upper.isInfinite {
        if points != nil { throw .breakPointsWithInfiniteRange }
        let rule: _Kronrod15Infinite
        switch (lower.isInfinite, upper.isInfinite) {
        case (true, true): rule = _Kronrod15Infinite(bound: 0, kind: 2)
        case (false, true): rule = _Kronrod15Infinite(bound: lower, kind: 1)
        default: rule = _Kronrod15Infinite(bound: upper, kind: -1)
        }
        let o = _integrateExtrapolated(0, 1, epsabs: epsabs, epsrel: epsrel, limit: limit) { rule.apply(f, $0, $1) }
        let neval = (30 * o.last - 15) * (rule.kind == 2 ? 2 : 1)
        r = QuadResult(value: o.result, abserr: o.error, neval: neval, subintervals: o.last,
                       status: QuadStatus(rawValue: o.code) ?? .badIntegrand)
    } else if let points {
        // As SciPy: unique, strictly inside the range, ascending.
        let inside = Array(Set(points.filter { $0 > lower && $0 < upper })).sorted()
        if inside.count >= limit { throw .tooManyBreakPoints(count: inside.count, limit: limit) }
        let o = _integrateWithBreakPoints(lower, upper, points: inside, epsabs: epsabs, epsrel: epsrel,
                                          limit: limit) { _Kronrod21.apply(f, $0, $1) }
        let pieces = inside.count + 1
        r = QuadResult(value: o.result, abserr: o.error, neval: 21 * pieces + 42 * (o.last - pieces),
                       subintervals: o.last, status: QuadStatus(rawValue: o.code) ?? .badIntegrand)
    } else {
        let o = _integrateExtrapolated(lower, upper, epsabs: epsabs, epsrel: epsrel, limit: limit) {
            _Kronrod21.apply(f, $0, $1)
        }
        r = QuadResult(value: o.result, abserr: o.error, neval: 42 * o.last - 21, subintervals: o.last,
                       status: QuadStatus(rawValue: o.code) ?? .badIntegrand)
    }
    if flip { r.value = -r.value }
    return r
}
