import Foundation
import SwarmCore
import SwarmPool
import Testing

// The process backend's reason to exist: a worker that dies takes only its
// own task with it, the caller hears why within milliseconds, and the pool
// carries on with a fresh worker.

@Suite("Crash isolation (process backend)", .serialized)
struct CrashIsolationTests {
    @Test("a crashing task fails with the worker and signal; other tasks complete; the worker is replaced",
          arguments: CrashKind.allCases)
    func crashKinds(_ kind: CrashKind) throws {
        try withBackend(.processes, 2) { (pool: Pool) throws in
            let before = pool.workerIdentifiers
            let others = try (1...20).map { try pool.applyAsync(Sqr(wait: 0.01), $0) }
            let start = Date()
            do {
                _ = try pool.apply(CrashTask(kind: kind, crashOn: 0), 0)
                Issue.record("the crash was not reported")
            } catch let error as PoolError {
                #expect(error.code == .workerCrashed)
                #expect(Date().timeIntervalSince(start) < 2)
                #expect(error.workerID != nil)
                let pid = try #require(error.pid)
                #expect(before.contains(Int(pid)))
                #expect(error.message.contains("pid \(pid)"))
                switch (kind, error.exit) {
                case (.exit, .exited(let code)?): #expect(code == 7)
                case (.segfault, .signaled(let signal)?): #expect(signal == SIGSEGV)
                case (.abort, .signaled(let signal)?): #expect(signal == SIGABRT)
                case (_, .signaled(let signal)?): #expect([SIGILL, SIGTRAP].contains(signal), "trap signal \(signal)")
                default: Issue.record("unexpected exit \(String(describing: error.exit)) for \(kind)")
                }
            }
            for (i, r) in others.enumerated() { #expect(try r.get(timeout: 10) == (i + 1) * (i + 1)) }
            #expect(eventually { pool.workerIdentifiers.count == 2 })
            #expect(pool.workerIdentifiers != before)
            #expect(try pool.apply(Sqr(), 12) == 144)
        }
    }

    @Test("a worker killed from outside fails its task with SIGKILL")
    func killedFromOutside() throws {
        try withBackend(.processes, 2) { (pool: Pool) throws in
            let victim = try pool.applyAsync(SleepThenPid(), 30)
            usleep(200_000)
            // The victim's worker is the one not answering a quick WhoAmI.
            let busyPids = Set(pool.workerIdentifiers)
            let idle = try pool.apply(WhoAmI(), 0)
            let target = try #require(busyPids.subtracting([Int(idle)]).first)
            kill(pid_t(target), SIGKILL)
            #expect { try victim.get(timeout: 5) } throws: { error in
                guard let e = error as? PoolError, e.code == .workerCrashed else { return false }
                return e.exit == .signaled(signal: SIGKILL) && e.pid == Int32(target)
            }
            #expect(try pool.apply(Sqr(), 3) == 9)
        }
    }

    @Test("a per-task time limit kills a stuck worker; the pool goes on")
    func taskTimeLimit() throws {
        let pool = try Pool(processes: 1, taskTimeLimit: 0.5)
        defer { pool.terminate(); try? pool.join() }
        let start = Date()
        #expect { try pool.apply(Busy(seconds: 30), 1) } throws: { ($0 as? PoolError)?.code == .timeLimitExceeded }
        #expect(Date().timeIntervalSince(start) < 3)
        #expect(try pool.apply(Busy(seconds: 0.01), 5) == 5)
        #expect(try pool.map(Sqr(), 0..<10) == (0..<10).map { $0 * $0 })
    }

    @Test("terminate stops a blocking apply that runs on the caller's direct path")
    func terminateDuringDirectApply() throws {
        let pool = try Pool(processes: 1)
        let outcome = Log<String>()
        let caller = Thread {
            do {
                _ = try pool.apply(Busy(seconds: 30), 1)
                outcome.append("returned")
            } catch let error as PoolError {
                outcome.append("\(error.code)")
            } catch {
                outcome.append("other \(error)")
            }
        }
        caller.start()
        usleep(200_000)
        let start = Date()
        pool.terminate()
        try pool.join()
        #expect(eventually(timeout: 5) { !outcome.items.isEmpty })
        #expect(outcome.items == ["terminated"])
        #expect(Date().timeIntervalSince(start) < 3)
    }

    @Test("blocking apply and queued work share the workers without losing either")
    func directAndQueuedTogether() throws {
        try withBackend(.processes, 2) { (pool: Pool) throws in
            let queued = try pool.mapAsync(Sqr(wait: 0.001), 0..<200, chunksize: 1)
            var direct: [Int] = []
            for i in 0..<200 { direct.append(try pool.apply(Sqr(), i)) }
            #expect(direct == (0..<200).map { $0 * $0 })
            #expect(try queued.get(timeout: 30) == (0..<200).map { $0 * $0 })
        }
    }

    @Test("terminate leaves no zombie and no orphan")
    func terminateReaps() throws {
        let pool = try Pool(processes: 3)
        let pids = pool.workerIdentifiers
        _ = try (0..<3).map { _ in try pool.applyAsync(Busy(seconds: 20), 0) }
        usleep(100_000)
        pool.terminate()
        try pool.join()
        #expect(pids.allSatisfy(processIsGone))
        #expect(!pids.contains(where: isZombie))
    }

