import Foundation
import SwarmArray
import SwarmScience
import Testing

@Suite("trapezoid, simpson, cumulativeTrapezoid, romb against SciPy")
struct SampledIntegralTests {
    /// y of shape (rows, n) = sin(i + 0.3 j) + j/n, x uneven along the last axis.
    static func samples(_ rows: Int, _ n: Int) -> (NDArray<Double>, NDArray<Double>) {
        var y = [Double](), x = [Double]()
        for i in 0..<rows { for j in 0..<n { y.append(sin(Double(i) + 0.3 * Double(j)) + Double(j) / Double(n)) } }
        for j in 0..<n { x.append(Double(j) + 0.4 * sin(Double(j))) }
        return (NDArray(shape: [rows, n], elements: y), NDArray(x))
    }

    static let python = """
    from scipy.integrate import trapezoid, simpson, cumulative_trapezoid, romb
    def samples(rows, n):
        i = np.arange(rows)[:, None]; j = np.arange(n)[None, :]
        y = np.sin(i + 0.3*j) + j/n
        x = np.arange(n) + 0.4*np.sin(np.arange(n))
        return y, x

    """

    @Test("every rule along both axes, with and without x, odd and even counts", arguments: [7, 8, 2, 3])
    func rules(_ n: Int) throws {
        let script = Self.python + """
        y, x = samples(3, \(n))
        xs = np.broadcast_to(x, y.shape)
        out = {
          'trap': trapezoid(y, x=x).tolist(), 'trap_dx': trapezoid(y, dx=0.5).tolist(),
          'trap0': trapezoid(y, dx=0.25, axis=0).tolist(), 'trap_full': trapezoid(y, x=xs).tolist(),
          'simp': simpson(y, x=x).tolist(), 'simp_dx': simpson(y, dx=0.5).tolist(),
          'simp0': simpson(y.T, dx=0.5, axis=0).tolist(), 'simp_full': simpson(y, x=xs).tolist(),
          'cum': cumulative_trapezoid(y, x=x).tolist(), 'cum0': cumulative_trapezoid(y, dx=2, axis=0, initial=0).tolist(),
        }
        print(json.dumps(out))
        """
        guard let s = try scipy(script) as? [String: Any] else { return }
        let (y, x) = Self.samples(3, n)
        let xs = x.broadcast(to: [3, n]).contiguous()
        func expectNear(_ ours: NDArray<Double>, _ key: String) {
            let theirs = flat(s[key])
            let mine = ours.toArray()
            #expect(mine.count == theirs.count, "\(key): \(mine.count) values vs \(theirs.count)")
            for (a, b) in zip(mine, theirs) {
                #expect(close(a, b, rtol: 1e-13, atol: 1e-14), "\(key): \(a) vs scipy \(b)")
            }
        }
        expectNear(try trapezoid(y, x: x), "trap")
        expectNear(try trapezoid(y, dx: 0.5), "trap_dx")
        expectNear(try trapezoid(y, dx: 0.25, axis: 0), "trap0")
        expectNear(try trapezoid(y, x: xs), "trap_full")
        expectNear(try simpson(y, x: x), "simp")
        expectNear(try simpson(y, dx: 0.5), "simp_dx")
        expectNear(try simpson(y.T, dx: 0.5, axis: 0), "simp0")
        expectNear(try simpson(y, x: xs), "simp_full")
        let cum = try cumulativeTrapezoid(y, x: x)
        #expect(cum.shape == [3, n - 1])
        expectNear(cum, "cum")
        let cum0 = try cumulativeTrapezoid(y, dx: 2, axis: 0, initial: 0)
        #expect(cum0.shape == [3, n])
        expectNear(cum0, "cum0")
    }

    @Test("romb on 2^k + 1 samples, and its error otherwise")
    func romberg() throws {
        let script = Self.python + """
        out = []
        for k in range(0, 7):
            n = 2**k + 1
            y, _ = samples(2, n)
            out.append([romb(y, dx=0.1).tolist(), romb(y.T, dx=0.1, axis=0).tolist()])
        print(json.dumps(out))
        """
        guard let s = try scipy(script) as? [[Any]] else { return }
        for k in 0..<7 {
            let (y, _) = Self.samples(2, (1 << k) + 1)
            for (ours, theirs) in [(try romb(y, dx: 0.1), s[k][0]), (try romb(y.T, dx: 0.1, axis: 0), s[k][1])] {
                for (a, b) in zip(ours.toArray(), flat(theirs)) {
                    #expect(close(a, b, rtol: 1e-13, atol: 1e-14), "romb k=\(k): \(a) vs \(b)")
                }
            }
        }
        #expect(throws: IntegrationError.self) { try romb(NDArray<Double>.ones(6)) }
    }

    @Test("x that does not fit y, a nonzero initial, and Swift arrays")
    func errorsAndArrays() throws {
        let y = NDArray<Double>.ones(2, 5)
        #expect(throws: IntegrationError.self) { try trapezoid(y, x: NDArray<Double>.ones(4)) }
        #expect(throws: IntegrationError.self) { try simpson(y, x: NDArray<Double>.ones(3, 5)) }
        #expect(throws: IntegrationError.self) { try cumulativeTrapezoid(y, initial: 1) }
        #expect(try trapezoid([1, 2, 3]) == 4)
        #expect(abs(try simpson([0, 1, 4, 9, 16], x: [0, 1, 2, 3, 4]) - 64.0 / 3) < 1e-13)
    }
}
