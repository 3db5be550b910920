import SwarmCore

/// One unit of work in a pool's queue: a chunk of a `map`, or one `apply`.
///
/// A job is built by the submitting thread, which already did everything that
/// can fail early (encoding the arguments for a worker process), and it knows
/// how to deliver its own result: backends only run, send and fail jobs.
@usableFromInline
struct PoolJob: Sendable {
    /// Thread backend: runs the work on the calling pool thread and delivers the result.
    @usableFromInline var runLocal: (@Sendable () -> Void)?
    /// Process backend: what to send to a worker, and what to do with its answer.
    @usableFromInline var remote: RemoteJob?
    /// Either backend: the job cannot run or finish (terminated pool, crashed worker).
    @usableFromInline var fail: @Sendable (PoolError) -> Void

    @usableFromInline
    init(runLocal: (@Sendable () -> Void)? = nil, remote: RemoteJob? = nil, fail: @escaping @Sendable (PoolError) -> Void) {
        self.runLocal = runLocal
        self.remote = remote
        self.fail = fail
    }
}

/// The process side of a job: the call frame's parts and the reply handler.
@usableFromInline
struct RemoteJob: Sendable {
    /// Mangled name of the `RemoteCallable` type the worker runs.
    @usableFromInline var typeName: String
    /// The encoded call (function value and inputs).
    @usableFromInline var payload: [UInt8]
    /// Receives the worker's reply: the result frame, or the failure it reported.
    @usableFromInline var complete: @Sendable (Result<RemoteReply, RemoteFailure>) -> Void

    @usableFromInline
    init(typeName: String, payload: [UInt8], complete: @escaping @Sendable (Result<RemoteReply, RemoteFailure>) -> Void) {
        self.typeName = typeName
        self.payload = payload
        self.complete = complete
    }
}

/// A worker's successful answer: the encoded result lies in `bytes` from `offset` to the end.
@usableFromInline
struct RemoteReply: Sendable {
    @usableFromInline var bytes: [UInt8]
    @usableFromInline var offset: Int

    @usableFromInline
    init(bytes: [UInt8], offset: Int) {
        self.bytes = bytes
        self.offset = offset
    }
}
