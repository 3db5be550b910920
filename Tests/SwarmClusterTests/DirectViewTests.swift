import Foundation
import SwarmArray
@testable import SwarmCluster
import SwarmCore
import Testing

@Suite("Cluster: direct view", .serialized)
struct DirectViewTests {
    @Test("apply runs on every engine; push, pull, execute and remove work on each engine's namespace")
    func namespace() throws {
        let cluster = try Cluster.local(engines: 2)
        defer { cluster.shutdown() }
        let view = cluster.directView()
        let pids = try view.apply(ClusterPid(), 0)
        #expect(Set(pids) == Set(cluster.engines.map(\.pid)))
        try view.push("xs", [1.0, 2.0, 3.0])
        #expect(try view.pull("xs", as: [Double].self) == [[1, 2, 3], [1, 2, 3]])
        #expect(try view.execute(ClusterSum(name: "xs")) == [6, 6])
        #expect(try view.pull("xs_sum", as: Double.self) == [6, 6])
        // Per-engine state persists, and one engine's view touches only it.
        let first = cluster[cluster.engineIDs[0]]
        #expect(try first.execute(ClusterAppendLog(value: 1)) == [[1]])
        #expect(try first.execute(ClusterAppendLog(value: 2)) == [[1, 2]])
        #expect(try view.execute(ClusterAppendLog(value: 3)) == [[1, 2, 3], [3]])
        #expect(try view.remove(["xs", "nope"]) == [1, 1])
        do {
            _ = try view.pull("xs", as: [Double].self)
            Issue.record("pulled a removed name")
        } catch let e as ClusterError {
            #expect(e.code == .invalidArgument)
            #expect(e.message.contains("'xs' is not defined"))
        }
        do {
            _ = try view.pull("xs_sum", as: String.self)
            Issue.record("pulled a Double as a String")
        } catch let e as ClusterError {
            #expect(e.code == .encoding)
        }
        do {
            _ = try cluster[999].apply(ClusterPid(), 0)
            Issue.record("ran on a missing engine")
        } catch let e as ClusterError {
            #expect(e.code == .noSuchEngine)
        }
    }

    @Test("scatter splits by rows as IPython does and gather joins in order (arrays and NDArrays)")
    func scatterGather() throws {
        let cluster = try Cluster.local(engines: 3)
        defer { cluster.shutdown() }
        let view = cluster.directView()
        let xs = (0..<10).map(Double.init)
        try view.scatter("xs", xs)
        #expect(try view.pull("xs", as: [Double].self) == [[0, 1, 2, 3], [4, 5, 6], [7, 8, 9]])
        #expect(try view.gather("xs", as: [Double].self) == xs)
        #expect(try view.execute(ClusterSum(name: "xs")) == [6, 15, 24])

        let a = NDArray<Double>(shape: [7, 3], elements: (0..<21).map(Double.init))
        try view.scatter("a", a)
        #expect(try view.execute(ClusterDoubleArray(name: "a")) == [[3, 3], [2, 3], [2, 3]])
        let back = try view.gather("a", as: NDArray<Double>.self)
        #expect(back.shape == [7, 3])
        #expect(back.toArray() == a.toArray().map { $0 * 2 })
        // Fewer rows than engines: some blocks are empty.
        try view.scatter("few", [1, 2])
        #expect(try view.pull("few", as: [Int].self) == [[1], [2], []])
        // Blocks over a megabyte take the direct-read path of the framed socket.
        let big = NDArray<Double>.arange(600_000.0).reshaped(200_000, 3)
        try view.scatter("big", big)
        #expect(try view.gather("big", as: NDArray<Double>.self).toArray() == big.toArray())
        // NDArray blocks are joined straight from the replies' bytes: empty
        // blocks, Bool arrays (decoded part by part) and a part of another
        // dtype (a clear error) too.
        let two = NDArray<Float>(shape: [2, 3], elements: [1, 2, 3, 4, 5, 6])
        try view.scatter("two", two)
        #expect(try view.gather("two", as: NDArray<Float>.self).toArray() == two.toArray())
        let flags = NDArray<Bool>([true, false, true, true, false])
        try view.scatter("flags", flags)
        #expect(try view.gather("flags", as: NDArray<Bool>.self).toArray() == flags.toArray())
        #expect(throws: ClusterError.self) { try view.gather("two", as: NDArray<Double>.self) }
        try view.broadcast("k", 42)
        #expect(try view.pull("k", as: Int.self) == [42, 42, 42])
    }
}
