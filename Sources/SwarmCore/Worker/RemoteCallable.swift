import Synchronization

/// A type whose values can be sent to a worker process and run there.
///
/// The parent sends the type's mangled name (``RemoteCallable/remoteTypeName``)
/// and a payload; the worker, being the same binary, finds the type with the
/// Swift runtime (`_typeByName`, as distributed actors do) and calls
/// ``RemoteCallable/_handleRemoteCall(_:)`` with the payload. No table of
/// string names is kept by anyone.
///
/// Higher layers conform their own protocols: SwarmPool's `PoolFunction`
/// implements the requirement once for every conforming type. The type must be
/// declared at file scope (a type local to a function has no mangled name the
/// runtime can look up).
public protocol RemoteCallable {
    /// Runs one call in the worker: decodes the payload that fills `message`
    /// from `offset` to its end, does the work, and appends the encoded result
    /// to `reply`. Errors thrown here travel back to the parent.
    ///
    /// The payload is read in place and the result written in place, so a
    /// large chunk crosses the worker without extra copies.
    static func _handleRemoteCall(_ message: [UInt8], payloadAt offset: Int, reply: inout [UInt8]) throws
}

extension RemoteCallable {
    /// The name a worker resolves back to this type.
    ///
    /// - Throws: ``WireError`` `.unencodable` if the runtime cannot name the type.
    public static func remoteTypeName() throws(WireError) -> String {
        if let name = RemoteTypeNames.cache.withLock({ $0[ObjectIdentifier(Self.self)] }) { return name }
        guard let name = _mangledTypeName(Self.self) else {
            throw WireError(.unencodable, "the Swift runtime has no mangled name for \(Self.self)")
        }
        RemoteTypeNames.cache.withLock { $0[ObjectIdentifier(Self.self)] = name }
        return name
    }
}

/// Mangled names already computed (computing one costs about a microsecond).
enum RemoteTypeNames {
    static let cache = Mutex<[ObjectIdentifier: String]>([:])
}

/// Looks up ``RemoteCallable`` types by mangled name, remembering the answers
/// (a lookup walks the runtime's metadata and costs microseconds).
///
/// Used by the loops that run calls in another process: SwarmCore's worker
/// loop and SwarmCluster's engines.
public enum RemoteTypeCache {
    /// A metatype is immutable, so sharing one between threads is safe; the
    /// compiler cannot see that for an existential metatype.
    private struct Entry: @unchecked Sendable { let type: any RemoteCallable.Type }
    private static let cache = Mutex<[String: Entry]>([:])

    /// The type named `name` in this binary.
    ///
    /// - Throws: ``WireError`` `.unknownType` if there is no such type or it is
    ///   not ``RemoteCallable``.
    public static func lookUp(_ name: String) throws(WireError) -> any RemoteCallable.Type {
        if let hit = cache.withLock({ $0[name] }) { return hit.type }
        guard let type = _typeByName(name) else {
            throw WireError(.unknownType, "no type named \(name) in this binary")
        }
        guard let callable = type as? any RemoteCallable.Type else {
            throw WireError(.unknownType, "\(type) is not RemoteCallable")
        }
        cache.withLock { $0[name] = Entry(type: callable) }
        return callable
    }
}