    @Test("the parent's death takes its workers with it")
    func parentDeath() throws {
        // The parent here is itself a worker process (so that this test can kill
        // it): it starts a pool of its own, busy or idle, and is then killed with
        // SIGKILL, which gives it no chance to clean up.
        for busy in [false, true] {
            let outer = try Pool(processes: 1)
            defer { outer.terminate(); try? outer.join() }
            let answer = try outer.apply(StartInnerPool(workers: 2), 0)
            let parent = answer[0]
            let inner = Array(answer[2...])
            #expect(inner.count == 2)
            #expect(inner.allSatisfy { !processIsGone($0) })
            if busy {
                // Keep the inner workers inside a long computation, not waiting on their socket.
                _ = try? outer.applyAsync(Busy(seconds: 0), 0)
            }
            kill(pid_t(parent), SIGKILL)
            #expect(eventually(timeout: 3) { inner.allSatisfy(processIsGone) }, "inner workers \(inner) outlived their parent")
        }
    }

    @Test("D52 a worker that fails to start ends the workers already started")
    func failedStartReleasesWorkers() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swarm-d52-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect { try Pool(processes: 3, initializer: FailAfterFirstWorker(directory: dir)) } throws: {
            ($0 as? PoolError)?.code == .initializerFailed
        }
        let pids = try FileManager.default.contentsOfDirectory(atPath: dir).compactMap(Int.init)
        #expect(pids.count == 2)
        #expect(eventually { pids.allSatisfy(processIsGone) })
    }

    @Test("10,000 tasks with a crash in every hundred: every other result is exactly right")
    func manyTasksWithCrashes() throws {
        try withBackend(.processes, 2) { (pool: Pool) throws in
            let kinds: [CrashKind] = [.exit, .abort, .indexOutOfRange, .segfault]
            let results = try (0..<10_000).map { i in
                i % 100 == 0
                    ? try pool.applyAsync(CrashTask(kind: kinds[(i / 100) % kinds.count], crashOn: i), i)
                    : try pool.applyAsync(Sqr(), i)
            }
            var crashed = 0
            for (i, r) in results.enumerated() {
                if i % 100 == 0 {
                    #expect { try r.get(timeout: 30) } throws: { ($0 as? PoolError)?.code == .workerCrashed }
                    crashed += 1
                } else {
                    #expect(try r.get(timeout: 30) == i * i)
                }
            }
            #expect(crashed == 100)
        }
    }

    @Test("a crash inside a map chunk fails that map; the pool stays whole")
    func crashInMap() throws {
        try withBackend(.processes, 2) { (pool: Pool) throws in
            #expect { try pool.map(CrashTask(kind: .exit, crashOn: 57), 0..<100, chunksize: 10) } throws: {
                ($0 as? PoolError)?.code == .workerCrashed
            }
            #expect(try pool.map(Sqr(), 0..<100, chunksize: 10) == (0..<100).map { $0 * $0 })
        }
    }
}

@Suite("Memory over many tasks", .serialized)
struct PoolMemoryTests {
    /// Set in the fresh test process that does the measuring; names the backend.
    static let probeVariable = "SWARM_POOL_MEMORY_PROBE"

    // The resident set is a property of the whole process, and the other
    // suites (arrays of hundreds of megabytes among them) run beside this one
    // in the test process, so the measuring runs in a fresh copy of the test
    // binary that runs only this test: nothing else allocates there.
    @Test("resident memory stays flat over a million tasks", arguments: backends)
    func millionTasks(_ backend: Pool.Backend) throws {
        let name = backend == .threads ? "threads" : "processes"
        switch ProcessInfo.processInfo.environment[Self.probeVariable] {
        case nil:
            let (status, output) = try runThisTestAlone(filter: "PoolMemoryTests",
                                                        environment: [Self.probeVariable: name])
            #expect(status == 0, "the isolated run failed (status \(status)):\n\(output)")
            #expect(output.contains("measured \(name) growth"), "the isolated run did not measure:\n\(output)")
        case name?:
            try measureMillionTasks(backend)
        default:
            return  // the isolated run for the other backend
        }
    }

    private func measureMillionTasks(_ backend: Pool.Backend) throws {
        try withBackend(backend, 2) { (pool: Pool) throws in
            let batch = 10_000
            func runBatch() throws {
                let results = try (0..<batch).map { try pool.applyAsync(Sqr(), $0) }
                var sum = 0
                for r in results { sum &+= try r.get() }
                #expect(sum == (0..<batch).reduce(0) { $0 + $1 * $1 })
            }
            for _ in 0..<10 { try runBatch() }  // warm up: allocator pools reach their working size
            let before = residentBytes()
            for _ in 10..<100 { try runBatch() }
            let growth = residentBytes() - before
            print("measured \(backend == .threads ? "threads" : "processes") growth \(growth) bytes")
            #expect(growth < 16 << 20, "resident memory grew by \(growth >> 20) MiB over 900,000 tasks")
        }
    }
}
