import Foundation
import Synchronization
import SwarmCore

/// Anything that stands for submitted tasks, so that other tasks can wait for
/// them (``TaskOptions/after``, ``TaskOptions/follow``).
public protocol ClusterTaskHandle: Sendable {
    /// The controller's ids of the tasks.
    var _taskIDs: [UInt64] { get }
}

/// The result of work sent to a cluster, IPython Parallel's `AsyncResult`:
/// wait for it, ask whether it is ready or succeeded, see its progress and
/// where and when each task ran, cancel it.
///
/// One result may stand for several tasks (a map's chunks, one task per
/// engine of a direct view); ``get(timeout:)`` returns when all have ended.
public final class ClusterResult<Value: Sendable>: ClusterTaskHandle, @unchecked Sendable {
    // @unchecked: every mutable part is in `state` (a ConditionLock); the ids
    // are written once, before the result is handed to the caller.
    enum Part: Sendable {
        case pending
        case bytes(ResultBytes)
        case failed(any Error)
    }

    struct State {
        var parts: [Part]
        var metadata: [TaskMetadata?]
        var remaining: Int
        var finishedOrder: [Int] = []
        var value: Value?
    }

    let state: ConditionLock<State>
    /// Set once every part has ended, for waiters that spin before sleeping.
    private let isDone = Atomic<Bool>(false)
    let decodePart: @Sendable (ResultBytes) throws -> any Sendable
    let combine: @Sendable ([any Sendable]) throws -> Value
    private let controller: any ControllerLink
    private(set) var ids: [UInt64] = []

    init(parts: Int, controller: any ControllerLink,
         decodePart: @escaping @Sendable (ResultBytes) throws -> any Sendable,
         combine: @escaping @Sendable ([any Sendable]) throws -> Value) {
        state = ConditionLock(State(parts: Array(repeating: .pending, count: parts),
                                    metadata: Array(repeating: nil, count: parts), remaining: parts))
        self.controller = controller
        self.decodePart = decodePart
        self.combine = combine
        if parts == 0 { isDone.store(true, ordering: .releasing) }
    }

    /// The completion for part `index`.
    func completion(_ index: Int) -> @Sendable (TaskOutcome) -> Void {
        { [self] outcome in
            state.withLock { s in
                guard case .pending = s.parts[index] else { return }
                switch outcome.value {
                case .success(let bytes): s.parts[index] = .bytes(bytes)
                case .failure(let error as EngineThrew):
                    s.parts[index] = .failed(ClusterError.fromRemote(error.failure, engineID: error.engineID))
                case .failure(let error): s.parts[index] = .failed(error)
                }
                s.metadata[index] = outcome.metadata
                s.remaining -= 1
                s.finishedOrder.append(index)
                if s.remaining == 0 { isDone.store(true, ordering: .releasing) }
            }
            state.broadcast()
        }
    }

    func setIDs(_ ids: [UInt64]) { self.ids = ids }

    /// The controller's ids of this result's tasks.
    public var _taskIDs: [UInt64] { ids }

    /// The controller's ids of this result's tasks, one per part, in order:
    /// what ``Cluster/keptResult(_:timeout:)`` takes for a task submitted
    /// with ``TaskOptions/keepResult``.
    public var taskIDs: [UInt64] { ids }

    /// Waits for every task and returns the value, or throws the first error
    /// (by task order): the task's own error, or a ``ClusterError``.
    ///
    /// - Parameter timeout: seconds to wait; nil waits for ever.
    /// - Throws: ``ClusterError`` `.timeout` if time ran out (the tasks go on).
    public func get(timeout: Double? = nil) throws -> Value {
        guard wait(timeout: timeout) else {
            let (done, total) = progress
            throw ClusterError(.timeout, "result not ready after \(timeout!) s (\(done) of \(total) tasks done)")
        }
        let (cached, parts) = state.withLock { s in (s.value, s.value == nil ? s.parts : []) }
        if let cached { return cached }
        var pieces: [any Sendable] = []
        pieces.reserveCapacity(parts.count)
        for part in parts {
            switch part {
            case .failed(let error): throw error
            case .bytes(let bytes):
                do { pieces.append(try decodePart(bytes)) } catch {
                    throw ClusterError(.encoding, "the result could not be decoded as \(Value.self): \(error)")
                }
            case .pending: preconditionFailure("a finished result has a pending part")
            }
        }
        let value = try combine(pieces)
        state.withLock { $0.value = value }
        return value
    }

    /// Waits until every task has ended.
    ///
    /// - Returns: whether they had before `timeout` (nil: waits for ever).
    @discardableResult
    public func wait(timeout: Double? = nil) -> Bool {
        // A tiny task is often back within microseconds: spin briefly first.
        if isDone.load(ordering: .acquiring) { return true }
        if (timeout ?? 1) > 1e-3 && SpinWait.spin(until: { isDone.load(ordering: .acquiring) }) { return true }
        return state.wait(until: { $0.remaining == 0 }, deadline: timeout.map { .after(seconds: $0) }) { _, ok in ok }
    }

    /// Whether every task has ended.
    public var isReady: Bool { state.withLock { $0.remaining == 0 } }

    /// Whether every task succeeded.
    ///
    /// - Throws: ``ClusterError`` `.invalidArgument` if not ready yet (as
    ///   IPython's `successful()` raises before the result is ready).
    public func isSuccessful() throws -> Bool {
        try state.withLock { s in
            guard s.remaining == 0 else {
                throw ClusterError(.invalidArgument, "isSuccessful() before the result is ready")
            }
            return !s.parts.contains { if case .failed = $0 { return true } else { return false } }
        }
    }

    /// (tasks ended, tasks in all).
    public var progress: (done: Int, total: Int) {
        state.withLock { ($0.parts.count - $0.remaining, $0.parts.count) }
    }

    /// Per task, once it has ended: engine, times, attempts, captured output.
    public var metadata: [TaskMetadata?] { state.withLock { $0.metadata } }

    /// Everything the tasks wrote to stdout on their engines, in task order.
    public var stdout: [String] { metadata.map { $0?.stdout ?? "" } }

    /// Cancels every task not yet ended: queued ones at once, running ones by
    /// stopping their engines (which are replaced).
    public func cancel() {
        for id in ids { controller.cancel(id) }
    }

    /// The next ended part (in task order, or in finishing order), decoded.
    func nextPart(after count: Int, ordered: Bool) throws -> (index: Int, piece: any Sendable)? {
        let total = state.withLock { $0.parts.count }
        guard count < total else { return nil }
        let (index, part) = state.wait(until: { s in
            ordered ? { if case .pending = s.parts[count] { return false } else { return true } }() : s.finishedOrder.count > count
        }) { s, _ in
            let index = ordered ? count : s.finishedOrder[count]
            return (index, s.parts[index])
        }
        switch part {
        case .failed(let error): throw error
        case .bytes(let bytes): return (index, try decodePart(bytes))
        case .pending: preconditionFailure("an ended part is pending")
        }
    }
}
