import Foundation
import SwarmArray
import SwarmScience
import Testing

@Suite("BSpline and make_interp_spline against scipy.interpolate")
struct BSplineTests {
    static let x: [Double] = [0, 0.4, 1.1, 1.5, 2.3, 3.0, 3.2, 4.1, 5.0, 5.9, 6.3, 7.0]
    static let y: [Double] = x.map { sin($0) + 0.1 * $0 * $0 }
    static let t: [Double] = (0..<67).map { -0.9 + Double($0) * 0.13 }

    static func list(_ a: [Double]) -> String { "[" + a.map { "\($0)" }.joined(separator: ",") + "]" }

    func expectNear(_ ours: [Double], _ theirs: Any?, _ what: String, rtol: Double = 1e-12, atol: Double = 1e-12) {
        let e = flat(theirs)
        #expect(ours.count == e.count, "\(what): \(ours.count) vs \(e.count)")
        for (i, (a, b)) in zip(ours, e).enumerated() {
            #expect(close(a, b, rtol: rtol, atol: atol), "\(what)[\(i)]: \(a) vs scipy \(b)")
        }
    }

    @Test("BSpline from given t, c, k: values, derivatives, antiderivatives, integrals, each extrapolation")
    func evaluation() throws {
        let knots: [Double] = [-1, -0.5, 0, 0, 0.7, 1.3, 2, 2, 2.6, 3.1, 4, 4.5, 5]
        let c: [Double] = [1, -2, 0.5, 3, 1.5, -1, 2, 0.25, -0.75, 1.2, 0.3, 2.2]
        let script = """
        from scipy.interpolate import BSpline
        t = np.array(\(Self.list(knots))); c = np.array(\(Self.list(c))); xs = np.array(\(Self.list(Self.t)))
        out = {}
        for k in range(0, 5):
            n = len(t) - k - 1
            for name, ex in [('true', True), ('false', False), ('periodic', 'periodic')]:
                b = BSpline(t, c[:n], k, extrapolate=ex)
                r = [b(xs, nu).tolist() for nu in range(0, k + 2)]
                r.append(b.antiderivative()(xs).tolist())
                r.append(b.antiderivative(2)(xs).tolist())
                r.append([b.integrate(-0.3, 2.9), b.integrate(-2, 7), b.integrate(3, 0.2), b.integrate(-3, -2),
                          b.integrate(0.1, 13.7)])
                if k >= 2: r.append(b.derivative().c[:len(t) - k - 2].tolist())
                out[f'{k}{name}'] = r
        be = BSpline.basis_element([0, 1, 1.5, 3])
        out['basis'] = [be(xs).tolist(), be.t.tolist()]
        print(json.dumps(clean(out)))
        """
        guard let raw = try scipy(script) else { return }
        let s = raw as! [String: [Any]]
        for k in 0..<5 {
            let n = knots.count - k - 1
            for (name, ex) in [("true", Extrapolation.extrapolate), ("false", .none), ("periodic", .periodic)] {
                let b = BSpline(knots: knots, coefficients: Array(c[..<n]), degree: k, extrapolation: ex)
                let e = s["\(k)\(name)"]!
                for nu in 0...(k + 1) { expectNear(b(Self.t, nu: nu), e[nu], "k=\(k) \(name) nu=\(nu)", rtol: 1e-11, atol: 1e-11) }
                expectNear(b.antiderivative()(Self.t), e[k + 2], "k=\(k) \(name) antiderivative")
                expectNear(b.antiderivative(2)(Self.t), e[k + 3], "k=\(k) \(name) antiderivative(2)")
                expectNear([b.integrate(-0.3, 2.9), b.integrate(-2, 7), b.integrate(3, 0.2), b.integrate(-3, -2),
                            b.integrate(0.1, 13.7)], e[k + 4], "k=\(k) \(name) integrate", rtol: 1e-11)
                if k >= 2 { expectNear(b.derivative().coefficients, e[k + 5], "k=\(k) derivative c") }
                // Scalar and NDArray paths agree.
                #expect(b(1.234) == b([1.234])[0])
            }
        }
        let be = BSpline.basisElement([0, 1, 1.5, 3])
        expectNear(be(Self.t), s["basis"]![0], "basis element")
        expectNear(be.knots, s["basis"]![1], "basis element knots")
    }

