import Synchronization
import SwarmCore

/// The named values an engine keeps between tasks (IPython's engine namespace):
/// what ``DirectView/push(_:)`` and ``DirectView/scatter(_:_:)`` store and what
/// an ``EngineFunction`` reads and changes.
///
/// Values arrive in wire form and are decoded the first time a function asks
/// for them as a type; later reads of the same type cost a dictionary lookup.
public struct EngineNamespace: Sendable {
    enum Entry: Sendable {
        case encoded([UInt8])
        /// Wire form lying in `bytes` at `range` (a pushed message, kept whole).
        case slice([UInt8], Range<Int>)
        case value(any Codable & Sendable)
    }
    var entries: [String: Entry] = [:]

    /// The names defined on this engine, sorted.
    public var names: [String] { entries.keys.sorted() }

    /// Whether `name` is defined.
    public func contains(_ name: String) -> Bool { entries[name] != nil }

    /// The value called `name`, as `type`.
    ///
    /// - Throws: ``ClusterError`` `.invalidArgument` if the name is not defined,
    ///   `.encoding` if its value is not a `type`.
    public mutating func value<T: Codable & Sendable>(_ name: String, as type: T.Type = T.self) throws -> T {
        switch entries[name] {
        case nil:
            throw ClusterError(.invalidArgument, "name '\(name)' is not defined on this engine (defined: \(names))")
        case .value(let v)?:
            if let typed = v as? T { return typed }
            throw ClusterError(.encoding, "'\(name)' holds a \(Swift.type(of: v)), not a \(T.self)")
        case .slice(let bytes, let range)?:
            do {
                var offset = range.lowerBound
                let typed = try BinaryDecoder().decode(T.self, from: bytes, offset: &offset)
                guard offset == range.upperBound else {
                    throw WireError(.malformed, "\(range.upperBound - offset) bytes left over")
                }
                entries[name] = .value(typed)
                return typed
            } catch {
                throw ClusterError(.encoding, "'\(name)' could not be decoded as \(T.self): \(error)")
            }
        case .encoded(let bytes)?:
            do {
                let typed = try BinaryDecoder().decode(T.self, from: bytes)
                entries[name] = .value(typed)
                return typed
            } catch {
                throw ClusterError(.encoding, "'\(name)' could not be decoded as \(T.self): \(error)")
            }
        }
    }

    /// Defines or replaces `name`.
    public mutating func set<T: Codable & Sendable>(_ name: String, _ value: T) {
        entries[name] = .value(value)
    }

    /// Removes `name`; returns whether it was defined.
    @discardableResult
    public mutating func remove(_ name: String) -> Bool { entries.removeValue(forKey: name) != nil }

    /// Appends the wire form of `name`'s value to `reply` (for a pull), with no copy in between.
    func appendEncoded(_ name: String, to reply: inout [UInt8]) throws {
        switch entries[name] {
        case nil:
            throw ClusterError(.invalidArgument, "name '\(name)' is not defined on this engine (defined: \(names))")
        case .encoded(let bytes)?: reply.append(contentsOf: bytes)
        case .slice(let bytes, let range)?: reply.append(contentsOf: bytes[range])
        case .value(let v)?: try BinaryEncoder().encode(v, appendingTo: &reply)
        }
    }

    /// Where `name`'s wire form lies when the engine still holds it as it
    /// arrived (pushed or scattered and not yet decoded): the bytes and
    /// the range, so that a pull can send them without a copy; nil for a
    /// decoded value or an undefined name.
    func wireForm(_ name: String) -> (bytes: [UInt8], range: Range<Int>)? {
        switch entries[name] {
        case .encoded(let bytes)?: return (bytes, bytes.indices)
        case .slice(let bytes, let range)?: return (bytes, range)
        case .value?, nil: return nil
        }
    }

    /// The engine process's namespace.
    static let current = Mutex(EngineNamespace())
}

/// A function value that runs on an engine against its namespace:
/// ``DirectView/execute(_:)`` (IPython's `execute`/`apply` with `Reference`s).
///
/// ```swift
/// struct Total: EngineFunction {
///     func callAsFunction(_ namespace: inout EngineNamespace) throws -> Double {
///         let xs = try namespace.value("xs", as: [Double].self)
///         namespace.set("total", xs.reduce(0, +))
///         return xs.reduce(0, +)
///     }
/// }
/// ```
///
/// Declare conforming types at file scope: engines find them by mangled name,
/// like SwarmPool's `PoolFunction`.
public protocol EngineFunction<Output>: Codable, Sendable, RemoteCallable {
    /// The result type.
    associatedtype Output: Codable & Sendable
    /// Runs on the engine with its namespace.
    func callAsFunction(_ namespace: inout EngineNamespace) throws -> Output
}

extension EngineFunction {
    /// Runs the function in an engine: decodes it, calls it with the engine's
    /// namespace, encodes the result.
    @inlinable
    public static func _handleRemoteCall(_ message: [UInt8], payloadAt offset: Int, reply: inout [UInt8]) throws {
        let function: Self
        do {
            function = try BinaryDecoder().decode(Self.self, from: message, startingAt: offset)
        } catch {
            throw RemoteCallFailure(.decoding, error)
        }
        let output = try EngineNamespace.withCurrent { try function(&$0) }
        do {
            try BinaryEncoder().encode(output, appendingTo: &reply)
        } catch {
            throw RemoteCallFailure(.encoding, error)
        }
    }
}

extension EngineNamespace {
    /// Runs `body` with the namespace of the engine process this code runs in
    /// (from a `PoolFunction` sent through a view, to read or leave state).
    /// In a process that is not an engine it is an empty namespace of its own.
    public static func withCurrent<R>(_ body: (inout EngineNamespace) throws -> R) rethrows -> R {
        try current.withLock { try body(&$0) }
    }
}
