import Foundation
import SwarmCore
import SwarmScheduler

/// Everything the controller knows, behind its one lock. Methods here are
/// pure bookkeeping: no I/O, no callbacks (those are collected as deliveries
/// and run by the caller after the lock is released).
struct ControllerState {
    var running = true
    var engines: [Int: EngineSlot] = [:]
    var nextEngineID = 0
    var nextTaskID: UInt64 = 1
    var sequence: UInt64 = 0
    /// Every accepted, unfinished task.
    var tasks: [UInt64: TaskRecord] = [:]
    /// Load-balanced tasks ready to place.
    var ready = TaskHeap()
    /// Tasks waiting for dependencies: how many are still unfinished.
    var blocked: [UInt64: Int] = [:]
    /// Who waits for whom.
    var dependents: [UInt64: [UInt64]] = [:]
    var recent = RecentOutcomes(capacity: 1 << 16)
    /// Outcomes kept on request (``TaskOptions/keepResult``), until forgotten.
    var kept = KeptResults()
    /// Tasks cancelled after they were written to an engine behind its running task.
    var abandoned: Set<UInt64> = []
    /// Unfinished tasks that have a `timeout:` (the timer skips its scan when 0).
    var timedTasks = 0
    var succeeded = 0
    var failed = 0
    var engineRestarts = 0

    typealias Delivery = Controller.Delivery

    // MARK: Accepting

    mutating func accept(_ record: TaskRecord, into deliveries: inout [Delivery]) {
        let id = record.id
        guard running else {
            deliveries.append(Delivery(completion: record.request.completion, outcome: TaskOutcome(
                value: .failure(ClusterError(.notRunning, "the cluster was shut down")),
                metadata: metadata(record, engine: nil))))
            return
        }
        if let request = KeptResults.Request(record.request) {
            // Answered here: fetching or forgetting kept outcomes runs no engine.
            deliveries.append(Delivery(completion: record.request.completion,
                                       outcome: kept.answer(request, metadata: metadata(record, engine: nil))))
            return
        }
        if let engine = record.request.engine, engines[engine] == nil {
            deliveries.append(Delivery(completion: record.request.completion, outcome: TaskOutcome(
                value: .failure(ClusterError(.noSuchEngine, "engine \(engine) is not in the cluster (engines: \(engines.keys.sorted()))", engineID: engine)),
                metadata: metadata(record, engine: nil))))
            return
        }
        if record.request.engine == nil, !engines.isEmpty,
           !Placement.isSatisfiable(record.request.resources, by: engines.values.map(\.link.hello.capacity)) {
            let offers = engines.values.map { "engine \($0.link.id): \($0.link.hello.capacity)" }.sorted()
            deliveries.append(Delivery(completion: record.request.completion, outcome: TaskOutcome(
                value: .failure(ClusterError(.unsatisfiable, "no engine can hold a task that needs \(record.request.resources) (\(offers.joined(separator: "; ")))")),
                metadata: metadata(record, engine: nil))))
            return
        }
        tasks[id] = record
        if record.request.timeout != nil { timedTasks += 1 }
        // Dependencies: unfinished ones block; finished ones must have succeeded.
        var unfinished = 0
        for dependency in Set(record.request.after + record.request.follow) {
            if tasks[dependency] != nil {
                unfinished += 1
                dependents[dependency, default: []].append(id)
            } else if let outcome = recent[dependency] {
                if !outcome.succeeded {
                    finish(id, TaskOutcome(value: .failure(ClusterError(.dependencyFailed, "task \(id) depends on task \(dependency), which failed")),
                                           metadata: metadata(record, engine: nil)), into: &deliveries)
                    return
                }
            } else if dependency >= nextTaskID || dependency == 0 {
                finish(id, TaskOutcome(value: .failure(ClusterError(.dependencyFailed, "task \(id) depends on task \(dependency), which this controller never saw")),
                                       metadata: metadata(record, engine: nil)), into: &deliveries)
                return
            }
            // Otherwise it finished long ago (beyond the recent ring); the client
            // only passes dependencies it has not seen fail.
        }
        if unfinished > 0 {
            blocked[id] = unfinished
        } else {
            release(id)
        }
    }

    /// Makes a task whose dependencies have all finished ready to run.
    private mutating func release(_ id: UInt64) {
        guard var record = tasks[id] else { return }
        if !record.request.follow.isEmpty {
            let places = Set(record.request.follow.compactMap { recent[$0]?.engineID })
            record.allowed = places
            tasks[id] = record
        }
        if let engine = record.request.engine {
            if engines[engine] != nil {
                engines[engine]!.outbox.append(id)
            }
        } else {
            ready.push(id: id, priority: record.request.priority, sequence: record.sequence)
        }
    }

    // MARK: Placing