    @Test("make_interp_spline: knots, coefficients and values for k = 0…5 and every bc_type")
    func interpolation() throws {
        let script = """
        from scipy.interpolate import make_interp_spline
        x = np.array(\(Self.list(Self.x))); y = np.array(\(Self.list(Self.y))); xs = np.array(\(Self.list(Self.t)))
        yp = y.copy(); yp[-1] = yp[0]
        cases = {}
        for k in range(0, 6): cases[f'nak{k}'] = (k, None, y)
        cases['natural3'] = (3, 'natural', y); cases['clamped3'] = (3, 'clamped', y)
        cases['deriv3'] = (3, ([(1, 0.5)], [(2, -1.0)]), y)
        cases['deriv2'] = (2, ([(1, 0.5)], None), y)
        cases['deriv2r'] = (2, (None, [(2, 0.3)]), y)
        cases['deriv4'] = (4, ([(1, 0.5), (2, 0.1)], [(1, -0.3)]), y)
        cases['deriv5'] = (5, ([(1, 0.5), (2, 0.1)], [(1, -0.3), (3, 1.0)]), y)
        for k in range(0, 6): cases[f'per{k}'] = (k, 'periodic', yp)
        cases['per3short'] = (3, 'periodic', np.array([1.0, 2.0, 1.0]))
        cases['per4short'] = (4, 'periodic', np.array([1.0, 2.0, 0.5, 1.0]))
        cases['per5short'] = (5, 'periodic', np.array([1.0, 2.0, -1.0, 0.5, 3.0, 1.0]))
        out = {}
        for name, (k, bc, yy) in cases.items():
            xx = x[:len(yy)]
            b = make_interp_spline(xx, yy, k=k, bc_type=bc)
            out[name] = [b.t.tolist(), b.c.tolist(), b(xs).tolist(), b(xs, 1).tolist() if k > 0 else [],
                         str(b.extrapolate)]
        print(json.dumps(clean(out)))
        """
        guard let raw = try scipy(script) else { return }
        let s = raw as! [String: [Any]]
        let yp = Self.y.enumerated().map { $0.offset == Self.y.count - 1 ? Self.y[0] : $0.element }
        let d = BoundaryDerivative.init(order:value:)
        var cases: [(String, Int, BSplineBoundary, [Double])] = (0...5).map { ("nak\($0)", $0, .notAKnot, Self.y) }
        cases += [
            ("natural3", 3, .natural, Self.y), ("clamped3", 3, .clamped, Self.y),
            ("deriv3", 3, .derivatives(start: [d(1, 0.5)], end: [d(2, -1)]), Self.y),
            ("deriv2", 2, .derivatives(start: [d(1, 0.5)], end: []), Self.y),
            ("deriv2r", 2, .derivatives(start: [], end: [d(2, 0.3)]), Self.y),
            ("deriv4", 4, .derivatives(start: [d(1, 0.5), d(2, 0.1)], end: [d(1, -0.3)]), Self.y),
            ("deriv5", 5, .derivatives(start: [d(1, 0.5), d(2, 0.1)], end: [d(1, -0.3), d(3, 1)]), Self.y),
        ]
        cases += (0...5).map { ("per\($0)", $0, .periodic, yp) }
        cases += [("per3short", 3, .periodic, [1, 2, 1]), ("per4short", 4, .periodic, [1, 2, 0.5, 1]),
                  ("per5short", 5, .periodic, [1, 2, -1, 0.5, 3, 1])]
        for (name, k, bc, yy) in cases {
            let b = try makeInterpSpline(Array(Self.x[..<yy.count]), yy, k: k, bcType: bc)
            let e = s[name]!
            expectNear(b.knots, e[0], "\(name) knots", rtol: 1e-15, atol: 1e-15)
            expectNear(b.coefficients, e[1], "\(name) coefficients", rtol: 1e-9, atol: 1e-10)
            expectNear(b(Self.t), e[2], "\(name) values", rtol: 1e-9, atol: 1e-10)
            if k > 0 { expectNear(b(Self.t, nu: 1), e[3], "\(name) derivative", rtol: 1e-9, atol: 1e-10) }
            let periodic = (e[4] as? String) == "periodic"
            #expect((b.extrapolation == .periodic) == periodic, "\(name) extrapolation")
        }
    }

