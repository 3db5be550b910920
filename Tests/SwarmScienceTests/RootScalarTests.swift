import Foundation
import SwarmScience
import Testing

/// One scalar function with its derivatives, in Swift and in Python.
struct ScalarRootCase: Sendable, CustomTestStringConvertible {
    let name: String
    let f: @Sendable (Double) -> Double
    let df: @Sendable (Double) -> Double
    let d2f: @Sendable (Double) -> Double
    /// `f`, `f′`, `f″` as Python expressions in `x` (with `math`).
    let python: (String, String, String)
    let a: Double, b: Double, x0: Double
    var testDescription: String { name }
}

let scalarRootCases: [ScalarRootCase] = [
    ScalarRootCase(name: "cos(x) - x", f: { cos($0) - $0 }, df: { -sin($0) - 1 }, d2f: { -cos($0) },
                   python: ("math.cos(x)-x", "-math.sin(x)-1", "-math.cos(x)"), a: 0, b: 1, x0: 1),
    ScalarRootCase(name: "x^3 - 2x - 5", f: { $0 * $0 * $0 - 2 * $0 - 5 }, df: { 3 * $0 * $0 - 2 }, d2f: { 6 * $0 },
                   python: ("x**3-2*x-5", "3*x**2-2", "6*x"), a: 2, b: 3, x0: 2),
    ScalarRootCase(name: "exp(x) - 10", f: { exp($0) - 10 }, df: { exp($0) }, d2f: { exp($0) },
                   python: ("math.exp(x)-10", "math.exp(x)", "math.exp(x)"), a: -5, b: 10, x0: 1),
    ScalarRootCase(name: "(x - 1)^3 (flat root)", f: { ($0 - 1) * ($0 - 1) * ($0 - 1) },
                   df: { 3 * ($0 - 1) * ($0 - 1) }, d2f: { 6 * ($0 - 1) },
                   python: ("(x-1)**3", "3*(x-1)**2", "6*(x-1)"), a: -2, b: 3.5, x0: 3),
    ScalarRootCase(name: "atan(x) (Newton overshoots)", f: { atan($0) }, df: { 1 / (1 + $0 * $0) },
                   d2f: { -2 * $0 / ((1 + $0 * $0) * (1 + $0 * $0)) },
                   python: ("math.atan(x)", "1/(1+x*x)", "-2*x/(1+x*x)**2"), a: -1, b: 20, x0: 1.2),
    ScalarRootCase(name: "x exp(-x) - 0.1 far bracket", f: { $0 * exp(-$0) - 0.1 }, df: { (1 - $0) * exp(-$0) },
                   d2f: { ($0 - 2) * exp(-$0) },
                   python: ("x*math.exp(-x)-0.1", "(1-x)*math.exp(-x)", "(x-2)*math.exp(-x)"),
                   a: 1, b: 100, x0: 2),
]

@Suite("rootScalar against scipy.optimize.root_scalar")
struct RootScalarTests {
    static let methods = ["brentq", "brenth", "bisect", "ridder", "newton", "secant", "halley"]

    func swiftMethod(_ name: String, _ c: ScalarRootCase) -> RootScalarMethod {
        switch name {
        case "brentq": return .brentq(c.a, c.b)
        case "brenth": return .brenth(c.a, c.b)
        case "bisect": return .bisect(c.a, c.b)
        case "ridder": return .ridder(c.a, c.b)
        case "newton": return .newton(x0: c.x0)
        case "secant": return .secant(x0: c.x0)
        default: return .halley(x0: c.x0)
        }
    }

    @Test("root, iterations and calls match SciPy", arguments: scalarRootCases)
    func matches(_ c: ScalarRootCase) throws {
        guard let out = try scipy("""
        from scipy.optimize import root_scalar
        f = lambda x: \(c.python.0)
        fp = lambda x: \(c.python.1)
        fpp = lambda x: \(c.python.2)
        res = {}
        for m in \(Self.methods):
            kw = dict(bracket=(\(c.a), \(c.b))) if m in ('brentq','brenth','bisect','ridder') else dict(x0=\(c.x0))
            if m in ('newton', 'halley'): kw['fprime'] = fp
            if m == 'halley': kw['fprime2'] = fpp
            r = root_scalar(f, method=m, **kw)
            res[m] = [r.root, r.iterations, r.function_calls, r.converged]
        print(json.dumps(clean(res)))
        """) as? [String: [Any]] else { return }
        for m in Self.methods {
            let r = try rootScalar(c.f, method: swiftMethod(m, c), fprime: c.df, fprime2: c.d2f)
            let e = out[m]!
            #expect(close(r.root, number(e[0]), rtol: 1e-14, atol: 1e-300), "\(m): \(r.root) vs \(e[0])")
            #expect(r.iterations == Int(number(e[1])), "\(m) iterations")
            #expect(r.functionCalls == Int(number(e[2])), "\(m) calls")
            #expect(r.converged == (e[3] as? Bool), "\(m) converged")
        }
    }

