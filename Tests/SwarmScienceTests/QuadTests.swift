import Foundation
import SwarmScience
import Testing

/// One integral of the test set, written once in Swift and once in Python.
struct QuadCase: Sendable, CustomTestStringConvertible {
    let name: String
    let f: @Sendable (Double) -> Double
    /// The integrand as a Python expression in `x` (with `math`).
    let python: String
    let a: Double, b: Double
    var points: [Double]? = nil
    var limit = 50
    var epsabs = 1.49e-8, epsrel = 1.49e-8

    var testDescription: String { name }

    /// A limit as Python reads it.
    static func literal(_ v: Double) -> String {
        v == .infinity ? "math.inf" : v == -.infinity ? "-math.inf" : "\(v)"
    }
}

// QUADPACK's own test integrals (smooth, endpoint singularities, infinite
// ranges, break points, oscillation), the failure modes (subdivision
// limit, divergence, roundoff), and reversed limits.
let quadCases: [QuadCase] = [
    QuadCase(name: "x^2 on [0, 1]", f: { $0 * $0 }, python: "x*x", a: 0, b: 1),
    QuadCase(name: "1/sqrt(x) on [0, 1]", f: { 1 / $0.squareRoot() }, python: "1/math.sqrt(x)", a: 0, b: 1),
    QuadCase(name: "log(x) on [0, 1]", f: { log($0) }, python: "math.log(x)", a: 0, b: 1),
    QuadCase(name: "log(x)/sqrt(x) on [0, 1]", f: { log($0) / $0.squareRoot() },
             python: "math.log(x)/math.sqrt(x)", a: 0, b: 1),
    QuadCase(name: "x^-0.9 on [0, 1]", f: { pow($0, -0.9) }, python: "x**-0.9", a: 0, b: 1),
    QuadCase(name: "sqrt(x) log(x) on [0, 1]", f: { $0.squareRoot() * log($0) },
             python: "math.sqrt(x)*math.log(x)", a: 0, b: 1),
    QuadCase(name: "sin(x)/x on [0, pi]", f: { sin($0) / $0 }, python: "math.sin(x)/x", a: 0, b: Double.pi),
    QuadCase(name: "cos(100 sin x) on [0, pi]", f: { cos(100 * sin($0)) }, python: "math.cos(100*math.sin(x))",
             a: 0, b: Double.pi),
    QuadCase(name: "4^-x log-peak 1/((x-pi/4)^2 + 1e-4)", f: { 1 / (($0 - Double.pi / 4) * ($0 - Double.pi / 4) + 1e-4) },
             python: "1/((x-math.pi/4)**2+1e-4)", a: 0, b: 1),
    QuadCase(name: "exp(-x^2) on (-inf, inf)", f: { exp(-$0 * $0) }, python: "math.exp(-x*x)",
             a: -.infinity, b: .infinity),
    QuadCase(name: "1/(1+x^2) on [0, inf)", f: { 1 / (1 + $0 * $0) }, python: "1/(1+x*x)", a: 0, b: .infinity),
    QuadCase(name: "exp(x) on (-inf, 0]", f: { exp($0) }, python: "math.exp(x)", a: -.infinity, b: 0),
    QuadCase(name: "exp(-x)/sqrt(x) on [0, inf)", f: { exp(-$0) / $0.squareRoot() },
             python: "math.exp(-x)/math.sqrt(x)", a: 0, b: .infinity),
    QuadCase(name: "log(x)/(1+100x^2) on [0, inf)", f: { log($0) / (1 + 100 * $0 * $0) },
             python: "math.log(x)/(1+100*x*x)", a: 0, b: .infinity),
    QuadCase(name: "|x - 1/3| with a break point", f: { abs($0 - 1.0 / 3) }, python: "abs(x-1/3)",
             a: 0, b: 1, points: [1.0 / 3]),
    QuadCase(name: "1/sqrt|x - 0.5| with a break point", f: { 1 / abs($0 - 0.5).squareRoot() },
             python: "1/math.sqrt(abs(x-0.5))", a: 0, b: 1, points: [0.5]),
    QuadCase(name: "log|x - 0.3| with break points, some outside", f: { log(abs($0 - 0.3)) },
             python: "math.log(abs(x-0.3))", a: 0, b: 1, points: [0.3, 0.7, 2, -1, 0.3]),
    QuadCase(name: "x^3 on [1, 0] (reversed)", f: { $0 * $0 * $0 }, python: "x**3", a: 1, b: 0),
    QuadCase(name: "sin(x) on [0, 1000]: subdivision limit", f: { sin($0) }, python: "math.sin(x)", a: 0, b: 1000),
    QuadCase(name: "1/x on [0, 1]: divergent", f: { 1 / $0 }, python: "1/x", a: 0, b: 1),
    QuadCase(name: "sin(1/x) on [0.001, 1], limit 5", f: { sin(1 / $0) }, python: "math.sin(1/x)",
             a: 0.001, b: 1, limit: 5),
    QuadCase(name: "exp(x) on [0, 1], limit 1", f: { exp($0) }, python: "math.exp(x)", a: 0, b: 1, limit: 1),
    QuadCase(name: "cos(x) at epsabs 0, epsrel 1e-13", f: { cos($0) }, python: "math.cos(x)", a: 0, b: 10,
             epsabs: 0, epsrel: 1e-13),
    QuadCase(name: "x^-0.5 log on [0,1] tight", f: { log($0) / $0.squareRoot() }, python: "math.log(x)/math.sqrt(x)",
             a: 0, b: 1, epsabs: 1e-14, epsrel: 1e-14),
]

