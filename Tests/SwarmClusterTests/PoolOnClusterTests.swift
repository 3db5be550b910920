import Foundation
import SwarmCluster
import SwarmPool
import Testing

@Suite("Cluster: Pool on a cluster", .serialized)
struct PoolOnClusterTests {
    @Test("map, imap, apply and starmap-style code written for Pool runs on the cluster's engines")
    func poolAPI() throws {
        let cluster = try Cluster.local(engines: 2)
        defer { cluster.shutdown() }
        let pool = try Pool(cluster: cluster)
        #expect(pool.backend == .remote)
        #expect(pool.workerCount == 2)
        #expect(try pool.map(ClusterSquare(), 0..<500) == (0..<500).map { $0 * $0 })
        #expect(try pool.map(ClusterSquare(), 0..<50, chunksize: 7) == (0..<50).map { $0 * $0 })
        #expect(try pool.apply(ClusterSquare(), 9) == 81)
        #expect(try pool.applyAsync(ClusterSquare(), 4).get() == 16)
        let iterator = try pool.imapUnordered(ClusterSquare(), 0..<100)
        var unordered: [Int] = []
        while let y = try iterator.next(timeout: 30) { unordered.append(y) }
        #expect(unordered.sorted() == (0..<100).map { $0 * $0 })
        #expect(Set(try pool.map(ClusterPid(), 0..<100)).count == 2)
        #expect(throws: ClusterFailure(reason: "no 1")) { try pool.apply(ClusterThrow(), 1) }
        #expect(Set(pool.workerIdentifiers) == Set(cluster.engines.map { Int($0.pid) }))
        pool.close()
        try pool.join()
    }

    @Test("a crashed engine fails its chunk as workerCrashed; a closure is refused")
    func faults() throws {
        let cluster = try Cluster.local(engines: 2)
        defer { cluster.shutdown() }
        let pool = try Pool(cluster: cluster)
        defer { pool.terminate() }
        do {
            _ = try pool.apply(ClusterAbort(), 0)
            Issue.record("the crash was not reported")
        } catch let e as PoolError {
            #expect(e.code == .workerCrashed)
        }
        #expect(throws: PoolError.self) { try pool.apply({ (x: Int) in x }, 1) }
    }
}
