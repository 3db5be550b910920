import Foundation
import Logging
import Synchronization
import SwarmCore
import SwarmScheduler

/// The hub of a cluster: it queues tasks, places them on engines (through
/// SwarmScheduler's ``Placement``), routes results back, and handles engines
/// that die, time out or are cancelled.
///
/// Threads: one reader per engine, one timer; clients call in from any thread.
/// All bookkeeping sits in one ``ConditionLock``. Writes to an engine never
/// happen under that lock (a blocked write would stall every engine); each
/// engine has its own send lock and an outbox that is emptied in order by
/// whoever flushes (lock order: send lock, then state lock).
///
/// Memory stays flat: a task's record is dropped when its result is delivered;
/// only a bounded ring of recent outcomes remains (for `after:`/`follow:`).
final class Controller: ControllerLink {
    let key: ClusterKey
    /// How many tasks a load-balanced engine holds at once (running plus queued
    /// on it). More hides the round trip for tiny tasks; 1 balances long ones best.
    let highWaterMark: Int
    let state = ConditionLock(ControllerState())
    private let hooks = Mutex<Hooks>(Hooks())
    private let logger = Logger(label: "swarm.cluster.controller")
    #if MPI
    /// The MPI launcher when this controller's engines are MPI ranks (for
    /// DirectView's collectives).
    let mpi = Mutex<MPIEngines?>(nil)
    #endif

    struct Hooks {
        /// Called (off the lock) when an engine has left, with how its process ended.
        var engineLost: (@Sendable (EngineLink, WorkerExit?, KillReason?) -> Void)?
    }

    init(key: ClusterKey, highWaterMark: Int) {
        precondition(highWaterMark >= 1, "highWaterMark must be at least 1, got \(highWaterMark)")
        self.key = key
        self.highWaterMark = highWaterMark
        startTimer()
    }

    func onEngineLost(_ hook: @escaping @Sendable (EngineLink, WorkerExit?, KillReason?) -> Void) {
        hooks.withLock { $0.engineLost = hook }
    }

    // MARK: - Engines

    /// A fresh engine id.
    func nextEngineID() -> Int {
        state.withLock { s in
            defer { s.nextEngineID += 1 }
            return s.nextEngineID
        }
    }

    /// Admits an engine that has said hello: welcomes it, starts its reader
    /// and gives it work.
    ///
    /// - Throws: ``ClusterError`` `.notRunning` after shutdown, or the write's error.
    func admit(_ link: EngineLink) throws {
        try link.channel.send(kind: ClusterMessage.welcome) { $0.append(fixed: Int64(link.id)) }
        let admitted = state.withLock { s -> Bool in
            guard s.running else { return false }
            s.engines[link.id] = EngineSlot(link: link)
            return true
        }
        guard admitted else {
            link.kill()
            throw ClusterError(.notRunning, "the cluster was shut down")
        }
        logger.debug("engine \(link.id) joined (pid \(link.hello.pid) on \(link.hello.host), \(link.hello.capacity))")
        let thread = Thread { [self] in readLoop(link) }
        thread.name = "swarm-engine-\(link.id)"
        thread.stackSize = 256 << 10
        thread.start()
        let touched = state.withLock { s -> Set<Int> in
            state.broadcast()
            return s.place(highWaterMark: highWaterMark)
        }
        flush(touched)
    }

    /// Waits until at least `count` engines are live.
    ///
    /// - Returns: whether they were there before `timeout`.
    func waitForEngines(_ count: Int, timeout: Double) -> Bool {
        state.wait(until: { $0.engines.count >= count || !$0.running },
                   deadline: .after(seconds: timeout)) { s, _ in s.engines.count >= count }
    }


    private func readLoop(_ link: EngineLink) {
        do {
            while true {
                // Poll briefly before sleeping: a tiny task's answer comes within
                // microseconds, and waking a sleeping thread costs tens of them.
                guard var message = try link.channel.receive(spinNanoseconds: SpinWait.budgetNanoseconds) else { continue }
                guard message.kind == ClusterMessage.result else {
                    throw ClusterError(.connection, "engine \(link.id) sent a frame of kind \(message.kind)")
                }
                handleResult(try ResultFrame(&message), from: link)
            }
        } catch let error as ClusterError where error.code == .authentication {
            logger.error("dropping engine \(link.id): \(error.message)")
        } catch {
            // End of stream: the engine exited, was killed, or its socket was shut.
        }
        engineLost(link)
    }

