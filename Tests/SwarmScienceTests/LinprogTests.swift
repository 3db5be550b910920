import Testing
import Foundation
import SwarmScience

/// A linprog case: Python that defines c, A_ub, b_ub, A_eq, b_eq, bounds
/// (None where absent), and whether the optimal x is unique.
struct LPCase: Sendable, CustomStringConvertible {
    var name: String
    var python: String
    var uniqueX = true
    var description: String { name }
}

private let cases: [LPCase] = [
    LPCase(name: "SciPy docs example", python: """
    c = [-1, 4]; A_ub = [[-3, 1], [1, 2]]; b_ub = [6, 4]; A_eq = None; b_eq = None
    bounds = [(None, None), (-3, None)]
    """),
    LPCase(name: "textbook maximisation", python: """
    c = [-3, -5]; A_ub = [[1, 0], [0, 2], [3, 2]]; b_ub = [4, 12, 18]; A_eq = None; b_eq = None; bounds = None
    """),
    LPCase(name: "Beale's cycling example", python: """
    c = [-0.75, 20, -0.5, 6]; A_ub = [[0.25, -8, -1, 9], [0.5, -12, -0.5, 3], [0, 0, 1, 0]]; b_ub = [0, 0, 1]
    A_eq = None; b_eq = None; bounds = None
    """),
    LPCase(name: "free variables", python: """
    c = [1, 2]; A_ub = [[-1, -1], [1, -1]]; b_ub = [-1, 3]; A_eq = None; b_eq = None; bounds = [(None, None)] * 2
    """),
    LPCase(name: "equality only", python: """
    c = [1, 2, 3]; A_ub = None; b_ub = None; A_eq = [[1, 1, 1], [1, -1, 0]]; b_eq = [3, 0.5]; bounds = None
    """),
    LPCase(name: "infeasible", python: """
    c = [1, 1]; A_ub = [[1, 1], [-1, -1]]; b_ub = [1, -2]; A_eq = None; b_eq = None; bounds = None
    """, uniqueX: false),
    LPCase(name: "unbounded", python: """
    c = [-1, -1]; A_ub = [[1, -1]]; b_ub = [1]; A_eq = None; b_eq = None; bounds = None
    """, uniqueX: false),
    LPCase(name: "random dense 30×50", python: """
    rng = np.random.default_rng(7)
    A_ub = rng.random((30, 50)); b_ub = rng.random(30) * 10 + 1; c = -rng.random(50)
    A_eq = None; b_eq = None; bounds = None
    """),
    LPCase(name: "random with equalities and box bounds", python: """
    rng = np.random.default_rng(11)
    xf = rng.uniform(-1, 2, 20)
    A_ub = rng.normal(size=(10, 20)); b_ub = A_ub @ xf + rng.random(10)
    A_eq = rng.normal(size=(5, 20)); b_eq = A_eq @ xf; c = rng.normal(size=20)
    bounds = [(-1, 2)] * 15 + [(None, 3)] * 3 + [(None, None)] + [(0.5, None)]
    """),
    LPCase(name: "Klee–Minty n = 6", python: """
    n = 6
    c = [-(2.0 ** (n - 1 - j)) for j in range(n)]
    A_ub = [[(2.0 ** (i - j + 1) if j < i else (1.0 if j == i else 0.0)) for j in range(n)] for i in range(n)]
    b_ub = [5.0 ** (i + 1) for i in range(n)]; A_eq = None; b_eq = None; bounds = None
    """),
    LPCase(name: "redundant equality rows", python: """
    c = [1, 2, 0, 1]; A_eq = [[1, 1, 1, 1], [2, 2, 2, 2], [1, -1, 0, 0]]; b_eq = [4, 8, 1]
    A_ub = [[0, 0, 1, -1]]; b_ub = [1]; bounds = None
    """, uniqueX: false),
    LPCase(name: "inconsistent equalities", python: """
    c = [1, 1, 1]; A_ub = None; b_ub = None; A_eq = [[1, 1, 0], [0, 1, 1], [1, 2, 1]]; b_eq = [1, 1, 3]
    bounds = [(None, None)] * 3
    """, uniqueX: false),
    LPCase(name: "infeasible by bounds and equalities", python: """
    c = [1, -1, 2]; A_ub = [[1, 1, 1]]; b_ub = [10]; A_eq = [[1, 1, 0]]; b_eq = [5]
    bounds = [(0, 2), (0, 2), (None, None)]
    """, uniqueX: false),
    LPCase(name: "unbounded free variable with equalities", python: """
    c = [1, -1, 0]; A_ub = [[1, 0, 1]]; b_ub = [4]; A_eq = [[1, -1, 1]]; b_eq = [0]
    bounds = [(None, None), (None, None), (0, None)]
    """, uniqueX: false),
    LPCase(name: "transportation 8×10 (degenerate, many optimal vertices)", python: """
    rng = np.random.default_rng(3)
    S, D = 8, 10
    supply = rng.integers(10, 30, S).astype(float); demand = np.full(D, supply.sum() / D)
    cost = rng.integers(1, 9, (S, D)).astype(float); c = cost.ravel()
    A_ub = np.kron(np.eye(S), np.ones(D)); b_ub = supply
    A_eq = np.kron(np.ones(S), np.eye(D)); b_eq = demand; bounds = None
    """, uniqueX: false),
    LPCase(name: "random 120×200 with equalities and bounds", python: """
    rng = np.random.default_rng(19)
    xf = rng.uniform(0, 1, 200)
    A_ub = rng.normal(size=(90, 200)); b_ub = A_ub @ xf + rng.random(90)
    A_eq = rng.normal(size=(30, 200)); b_eq = A_eq @ xf; c = rng.normal(size=200)
    bounds = [(0, 1)] * 150 + [(-2, None)] * 50
    """),
    LPCase(name: "sparse integer 150×200, highly degenerate", python: """
    rng = np.random.default_rng(23)
    A_ub = rng.integers(-2, 3, (150, 200)) * (rng.random((150, 200)) < 0.05)
    b_ub = rng.integers(0, 3, 150).astype(float); c = -rng.integers(0, 4, 200).astype(float)
    A_eq = None; b_eq = None; bounds = [(0, 1)] * 200
    """, uniqueX: false),
    LPCase(name: "equality-heavy 80×150 with free variables", python: """
    rng = np.random.default_rng(29)
    xf = rng.normal(size=150)
    A_eq = rng.normal(size=(80, 150)); b_eq = A_eq @ xf
    A_ub = rng.normal(size=(40, 150)); b_ub = A_ub @ xf + rng.random(40)
    c = A_ub.T @ rng.random(40) + A_eq.T @ rng.normal(size=80)
    bounds = [(None, None)] * 75 + [(-3, 3)] * 75
    """),
    LPCase(name: "degenerate random 40×60 with mixed signs", python: """
    rng = np.random.default_rng(5)
    A_ub = rng.normal(size=(40, 60)); xf = rng.random(60); b_ub = A_ub @ xf
    b_ub[:20] += 0.0; b_ub[20:] += rng.random(20); c = rng.normal(size=60)
    A_eq = None; b_eq = None; bounds = [(0, 1)] * 60
    """),
]

