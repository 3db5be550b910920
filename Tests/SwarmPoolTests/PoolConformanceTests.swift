import Foundation
import SwarmCore
import SwarmPool
import Testing

// CPython's `_TestPool` (Lib/test/_test_multiprocessing.py), item by item as
// listed in shared/reference/pool-conformance.md, part A. Each test runs on
// both backends; where Python's behaviour makes no sense in Swift the test
// says so.

let backends: [Pool.Backend] = [.threads, .processes]

@Suite("CPython _TestPool conformance", .serialized)
struct PoolConformanceTests {
    @Test("A1 apply returns the function's value", arguments: backends)
    func apply(_ backend: Pool.Backend) throws {
        try withBackend(backend) { (pool: Pool) throws in
            #expect(try pool.apply(Sqr(), 5) == 25)
        }
    }

    @Test("A2 keyword arguments: Swift has labelled fields in the function value", arguments: backends)
    func applyWithState(_ backend: Pool.Backend) throws {
        // Python's `apply(sqr, (), {'x': 3})` passes a keyword argument; the Swift
        // equivalent of named state is a stored property of the function value.
        try withBackend(backend) { (pool: Pool) throws in
            #expect(try pool.apply(Sqr(wait: 0.001), 3) == 9)
        }
    }

    @Test("A3-A4 map in input order, default and explicit chunksize", arguments: backends)
    func map(_ backend: Pool.Backend) throws {
        try withBackend(backend) { (pool: Pool) throws in
            #expect(try pool.map(Sqr(), 0..<10) == (0..<10).map { $0 * $0 })
            #expect(try pool.map(Sqr(), 0..<100, chunksize: 20) == (0..<100).map { $0 * $0 })
        }
    }

    @Test("A5-A7 starmap unpacks each tuple", arguments: backends)
    func starmap(_ backend: Pool.Backend) throws {
        try withBackend(backend) { (pool: Pool) throws in
            let pairs = Array(zip(0..<10, (0..<10).reversed()))
            #expect(try pool.starmap(Mul(), pairs) == pairs.map { $0 * $1 })
            let many = Array(zip(0..<100, (0..<100).reversed()))
            #expect(try pool.starmap(Mul(), many, chunksize: 20) == many.map { $0 * $1 })
            #expect(try pool.starmapAsync(Mul(), many).get() == many.map { $0 * $1 })
            // Any arity and mixed types (parameter packs).
            #expect(try pool.starmap(Describe(), [("a", 1, 0.5), ("b", 2, 1.5)]) == ["a-1-0.5", "b-2-1.5"])
        }
    }

    @Test("A8 mapAsync().get()", arguments: backends)
    func mapAsync(_ backend: Pool.Backend) throws {
        try withBackend(backend) { (pool: Pool) throws in
            #expect(try pool.mapAsync(Sqr(), 0..<10).get() == (0..<10).map { $0 * $0 })
        }
    }

    @Test("A9 success callback runs once with the whole list before wait returns", arguments: backends)
    func mapAsyncCallback(_ backend: Pool.Backend) throws {
        try withBackend(backend) { (pool: Pool) throws in
            let log = Log<String>()
            let r = try pool.mapAsync(Sqr(), [1], onSuccess: { log.append("ok \($0)") }, onError: { log.append("error \($0)") })
            r.wait()
            #expect(log.items == ["ok [1]"])
        }
    }

    @Test("A10 error callback runs once with the error; success callback does not", arguments: backends)
    func mapAsyncErrorCallback(_ backend: Pool.Backend) throws {
        try withBackend(backend) { (pool: Pool) throws in
            let log = Log<any Error>()
            let successes = Log<[Int]>()
            let r = try pool.mapAsync(Boom(failAt: [0]), [0], onSuccess: { successes.append($0) }, onError: { log.append($0) })
            r.wait()
            #expect(successes.items.isEmpty)
            #expect(log.items.count == 1)
            #expect(log.items.first as? KeyError == KeyError(key: 0))
        }
    }

