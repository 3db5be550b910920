import Foundation
import SwarmArray
@testable import SwarmCluster
import SwarmCore
import SwarmScheduler
import Testing

@Suite("Cluster: load-balanced view", .serialized)
struct LoadBalancedViewTests {
    @Test("map and apply give the same answers as running the function here, in order")
    func mapAndApply() throws {
        let cluster = try Cluster.local(engines: 2)
        defer { cluster.shutdown() }
        #expect(cluster.engineIDs.count == 2)
        let view = cluster.loadBalancedView()
        #expect(try view.apply(ClusterSquare(), 7) == 49)
        let inputs = Array(0..<1000)
        for chunksize in [1, 7, 1000, 5000] {
            #expect(try view.map(ClusterSquare(), inputs, chunksize: chunksize) == inputs.map { $0 * $0 })
        }
        #expect(try view.map(ClusterSquare(), [], chunksize: 3) == [])
        #expect(throws: ClusterError.self) { try view.map(ClusterSquare(), inputs, chunksize: 0) }
        // Both engines took work.
        let pids = Set(try view.map(ClusterPid(), Array(0..<200)))
        #expect(pids.count == 2)
    }

    @Test("imap yields every result, in order or as tasks finish")
    func imap() throws {
        let cluster = try Cluster.local(engines: 2)
        defer { cluster.shutdown() }
        let view = cluster.loadBalancedView()
        let ordered = try view.imap(ClusterSquare(), Array(0..<300), chunksize: 4).collect()
        #expect(ordered == (0..<300).map { $0 * $0 })
        let unordered = try view.imap(ClusterSquare(), Array(0..<300), chunksize: 4, ordered: false).collect()
        #expect(unordered.sorted() == ordered)
    }

    @Test("a Codable error thrown on an engine comes back as itself; metadata says where and when")
    func errorsAndMetadata() throws {
        let cluster = try Cluster.local(engines: 2)
        defer { cluster.shutdown() }
        let view = cluster.loadBalancedView()
        #expect(throws: ClusterFailure(reason: "no 3")) { try view.apply(ClusterThrow(), 3) }
        let result = try view.applyAsync(ClusterPrint(), "hello from an engine")
        #expect(try result.get(timeout: 10) == 20)
        #expect(try result.isSuccessful())
        let meta = try #require(result.metadata[0])
        #expect(meta.stdout == "hello from an engine\n")
        #expect(meta.stderr == "err:hello from an engine\n")
        #expect(cluster.engineIDs.contains(try #require(meta.engineID)))
        let started = try #require(meta.started), completed = try #require(meta.completed)
        #expect(meta.submitted <= started.addingTimeInterval(0.05))
        #expect(started <= completed)
        #expect(meta.attempts == 1)
        #expect(result.progress == (1, 1))
        // Output does not leak into the next task's metadata.
        let quiet = try view.applyAsync(ClusterSquare(), 2)
        _ = try quiet.get()
        #expect(quiet.metadata[0]?.stdout == "")
    }

    @Test("higher priority runs first among queued tasks")
    func priority() throws {
        let cluster = try Cluster.local(engines: 1, highWaterMark: 1)
        defer { cluster.shutdown() }
        let view = cluster.loadBalancedView()
        let blocker = try view.applyAsync(ClusterSleep(seconds: 0.3), 0)
        let low = try (0..<3).map { try view.applyAsync(ClusterSquare(), $0, options: TaskOptions(priority: -1)) }
        let high = try (0..<3).map { try view.applyAsync(ClusterSquare(), $0, options: TaskOptions(priority: 5)) }
        _ = try blocker.get()
        for r in low + high { _ = try r.get(timeout: 10) }
        let lastHigh = high.compactMap { $0.metadata[0]?.started }.max()!
        let firstLow = low.compactMap { $0.metadata[0]?.started }.min()!
        #expect(lastHigh <= firstLow)
        // Equal priorities keep submission order.
        let lows = low.compactMap { $0.metadata[0]?.started }
        #expect(lows == lows.sorted())
    }

    @Test("after: waits for dependencies; a failed dependency fails its dependents; follow: runs on the same engine")
    func dependencies() throws {
        let cluster = try Cluster.local(engines: 2, highWaterMark: 1)
        defer { cluster.shutdown() }
        let view = cluster.loadBalancedView()
        let first = try view.applyAsync(ClusterSleep(seconds: 0.2), 0)
        let second = try view.applyAsync(ClusterSquare(), 3, options: TaskOptions(after: [first]))
        #expect(try second.get(timeout: 10) == 9)
        #expect(second.metadata[0]!.started! >= first.metadata[0]!.completed!)

        let failing = try view.applyAsync(ClusterThrow(), 1)
        let dependent = try view.applyAsync(ClusterSquare(), 2, options: TaskOptions(after: [failing]))
        let grandchild = try view.applyAsync(ClusterSquare(), 2, options: TaskOptions(after: [dependent]))
        #expect(throws: ClusterFailure.self) { try failing.get(timeout: 10) }
        for r in [dependent, grandchild] {
            do { _ = try r.get(timeout: 10); Issue.record("ran despite a failed dependency") } catch let e as ClusterError {
                #expect(e.code == .dependencyFailed)
            }
        }
        // After the failure is known, a new dependent fails at once too.
        let late = try view.applyAsync(ClusterSquare(), 2, options: TaskOptions(after: [failing]))
        #expect(throws: ClusterError.self) { try late.get(timeout: 10) }

        for value in [11, 12, 13] {
            let leave = try view.applyAsync(ClusterLeave(), value)
            let read = try view.applyAsync(ClusterReadLeft(), 0, options: TaskOptions(follow: [leave]))
            #expect(try read.get(timeout: 10) == value)
            #expect(read.metadata[0]?.engineID == leave.metadata[0]?.engineID)
        }
    }

    @Test("a task needing resources no engine offers fails at once; one that fits goes to the engine that has them")
    func resources() throws {
        let cluster = try Cluster.local(engines: 2, resources: Resources(cores: 1, memory: 1 << 30))
        defer { cluster.shutdown() }
        let view = cluster.loadBalancedView()
        do {
            _ = try view.apply(ClusterSquare(), 2, options: TaskOptions(resources: Resources(gpus: 1)))
            Issue.record("an unsatisfiable task ran")
        } catch let e as ClusterError {
            #expect(e.code == .unsatisfiable)
            #expect(e.message.contains("gpus 1"))
        }
        #expect(try view.apply(ClusterSquare(), 2, options: TaskOptions(resources: Resources(cores: 1, memory: 1 << 20))) == 4)
    }

    @Test("the controller keeps no record of delivered tasks: its memory stays flat")
    func flatMemory() throws {
        let cluster = try Cluster.local(engines: 2)
        defer { cluster.shutdown() }
        let view = cluster.loadBalancedView()
        for _ in 0..<3 {
            let results = try (0..<5000).map { try view.applyAsync(ClusterNoop(), $0) }
            for r in results { _ = try r.get(timeout: 30) }
            let (tasks, blocked, dependents) = cluster.localController!.state.withLock { ($0.tasks.count, $0.blocked.count, $0.dependents.count) }
            #expect(tasks == 0 && blocked == 0 && dependents == 0)
        }
        let stats = cluster.statistics
        #expect(stats.succeeded == 15000 && stats.queued == 0 && stats.running == 0)
    }
}