/// The status SciPy reports, from the message its `full_output` gives.
let statusFromSciPy = """
def status(res):
    if len(res) < 4: return 0
    m = res[3]
    for k, prefix in [(1, 'The maximum number'), (2, 'The occurrence of roundoff'),
                      (3, 'Extremely bad'), (4, 'The algorithm does not converge'),
                      (5, 'The integral is probably divergent')]:
        if m.startswith(prefix): return k
    return -1

"""

@Suite("quad against scipy.integrate.quad")
struct QuadTests {
    @Test("value, error, evaluations, subintervals and status as SciPy's", arguments: quadCases)
    func matchesSciPy(_ c: QuadCase) throws {
        let points = c.points.map { "[" + $0.map { "\($0)" }.joined(separator: ",") + "]" } ?? "None"
        let script = statusFromSciPy + """
        from scipy.integrate import quad
        res = quad(lambda x: \(c.python), \(QuadCase.literal(c.a)), \(QuadCase.literal(c.b)),
                   full_output=1, points=\(points), limit=\(c.limit), epsabs=\(c.epsabs), epsrel=\(c.epsrel))
        print(json.dumps([repr(res[0]), repr(res[1]), res[2]['neval'], res[2]['last'], status(res)]))
        """
        guard let e = try scipy(script) as? [Any] else { return }
        let r = try quad(c.f, c.a, c.b, epsabs: c.epsabs, epsrel: c.epsrel, limit: c.limit, points: c.points)
        let value = number(e[0]), abserr = number(e[1])
        #expect(close(r.value, value, rtol: 1e-12, atol: 1e-300), "value \(r.value) vs scipy \(value)")
        #expect(close(r.abserr, abserr, rtol: 1e-6, atol: 1e-300), "abserr \(r.abserr) vs scipy \(abserr)")
        #expect(r.neval == (e[2] as! NSNumber).intValue, "neval \(r.neval) vs scipy \(e[2])")
        #expect(r.subintervals == (e[3] as! NSNumber).intValue, "last \(r.subintervals) vs scipy \(e[3])")
        #expect(r.status.rawValue == (e[4] as! NSNumber).intValue, "status \(r.status) vs scipy \(e[4])")
    }

    @Test("known values to the tolerance asked")
    func knownValues() throws {
        #expect(abs(try quad({ 1 / $0.squareRoot() }, 0, 1).value - 2) < 1e-13)
        #expect(abs(try quad({ log($0) / $0.squareRoot() }, 0, 1).value + 4) < 1e-12)
        #expect(abs(try quad({ exp(-$0 * $0) }, -.infinity, .infinity).value - Double.pi.squareRoot()) < 1e-13)
        #expect(abs(try quad({ 1 / (1 + $0 * $0) }, -.infinity, 0).value - Double.pi / 2) < 1e-13)
        let r = try quad({ sin($0) }, 0, 1000)
        #expect(!r.isConverged && r.status == .subdivisionLimit)
        #expect(r.description.contains("maximum number of subdivisions"))
        #expect(try quad({ $0 }, 2, 2).value == 0)
    }

    @Test("invalid input throws the error SciPy raises")
    func invalidInput() {
        #expect(throws: IntegrationError.toleranceTooSmall(epsabs: 0, epsrel: 1e-20)) {
            try quad({ $0 }, 0, 1, epsabs: 0, epsrel: 1e-20)
        }
        #expect(throws: IntegrationError.invalidLimit(0)) { try quad({ $0 }, 0, 1, limit: 0) }
        #expect(throws: IntegrationError.breakPointsWithInfiniteRange) {
            try quad({ $0 }, 0, .infinity, points: [1])
        }
        #expect(throws: IntegrationError.tooManyBreakPoints(count: 3, limit: 3)) {
            try quad({ $0 }, 0, 1, limit: 3, points: [0.1, 0.2, 0.3])
        }
        #expect(throws: IntegrationError.nanLimit) { try quad({ $0 }, .nan, 1) }
        let message = IntegrationError.breakPointsWithInfiniteRange.description
        #expect(message == "Infinity inputs cannot be used with break points.")
    }

    @Test("an integrand that returns NaN gives NaN, not a hang or a crash")
    func nanIntegrand() throws {
        let r = try quad({ _ in .nan }, 0, 1)
        #expect(r.value.isNaN)
        let s = try quad({ $0 < 0.5 ? .nan : 1 }, 0, 1, limit: 200)
        #expect(s.value.isNaN && s.neval <= 42 * 200)
    }
}
