/// An error from SwarmCore's binary wire format or its framing.
///
/// Thrown when bytes that came from outside (a worker process, a socket, a file)
/// do not decode: truncated data, a type that does not exist in this binary,
/// an absurd length. Decoding never traps on bad input; it throws this.
public struct WireError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure this is. Extensible: new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let rawValue: String
        /// The bytes ended before the value did.
        public static let truncated = Code(rawValue: "truncated")
        /// A length, count or tag had a value that no valid encoding produces.
        public static let malformed = Code(rawValue: "malformed")
        /// A type named in the data does not exist in this binary, or has the wrong kind.
        public static let unknownType = Code(rawValue: "unknownType")
        /// A value could not be encoded (for example a collection too large for the format).
        public static let unencodable = Code(rawValue: "unencodable")
        /// The peer closed the connection.
        public static let closed = Code(rawValue: "closed")
        /// A system call on the connection failed.
        public static let io = Code(rawValue: "io")
        /// The code's name.
        public var description: String { rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// A human-readable explanation that names the value, offset or type involved.
    public var message: String

    /// Creates an error with a code and an explanation.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The code and the message.
    public var description: String { "WireError.\(code): \(message)" }
}
