import Foundation
import SwarmCore
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A pool of workers that runs functions in parallel: Python's
/// `multiprocessing.Pool`, on threads or on crash-isolated worker processes.
///
/// ```swift
/// let pool = try Pool(threads: 4)                      // or Pool(processes: 4)
/// let squares = try pool.map(Square(), Array(0..<10))  // [0, 1, 4, …, 81]
/// let r = try pool.applyAsync(Square(), 10)
/// print(try r.get())                                   // 100
/// pool.close()
/// try pool.join()
/// ```
///
/// **Backends.** The thread backend (the default) runs functions on threads the
/// pool owns; Swift has no global interpreter lock, so this is the fast path,
/// and it also accepts plain closures. The process backend runs this same
/// executable again as worker processes; a worker that traps, segfaults or is
/// killed fails only its own task (with ``PoolError/Code/workerCrashed``) and
/// is replaced. Functions for processes are ``PoolFunction`` values.
///
/// **Lifecycle.** A pool is running until ``close()`` (finish queued work, then
/// stop) or ``terminate()`` (drop queued work, stop now); ``join()`` then
/// waits for the workers. Prefer the scoped ``withPool(threads:_:)`` and
/// ``withPool(processes:initializer:maxTasksPerChild:taskTimeLimit:_:)``, which always
/// terminate. A pool dropped while running is terminated by `deinit`.
///
/// **Threads.** All methods may be called from any thread. Blocking methods
/// (`map`, `apply`, `get`) must not be called from Swift's cooperative pool:
/// use the `async` forms there.
public final class Pool: Sendable, CustomStringConvertible {
    /// Which kind of workers a pool runs.
    public enum Backend: String, Sendable {
        /// Threads owned by the pool.
        case threads
        /// Worker processes running this executable.
        case processes
        /// Workers outside this process reached through a ``PoolExecutor``
        /// (a SwarmCluster cluster).
        case remote
    }

    /// The pool's state, as Python names it.
    public enum State: String, Sendable {
        /// Accepting work.
        case running = "RUN"
        /// `close()` was called: queued work finishes, new work is refused.
        case closed = "CLOSE"
        /// `terminate()` was called: queued work was dropped.
        case terminated = "TERMINATE"
    }

    /// The kind of workers.
    public let backend: Backend
    /// The number of workers.
    public let workerCount: Int
    let engine: any PoolBackend
    private let lifecycle = ConditionLock(State.running)
    /// Mirrors `lifecycle == .running` for the submit path, which checks it on every call.
    private let isRunning = Atomic<Bool>(true)

