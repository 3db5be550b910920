import SwarmCore

/// An error from a ``Pool``: misuse (the pool is closed, a bad argument), a
/// timeout, or a worker that failed in a way the caller's own code did not throw.
///
/// Errors that the caller's function throws are *not* wrapped: they come back
/// as the same type and value on the thread backend, and on the process
/// backend too whenever the error type is `Codable` (otherwise as a
/// ``PoolError`` with code ``Code/remote``, carrying the type name and
/// description).
public struct PoolError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is. Extensible: new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let rawValue: String
        /// The pool was closed or terminated (Python's `ValueError: Pool not running`).
        public static let notRunning = Code(rawValue: "notRunning")
        /// `join()` was called while the pool was still running.
        public static let stillRunning = Code(rawValue: "stillRunning")
        /// A worker count below 1.
        public static let invalidWorkerCount = Code(rawValue: "invalidWorkerCount")
        /// A `maxTasksPerChild` below 1.
        public static let invalidMaxTasksPerChild = Code(rawValue: "invalidMaxTasksPerChild")
        /// A chunk size below 1.
        public static let invalidChunksize = Code(rawValue: "invalidChunksize")
        /// An option this backend cannot honour (for example a per-task time limit on threads).
        public static let unsupported = Code(rawValue: "unsupported")
        /// `isSuccessful()` before the result was ready.
        public static let notReady = Code(rawValue: "notReady")
        /// `get(timeout:)` or `next(timeout:)` ran out of time (the task keeps running).
        public static let timeout = Code(rawValue: "timeout")
        /// An argument, function or result could not be encoded or decoded for a worker process.
        public static let encoding = Code(rawValue: "encoding")
        /// A closure was given to a process pool; only `PoolFunction` values cross into a process.
        public static let notSerializable = Code(rawValue: "notSerializable")
        /// The worker's code threw an error whose type cannot cross the process boundary.
        public static let remote = Code(rawValue: "remote")
        /// The worker process died while running the task (trap, signal, `exit`, kill).
        public static let workerCrashed = Code(rawValue: "workerCrashed")
        /// The task ran past the pool's per-task time limit and its worker was killed.
        public static let timeLimitExceeded = Code(rawValue: "timeLimitExceeded")
        /// The pool was terminated before the task finished.
        public static let terminated = Code(rawValue: "terminated")
        /// The worker initializer threw.
        public static let initializerFailed = Code(rawValue: "initializerFailed")
        /// A worker process could not be started.
        public static let spawnFailed = Code(rawValue: "spawnFailed")
        /// The code's name.
        public var description: String { rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// A human-readable explanation.
    public var message: String
    /// The pool's number for the worker involved, if any.
    public var workerID: Int?
    /// The process id of the worker involved (process backend).
    public var pid: Int32?
    /// How the worker process ended, for ``Code/workerCrashed`` and ``Code/timeLimitExceeded``.
    public var exit: WorkerExit?
    /// The error as the worker reported it, for ``Code/remote`` and ``Code/encoding``.
    public var remote: RemoteFailure?

    /// Creates an error.
    public init(_ code: Code, _ message: String, workerID: Int? = nil, pid: Int32? = nil,
                exit: WorkerExit? = nil, remote: RemoteFailure? = nil) {
        self.code = code
        self.message = message
        self.workerID = workerID
        self.pid = pid
        self.exit = exit
        self.remote = remote
    }

    /// The code and the message.
    public var description: String { "PoolError.\(code): \(message)" }

    static let notRunningError = PoolError(.notRunning, "Pool not running: it was closed or terminated")
}
