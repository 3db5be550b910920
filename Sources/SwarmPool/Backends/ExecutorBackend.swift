import SwarmCore

/// Somewhere outside this process that runs a pool's work: the hook through
/// which SwarmCluster gives `Pool` a cluster backend (`Pool(cluster:)`), so
/// that code written for a pool scales out unchanged.
///
/// The pool encodes each chunk as it does for worker processes (a
/// ``PoolFunction``'s type name and a ``ChunkCall``); the executor runs it
/// somewhere and calls the completion exactly once.
public protocol PoolExecutor: Sendable {
    /// Runs the call `typeName(payload)` and reports how it ended.
    func execute(typeName: String, payload: [UInt8], completion: @escaping @Sendable (PoolExecutorAnswer) -> Void)
    /// Identifiers of the workers it runs on (process ids of engines).
    var workerIdentifiers: [Int] { get }
    /// Drops work not yet started and stops what runs; each dropped call's
    /// completion gets an error.
    func terminate()
}

/// How a call sent to a ``PoolExecutor`` ended.
public enum PoolExecutorAnswer: Sendable {
    /// It returned; the encoded result fills `bytes` from `offset` to the end.
    case reply(bytes: [UInt8], offset: Int)
    /// The function threw (or its arguments or result did not code) where it ran.
    case failure(RemoteFailure)
    /// It did not complete (its worker died, it timed out, it was terminated).
    case error(PoolError)
}

/// The pool backend over a ``PoolExecutor``: counts calls in flight so that
/// `close` then `join` waits for them, as with the other backends.
final class ExecutorBackend: PoolBackend {
    private let executor: any PoolExecutor
    private let state = ConditionLock((inFlight: 0, accepting: true))

    init(executor: any PoolExecutor) { self.executor = executor }

    func submit(_ jobs: [PoolJob]) -> Bool {
        for job in jobs { guard submit(job) else { return false } }
        return true
    }

    func submit(_ job: PoolJob) -> Bool {
        guard state.withLock({ s -> Bool in
            guard s.accepting else { return false }
            s.inFlight += 1
            return true
        }) else { return false }
        guard let remote = job.remote else {
            finished()
            job.fail(Pool._closureOnProcesses)
            return true
        }
        executor.execute(typeName: remote.typeName, payload: remote.payload) { [self] answer in
            switch answer {
            case .reply(let bytes, let offset): remote.complete(.reply(RemoteReply(bytes: bytes, offset: offset)))
            case .failure(let failure): remote.complete(.failure(failure))
            case .error(let error): remote.complete(.error(error))
            }
            finished()
        }
        return true
    }

    private func finished() {
        state.withLock { $0.inFlight -= 1 }
        state.broadcast()
    }

    func close() { state.withLock { $0.accepting = false } }

    func terminate() {
        state.withLock { $0.accepting = false }
        executor.terminate()
    }

    func join() { state.wait(until: { !$0.accepting && $0.inFlight == 0 }) { _, _ in } }

    var workerIdentifiers: [Int] { executor.workerIdentifiers }
}

extension Pool {
    /// Creates a pool whose work runs on `executor` (for example a cluster's
    /// load-balanced view: `Pool(cluster:)` in SwarmCluster).
    ///
    /// Functions must be ``PoolFunction`` values, as for worker processes.
    ///
    /// - Parameter workers: how many calls the pool treats as its width (the
    ///   default chunk size of `map` is computed from it).
    /// - Throws: ``PoolError/Code/invalidWorkerCount`` for fewer than one worker.
    public convenience init(executor: any PoolExecutor, workers: Int) throws(PoolError) {
        guard workers >= 1 else {
            throw PoolError(.invalidWorkerCount, "Number of workers must be at least 1, not \(workers)")
        }
        self.init(backend: .remote, workerCount: workers, engine: ExecutorBackend(executor: executor))
    }
}
