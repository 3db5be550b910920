import SwarmScheduler

/// How a task runs: its priority, retries, time limit, dependencies and
/// resource needs. Views take a default set and each call may override it.
///
/// ```swift
/// let fit = try view.applyAsync(Fit(), data)
/// let report = try view.applyAsync(Report(), 0,
///     options: TaskOptions(priority: 10, retries: 2, timeout: 30, after: [fit]))
/// ```
public struct TaskOptions: Sendable {
    /// Higher runs first among queued tasks (IPython never had this: its #237). Default 0.
    public var priority: Int
    /// How many times a failed task (an error thrown, a crashed engine, a
    /// timeout) is run again, on another engine when there is one. Default 0.
    public var retries: Int
    /// Seconds the task may run on its engine; past it the engine is stopped and
    /// replaced, and the task fails with `.taskTimedOut` (or is retried). Nil: no limit.
    public var timeout: Double?
    /// Tasks that must finish successfully before this one starts; if one
    /// fails, this one fails with `.dependencyFailed`.
    public var after: [any ClusterTaskHandle]
    /// Like `after`, and this task runs on an engine where one of them ran
    /// (to use state they left there).
    public var follow: [any ClusterTaskHandle]
    /// What the task needs; only engines that offer at least this take it.
    public var resources: Resources
    /// Keep the task's outcome in the controller after it is delivered, so
    /// that any client can fetch it again by task id with
    /// ``Cluster/keptResult(_:timeout:)`` until ``Cluster/forgetResults(_:)``.
    /// Default false: the controller keeps nothing, and its memory stays flat.
    public var keepResult: Bool

    /// Creates options; every part has a neutral default.
    public init(priority: Int = 0, retries: Int = 0, timeout: Double? = nil,
                after: [any ClusterTaskHandle] = [], follow: [any ClusterTaskHandle] = [],
                resources: Resources = .none, keepResult: Bool = false) {
        precondition(retries >= 0, "retries must not be negative, got \(retries)")
        precondition(timeout.map { $0 > 0 } ?? true, "timeout must be positive, got \(timeout!)")
        self.priority = priority
        self.retries = retries
        self.timeout = timeout
        self.after = after
        self.follow = follow
        self.resources = resources
        self.keepResult = keepResult
    }

    func request(typeName: String, payload: [UInt8], engine: Int?,
                 completion: @escaping @Sendable (TaskOutcome) -> Void) -> TaskRequest {
        TaskRequest(typeName: typeName, payload: payload, engine: engine, priority: priority, retries: retries,
                    timeout: timeout, resources: resources, keepResult: keepResult,
                    after: after.flatMap(\._taskIDs), follow: follow.flatMap(\._taskIDs), completion: completion)
    }
}
