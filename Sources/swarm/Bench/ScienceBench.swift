import Foundation
import Swarm

/// `swarm bench science`: SwarmScience against SciPy on the same problems
/// (the same integrands, limits and tolerances on both sides).
struct ScienceBench {
    var runs: Int
    var quick: Bool
    var python: String

    /// The integrands of the `quad` rows: smooth, oscillating, endpoint
    /// singularities, an infinite range and a break point.
    static let quads: [(key: String, name: String, call: @Sendable () throws -> Double)] = [
        ("quad_smooth", "quad exp(-x²)cos 3x on [0, 2]", { try quad({ x in exp(-x * x) * cos(3 * x) }, 0, 2).value }),
        ("quad_oscillating", "quad x cos 30x on [0, π]", { try quad({ x in cos(30 * x) * x }, 0, Double.pi).value }),
        ("quad_sqrt", "quad 1/√x on [0, 1] (singular)", { try quad({ x in 1 / x.squareRoot() }, 0, 1).value }),
        ("quad_log", "quad log x/√x on [0, 1] (singular)", { try quad({ x in log(x) / x.squareRoot() }, 0, 1).value }),
        ("quad_infinite", "quad exp(-x²) on (-∞, ∞)", { try quad({ x in exp(-x * x) }, -.infinity, .infinity).value }),
        ("quad_points", "quad |x - 1/3| with a break point", { try quad({ x in abs(x - 1.0 / 3) }, 0, 1, points: [1.0 / 3]).value }),
    ]

    /// The `minimize` rows: Rosenbrock from (-1.2, 1), as SciPy's tutorial,
    /// with the analytic gradient (SciPy's `rosen_der`) or none.
    static let minimizers: [(key: String, name: String, call: @Sendable () throws -> OptimizeResult)] = [
        ("min_bfgs", "minimize Rosenbrock, BFGS with gradient",
         { try minimize(rosen, x0: [-1.2, 1], method: .bfgs, gradient: rosenDer) }),
        ("min_bfgs_fd", "minimize Rosenbrock, BFGS, difference gradient",
         { try minimize(rosen, x0: [-1.2, 1], method: .bfgs) }),
        ("min_lbfgsb", "minimize Rosenbrock, L-BFGS-B with gradient",
         { try minimize(rosen, x0: [-1.2, 1], method: .lbfgsb, gradient: rosenDer) }),
        ("min_nm", "minimize Rosenbrock, Nelder-Mead", { try minimize(rosen, x0: [-1.2, 1], method: .nelderMead) }),
        ("min_de", "differentialEvolution Ackley on [-5, 5]², seed 7", {
            var options = DifferentialEvolutionOptions()
            options.seed = 7
            return try differentialEvolution(ackley, bounds: [(-5, 5), (-5, 5)], options: options)
        }),
    ]

    /// The `solveIVP` rows: Lorenz (non-stiff) and Robertson (stiff), as
    /// `Benchmarks/python/science_peer.py` writes them.
    static let odes: [(key: String, name: String, call: @Sendable () throws -> IVPResult)] = [
        ("ivp_lorenz_rk45", "solveIVP Lorenz t∈[0, 20], RK45", { try solveIVP(lorenz, tSpan: (0, 20), y0: [1, 1, 1]) }),
        ("ivp_lorenz_rk45_array", "solveIVP Lorenz, RK45, f returning an array", {
            try solveIVP({ _, y in [10 * (y[1] - y[0]), y[0] * (28 - y[2]) - y[1], y[0] * y[1] - 8.0 / 3 * y[2]] },
                         tSpan: (0, 20), y0: [1, 1, 1])
        }),
        ("ivp_robertson_bdf", "solveIVP Robertson t∈[0, 1e5], BDF, rtol 1e-6", {
            try solveIVP(robertson, tSpan: (0, 1e5), y0: [1, 0, 0], method: .bdf, rtol: 1e-6, atol: 1e-10)
        }),
        ("ivp_robertson_bdf_jac", "solveIVP Robertson, BDF, analytic Jacobian", {
            try solveIVP(robertson, tSpan: (0, 1e5), y0: [1, 0, 0], method: .bdf, rtol: 1e-6, atol: 1e-10,
                         jacobian: robertsonJacobian)
        }),
        ("ivp_robertson_radau", "solveIVP Robertson t∈[0, 1e5], Radau, rtol 1e-6", {
            try solveIVP(robertson, tSpan: (0, 1e5), y0: [1, 0, 0], method: .radau, rtol: 1e-6, atol: 1e-10)
        }),
        ("ivp_robertson_radau_jac", "solveIVP Robertson, Radau, analytic Jacobian", {
            try solveIVP(robertson, tSpan: (0, 1e5), y0: [1, 0, 0], method: .radau, rtol: 1e-6, atol: 1e-10,
                         jacobian: robertsonJacobian)
        }),
    ]

