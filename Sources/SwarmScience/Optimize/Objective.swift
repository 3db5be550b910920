// The objective as the minimisers see it: SciPy's `ScalarFunction`. It
// counts evaluations the way SciPy reports them (finite-difference calls
// are objective calls), remembers the last point so that asking for f and
// then g at the same x costs one evaluation, and makes a gradient by
// forward differences when none was given.

/// SciPy's status messages, shared by the minimisers.
enum _OptimizeMessage {
    static let success = "Optimization terminated successfully."
    static let maxfev = "Maximum number of function evaluations has been exceeded."
    static let maxiter = "Maximum number of iterations has been exceeded."
    static let precisionLoss = "Desired error not necessarily achieved due to precision loss."
    static let nan = "NaN result encountered."

    /// How BFGS and CG end, as SciPy decides it: a failed line search (2),
    /// the iteration limit (1), NaN (3), or success (0).
    static func gradientMethodEnd(_ warnflag: Int, iterations: Int, maxiter: Int, gnorm: Double, f: Double,
                                  x: [Double]) -> (Int, String) {
        if warnflag == 2 { return (2, precisionLoss) }
        if iterations >= maxiter { return (1, self.maxiter) }
        if gnorm.isNaN || f.isNaN || x.contains(where: \.isNaN) { return (3, nan) }
        return (0, success)
    }
}

/// An objective with its gradient, evaluation counts and a one-point cache.
struct _Objective {
    let function: ([Double]) -> Double
    let analyticGradient: (([Double]) -> [Double])?
    /// SciPy's `eps`: the absolute difference step when the gradient is not
    /// given (√ε for BFGS and CG, 1e-8 for L-BFGS-B); nil for relative steps.
    var absoluteStep: Double?
    /// Bounds that finite-difference steps must respect (L-BFGS-B).
    var lower: [Double]?
    var upper: [Double]?
    private(set) var nfev = 0
    private(set) var ngev = 0
    // One remembered point, as SciPy's ScalarFunction: moving to another x
    // forgets both f and g there.
    private var current: [Double] = []
    private var fValue = Double.nan
    private var fValid = false
    private var gValue: [Double] = []
    private var gValid = false

    init(_ function: @escaping ([Double]) -> Double, gradient: (([Double]) -> [Double])?,
         lower: [Double]? = nil, upper: [Double]? = nil) {
        self.function = function
        self.analyticGradient = gradient
        self.lower = lower
        self.upper = upper
    }

    private mutating func move(to x: [Double]) {
        if x != current {
            current = x
            fValid = false
            gValid = false
        }
    }

    /// f(x), evaluated once per distinct point.
    mutating func value(_ x: [Double]) -> Double {
        move(to: x)
        if !fValid {
            nfev += 1
            fValue = function(x)
            fValid = true
        }
        return fValue
    }

    /// ∇f(x): the given gradient, or forward differences with SciPy's steps.
    mutating func gradient(_ x: [Double]) -> [Double] {
        move(to: x)
        if !gValid {
            ngev += 1  // SciPy counts difference gradients in njev too
            gValue = analyticGradient.map { $0(x) } ?? forwardDifference(x)
            gValid = true
        }
        return gValue
    }

    /// SciPy's '2-point' `approx_derivative`: h = `absoluteStep`, or
    /// √ε·sign(x)·max(1, |x|) (also where the absolute step vanishes
    /// against x), flipped or shortened where a bound is in the way.
    private mutating func forwardDifference(_ x: [Double]) -> [Double] {
        let f0 = value(x)
        var g = [Double](repeating: 0, count: x.count)
        var probe = x
        for i in x.indices {
            let h = _differenceStep(x[i], absolute: absoluteStep, lower: lower?[i] ?? -.infinity,
                                    upper: upper?[i] ?? .infinity)
            probe[i] = x[i] + h
            let dx = probe[i] - x[i]
            nfev += 1
            g[i] = (function(probe) - f0) / dx
            probe[i] = x[i]
        }
        return g
    }
}

/// SciPy's '2-point' step for coordinate value `x`: the absolute step when
/// given and not lost against x, else √ε·sign(x)·max(1, |x|); flipped when
/// it would leave [lower, upper] and the other side has room, else the
/// longer distance to a bound (`_adjust_scheme_to_bounds`, '1-sided').
func _differenceStep(_ x: Double, absolute: Double? = nil, lower: Double = -.infinity,
                     upper: Double = .infinity) -> Double {
    let relative = Double.ulpOfOne.squareRoot() * (x >= 0 ? 1 : -1) * Swift.max(1, Swift.abs(x))
    var h = relative
    if let absolute { h = (x + absolute) - x == 0 ? relative : absolute }
    guard lower > -.infinity || upper < .infinity else { return h }
    let lowerDistance = x - lower, upperDistance = upper - x
    let fits = Swift.abs(h) <= Swift.max(lowerDistance, upperDistance)
    if (x + h < lower || x + h > upper) && fits { return -h }
    if !fits { return upperDistance >= lowerDistance ? upperDistance : -lowerDistance }
    return h
}

// Small vector helpers: the minimisers work on short [Double]s.
@inline(__always) func _dot(_ a: [Double], _ b: [Double]) -> Double {
    var s = 0.0
    for i in a.indices { s += a[i] * b[i] }
    return s
}

@inline(__always) func _norm2(_ a: [Double]) -> Double { _dot(a, a).squareRoot() }

@inline(__always) func _normInf(_ a: [Double]) -> Double {
    var m = 0.0
    for v in a {
        if v.isNaN { return .nan }  // NumPy's norm is NaN when any entry is
        m = Swift.max(m, Swift.abs(v))
    }
    return m
}

/// x + alpha·p.
@inline(__always) func _axpy(_ x: [Double], _ alpha: Double, _ p: [Double]) -> [Double] {
    var r = x
    for i in r.indices { r[i] += alpha * p[i] }
    return r
}
