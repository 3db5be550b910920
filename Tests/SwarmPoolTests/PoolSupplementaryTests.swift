import Foundation
import SwarmCore
import SwarmPool
import Testing

// The supplementary contract of pool-conformance.md (part S): behaviour of
// CPython's pool.py that its tests do not assert, checked on both backends.

@Suite("CPython pool.py supplementary contract", .serialized)
struct PoolSupplementaryTests {
    @Test("S1-S3 isReady, isSuccessful before ready, and get after a timeout", arguments: backends)
    func asyncResultStates(_ backend: Pool.Backend) throws {
        try withBackend(backend) { (pool: Pool) throws in
            let r = try pool.applyAsync(Sqr(wait: 0.3), 3)
            #expect(!r.isReady)
            #expect { try r.isSuccessful() } throws: { ($0 as? PoolError)?.code == .notReady }
            #expect(r.wait(timeout: 0.01) == false)
            #expect { try r.get(timeout: 0.05) } throws: { ($0 as? PoolError)?.code == .timeout }
            #expect(try r.get() == 9)
            #expect(r.isReady)
            #expect(try r.isSuccessful())
            let failed = try pool.applyAsync(Boom(failAt: [1]), 1)
            failed.wait()
            #expect(try failed.isSuccessful() == false)
        }
    }

    @Test("S4 join while running is refused", arguments: backends)
    func joinWhileRunning(_ backend: Pool.Backend) throws {
        try withBackend(backend) { (pool: Pool) throws in
            #expect { try pool.join() } throws: { ($0 as? PoolError)?.code == .stillRunning }
        }
    }

    @Test("S5 every method refuses work after close", arguments: backends)
    func refusedAfterClose(_ backend: Pool.Backend) throws {
        let pool = try makePool(backend)
        pool.close()
        let notRunning: (any Error) -> Bool = { ($0 as? PoolError)?.code == .notRunning }
        #expect(performing: { try pool.apply(Sqr(), 1) }, throws: notRunning)
        #expect(performing: { try pool.applyAsync(Sqr(), 1) }, throws: notRunning)
        #expect(performing: { try pool.map(Sqr(), [1]) }, throws: notRunning)
        #expect(performing: { try pool.mapAsync(Sqr(), [1]) }, throws: notRunning)
        #expect(performing: { try pool.starmap(Mul(), [(1, 2)]) }, throws: notRunning)
        #expect(performing: { try pool.imap(Sqr(), [1]) }, throws: notRunning)
        #expect(performing: { try pool.imapUnordered(Sqr(), [1]) }, throws: notRunning)
        try pool.join()
    }

    @Test("S6 close twice, join twice, terminate after join: no-ops", arguments: backends)
    func idempotentLifecycle(_ backend: Pool.Backend) throws {
        let pool = try makePool(backend)
        pool.close()
        pool.close()
        try pool.join()
        try pool.join()
        pool.terminate()
        #expect(pool.state == .terminated)
    }

    @Test("S7 and S19 chunksize below 1 is rejected by every method", arguments: backends)
    func invalidChunksize(_ backend: Pool.Backend) throws {
        try withBackend(backend) { (pool: Pool) throws in
            let invalid: (any Error) -> Bool = { ($0 as? PoolError)?.code == .invalidChunksize }
            #expect(performing: { try pool.imap(Sqr(), [1, 2], chunksize: 0) }, throws: invalid)
            #expect(performing: { try pool.imapUnordered(Sqr(), [1, 2], chunksize: 0) }, throws: invalid)
            // CPython 3.11's map returns [None, None] here (S19, a missing check); Swarm refuses.
            #expect(performing: { try pool.map(Sqr(), [1, 2], chunksize: 0) }, throws: invalid)
            #expect(performing: { try pool.mapAsync(Sqr(), [1, 2], chunksize: -1) }, throws: invalid)
            #expect(performing: { try pool.starmap(Mul(), [(1, 2)], chunksize: 0) }, throws: invalid)
        }
    }

    @Test("S8 automatic chunksize is ceil(n / (4 × workers))")
    func automaticChunksize() {
        #expect(Chunking.defaultChunksize(itemCount: 0, workers: 2) == 0)
        #expect(Chunking.defaultChunksize(itemCount: 10, workers: 2) == 2)
        #expect(Chunking.defaultChunksize(itemCount: 1_000_000, workers: 2) == 125_000)
        #expect(Chunking.defaultChunksize(itemCount: 9, workers: 1) == 3)
        #expect(Chunking.ranges(count: 10, chunksize: 4) == [0..<4, 4..<8, 8..<10])
    }