    static func lorenz(_ t: Double, _ y: UnsafeBufferPointer<Double>, _ dy: UnsafeMutableBufferPointer<Double>) {
        dy[0] = 10 * (y[1] - y[0])
        dy[1] = y[0] * (28 - y[2]) - y[1]
        dy[2] = y[0] * y[1] - 8.0 / 3 * y[2]
    }

    static func robertson(_ t: Double, _ y: UnsafeBufferPointer<Double>, _ dy: UnsafeMutableBufferPointer<Double>) {
        dy[0] = -0.04 * y[0] + 1e4 * y[1] * y[2]
        dy[1] = 0.04 * y[0] - 1e4 * y[1] * y[2] - 3e7 * y[1] * y[1]
        dy[2] = 3e7 * y[1] * y[1]
    }

    static func robertsonJacobian(_ t: Double, _ y: UnsafeBufferPointer<Double>, _ j: UnsafeMutableBufferPointer<Double>) {
        (j[0], j[1], j[2]) = (-0.04, 1e4 * y[2], 1e4 * y[1])
        (j[3], j[4], j[5]) = (0.04, -1e4 * y[2] - 6e7 * y[1], -1e4 * y[1])
        (j[6], j[7], j[8]) = (0, 6e7 * y[1], 0)
    }

    /// The `linprog` rows: SciPy's documentation example, and a dense
    /// program of 100 inequality rows over 150 variables in [0, 1] whose
    /// data are sines and cosines (the peer builds the same numbers).
    static let linearPrograms: [(key: String, name: String, call: @Sendable () throws -> LinprogResult)] = [
        ("lp_small", "linprog, SciPy's documentation example", {
            try linprog(c: [-1, 4], aUb: [[-3, 1], [1, 2]], bUb: [6, 4],
                        bounds: [(-.infinity, .infinity), (-3, .infinity)])
        }),
        ("lp_dense", "linprog, 100 rows × 150 bounded variables (interior point)", {
            try linprog(c: denseLP.c, aUb: denseLP.a, bUb: denseLP.b, bounds: [(0, 1)])
        }),
    ]

    static let denseLP: (a: [[Double]], b: [Double], c: [Double]) = {
        let m = 100, n = 150
        var a: [[Double]] = []
        for i in 0..<m {
            let x = Double(i)
            a.append((0..<n).map { j -> Double in
                let y = Double(j)
                return sin(0.7 * x + 1.3 * y + 0.1 * x * y)
            })
        }
        let feasible = (0..<n).map { j -> Double in 0.5 + 0.4 * cos(Double(j)) }
        var b: [Double] = []
        for row in a {
            var s = 1.0
            for j in 0..<n { s += row[j] * feasible[j] }
            b.append(s)
        }
        let c = (0..<n).map { j -> Double in cos(2.1 * Double(j) + 0.3) }
        return (a, b, c)
    }()

    @Sendable static func rosen(_ x: [Double]) -> Double {
        var s = 0.0
        for i in 0..<(x.count - 1) {
            let a = x[i + 1] - x[i] * x[i], b = 1 - x[i]
            s += 100 * a * a + b * b
        }
        return s
    }

    @Sendable static func rosenDer(_ x: [Double]) -> [Double] {
        let n = x.count
        var g = [Double](repeating: 0, count: n)
        for i in 0..<(n - 1) {
            g[i] += -400 * x[i] * (x[i + 1] - x[i] * x[i]) - 2 * (1 - x[i])
            g[i + 1] += 200 * (x[i + 1] - x[i] * x[i])
        }
        return g
    }

    @Sendable static func ackley(_ x: [Double]) -> Double {
        let a = (0.5 * (x[0] * x[0] + x[1] * x[1])).squareRoot()
        let b = 0.5 * (cos(2 * .pi * x[0]) + cos(2 * .pi * x[1]))
        return -20 * exp(-0.2 * a) - exp(b) + M_E + 20
    }

