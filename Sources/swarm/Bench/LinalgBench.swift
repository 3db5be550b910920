import Foundation
import Swarm

/// `swarm bench linalg`: SwarmArray's linear algebra and FFTs against NumPy
/// on the same inputs (the same seeds give the same numbers on both sides).
struct LinalgBench {
    var runs: Int
    var quick: Bool
    var python: String

    private var big: Int { quick ? 1024 : 4096 }
    private var side: Int { quick ? 1024 : 2048 }

    func run() throws -> BenchReport {
        benchProgress("swarm side: BLAS \(LinearAlgebraBackend.description)")
        benchProgress("FFT \(FFTBackend.description)")
        var ours: [String: Double] = [:]
        let a = rnd(1, [1024, 1024]), b = rnd(2, [1024, 1024])
        ours["matmul_1024"] = milliseconds { first(matmul(a, b)) }
        do {
            let A = rnd(3, [big, big]), B = rnd(4, [big, big])
            ours["matmul_4096"] = milliseconds(Swift.max(3, runs / 2)) { first(matmul(A, B)) }
        }
        let s = rnd(5, [2000, 2000]), v = rnd(6, [2000])
        ours["solve_2000"] = try millisecondsThrowing { first(try solve(s, v)) }
        let m = rnd(7, [1000, 1000])
        ours["svd_1000"] = try millisecondsThrowing { try svd(m).s.max() }
        let sym = m + m.T
        ours["eigh_1000"] = try millisecondsThrowing { try eigh(sym).values.max() }
        for n in [4, 8] {
            let x = rnd(UInt64(10 + n), [n, n]) + NDArray<Double>.eye(n) * Double(n), y = rnd(UInt64(20 + n), [n])
            ours["solve_\(n)"] = try nanoseconds { first(try solve(x, y)) }
            ours["inv_\(n)"] = try nanoseconds { first(try inv(x)) }
            ours["det_\(n)"] = try nanoseconds { det(x) }
        }

        benchProgress("fft")
        let n = 1 << 20, prime = 999_983
        let c = complexRandom(30, 31, [n]), re = rnd(32, [n]), rp = rnd(33, [prime])
        let m2 = complexRandom(34, 35, [side, side])
        let plansBefore = FFTBackend.plansMade
        ours["first_fft_1m"] = benchSeconds { blackHole(firstComplex(fft(c))) } * 1e3
        ours["first_rfft_1m"] = benchSeconds { blackHole(firstComplex(rfft(re))) } * 1e3
        ours["first_rfft_prime"] = benchSeconds { blackHole(firstComplex(rfft(rp))) } * 1e3
        ours["first_fft2_2048"] = benchSeconds { blackHole(firstComplex(fft2(m2))) } * 1e3
        let plans = FFTBackend.plansMade - plansBefore
        ours["fft_1m"] = milliseconds { firstComplex(fft(c)) }
        ours["rfft_1m"] = milliseconds { firstComplex(rfft(re)) }
        ours["rfft_prime"] = milliseconds { firstComplex(rfft(rp)) }
        ours["fft2_2048"] = milliseconds { firstComplex(fft2(m2)) }

        benchProgress("python side: \(python) Benchmarks/python/linalg_peer.py")
        var arguments = ["--runs", "\(runs)"]
        if quick { arguments.append("--quick") }
        let (peerJSON, problem) = runPythonPeer(script: "linalg_peer.py", arguments: arguments, python: python)
        let results = peerJSON?["results"] as? [String: Any] ?? [:]
        func peer(_ key: String) -> Double? { (results[key] as? [String: Any])?["median"] as? Double }
        let numpy = "numpy \(peerJSON?["numpy"] as? String ?? "")"
        let missing = problem.map { "peer did not run: \($0)" }
        var rows: [BenchRow] = []
        func row(_ key: String, _ name: String, unit: String = "ms", target: Double?, note: String? = nil) {
            rows.append(BenchRow(benchmark: name, unit: unit, higherIsBetter: false, swarm: ours[key]!, peer: peer(key),
                                 peerName: numpy, target: target, runs: runs, note: missing ?? note))
        }
        func gflops(_ key: String, _ size: Int) {
            let ourRate = 2 * pow(Double(size), 3) / (ours[key]! * 1e6)
            rows.append(BenchRow(benchmark: "matmul \(size)², GFLOP/s against peak", unit: "GFLOP/s", higherIsBetter: true,
                                 swarm: ourRate, peer: 96, peerName: "peak: 2 cores × 16 FLOP/cycle (platform notes)", target: nil,
                                 runs: runs, note: peer(key).map { String(format: "numpy: %.1f GFLOP/s", 2 * pow(Double(size), 3) / ($0 * 1e6)) }))
        }
        row("matmul_1024", "matmul 1024² doubles", target: 0.9)
        gflops("matmul_1024", 1024)
        row("matmul_4096", "matmul \(big)² doubles", target: 0.95)
        gflops("matmul_4096", big)
        row("solve_2000", "solve 2000×2000", target: 0.95)
        row("svd_1000", "svd 1000×1000 (u, s, vh)", target: 0.95)
        row("eigh_1000", "eigh 1000×1000", target: 0.95)
        for n in [4, 8] {
            row("solve_\(n)", "solve \(n)×\(n)", unit: "ns/call", target: 10)
            row("inv_\(n)", "inv \(n)×\(n)", unit: "ns/call", target: 10)
            row("det_\(n)", "det \(n)×\(n)", unit: "ns/call", target: 10)
        }
        row("fft_1m", "fft 2^20 complex", target: 2)
        row("rfft_1m", "rfft 2^20", target: 2)
        row("rfft_prime", "rfft \(prime) (prime)", target: 2)
        row("fft2_2048", "fft2 \(side)² complex", target: 2)
        let planNote = "first call, plan creation included (\(plans) FFTW plans made, then cached)"
        row("first_fft_1m", "fft 2^20, first call", target: nil, note: planNote)
        row("first_rfft_1m", "rfft 2^20, first call", target: nil)
        row("first_rfft_prime", "rfft \(prime), first call", target: nil)
        row("first_fft2_2048", "fft2 \(side)², first call", target: nil)
        var versions: [String: String] = [:]
        if let v = peerJSON?["python"] as? String { versions["python"] = v }
        if let v = peerJSON?["numpy"] as? String { versions["numpy"] = v }
        return BenchReport(area: "linalg", machine: machineDescription(peerVersions: versions), rows: rows)
    }

