// The Gauss–Kronrod pairs of QUADPACK (Piessens, de Doncker-Kapenga,
// Überhuber and Kahaner, 1983): one evaluation of a rule gives an integral,
// an error estimate from the difference to the embedded Gauss rule, and
// the integrals of |f| and |f - mean| that the adaptive drivers use to
// detect roundoff.

/// What one application of a Gauss–Kronrod rule on a subinterval gives.

struct _RuleEstimate {
    /// The Kronrod approximation of the integral.
    var result: Double
    /// The error estimate (QUADPACK's `abserr`).
    var error: Double
    /// The approximation of the integral of |f| (QUADPACK's `resabs`).
    var absolute: Double
    /// The approximation of the integral of |f - mean of f| (`resasc`).
    var deviation: Double
}

/// The machine constants QUADPACK uses (`d1mach`).

enum _Machine {
    static let epsilon = Double.ulpOfOne
    static let underflow = Double.leastNormalMagnitude
    static let overflow = Double.greatestFiniteMagnitude
}

/// QUADPACK's error scaling, common to every rule: the raw difference
/// between the Kronrod and Gauss results is pessimistic for smooth
/// integrands and is replaced by `resasc · min(1, (200 · err / resasc)^1.5)`,
/// and no estimate is allowed below 50 ulp of the integral of |f|.
func _scaledError(_ raw: Double, absolute: Double, deviation: Double) -> Double {
    var error = raw
    if deviation != 0 && error != 0 {
        error = deviation * Swift.min(1, _pow15(200 * error / deviation))
    }
    if absolute > _Machine.underflow / (50 * _Machine.epsilon) {
        error = Swift.max(50 * _Machine.epsilon * absolute, error)
    }
    return error
}

/// `x^1.5` for x ≥ 0.
func _pow15(_ x: Double) -> Double { x * x.squareRoot() }

/// The 21-point Kronrod rule with its embedded 10-point Gauss rule
/// (QUADPACK's `qk21`), for finite intervals.

enum _Kronrod21 {
    /// Abscissae on [-1, 1], largest first; odd positions (1, 3, …, 9 from
    /// zero) are the Gauss nodes, position 10 is the centre. SIMD vectors
    /// rather than arrays: constants that need no reference counting.
    static let nodes = SIMD16<Double>(
        0.995657163025808080735527280689003, 0.973906528517171720077964012084452,
        0.930157491355708226001207180059508, 0.865063366688984510732096688423493,
        0.780817726586416897063717578345042, 0.679409568299024406234327365114874,
        0.562757134668604683339000099272694, 0.433395394129247190799265943165784,
        0.294392862701460198131126603103866, 0.148874338981631210884826001129720,
        0, 0, 0, 0, 0, 0)
    /// The Kronrod weights for `nodes`.
    static let kronrodWeights = SIMD16<Double>(
        0.011694638867371874278064396062192, 0.032558162307964727478818972459390,
        0.054755896574351996031381300244580, 0.075039674810919952767043140916190,
        0.093125454583697605535065465083366, 0.109387158802297641899210590325805,
        0.123491976262065851077208980759000, 0.134709217311473325928054001771707,
        0.142775938577060080797094273138717, 0.147739104901338491374841515972068,
        0.149445554002916905664936468389821, 0, 0, 0, 0, 0)
    /// The Gauss weights for nodes 1, 3, 5, 7 and 9.
    static let gaussWeights = SIMD8<Double>(
        0.066671344308688137593568809893332, 0.149451349150580593145776339657697,
        0.219086362515982043995534934228163, 0.269266719309996355091226921569469,
        0.295524224714752870173892994651338, 0, 0, 0)