    @Test("A11 an argument that cannot be encoded fails promptly in the caller (processes)")
    func unencodableArgument() throws {
        try withBackend(.processes) { (pool: Pool) throws in
            #expect(throws: PoolError.self) {
                try pool.map(TakeUnencodable(), Array(repeating: UnencodableArgument(), count: 10))
            }
            #expect(try pool.apply(Sqr(), 2) == 4)  // still usable
        }
    }

    @Test("A12 empty input with explicit chunksize does not stall", arguments: backends)
    func emptyWithChunksize(_ backend: Pool.Backend) throws {
        try withBackend(backend) { (pool: Pool) throws in
            #expect(try pool.mapAsync(Sqr(), [Int](), chunksize: 1).get(timeout: 0.1) == [])
        }
    }

    @Test("A13-A15 a generator that throws: map rethrows its error, and the pool stays usable", arguments: backends)
    func generatorErrors(_ backend: Pool.Backend) throws {
        try withBackend(backend) { (pool: Pool) throws in
            for _ in 0..<2 {
                #expect(throws: SayWhenError.self) { try pool.map(Sqr(), generator: failingGenerator(total: 1, when: -1), chunksize: 1) }
            }
            #expect(throws: SayWhenError.self) { try pool.map(Sqr(), generator: failingGenerator(total: 10, when: 3), chunksize: 1) }
            #expect(try pool.map(Sqr(), generator: failingGenerator(total: 4, when: 99)) == [0, 1, 4, 9])
        }
    }

    // A16 (SpecialIterable with __len__ whose __next__ raises): Swift's Sequence
    // iteration cannot throw, so the only throwing input is the generator form,
    // covered by A13-A15 and A22-A25.

    @Test("A17 applyAsync().get() waits for a slow task", arguments: backends)
    func applyAsyncSlow(_ backend: Pool.Backend) throws {
        try withBackend(backend) { (pool: Pool) throws in
            let start = Date()
            #expect(try pool.applyAsync(Sqr(wait: 0.1), 7).get() == 49)
            #expect(Date().timeIntervalSince(start) >= 0.09)
        }
    }

    @Test("A18 get(timeout:) throws a timeout while the task runs on", arguments: backends)
    func getTimeout(_ backend: Pool.Backend) throws {
        let pool = try makePool(backend, 3)
        defer { pool.terminate(); try? pool.join() }
        let r = try pool.applyAsync(Sqr(wait: 0.6), 6)
        let start = Date()
        #expect(throws: PoolError.self) { try r.get(timeout: 0.1) }
        let waited = Date().timeIntervalSince(start)
        #expect(waited >= 0.09 && waited < 0.5)
        do { _ = try r.get(timeout: 0.1) } catch let e as PoolError { #expect(e.code == .timeout) }
    }

    @Test("A19-A21 imap yields in order and then ends", arguments: backends)
    func imap(_ backend: Pool.Backend) throws {
        try withBackend(backend) { (pool: Pool) throws in
            #expect(try pool.imap(Sqr(), 0..<10).collect() == (0..<10).map { $0 * $0 })
            let it = try pool.imap(Sqr(), 0..<10)
            for i in 0..<10 { #expect(try it.next(timeout: 5) == i * i) }
            #expect(try it.next(timeout: 5) == nil)  // Python's StopIteration
            #expect(try pool.imap(Sqr(), 0..<1000, chunksize: 100).collect() == (0..<1000).map { $0 * $0 })
        }
    }

    @Test("A22-A25 imap over a throwing generator: the broken chunk is replaced by the error", arguments: backends)
    func imapGeneratorErrors(_ backend: Pool.Backend) throws {
        try withBackend(backend) { (pool: Pool) throws in
            for _ in 0..<2 {
                let it = try pool.imap(Sqr(), generator: failingGenerator(total: 1, when: -1), chunksize: 1)
                #expect(throws: SayWhenError.self) { try it.next(timeout: 5) }
            }
            #expect(try drain(pool.imap(Sqr(), generator: failingGenerator(total: 10, when: 3), chunksize: 1)) == ([0, 1, 4], true))
            #expect(try drain(pool.imap(Sqr(), generator: failingGenerator(total: 20, when: 7), chunksize: 2)) == ([0, 1, 4, 9, 16, 25], true))
            #expect(try drain(pool.imap(Sqr(), generator: failingGenerator(total: 20, when: 7), chunksize: 4)) == ([0, 1, 4, 9], true))
        }
    }

    @Test("A26-A27 imapUnordered yields every result exactly once", arguments: backends)
    func imapUnordered(_ backend: Pool.Backend) throws {
        try withBackend(backend) { (pool: Pool) throws in
            #expect(try pool.imapUnordered(Sqr(), 0..<10).collect().sorted() == (0..<10).map { $0 * $0 })
            #expect(try pool.imapUnordered(Sqr(), 0..<1000, chunksize: 100).collect().sorted() == (0..<1000).map { $0 * $0 })
        }
    }

    @Test("A28-A30 imapUnordered over a throwing generator", arguments: backends)
    func imapUnorderedGeneratorErrors(_ backend: Pool.Backend) throws {
        try withBackend(backend) { (pool: Pool) throws in
            let first = try pool.imap(Sqr(), generator: failingGenerator(total: 1, when: -1), chunksize: 1, ordered: false)
            #expect(throws: SayWhenError.self) { try first.next(timeout: 5) }
            for (total, chunk) in [(10, 1), (20, 2)] {
                let (values, threw) = try drain(pool.imap(Sqr(), generator: failingGenerator(total: total, when: 3), chunksize: chunk, ordered: false))
                #expect(threw)
                #expect(values.count < total)
                #expect(Set(values).count == values.count)
                #expect(values.allSatisfy { v in (0..<total).contains { $0 * $0 == v } })
            }
        }
    }

    @Test("A31 a worker count below 1 is rejected", arguments: backends)
    func invalidWorkerCount(_ backend: Pool.Backend) throws {
        for n in [-1, 0] {
            #expect { try makePool(backend, n) } throws: { ($0 as? PoolError)?.code == .invalidWorkerCount }
        }
    }

    @Test("A32 Pool(3) has exactly 3 workers", arguments: backends)
    func workerCount(_ backend: Pool.Backend) throws {
        let pool = try makePool(backend, 3)
        #expect(pool.workerCount == 3)
        #expect(pool.workerIdentifiers.count == 3)
        pool.close()
        try pool.join()
    }

    @Test("A33 terminate with many pending tasks: join returns without running them", arguments: backends)
    func terminatePending(_ backend: Pool.Backend) throws {
        let pool = try makePool(backend, 3)
        // Threads cannot be killed, so their running tasks are short (CPython shortens them too).
        let wait = backend == .threads ? 0.2 : 30
        let r = try pool.mapAsync(Sqr(wait: wait), Array(0..<10_000), chunksize: 1)
        usleep(200_000)
        let start = Date()
        pool.terminate()
        try pool.join()
        #expect(Date().timeIntervalSince(start) < 3)
        #expect { try r.get(timeout: 5) } throws: { ($0 as? PoolError)?.code == .terminated }
    }

    @Test("A34 empty inputs give empty results (Issue 12157)", arguments: backends)
    func emptyInputs(_ backend: Pool.Backend) throws {
        let pool = try makePool(backend, 1)
        #expect(try pool.map(Sqr(), [Int]()) == [])
        #expect(try pool.imap(Sqr(), [Int]()).collect() == [])
        #expect(try pool.imapUnordered(Sqr(), [Int]()).collect() == [])
        #expect(try pool.mapAsync(Sqr(), [Int]()).get() == [])
        pool.close()
        try pool.join()
    }

    @Test("A35 the scoped pool terminates on exit; join works afterwards; new work is refused", arguments: backends)
    func scopedPool(_ backend: Pool.Backend) throws {
        var escaped: Pool?
        let values = try withBackend(backend, 2) { (pool: Pool) throws in
            escaped = pool
            return try pool.mapAsync(Sqr(), 0..<10).get()
        }
        #expect(values == (0..<10).map { $0 * $0 })
        let pool = try #require(escaped)
        #expect(pool.state == .terminated)
        try pool.join()
        #expect { try pool.mapAsync(Sqr(), [1]) } throws: { ($0 as? PoolError)?.code == .notRunning }
    }

    @Test("A36 a worker's error comes back as the same type and value", arguments: backends)
    func remoteErrorType(_ backend: Pool.Backend) throws {
        try withBackend(backend, 1) { (pool: Pool) throws in
            #expect(throws: KeyError(key: 123)) { try pool.apply(Boom(failAt: [123]), 123) }
            // A non-Codable error cannot cross a process boundary as itself: it keeps its type name and text.
            do {
                _ = try pool.apply(ThrowOpaque(), 1)
                Issue.record("expected an error")
            } catch let error as OpaqueError {
                #expect(backend == .threads && error.detail == "x=1")
            } catch let error as PoolError {
                #expect(backend == .processes && error.code == .remote)
                #expect(error.remote?.readableTypeName.contains("OpaqueError") == true)
                #expect(error.remote?.description == "OpaqueError(x=1)")
                #expect(error.pid != nil)
            }
        }
    }

    @Test("A37 errors from the caller's own generator are not wrapped as remote", arguments: backends)
    func localGeneratorErrorNotWrapped(_ backend: Pool.Backend) throws {
        try withBackend(backend, 1) { (pool: Pool) throws in
            #expect(throws: SayWhenError(message: "when -1")) {
                try pool.map(Sqr(), generator: failingGenerator(total: 1, when: -1), chunksize: 1)
            }
        }
    }

    @Test("A38 the thread backend does not wrap errors (bpo-20980)", arguments: backends)
    func errorsNotWrapped(_ backend: Pool.Backend) throws {
        try withBackend(backend, 1) { (pool: Pool) throws in
            #expect(throws: SayWhenError(message: "foo")) { try pool.apply(ThrowSayWhen(message: "foo"), 1) }
            if backend == .threads {
                #expect(throws: SayWhenError(message: "bar")) {
                    try pool.apply({ (_: Int) throws -> Int in throw SayWhenError(message: "bar") }, 1)
                }
            } else {
                // A closure cannot cross into a process: refused at once, before anything runs.
                #expect { try pool.apply({ (x: Int) in x }, 1) } throws: { ($0 as? PoolError)?.code == .notSerializable }
            }
        }
    }

    @Test("A39 map does not fail fast: it raises after every chunk finished, and join does not deadlock", arguments: backends)
    func mapWaitsForAllChunks(_ backend: Pool.Backend) throws {
        let pool = try makePool(backend, 2)
        let start = Date()
        #expect(throws: SayWhenError.self) { try pool.map(RaiseLargeError(), [0, 1], chunksize: 1) }
        #expect(Date().timeIntervalSince(start) > 0.9)
        pool.close()
        try pool.join()
    }

    @Test("A40 the pool keeps no reference to arguments or results after completion", arguments: [Pool.Backend.threads])
    func noLingeringReferences(_ backend: Pool.Backend) throws {
        // Only the thread backend shares objects with the caller; a process pool
        // sends copies. Weak references to the arguments must be dead afterwards.
        let pool = try makePool(backend, 2)
        defer { pool.terminate(); try? pool.join() }
        final class Counted: Sendable {}
        var weakRefs: [WeakBox] = []
        do {
            let objects = (0..<10).map { _ in Counted() }
            weakRefs = objects.map { WeakBox($0) }
            let results = try pool.map({ (o: Counted) in o }, objects)
            #expect(results.count == 10)
        }
        #expect(eventually { weakRefs.allSatisfy { $0.value == nil } })
    }

    // A41: Swift's scoped form makes a new pool each time, so "entering the same
    // pool twice" cannot be written; use after terminate is covered by A35 and S5.

    @Test("A42 a pool dropped while running is cleaned up by deinit: no worker is left", arguments: [Pool.Backend.processes])
    func deinitCleansUp(_ backend: Pool.Backend) throws {
        // Python only warns (ResourceWarning); Swarm terminates the pool instead.
        var pids: [Int] = []
        do {
            let pool = try makePool(backend, 2)
            pids = pool.workerIdentifiers
            #expect(try pool.apply(Sqr(), 3) == 9)
        }
        #expect(pids.count == 2)
        #expect(eventually { pids.allSatisfy(processIsGone) })
        #expect(!pids.contains(where: isZombie))
    }
}