    private func handleResult(_ frame: ResultFrame, from link: EngineLink) {
        let id = frame.header.id
        var deliveries: [Delivery] = []
        let touched = state.withLock { s -> Set<Int> in
            guard var slot = s.engines[link.id], let index = slot.outstanding.firstIndex(of: id) else { return [] }
            slot.outstanding.remove(at: index)
            slot.headSince = .now
            slot.completed += 1
            s.engines[link.id] = slot
            if s.abandoned.remove(id) != nil { return s.place(highWaterMark: highWaterMark) }
            guard let record = s.tasks[id] else { return s.place(highWaterMark: highWaterMark) }
            var metadata = s.metadata(record, engine: link.id)
            metadata.started = Date(timeIntervalSince1970: frame.header.started)
            metadata.completed = Date(timeIntervalSince1970: frame.header.finished)
            metadata.stdout = String(decoding: frame.stdout, as: UTF8.self)
            metadata.stderr = String(decoding: frame.stderr, as: UTF8.self)
            if frame.header.succeeded {
                s.finish(id, TaskOutcome(value: .success(ResultBytes(bytes: frame.bytes, offset: frame.payloadOffset)),
                                         metadata: metadata), into: &deliveries)
            } else {
                let failure = (try? BinaryDecoder().decode(RemoteFailure.self, from: frame.bytes, startingAt: frame.payloadOffset))
                    ?? RemoteFailure(WireError(.malformed, "undecodable failure report"), kind: .thrown, pid: link.hello.pid)
                s.failOrRetry(id, EngineThrew(failure: failure, engineID: link.id), metadata: metadata, engine: link.id, into: &deliveries)
            }
            return s.place(highWaterMark: highWaterMark)
        }
        flush(touched)
        deliver(deliveries)
    }

    private func engineLost(_ link: EngineLink) {
        link.channel.connection.shutdownSocket()
        let exit = link.process?.reap(timeout: 2) ?? link.channel.connection.peerExit
        var deliveries: [Delivery] = []
        var reason: KillReason?
        let touched = state.withLock { s -> Set<Int> in
            guard let slot = s.engines.removeValue(forKey: link.id) else { return [] }
            reason = slot.killReason
            let how = exit.map { " (\($0))" } ?? ""
            let oom = exit == .signaled(signal: SIGKILL) && slot.killReason == nil
                ? "; SIGKILL from outside is what the kernel's out-of-memory killer sends" : ""
            for (position, id) in slot.outstanding.enumerated() {
                if s.abandoned.remove(id) != nil { continue }
                guard let record = s.tasks[id] else { continue }
                var metadata = s.metadata(record, engine: link.id)
                metadata.started = nil
                if position == 0 {
                    // The running task: charge it.
                    if record.cancelRequested {
                        s.finish(id, TaskOutcome(value: .failure(ClusterError(.cancelled, "task \(id) was cancelled while running on engine \(link.id); the engine was stopped and replaced", engineID: link.id, exit: exit)), metadata: metadata), into: &deliveries)
                    } else if slot.killReason == .timeout(id) {
                        let limit = record.request.timeout ?? 0
                        s.failOrRetry(id, ClusterError(.taskTimedOut, "task \(id) ran past its timeout of \(limit) s on engine \(link.id); the engine was stopped and replaced", engineID: link.id, exit: exit), metadata: metadata, engine: link.id, into: &deliveries)
                    } else {
                        s.failOrRetry(id, ClusterError(.engineDied, "engine \(link.id) (pid \(link.hello.pid)) died while running task \(id)\(how)\(oom)", engineID: link.id, exit: exit), metadata: metadata, engine: link.id, into: &deliveries)
                    }
                } else {
                    s.requeueOrFail(id, engineID: link.id, exit: exit, into: &deliveries)
                }
            }
            for id in slot.outbox where s.abandoned.remove(id) == nil && s.tasks[id] != nil {
                s.requeueOrFail(id, engineID: link.id, exit: exit, into: &deliveries)
            }
            s.failStrandedFollowers(into: &deliveries)
            if s.running { s.engineRestarts += 1 }
            state.broadcast()
            return s.place(highWaterMark: highWaterMark)
        }
        flush(touched)
        deliver(deliveries)
        if exit == nil, let process = link.process { _ = process.terminate(grace: 0) }
        if let hook = hooks.withLock({ $0.engineLost }) { hook(link, exit, reason) }
    }

