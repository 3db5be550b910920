import Foundation
import SwarmCore
import SwarmPool
import Testing

// The async forms: awaiting results without blocking Swift's cooperative
// threads, AsyncSequence iteration, progress and the scoped async pool.

@Suite("Async API")
struct PoolAsyncTests {
    @Test("apply, map and starmap await their results", arguments: backends)
    func asyncForms(_ backend: Pool.Backend) async throws {
        try await withPool(backend, workers: 2) { (pool: Pool) async throws in
            #expect(try await pool.apply(Sqr(), 10) == 100)
            #expect(try await pool.map(Sqr(), 0..<10) == (0..<10).map { $0 * $0 })
            #expect(try await pool.starmap(Mul(), [(2, 3), (4, 5)]) == [6, 20])
            #expect(try await pool.applyAsync(Sqr(), 4).value == 16)
        }
    }

    @Test("closures on the thread backend, async")
    func asyncClosures() async throws {
        try await withPool(.threads, workers: 2) { (pool: Pool) async throws in
            #expect(try await pool.apply({ (a: Int, b: Int) in a + b }, 2, 3) == 5)
            #expect(try await pool.map({ (x: Int) in x * 2 }, 0..<5) == [0, 2, 4, 6, 8])
            #expect(try await pool.starmap({ (a: Int, b: String) in "\(b)\(a)" }, [(1, "a"), (2, "b")]) == ["a1", "b2"])
        }
    }

    @Test("imap and imapUnordered as AsyncSequence", arguments: backends)
    func asyncSequence(_ backend: Pool.Backend) async throws {
        try await withPool(backend, workers: 2) { (pool: Pool) async throws in
            var ordered: [Int] = []
            for try await value in try pool.imap(Sqr(), 0..<50, chunksize: 3) { ordered.append(value) }
            #expect(ordered == (0..<50).map { $0 * $0 })
            var unordered: [Int] = []
            for try await value in try pool.imapUnordered(Sqr(), 0..<50) { unordered.append(value) }
            #expect(unordered.sorted() == (0..<50).map { $0 * $0 })
        }
    }

    @Test("a failing chunk throws in its place during async iteration, then iteration goes on")
    func asyncSequenceError() async throws {
        try await withPool(.processes, workers: 2) { (pool: Pool) async throws in
            var values: [Int] = []
            var errors: [KeyError] = []
            let iterator = try pool.imap(Boom(failAt: [2]), 0..<5)
            while true {
                do {
                    guard let v = try await iterator.next() else { break }
                    values.append(v)
                } catch let e as KeyError {
                    errors.append(e)
                }
            }
            #expect(values == [0, 1, 3, 4])
            #expect(errors == [KeyError(key: 2)])
        }
    }

    @Test("cancelling the awaiting task stops the wait, not the pool")
    func cancellation() async throws {
        try await withPool(.threads, workers: 1) { (pool: Pool) async throws in
            // The pool task finishes only when the gate opens, after the checks:
            // the outcome does not depend on how soon the waiting tasks get to run.
            let gate = DispatchSemaphore(value: 0)
            let slow = try pool.applyAsync({ () -> Int in
                gate.wait()
                return 9
            })
            // Cancelled before it waits.
            let early = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                return try await slow.value
            }
            await #expect(throws: CancellationError.self) { try await early.value }
            // Cancelled while it waits (or before, if it had not started yet).
            let waiter = Task { try await slow.value }
            try await Task.sleep(for: .milliseconds(50))
            waiter.cancel()
            await #expect(throws: CancellationError.self) { try await waiter.value }
            gate.signal()
            #expect(try await slow.value == 9)
        }
    }

    @Test("progress reports every item once the map is done", arguments: backends)
    func progress(_ backend: Pool.Backend) throws {
        try withBackend(backend) { (pool: Pool) throws in
            let reports = Log<(Int, Int)>()
            let result = try pool.map(Sqr(), 0..<100, chunksize: 10, progress: { reports.append(($0, $1)) })
            #expect(result.count == 100)
            #expect(reports.items.count == 10)
            #expect(reports.items.map(\.0).max() == 100)
            #expect(reports.items.allSatisfy { $0.1 == 100 })
        }
    }

    @Test("shutdown closes and waits without blocking the caller's thread")
    func shutdown() async throws {
        let pool = try Pool(processes: 2)
        let r = try pool.applyAsync(Sqr(wait: 0.1), 5)
        await pool.shutdown()
        #expect(pool.state == .closed)
        #expect(try await r.value == 25)
    }
}