    func run() throws -> BenchReport {
        benchProgress("swarm side: integrate")
        let calls = quick ? 2_000 : 20_000
        var ours: [String: Double] = [:]
        for q in Self.quads { ours[q.key] = try microseconds(calls) { try q.call() } }
        ours["quad_set"] = try microseconds(calls / 4) { try Self.quads.reduce(0) { $0 + (try $1.call()) } }
        ours["dblquad"] = try microseconds(Swift.max(calls / 100, 3)) {
            try dblquad({ y, x in x * y * exp(-x - y) }, 0, 2, { _ in 0 }, { x in x }).value
        }

        benchProgress("swarm side: optimize")
        for m in Self.minimizers {
            ours[m.key] = try microseconds(Swift.max(calls / 20, 10)) { try m.call().fun }
        }

        benchProgress("swarm side: linprog")
        for lp in Self.linearPrograms {
            ours[lp.key] = try microseconds(Swift.max(calls / (lp.key == "lp_dense" ? 1000 : 100), 2)) { try lp.call().fun }
        }

        benchProgress("swarm side: solveIVP")
        for o in Self.odes {
            ours[o.key] = try microseconds(Swift.max(calls / 200, 5)) { Double(try o.call().nfev) }
        }

        let knots = NDArray<Double>.linspace(0, 10, num: 1000).toArray()
        let values = knots.map { sin($0) + 0.1 * $0 }
        let points = NDArray<Double>.linspace(-0.5, 10.5, num: quick ? 200_000 : 1_000_000)
        var splineTimes: [Double] = []
        var sink = 0.0
        for _ in 0...runs {
            splineTimes.append(try benchSeconds {
                sink += try CubicSpline(knots, values)(points).withUnsafeBufferPointer { $0[0] }
            } * 1e3)
        }
        blackHole(sink)
        ours["spline_1m"] = median(Array(splineTimes.dropFirst()))

        benchProgress("python side: \(python) Benchmarks/python/science_peer.py")
        var arguments = ["--runs", "\(runs)"]
        if quick { arguments.append("--quick") }
        let (peerJSON, problem) = runPythonPeer(script: "science_peer.py", arguments: arguments, python: python)
        let results = peerJSON?["results"] as? [String: Any] ?? [:]
        func peer(_ key: String) -> Double? { (results[key] as? [String: Any])?["median"] as? Double }
        let scipy = "scipy \(peerJSON?["scipy"] as? String ?? "")"
        let missing = problem.map { "peer did not run: \($0)" }
        var rows: [BenchRow] = []
        func row(_ key: String, _ name: String, unit: String = "µs/call", target: Double?, note: String? = nil) {
            rows.append(BenchRow(benchmark: name, unit: unit, higherIsBetter: false, swarm: ours[key]!,
                                 peer: peer(key), peerName: scipy, target: target, runs: runs, note: missing ?? note))
        }
        for q in Self.quads { row(q.key, q.name, target: 20) }
        row("quad_set", "quad, the six integrands above in turn", target: 20)
        row("dblquad", "dblquad x·y·exp(-x-y) over a triangle", target: nil)
        for m in Self.minimizers {
            let r = try m.call()
            let theirs = results[m.key] as? [String: Any]
            func peerValue(_ field: String) -> String {
                (theirs?[field] as? NSNumber).map { field == "fun" ? String(format: "%.3g", $0.doubleValue) : "\($0)" } ?? "?"
            }
            row(m.key, m.name, target: m.key == "min_de" ? nil : 10,
                note: "nit/nfev/f: ours \(r.nit)/\(r.nfev)/\(String(format: "%.3g", r.fun)), "
                    + "scipy \(peerValue("nit"))/\(peerValue("nfev"))/\(peerValue("fun"))")
        }
        for lp in Self.linearPrograms {
            let r = try lp.call()
            let theirs = results[lp.key] as? [String: Any]
            func peerValue(_ field: String) -> String {
                (theirs?[field] as? NSNumber).map { field == "fun" ? String(format: "%.10g", $0.doubleValue) : "\($0)" } ?? "?"
            }
            row(lp.key, lp.name, target: nil,
                note: "nit/fun: ours \(r.nit)/\(String(format: "%.10g", r.fun)), scipy (HiGHS) \(peerValue("nit"))/\(peerValue("fun"))")
        }
        for o in Self.odes {
            let r = try o.call()
            let theirs = results[o.key] as? [String: Any]
            func peerValue(_ field: String) -> String { (theirs?[field] as? NSNumber).map { "\($0)" } ?? "?" }
            let target: Double? = ["ivp_lorenz_rk45", "ivp_robertson_bdf", "ivp_robertson_radau"].contains(o.key) ? 10 : nil
            row(o.key, o.name, target: target,
                note: "steps/nfev/njev/nlu: ours \(r.t.count)/\(r.nfev)/\(r.njev)/\(r.nlu), scipy "
                    + "\(peerValue("steps"))/\(peerValue("nfev"))/\(peerValue("njev"))/\(peerValue("nlu"))")
        }
        row("spline_1m", "CubicSpline 1000 knots, built and evaluated at \(points.count) points", unit: "ms", target: 2)
        var versions: [String: String] = [:]
        for key in ["python", "numpy", "scipy"] { if let v = peerJSON?[key] as? String { versions[key] = v } }
        return BenchReport(area: "science", machine: machineDescription(peerVersions: versions), rows: rows)
    }

    /// The median over `runs` of the time per call, in microseconds.
    private func microseconds(_ calls: Int, _ body: () throws -> Double) throws -> Double {
        var sink = try body()
        var times: [Double] = []
        for _ in 0..<runs {
            times.append(try benchSeconds { for _ in 0..<calls { sink += try body() } } * 1e6 / Double(calls))
        }
        blackHole(sink)
        return median(times)
    }
}