    /// The number of cores this process may run on: the default worker count.
    public static var defaultWorkerCount: Int {
        max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    /// Whether a blocking `map` on threads may run chunks on the calling thread
    /// too: only when workers carry no per-thread state (no initializer, no
    /// retirement), so that where a chunk runs cannot be observed.
    @usableFromInline let _callerMayHelp: Bool

    init(backend: Backend, workerCount: Int, engine: any PoolBackend, callerMayHelp: Bool = false) {
        self.backend = backend
        self.workerCount = workerCount
        self.engine = engine
        self._callerMayHelp = callerMayHelp
    }

    /// Creates a pool of threads (the default backend).
    ///
    /// - Parameters:
    ///   - threads: the number of worker threads; nil means one per core.
    ///   - initializer: runs once on each worker thread before its first task
    ///     (and again on a thread that replaces a retired one).
    ///   - maxTasksPerChild: retire a thread after this many tasks and start a
    ///     fresh one; nil means never.
    /// - Throws: ``PoolError`` with code ``PoolError/Code/invalidWorkerCount`` or
    ///   ``PoolError/Code/invalidMaxTasksPerChild`` for values below 1, and
    ///   ``PoolError/Code/initializerFailed`` if the initializer throws.
    public convenience init(threads: Int? = nil, initializer: (@Sendable () throws -> Void)? = nil,
                            maxTasksPerChild: Int? = nil) throws(PoolError) {
        let count = try Pool.validate(workers: threads, maxTasksPerChild: maxTasksPerChild)
        let engine = try ThreadBackend(count: count, initializer: initializer, maxTasksPerChild: maxTasksPerChild)
        self.init(backend: .threads, workerCount: count, engine: engine,
                  callerMayHelp: initializer == nil && maxTasksPerChild == nil)
    }

    /// Creates a pool of worker processes, each running this executable.
    ///
    /// - Parameters:
    ///   - processes: the number of worker processes; nil means one per core.
    ///   - initializer: runs once in each worker process before its first task.
    ///   - maxTasksPerChild: replace a worker process after this many tasks; nil means never.
    ///   - taskTimeLimit: seconds a task may run before its worker is killed
    ///     (the task then fails with ``PoolError/Code/timeLimitExceeded`` and the
    ///     worker is replaced); nil means no limit. Unlike `get(timeout:)`, this
    ///     stops the work itself.
    /// - Throws: ``PoolError``: invalid counts, ``PoolError/Code/spawnFailed`` if a
    ///   worker cannot start (every worker already started is then ended), or
    ///   ``PoolError/Code/initializerFailed``.
    public convenience init(processes: Int?, initializer: (any PoolInitializer)? = nil,
                            maxTasksPerChild: Int? = nil, taskTimeLimit: Double? = nil) throws(PoolError) {
        let count = try Pool.validate(workers: processes, maxTasksPerChild: maxTasksPerChild)
        if let taskTimeLimit, !(taskTimeLimit > 0) {
            throw PoolError(.unsupported, "taskTimeLimit must be positive, not \(taskTimeLimit)")
        }
        var encodedInitializer: ProcessBackend.Initializer?
        if let initializer {
            do {
                encodedInitializer = .init(typeName: try type(of: initializer).remoteTypeName(),
                                           payload: try BinaryEncoder().encode(initializer))
            } catch {
                throw PoolError(.encoding, "the initializer could not be encoded: \(error)")
            }
        }
        let engine = try ProcessBackend(count: count, initializer: encodedInitializer,
                                        maxTasksPerChild: maxTasksPerChild, taskTimeLimit: taskTimeLimit)
        self.init(backend: .processes, workerCount: count, engine: engine)
    }

    private static func validate(workers: Int?, maxTasksPerChild: Int?) throws(PoolError) -> Int {
        let count = workers ?? defaultWorkerCount
        guard count >= 1 else {
            throw PoolError(.invalidWorkerCount, "Number of workers must be at least 1, not \(count)")
        }
        if let maxTasksPerChild, maxTasksPerChild < 1 {
            throw PoolError(.invalidMaxTasksPerChild, "maxTasksPerChild must be a positive Int or nil, not \(maxTasksPerChild)")
        }
        return count
    }

    deinit {
        // Python warns about an unclosed running pool; we clean it up instead.
        if lifecycle.withLock({ $0 }) == .running {
            engine.terminate()
        }
    }

    /// The pool's current state.
    public var state: State { lifecycle.withLock { $0 } }

    /// Identifiers of the live workers: process ids for the process backend,
    /// thread serial numbers for threads. Changes when workers are replaced.
    public var workerIdentifiers: [Int] { engine.workerIdentifiers }

    /// Python's form: `<Pool state=RUN backend=threads pool_size=4>`.
    public var description: String { "<Pool state=\(state.rawValue) backend=\(backend.rawValue) pool_size=\(workerCount)>" }

    /// Stops accepting work; queued and running tasks finish, then the workers
    /// exit. Calling it again does nothing.
    public func close() {
        let changed = lifecycle.withLock { s -> Bool in
            guard s == .running else { return false }
            s = .closed
            isRunning.store(false, ordering: .releasing)
            return true
        }
        if changed { engine.close() }
    }

    /// Stops the workers now. Queued tasks fail with ``PoolError/Code/terminated``;
    /// running tasks on processes are killed (and fail the same way); running tasks
    /// on threads finish first, since a thread cannot be killed. Calling it again
    /// does nothing.
    public func terminate() {
        let changed = lifecycle.withLock { s -> Bool in
            guard s != .terminated else { return false }
            s = .terminated
            isRunning.store(false, ordering: .releasing)
            return true
        }
        if changed { engine.terminate() }
    }

    /// Waits for every worker to exit. Call ``close()`` or ``terminate()`` first.
    ///
    /// - Throws: ``PoolError`` with code ``PoolError/Code/stillRunning`` if the pool is running.
    @available(*, noasync, message: "use 'await shutdown()' from async code")
    public func join() throws(PoolError) {
        guard state != .running else {
            throw PoolError(.stillRunning, "Pool is still running: call close() or terminate() before join()")
        }
        engine.join()
    }

    /// Closes the pool and waits for its work to finish, without blocking a
    /// thread of Swift's cooperative pool.
    public func shutdown() async {
        close()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let engine = self.engine
            let thread = Thread { engine.join(); continuation.resume() }
            thread.start()
        }
    }

