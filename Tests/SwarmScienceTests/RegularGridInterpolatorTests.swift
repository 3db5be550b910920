import Foundation
import SwarmArray
import SwarmScience
import Testing

@Suite("RegularGridInterpolator against scipy.interpolate")
struct RegularGridInterpolatorTests {
    // Uneven axes; the second of the 3-D grid descends.
    static let a: [Double] = [0, 0.5, 1.2, 2, 2.4, 3.1, 4, 5]
    static let b: [Double] = [-1, -0.2, 0.3, 1, 1.8, 2.5, 3]
    static let c: [Double] = [2, 1.5, 0.8, 0.1, -0.5, -1]
    static func f2(_ x: Double, _ y: Double) -> Double { sin(x) * cos(y) + 0.1 * x * y }
    static func f3(_ x: Double, _ y: Double, _ z: Double) -> Double { sin(x + 0.3 * z) * cos(y) + 0.05 * x * y * z }

    /// Points inside, on grid lines, at corners, outside, and one NaN.
    static func samples(_ ranges: [ClosedRange<Double>], count: Int) -> [[Double]] {
        var g = Generator(seed: 7)
        var out: [[Double]] = (0..<count).map { _ in
            ranges.map { r in r.lowerBound - 0.6 + g.random() * (r.upperBound - r.lowerBound + 1.2) }
        }
        out.append(ranges.map(\.lowerBound))
        out.append(ranges.map(\.upperBound))
        out.append(ranges.enumerated().map { $0.offset == 0 ? 1.2 : $0.element.lowerBound })
        out.append(ranges.enumerated().map { $0.offset == 0 ? .nan : $0.element.lowerBound })
        return out
    }

    static func list(_ a: [Double]) -> String { "[" + a.map { $0.isNaN ? "np.nan" : "\($0)" }.joined(separator: ",") + "]" }
    static func matrix(_ m: [[Double]]) -> String { "np.array([" + m.map(list).joined(separator: ",") + "])" }

    func expectNear(_ ours: [Double], _ theirs: Any?, _ what: String, rtol: Double = 1e-12, atol: Double = 1e-12) {
        let e = flat(theirs)
        #expect(ours.count == e.count, "\(what): \(ours.count) vs \(e.count)")
        var bad = 0
        for (i, (u, v)) in zip(ours, e).enumerated() where !close(u, v, rtol: rtol, atol: atol) {
            bad += 1
            if bad <= 3 { Issue.record("\(what)[\(i)]: \(u) vs scipy \(v)") }
        }
    }

    static let methods: [(String, RegularGridInterpolator.Method)] = [
        ("linear", .linear), ("nearest", .nearest), ("slinear", .slinear), ("cubic", .cubic), ("quintic", .quintic),
        ("pchip", .pchip),
    ]

    func check(points: [[Double]], values: NDArray<Double>, valuesPython: String, xi: [[Double]]) throws {
        let inside = xi.filter { p in p.enumerated().allSatisfy { d, v in
            v >= points[d].min()! && v <= points[d].max()!
        } }
        let script = """
        from scipy.interpolate import RegularGridInterpolator as RGI
        from scipy.sparse.linalg import spsolve
        pts = [\(points.map { "np.array(" + Self.list($0) + ")" }.joined(separator: ","))]
        \(valuesPython)
        xi = \(Self.matrix(xi)); xin = \(Self.matrix(inside))
        out = {}
        for m in ['linear', 'nearest', 'slinear', 'cubic', 'quintic', 'pchip']:
            kw = {'solver': spsolve} if m in ('slinear', 'cubic', 'quintic') else {}
            out[m] = [RGI(pts, v, method=m, **kw)(xin).tolist(),
                      RGI(pts, v, method=m, bounds_error=False, **kw)(xi).tolist(),
                      RGI(pts, v, method=m, bounds_error=False, fill_value=None, **kw)(xi).tolist(),
                      RGI(pts, v, method=m, bounds_error=False, fill_value=-7.5, **kw)(xi).tolist(),
                      RGI(pts, v, method=m)(xin).tolist()]
        print(json.dumps(clean(out)))
        """
        guard let raw = try scipy(script) else { return }
        let s = raw as! [String: [Any]]
        for (name, method) in Self.methods {
            let e = s[name]!
            let tight = method == .linear ? 1e-12 : 1e-9
            let inBounds = try RegularGridInterpolator(points: points, values: values, method: method)
            expectNear(try inBounds(inside), e[0], "\(points.count)-D \(name) inside", rtol: tight, atol: tight)
            let nan = try RegularGridInterpolator(points: points, values: values, method: method, boundsError: false)
            expectNear(try nan(xi), e[1], "\(points.count)-D \(name) NaN outside", rtol: tight, atol: tight)
            let extrapolating = try RegularGridInterpolator(points: points, values: values, method: method,
                                                            boundsError: false, fillValue: nil)
            expectNear(try extrapolating(xi), e[2], "\(points.count)-D \(name) extrapolated", rtol: tight, atol: tight)
            let filled = try RegularGridInterpolator(points: points, values: values, method: method,
                                                     boundsError: false, fillValue: -7.5)
            expectNear(try filled(xi), e[3], "\(points.count)-D \(name) filled", rtol: tight, atol: tight)
            // SciPy's default iterative solver (gcrotmk, atol 1e-6) is close
            // to the exact answer, not equal to it.
            expectNear(try inBounds(inside), e[4], "\(points.count)-D \(name) vs default solver", rtol: 1e-3, atol: 1e-3)
            // Out of bounds throws, naming the first offending coordinate.
            #expect(throws: InterpolationError.self) { try inBounds(xi) }
            // The NDArray form, with its shape.
            let array = try inBounds(NDArray(inside))
            #expect(array.shape == [inside.count])
        }
    }

