/// An error thrown in a worker, in a form that crosses the wire.
///
/// If the error type is `Codable`, its value travels too and the parent gets
/// back an instance of the same type (``RemoteFailure/reconstructed()``), so a
/// caller can `catch let e as MyError` exactly as with the thread backend.
/// Otherwise the parent gets the type name and the description.
public struct RemoteFailure: Error, Codable, Hashable, Sendable {
    /// Why the call failed.
    public enum Kind: UInt8, Codable, Sendable {
        /// The user's code threw.
        case thrown = 0
        /// The arguments could not be decoded in the worker.
        case decoding = 1
        /// The result could not be encoded in the worker.
        case encoding = 2
        /// The named function type does not exist in the worker's binary.
        case unknownFunction = 3
    }

    /// Why the call failed.
    public var kind: Kind
    /// The mangled name of the error's type, if the runtime could name it.
    public var typeName: String?
    /// A readable name of the error's type.
    public var readableTypeName: String
    /// `String(describing: error)` in the worker.
    public var description: String
    /// The encoded error value, when its type is `Encodable`.
    public var payload: [UInt8]?
    /// The worker's process id.
    public var pid: Int32

    /// Captures `error` for the trip to the parent.
    public init(_ error: any Error, kind: Kind, pid: Int32) {
        self.kind = kind
        self.pid = pid
        self.readableTypeName = String(reflecting: type(of: error))
        self.description = String(describing: error)
        self.typeName = _mangledTypeName(type(of: error))
        if let encodable = error as? any (Error & Encodable) {
            payload = try? BinaryEncoder().encode(encodable)
        }
    }

    /// The original error, rebuilt from its type and value, when both came across.
    public func reconstructed() -> (any Error)? {
        guard let typeName, let payload,
              let type = _typeByName(typeName) as? any (Error & Decodable).Type
        else { return nil }
        return try? BinaryDecoder().decode(type, from: payload)
    }
}
