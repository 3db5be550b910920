import Foundation
import Testing
@testable import SwarmArray

/// The examples of the DocC articles, run as they are written there.
@Suite struct DocExamplesTests {
    @Test func overviewExample() throws {
        let dir = temporaryDirectory("doc")
        var rng = Generator(seed: 42)
        let x = rng.standardNormal(1_000, 3)
        let centered = x - x.mean(axis: 0)
        let cov = (centered.T[.all, .newAxis] * centered.T[.newAxis]).mean(axis: -1)
        #expect(cov.shape == [3, 3])
        let std = sqrt(centered.variance(axis: 0))
        #expect(std.shape == [3] && std.toArray().allSatisfy { abs($0 - 1) < 0.1 })
        try x.save(path: "\(dir)/x.npy")
        #expect(try NDArray<Double>.load(path: "\(dir)/x.npy") == x)
    }

    @Test func gettingStartedExamples() throws {
        let dir = temporaryDirectory("doc2")
        let a = NDArray<Double>.arange(12).reshaped(3, 4)
        let b = NDArray<Int>([[1, 2], [3, 4]])
        let z = NDArray<Float>.zeros(2, 3)
        let grid = meshgrid([NDArray<Double>.linspace(0, 1, num: 5), .arange(3)])
        var rng = Generator(seed: 7)
        let r = rng.random(4, 4)
        #expect(a.shape == [3, 4] && b.shape == [2, 2] && z.shape == [2, 3] && grid[0].shape == [3, 5] && r.shape == [4, 4])

        var m = NDArray<Double>.arange(20).reshaped(4, 5)
        let row = m[1, .all]
        let every2 = m[.all, NDIndex.slice(step: 2)]
        let picked = m[[0, 3], [4, 1]]
        #expect(row.shape == [5] && every2.shape == [4, 3] && picked.toArray() == [4, 16])
        m[m .> 15] = NDArray(scalar: 0)
        m[.all, 0] += 100
        #expect(m[2, 3] == 13 && m[3, 0] == 115 && m[3, 4] == 0)

        let x = NDArray<Double>.linspace(0, 2 * .pi, num: 1_000_000)
        let y = sin(x) * exp(-x / 3)
        #expect(y.argmax() > 0 && y.max() < 1)
        #expect(m.sum(axis: 0).shape == [5])
        #expect(y.sorted()[0] == y.min())
        let (values, counts) = uniqueCounts(NDArray<Int>([3, 1, 3, 2]))
        #expect(values.toArray() == [1, 2, 3] && counts.toArray() == [1, 1, 2])

        try y.save(path: "\(dir)/y.npy")
        #expect(try NDArray<Double>.load(path: "\(dir)/y.npy") == y)
        #expect(try NDArray<Double>.load(path: "\(dir)/y.npy", memoryMapped: .copyOnWrite) == y)
        try savez(path: "\(dir)/run.npz", ["x": AnyNDArray(x), "y": AnyNDArray(y)], compressed: true)
        #expect(try NPZArchive(path: "\(dir)/run.npz").array("y", as: Double.self) == y)
        try savetxt(path: "\(dir)/m.csv", m, delimiter: ",")
        #expect(try loadtxt(path: "\(dir)/m.csv", as: Double.self, delimiter: ",") == m)
    }

    @Test func readmeExample() throws {
        let dir = temporaryDirectory("readme")
        var rng = Generator(seed: 42)
        let a = rng.random(10_000_000), b = rng.random(10_000_000)
        let c = sqrt(a * b + 1)
        #expect(c.mean() > 1 && c.std() > 0 && c.max() <= 2.0.squareRoot())
        let m = NDArray<Double>.arange(12).reshaped(3, 4)
        #expect(m.sum(axis: 0).description == "[12. 15. 18. 21.]")
        #expect(m[.all, 1..<3].shape == [3, 2] && m[m .> 5].count == 6)
        try c.save(path: "\(dir)/c.npy")
    }

    @Test func threadsExample() async {
        let data = NDArray<Double>.arange(1_000_000)
        async let left = data[0..<500_000].sum()
        async let right = data[500_000...].sum()
        let total = await left + right
        #expect(total == data.sum())
    }
}

/// The examples of the linear algebra and Fourier transform articles.
@Suite struct LinalgFFTDocExamplesTests {
    @Test func linearAlgebraExample() throws {
        guard requireLAPACK() else { return }
        var rng = Generator(seed: 1)
        let a = rng.random(500, 500) - 0.5
        let b = rng.random(500, 3)
        let c = a.matmul(a.T)
        let x = try solve(a, b)
        let r = try svd(a)
        let w = try eigvalsh(c)
        let k = try cond(a)[]
        let y = einsum("ij,jk->ik", a, b)
        #expect(x.shape == [500, 3] && r.u.shape == [500, 500] && r.s.shape == [500] && r.vh.shape == [500, 500])
        #expect(w.shape == [500] && k > 1 && y.shape == [500, 3])
        #expect(abs(k - r.s.max() / r.s.min()) <= 1e-9 * k)
        #expect(abs(a.matmul(x) - b).max() < 1e-9)
        do {
            _ = try inv(NDArray<Double>([[1, 2], [2, 4]]))
            Issue.record("no error")
        } catch {
            #expect(error.description.contains("Singular matrix (U[1, 1] is exactly zero)"))
        }
    }

    @Test func fourierTransformExample() {
        let n = 1_000
        let t = NDArray<Double>.arange(Double(n)) / Double(n)
        let signal = sin(2 * Double.pi * 50 * t) + 0.5 * sin(2 * Double.pi * 120 * t)
        let spectrum = rfft(signal)
        let freqs = rfftfreq(n, d: 1.0 / Double(n))
        let power = abs(spectrum)
        #expect(freqs[power.argmax()] == 50.0)
        let back = irfft(spectrum, n: n)
        let image = fft2(NDArray<Double>.ones(64, 64), norm: .ortho)
        #expect(back.shape == [1000] && image.shape == [64, 64])
        #expect(abs(back - signal).max() < 1e-12)
    }
}