    /// Assigns ready tasks to engines with room; returns the engines whose
    /// outbox grew (the caller flushes them).
    mutating func place(highWaterMark: Int) -> Set<Int> {
        var touched = Set<Int>()
        for (id, slot) in engines where !slot.outbox.isEmpty { touched.insert(id) }
        guard !ready.isEmpty, !engines.isEmpty else { return touched }
        var candidates = engines.values.filter { $0.killReason == nil }.map {
            PlacementCandidate(id: $0.link.id, capacity: $0.link.hello.capacity, assigned: $0.assigned, limit: highWaterMark)
        }
        var deferred: [(UInt64, TaskRecord)] = []
        while candidates.contains(where: { $0.assigned < $0.limit }), let id = ready.popFirst() {
            guard let record = tasks[id] else { continue }  // cancelled while queued
            var allowed = record.allowed
            if !record.excluded.isEmpty {
                // A retry goes elsewhere when somewhere else can take it.
                let others = Set(candidates.map(\.id)).subtracting(record.excluded)
                if let pinned = allowed {
                    if !pinned.isDisjoint(with: others) { allowed = pinned.intersection(others) }
                } else if !others.isEmpty {
                    allowed = others
                }
            }
            if let chosen = Placement.choose(request: record.request.resources, among: candidates, allowed: allowed),
               let index = candidates.firstIndex(where: { $0.id == chosen }) {
                candidates[index].assigned += 1
                engines[chosen]!.outbox.append(id)
                touched.insert(chosen)
            } else {
                deferred.append((id, record))
            }
        }
        for (id, record) in deferred { ready.push(id: id, priority: record.request.priority, sequence: record.sequence) }
        return touched
    }

    // MARK: Finishing

    /// Ends a task: records its outcome, drops its record, collects its
    /// delivery, and releases (or fails) the tasks that depend on it.
    mutating func finish(_ id: UInt64, _ outcome: TaskOutcome, into deliveries: inout [Delivery]) {
        var work = [(id, outcome)]
        while let (taskID, result) = work.popLast() {
            guard let record = tasks.removeValue(forKey: taskID) else { continue }
            if record.request.timeout != nil { timedTasks -= 1 }
            blocked.removeValue(forKey: taskID)
            if result.succeeded { succeeded += 1 } else { failed += 1 }
            recent.record(taskID, .init(succeeded: result.succeeded, engineID: result.metadata.engineID))
            if record.request.keepResult { kept.outcomes[taskID] = result }
            deliveries.append(Delivery(completion: record.request.completion, outcome: result))
            for dependent in dependents.removeValue(forKey: taskID) ?? [] {
                guard let waiting = tasks[dependent] else { continue }
                if result.succeeded {
                    let left = (blocked[dependent] ?? 1) - 1
                    if left <= 0 {
                        blocked.removeValue(forKey: dependent)
                        release(dependent)
                    } else {
                        blocked[dependent] = left
                    }
                } else {
                    let error = ClusterError(.dependencyFailed, "task \(dependent) depends on task \(taskID), which failed")
                    work.append((dependent, TaskOutcome(value: .failure(error), metadata: metadata(waiting, engine: nil))))
                }
            }
        }
    }

    /// Ends a failed attempt: queues the task again while it has retries
    /// (preferring another engine), otherwise finishes it with `error`.
    mutating func failOrRetry(_ id: UInt64, _ error: any Error, metadata: TaskMetadata, engine: Int,
                              into deliveries: inout [Delivery]) {
        guard var record = tasks[id] else { return }
        if record.retriesLeft > 0 && running {
            record.retriesLeft -= 1
            record.excluded.insert(engine)
            tasks[id] = record
            if record.request.engine == nil {
                ready.push(id: id, priority: record.request.priority, sequence: record.sequence)
            } else if engines[engine] != nil {
                engines[engine]!.outbox.append(id)
            } else {
                finish(id, TaskOutcome(value: .failure(error), metadata: metadata), into: &deliveries)
            }
            return
        }
        finish(id, TaskOutcome(value: .failure(error), metadata: metadata), into: &deliveries)
    }

    /// A task that was waiting on an engine that left, without having started:
    /// a load-balanced one goes back to the queue in its old place; one meant
    /// for that engine fails.
    mutating func requeueOrFail(_ id: UInt64, engineID: Int, exit: WorkerExit?, into deliveries: inout [Delivery]) {
        guard let record = tasks[id] else { return }
        if record.request.engine == nil && running {
            ready.push(id: id, priority: record.request.priority, sequence: record.sequence)
        } else {
            let how = exit.map { " (\($0))" } ?? ""
            finish(id, TaskOutcome(value: .failure(ClusterError(.engineDied, "engine \(engineID) left\(how) before running task \(id)", engineID: engineID, exit: exit)),
                                   metadata: metadata(record, engine: engineID)), into: &deliveries)
        }
    }

    /// Fails queued tasks pinned by `follow:` to engines that have all left:
    /// they could never run.
    mutating func failStrandedFollowers(into deliveries: inout [Delivery]) {
        let live = Set(engines.keys)
        let stranded = tasks.values.filter { record in
            guard let allowed = record.allowed, record.request.engine == nil else { return false }
            return allowed.isDisjoint(with: live) && location(of: record.id) == nil
        }
        for record in stranded {
            let error = ClusterError(.noSuchEngine, "task \(record.id) must follow tasks onto engines \(record.allowed!.sorted()), which have left the cluster")
            finish(record.id, TaskOutcome(value: .failure(error), metadata: metadata(record, engine: nil)), into: &deliveries)
        }
    }

    // MARK: Queries

    enum Position { case outbox(Int), outstanding(Int) }

    func location(of id: UInt64) -> (Int, Position)? {
        for (engineID, slot) in engines {
            if let i = slot.outstanding.firstIndex(of: id) { return (engineID, .outstanding(i)) }
            if let i = slot.outbox.firstIndex(of: id) { return (engineID, .outbox(i)) }
        }
        return nil
    }

    func metadata(_ record: TaskRecord, engine: Int?) -> TaskMetadata {
        TaskMetadata(engineID: engine, submitted: record.submitted, started: nil, completed: nil,
                     stdout: "", stderr: "", attempts: record.attempts)
    }
}