    @Test("2-D, every method, inside and out")
    func twoD() throws {
        let values = NDArray(Self.a.map { x in Self.b.map { y in Self.f2(x, y) } })
        try check(points: [Self.a, Self.b], values: values,
                  valuesPython: "v = np.sin(pts[0])[:, None] * np.cos(pts[1])[None, :] + 0.1 * pts[0][:, None] * pts[1][None, :]",
                  xi: Self.samples([0...5, -1...3], count: 120))
    }

    @Test("3-D with a descending axis, every method, inside and out")
    func threeD() throws {
        let flat = Self.a.flatMap { x in Self.b.flatMap { y in Self.c.map { z in Self.f3(x, y, z) } } }
        let values = NDArray(flat).reshaped([Self.a.count, Self.b.count, Self.c.count])
        try check(points: [Self.a, Self.b, Self.c], values: values,
                  valuesPython: """
                  X, Y, Z = np.meshgrid(*pts, indexing='ij')
                  v = np.sin(X + 0.3 * Z) * np.cos(Y) + 0.05 * X * Y * Z
                  """,
                  xi: Self.samples([0...5, -1...3, -1...2], count: 80))
    }

    @Test("errors: bad grids, too few points, out of bounds")
    func errors() throws {
        let v = NDArray([[1.0, 2, 3], [4, 5, 6]])
        #expect(throws: InterpolationError.gridNotMonotonic(dimension: 1)) {
            try RegularGridInterpolator(points: [[0, 1], [0, 2, 1]], values: v)
        }
        #expect(throws: InterpolationError.tooFewPoints(needed: 4, got: 2)) {
            try RegularGridInterpolator(points: [[0, 1], [0, 1, 2]], values: v, method: .cubic)
        }
        let f = try RegularGridInterpolator(points: [[0, 1], [0, 1, 2]], values: v)
        #expect(throws: InterpolationError.outOfBounds(2.5, lower: 0, upper: 2)) { try f([[0.5, 1], [0.5, 2.5]]) }
        #expect(throws: InterpolationError.self) { try f([[Double.nan, 1]]) }
        #expect(try f([[0.5, 1.5]]) == [4])
    }

    @Test("a big input in parallel equals the one-point path")
    func parallel() throws {
        let values = NDArray(Self.a.map { x in Self.b.map { y in Self.f2(x, y) } })
        var g = Generator(seed: 2)
        let xi = g.random(50_000, 2) * 3
        for method in [RegularGridInterpolator.Method.linear, .cubic] {
            let f = try RegularGridInterpolator(points: [Self.a, Self.b], values: values, method: method,
                                                boundsError: false)
            let all = try f(xi).toArray(), points = xi.toArray()
            for i in stride(from: 0, to: all.count, by: 499) {
                #expect(try all[i] == f([[points[2 * i], points[2 * i + 1]]])[0])
            }
        }
    }
}