    // MARK: - Tasks

    /// Submits several tasks under one lock (a map's chunks).
    func submit(_ requests: [TaskRequest]) -> [UInt64] {
        var deliveries: [Delivery] = []
        let (ids, touched) = state.withLock { s -> ([UInt64], Set<Int>) in
            var ids: [UInt64] = []
            ids.reserveCapacity(requests.count)
            let now = Date()
            for request in requests {
                let id = s.nextTaskID
                s.nextTaskID += 1
                s.sequence += 1
                ids.append(id)
                s.accept(TaskRecord(id: id, request: request, sequence: s.sequence, submitted: now,
                                    retriesLeft: max(0, request.retries)), into: &deliveries)
            }
            return (ids, s.place(highWaterMark: highWaterMark))
        }
        flush(touched)
        deliver(deliveries)
        return ids
    }

    /// Cancels a task: at once if it has not reached an engine; by stopping its
    /// engine (which is then replaced) if it is running.
    func cancel(_ id: UInt64) {
        var deliveries: [Delivery] = []
        var toKill: EngineLink?
        state.withLock { s in
            guard var record = s.tasks[id] else { return }
            let cancelled = ClusterError(.cancelled, "task \(id) was cancelled")
            if let (engineID, position) = s.location(of: id) {
                var slot = s.engines[engineID]!
                switch position {
                case .outbox(let i):
                    slot.outbox.remove(at: i)
                    s.engines[engineID] = slot
                    s.finish(id, TaskOutcome(value: .failure(cancelled), metadata: s.metadata(record, engine: nil)), into: &deliveries)
                case .outstanding(0):
                    record.cancelRequested = true
                    s.tasks[id] = record
                    slot.killReason = .cancel(id)
                    s.engines[engineID] = slot
                    toKill = slot.link
                case .outstanding:
                    // Already written behind the running task: the engine may still run
                    // it, but its result is dropped and the caller sees the cancel now.
                    s.abandoned.insert(id)
                    s.finish(id, TaskOutcome(value: .failure(cancelled), metadata: s.metadata(record, engine: engineID)), into: &deliveries)
                }
            } else {
                s.finish(id, TaskOutcome(value: .failure(cancelled), metadata: s.metadata(record, engine: nil)), into: &deliveries)
            }
        }
        toKill?.kill()
        deliver(deliveries)
    }

    /// Stops everything: fails unfinished tasks with `.notRunning`, tells
    /// engines to exit, and waits for local engine processes to end.
    func shutdown() {
        var deliveries: [Delivery] = []
        let links = state.withLock { s -> [EngineLink] in
            guard s.running else { return [] }
            s.running = false
            let error = ClusterError(.notRunning, "the cluster was shut down before the task finished")
            for id in Array(s.tasks.keys).sorted() {
                guard let record = s.tasks[id] else { continue }
                s.finish(id, TaskOutcome(value: .failure(error), metadata: s.metadata(record, engine: nil)), into: &deliveries)
            }
            for id in s.engines.keys { s.engines[id]!.killReason = .shutdown }
            state.broadcast()
            return s.engines.values.map(\.link)
        }
        deliver(deliveries)
        for link in links {
            link.sendLock.withLock { _ in try? link.channel.send(kind: ClusterMessage.shutdown) }
        }
        for link in links { link.process?.terminate(grace: 2) }
        for link in links { link.channel.connection.shutdownSocket() }
        _ = state.wait(until: { $0.engines.isEmpty }, deadline: .after(seconds: 5)) { _, ok in ok }
    }

    var statistics: ClusterStatistics {
        state.withLock { s in
            let running = s.engines.values.reduce(0) { $0 + $1.assigned }
            return ClusterStatistics(engines: s.engines.count, queued: s.tasks.count - running,
                                     running: running, succeeded: s.succeeded, failed: s.failed,
                                     engineRestarts: s.engineRestarts)
        }
    }

