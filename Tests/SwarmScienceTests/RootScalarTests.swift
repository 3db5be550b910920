import Foundation
@testable import SwarmScience
import Testing

/// One scalar equation, written once in Swift and once in Python.
struct RootCase: Sendable, CustomTestStringConvertible {
    let name: String
    let f: @Sendable (Double) -> Double
    let df: @Sendable (Double) -> Double
    let d2f: @Sendable (Double) -> Double
    /// f, f′, f″ as Python expressions in `x`.
    let python: (String, String, String)
    let a: Double, b: Double, x0: Double
    var testDescription: String { name }
}

// Smooth, flat, steep and multiple-root equations from SciPy's own zeros tests.
let rootCases: [RootCase] = [
    RootCase(name: "cos(x) - x", f: { cos($0) - $0 }, df: { -sin($0) - 1 }, d2f: { -cos($0) },
             python: ("math.cos(x)-x", "-math.sin(x)-1", "-math.cos(x)"), a: 0, b: 1, x0: 0.5),
    RootCase(name: "x^3 - 2x - 5", f: { $0 * $0 * $0 - 2 * $0 - 5 }, df: { 3 * $0 * $0 - 2 }, d2f: { 6 * $0 },
             python: ("x**3-2*x-5", "3*x**2-2", "6*x"), a: 2, b: 3, x0: 2),
    RootCase(name: "exp(x) - 2", f: { exp($0) - 2 }, df: { exp($0) }, d2f: { exp($0) },
             python: ("math.exp(x)-2", "math.exp(x)", "math.exp(x)"), a: -4, b: 4 / 3, x0: 1),
    RootCase(name: "(x - 1)^3 (triple root)", f: { pow($0 - 1, 3) }, df: { 3 * pow($0 - 1, 2) },
             d2f: { 6 * ($0 - 1) }, python: ("(x-1)**3", "3*(x-1)**2", "6*(x-1)"), a: 0, b: 3.1, x0: 2),
    RootCase(name: "atan(x) steep", f: { atan(20 * $0 - 3) }, df: { 20 / (1 + pow(20 * $0 - 3, 2)) },
             d2f: { -800 * (20 * $0 - 3) / pow(1 + pow(20 * $0 - 3, 2), 2) },
             python: ("math.atan(20*x-3)", "20/(1+(20*x-3)**2)", "-800*(20*x-3)/(1+(20*x-3)**2)**2"),
             a: -10, b: 10, x0: 0.16),
    RootCase(name: "x^20 - 1", f: { pow($0, 20) - 1 }, df: { 20 * pow($0, 19) }, d2f: { 380 * pow($0, 18) },
             python: ("x**20-1", "20*x**19", "380*x**18"), a: 0.5, b: 3, x0: 1.3),
]

private func check(_ r: RootResult, _ e: [String: Any], _ label: String) {
    #expect(close(r.root, number(e["root"]), rtol: 1e-12, atol: 1e-13), "\(label) root \(r.root) vs \(e["root"]!)")
    #expect(r.iterations == (e["iterations"] as? Int), "\(label) iterations \(r.iterations) vs \(e["iterations"]!)")
    #expect(r.functionCalls == (e["function_calls"] as? Int), "\(label) calls \(r.functionCalls) vs \(e["function_calls"]!)")
    #expect(r.converged == (e["converged"] as? Bool), "\(label) converged")
    #expect(r.flag == (e["flag"] as? String), "\(label) flag \(r.flag) vs \(e["flag"]!)")
}

@Suite("rootScalar vs scipy.optimize.root_scalar")
struct RootScalarTests {
    @Test("every method, counts included", arguments: rootCases)
    func methods(_ c: RootCase) throws {
        let (pf, pd, pd2) = c.python
        guard let out = try scipy("""
        from scipy.optimize import root_scalar
        f = lambda x: \(pf)
        d = lambda x: \(pd)
        d2 = lambda x: \(pd2)
        res = {}
        def put(k, r): res[k] = dict(root=r.root, iterations=int(r.iterations), function_calls=int(r.function_calls), converged=bool(r.converged), flag=r.flag)
        for m in ['brentq', 'brenth', 'bisect', 'ridder']:
            put(m, root_scalar(f, bracket=[\(c.a), \(c.b)], method=m))
            put(m + '_tight', root_scalar(f, bracket=[\(c.a), \(c.b)], method=m, xtol=1e-3, maxiter=5))
        put('newton', root_scalar(f, x0=\(c.x0), fprime=d, method='newton'))
        put('newton_fd', root_scalar(f, x0=\(c.x0), method='newton'))
        put('secant', root_scalar(f, x0=\(c.x0), method='secant'))
        put('secant_x1', root_scalar(f, x0=\(c.x0), x1=\(c.x0 + 0.1), method='secant'))
        put('halley', root_scalar(f, x0=\(c.x0), fprime=d, fprime2=d2, method='halley'))
        put('newton_3', root_scalar(f, x0=\(c.x0), fprime=d, method='newton', maxiter=3, xtol=1e-14))
        print(json.dumps(clean(res)))
        """) as? [String: Any] else { return }
        let f = c.f
        let ab: [(String, RootScalarMethod)] = [("brentq", .brentq(c.a, c.b)), ("brenth", .brenth(c.a, c.b)),
                                                ("bisect", .bisect(c.a, c.b)), ("ridder", .ridder(c.a, c.b))]
        for (name, m) in ab {
            check(try rootScalar(f, method: m), out[name] as! [String: Any], name)
            check(try rootScalar(f, method: m, xtol: 1e-3, maxiter: 5), out[name + "_tight"] as! [String: Any], name + " tight")
        }
        check(try rootScalar(f, method: .newton(x0: c.x0, fprime: c.df)), out["newton"] as! [String: Any], "newton")
        check(try rootScalar(f, method: .newton(x0: c.x0, fprime: nil)), out["newton_fd"] as! [String: Any], "newton fd")
        check(try rootScalar(f, method: .secant(x0: c.x0, x1: nil)), out["secant"] as! [String: Any], "secant")
        check(try rootScalar(f, method: .secant(x0: c.x0, x1: c.x0 + 0.1)), out["secant_x1"] as! [String: Any], "secant x1")
        check(try rootScalar(f, method: .halley(x0: c.x0, fprime: c.df, fprime2: c.d2f)), out["halley"] as! [String: Any], "halley")
        check(try rootScalar(f, method: .newton(x0: c.x0, fprime: c.df), xtol: 1e-14, maxiter: 3),
              out["newton_3"] as! [String: Any], "newton 3")
    }

    @Test("a bracket without a sign change throws")
    func noSignChange() {
        #expect(throws: OptimizeError.noSignChange(fa: 1, fb: 2)) {
            try rootScalar({ $0 * $0 + 1 }, method: .brentq(0, 1))
        }
        #expect(throws: OptimizeError.self) { try rootScalar({ $0 }, method: .bisect(-1, 1), xtol: 0) }
        #expect(throws: OptimizeError.self) { try rootScalar({ $0 }, method: .secant(x0: 1, x1: 1)) }
    }

    @Test("a zero at an end is the root, with no iterations")
    func zeroAtEnd() throws {
        let r = try rootScalar({ $0 - 1 }, method: .ridder(1, 3))
        #expect(r.root == 1 && r.iterations == 0 && r.functionCalls == 2 && r.converged)
    }
}
