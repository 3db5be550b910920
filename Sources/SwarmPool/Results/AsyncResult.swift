import SwarmCore
import Synchronization

/// The pending result of a task submitted with ``Pool/applyAsync(_:_:onSuccess:onError:)``,
/// ``Pool/mapAsync(_:_:chunksize:onSuccess:onError:)`` or ``Pool/starmapAsync(_:_:chunksize:onSuccess:onError:)``
/// (Python's `AsyncResult`).
///
/// Wait for it from blocking code with ``get(timeout:)`` or ``wait(timeout:)``,
/// or from async code with ``value``. The success and error callbacks given at
/// submission run exactly once, on the pool thread that finished the task,
/// *before* the result becomes ready, so they have run by the time `wait` or
/// `get` returns. They should return quickly: they hold up that pool thread.
public final class AsyncResult<Value: Sendable>: Sendable {
    // The hot paths (complete, get) are `@inlinable`: specialized for the
    // caller's `Value`, they skip the generic-metadata look-ups that cost more
    // than the rest of a small task's round trip put together.
    @usableFromInline
    struct State {
        @usableFromInline var outcome: Result<Value, any Error>?
        /// Set by the first `complete`, so that a second one runs no callback.
        @usableFromInline var claimed = false
        /// Async waiters, by id.
        @usableFromInline var waiters: [Int: CheckedContinuation<Value, any Error>] = [:]
        @usableFromInline var nextWaiter = 0
        /// Blocking waiters that went to sleep; made only when one has to sleep.
        @usableFromInline var parkers: [ConditionLock<Bool>] = []

        @inlinable init() {}
    }

    // A `Mutex` lives inline: a result costs one allocation, and a condition
    // variable is made only for a waiter that has to sleep.
    // Initialized in the `@inlinable` init, not with property initializers:
    // those would run unspecialized in this module, with a generic-metadata
    // look-up for every result.
    @usableFromInline let state: Mutex<State>
    /// Set after `state.outcome`, outside the lock, for waiters that spin.
    @usableFromInline let isDone: Atomic<Bool>
    @usableFromInline let onSuccess: (@Sendable (Value) -> Void)?
    @usableFromInline let onError: (@Sendable (any Error) -> Void)?

    @inlinable
    init(onSuccess: (@Sendable (Value) -> Void)?, onError: (@Sendable (any Error) -> Void)?) {
        self.onSuccess = onSuccess
        self.onError = onError
        self.state = Mutex(State())
        self.isDone = Atomic(false)
    }

    /// Records the outcome: runs the matching callback, then wakes every waiter.
    /// Only the first call has an effect.
    @inlinable
    func complete(_ outcome: Result<Value, any Error>) {
        let first = state.withLock { s -> Bool in
            defer { s.claimed = true }
            return !s.claimed
        }
        guard first else { return }
        switch outcome {
        case .success(let value): onSuccess?(value)
        case .failure(let error): onError?(error)
        }
        let (waiters, parkers) = state.withLock { s in
            s.outcome = outcome
            defer { s.waiters.removeAll(); s.parkers.removeAll() }
            return (Array(s.waiters.values), s.parkers)
        }
        // Set after the lock is released: a waiter that spins on it then takes
        // the lock at once instead of finding it held and going to sleep.
        isDone.store(true, ordering: .releasing)
        for parker in parkers {
            parker.withLock { $0 = true }
            parker.broadcast()
        }
        for waiter in waiters { waiter.resume(with: outcome) }
    }

    /// Blocks until the outcome is in or the deadline passes; returns it if in.
    @inlinable
    func awaitOutcome(timeout: Double?) -> Result<Value, any Error>? {
        // A small task is often done within microseconds: spin briefly before sleeping.
        if isDone.load(ordering: .acquiring) || ((timeout ?? 1) > 1e-3 && SpinWait.spin { isDone.load(ordering: .acquiring) }) {
            return state.withLock { $0.outcome }
        }
        let parker = ConditionLock(false)
        if let outcome = state.withLock({ s -> Result<Value, any Error>? in
            if let outcome = s.outcome { return outcome }
            s.parkers.append(parker)
            return nil
        }) {
            return outcome
        }
        let deadline = timeout.map { MonotonicInstant.after(seconds: $0) }
        parker.wait(until: { $0 }, deadline: deadline) { _, _ in }
        return state.withLock { s in
            if s.outcome == nil { s.parkers.removeAll { $0 === parker } }
            return s.outcome
        }
    }

    /// Whether the task has finished (Python's `ready()`).
    @inlinable
    public var isReady: Bool { isDone.load(ordering: .acquiring) }

    /// Whether the task finished without an error (Python's `successful()`).
    ///
    /// - Throws: ``PoolError`` with code ``PoolError/Code/notReady`` if the task has not finished.
    public func isSuccessful() throws(PoolError) -> Bool {
        guard isDone.load(ordering: .acquiring) else { throw PoolError(.notReady, "the result is not ready") }
        switch state.withLock({ $0.outcome }) {
        case .none: throw PoolError(.notReady, "the result is not ready")
        case .success?: return true
        case .failure?: return false
        }
    }

    /// Blocks until the task finishes or `timeout` seconds pass (Python's `wait()`).
    ///
    /// - Parameter timeout: seconds to wait at most; nil waits for ever.
    /// - Returns: whether the result is ready.
    @discardableResult
    @inlinable
    @available(*, noasync, message: "use 'await value' from async code")
    public func wait(timeout: Double? = nil) -> Bool {
        awaitOutcome(timeout: timeout) != nil
    }

    /// Blocks until the task finishes and returns its value or rethrows its error (Python's `get()`).
    ///
    /// A timeout stops the waiting, not the task: a later `get()` can still
    /// return the value.
    ///
    /// - Parameter timeout: seconds to wait at most; nil waits for ever.
    /// - Throws: the task's own error, or ``PoolError`` (``PoolError/Code/timeout``
    ///   when time ran out; others when a worker crashed or the pool was terminated).
    @inlinable
    @available(*, noasync, message: "use 'await value' from async code")
    public func get(timeout: Double? = nil) throws -> Value {
        guard let outcome = awaitOutcome(timeout: timeout) else {
            throw PoolError(.timeout, "the result was not ready within \(timeout ?? 0) s")
        }
        return try outcome.get()
    }

    /// The task's value, awaited without blocking a thread. Cancelling the
    /// awaiting task stops the wait with `CancellationError`; the pool task runs on.
    ///
    /// - Throws: as ``get(timeout:)``, or `CancellationError`.
    public var value: Value {
        get async throws {
            let id = state.withLock { s -> Int in
                s.nextWaiter += 1
                return s.nextWaiter
            }
            return try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value, any Error>) in
                    let ready = state.withLock { s -> Result<Value, any Error>? in
                        if let outcome = s.outcome { return outcome }
                        if Task.isCancelled { return .failure(CancellationError()) }
                        s.waiters[id] = continuation
                        return nil
                    }
                    if let ready { continuation.resume(with: ready) }
                }
            } onCancel: {
                let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
                waiter?.resume(throwing: CancellationError())
            }
        }
    }
}