    /// Applies the rule to `f` on [a, b].
    static func apply(_ f: (Double) -> Double, _ a: Double, _ b: Double) -> _RuleEstimate {
        let centre = 0.5 * (a + b), half = 0.5 * (b - a), absHalf = Swift.abs(half)
        let x = nodes, wk = kronrodWeights, wg = gaussWeights
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: 21) { values in
            // values[k] = f(centre - half·x[k]), values[10 + k + 1] = f(centre + half·x[k]),
            // values[10] = f(centre). Evaluated first and summed after, so
            // that the evaluations (independent of each other) overlap in
            // the processor; in QUADPACK's order, Gauss nodes first.
            values[10] = f(centre)
            for first in 0..<2 {
                for k in stride(from: 1 - first, to: 10, by: 2) {
                    let offset = half * x[k]
                    values[k] = f(centre - offset)
                    values[11 + k] = f(centre + offset)
                }
            }
            let fc = values[10]
            var gauss = 0.0
            var kronrod = wk[10] * fc
            var absolute = Swift.abs(kronrod)
            for j in 0..<5 {
                let k = 2 * j + 1
                let f1 = values[k], f2 = values[11 + k]
                gauss += wg[j] * (f1 + f2)
                kronrod += wk[k] * (f1 + f2)
                absolute += wk[k] * (Swift.abs(f1) + Swift.abs(f2))
            }
            for j in 0..<5 {
                let k = 2 * j
                let f1 = values[k], f2 = values[11 + k]
                kronrod += wk[k] * (f1 + f2)
                absolute += wk[k] * (Swift.abs(f1) + Swift.abs(f2))
            }
            let mean = kronrod * 0.5
            var deviation = wk[10] * Swift.abs(fc - mean)
            for k in 0..<10 {
                deviation += wk[k] * (Swift.abs(values[k] - mean) + Swift.abs(values[11 + k] - mean))
            }
            deviation *= absHalf
            absolute *= absHalf
            let raw = Swift.abs((kronrod - gauss) * half)
            return _RuleEstimate(result: kronrod * half,
                                 error: _scaledError(raw, absolute: absolute, deviation: deviation),
                                 absolute: absolute, deviation: deviation)
        }
    }
}

/// The 15-point Kronrod rule with its embedded 7-point Gauss rule applied
/// to an infinite range mapped onto (0, 1] (QUADPACK's `qk15i`):
/// x = bound + sign · (1 - t) / t, and for (-∞, ∞) f(x) + f(-x) on [0, ∞).

struct _Kronrod15Infinite {
    /// The finite end, or 0 for (-∞, ∞).
    var bound: Double
    /// 1 for [bound, ∞), -1 for (-∞, bound], 2 for (-∞, ∞).
    var kind: Int

    init(bound: Double, kind: Int) { self.bound = bound; self.kind = kind }

    static let nodes = SIMD8<Double>(
        0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
        0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
        0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
        0.207784955007898467600689403773245, 0)
    static let kronrodWeights = SIMD8<Double>(
        0.022935322010529224963732008058970, 0.063092092629978553290700663189204,
        0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
        0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
        0.204432940075298892414161999234649, 0.209482141084727828012999174891714)
    /// Gauss weights aligned with `nodes` (zero where a node is Kronrod only).
    static let gaussWeights = SIMD8<Double>(
        0, 0.129484966168869693270611432679082, 0, 0.279705391489276667901467771423780,
        0, 0.381830050505118944950369775488975, 0, 0.417959183673469387755102040816327)

    /// The transformed integrand at t in (0, 1].
    func value(_ f: (Double) -> Double, _ t: Double) -> Double {
        let sign: Double = kind == -1 ? -1 : 1
        let x = bound + sign * (1 - t) / t
        var y = f(x)
        if kind == 2 { y += f(-x) }
        return (y / t) / t
    }

    /// Applies the rule on [a, b] ⊂ [0, 1] of the transformed variable.
    func apply(_ f: (Double) -> Double, _ a: Double, _ b: Double) -> _RuleEstimate {
        let centre = 0.5 * (a + b), half = 0.5 * (b - a)
        let x = Self.nodes, wk = Self.kronrodWeights, wg = Self.gaussWeights
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: 14) { values in
            let fc = value(f, centre)
            var gauss = wg[7] * fc
            var kronrod = wk[7] * fc
            var absolute = Swift.abs(kronrod)
            for j in 0..<7 {
                let offset = half * x[j]
                let v1 = value(f, centre - offset), v2 = value(f, centre + offset)
                values[j] = v1; values[7 + j] = v2
                gauss += wg[j] * (v1 + v2)
                kronrod += wk[j] * (v1 + v2)
                absolute += wk[j] * (Swift.abs(v1) + Swift.abs(v2))
            }
            let mean = kronrod * 0.5
            var deviation = wk[7] * Swift.abs(fc - mean)
            for j in 0..<7 {
                deviation += wk[j] * (Swift.abs(values[j] - mean) + Swift.abs(values[7 + j] - mean))
            }
            deviation *= half
            absolute *= half
            let raw = Swift.abs((kronrod - gauss) * half)
            return _RuleEstimate(result: kronrod * half,
                                 error: _scaledError(raw, absolute: absolute, deviation: deviation),
                                 absolute: absolute, deviation: deviation)
        }
    }
}
