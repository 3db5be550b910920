import Foundation
@testable import SwarmCluster
import SwarmCore
import Testing

@Suite("Cluster: results kept on request", .serialized)
struct KeptResultTests {
    @Test("a kept result is fetched again by id, with its metadata, until it is forgotten; others are not kept")
    func keptAndForgotten() throws {
        let cluster = try Cluster.local(engines: 2)
        defer { cluster.shutdown() }
        let view = cluster.loadBalancedView()
        let kept = try view.applyAsync(ClusterSquare(), 12, options: TaskOptions(keepResult: true))
        let plain = try view.applyAsync(ClusterSquare(), 13)
        #expect(try kept.get(timeout: 30) == 144)
        #expect(try plain.get(timeout: 30) == 169)

        let again = try cluster.keptResult(kept.taskIDs[0])
        #expect(try again.decode([Int].self) == [144])
        #expect(again.metadata.engineID == kept.metadata[0]?.engineID)
        #expect(again.metadata.engineID != nil)
        // Twice: fetching does not consume it.
        #expect(try cluster.keptResult(kept.taskIDs[0]).decode([Int].self) == [144])

        #expect(throws: ClusterError.self) { try cluster.keptResult(plain.taskIDs[0]) }
        do {
            _ = try cluster.keptResult(plain.taskIDs[0])
        } catch let error as ClusterError {
            #expect(error.code == .noSuchResult)
        }
        #expect(try cluster.forgetResults(kept.taskIDs + plain.taskIDs) == 1)
        #expect(throws: ClusterError.self) { try cluster.keptResult(kept.taskIDs[0]) }
    }

    @Test("a kept failure is the task's own error; a map keeps each chunk")
    func keptFailureAndMap() throws {
        let cluster = try Cluster.local(engines: 2)
        defer { cluster.shutdown() }
        let view = cluster.loadBalancedView(options: TaskOptions(keepResult: true))
        let failing = try view.applyAsync(ClusterThrow(), 5)
        #expect(throws: ClusterFailure(reason: "no 5")) { try failing.get(timeout: 30) }
        #expect(throws: ClusterFailure(reason: "no 5")) { try cluster.keptResult(failing.taskIDs[0]) }

        let map = try view.mapAsync(ClusterSquare(), Array(0..<10), chunksize: 3)
        #expect(try map.get(timeout: 30) == (0..<10).map { $0 * $0 })
        #expect(map.taskIDs.count == 4)
        let chunks = try map.taskIDs.map { try cluster.keptResult($0).decode([Int].self) }
        #expect(chunks.flatMap { $0 } == (0..<10).map { $0 * $0 })
        #expect(try cluster.forgetResults(map.taskIDs + failing.taskIDs) == 5)
    }

    @Test("another client of a long-lived cluster fetches a kept result by id")
    func keptAcrossClients() throws {
        let path = NSTemporaryDirectory() + "swarm-kept-\(UUID().uuidString).json"
        let server = try ClusterServer.start(engines: 1, connectionFile: path)
        defer { server.stop() }
        let first = try Cluster.connect(path)
        let result = try first.loadBalancedView().applyAsync(ClusterSquare(), 7, options: TaskOptions(keepResult: true))
        #expect(try result.get(timeout: 30) == 49)
        let id = result.taskIDs[0]
        first.shutdown()

        let second = try Cluster.connect(path)
        defer { second.shutdown() }
        #expect(try second.keptResult(id).decode([Int].self) == [49])
        #expect(try second.forgetResults([id]) == 1)
        #expect(throws: ClusterError.self) { try second.keptResult(id) }
    }
}
