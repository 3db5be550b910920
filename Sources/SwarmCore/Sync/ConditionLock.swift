#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// State guarded by a mutex, with a condition variable to sleep on until it changes.
///
/// `Synchronization.Mutex` has no condition variable, and the pool's queues
/// must block their threads while empty, so this box pairs a `pthread_mutex_t`
/// with a `pthread_cond_t`. All access to `State` goes through ``withLock(_:)``
/// or ``wait(until:deadline:_:)``; the state is never reachable without the lock.
public final class ConditionLock<State>: @unchecked Sendable {
    // @unchecked: the state behind `state` is only touched while `mutex` is held
    // (see every method); the pointers themselves never change.
    @usableFromInline let state: UnsafeMutablePointer<State>
    @usableFromInline let mutex: UnsafeMutablePointer<pthread_mutex_t>
    @usableFromInline let condition: UnsafeMutablePointer<pthread_cond_t>

    /// Creates the box with an initial state.
    public init(_ initial: State) {
        state = .allocate(capacity: 1)
        state.initialize(to: initial)
        mutex = .allocate(capacity: 1)
        condition = .allocate(capacity: 1)
        var mutexAttributes = pthread_mutexattr_t()
        pthread_mutexattr_init(&mutexAttributes)
        #if canImport(Glibc)
        // Adaptive: a contended lock spins briefly before sleeping. Our critical
        // sections are a few instructions long, and a futex sleep and wake-up
        // costs several microseconds.
        pthread_mutexattr_settype(&mutexAttributes, Int32(PTHREAD_MUTEX_ADAPTIVE_NP))
        #endif
        pthread_mutex_init(mutex, &mutexAttributes)
        pthread_mutexattr_destroy(&mutexAttributes)
        var attr = pthread_condattr_t()
        pthread_condattr_init(&attr)
        #if canImport(Glibc)
        pthread_condattr_setclock(&attr, CLOCK_MONOTONIC)  // deadlines ignore wall-clock jumps
        #endif
        pthread_cond_init(condition, &attr)
        pthread_condattr_destroy(&attr)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        state.deinitialize(count: 1)
        state.deallocate()
        mutex.deallocate()
        condition.deallocate()
    }

    /// Runs `body` with exclusive access to the state.
    @inlinable
    public func withLock<R>(_ body: (inout State) throws -> R) rethrows -> R {
        lock()
        defer { unlock() }
        return try body(&state.pointee)
    }

    /// Sleeps until `ready(state)` is true or the deadline passes, then runs
    /// `body` under the lock. `body` learns whether the condition held.
    ///
    /// - Parameters:
    ///   - deadline: a `MonotonicInstant`, or nil to wait for ever.
    ///   - ready: the condition to wait for, evaluated under the lock.
    ///   - body: runs under the lock after waking; its Bool argument is the
    ///     last value of `ready`.
    @inlinable
    public func wait<R>(
        until ready: (State) -> Bool,
        deadline: MonotonicInstant? = nil,
        _ body: (inout State, Bool) throws -> R
    ) rethrows -> R {
        lock()
        defer { unlock() }
        var ok = ready(state.pointee)
        while !ok {
            if let deadline {
                var ts = deadline.cTimespec
                let rc = pthread_cond_timedwait(condition, mutex, &ts)
                ok = ready(state.pointee)
                if rc == ETIMEDOUT { break }
            } else {
                pthread_cond_wait(condition, mutex)
                ok = ready(state.pointee)
            }
        }
        return try body(&state.pointee, ok)
    }

    /// Wakes every thread sleeping in ``wait(until:deadline:_:)`` to re-check its condition.
    @inlinable
    public func broadcast() { pthread_cond_broadcast(condition) }

    /// Wakes one sleeping thread.
    @inlinable
    public func signal() { pthread_cond_signal(condition) }

    @inlinable func lock() { pthread_mutex_lock(mutex) }
    @inlinable func unlock() { pthread_mutex_unlock(mutex) }
}
