import Foundation
import SwarmArray
import SwarmScience
import Testing

@Suite("scipy.special NDArray forms, logsumexp and the exact combinatorics")
struct SpecialArrayTests {
    /// Every element-wise form keeps the shape and equals the scalar map,
    /// on an array large enough to be split across the cores.
    @Test func elementwiseFormsMatchTheScalarMap() {
        let n = 3 * 4096 + 17
        let values = (0..<n).map { 0.001 + 30 * Double($0) / Double(n) }
        let x = NDArray(shape: [n], elements: values)
        let unit = NDArray(shape: [n], elements: values.map { $0 / 31 })
        let cases: [(String, NDArray<Double>, (Double) -> Double, NDArray<Double>)] = [
            ("gamma", x, { Special.gamma($0) }, Special.gamma(x)),
            ("gammaln", x, { Special.gammaln($0) }, Special.gammaln(x)),
            ("digamma", x, { Special.digamma($0) }, Special.digamma(x)),
            ("erf", x, { Special.erf($0) }, Special.erf(x)),
            ("erfc", x, { Special.erfc($0) }, Special.erfc(x)),
            ("erfinv", unit, { Special.erfinv($0) }, Special.erfinv(unit)),
            ("erfcinv", unit, { Special.erfcinv($0) }, Special.erfcinv(unit)),
            ("j0", x, { Special.j0($0) }, Special.j0(x)),
            ("j1", x, { Special.j1($0) }, Special.j1(x)),
            ("y0", x, { Special.y0($0) }, Special.y0(x)),
            ("y1", x, { Special.y1($0) }, Special.y1(x)),
            ("i0", x, { Special.i0($0) }, Special.i0(x)),
            ("i1", x, { Special.i1($0) }, Special.i1(x)),
            ("k0", x, { Special.k0($0) }, Special.k0(x)),
            ("k1", x, { Special.k1($0) }, Special.k1(x)),
            ("expit", x, { Special.expit($0) }, Special.expit(x)),
            ("logit", unit, { Special.logit($0) }, Special.logit(unit)),
            ("factorial", x, { Special.factorial($0) }, Special.factorial(x)),
            ("gammainc", x, { Special.gammainc(3.5, $0) }, Special.gammainc(3.5, x)),
            ("gammaincc", x, { Special.gammaincc(3.5, $0) }, Special.gammaincc(3.5, x)),
            ("gammaincinv", unit, { Special.gammaincinv(3.5, $0) }, Special.gammaincinv(3.5, unit)),
            ("gammainccinv", unit, { Special.gammainccinv(3.5, $0) }, Special.gammainccinv(3.5, unit)),
            ("betainc", unit, { Special.betainc(2, 3, $0) }, Special.betainc(2, 3, unit)),
            ("betaincinv", unit, { Special.betaincinv(2, 3, $0) }, Special.betaincinv(2, 3, unit)),
            ("jn", x, { Special.jn(3, $0) }, Special.jn(3, x)),
            ("beta", x, { Special.beta(2.5, $0) }, Special.beta(2.5, x)),
            ("xlogy", x, { Special.xlogy(2, $0) }, Special.xlogy(2, x)),
        ]
        for (name, input, scalar, array) in cases {
            #expect(array.shape == input.shape, "\(name)")
            let expected = input.toArray().map(scalar)
            #expect(array.toArray().elementsEqual(expected) { $0 == $1 || ($0.isNaN && $1.isNaN) }, "\(name)")
        }
        // Two arrays element by element, and a 2-D shape kept.
        let grid = NDArray([[0.5, 1, 2], [3, 4, 5]])
        let p = Special.gammainc(grid, grid)
        #expect(p.shape == [2, 3])
        #expect(p.toArray() == grid.toArray().map { Special.gammainc($0, $0) })
        #expect(Special.gamma(grid).shape == [2, 3])
        #expect(Special.gamma(NDArray<Double>(shape: [0], elements: [])).shape == [0])
    }

