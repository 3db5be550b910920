import Foundation
@testable import SwarmScience
import Testing

/// One function of one variable, written once in Swift and once in Python.
struct ScalarCase: Sendable, CustomTestStringConvertible {
    let name: String
    let f: @Sendable (Double) -> Double
    let python: String
    let bracket: (Double, Double)?
    let bounds: (Double, Double)
    var testDescription: String { name }
}

let scalarCases: [ScalarCase] = [
    ScalarCase(name: "(x - 2)^2 + 1", f: { ($0 - 2) * ($0 - 2) + 1 }, python: "(x-2)**2+1", bracket: nil, bounds: (-3, 5)),
    ScalarCase(name: "(x - 2) x (x + 2)^2", f: { ($0 - 2) * $0 * (($0 + 2) * ($0 + 2)) },
               python: "(x-2)*x*(x+2)**2", bracket: (1, 2), bounds: (-3, -1)),
    ScalarCase(name: "sin(x) + x/10", f: { sin($0) + $0 / 10 }, python: "math.sin(x)+x/10", bracket: (3, 4), bounds: (0, 6)),
    ScalarCase(name: "exp(x) - 3x", f: { exp($0) - 3 * $0 }, python: "math.exp(x)-3*x", bracket: nil, bounds: (0, 2)),
    ScalarCase(name: "|x - 0.3| (kink)", f: { abs($0 - 0.3) }, python: "abs(x-0.3)", bracket: (-1, 0), bounds: (-1, 1)),
    ScalarCase(name: "x^4 (flat)", f: { $0 * $0 * $0 * $0 }, python: "x**4", bracket: (-1, 0.5), bounds: (-1, 2)),
]

@Suite("minimizeScalar vs scipy.optimize.minimize_scalar")
struct MinimizeScalarTests {
    @Test("Brent, golden and bounded, counts included", arguments: scalarCases)
    func methods(_ c: ScalarCase) throws {
        let br = c.bracket.map { "(\($0.0), \($0.1))" } ?? "None"
        guard let out = try scipy("""
        from scipy.optimize import minimize_scalar
        f = lambda x: \(c.python)
        res = {}
        def put(k, r): res[k] = dict(x=float(r.x), fun=float(r.fun), nit=int(r.nit), nfev=int(r.nfev), success=bool(r.success), message=r.message)
        put('brent', minimize_scalar(f, bracket=\(br), method='brent'))
        put('brent_few', minimize_scalar(f, bracket=\(br), method='brent', options=dict(maxiter=3)))
        put('golden', minimize_scalar(f, bracket=\(br), method='golden'))
        put('golden_tol', minimize_scalar(f, bracket=\(br), method='golden', tol=1e-4))
        put('bounded', minimize_scalar(f, bounds=(\(c.bounds.0), \(c.bounds.1)), method='bounded'))
        put('bounded_few', minimize_scalar(f, bounds=(\(c.bounds.0), \(c.bounds.1)), method='bounded', options=dict(maxiter=6)))
        print(json.dumps(clean(res)))
        """) as? [String: Any] else { return }
        let runs: [(String, OptimizeResult)] = [
            ("brent", try minimizeScalar(c.f, method: .brent(bracket: c.bracket))),
            ("brent_few", try minimizeScalar(c.f, method: .brent(bracket: c.bracket), maxiter: 3)),
            ("golden", try minimizeScalar(c.f, method: .golden(bracket: c.bracket))),
            ("golden_tol", try minimizeScalar(c.f, method: .golden(bracket: c.bracket), tol: 1e-4)),
            ("bounded", try minimizeScalar(c.f, method: .bounded(c.bounds.0, c.bounds.1))),
            ("bounded_few", try minimizeScalar(c.f, method: .bounded(c.bounds.0, c.bounds.1), maxiter: 6)),
        ]
        for (name, r) in runs {
            let e = out[name] as! [String: Any]
            #expect(close(r.x[0], number(e["x"]), rtol: 1e-12, atol: 1e-14), "\(name) x \(r.x[0]) vs \(e["x"]!)")
            #expect(close(r.fun, number(e["fun"]), rtol: 1e-12, atol: 1e-14), "\(name) fun")
            #expect(r.nit == e["nit"] as? Int, "\(name) nit \(r.nit) vs \(e["nit"]!)")
            #expect(r.nfev == e["nfev"] as? Int, "\(name) nfev \(r.nfev) vs \(e["nfev"]!)")
            #expect(r.success == e["success"] as? Bool, "\(name) success")
            #expect(r.message == e["message"] as? String, "\(name) message \(r.message) vs \(e["message"]!)")
        }
    }

    @Test("bad bounds throw")
    func badBounds() {
        #expect(throws: OptimizeError.self) { try minimizeScalar({ $0 }, method: .bounded(1, 0)) }
        #expect(throws: OptimizeError.self) { try minimizeScalar({ $0 }, method: .bounded(0, .infinity)) }
    }
}
