import Foundation
import SwarmScience
import Testing

/// A Moré–Garbow–Hillstrom least-squares problem, in Swift and in Python.
struct LSQCase: Sendable, CustomTestStringConvertible {
    let name: String
    let r: @Sendable ([Double]) -> [Double]
    /// The residual vector as a Python expression in `x` (with `np`).
    let python: String
    let x0: [Double]
    var testDescription: String { name }
}

let bardY: [Double] = [0.14, 0.18, 0.22, 0.25, 0.29, 0.32, 0.35, 0.39, 0.37, 0.58, 0.73, 0.96, 1.34, 2.10, 4.39]
let kowY: [Double] = [0.1957, 0.1947, 0.1735, 0.16, 0.0844, 0.0627, 0.0456, 0.0342, 0.0323, 0.0235, 0.0246]
let kowU: [Double] = [4, 2, 1, 0.5, 0.25, 0.167, 0.125, 0.1, 0.0833, 0.0714, 0.0625]
let lsqCases: [LSQCase] = [
    LSQCase(name: "Rosenbrock", r: { x in [10 * (x[1] - x[0] * x[0]), 1 - x[0]] },
            python: "np.array([10*(x[1]-x[0]**2), 1-x[0]])", x0: [-1.2, 1]),
    LSQCase(name: "Freudenstein–Roth",
            r: { x in [-13 + x[0] + ((5 - x[1]) * x[1] - 2) * x[1], -29 + x[0] + ((x[1] + 1) * x[1] - 14) * x[1]] },
            python: "np.array([-13+x[0]+((5-x[1])*x[1]-2)*x[1], -29+x[0]+((x[1]+1)*x[1]-14)*x[1]])", x0: [0.5, -2]),
    LSQCase(name: "Bard", r: { x in
                (0..<15).map { i -> Double in
                    let u = Double(i + 1), v = Double(15 - i), w = min(u, v)
                    return bardY[i] - (x[0] + u / (v * x[1] + w * x[2]))
                }
            },
            python: """
            np.array([\(bardY)[i] - (x[0] + (i+1)/((15-i)*x[1] + min(i+1, 15-i)*x[2])) for i in range(15)])
            """, x0: [1, 1, 1]),
    LSQCase(name: "Kowalik–Osborne", r: { x in
                (0..<11).map { i -> Double in
                    let u = kowU[i]
                    return kowY[i] - x[0] * (u * u + u * x[1]) / (u * u + u * x[2] + x[3])
                }
            },
            python: """
            np.array([\(kowY)[i] - x[0]*(u*u+u*x[1])/(u*u+u*x[2]+x[3]) for i, u in enumerate(\(kowU))])
            """, x0: [0.25, 0.39, 0.415, 0.39]),
    LSQCase(name: "Box 3-D", r: { x in
                (1...10).map { i -> Double in
                    let t = 0.1 * Double(i)
                    return exp(-t * x[0]) - exp(-t * x[1]) - x[2] * (exp(-t) - exp(-10 * t))
                }
            },
            python: """
            np.array([math.exp(-0.1*i*x[0]) - math.exp(-0.1*i*x[1]) - x[2]*(math.exp(-0.1*i) - math.exp(-i))
                      for i in range(1, 11)])
            """, x0: [0, 10, 20]),
]

@Suite("leastSquares (lm) against scipy.optimize.least_squares")
struct LeastSquaresTests {
    @Test("x, cost, nfev match SciPy's method='lm'", arguments: lsqCases)
    func matches(_ c: LSQCase) throws {
        guard let out = try scipy("""
        from scipy.optimize import least_squares
        fun = lambda x: \(c.python)
        r = least_squares(fun, \(c.x0), method='lm')
        print(json.dumps(clean([r.x, r.cost, r.nfev, r.status, r.optimality, r.fun, r.grad])))
        """) as? [Any] else { return }
        let r = try leastSquares(c.r, x0: c.x0, method: .lm)
        let ex = flat(out[0])
        for (a, b) in zip(r.x, ex) { #expect(close(a, b, rtol: 1e-7, atol: 1e-10), "x \(r.x) vs \(ex)") }
        #expect(close(r.cost, number(out[1]), rtol: 1e-8, atol: 1e-20), "cost \(r.cost) vs \(out[1])")
        #expect(r.nfev == Int(number(out[2])), "nfev \(r.nfev) vs \(out[2])")
        #expect(r.status == Int(number(out[3])), "status \(r.status) vs \(out[3])")
        #expect(r.success)
    }

    @Test("an analytic Jacobian gives SciPy's iterates and njev")
    func analyticJacobian() throws {
        guard let out = try scipy("""
        from scipy.optimize import least_squares
        fun = lambda x: np.array([10*(x[1]-x[0]**2), 1-x[0]])
        jac = lambda x: np.array([[-20*x[0], 10], [-1, 0]])
        r = least_squares(fun, [-1.2, 1], jac=jac, method='lm')
        print(json.dumps(clean([r.x, r.cost, r.nfev, r.njev, r.status, r.jac])))
        """) as? [Any] else { return }
        let r = try leastSquares({ x in [10 * (x[1] - x[0] * x[0]), 1 - x[0]] }, x0: [-1.2, 1],
                                 jacobian: { x in [-20 * x[0], 10, -1, 0] }, method: .lm)
        #expect(zip(r.x, flat(out[0])).allSatisfy { close($0, $1, rtol: 1e-12) })
        #expect(r.nfev == Int(number(out[2])) && r.njev == Int(number(out[3])), "\(r) vs \(out)")
        #expect(r.status == Int(number(out[4])))
        #expect(zip(r.jac, flat(out[5])).allSatisfy { close($0, $1, rtol: 1e-12) })
    }

    @Test("maxNfev stops with status 0")
    func evaluationLimit() throws {
        let c = lsqCases[2]
        guard let out = try scipy("""
        from scipy.optimize import least_squares
        fun = lambda x: \(c.python)
        r = least_squares(fun, \(c.x0), method='lm', max_nfev=3)
        print(json.dumps(clean([r.x, r.nfev, r.status])))
        """) as? [Any] else { return }
        let r = try leastSquares(c.r, x0: c.x0, method: .lm, maxNfev: 3)
        #expect(zip(r.x, flat(out[0])).allSatisfy { close($0, $1, rtol: 1e-9) }, "\(r.x) vs \(out[0])")
        #expect(r.nfev == Int(number(out[1])) && r.status == Int(number(out[2])) && !r.success)
    }

    @Test("bad input throws")
    func errors() {
        #expect(throws: OptimizeError.self) { try leastSquares({ _ in [1] }, x0: [1, 2], method: .lm) }
        #expect(throws: OptimizeError.self) { try leastSquares({ _ in [1] }, x0: [], method: .lm) }
        #expect(throws: OptimizeError.self) { try leastSquares({ x in x }, x0: [1], method: .lm, ftol: 0) }
    }
}
