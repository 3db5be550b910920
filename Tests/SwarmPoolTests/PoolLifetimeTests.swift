import Foundation
import SwarmCore
import SwarmPool
import Testing

// CPython's `_TestPoolWorkerErrors`, `_TestPoolWorkerLifetime` and the other
// Pool tests of the same file (parts B, C and D of pool-conformance.md). Python
// runs these on processes only; Swarm runs them on both backends where they mean
// something for threads.

@Suite("CPython worker errors, lifetime and initializers", .serialized)
struct PoolLifetimeTests {
    @Test("B43 error callback receives the worker's error before get() rethrows it", arguments: backends)
    func errorCallback(_ backend: Pool.Backend) throws {
        try withBackend(backend) { (pool: Pool) throws in
            let log = Log<any Error>()
            let r = try pool.applyAsync(Boom(failAt: [1]), 1, onError: { log.append($0) })
            #expect(throws: KeyError(key: 1)) { try r.get() }
            #expect(log.items.count == 1)
            #expect(log.items.first as? KeyError == KeyError(key: 1))
        }
    }

    @Test("B44 a result that cannot be encoded fails its task; the pool loses no worker")
    func unencodableResult() throws {
        try withBackend(.processes) { (pool: Pool) throws in
            let pids = pool.workerIdentifiers
            for _ in 0..<20 {
                let log = Log<any Error>()
                let r = try pool.applyAsync(ReturnUnencodable(), 1, onError: { log.append($0) })
                #expect { try r.get() } throws: { ($0 as? PoolError)?.code == .encoding }
                #expect((log.items.first as? PoolError)?.remote != nil)
            }
            #expect(pool.workerIdentifiers == pids)
        }
    }

    @Test("C45 maxTasksPerChild replaces workers; every result is right", arguments: backends)
    func maxTasksPerChild(_ backend: Pool.Backend) throws {
        let pool = backend == .threads
            ? try Pool(threads: 3, maxTasksPerChild: 10)
            : try Pool(processes: 3, maxTasksPerChild: 10)
        defer { pool.terminate(); try? pool.join() }
        let original = pool.workerIdentifiers
        #expect(original.count == 3)
        let results = try (0..<100).map { try pool.applyAsync(Sqr(), $0) }
        for (i, r) in results.enumerated() { #expect(try r.get() == i * i) }
        #expect(eventually { pool.workerIdentifiers.count == 3 })
        #expect(pool.workerIdentifiers.sorted() != original.sorted())
    }

    @Test("C46 maxTasksPerChild=1 with close and join does not hang (Issue 10332)", arguments: backends)
    func maxTasksCloseJoin(_ backend: Pool.Backend) throws {
        let pool = backend == .threads
            ? try Pool(threads: 3, maxTasksPerChild: 1)
            : try Pool(processes: 3, maxTasksPerChild: 1)
        let results = try (0..<6).map { try pool.applyAsync(Sqr(wait: 0.3), $0) }
        pool.close()
        try pool.join()
        for (i, r) in results.enumerated() { #expect(try r.get() == i * i) }
    }

    @Test("C47 maxTasksPerChild below 1 is rejected", arguments: backends)
    func invalidMaxTasks(_ backend: Pool.Backend) throws {
        // Python also rejects 0.5 and "12"; Swift's type system rejects those at compile time.
        for v in [0, -1] {
            #expect {
                backend == .threads ? try Pool(threads: 3, maxTasksPerChild: v) : try Pool(processes: 3, maxTasksPerChild: v)
            } throws: { ($0 as? PoolError)?.code == .invalidMaxTasksPerChild }
        }
    }

    // C48 (a pool left alive at interpreter exit must not hang the exit): the
    // hidden `swarm _pool-child` and the parent-death test in CrashIsolationTests
    // cover exit with live workers; Swift has no interpreter shutdown to hang.

    @Test("D49 a pool whose initializer throws is not created", arguments: backends)
    func failingInitializer(_ backend: Pool.Backend) throws {
        #expect {
            backend == .threads
                ? try Pool(threads: 2, initializer: { throw SayWhenError(message: "no") })
                : try Pool(processes: 2, initializer: FailingInitializer())
        } throws: { ($0 as? PoolError)?.code == .initializerFailed }
    }

    @Test("D50 the initializer runs once per worker")
    func initializerOncePerProcess() throws {
        let pool = try Pool(processes: 2, initializer: CountingInitializer(tag: 1))
        defer { pool.terminate(); try? pool.join() }
        let answers = try pool.map(ReadInitializerRuns(), 0..<200, chunksize: 1)
        var runsByPid: [Int: Int] = [:]
        for a in answers { runsByPid[a[1]] = a[0] }
        #expect(runsByPid.count >= 1 && runsByPid.count <= 2)
        #expect(runsByPid.values.allSatisfy { $0 == 1 })
    }

    @Test("D50 the initializer runs once per worker thread")
    func initializerOncePerThread() throws {
        let runs = Log<String>()
        let pool = try Pool(threads: 3, initializer: { runs.append(Thread.current.name ?? "?") })
        #expect(runs.items.count == 3)
        #expect(Set(runs.items).count == 3)
        #expect(try pool.map(Sqr(), 0..<100).count == 100)
        pool.close()
        try pool.join()
        #expect(runs.items.count == 3)
    }

    @Test("D51 a pool can be created inside a worker process")
    func poolInsideWorker() throws {
        try withBackend(.processes, 1) { (pool: Pool) throws in
            let answer = try pool.apply(StartInnerPool(workers: 2), 0)
            #expect(answer[1] == (1...7).map { $0 * $0 }.reduce(0, +))
            #expect(answer.count == 4)
        }
    }

    @Test("D54 large pools work (gh-89240)", arguments: backends)
    func largePool(_ backend: Pool.Backend) throws {
        // CPython uses 200 processes; 64 keep this test quick on two cores.
        let workers = backend == .threads ? 200 : 64
        try withBackend(backend, workers) { (pool: Pool) throws in
            #expect(try pool.map(Sqr(), 0..<1000).reduce(0, +) == 332_833_500)
        }
    }

    @Test("D55 mapAsync's callback receives the full list", arguments: backends)
    func callbackFullList(_ backend: Pool.Backend) throws {
        try withBackend(backend, 5) { (pool: Pool) throws in
            let results = Log<[Int]>()
            let r = try pool.mapAsync(Sqr(), [1, 2, 3], onSuccess: { results.append($0) })
            #expect(eventually { !results.items.isEmpty })
            #expect(results.items.first?.sorted() == [1, 4, 9])
            r.wait()
        }
    }

    // D52 (a failure while starting workers ends the ones already started) is
    // covered in CrashIsolationTests by starting a pool whose initializer
    // crashes a worker; D53 is Python's manager backend, which Swarm has no
    // equivalent of.
}