// MARK: - Helpers

/// Python's `exception_throwing_generator(total, when)`.
func failingGenerator(total: Int, when: Int) -> () throws -> Int? {
    let state = Log<Int>()
    return {
        let i = state.items.count
        if when == -1 || i == when { throw SayWhenError(message: "when \(when)") }
        guard i < total else { return nil }
        state.append(i)
        return i
    }
}

/// Reads an iterator to its end or its first error: (values, whether it threw).
func drain(_ iterator: PoolIterator<Int>) throws -> ([Int], Bool) {
    var values: [Int] = []
    do {
        while let v = try iterator.next(timeout: 10) { values.append(v) }
        return (values, false)
    } catch is SayWhenError {
        return (values, true)
    }
}

/// Runs `body` with a fresh pool of `backend`, always terminated afterwards.
@discardableResult
func withBackend<R>(_ backend: Pool.Backend, _ workers: Int? = 2, _ body: (Pool) throws -> R) throws -> R {
    backend == .threads
        ? try withPool(threads: workers, body)
        : try withPool(processes: workers, body)
}

/// A thread-safe list, for callbacks.
final class Log<T>: @unchecked Sendable {
    // @unchecked: `storage` is only touched under `lock`.
    private let lock = NSLock()
    private var storage: [T] = []
    func append(_ item: T) { lock.withLock { storage.append(item) } }
    var items: [T] { lock.withLock { storage } }
}

final class WeakBox {
    weak var value: AnyObject?
    init(_ value: AnyObject) { self.value = value }
}
