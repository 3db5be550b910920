import Foundation
@testable import SwarmScience
import Testing

/// A least-squares problem, written once in Swift and once in Python
/// (`r(x)` returning a list).
struct LSQCase: Sendable, CustomTestStringConvertible {
    let name: String
    let f: @Sendable ([Double]) -> [Double]
    let python: String
    let x0: [Double]
    var lower: [Double]? = nil
    var upper: [Double]? = nil
    var loss: LeastSquaresLoss = .linear
    var testDescription: String { name }
}

private let bardY = [0.14, 0.18, 0.22, 0.25, 0.29, 0.32, 0.35, 0.39, 0.37, 0.58, 0.73, 0.96, 1.34, 2.10, 4.39]
private let bard: @Sendable ([Double]) -> [Double] = { x in
    (1...15).map { i in
        let u = Double(i), v = Double(16 - i), w = Double(min(i, 16 - i))
        return bardY[i - 1] - (x[0] + u / (v * x[1] + w * x[2]))
    }
}
private let box3: @Sendable ([Double]) -> [Double] = { x in
    (1...10).map { i in
        let t = 0.1 * Double(i)
        return exp(-t * x[0]) - exp(-t * x[1]) - x[2] * (exp(-t) - exp(-10 * t))
    }
}
// 30 points of 2·exp(−1.3 t) + 0.5 with four gross outliers.
private let outT = (0..<30).map { Double($0) * 0.2 }
private let outY = outT.enumerated().map { i, t in
    2 * exp(-1.3 * t) + 0.5 + 0.05 * sin(7 * Double(i)) + ([3, 11, 19, 25].contains(i) ? 2.5 : 0)
}
private let outliers: @Sendable ([Double]) -> [Double] = { x in
    outT.indices.map { x[0] * exp(-x[1] * outT[$0]) + x[2] - outY[$0] }
}
private let pyBard = """
y = [0.14, 0.18, 0.22, 0.25, 0.29, 0.32, 0.35, 0.39, 0.37, 0.58, 0.73, 0.96, 1.34, 2.10, 4.39]
def r(x): return [y[i-1] - (x[0] + i / ((16-i) * x[1] + min(i, 16-i) * x[2])) for i in range(1, 16)]
"""
private let pyBox = """
def r(x): return [math.exp(-0.1*i*x[0]) - math.exp(-0.1*i*x[1]) - x[2]*(math.exp(-0.1*i) - math.exp(-10*0.1*i)) for i in range(1, 11)]
"""
private let pyOut = """
T = [i*0.2 for i in range(30)]
Y = [2*math.exp(-1.3*t) + 0.5 + 0.05*math.sin(7*i) + (2.5 if i in (3, 11, 19, 25) else 0) for i, t in enumerate(T)]
def r(x): return [x[0]*math.exp(-x[1]*T[i]) + x[2] - Y[i] for i in range(30)]
"""

let lsqCases: [LSQCase] = [
    LSQCase(name: "Rosenbrock", f: { x in [10 * (x[1] - x[0] * x[0]), 1 - x[0]] },
            python: "def r(x): return [10*(x[1]-x[0]**2), 1-x[0]]", x0: [-1.2, 1]),
    LSQCase(name: "Rosenbrock, bounded", f: { x in [10 * (x[1] - x[0] * x[0]), 1 - x[0]] },
            python: "def r(x): return [10*(x[1]-x[0]**2), 1-x[0]]", x0: [-1.2, 1], lower: [-2, -.infinity], upper: [0.5, 2]),
    LSQCase(name: "Freudenstein-Roth", f: { x in
        [-13 + x[0] + ((5 - x[1]) * x[1] - 2) * x[1], -29 + x[0] + ((x[1] + 1) * x[1] - 14) * x[1]] },
            python: "def r(x): return [-13+x[0]+((5-x[1])*x[1]-2)*x[1], -29+x[0]+((x[1]+1)*x[1]-14)*x[1]]", x0: [0.5, -2]),
    LSQCase(name: "Freudenstein-Roth, bounded", f: { x in
        [-13 + x[0] + ((5 - x[1]) * x[1] - 2) * x[1], -29 + x[0] + ((x[1] + 1) * x[1] - 14) * x[1]] },
            python: "def r(x): return [-13+x[0]+((5-x[1])*x[1]-2)*x[1], -29+x[0]+((x[1]+1)*x[1]-14)*x[1]]", x0: [0.5, 2],
            lower: [0, 0], upper: [20, 10]),
    LSQCase(name: "Bard", f: bard, python: pyBard, x0: [1, 1, 1]),
    LSQCase(name: "Bard, bounded", f: bard, python: pyBard, x0: [1, 1, 1], lower: [0.1, 0.5, 0.5], upper: [1, 3, 3]),
    LSQCase(name: "Box 3-D", f: box3, python: pyBox, x0: [0, 10, 20]),
    LSQCase(name: "Box 3-D, bounded", f: box3, python: pyBox, x0: [0, 9, 20], lower: [0, 5, 0], upper: [2, 9.5, 20]),
    LSQCase(name: "outliers, linear", f: outliers, python: pyOut, x0: [1, 1, 0]),
    LSQCase(name: "outliers, soft_l1", f: outliers, python: pyOut, x0: [1, 1, 0], loss: .softL1),
    LSQCase(name: "outliers, huber", f: outliers, python: pyOut, x0: [1, 1, 0], loss: .huber),
    LSQCase(name: "outliers, cauchy", f: outliers, python: pyOut, x0: [1, 1, 0], loss: .cauchy),
    LSQCase(name: "outliers, arctan", f: outliers, python: pyOut, x0: [1, 1, 0], loss: .arctan),
    LSQCase(name: "outliers, huber, bounded", f: outliers, python: pyOut, x0: [1, 1, 0.7],
            lower: [0, 0, 0.6], upper: [5, 5, 5], loss: .huber),
]

