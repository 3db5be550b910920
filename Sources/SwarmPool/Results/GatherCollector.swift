import SwarmCore
import Synchronization

/// Collects the chunks of one `map` into a single array, in input order.
///
/// Each chunk owns a disjoint range of one buffer, so thread workers write
/// their outputs in place with no lock and no copy; only the per-chunk
/// bookkeeping takes the lock. The buffer is either the collector's own, moved
/// into an array that completes the map's ``AsyncResult`` (`mapAsync`), or
/// the final array's own storage, lent by a blocking `map` that waits in
/// ``waitForAll()`` (no copy at all). As in CPython, the map does not fail
/// fast: it ends after every chunk has finished, and if chunks failed, the
/// error of the first failing chunk (in input order) is kept.
@usableFromInline
final class GatherCollector<Output: Sendable>: @unchecked Sendable {
    // @unchecked: `storage` is written in disjoint per-chunk ranges, each by the
    // single job that owns it, and read only after all chunks finished (under
    // `state`'s lock); the bookkeeping lives in `state`.
    @usableFromInline let storage: UnsafeMutablePointer<Output>
    @usableFromInline let count: Int
    /// Where the outcome goes: nil for a lent buffer (see ``waitForAll()``).
    let result: AsyncResult<[Output]>?
    let progress: (@Sendable (Int, Int) -> Void)?
    /// Set when the last chunk is in, for ``waitForAll()``.
    let allDone = ConditionLock(false)

    struct State {
        var remainingChunks: Int
        var doneItems = 0
        var filled: [Range<Int>] = []
        var firstFailure: (chunk: Int, error: any Error)?
    }
    let state: Mutex<State>

    @usableFromInline
    init(count: Int, chunks: Int, result: AsyncResult<[Output]>, progress: (@Sendable (Int, Int) -> Void)?) {
        self.count = count
        self.storage = .allocate(capacity: max(count, 1))
        self.result = result
        self.progress = progress
        self.state = Mutex(State(remainingChunks: chunks))
        if chunks == 0 { finishAll() }
    }

    /// A collector that writes into `buffer`, which the caller owns and keeps
    /// alive until ``waitForAll()`` returns.
    @usableFromInline
    init(lending buffer: UnsafeMutablePointer<Output>, count: Int, chunks: Int, progress: (@Sendable (Int, Int) -> Void)?) {
        self.count = count
        self.storage = buffer
        self.result = nil
        self.progress = progress
        self.state = Mutex(State(remainingChunks: chunks))
        if chunks == 0 { finishAll() }
    }

    /// Blocks until every chunk is in (lent-buffer mode). On success every
    /// element of the buffer is initialized; on failure none is, and the first
    /// failing chunk's error is thrown.
    @usableFromInline
    func waitForAll() throws {
        allDone.wait(until: { $0 }) { _, _ in }
        if let failure = state.withLock({ $0.firstFailure }) { throw failure.error }
    }

    /// Runs a chunk on the current thread, writing each output in place, over
    /// the chunk's own elements in order: iterating a slice (rather than indexing the collection) keeps the
    /// inner loop free of per-element index checks, so it can vectorize.
    @inlinable
    func runLocal<S: Sequence>(_ chunk: Int, _ range: Range<Int>, over elements: S,
                               _ transform: (S.Element) throws -> Output) {
        var i = range.lowerBound
        do {
            for element in elements {
                (storage + i).initialize(to: try transform(element))
                i += 1
            }
            _finish(chunk, range, nil)
        } catch {
            (storage + range.lowerBound).deinitialize(count: i - range.lowerBound)
            _finish(chunk, range, error)
        }
    }

    /// Takes a chunk's outputs (from a worker process) or its error.
    @inlinable
    func deliver(_ chunk: Int, _ range: Range<Int>, _ outcome: Result<[Output], any Error>) {
        switch outcome {
        case .success(let outputs):
            guard outputs.count == range.count else {
                _finish(chunk, range, PoolError(.encoding, "a worker returned \(outputs.count) results for a chunk of \(range.count)"))
                return
            }
            outputs.withUnsafeBufferPointer { (storage + range.lowerBound).initialize(from: $0.baseAddress!, count: range.count) }
            _finish(chunk, range, nil)
        case .failure(let error):
            _finish(chunk, range, error)
        }
    }

    @usableFromInline
    func _finish(_ chunk: Int, _ range: Range<Int>, _ error: (any Error)?) {
        let (last, done) = state.withLock { s -> (Bool, Int) in
            s.remainingChunks -= 1
            s.doneItems += range.count
            if let error {
                if s.firstFailure == nil || chunk < s.firstFailure!.chunk { s.firstFailure = (chunk, error) }
            } else {
                s.filled.append(range)
            }
            return (s.remainingChunks == 0, s.doneItems)
        }
        progress?(done, count)
        if last { finishAll() }
    }

    private func finishAll() {
        let (failure, filled) = state.withLock { ($0.firstFailure, $0.filled) }
        guard let result else {
            if failure != nil {
                for range in filled { (storage + range.lowerBound).deinitialize(count: range.count) }
            }
            allDone.withLock { $0 = true }
            allDone.broadcast()
            return
        }
        if let failure {
            for range in filled { (storage + range.lowerBound).deinitialize(count: range.count) }
            storage.deallocate()
            result.complete(.failure(failure.error))
            return
        }
        let values = [Output](unsafeUninitializedCapacity: count) { buffer, initialized in
            if count > 0 { buffer.baseAddress!.moveInitialize(from: storage, count: count) }
            initialized = count
        }
        storage.deallocate()
        result.complete(.success(values))
    }
}
