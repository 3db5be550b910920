import Foundation
import SwarmArray
import SwarmScience
import Testing

@Suite("interp1d against scipy.interpolate")
struct Interp1DTests {
    // Unsorted on purpose: interp1d sorts.
    static let x: [Double] = [3.0, 0, 1.1, 0.4, 2.3, 1.5, 4.1, 3.2, 5.0, 5.9]
    static let y: [Double] = x.map { sin($0) + 0.1 * $0 * $0 }
    // Inside, on the data, at halfway points, and outside.
    static let t: [Double] = (0..<57).map { -0.7 + Double($0) * 0.13 } + [0, 0.2, 0.75, 5.9, 3.0, 3.1]
    static let inside: [Double] = t.filter { $0 >= 0 && $0 <= 5.9 }

    static func list(_ a: [Double]) -> String { "[" + a.map { "\($0)" }.joined(separator: ",") + "]" }

    static let kinds: [(String, Interp1D.Kind)] = [
        ("linear", .linear), ("nearest", .nearest), ("nearest-up", .nearestUp), ("zero", .zero),
        ("slinear", .slinear), ("quadratic", .quadratic), ("cubic", .cubic), ("previous", .previous),
        ("next", .next), ("5", .spline(degree: 5)),
    ]

    func expectNear(_ ours: [Double], _ theirs: Any?, _ what: String, rtol: Double = 1e-12) {
        let e = flat(theirs)
        #expect(ours.count == e.count, "\(what): \(ours.count) vs \(e.count)")
        for (i, (a, b)) in zip(ours, e).enumerated() {
            #expect(close(a, b, rtol: rtol, atol: 1e-12), "\(what)[\(i)]: \(a) vs scipy \(b)")
        }
    }

    @Test("every kind: in range, extrapolated, filled with a value and with a pair")
    func kinds() throws {
        let script = """
        from scipy.interpolate import interp1d
        x = np.array(\(Self.list(Self.x))); y = np.array(\(Self.list(Self.y)))
        t = np.array(\(Self.list(Self.t))); ti = np.array(\(Self.list(Self.inside)))
        out = {}
        for kind in ['linear', 'nearest', 'nearest-up', 'zero', 'slinear', 'quadratic', 'cubic', 'previous', 'next', 5]:
            out[str(kind)] = [interp1d(x, y, kind=kind)(ti).tolist(),
                              interp1d(x, y, kind=kind, fill_value='extrapolate')(t).tolist(),
                              interp1d(x, y, kind=kind, bounds_error=False)(t).tolist(),
                              interp1d(x, y, kind=kind, bounds_error=False, fill_value=(-1.5, 2.5))(t).tolist()]
        print(json.dumps(clean(out)))
        """
        guard let raw = try scipy(script) else { return }
        let s = raw as! [String: [Any]]
        for (name, kind) in Self.kinds {
            let e = s[name]!
            expectNear(try Interp1D(Self.x, Self.y, kind: kind)(Self.inside), e[0], "\(name) inside", rtol: 1e-10)
            expectNear(try Interp1D(Self.x, Self.y, kind: kind, fillValue: .extrapolate)(Self.t), e[1],
                       "\(name) extrapolate", rtol: 1e-10)
            let nan = try Interp1D(Self.x, Self.y, kind: kind, boundsError: false)
            expectNear(try nan(Self.t), e[2], "\(name) NaN fill", rtol: 1e-10)
            let pair = try Interp1D(Self.x, Self.y, kind: kind, boundsError: false, fillValue: .pair(below: -1.5, above: 2.5))
            expectNear(try pair(Self.t), e[3], "\(name) pair fill", rtol: 1e-10)
            // The scalar path agrees with the array path.
            for v in [-1.0, 0.75, 3.0, 7.0] { #expect(try nan(v).isNaN && nan([v])[0].isNaN || nan(v) == nan([v])[0]) }
        }
    }

    @Test("duplicates, a single-sided fill, sorted input, NaN in y")
    func edgeCases() throws {
        let xd: [Double] = [0, 1, 1, 2, 3, 3, 4]
        let yd: [Double] = [0, 1, 5, 2, -1, 4, 3]
        let ty: [Double] = (0..<41).map { Double($0) * 0.1 }
        let script = """
        from scipy.interpolate import interp1d
        xd = np.array(\(Self.list(xd))); yd = np.array(\(Self.list(yd))); t = np.array(\(Self.list(ty)))
        out = {}
        for kind in ['linear', 'nearest', 'nearest-up', 'previous', 'next']:
            out[kind] = [interp1d(xd, yd, kind=kind)(t).tolist(),
                         interp1d(xd, yd, kind=kind, fill_value='extrapolate')(t - 0.5).tolist()]
        yn = yd.copy(); yn[2] = np.nan
        xs = np.array([0, 1, 2, 3, 4.0]); ys = np.array([0, 1, np.nan, 2, 3.0])
        out['nan'] = [interp1d(xs, ys)(t).tolist(), interp1d(xs, ys, kind='cubic')(t).tolist(),
                      interp1d(xs, ys, kind='slinear')(t).tolist()]
        print(json.dumps(clean(out)))
        """
        guard let raw = try scipy(script) else { return }
        let s = raw as! [String: [Any]]
        for (name, kind) in [("linear", Interp1D.Kind.linear), ("nearest", .nearest), ("nearest-up", .nearestUp),
                             ("previous", .previous), ("next", .next)] {
            let e = s[name]!
            expectNear(try Interp1D(xd, yd, kind: kind)(ty), e[0], "duplicates \(name)")
            expectNear(try Interp1D(xd, yd, kind: kind, fillValue: .extrapolate)(ty.map { $0 - 0.5 }), e[1],
                       "duplicates \(name) extrapolated")
        }
        let xs: [Double] = [0, 1, 2, 3, 4], ys: [Double] = [0, 1, .nan, 2, 3]
        let e = s["nan"]!
        expectNear(try Interp1D(xs, ys)(ty), e[0], "NaN linear")
        expectNear(try Interp1D(xs, ys, kind: .cubic)(ty), e[1], "NaN cubic")
        expectNear(try Interp1D(xs, ys, kind: .slinear)(ty), e[2], "NaN slinear")
        // assumeSorted with sorted data gives the same as sorting.
        let sorted = Array(Set(Self.x)).sorted()
        let ysorted = sorted.map { sin($0) + 0.1 * $0 * $0 }
        #expect(try Interp1D(sorted, ysorted, kind: .cubic, assumeSorted: true)(Self.inside)
                == Interp1D(Self.x, Self.y, kind: .cubic)(Self.inside))
    }

