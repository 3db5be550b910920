import Foundation
import SwarmArray
import SwarmCore
import SwarmPool
import Testing

/// Scales an array and reports its sum, in a worker: the array crosses the
/// process boundary both ways as one raw block.
struct ScaleAndSum: PoolFunction {
    var factor: Double
    func callAsFunction(_ a: NDArray<Double>) -> NDArray<Double> { a * factor }
}

@Suite("NDArray values through the pool", .serialized)
struct PoolArrayTests {
    @Test("arrays go to worker processes and back", arguments: backends)
    func arraysCrossTheBoundary(_ backend: Pool.Backend) throws {
        try withBackend(backend) { (pool: Pool) throws in
            let inputs = (0..<8).map { NDArray<Double>.arange(Double($0 * 1000), Double($0 * 1000 + 50_000)).reshaped(500, 100) }
            let outputs = try pool.map(ScaleAndSum(factor: 2), inputs)
            for (a, b) in zip(inputs, outputs) {
                #expect(b.shape == [500, 100])
                #expect(b == a * 2)
            }
        }
    }
}