private func rows(_ any: Any?) -> [[Double]]? {
    guard let a = any as? [Any] else { return nil }
    return a.map { flat($0) }
}

@Suite("linprog against scipy.optimize.linprog (HiGHS)")
struct LinprogTests {
    @Test("status, fun and x agree with SciPy", arguments: cases)
    func agreesWithSciPy(_ lp: LPCase) throws {
        guard let expected = try scipy(lp.python + """

        r = scipy.optimize.linprog(c, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=b_eq, bounds=bounds)
        nb = len(c)
        bl = bounds if bounds is not None else [(0, None)]
        if len(bl) == 1: bl = bl * nb
        bl = [[-math.inf if lo is None else lo, math.inf if hi is None else hi] for lo, hi in bl]
        arr = lambda a: None if a is None else np.asarray(a, float)
        print(json.dumps(clean({'c': arr(c), 'A_ub': arr(A_ub), 'b_ub': arr(b_ub), 'A_eq': arr(A_eq), 'b_eq': arr(b_eq),
                                'bounds': bl, 'status': int(r.status), 'x': r.x, 'fun': r.fun, 'nit': int(r.nit)})))
        """) as? [String: Any] else { return }
        let bounds = (expected["bounds"] as! [Any]).map { pair -> (Double, Double) in
            let p = flat(pair)
            return (p[0], p[1])
        }
        let bUb = expected["b_ub"] is NSNull ? nil : flat(expected["b_ub"])
        let bEq = expected["b_eq"] is NSNull ? nil : flat(expected["b_eq"])
        for method in [LinprogMethod.interiorPoint, .simplex] {
            let r = try linprog(c: flat(expected["c"]), aUb: rows(expected["A_ub"]), bUb: bUb,
                                aEq: rows(expected["A_eq"]), bEq: bEq, bounds: bounds, method: method)
            let status = Int(number(expected["status"]))
            print("\(lp.name) [\(method)]: ours status \(r.status) nit \(r.nit) fun \(r.fun) | scipy status \(status) nit \(expected["nit"]!) fun \(number(expected["fun"]))")
            #expect(r.status == status, "\(lp.name) [\(method)]: \(r.message)")
            if method == .interiorPoint {
                // Interior-point iterations only: the crossover finished without
                // falling back to the two-phase simplex method.
                #expect(r.nit < 100, "\(lp.name): \(r.nit) iterations, the crossover fell back to the simplex method")
            }
            guard status == 0 else { continue }
            #expect(close(r.fun, number(expected["fun"]), rtol: 1e-9, atol: 1e-9), "\(lp.name) [\(method)]: fun \(r.fun)")
            for s in r.slack { #expect(s >= -1e-9) }
            for e in r.con { #expect(Swift.abs(e) <= 1e-9) }
            for (i, (lo, hi)) in bounds.enumerated() { #expect(r.x[i] >= lo - 1e-9 && r.x[i] <= hi + 1e-9) }
            guard lp.uniqueX else { continue }
            let x = flat(expected["x"])
            for i in x.indices {
                #expect(close(r.x[i], x[i], rtol: 1e-7, atol: 1e-9), "\(lp.name) [\(method)] x[\(i)]: \(r.x[i]) vs \(x[i])")
            }
        }
    }

    @Test("the pivot limit gives status 1")
    func iterationLimit() throws {
        let n = 6
        let c = (0..<n).map { -pow(2.0, Double(n - 1 - $0)) }
        var a = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<n {
            for j in 0..<i { a[i][j] = pow(2.0, Double(i - j + 1)) }
            a[i][i] = 1
        }
        let b = (0..<n).map { pow(5.0, Double($0 + 1)) }
        for method in [LinprogMethod.interiorPoint, .simplex] {
            let r = try linprog(c: c, aUb: a, bUb: b, method: method, maxiter: 3)
            #expect(r.status == 1 && r.nit == 3 && !r.success, "\(method): \(r)")
            #expect(r.message == "The iteration limit was reached before the algorithm converged.")
        }
    }

    @Test("the interior-point method ends at an exact vertex with a tight interior start")
    func vertexAfterCrossover() throws {
        // max x + y on the unit simplex's corner: the optimal face is the
        // edge x + y = 1, so an interior method alone lands inside the edge;
        // the crossover must return a vertex of it.
        let r = try linprog(c: [-1, -1], aUb: [[1, 1]], bUb: [1], bounds: [(0, 1)])
        #expect(r.status == 0 && Swift.abs(r.fun + 1) < 1e-12)
        let atVertex = r.x.allSatisfy { Swift.abs($0) < 1e-12 || Swift.abs($0 - 1) < 1e-12 }
        #expect(atVertex, "x = \(r.x)")
    }

    @Test("interior point and simplex agree on 60 random programs (feasible, infeasible, unbounded)")
    func methodsAgree() throws {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func uniform() -> Double {  // SplitMix64, so the programs are the same in every run
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) / 9_007_199_254_740_992
        }
        var statuses: [Int: Int] = [:]
        for trial in 0..<60 {
            let n = 2 + trial % 9, mUb = 1 + trial % 7, mEq = trial % 3
            let aUb = (0..<mUb).map { _ in (0..<n).map { _ in (uniform() * 4).rounded() - 2 } }
            let aEq = (0..<mEq).map { _ in (0..<n).map { _ in (uniform() * 4).rounded() - 2 } }
            let bUb = (0..<mUb).map { _ in (uniform() * 6).rounded() - 1 }
            let bEq = (0..<mEq).map { _ in (uniform() * 4).rounded() - 2 }
            let c = (0..<n).map { _ in (uniform() * 6).rounded() - 3 }
            let bounds = (0..<n).map { _ -> (Double, Double) in
                switch Int(uniform() * 4) {
                case 0: return (-.infinity, .infinity)
                case 1: return (-1, 2)
                case 2: return (-.infinity, 1)
                default: return (0, .infinity)
                }
            }
            let ip = try linprog(c: c, aUb: aUb, bUb: bUb, aEq: aEq, bEq: bEq, bounds: bounds)
            let sx = try linprog(c: c, aUb: aUb, bUb: bUb, aEq: aEq, bEq: bEq, bounds: bounds, method: .simplex)
            statuses[ip.status, default: 0] += 1
            #expect(ip.status == sx.status, "trial \(trial): interior point \(ip.status), simplex \(sx.status)")
            guard ip.status == 0, sx.status == 0 else { continue }
            #expect(close(ip.fun, sx.fun, rtol: 1e-9, atol: 1e-9), "trial \(trial): \(ip.fun) vs \(sx.fun)")
            for s in ip.slack { #expect(s >= -1e-9, "trial \(trial)") }
            for e in ip.con { #expect(Swift.abs(e) <= 1e-9, "trial \(trial)") }
        }
        print("random programs by status: \(statuses.sorted { $0.key < $1.key })")
        // The set covers every outcome, so each path above was exercised.
        #expect(statuses[0, default: 0] > 10 && statuses[2, default: 0] >= 3 && statuses[3, default: 0] >= 3)
    }

    @Test("lower > upper is infeasible; a NaN bound throws")
    func bounds() throws {
        let r = try linprog(c: [1], bounds: [(2, 1)])
        #expect(r.status == 2 && !r.success)
        #expect(throws: OptimizeError.self) { try linprog(c: [1], bounds: [(.nan, 1)]) }
        #expect(throws: OptimizeError.self) { try linprog(c: [1, .nan]) }
        #expect(throws: OptimizeError.self) { try linprog(c: [1], aUb: [[.infinity]], bUb: [1]) }
        #expect(throws: OptimizeError.self) { try linprog(c: [1], maxiter: -1) }
    }
}