    @Test("tight and loose tolerances and a small maxiter")
    func options() throws {
        guard let out = try scipy("""
        from scipy.optimize import root_scalar
        f = lambda x: math.exp(x) - 10
        res = []
        for m in ['brentq','brenth','bisect','ridder']:
            for (xt, rt, mi) in [(1e-3, 1e-10, 100), (1e-15, 8.9e-16, 100), (2e-12, 8.9e-16, 3)]:
                r = root_scalar(f, method=m, bracket=(-5, 10), xtol=xt, rtol=rt, maxiter=mi)
                res.append([r.root, r.iterations, r.function_calls, r.converged])
        for (xt, mi) in [(1e-3, 50), (1e-12, 50), (1.48e-8, 2)]:
            r = root_scalar(f, method='secant', x0=0.5, x1=4, xtol=xt, maxiter=mi)
            res.append([r.root, r.iterations, r.function_calls, r.converged])
        print(json.dumps(clean(res)))
        """) as? [[Any]] else { return }
        var got: [RootResult] = []
        let f: (Double) -> Double = { exp($0) - 10 }
        for m in ["brentq", "brenth", "bisect", "ridder"] {
            for (xt, rt, mi) in [(1e-3, 1e-10, 100), (1e-15, 8.9e-16, 100), (2e-12, 8.9e-16, 3)] {
                let method: RootScalarMethod = m == "brentq" ? .brentq(-5, 10) : m == "brenth" ? .brenth(-5, 10)
                    : m == "bisect" ? .bisect(-5, 10) : .ridder(-5, 10)
                got.append(try rootScalar(f, method: method, xtol: xt, rtol: rt, maxiter: mi))
            }
        }
        for (xt, mi) in [(1e-3, 50), (1e-12, 50), (1.48e-8, 2)] {
            got.append(try rootScalar(f, method: .secant(x0: 0.5, x1: 4), xtol: xt, maxiter: mi))
        }
        for (r, e) in zip(got, out) {
            #expect(close(r.root, number(e[0]), rtol: 1e-14), "\(r) vs \(e)")
            #expect(r.iterations == Int(number(e[1])) && r.functionCalls == Int(number(e[2])), "\(r) vs \(e)")
            #expect(r.converged == (e[3] as? Bool))
        }
    }

    @Test("errors: no sign change, missing derivative, bad options")
    func errors() {
        #expect(throws: OptimizeError.noSignChange(fa: 1, fb: 2)) {
            try rootScalar({ $0 * $0 + 1 }, method: .brentq(0, 1))
        }
        for m: RootScalarMethod in [.brenth(0, 1), .bisect(0, 1), .ridder(0, 1)] {
            #expect(throws: OptimizeError.self) { try rootScalar({ $0 * $0 + 1 }, method: m) }
        }
        #expect(throws: OptimizeError.self) { try rootScalar({ $0 }, method: .newton(x0: 1)) }
        #expect(throws: OptimizeError.self) { try rootScalar({ $0 }, method: .halley(x0: 1), fprime: { _ in 1 }) }
        #expect(throws: OptimizeError.self) { try rootScalar({ $0 }, method: .brentq(-1, 1), xtol: 0) }
        #expect(throws: OptimizeError.self) { try rootScalar({ $0 }, method: .brentq(-1, 1), rtol: 1e-17) }
        #expect(throws: OptimizeError.self) { try rootScalar({ $0 }, method: .secant(x0: 1, x1: 1)) }
    }

    @Test("an end point that is a root is returned at once")
    func endpointRoot() throws {
        let r = try rootScalar({ $0 - 1 }, method: .brentq(1, 3))
        #expect(r.root == 1 && r.iterations == 0 && r.functionCalls == 2 && r.converged)
    }
}