/// A problem of `lsqCases` with an x_scale: fixed values, or nil for 'jac'.
struct XScaleCase: Sendable, CustomTestStringConvertible {
    let problem: LSQCase
    let scale: [Double]?
    var method: LeastSquaresMethod = .trf
    var methodName: String { [LeastSquaresMethod.trf: "trf", .lm: "lm", .dogbox: "dogbox"][method]! }
    var testDescription: String { "\(problem.name), x_scale \(scale.map { "\($0)" } ?? "'jac'"), \(methodName)" }
}

let xScaleCases: [XScaleCase] = {
    func named(_ name: String) -> LSQCase { lsqCases.first { $0.name == name }! }
    return [
        XScaleCase(problem: named("Rosenbrock"), scale: nil),
        XScaleCase(problem: named("Rosenbrock, bounded"), scale: nil),
        XScaleCase(problem: named("Bard"), scale: nil),
        XScaleCase(problem: named("Bard, bounded"), scale: nil),
        XScaleCase(problem: named("Box 3-D, bounded"), scale: nil),
        XScaleCase(problem: named("outliers, huber, bounded"), scale: nil),
        XScaleCase(problem: named("Bard"), scale: [0.1, 2, 3]),
        XScaleCase(problem: named("Freudenstein-Roth, bounded"), scale: [1, 0.1]),
        XScaleCase(problem: named("Bard"), scale: [0.1, 2, 3], method: .lm),
        XScaleCase(problem: named("Box 3-D"), scale: [1, 10, 10], method: .lm),
        XScaleCase(problem: named("Bard, bounded"), scale: nil, method: .dogbox),
        XScaleCase(problem: named("Box 3-D, bounded"), scale: [1, 10, 10], method: .dogbox),
        XScaleCase(problem: named("outliers, huber, bounded"), scale: nil, method: .dogbox),
    ]
}()

/// A Python list literal (np.inf for infinities), or None.
func pyList(_ v: [Double]?) -> String {
    v.map { "[" + $0.map { $0.isInfinite ? ($0 > 0 ? "np.inf" : "-np.inf") : "\($0)" }.joined(separator: ",") + "]" } ?? "None"
}

/// SciPy's name for a loss.
func pyLossName(_ loss: LeastSquaresLoss) -> String {
    [LeastSquaresLoss.linear: "linear", .softL1: "soft_l1", .huber: "huber", .cauchy: "cauchy", .arctan: "arctan"][loss]!
}

