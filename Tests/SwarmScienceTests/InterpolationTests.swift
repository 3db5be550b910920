import Foundation
import SwarmArray
import SwarmScience
import Testing

@Suite("CubicSpline, Pchip, Akima and PPoly against scipy.interpolate")
struct InterpolationTests {
    static let x: [Double] = [0, 0.4, 1.1, 1.5, 2.3, 3.0, 3.2, 4.1, 5.0, 5.9]
    static let y: [Double] = x.map { sin($0) + 0.1 * $0 * $0 }
    static let t: [Double] = (0..<57).map { -0.7 + Double($0) * 0.13 }

    static func list(_ a: [Double]) -> String { "[" + a.map { "\($0)" }.joined(separator: ",") + "]" }

    func expectNear(_ ours: [Double], _ theirs: Any?, _ what: String, rtol: Double = 1e-12) {
        let e = flat(theirs)
        #expect(ours.count == e.count, "\(what): \(ours.count) vs \(e.count)")
        for (i, (a, b)) in zip(ours, e).enumerated() {
            #expect(close(a, b, rtol: rtol, atol: 1e-12), "\(what)[\(i)]: \(a) vs scipy \(b)")
        }
    }

    @Test("every boundary condition: values, derivatives, integrals, extrapolation")
    func cubicSpline() throws {
        let yp = Self.y.enumerated().map { $0.offset == Self.y.count - 1 ? Self.y[0] : $0.element }
        let script = """
        from scipy.interpolate import CubicSpline
        x = np.array(\(Self.list(Self.x))); y = np.array(\(Self.list(Self.y))); t = np.array(\(Self.list(Self.t)))
        yp = y.copy(); yp[-1] = yp[0]
        out = {}
        for name, bc in [('nak', 'not-a-knot'), ('natural', 'natural'), ('clamped', 'clamped'),
                         ('mixed', ((1, 0.5), (2, -1.0)))]:
            s = CubicSpline(x, y, bc_type=bc)
            out[name] = [s(t).tolist(), s(t, 1).tolist(), s(t, 2).tolist(), s(t, 3).tolist(),
                         [s.integrate(0.2, 5.5), s.integrate(-1, 7), s.integrate(3, 1)],
                         s.antiderivative()(t).tolist()]
        p = CubicSpline(x, yp, bc_type='periodic')
        out['periodic'] = [p(t).tolist(), p(t + 11.3, 1).tolist(), [p.integrate(-3, 14.2), p.integrate(1, 2)]]
        out['small'] = [CubicSpline(x[:2], y[:2])(t).tolist(), CubicSpline(x[:3], y[:3])(t).tolist(),
                        CubicSpline(x[:3], y[:3], bc_type='natural')(t).tolist(),
                        CubicSpline(x[:4], yp[:3].tolist() + [yp[0]], bc_type='periodic')(t).tolist()]
        print(json.dumps(clean(out)))
        """
        guard let s = try scipy(script) as? [String: [Any]] else { return }
        let t = NDArray(Self.t)
        let cases: [(String, SplineBoundary, SplineBoundary)] = [
            ("nak", .notAKnot, .notAKnot), ("natural", .natural, .natural), ("clamped", .clamped, .clamped),
            ("mixed", .firstDerivative(0.5), .secondDerivative(-1)),
        ]
        for (name, start, end) in cases {
            let sp = try CubicSpline(Self.x, Self.y, start: start, end: end)
            let e = s[name]!
            for nu in 0...3 { expectNear(sp(t, nu: nu).toArray(), e[nu], "\(name) nu=\(nu)", rtol: 1e-10) }
            expectNear([sp.integrate(0.2, 5.5), sp.integrate(-1, 7), sp.integrate(3, 1)], e[4], "\(name) integrate")
            expectNear(sp.antiderivative()(Self.t), e[5], "\(name) antiderivative")
            #expect(sp(Self.x[3]) == Self.y[3] || abs(sp(Self.x[3]) - Self.y[3]) < 1e-14)
        }
        let p = try CubicSpline(Self.x, yp, boundary: .periodic)
        let e = s["periodic"]!
        expectNear(p(Self.t), e[0], "periodic")
        expectNear(p(Self.t.map { $0 + 11.3 }, nu: 1), e[1], "periodic derivative, shifted", rtol: 1e-9)
        expectNear([p.integrate(-3, 14.2), p.integrate(1, 2)], e[2], "periodic integrate", rtol: 1e-10)
        let small = s["small"]!
        expectNear(try CubicSpline(Array(Self.x[..<2]), Array(Self.y[..<2]))(Self.t), small[0], "2 points")
        expectNear(try CubicSpline(Array(Self.x[..<3]), Array(Self.y[..<3]))(Self.t), small[1], "3 points")
        expectNear(try CubicSpline(Array(Self.x[..<3]), Array(Self.y[..<3]), boundary: .natural)(Self.t), small[2],
                   "3 points natural")
        expectNear(try CubicSpline(Array(Self.x[..<4]), Array(yp[..<3]) + [yp[0]], boundary: .periodic)(Self.t),
                   small[3], "4 points periodic")
    }

