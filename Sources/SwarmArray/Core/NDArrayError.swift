/// An error from SwarmArray: a file or buffer that cannot be read or
/// written, or outside data that does not fit.
///
/// Programmer errors (shapes that do not broadcast, an index out of range)
/// trap instead, as Swift's `Array` does; this error is for what comes from
/// outside the program.
///
/// ```swift
/// do {
///     let a = try NDArray<Double>.load(path: "data.npy")
/// } catch let error as NDArrayError where error.code == .typeMismatch {
///     print(error)   // the file holds int64, not float64
/// }
/// ```
public struct NDArrayError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        /// A file or archive that does not follow its format (bad magic,
        /// malformed header, truncated data, impossible shape).
        public static let malformed = Code(name: "malformed")
        /// A well-formed file using something SwarmArray does not read
        /// (an object or structured dtype, float16, a compression method).
        public static let unsupported = Code(name: "unsupported")
        /// The data holds another element type than the one asked for.
        public static let typeMismatch = Code(name: "typeMismatch")
        /// The operating system refused (open, read, write, map); `errno` is kept.
        public static let system = Code(name: "system")
        /// A name that is not in an archive.
        public static let notFound = Code(name: "notFound")
        /// Text that does not parse as the element type, or rows of
        /// different lengths.
        public static let badValue = Code(name: "badValue")
        /// A system library that is needed is not installed.
        public static let missingLibrary = Code(name: "missingLibrary")
        /// The code's name.
        public var description: String { name }
    }

    /// What kind of failure.
    public var code: Code
    /// What happened, for people.
    public var message: String
    /// The file concerned, if any.
    public var path: String?
    /// The `errno` value for ``Code/system`` errors.
    public var errno: Int32?

    /// Creates an error.
    public init(_ code: Code, _ message: String, path: String? = nil, errno: Int32? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.errno = errno
    }

    /// `code: message (path)`.
    public var description: String {
        "\(code): \(message)" + (path.map { " (\($0))" } ?? "")
    }
}