@Suite("leastSquares vs scipy.optimize.least_squares (trf, dogbox, lm)")
struct LeastSquaresTests {
    @Test("MGH problems and robust losses, trf and dogbox", arguments: lsqCases, [LeastSquaresMethod.trf, .dogbox])
    func problems(_ c: LSQCase, _ method: LeastSquaresMethod) throws {
        let lossName = pyLossName(c.loss)
        let bounds = c.lower == nil ? "(-np.inf, np.inf)" : "(\(pyList(c.lower)), \(pyList(c.upper)))"
        guard let e = try scipy("""
        from scipy.optimize import least_squares
        \(c.python)
        res = least_squares(lambda x: np.array(r(x)), \(pyList(c.x0)), bounds=\(bounds), loss='\(lossName)',
                            method='\(method == .trf ? "trf" : "dogbox")')
        print(json.dumps(clean(dict(x=res.x, cost=res.cost, fun=res.fun, grad=res.grad, optimality=res.optimality,
            active=res.active_mask.astype(int), nfev=res.nfev, njev=res.njev, status=res.status, message=res.message))))
        """) as? [String: Any] else { return }
        let r = try leastSquares(c.f, x0: c.x0, bounds: c.lower.map { ($0, c.upper!) }, method: method, loss: c.loss)
        let ex = flat(e["x"])
        for i in ex.indices { #expect(close(r.x[i], ex[i], rtol: 1e-6, atol: 1e-9), "x[\(i)] \(r.x[i]) vs \(ex[i])") }
        #expect(close(r.cost, number(e["cost"]), rtol: 1e-7, atol: 1e-14), "cost \(r.cost) vs \(e["cost"]!)")
        #expect(r.nfev == e["nfev"] as? Int, "nfev \(r.nfev) vs \(e["nfev"]!)")
        #expect(r.njev == e["njev"] as? Int, "njev \(r.njev) vs \(e["njev"]!)")
        #expect(r.status == e["status"] as? Int, "status \(r.status) vs \(e["status"]!)")
        #expect(r.message == e["message"] as? String)
        #expect(r.activeMask == flat(e["active"]).map { Int($0) }, "active \(r.activeMask)")
    }

    @Test("method 'lm' (MINPACK)", arguments: lsqCases.filter { $0.lower == nil && $0.loss == .linear })
    func levenbergMarquardt(_ c: LSQCase) throws {
        let x0 = "[" + c.x0.map { "\($0)" }.joined(separator: ",") + "]"
        guard let e = try scipy("""
        from scipy.optimize import least_squares
        \(c.python)
        res = least_squares(lambda x: np.array(r(x)), \(x0), method='lm')
        print(json.dumps(clean(dict(x=res.x, cost=res.cost, optimality=res.optimality, nfev=res.nfev, status=res.status, message=res.message))))
        """) as? [String: Any] else { return }
        let r = try leastSquares(c.f, x0: c.x0, method: .lm)
        let ex = flat(e["x"])
        for i in ex.indices { #expect(close(r.x[i], ex[i], rtol: 1e-6, atol: 1e-9), "x[\(i)] \(r.x[i]) vs \(ex[i])") }
        #expect(close(r.cost, number(e["cost"]), rtol: 1e-7, atol: 1e-14), "cost \(r.cost) vs \(e["cost"]!)")
        #expect(r.nfev == e["nfev"] as? Int, "nfev \(r.nfev) vs \(e["nfev"]!)")
        #expect(r.status == e["status"] as? Int, "status \(r.status) vs \(e["status"]!)")
        #expect(r.message == e["message"] as? String)
    }

    @Test("x_scale: 'jac' and fixed scales, with each method", arguments: xScaleCases)
    func xScale(_ c: XScaleCase) throws {
        let p = c.problem
        let bounds = p.lower == nil ? "(-np.inf, np.inf)" : "(\(pyList(p.lower)), \(pyList(p.upper)))"
        let scale = c.scale.map { pyList($0) } ?? "'jac'"
        let lossName = pyLossName(p.loss)
        guard let e = try scipy("""
        from scipy.optimize import least_squares
        \(p.python)
        res = least_squares(lambda x: np.array(r(x)), \(pyList(p.x0)), bounds=\(bounds), loss='\(lossName)',
                            method='\(c.methodName)', x_scale=\(scale))
        print(json.dumps(clean(dict(x=res.x, cost=res.cost, nfev=res.nfev, status=res.status))))
        """) as? [String: Any] else { return }
        let r = try leastSquares(p.f, x0: p.x0, bounds: p.lower.map { ($0, p.upper!) }, method: c.method,
                                 loss: p.loss, xScale: c.scale.map { .values($0) } ?? .jacobian)
        let ex = flat(e["x"])
        for i in ex.indices { #expect(close(r.x[i], ex[i], rtol: 1e-6, atol: 1e-9), "x[\(i)] \(r.x[i]) vs \(ex[i])") }
        #expect(close(r.cost, number(e["cost"]), rtol: 1e-7, atol: 1e-14), "cost \(r.cost) vs \(e["cost"]!)")
        #expect(r.nfev == e["nfev"] as? Int, "nfev \(r.nfev) vs \(e["nfev"]!)")
        #expect(r.status == e["status"] as? Int, "status \(r.status) vs \(e["status"]!)")
    }

    @Test("x_scale: bad scales throw")
    func badScales() {
        let f: ([Double]) -> [Double] = { $0 }
        #expect(throws: OptimizeError.self) { try leastSquares(f, x0: [1, 2], xScale: .values([1, 2, 3])) }
        #expect(throws: OptimizeError.self) { try leastSquares(f, x0: [1, 2], xScale: .values([1, 0])) }
        #expect(throws: OptimizeError.self) { try leastSquares(f, x0: [1, 2], xScale: .values([.nan])) }
    }

    @Test("an analytic Jacobian gives SciPy's answer")
    func analyticJacobian() throws {
        guard let e = try scipy("""
        from scipy.optimize import least_squares
        res = least_squares(lambda x: np.array([10*(x[1]-x[0]**2), 1-x[0]]), [-1.2, 1],
                            jac=lambda x: np.array([[-20*x[0], 10], [-1, 0]]))
        print(json.dumps(clean(dict(x=res.x, nfev=res.nfev, njev=res.njev))))
        """) as? [String: Any] else { return }
        let r = try leastSquares({ x in [10 * (x[1] - x[0] * x[0]), 1 - x[0]] }, x0: [-1.2, 1],
                                 jacobian: { x in [-20 * x[0], 10, -1, 0] })
        #expect(close(r.x[0], flat(e["x"])[0], rtol: 1e-10) && r.nfev == e["nfev"] as? Int && r.njev == e["njev"] as? Int)
    }

    @Test("an infeasible start throws")
    func infeasible() {
        #expect(throws: OptimizeError.self) { try leastSquares({ $0 }, x0: [3], bounds: ([0], [1])) }
    }
}