    @Test("S9 mapAsync keeps the first failing chunk's error and calls onError once, after all chunks", arguments: backends)
    func firstFailingChunk(_ backend: Pool.Backend) throws {
        try withBackend(backend) { (pool: Pool) throws in
            let log = Log<any Error>()
            let successes = Log<[Int]>()
            let r = try pool.mapAsync(Boom(failAt: [3, 7]), 0..<10, chunksize: 1,
                                      onSuccess: { successes.append($0) }, onError: { log.append($0) })
            r.wait()
            #expect(log.items.count == 1)
            #expect(log.items.first as? KeyError == KeyError(key: 3))
            #expect(successes.items.isEmpty)
            #expect(try r.isSuccessful() == false)
        }
    }

    @Test("S10-S12 map keeps the error type; chunksize > count; generators", arguments: backends)
    func mapMisc(_ backend: Pool.Backend) throws {
        try withBackend(backend) { (pool: Pool) throws in
            #expect(throws: KeyError(key: 3)) { try pool.map(Boom(failAt: [3]), 0..<10) }
            #expect(try pool.map(Sqr(), 0..<5, chunksize: 100) == [0, 1, 4, 9, 16])
            #expect(try pool.map(Sqr(), (0..<4).lazy.map { $0 }) == [0, 1, 4, 9])
            #expect(try pool.imap(Sqr(), (0..<4).lazy.map { $0 }, chunksize: 3).collect() == [0, 1, 4, 9])
        }
    }

    @Test("S13 next(timeout:) times out, then ends", arguments: backends)
    func iteratorTimeout(_ backend: Pool.Backend) throws {
        try withBackend(backend) { (pool: Pool) throws in
            let it = try pool.imap(Sqr(wait: 0.3), [2])
            #expect { try it.next(timeout: 0.05) } throws: { ($0 as? PoolError)?.code == .timeout }
            #expect(try it.next(timeout: 5) == 4)
            #expect(try it.next(timeout: 5) == nil)
        }
    }

    @Test("S14 the default worker count is the number of usable cores", arguments: backends)
    func defaultWorkers(_ backend: Pool.Backend) throws {
        let pool = backend == .threads ? try Pool(threads: nil) : try Pool(processes: nil)
        defer { pool.terminate(); try? pool.join() }
        #expect(pool.workerCount == ProcessInfo.processInfo.activeProcessorCount)
    }

    // S15 (a pool cannot be pickled): `Pool` is not Codable, so the compiler refuses it.
    // S16 (ThreadPool has no maxtasksperchild): Swarm's thread backend supports it (C45).

    @Test("S17 the scoped form terminates: outstanding work is failed, not lost silently", arguments: backends)
    func scopedTerminates(_ backend: Pool.Backend) throws {
        let pending = try withBackend(backend, 1) { (pool: Pool) throws in
            try (0..<50).map { _ in try pool.applyAsync(Sqr(wait: 0.05), 1) }
        }
        var terminated = 0
        for r in pending {
            do { _ = try r.get(timeout: 5) } catch let e as PoolError where e.code == .terminated { terminated += 1 }
        }
        #expect(terminated > 0)
    }

    @Test("S18 callbacks run on a pool thread, not the caller's", arguments: backends)
    func callbackThread(_ backend: Pool.Backend) throws {
        try withBackend(backend) { (pool: Pool) throws in
            let names = Log<String>()
            let r = try pool.applyAsync(Sqr(), 2, onSuccess: { _ in names.append(Thread.current.name ?? "") })
            #expect(try r.get() == 4)
            #expect(names.items.count == 1)
            #expect(names.items.first?.hasPrefix("swarm-") == true, "callback ran on thread \(names.items)")
        }
    }

    @Test("S20 description names the state and size", arguments: backends)
    func description(_ backend: Pool.Backend) throws {
        let pool = try makePool(backend, 2)
        #expect(pool.description == "<Pool state=RUN backend=\(backend.rawValue) pool_size=2>")
        pool.terminate()
        #expect(pool.description.contains("state=TERMINATE"))
        try pool.join()
    }
}
