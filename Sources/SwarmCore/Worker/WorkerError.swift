/// An error about a worker process: it could not start, it crashed, it was
/// killed, or a message from it could not be understood.
public struct WorkerError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure this is. Extensible: new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let rawValue: String
        /// The worker could not be started.
        public static let spawnFailed = Code(rawValue: "spawnFailed")
        /// The worker ended while it was running a call.
        public static let crashed = Code(rawValue: "crashed")
        /// The worker broke the protocol (a malformed or unexpected frame).
        public static let protocolViolation = Code(rawValue: "protocolViolation")
        /// The code's name.
        public var description: String { rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// A human-readable explanation naming the worker and what happened.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The code and the message.
    public var description: String { "WorkerError.\(code): \(message)" }
}
