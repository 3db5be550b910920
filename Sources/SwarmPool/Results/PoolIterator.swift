import SwarmCore

/// The results of ``Pool/imap(_:_:chunksize:progress:)`` or
/// ``Pool/imapUnordered(_:_:chunksize:progress:)``, as they arrive (Python's `IMapIterator`).
///
/// Read it from blocking code with ``next(timeout:)`` or ``collect()``, or from
/// async code as an `AsyncSequence`:
///
/// ```swift
/// for try await square in pool.imap(Square(), Array(0..<10)) { print(square) }
/// ```
///
/// For `imap`, results come in input order; for `imapUnordered`, in the order
/// they finish. A chunk that failed throws its error once, in its place, and
/// iteration then goes on with the next chunk. Only one consumer may read an
/// iterator at a time.
public final class PoolIterator<Element: Sendable>: Sendable, AsyncSequence, AsyncIteratorProtocol {
    /// Iteration throws the errors of failed chunks.
    public typealias Failure = any Error

    struct State {
        /// Results ready to hand out, in the order they will be handed out.
        var ready: [Result<Element, any Error>] = []
        var readyHead = 0
        /// Ordered mode: chunks that arrived before their turn.
        var pending: [Int: Result<[Element], any Error>] = [:]
        var nextChunk = 0
        var remainingChunks: Int
        var doneItems = 0
        var waiter: CheckedContinuation<Void, Never>?
        var isFinished: Bool { remainingChunks == 0 && readyHead == ready.count }
        var hasItem: Bool { readyHead < ready.count }
    }

    private let state: ConditionLock<State>
    private let ordered: Bool
    private let total: Int
    private let progress: (@Sendable (Int, Int) -> Void)?

    @usableFromInline
    init(chunks: Int, total: Int, ordered: Bool, progress: (@Sendable (Int, Int) -> Void)?) {
        self.state = ConditionLock(State(remainingChunks: chunks))
        self.ordered = ordered
        self.total = total
        self.progress = progress
    }

    /// Takes one chunk's outcome.
    @usableFromInline
    func deliver(_ chunk: Int, _ range: Range<Int>, _ outcome: Result<[Element], any Error>) {
        let (waiter, done) = state.withLock { s -> (CheckedContinuation<Void, Never>?, Int) in
            s.doneItems += range.count
            if ordered {
                s.pending[chunk] = outcome
                while let next = s.pending.removeValue(forKey: s.nextChunk) {
                    Self.append(next, to: &s)
                    s.nextChunk += 1
                    s.remainingChunks -= 1
                }
            } else {
                Self.append(outcome, to: &s)
                s.remainingChunks -= 1
            }
            defer { s.waiter = nil }
            return (s.waiter, s.doneItems)
        }
        state.broadcast()
        waiter?.resume()
        progress?(done, total)
    }

    /// Adds a failure that is not a chunk's, after the chunks delivered so far
    /// (an input generator that threw), and ends the stream there.
    @usableFromInline
    func finish(throwing error: any Error, afterChunks chunks: Int) {
        // Modelled as one extra chunk numbered `chunks`; the caller sized the
        // iterator with `chunks + 1` chunks for this.
        deliver(chunks, 0..<0, .failure(error))
    }

    private static func append(_ outcome: Result<[Element], any Error>, to s: inout State) {
        switch outcome {
        case .success(let values): s.ready.append(contentsOf: values.lazy.map { .success($0) })
        case .failure(let error): s.ready.append(.failure(error))
        }
    }

    private func pop(_ s: inout State) -> Result<Element, any Error>? {
        guard s.hasItem else { return nil }
        let item = s.ready[s.readyHead]
        s.readyHead += 1
        if s.readyHead == s.ready.count {
            s.ready.removeAll(keepingCapacity: true)
            s.readyHead = 0
        }
        return item
    }

    /// Blocks for the next result (Python's `next(timeout)`).
    ///
    /// - Parameter timeout: seconds to wait at most; nil waits for ever.
    /// - Returns: the next result, or nil when all have been returned.
    /// - Throws: the error of a chunk that failed (once, in its place), or
    ///   ``PoolError`` with code ``PoolError/Code/timeout`` if nothing arrived in time.
    @available(*, noasync, message: "iterate with 'for try await' in async code")
    public func next(timeout: Double?) throws -> Element? {
        let deadline = timeout.map { MonotonicInstant.after(seconds: $0) }
        let (item, finished) = state.wait(until: { $0.hasItem || $0.isFinished }, deadline: deadline) { s, _ in
            (pop(&s), s.isFinished)
        }
        if let item { return try item.get() }
        if finished { return nil }
        throw PoolError(.timeout, "no result arrived within \(timeout ?? 0) s")
    }

    /// Blocks until every result is in and returns them (Python's `list(pool.imap(…))`).
    ///
    /// - Throws: the first chunk error met, in iteration order.
    @available(*, noasync, message: "iterate with 'for try await' in async code")
    public func collect() throws -> [Element] {
        var values: [Element] = []
        while let value = try next(timeout: nil) { values.append(value) }
        return values
    }

    /// The next result, awaited without blocking a thread; nil at the end.
    public func next() async throws -> Element? {
        while true {
            let (item, finished) = state.withLock { s in (pop(&s), s.isFinished) }
            if let item { return try item.get() }
            if finished { return nil }
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { s -> Bool in
                    if s.hasItem || s.isFinished { return true }
                    s.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
    }

    /// The iterator itself: a `PoolIterator` is read once, by one consumer.
    public func makeAsyncIterator() -> PoolIterator<Element> { self }
}
