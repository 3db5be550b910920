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

    func run() throws -> BenchReport {
        benchProgress("swarm side: integrate")
        let calls = quick ? 2_000 : 20_000
        var ours: [String: Double] = [:]
        for q in Self.quads { ours[q.key] = try microseconds(calls) { try q.call() } }
        ours["quad_set"] = try microseconds(calls / 4) { try Self.quads.reduce(0) { $0 + (try $1.call()) } }
        ours["dblquad"] = try microseconds(Swift.max(calls / 100, 3)) {
            try dblquad({ y, x in x * y * exp(-x - y) }, 0, 2, { _ in 0 }, { x in x }).value
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
