import SwarmCore

/// One unit of work in a pool's queue: a chunk of a `map`, or one `apply`.
///
/// A job is built by the submitting thread, which already did everything that
/// can fail early (encoding the arguments for a worker process), and it knows
/// how to deliver its own result: backends only run, send and fail jobs. Each
/// job is one closure, so that submitting it costs one allocation.
@usableFromInline
struct PoolJob: Sendable {
    @usableFromInline
    enum Work: Sendable {
        /// Thread backend: called with nil to run the work on the calling pool
        /// thread and deliver its result, or with the error that stops it.
        case local(@Sendable (PoolError?) -> Void)
        /// Process backend: what to send to a worker, and what to do with its answer.
        case remote(RemoteJob)
    }

    @usableFromInline var work: Work

    @usableFromInline
    init(local: @escaping @Sendable (PoolError?) -> Void) { work = .local(local) }

    @usableFromInline
    init(remote: RemoteJob) { work = .remote(remote) }

    /// The job cannot run or finish (terminated pool, crashed worker): deliver `error`.
    func fail(_ error: PoolError) {
        switch work {
        case .local(let body): body(error)
        case .remote(let remote): remote.complete(.error(error))
        }
    }

    /// The process side of the job, if it has one.
    var remote: RemoteJob? {
        if case .remote(let remote) = work { return remote }
        return nil
    }
}

/// The process side of a job: the call frame's parts and the answer handler.
@usableFromInline
struct RemoteJob: Sendable {
    /// Mangled name of the `RemoteCallable` type the worker runs.
    @usableFromInline var typeName: String
    /// The encoded call (function value and inputs).
    @usableFromInline var payload: [UInt8]
    /// Receives the outcome: the worker's reply, the failure it reported, or
    /// the pool's error (crash, time limit, terminate).
    @usableFromInline var complete: @Sendable (RemoteAnswer) -> Void

    @usableFromInline
    init(typeName: String, payload: [UInt8], complete: @escaping @Sendable (RemoteAnswer) -> Void) {
        self.typeName = typeName
        self.payload = payload
        self.complete = complete
    }
}

/// How a call to a worker process ended.
@usableFromInline
enum RemoteAnswer: Sendable {
    /// The worker answered; the encoded result lies in the reply.
    case reply(RemoteReply)
    /// The worker's code threw (or its arguments or result did not code).
    case failure(RemoteFailure)
    /// The call did not complete: the worker crashed or was killed, or the pool was terminated.
    case error(PoolError)
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
