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

    @Test("large scatters and gathers go by process memory on a local cluster, with the same results as the socket")
    func scatterGatherByMemory() throws {
        let cluster = try Cluster.local(engines: 2)
        defer { cluster.shutdown() }
        var socket = cluster.directView()
        socket.memoryTransfers = false
        for view in [cluster.directView(), socket] {
            let byMemory = view.memoryTransfers
            let expectedKind = byMemory ? "value" : "slice"
            // A 3-D array of doubles with an odd number of rows (3 MB).
            let a = NDArray<Double>.arange(375_003.0).reshaped(41_667, 3, 3) * 0.5 - 7
            try view.scatter("a", a)
            #expect(try view.execute(ClusterEntryKind(name: "a")) == [expectedKind, expectedKind])
            let rows = [20_834, 20_833]
            let sums = try view.execute(ClusterArraySummary(name: "a"))
            #expect(sums.map { $0[0] } == rows.map(Double.init))
            #expect(sums[0][1] == a[0..<20_834].sum())
            #expect(sums[1][1] == a[20_834...].sum())
            let back = try view.gather("a", as: NDArray<Double>.self)
            #expect(back.shape == a.shape)
            #expect(back.toArray() == a.toArray())
            // A view that is not contiguous (a transpose) is sent as its rows.
            let t = NDArray<Double>.arange(400_000.0).reshaped(1000, 400).T
            try view.scatter("t", t)
            #expect(try view.gather("t", as: NDArray<Double>.self).toArray() == t.toArray())
            // Other element types, and a gather after engines changed the values.
            let z = NDArray<Complex<Double>>(shape: [70_001], elements: (0..<70_001).map { Complex(Double($0), -Double($0)) })
            try view.scatter("z", z)
            #expect(try view.gather("z", as: NDArray<Complex<Double>>.self).toArray() == z.toArray())
            let flags = NDArray<Bool>((0..<1_500_001).map { $0 % 3 == 0 })
            try view.scatter("flags", flags)
            #expect(try view.gather("flags", as: NDArray<Bool>.self).toArray() == flags.toArray())
            let ints = NDArray<Int32>((0..<300_000).map(Int32.init)).reshaped(100_000, 3)
            try view.scatter("ints", ints)
            #expect(try view.gather("ints", as: NDArray<Int32>.self).toArray() == ints.toArray())
            _ = try view.execute(ClusterDoubleArray(name: "a"))
            #expect(try view.gather("a", as: NDArray<Double>.self).toArray() == a.toArray().map { $0 * 2 })
            // A name missing on one engine, or of another element type: the
            // same errors as the socket path, and no loan left open.
            _ = try cluster[cluster.engineIDs[1]].remove(["a"])
            #expect(throws: ClusterError.self) { try view.gather("a", as: NDArray<Double>.self) }
            #expect(throws: ClusterError.self) { try view.gather("ints", as: NDArray<Double>.self) }
            #expect(try view.execute(ClusterOpenLoans()) == [0, 0])
            _ = try view.remove(["a", "t", "z", "flags", "ints"])
        }
        // Each engine showed once that it can read this process's memory.
        let pids = cluster.engines.map(\.pid)
        #expect(MemoryTransfer.readable.withLock { known in pids.allSatisfy { known[$0] == true } })
        // An engine that could not (a kernel that refuses) gets its rows by socket.
        MemoryTransfer.readable.withLock { $0[pids[1]] = false }
        defer { MemoryTransfer.readable.withLock { $0[pids[1]] = nil } }
        let a = NDArray<Double>.arange(300_000.0)
        try cluster.directView().scatter("a", a)
        #expect(try cluster.directView().execute(ClusterEntryKind(name: "a")) == ["slice", "slice"])
        #expect(try cluster.directView().gather("a", as: NDArray<Double>.self).toArray() == a.toArray())
    }

    @Test("an engine refuses memory transfers it cannot make, with a clear error")
    func memoryCallsCheckTheirInput() throws {
        // Not a local child: this test process has no controller parent.
        #expect(throws: ClusterError.self) { try EngineMemory.parent() }
        #expect(throws: ClusterError.self) { try memoryBlockBytes([-1, 3], elementSize: 8) }
        #expect(throws: ClusterError.self) { try memoryBlockBytes([Int.max / 2, 3], elementSize: 8) }
        #expect(throws: ClusterError.self) { try memoryBlockBytes([1 << 40, 1 << 20], elementSize: 8) }
        #expect(try memoryBlockBytes([0, 5], elementSize: 8) == 0)
        #expect(try memoryBlockBytes([3, 5], elementSize: 16) == 240)
        // A read the kernel refuses (no such address) throws rather than crashing.
        var sink = [UInt8](repeating: 0, count: 16)
        #expect(throws: WireError.self) {
            try sink.withUnsafeMutableBytes { try ProcessMemory.read(from: getpid(), address: 8, into: $0.baseAddress!, count: 16) }
        }
        // And one it allows copies the bytes.
        let source: [UInt8] = (0..<16).map { UInt8($0 * 3) }
        try source.withUnsafeBytes { raw in
            try sink.withUnsafeMutableBytes {
                try ProcessMemory.read(from: getpid(), address: UInt64(UInt(bitPattern: raw.baseAddress)), into: $0.baseAddress!, count: 16)
            }
        }
        #expect(sink == source)
    }
}