    @Test("errors: out of bounds, duplicates for splines, unsorted with assumeSorted, lengths")
    func errors() throws {
        let f = try Interp1D(Self.x, Self.y)
        #expect(throws: InterpolationError.outOfBounds(-1, lower: 0, upper: 5.9)) { try f([1, 7, -1]) }
        #expect(throws: InterpolationError.outOfBounds(7, lower: 0, upper: 5.9)) { try f([1, 7, 2]) }
        #expect(throws: InterpolationError.outOfBounds(6, lower: 0, upper: 5.9)) { try f(6) }
        let g = try Interp1D(Self.x, Self.y, kind: .cubic)
        #expect(throws: InterpolationError.outOfBounds(-0.1, lower: 0, upper: 5.9)) { try g(NDArray([-0.1])) }
        #expect(throws: InterpolationError.duplicateX(1)) { try Interp1D([0, 1, 1, 2, 3], [0, 1, 2, 3, 4], kind: .cubic) }
        #expect(throws: InterpolationError.notStrictlyIncreasing(index: 2)) {
            try Interp1D([0, 2, 1], [0, 1, 2], assumeSorted: true)
        }
        #expect(throws: InterpolationError.lengthMismatch(x: 3, y: 2)) { try Interp1D([0, 1, 2], [0, 1]) }
        #expect(throws: InterpolationError.tooFewPoints(needed: 4, got: 3)) { try Interp1D([0, 1, 2], [0, 1, 2], kind: .cubic) }
        #expect(throws: InterpolationError.notFinite("x")) { try Interp1D([0, .nan, 2], [0, 1, 2]) }
        // A big input goes parallel and agrees with the scalar path.
        var gen = Generator(seed: 11)
        let big = gen.random(100_000) * 5.9
        let h = try Interp1D(Self.x, Self.y, kind: .nearest)
        let values = try h(big).toArray(), points = big.toArray()
        for i in stride(from: 0, to: points.count, by: 997) { #expect(try values[i] == h(points[i])) }
    }
}
