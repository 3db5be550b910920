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
    struct State {
        var outcome: Result<Value, any Error>?
        /// Set by the first `complete`, so that a second one runs no callback.
        var claimed = false
        var waiters: [Int: CheckedContinuation<Value, any Error>] = [:]
        var nextWaiter = 0
    }

    private let state = ConditionLock(State())
    /// Set (after `state.outcome`) when the result is ready, for waiters that spin.
    private let isDone = Atomic<Bool>(false)
    private let onSuccess: (@Sendable (Value) -> Void)?
    private let onError: (@Sendable (any Error) -> Void)?

    @usableFromInline
    init(onSuccess: (@Sendable (Value) -> Void)?, onError: (@Sendable (any Error) -> Void)?) {
        self.onSuccess = onSuccess
        self.onError = onError
    }

    /// Records the outcome: runs the matching callback, then wakes every waiter.
    /// Only the first call has an effect.
    @usableFromInline
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
        let waiters = state.withLock { s -> [CheckedContinuation<Value, any Error>] in
            s.outcome = outcome
            isDone.store(true, ordering: .releasing)
            defer { s.waiters.removeAll() }
            return Array(s.waiters.values)
        }
        state.broadcast()
        for waiter in waiters { waiter.resume(with: outcome) }
    }

    /// Whether the task has finished (Python's `ready()`).
    public var isReady: Bool { state.withLock { $0.outcome != nil } }

    /// Whether the task finished without an error (Python's `successful()`).
    ///
    /// - Throws: ``PoolError`` with code ``PoolError/Code/notReady`` if the task has not finished.
    public func isSuccessful() throws(PoolError) -> Bool {
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
    @available(*, noasync, message: "use 'await value' from async code")
    public func wait(timeout: Double? = nil) -> Bool {
        let deadline = timeout.map { MonotonicInstant.after(seconds: $0) }
        return state.wait(until: { $0.outcome != nil }, deadline: deadline) { _, ready in ready }
    }

    /// Blocks until the task finishes and returns its value or rethrows its error (Python's `get()`).
    ///
    /// A timeout stops the waiting, not the task: a later `get()` can still
    /// return the value.
    ///
    /// - Parameter timeout: seconds to wait at most; nil waits for ever.
    /// - Throws: the task's own error, or ``PoolError`` (``PoolError/Code/timeout``
    ///   when time ran out; others when a worker crashed or the pool was terminated).
    @available(*, noasync, message: "use 'await value' from async code")
    public func get(timeout: Double? = nil) throws -> Value {
        // A small task is often done within microseconds: spin briefly before sleeping.
        if timeout == nil || timeout! > 1e-3 { _ = SpinWait.spin { isDone.load(ordering: .acquiring) } }
        let deadline = timeout.map { MonotonicInstant.after(seconds: $0) }
        let outcome = state.wait(until: { $0.outcome != nil }, deadline: deadline) { s, _ in s.outcome }
        guard let outcome else {
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