    @Test func logsumexpMatchesSciPyOverAllElementsAndEachAxis() throws {
        let rows: [[Double]] = [[1, 2, 3, 4], [-1000, -1001, -999, -1e300], [1e308, 1e308, 0, 1],
                                [-.infinity, -.infinity, -.infinity, -.infinity], [0, .infinity, 1, 2],
                                [1e-20, 3e-20, -5e-21, 0]]
        let a = NDArray(rows)
        let vectors: [[Double]] = [[1, 2, 3], [], [-.infinity], [.nan, 1], [5], [0, 0, 0, 0]]
        let script = """
        from scipy.special import logsumexp
        a = np.array(\(specialPythonList(rows)))
        vs = \(specialPythonList(vectors))
        out = {'all': logsumexp(a), 'axis0': logsumexp(a, axis=0), 'axis1': logsumexp(a, axis=1),
               'axism1': logsumexp(a, axis=-1),
               'vectors': [float(logsumexp(np.array(v, dtype=float))) for v in vs]}
        print(json.dumps(clean(out)))
        """
        guard let expected = try scipy(script) as? [String: Any] else { return }
        #expect(close(Special.logsumexp(a), number(expected["all"]), rtol: 1e-15))
        for (key, axis) in [("axis0", 0), ("axis1", 1), ("axism1", -1)] {
            let got = Special.logsumexp(a, axis: axis)
            let want = flat(expected[key])
            #expect(got.shape == [axis == 0 ? 4 : 6], "\(key)")
            #expect(zip(got.toArray(), want).allSatisfy { close($0, $1, rtol: 1e-15) }, "\(key): \(got.toArray()) vs \(want)")
        }
        let want = flat(expected["vectors"])
        for (v, w) in zip(vectors, want) {
            #expect(close(Special.logsumexp(v), w, rtol: 1e-15), "\(v)")
        }
        // A 3-D array reduced along its middle axis, against the scalar lanes.
        let cube = NDArray(shape: [3, 5, 7], elements: (0..<105).map { sin(Double($0)) * 10 })
        let middle = Special.logsumexp(cube, axis: 1)
        #expect(middle.shape == [3, 7])
        let values = cube.toArray()
        for i in 0..<3 {
            for k in 0..<7 {
                let lane = (0..<5).map { values[i * 35 + $0 * 7 + k] }
                #expect(middle.toArray()[i * 7 + k] == Special.logsumexp(lane))
            }
        }
    }

    @Test func exactCombinatoricsMatchSciPyAndThrowOnOverflow() throws {
        let pairs = [(10, 3), (5, 0), (5, 5), (5, 7), (-1, 2), (5, -1), (60, 30), (66, 33), (1000, 3), (62, 31)]
        let script = """
        from scipy.special import comb, factorial
        ps = \(pairs.map { [$0.0, $0.1] })
        print(json.dumps({'comb': [int(comb(n, k, exact=True)) for n, k in ps],
                          'rep': [int(comb(n, k, exact=True, repetition=True)) for n, k in ps if n + k < 60],
                          'fact': [int(factorial(n, exact=True)) for n in [-1, 0, 1, 5, 20]]}))
        """
        guard let expected = try scipy(script) as? [String: [NSNumber]] else { return }
        #expect(try pairs.map { try Special.combExact($0.0, $0.1) } == expected["comb"]!.map(\.intValue))
        #expect(try pairs.filter { $0.0 + $0.1 < 60 }.map { try Special.combExact($0.0, $0.1, repetition: true) }
                == expected["rep"]!.map(\.intValue))
        #expect(try [-1, 0, 1, 5, 20].map { try Special.factorialExact($0) } == expected["fact"]!.map(\.intValue))
        #expect(throws: SpecialError.overflow(function: "factorial", arguments: [21])) { try Special.factorialExact(21) }
        #expect(throws: SpecialError.self) { try Special.combExact(68, 34) }
        #expect(throws: SpecialError.self) { try Special.combExact(1000, 500) }
        #expect(throws: SpecialError.self) { try Special.combExact(67, 33) }  // 1.4e19 > Int.max
        #expect(SpecialError.overflow(function: "comb", arguments: [68, 34]).description.contains("comb(68, 34"))
    }
}

/// A Python list literal (nan and ±inf spelled for `float(...)`).
func specialPythonList(_ v: [Double]) -> String {
    "[" + v.map { $0.isNaN ? "float('nan')" : $0.isInfinite ? ($0 > 0 ? "float('inf')" : "float('-inf')") : "\($0)" }
        .joined(separator: ", ") + "]"
}

func specialPythonList(_ rows: [[Double]]) -> String { "[" + rows.map { specialPythonList($0) }.joined(separator: ", ") + "]" }
