import Foundation
import SwarmCore
import SwarmScheduler

/// Per-task facts that a caller sees: where and when it ran and what it printed
/// (IPython's `AsyncResult.metadata`).
public struct TaskMetadata: Sendable, Codable {
    /// The engine that ran the task (last attempt), if it reached one.
    public var engineID: Int?
    /// When the client submitted it.
    public var submitted: Date
    /// When the engine started it (the engine's clock).
    public var started: Date?
    /// When the engine finished it (the engine's clock).
    public var completed: Date?
    /// What the task wrote to standard output on the engine.
    public var stdout: String
    /// What the task wrote to standard error on the engine.
    public var stderr: String
    /// How many times it was started (more than 1 after retries).
    public var attempts: Int
}

/// A task's result bytes: the result in wire form from `offset` to the end.
struct ResultBytes: Sendable {
    var bytes: [UInt8]
    var offset: Int
}

/// How a task ended, as the controller hands it to the client side.
struct TaskOutcome: Sendable {
    enum Value: Sendable {
        case success(ResultBytes)
        case failure(any Error)
    }
    var value: Value
    var metadata: TaskMetadata
    var succeeded: Bool { if case .success = value { return true } else { return false } }
}

/// What a client asks the controller to run.
struct TaskRequest: Sendable {
    /// The mangled name of the ``RemoteCallable`` that runs it.
    var typeName: String
    /// The call's payload.
    var payload: [UInt8]
    /// The engine it must run on (a ``DirectView`` task), or nil for any (load balanced).
    var engine: Int?
    var priority: Int = 0
    var retries: Int = 0
    var timeout: Double?
    var resources: Resources = .none
    /// Keep the outcome after delivery (``TaskOptions/keepResult``).
    var keepResult = false
    /// Tasks that must finish successfully first.
    var after: [UInt64] = []
    /// Tasks that must finish first and on whose engines this one must run.
    var follow: [UInt64] = []
    /// Called once, on some controller thread, when the task has ended.
    var completion: @Sendable (TaskOutcome) -> Void
}

/// A task the controller has accepted and not yet finished.
struct TaskRecord {
    var id: UInt64
    var request: TaskRequest
    var sequence: UInt64
    var submitted: Date
    var attempts = 0
    var retriesLeft: Int
    /// Engines it failed on (a retry prefers another).
    var excluded: Set<Int> = []
    /// Where `follow:` pins it, once its dependencies have finished.
    var allowed: Set<Int>?
    var cancelRequested = false
}

/// One live engine, as the controller's state holds it.
struct EngineSlot {
    let link: EngineLink
    /// Tasks written to the engine, in the order it runs them: the first is running.
    var outstanding: [UInt64] = []
    /// Tasks assigned to it but not yet written.
    var outbox: [UInt64] = []
    /// Since when the first outstanding task has been running (for `timeout:`).
    var headSince = MonotonicInstant.now
    var completed = 0
    var killReason: KillReason?

    var assigned: Int { outstanding.count + outbox.count }
}

/// Why the controller stopped an engine itself.
enum KillReason: Equatable {
    case cancel(UInt64)
    case timeout(UInt64)
    case shutdown
}

/// Counters for ``Cluster/statistics``.
public struct ClusterStatistics: Sendable, Hashable, Codable {
    /// Live engines.
    public var engines: Int
    /// Tasks accepted and not yet placed on an engine (including those waiting on dependencies).
    public var queued: Int
    /// Tasks sent to engines and not yet finished (running or queued there).
    public var running: Int
    /// Tasks that finished successfully.
    public var succeeded: Int
    /// Tasks that finished with an error (including cancelled ones).
    public var failed: Int
    /// Engines that died or were stopped and replaced.
    public var engineRestarts: Int
}