    private func rnd(_ seed: UInt64, _ shape: [Int]) -> NDArray<Double> {
        var g = Generator(seed: seed)
        return g.random(shape: shape) - 0.5
    }

    private func complexRandom(_ a: UInt64, _ b: UInt64, _ shape: [Int]) -> NDArray<Complex<Double>> {
        let re = rnd(a, shape), im = rnd(b, shape)
        var out = NDArray<Complex<Double>>.zeros(shape)
        out.withUnsafeMutableBufferPointer { o in
            re.withUnsafeBufferPointer { r in im.withUnsafeBufferPointer { i in
                for k in 0..<o.count { o[k] = Complex(r[k], i[k]) }
            } }
        }
        return out
    }

    private func milliseconds(_ count: Int? = nil, _ body: () -> Double) -> Double {
        var sink = body()
        var times: [Double] = []
        for _ in 0..<(count ?? runs) { times.append(benchSeconds { sink += body() } * 1e3) }
        blackHole(sink)
        return median(times)
    }

    private func millisecondsThrowing(_ body: () throws -> Double) throws -> Double {
        var sink = try body()
        var times: [Double] = []
        for _ in 0..<runs { times.append(try benchSeconds { sink += try body() } * 1e3) }
        blackHole(sink)
        return median(times)
    }

    private func nanoseconds(_ body: () throws -> Double) throws -> Double {
        var sink = try body()
        let calls = 20_000
        var times: [Double] = []
        for _ in 0..<runs { times.append(try benchSeconds { for _ in 0..<calls { sink += try body() } } * 1e9 / Double(calls)) }
        blackHole(sink)
        return median(times)
    }
}

private func first(_ a: NDArray<Double>) -> Double { a.withUnsafeBufferPointer { $0.isEmpty ? 0 : $0[0] } }
private func firstComplex(_ a: NDArray<Complex<Double>>) -> Double {
    a.withUnsafeBufferPointer { $0.isEmpty ? 0 : $0[0].rawStorage.x }
}