    @Test("PCHIP and Akima (and makima) match SciPy, inside and out")
    func hermite() throws {
        let script = """
        from scipy.interpolate import PchipInterpolator, Akima1DInterpolator, CubicHermiteSpline
        x = np.array(\(Self.list(Self.x))); y = np.array(\(Self.list(Self.y))); t = np.array(\(Self.list(Self.t)))
        steps = np.array([0, 0, 1, 1, 1, 3, 2, 2, 5, 5.0])
        out = {
          'pchip': PchipInterpolator(x, y)(t).tolist(), 'pchip_d': PchipInterpolator(x, steps)(t, 1).tolist(),
          'pchip_steps': PchipInterpolator(x, steps)(t).tolist(),
          'akima': Akima1DInterpolator(x, y)(t).tolist(), 'akima_steps': Akima1DInterpolator(x, steps)(t).tolist(),
          'makima': Akima1DInterpolator(x, steps, method='makima', extrapolate=True)(t).tolist(),
          'hermite': CubicHermiteSpline(x, y, np.cos(x))(t, 1).tolist(),
        }
        print(json.dumps(clean(out)))
        """
        guard let s = try scipy(script) as? [String: Any] else { return }
        let steps: [Double] = [0, 0, 1, 1, 1, 3, 2, 2, 5, 5]
        expectNear(try PchipInterpolator(Self.x, Self.y)(Self.t), s["pchip"], "pchip")
        expectNear(try PchipInterpolator(Self.x, steps)(Self.t, nu: 1), s["pchip_d"], "pchip derivative")
        expectNear(try PchipInterpolator(Self.x, steps)(Self.t), s["pchip_steps"], "pchip steps")
        expectNear(try Akima1DInterpolator(Self.x, Self.y)(Self.t), s["akima"], "akima")
        expectNear(try Akima1DInterpolator(Self.x, steps)(Self.t), s["akima_steps"], "akima steps")
        expectNear(try Akima1DInterpolator(Self.x, steps, modified: true, extrapolation: .extrapolate)(Self.t),
                   s["makima"], "makima")
        expectNear(try CubicHermiteSpline(Self.x, Self.y, dydx: Self.x.map { cos($0) })(Self.t, nu: 1), s["hermite"],
                   "hermite derivative")
        // PCHIP never overshoots monotone data.
        let p = try PchipInterpolator(Self.x, steps)
        for v in stride(from: 0.0, through: 5.9, by: 0.01) { #expect(p(v) >= -1e-15 && p(v) <= 5 + 1e-15) }
    }

    @Test("bad data throws; NaN evaluates to NaN; large inputs in parallel equal the scalar path")
    func errorsAndEvaluation() throws {
        #expect(throws: InterpolationError.notStrictlyIncreasing(index: 2)) { try CubicSpline([0, 1, 1, 2], [0, 1, 2, 3]) }
        #expect(throws: InterpolationError.notStrictlyIncreasing(index: 1)) { try PchipInterpolator([1, 0], [0, 1]) }
        #expect(throws: InterpolationError.tooFewPoints(needed: 2, got: 1)) { try CubicSpline([0], [1]) }
        #expect(throws: InterpolationError.lengthMismatch(x: 3, y: 2)) { try Akima1DInterpolator([0, 1, 2], [0, 1]) }
        #expect(throws: InterpolationError.notFinite("y")) { try CubicSpline([0, 1, 2], [0, .nan, 1]) }
        #expect(throws: InterpolationError.self) { try CubicSpline([0, 1, 2, 3], [0, 1, 2, 3], boundary: .periodic) }
        let s = try CubicSpline(Self.x, Self.y)
        #expect(s(.nan).isNaN)
        #expect(try Akima1DInterpolator(Self.x, Self.y)(100).isNaN)
        var g = Generator(seed: 5)
        let big = g.random(300_000) * 8 - 1
        let values = s(big).toArray(), points = big.toArray()
        for i in stride(from: 0, to: points.count, by: 997) { #expect(values[i] == s(points[i])) }
    }
}
