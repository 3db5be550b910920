import SwarmCore

// The engine side of push, pull and remove: calls that every engine knows,
// found by mangled name like user functions.

/// Stores named values: payload is a count (`UInt32`), then for each a name
/// and a `UInt64` length followed by that many bytes of wire form.
struct PushCall: RemoteCallable {
    /// The payload for one value, encoded straight into it (no intermediate copy).
    static func payload<T: Encodable>(name: String, value: T) throws -> [UInt8] {
        var bytes: [UInt8] = []
        withUnsafeBytes(of: UInt32(1).littleEndian) { bytes.append(contentsOf: $0) }
        try BinaryEncoder().encode(name, appendingTo: &bytes)
        let lengthAt = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: 8))
        try BinaryEncoder().encode(value, appendingTo: &bytes)
        let length = UInt64(bytes.count - lengthAt - 8)
        withUnsafeBytes(of: length.littleEndian) { raw in
            for i in 0..<8 { bytes[lengthAt + i] = raw[i] }
        }
        return bytes
    }

    static func payload(_ items: [(String, [UInt8])]) throws -> [UInt8] {
        var bytes: [UInt8] = []
        withUnsafeBytes(of: UInt32(items.count).littleEndian) { bytes.append(contentsOf: $0) }
        for (name, value) in items {
            try BinaryEncoder().encode(name, appendingTo: &bytes)
            withUnsafeBytes(of: UInt64(value.count).littleEndian) { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: value)
        }
        return bytes
    }

    static func _handleRemoteCall(_ message: [UInt8], payloadAt offset: Int, reply: inout [UInt8]) throws {
        var at = offset
        func fixed<T: FixedWidthInteger>(_: T.Type) throws -> T {
            do { return try readFixed(T.self, message, &at) } catch { throw RemoteCallFailure(.decoding, error) }
        }
        let count = try fixed(UInt32.self)
        var items: [(String, Range<Int>)] = []
        for _ in 0..<count {
            let name: String
            do { name = try BinaryDecoder().decode(String.self, from: message, offset: &at) } catch {
                throw RemoteCallFailure(.decoding, error)
            }
            let length = try fixed(UInt64.self)
            guard length <= UInt64(message.count - at) else {
                throw RemoteCallFailure(.decoding, WireError(.truncated, "push value '\(name)' of \(length) bytes, \(message.count - at) left"))
            }
            items.append((name, at..<(at + Int(length))))
            at += Int(length)
        }
        // One value fills most of a large push: keep the message and a range
        // into it rather than copying the value out.
        EngineNamespace.current.withLock { ns in
            for (name, range) in items {
                ns.entries[name] = items.count == 1 ? .slice(message, range) : .encoded(Array(message[range]))
            }
        }
        try BinaryEncoder().encode(true, appendingTo: &reply)
    }
}

/// Returns a named value's wire form (payload: the name).
struct PullCall: RemoteCallable {
    static func _handleRemoteCall(_ message: [UInt8], payloadAt offset: Int, reply: inout [UInt8]) throws {
        let name: String
        do { name = try BinaryDecoder().decode(String.self, from: message, startingAt: offset) } catch {
            throw RemoteCallFailure(.decoding, error)
        }
        try EngineNamespace.current.withLock { try $0.appendEncoded(name, to: &reply) }
    }

    /// The pulled name's wire form where it lies, if the engine holds it
    /// undecoded (see ``EngineNamespace/wireForm(_:)``).
    static func wireForm(_ message: [UInt8], payloadAt offset: Int) throws -> (bytes: [UInt8], range: Range<Int>)? {
        let name: String
        do { name = try BinaryDecoder().decode(String.self, from: message, startingAt: offset) } catch {
            throw RemoteCallFailure(.decoding, error)
        }
        return EngineNamespace.current.withLock { $0.wireForm(name) }
    }
}

/// Removes names (payload: `[String]`); answers how many were defined.
struct RemoveCall: RemoteCallable {
    static func _handleRemoteCall(_ message: [UInt8], payloadAt offset: Int, reply: inout [UInt8]) throws {
        let names: [String]
        do { names = try BinaryDecoder().decode([String].self, from: message, startingAt: offset) } catch {
            throw RemoteCallFailure(.decoding, error)
        }
        let removed = EngineNamespace.current.withLock { ns in names.filter { ns.remove($0) }.count }
        try BinaryEncoder().encode(removed, appendingTo: &reply)
    }
}
