import SwarmCore

/// An error from a cluster: an engine that died or timed out, a cancelled task,
/// a refused connection, bad input from outside.
///
/// Errors thrown by the task's own code are not wrapped when their type is
/// `Codable`: they come back as the same type, as in SwarmPool.
public struct ClusterError: Error, Sendable, Codable, CustomStringConvertible {
    /// What kind of failure this is. Extensible.
    public struct Code: Hashable, Sendable, Codable, CustomStringConvertible {
        let rawValue: String
        /// The engine running the task died (crash, signal, out-of-memory kill, exit).
        public static let engineDied = Code(rawValue: "engineDied")
        /// The task ran longer than its `timeout:`; its engine was stopped and replaced.
        public static let taskTimedOut = Code(rawValue: "taskTimedOut")
        /// The task was cancelled before it finished.
        public static let cancelled = Code(rawValue: "cancelled")
        /// A task this one depends on (`after:`) failed or is unknown.
        public static let dependencyFailed = Code(rawValue: "dependencyFailed")
        /// No engine of the cluster can ever hold the task's resource request.
        public static let unsatisfiable = Code(rawValue: "unsatisfiable")
        /// The engine asked for does not exist (or has left).
        public static let noSuchEngine = Code(rawValue: "noSuchEngine")
        /// The cluster was shut down, or its controller is gone.
        public static let notRunning = Code(rawValue: "notRunning")
        /// `get(timeout:)` ran out of time (the task keeps running).
        public static let timeout = Code(rawValue: "timeout")
        /// A function, argument or result could not be encoded or decoded.
        public static let encoding = Code(rawValue: "encoding")
        /// The task's code threw an error whose type cannot cross processes.
        public static let remote = Code(rawValue: "remote")
        /// A message failed authentication (wrong key, tampered or replayed frame).
        public static let authentication = Code(rawValue: "authentication")
        /// A connection or connection file is unusable (malformed frame, bad file, refused).
        public static let connection = Code(rawValue: "connection")
        /// An engine process could not be started.
        public static let spawnFailed = Code(rawValue: "spawnFailed")
        /// A bad argument (engine count, chunk size, unknown name on an engine).
        public static let invalidArgument = Code(rawValue: "invalidArgument")
        /// No kept result under that task id (never kept, forgotten, or not finished).
        public static let noSuchResult = Code(rawValue: "noSuchResult")
        /// The code's name.
        public var description: String { rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// A human-readable explanation.
    public var message: String
    /// The engine involved, if any.
    public var engineID: Int?
    /// How the engine's process ended, for ``Code/engineDied`` and ``Code/taskTimedOut``.
    public var exit: WorkerExit?
    /// The error as the engine reported it, for ``Code/remote`` and ``Code/encoding``.
    public var remote: RemoteFailure?

    /// Creates an error.
    public init(_ code: Code, _ message: String, engineID: Int? = nil, exit: WorkerExit? = nil,
                remote: RemoteFailure? = nil) {
        self.code = code
        self.message = message
        self.engineID = engineID
        self.exit = exit
        self.remote = remote
    }

    /// The code and the message.
    public var description: String { "ClusterError.\(code): \(message)" }

    /// The caller-side error for a failure an engine reported.
    static func fromRemote(_ failure: RemoteFailure, engineID: Int) -> any Error {
        switch failure.kind {
        case .thrown:
            if let original = failure.reconstructed() { return original }
            return ClusterError(.remote, "engine \(engineID) threw \(failure.readableTypeName): \(failure.description)",
                                engineID: engineID, remote: failure)
        case .encoding:
            return ClusterError(.encoding, "engine \(engineID) could not encode the result: \(failure.description)",
                                engineID: engineID, remote: failure)
        case .decoding:
            return ClusterError(.encoding, "engine \(engineID) could not decode the task: \(failure.description)",
                                engineID: engineID, remote: failure)
        case .unknownFunction:
            return ClusterError(.encoding, "engine \(engineID) has no such function type: \(failure.description)",
                                engineID: engineID, remote: failure)
        }
    }
}
