import Synchronization
import SwarmCore
import SwarmPool

extension Pool {
    /// A pool whose work runs on a cluster's load-balanced view: code written
    /// for `Pool` (`map`, `imap`, `applyAsync`, `starmap`…) scales out to the
    /// cluster's engines unchanged.
    ///
    /// ```swift
    /// let cluster = try Cluster.local(engines: 4)
    /// let pool = try Pool(cluster: cluster)
    /// let squares = try pool.map(Square(), 0..<1000)
    /// ```
    ///
    /// Each chunk is one cluster task with `options` (retries, timeout,
    /// priority, resources). A crashed engine fails its chunk with
    /// ``PoolError/Code/workerCrashed``, a timed-out one with
    /// ``PoolError/Code/timeLimitExceeded``. `terminate()` cancels what is
    /// still queued or running; the cluster itself stays up.
    ///
    /// - Throws: ``PoolError/Code/invalidWorkerCount`` if the cluster has no engines.
    public convenience init(cluster: Cluster, options: TaskOptions = TaskOptions()) throws(PoolError) {
        let engines = cluster.engineIDs.count
        try self.init(executor: ClusterPoolExecutor(controller: cluster.controller, options: options),
                      workers: engines)
    }
}

/// Runs a pool's chunks as load-balanced cluster tasks.
final class ClusterPoolExecutor: PoolExecutor {
    private let controller: any ControllerLink
    private let options: TaskOptions
    /// Tasks in flight by local token, for `terminate`; tokens whose task ended
    /// before its id was known wait in `endedEarly`.
    private let state = Mutex<(next: Int, ids: [Int: UInt64], endedEarly: Set<Int>)>((0, [:], []))

    init(controller: any ControllerLink, options: TaskOptions) {
        self.controller = controller
        self.options = options
    }

    func execute(typeName: String, payload: [UInt8], completion: @escaping @Sendable (PoolExecutorAnswer) -> Void) {
        let token = state.withLock { s -> Int in
            s.next += 1
            return s.next
        }
        let request = options.request(typeName: typeName, payload: payload, engine: nil) { [self] outcome in
            state.withLock { s in
                if s.ids.removeValue(forKey: token) == nil { s.endedEarly.insert(token) }
            }
            completion(ClusterPoolExecutor.answer(outcome))
        }
        let id = controller.submit(request)
        state.withLock { s in
            if s.endedEarly.remove(token) == nil { s.ids[token] = id }
        }
    }

    static func answer(_ outcome: TaskOutcome) -> PoolExecutorAnswer {
        switch outcome.value {
        case .success(let bytes):
            return .reply(bytes: bytes.bytes, offset: bytes.offset)
        case .failure(let threw as EngineThrew):
            return .failure(threw.failure)
        case .failure(let error as ClusterError):
            let code: PoolError.Code
            switch error.code {
            case .engineDied: code = .workerCrashed
            case .taskTimedOut: code = .timeLimitExceeded
            case .notRunning, .cancelled: code = .terminated
            case .encoding: code = .encoding
            default: code = .remote
            }
            return .error(PoolError(code, "cluster: \(error.message)", workerID: error.engineID, exit: error.exit))
        case .failure(let error):
            return .error(PoolError(.remote, "cluster: \(error)"))
        }
    }

    var workerIdentifiers: [Int] { controller.engineInfos.map { Int($0.pid) } }

    func terminate() {
        for id in state.withLock({ Array($0.ids.values) }) { controller.cancel(id) }
    }
}