    @Test("make_lsq_spline: coefficients for k = 1…5, with and without weights")
    func leastSquares() throws {
        var g = Generator(seed: 9)
        let x = (g.random(80).toArray().map { $0 * 7 }).sorted()
        let y = x.map { sin($0) + 0.05 * $0 * $0 } .enumerated().map { $0.element + 0.01 * Double($0.offset % 7) }
        let w = (0..<80).map { 1 + 0.5 * sin(Double($0)) }
        let script = """
        from scipy.interpolate import make_lsq_spline
        x = np.array(\(Self.list(x))); y = np.array(\(Self.list(y))); w = np.array(\(Self.list(w)))
        xs = np.array(\(Self.list(Self.t)))
        out = {}
        for k in range(1, 6):
            t = np.r_[(x[0],) * (k + 1), np.linspace(x[0], x[-1], 9)[1:-1], (x[-1],) * (k + 1)]
            a = make_lsq_spline(x, y, t, k); b = make_lsq_spline(x, y, t, k, w=w)
            out[str(k)] = [t.tolist(), a.c.tolist(), b.c.tolist(), a(xs).tolist()]
        print(json.dumps(clean(out)))
        """
        guard let raw = try scipy(script) else { return }
        let s = raw as! [String: [Any]]
        for k in 1...5 {
            let e = s["\(k)"]!
            let t = flat(e[0])
            let a = try makeLSQSpline(x, y, t: t, k: k)
            expectNear(a.coefficients, e[1], "lsq k=\(k)", rtol: 1e-10, atol: 1e-11)
            expectNear(try makeLSQSpline(x, y, t: t, k: k, w: w).coefficients, e[2], "weighted lsq k=\(k)",
                       rtol: 1e-10, atol: 1e-11)
            expectNear(a(Self.t), e[3], "lsq k=\(k) values", rtol: 1e-10, atol: 1e-11)
        }
        let t: [Double] = [0, 0, 0, 0, 3, 7, 7, 7, 7]
        #expect(throws: InterpolationError.outOfBounds(8, lower: 0, upper: 7)) {
            try makeLSQSpline([1, 2, 3, 4, 5, 8], [1, 2, 3, 4, 5, 6], t: t)
        }
        #expect(throws: InterpolationError.notStrictlyIncreasing(index: 2)) {
            try makeLSQSpline([1, 2, 1.5, 4, 5, 6], [1, 2, 3, 4, 5, 6], t: t)
        }
        // No data in a knot span: the system is rank-deficient.
        #expect(throws: InterpolationError.singularMatrix) {
            try makeLSQSpline([0, 0.5, 1, 1.5, 2, 2.5], [1, 2, 3, 4, 5, 6], t: [0, 0, 0, 0, 1, 2, 5, 6, 7, 7, 7, 7])
        }
    }

    @Test("bad data throws clear errors")
    func errors() throws {
        #expect(throws: InterpolationError.duplicateX(1)) { try makeInterpSpline([0, 1, 1, 2, 3], [0, 1, 2, 3, 4]) }
        #expect(throws: InterpolationError.notStrictlyIncreasing(index: 2)) { try makeInterpSpline([0, 2, 1, 3, 4], [0, 1, 2, 3, 4]) }
        #expect(throws: InterpolationError.lengthMismatch(x: 5, y: 4)) { try makeInterpSpline([0, 1, 2, 3, 4], [0, 1, 2, 3]) }
        #expect(throws: InterpolationError.tooFewPoints(needed: 4, got: 3)) { try makeInterpSpline([0, 1, 2], [0, 1, 2]) }
        #expect(throws: InterpolationError.notFinite("y")) { try makeInterpSpline([0, 1, 2, 3], [0, .nan, 2, 3]) }
        #expect(throws: InterpolationError.self) { try makeInterpSpline([0, 1, 2, 3], [0, 1, 2, 3], bcType: .periodic) }
    }

    @Test("large inputs in parallel equal the scalar path")
    func parallel() throws {
        let b = try makeInterpSpline(Self.x, Self.y, k: 3)
        var g = Generator(seed: 3)
        let big = g.random(200_000) * 9 - 1
        let values = b(big).toArray(), points = big.toArray()
        for i in stride(from: 0, to: points.count, by: 991) { #expect(values[i] == b(points[i])) }
    }
}
