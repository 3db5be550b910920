import SwarmCluster
import SwarmPool
import SwarmScheduler
import Testing

// The examples of SwarmCluster's DocC article, run as written.

struct DocSquare: PoolFunction {
    func callAsFunction(_ x: Int) -> Int { x * x }
}

struct DocTotal: EngineFunction {
    func callAsFunction(_ namespace: inout EngineNamespace) throws -> Double {
        try namespace.value("xs", as: [Double].self).reduce(0, +)
    }
}

@Suite("Cluster: documentation examples", .serialized)
struct ClusterDocExamplesTests {
    @Test("the overview example")
    func overview() throws {
        let cluster = try Cluster.local(engines: 2)
        defer { cluster.shutdown() }
        let lview = cluster.loadBalancedView()
        let squares = try lview.map(DocSquare(), Array(0..<100), chunksize: 10)
        #expect(squares == (0..<100).map { $0 * $0 })
        let dview = cluster.directView()
        try dview.scatter("xs", (0..<10).map(Double.init))
        #expect(try dview.execute(DocTotal()) == [10, 35])
        #expect(try dview.gather("xs", as: [Double].self) == (0..<10).map(Double.init))

        let fit = try lview.applyAsync(DocSquare(), 3, options: TaskOptions(priority: 10, retries: 2, timeout: 60))
        let next = try lview.applyAsync(DocSquare(), 4, options: TaskOptions(after: [fit]))
        let gpu = try lview.applyAsync(DocSquare(), 5, options: TaskOptions(resources: Resources(gpus: 1)))
        #expect(try fit.get() == 9)
        #expect(try next.get() == 16)
        #expect(throws: ClusterError.self) { try gpu.get() }  // these engines have no GPU
    }
}