    /// The live engines with their load, by id.
    var engineInfos: [EngineInfo] {
        state.withLock { s in
            s.engines.values.sorted { $0.link.id < $1.link.id }.map {
                EngineInfo(id: $0.link.id, pid: $0.link.hello.pid, host: $0.link.hello.host,
                           resources: $0.link.hello.capacity, assignedTasks: $0.assigned, completedTasks: $0.completed)
            }
        }
    }

    /// The pids of these engines when each is a local process this
    /// controller started (not an MPI rank, not an engine that connected).
    func childProcessIDs(of engines: [Int]) -> [Int32]? {
        state.withLock { s in
            var pids: [Int32] = []
            for id in engines {
                guard let process = s.engines[id]?.link.process else { return nil }
                pids.append(process.pid)
            }
            return pids
        }
    }

    // MARK: - Writing to engines

    /// Writes each touched engine's outbox, in order; side by side when
    /// several engines have large payloads waiting (a scatter), because
    /// signing and writing hundreds of megabytes keeps a core busy and the
    /// engines would otherwise wait for each other's turn.
    private func flush(_ engines: Set<Int>) {
        if engines.count > 1 && largePayloadsWaiting(engines) {
            let ids = Array(engines)
            DispatchQueue.concurrentPerform(iterations: ids.count) { flush(engine: ids[$0]) }
            return
        }
        for id in engines { flush(engine: id) }
    }

    /// Whether each of these engines has a large payload first in its
    /// outbox (a scatter's blocks). Looks at one task per engine, so that
    /// streams of small tasks pay nothing for the question.
    private func largePayloadsWaiting(_ engines: Set<Int>) -> Bool {
        state.withLock { s in
            engines.allSatisfy { id in
                guard let first = s.engines[id]?.outbox.first else { return false }
                return (s.tasks[first]?.request.payload.count ?? 0) >= FrameBatch.segmentThreshold
            }
        }
    }

    private func flush(engine id: Int) {
        guard let link = state.withLock({ $0.engines[id]?.link }) else { return }
        link.sendLock.withLock { _ in
            let items = state.withLock { s -> [(UInt64, TaskRequest)] in
                guard var slot = s.engines[id], !slot.outbox.isEmpty else { return [] }
                if slot.outstanding.isEmpty { slot.headSince = .now }
                let ids = slot.outbox
                slot.outstanding.append(contentsOf: ids)
                slot.outbox.removeAll(keepingCapacity: true)
                s.engines[id] = slot
                return ids.compactMap { taskID in
                    guard var record = s.tasks[taskID] else { return nil }
                    record.attempts += 1
                    s.tasks[taskID] = record
                    return (taskID, record.request)
                }
            }
            guard !items.isEmpty else { return }
            var batch = FrameBatch()
            for (taskID, request) in items {
                batch.begin(kind: ClusterMessage.task)
                try? TaskHeader(id: taskID, typeName: request.typeName).append(to: &batch)
                batch.append(bytes: request.payload)
            }
            // A failed write means the engine is gone; its reader notices and requeues.
            try? link.channel.send(&batch)
        }
    }

    // MARK: - Delivering results

    struct Delivery {
        var completion: @Sendable (TaskOutcome) -> Void
        var outcome: TaskOutcome
    }

    private func deliver(_ deliveries: [Delivery]) {
        for d in deliveries { d.completion(d.outcome) }
    }

    // MARK: - Timeouts

    private func startTimer() {
        let thread = Thread { [weak self] in
            while let controller = self {
                guard controller.checkTimeouts() else { return }
                usleep(5_000)
            }
        }
        thread.name = "swarm-controller-timer"
        thread.stackSize = 128 << 10
        thread.start()
    }

    /// Stops engines whose running task is past its timeout; false once shut down.
    private func checkTimeouts() -> Bool {
        var toKill: [EngineLink] = []
        let running = state.withLock { s -> Bool in
            guard s.running else { return false }
            guard s.timedTasks > 0 else { return true }
            let now = MonotonicInstant.now
            for (engineID, slot) in s.engines where slot.killReason == nil {
                guard let head = slot.outstanding.first, let limit = s.tasks[head]?.request.timeout else { continue }
                if now.seconds(since: slot.headSince) > limit {
                    s.engines[engineID]!.killReason = .timeout(head)
                    toKill.append(slot.link)
                }
            }
            return true
        }
        for link in toKill { link.kill() }
        return running
    }
}