    /// Queues jobs, or throws ``PoolError/Code/notRunning`` after close/terminate.
    @usableFromInline
    func _submit(_ jobs: [PoolJob]) throws(PoolError) {
        guard isRunning.load(ordering: .acquiring), engine.submit(jobs) else { throw PoolError.notRunningError }
    }

    /// Queues one job, or throws ``PoolError/Code/notRunning`` after close/terminate.
    @usableFromInline
    func _submit(_ job: PoolJob) throws(PoolError) {
        guard isRunning.load(ordering: .acquiring), engine.submit(job) else { throw PoolError.notRunningError }
    }

    /// Runs one encoded call on an idle worker process from the calling thread.
    ///
    /// - Returns: the worker's answer, or nil when no worker is idle (use the queue then).
    @usableFromInline
    func _callDirect(typeName: String, payload: [UInt8]) -> RemoteAnswer? {
        (engine as? ProcessBackend)?.callDirect(typeName: typeName, payload: payload)
    }

    /// Throws ``PoolError/Code/notRunning`` unless the pool accepts work.
    @usableFromInline
    func _checkRunning() throws(PoolError) {
        guard isRunning.load(ordering: .acquiring) else { throw PoolError.notRunningError }
    }

    /// Whether ``terminate()`` was called.
    @usableFromInline
    var _isTerminated: Bool { state == .terminated }

    /// Whether jobs must be encoded for worker processes (or a ``PoolExecutor``).
    @usableFromInline
    var _usesProcesses: Bool { backend != .threads }
}

/// Runs `body` with a new thread pool and terminates the pool afterwards,
/// whether `body` returns or throws (Python's `with Pool() as p:`).
///
/// - Parameters:
///   - threads: the number of worker threads; nil means one per core.
///   - body: receives the pool; its result is returned.
/// - Throws: what `Pool(threads:)` or `body` throws.
public func withPool<R>(threads: Int? = nil, _ body: (Pool) throws -> R) throws -> R {
    let pool = try Pool(threads: threads)
    defer { pool.terminate(); try? pool.join() }
    return try body(pool)
}

/// Runs `body` with a new process pool and terminates it afterwards, whether
/// `body` returns or throws.
///
/// - Throws: what `Pool(processes:…)` or `body` throws.
public func withPool<R>(processes: Int?, initializer: (any PoolInitializer)? = nil, maxTasksPerChild: Int? = nil,
                        taskTimeLimit: Double? = nil, _ body: (Pool) throws -> R) throws -> R {
    let pool = try Pool(processes: processes, initializer: initializer, maxTasksPerChild: maxTasksPerChild,
                        taskTimeLimit: taskTimeLimit)
    defer { pool.terminate(); try? pool.join() }
    return try body(pool)
}

/// Runs async `body` with a new pool and terminates the pool afterwards.
///
/// - Parameters:
///   - backend: threads or processes.
///   - workers: the number of workers; nil means one per core.
///   - body: receives the pool.
/// - Throws: what the pool's initializer or `body` throws.
public func withPool<R: Sendable>(_ backend: Pool.Backend = .threads, workers: Int? = nil,
                                  _ body: (Pool) async throws -> R) async throws -> R {
    let pool = backend == .threads ? try Pool(threads: workers) : try Pool(processes: workers)
    do {
        let result = try await body(pool)
        pool.terminate()
        return result
    } catch {
        pool.terminate()
        throw error
    }
}
