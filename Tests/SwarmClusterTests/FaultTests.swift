import Foundation
@testable import SwarmCluster
import SwarmCore
import Testing

@Suite("Cluster: faults, timeouts and cancellation", .serialized)
struct FaultTests {
    @Test("an engine killed mid-task: the task fails naming the engine and signal; the engine is replaced; the rest complete once")
    func engineDies() throws {
        let cluster = try Cluster.local(engines: 2, highWaterMark: 4)
        defer { cluster.shutdown() }
        let view = cluster.loadBalancedView()
        let others = try (0..<200).map { try view.applyAsync(ClusterSquare(), $0) }
        let marker = NSTemporaryDirectory() + "swarm-crash-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: marker) }
        do {
            _ = try view.apply(ClusterCrashOnce(marker: marker), 1)
            Issue.record("the crash was not reported")
        } catch let e as ClusterError {
            #expect(e.code == .engineDied)
            #expect(e.engineID != nil)
            #expect(e.exit == .signaled(signal: SIGKILL))
            #expect(e.message.contains("engine \(e.engineID!)"))
            #expect(e.message.contains("out-of-memory"))
        }
        for (i, r) in others.enumerated() { #expect(try r.get(timeout: 30) == i * i) }
        try cluster.waitForEngines(2, timeout: 30)
        #expect(cluster.statistics.engineRestarts >= 1)
        #expect(try view.apply(ClusterSquare(), 9) == 81)
    }

    @Test("retries: a task whose engine died runs again elsewhere and succeeds; abort() is reported as SIGABRT")
    func retries() throws {
        let cluster = try Cluster.local(engines: 2)
        defer { cluster.shutdown() }
        let view = cluster.loadBalancedView()
        let marker = NSTemporaryDirectory() + "swarm-crash-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: marker) }
        let result = try view.applyAsync(ClusterCrashOnce(marker: marker), 41, options: TaskOptions(retries: 1))
        #expect(try result.get(timeout: 30) == 42)
        #expect(result.metadata[0]?.attempts == 2)
        do {
            _ = try view.apply(ClusterAbort(), 0)
            Issue.record("abort was not reported")
        } catch let e as ClusterError {
            #expect(e.code == .engineDied)
            #expect(e.exit == .signaled(signal: SIGABRT))
        }
        // A thrown error is retried too, and fails after the last try.
        let thrown = try view.applyAsync(ClusterThrow(), 1, options: TaskOptions(retries: 2))
        #expect(throws: ClusterFailure.self) { try thrown.get(timeout: 10) }
        #expect(thrown.metadata[0]?.attempts == 3)
    }

    @Test("timeout: a task past its limit fails within the limit plus a little; its engine is replaced")
    func timeout() throws {
        let cluster = try Cluster.local(engines: 2)
        defer { cluster.shutdown() }
        let view = cluster.loadBalancedView()
        let start = Date()
        do {
            _ = try view.apply(ClusterSleep(seconds: 20), 0, options: TaskOptions(timeout: 0.3))
            Issue.record("the timeout was not enforced")
        } catch let e as ClusterError {
            #expect(e.code == .taskTimedOut)
            #expect(e.exit == .signaled(signal: SIGKILL))
        }
        #expect(Date().timeIntervalSince(start) < 3)
        try cluster.waitForEngines(2, timeout: 30)
        #expect(try view.apply(ClusterSquare(), 5, options: TaskOptions(timeout: 10)) == 25)
    }

    @Test("cancel: a queued task at once, a running one by replacing its engine; nothing else is lost")
    func cancel() throws {
        let cluster = try Cluster.local(engines: 1, highWaterMark: 1)
        defer { cluster.shutdown() }
        let view = cluster.loadBalancedView()
        let running = try view.applyAsync(ClusterSleep(seconds: 20), 0)
        let queued = try view.applyAsync(ClusterSquare(), 3)
        let after = try view.applyAsync(ClusterSquare(), 4)
        usleep(200_000)
        queued.cancel()
        do { _ = try queued.get(timeout: 1); Issue.record("cancelled task ran") } catch let e as ClusterError {
            #expect(e.code == .cancelled)
        }
        let start = Date()
        running.cancel()
        do { _ = try running.get(timeout: 5); Issue.record("cancelled task finished") } catch let e as ClusterError {
            #expect(e.code == .cancelled)
        }
        #expect(Date().timeIntervalSince(start) < 2)
        #expect(try after.get(timeout: 30) == 16)
        #expect(after.metadata[0]?.attempts == 1)
    }

    @Test("shutdown fails unfinished tasks with notRunning and stops every engine process")
    func shutdown() throws {
        let cluster = try Cluster.local(engines: 2)
        let pids = cluster.engines.map(\.pid)
        let view = cluster.loadBalancedView()
        let pending = try (0..<4).map { try view.applyAsync(ClusterSleep(seconds: 10), $0) }
        usleep(100_000)
        cluster.shutdown()
        for r in pending {
            do { _ = try r.get(timeout: 5); Issue.record("finished after shutdown") } catch let e as ClusterError {
                #expect(e.code == .notRunning)
            }
        }
        for pid in pids { #expect(kill(pid, 0) != 0) }
        #expect(throws: ClusterError.self) { try view.apply(ClusterSquare(), 1) }
    }
}
