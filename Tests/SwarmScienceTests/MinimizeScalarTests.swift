import Foundation
import SwarmScience
import Testing

/// One scalar objective, in Swift and in Python, with a bracket and bounds.
struct ScalarMinCase: Sendable, CustomTestStringConvertible {
    let name: String
    let f: @Sendable (Double) -> Double
    let python: String
    let bracket: [Double]?
    let bounds: (Double, Double)
    var testDescription: String { name }
}

let scalarMinCases: [ScalarMinCase] = [
    ScalarMinCase(name: "(x-2)^2 (x+1)^2 + x", f: { ($0 - 2) * ($0 - 2) * ($0 + 1) * ($0 + 1) + $0 },
                  python: "(x-2)**2*(x+1)**2+x", bracket: nil, bounds: (0, 5)),
    ScalarMinCase(name: "cos(x)", f: { cos($0) }, python: "math.cos(x)", bracket: [1, 2], bounds: (1, 6)),
    ScalarMinCase(name: "x^4 (flat minimum)", f: { $0 * $0 * $0 * $0 }, python: "x*x*x*x", bracket: [-1, 0.5, 2],
                  bounds: (-3, 1)),
    ScalarMinCase(name: "exp(x) - 3x", f: { exp($0) - 3 * $0 }, python: "math.exp(x)-3*x", bracket: nil,
                  bounds: (-2, 4)),
    ScalarMinCase(name: "|x - 0.3| (kink)", f: { abs($0 - 0.3) }, python: "abs(x-0.3)", bracket: [-1, 0, 1],
                  bounds: (-1, 1)),
    ScalarMinCase(name: "sin(x) on a boundary-min interval", f: { sin($0) }, python: "math.sin(x)",
                  bracket: [0, 1], bounds: (0, 1)),
    ScalarMinCase(name: "x log x", f: { $0 * log($0) }, python: "x*math.log(x)", bracket: [0.1, 0.2],
                  bounds: (0.01, 3)),
]

@Suite("minimizeScalar against scipy.optimize.minimize_scalar")
struct MinimizeScalarTests {
    @Test("x, fun, nit, nfev match SciPy for brent, golden, bounded", arguments: scalarMinCases)
    func matches(_ c: ScalarMinCase) throws {
        let br = c.bracket.map { "\($0)" } ?? "None"
        guard let out = try scipy("""
        from scipy.optimize import minimize_scalar
        f = lambda x: \(c.python)
        res = {}
        for m in ['brent', 'golden']:
            r = minimize_scalar(f, bracket=\(br), method=m)
            res[m] = [r.x, r.fun, r.nit, r.nfev, bool(r.success)]
        for tol in [None, 1e-10]:
            r = minimize_scalar(f, bounds=(\(c.bounds.0), \(c.bounds.1)), method='bounded', options=dict(xatol=tol or 1e-5))
            res['bounded%s' % tol] = [r.x, r.fun, r.nit, r.nfev, bool(r.success)]
        print(json.dumps(clean(res)))
        """) as? [String: [Any]] else { return }
        let runs: [(String, OptimizeResult)] = [
            ("brent", try minimizeScalar(c.f, method: .brent(bracket: c.bracket))),
            ("golden", try minimizeScalar(c.f, method: .golden(bracket: c.bracket))),
            ("boundedNone", try minimizeScalar(c.f, method: .bounded(lower: c.bounds.0, upper: c.bounds.1))),
            ("bounded1e-10", try minimizeScalar(c.f, method: .bounded(lower: c.bounds.0, upper: c.bounds.1),
                                                tol: 1e-10)),
        ]
        for (key, r) in runs {
            let e = out[key]!
            #expect(close(r.x[0], number(e[0]), rtol: 1e-13, atol: 1e-300), "\(key) x: \(r.x[0]) vs \(e[0])")
            #expect(close(r.fun, number(e[1]), rtol: 1e-13, atol: 1e-300), "\(key) fun")
            #expect(r.nit == Int(number(e[2])) && r.nfev == Int(number(e[3])), "\(key) counts \(r.nit) \(r.nfev) vs \(e)")
            #expect(r.success == (e[4] as? Bool), "\(key) success")
        }
    }

    @Test("maxiter and tolerance options match SciPy")
    func options() throws {
        guard let out = try scipy("""
        from scipy.optimize import minimize_scalar
        f = lambda x: (x-1.5)**2 + math.sin(3*x)
        res = []
        for m, kw in [('brent', dict(xtol=1e-4)), ('brent', dict(maxiter=3)), ('golden', dict(xtol=1e-3)),
                      ('golden', dict(maxiter=4)), ('bounded', dict(maxiter=5))]:
            extra = dict(bounds=(-1, 4)) if m == 'bounded' else dict()
            r = minimize_scalar(f, method=m, options=kw, **extra)
            res.append([r.x, r.fun, r.nit, r.nfev, bool(r.success)])
        print(json.dumps(clean(res)))
        """) as? [[Any]] else { return }
        let f: (Double) -> Double = { ($0 - 1.5) * ($0 - 1.5) + sin(3 * $0) }
        let got = [
            try minimizeScalar(f, method: .brent(), tol: 1e-4),
            try minimizeScalar(f, method: .brent(), maxiter: 3),
            try minimizeScalar(f, method: .golden(), tol: 1e-3),
            try minimizeScalar(f, method: .golden(), maxiter: 4),
            try minimizeScalar(f, method: .bounded(lower: -1, upper: 4), maxiter: 5),
        ]
        for (r, e) in zip(got, out) {
            #expect(close(r.x[0], number(e[0]), rtol: 1e-13), "\(r) vs \(e)")
            #expect(r.nit == Int(number(e[2])) && r.nfev == Int(number(e[3])), "\(r) vs \(e)")
            #expect(r.success == (e[4] as? Bool), "\(r) vs \(e)")
        }
    }

    @Test("invalid brackets and bounds throw")
    func errors() {
        #expect(throws: OptimizeError.self) { try minimizeScalar({ $0 * $0 }, method: .brent(bracket: [0, 1, 2])) }
        #expect(throws: OptimizeError.self) { try minimizeScalar({ $0 * $0 }, method: .brent(bracket: [2, 1, 0.5])) }
        #expect(throws: OptimizeError.self) { try minimizeScalar({ $0 }, method: .golden()) }
        #expect(throws: OptimizeError.self) { try minimizeScalar({ $0 }, method: .bounded(lower: 2, upper: 1)) }
        #expect(throws: OptimizeError.self) {
            try minimizeScalar({ $0 }, method: .bounded(lower: 0, upper: .infinity))
        }
    }
}
