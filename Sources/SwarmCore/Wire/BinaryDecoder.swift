/// Decodes values that ``BinaryEncoder`` wrote.
///
/// Every read is bounds-checked: truncated or hostile input throws a
/// ``WireError`` and never traps, and no count read from the data can make
/// the decoder allocate more than the input could hold.
///
/// ```swift
/// let point = try BinaryDecoder().decode(Point.self, from: bytes)
/// ```
public struct BinaryDecoder: Sendable {
    /// Creates a decoder.
    public init() {}

    /// Decodes a value of `type` from `bytes`, which must hold exactly one value.
    ///
    /// - Throws: ``WireError`` (`.truncated`, `.malformed`) when the bytes do not
    ///   hold a valid encoding of `type`, or any error the type's `init(from:)` throws.
    public func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        let core = _BinaryDecoderCore(bytes)
        let value = try core.decodeValue(type)
        guard core.position == bytes.count else {
            throw WireError(.malformed, "\(bytes.count - core.position) bytes left over after decoding \(T.self)")
        }
        return value
    }

    /// Decodes a value of `type` that fills `bytes` from `start` to the end, so that
    /// a message's payload can be read where it lies, without copying it out.
    ///
    /// - Throws: as ``decode(_:from:)``.
    public func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8], startingAt start: Int) throws -> T {
        guard start >= 0, start <= bytes.count else {
            throw WireError(.truncated, "offset \(start) is outside \(bytes.count) bytes")
        }
        let core = _BinaryDecoderCore(bytes, position: start)
        let value = try core.decodeValue(type)
        guard core.position == bytes.count else {
            throw WireError(.malformed, "\(bytes.count - core.position) bytes left over after decoding \(T.self)")
        }
        return value
    }

    /// Decodes a value of `type` that starts at `offset` in `bytes`, and moves
    /// `offset` past it. Use it to read several values laid end to end.
    ///
    /// - Throws: as ``decode(_:from:)``.
    public func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8], offset: inout Int) throws -> T {
        let core = _BinaryDecoderCore(bytes, position: offset)
        let value = try core.decodeValue(type)
        offset = core.position
        return value
    }
}

/// The decoder's state, shared by all containers of one `decode` call.
final class _BinaryDecoderCore: Decoder {
    let bytes: [UInt8]
    var position: Int
    /// Set after an Optional's tag said "present", so that Optional's own
    /// `init(from:)`, which asks `decodeNil()`, is told "not nil" without a read.
    var pendingSome = false
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(_ bytes: [UInt8], position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    var remaining: Int { bytes.count - position }

    /// Reserves the next `count` bytes and returns where they start.
    @inline(__always)
    func take(_ count: Int) throws -> Int {
        guard count >= 0, count <= remaining else {
            throw WireError(.truncated, "needed \(count) bytes at offset \(position), \(remaining) left")
        }
        let start = position
        position += count
        return start
    }

    @inline(__always)
    func readFixed<T: FixedWidthInteger>(_: T.Type) throws -> T {
        let start = try take(MemoryLayout<T>.size)
        return bytes.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: start, as: T.self)) }
    }

    func readByte() throws -> UInt8 {
        let start = try take(1)
        return bytes[start]
    }

    func readBool() throws -> Bool {
        switch try readByte() {
        case 0: return false
        case 1: return true
        case let b: throw WireError(.malformed, "byte \(b) at offset \(position - 1) is not a Bool")
        }
    }

    func readVarint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try readByte()
            guard shift < 64 else { throw WireError(.malformed, "varint longer than 10 bytes at offset \(position)") }
            result |= UInt64(b & 0x7f) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
        }
    }

    func readString() throws -> String {
        let length = try readVarint()
        guard length <= UInt64(remaining) else {
            throw WireError(.truncated, "string of \(length) bytes at offset \(position), \(remaining) left")
        }
        let start = try take(Int(length))
        return bytes.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[start..<start + Int(length)]), as: UTF8.self)
        }
    }

    /// Reads a collection's element count and checks it against the bytes left:
    /// every element takes at least one byte, except empty values, which we
    /// allow up to a fixed bound so that hostile counts cannot loop for long.
    func readCount() throws -> Int {
        let count = Int(try readFixed(UInt32.self))
        guard count <= max(remaining, 1 << 16) else {
            throw WireError(.malformed, "count \(count) at offset \(position - 4) exceeds the \(remaining) bytes left")
        }
        return count
    }

    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        if T.self == Int.self { return Int(try readFixed(Int64.self)) as! T }
        if T.self == Double.self { return Double(bitPattern: try readFixed(UInt64.self)) as! T }
        switch _WireKind.of(T.self) {
        case .optional:
            // The tag says whether a value follows.
            if try readBool() == false { return (T.self as! any _WireOptional.Type)._wireNil as! T }
            pendingSome = true
            return try T(from: self)
        case .scalar:
            return try (T.self as! any _WireScalar.Type)._wireRead(from: self) as! T
        case .dictionary:
            return try (T.self as! any _WireDictionary.Type)._wireDecode(from: self) as! T
        case .trivialArray:
            let count = try readCount()
            return try (T.self as! any _WireTrivialArray.Type)._wireDecodeRaw(count: count, from: self) as! T
        case .rawBlock:
            return try (T.self as! any WireRawBlockCodable.Type)._decodeRawBlock(from: self) as! T
        case .other:
            break
        }
        // Any other value starts with its byte length: decode it, then continue
        // after it even if `init(from:)` read less.
        let length = Int(try readFixed(UInt32.self))
        guard length <= remaining else {
            throw WireError(.truncated, "\(T.self) of \(length) bytes at offset \(position), \(remaining) left")
        }
        let end = position + length
        let value = try T(from: self)
        guard position <= end else {
            throw WireError(.malformed, "\(T.self) read \(position - end) bytes past its end")
        }
        position = end
        return value
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(try _KeyedDecoder<Key>(core: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try _UnkeyedDecoder(core: self)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        _SingleValueDecoder(core: self)
    }
}

/// Primitive reads shared by the three container kinds.
protocol _PrimitiveDecoding {
    var core: _BinaryDecoderCore { get }
}

extension _PrimitiveDecoding {
    func get(_: Bool.Type) throws -> Bool { try core.readBool() }
    func get(_: String.Type) throws -> String { try core.readString() }
    func get(_: Double.Type) throws -> Double { Double(bitPattern: try core.readFixed(UInt64.self)) }
    func get(_: Float.Type) throws -> Float { Float(bitPattern: try core.readFixed(UInt32.self)) }
    func getInt() throws -> Int { Int(try core.readFixed(Int64.self)) }
    func getUInt() throws -> UInt { UInt(try core.readFixed(UInt64.self)) }
    func get<T: FixedWidthInteger>(_: T.Type) throws -> T { try core.readFixed(T.self) }

    /// Consumes a nil tag if one is next; Optional's decoding asks this.
    func nilTag() throws -> Bool {
        if core.pendingSome {
            core.pendingSome = false
            return false
        }
        guard core.position < core.bytes.count else { throw WireError(.truncated, "expected a nil tag at end of data") }
        if core.bytes[core.position] == 0 {
            core.position += 1
            return true
        }
        return false
    }
}

/// Reads a keyed container that `_KeyedEncoder` wrote: an entry count, then
/// key and value pairs, in order. A key that is not next is absent (for
/// `decodeIfPresent`, `contains`, `decodeNil`) or an error (for `decode`).
///
/// The next key is read lazily, when first asked about: a nested container's
/// entries lie before it, and synthesized code reads a nested container
/// completely before it asks its parent again.
final class _KeyedDecoder<Key: CodingKey>: KeyedDecodingContainerProtocol, _PrimitiveDecoding {
    let core: _BinaryDecoderCore
    private var remaining: Int
    /// nil: not read yet; .some(nil): no entries left.
    private var peeked: String??
    var codingPath: [any CodingKey] { [] }

    init(core: _BinaryDecoderCore) throws {
        self.core = core
        self.remaining = try core.readCount()
    }

    private func peek() throws -> String? {
        if let peeked { return peeked }
        let key = remaining > 0 ? try core.readString() : nil
        peeked = .some(key)
        return key
    }

    /// The keys this container still holds that the caller can see: only the
    /// next one, which is all that synthesized enum decoding asks for.
    var allKeys: [Key] { ((try? peek()) ?? nil).flatMap { Key(stringValue: $0) }.map { [$0] } ?? [] }

    func contains(_ key: Key) -> Bool { ((try? peek()) ?? nil) == key.stringValue }

    /// Checks that `key` is next and moves past it, to its value.
    private func enter(_ key: Key) throws {
        let next = try peek()
        guard next == key.stringValue else {
            throw DecodingError.keyNotFound(key, .init(codingPath: [], debugDescription:
                "expected key '\(key.stringValue)', found \(next.map { "'\($0)'" } ?? "the container's end")"))
        }
        remaining -= 1
        peeked = nil
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        guard contains(key) else { return true }  // absent counts as nil
        guard core.position < core.bytes.count, core.bytes[core.position] == 0 else { return false }
        try enter(key)
        core.position += 1
        return true
    }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try enter(key); return try get(type) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try enter(key); return try get(type) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try enter(key); return try get(type) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try enter(key); return try get(type) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try enter(key); return try getInt() }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try enter(key); return try get(type) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try enter(key); return try get(type) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try enter(key); return try get(type) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try enter(key); return try get(type) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try enter(key); return try getUInt() }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try enter(key); return try get(type) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try enter(key); return try get(type) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try enter(key); return try get(type) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try enter(key); return try get(type) }
    func decode(_ type: Int128.Type, forKey key: Key) throws -> Int128 { try enter(key); return try get(type) }
    func decode(_ type: UInt128.Type, forKey key: Key) throws -> UInt128 { try enter(key); return try get(type) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try enter(key); return try core.decodeValue(type) }

    // `decodeIfPresent`: an absent key is nil; a present one starts with the
    // optional tag that `encodeIfPresent`, `encodeNil` and `encode` of an
    // `Optional` write.
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try present(type, key) }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try present(type, key) }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try present(type, key) }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { try present(type, key) }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try present(type, key) }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { try present(type, key) }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { try present(type, key) }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try present(type, key) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try present(type, key) }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try present(type, key) }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try present(type, key) }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { try present(type, key) }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { try present(type, key) }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try present(type, key) }
    func decodeIfPresent(_ type: Int128.Type, forKey key: Key) throws -> Int128? { try present(type, key) }
    func decodeIfPresent(_ type: UInt128.Type, forKey key: Key) throws -> UInt128? { try present(type, key) }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? { try present(type, key) }

    private func present<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T? {
        guard contains(key) else { return nil }
        try enter(key)
        guard core.position < core.bytes.count else {
            throw WireError(.truncated, "optional '\(key.stringValue)' at offset \(core.position) has no tag")
        }
        let tag = core.bytes[core.position]
        core.position += 1
        switch tag {
        case 0: return nil
        case 1: return try core.decodeValue(type)
        default: throw WireError(.malformed, "optional '\(key.stringValue)' has tag \(tag) at offset \(core.position - 1)")
        }
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try enter(key)
        return KeyedDecodingContainer(try _KeyedDecoder<NestedKey>(core: core))
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try enter(key)
        return try _UnkeyedDecoder(core: core)
    }
    func superDecoder() throws -> any Decoder { try enter(Key(stringValue: "super")!); return core }
    func superDecoder(forKey key: Key) throws -> any Decoder { try enter(key); return core }
}

final class _UnkeyedDecoder: UnkeyedDecodingContainer, _PrimitiveDecoding {
    let core: _BinaryDecoderCore
    let count: Int?
    private(set) var currentIndex = 0
    var codingPath: [any CodingKey] { [] }
    var isAtEnd: Bool { currentIndex >= count! }

    init(core: _BinaryDecoderCore) throws {
        self.core = core
        self.count = try core.readCount()
    }

    private func next() throws {
        guard currentIndex < count! else {
            throw WireError(.malformed, "read past the \(count!) elements of a collection")
        }
        currentIndex += 1
    }

    func decodeNil() throws -> Bool {
        try next()
        if try nilTag() { return true }
        currentIndex -= 1  // not nil: the element is still to be read
        return false
    }
    func decode(_ type: Bool.Type) throws -> Bool { try next(); return try get(type) }
    func decode(_ type: String.Type) throws -> String { try next(); return try get(type) }
    func decode(_ type: Double.Type) throws -> Double { try next(); return try get(type) }
    func decode(_ type: Float.Type) throws -> Float { try next(); return try get(type) }
    func decode(_ type: Int.Type) throws -> Int { try next(); return try getInt() }
    func decode(_ type: Int8.Type) throws -> Int8 { try next(); return try get(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try next(); return try get(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try next(); return try get(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try next(); return try get(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try next(); return try getUInt() }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try next(); return try get(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try next(); return try get(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try next(); return try get(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try next(); return try get(type) }
    func decode(_ type: Int128.Type) throws -> Int128 { try next(); return try get(type) }
    func decode(_ type: UInt128.Type) throws -> UInt128 { try next(); return try get(type) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try next(); return try core.decodeValue(type) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next()
        return KeyedDecodingContainer(try _KeyedDecoder<NestedKey>(core: core))
    }
    func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try next()
        return try _UnkeyedDecoder(core: core)
    }
    func superDecoder() throws -> any Decoder { try next(); return core }
}

struct _SingleValueDecoder: SingleValueDecodingContainer, _PrimitiveDecoding {
    let core: _BinaryDecoderCore
    var codingPath: [any CodingKey] { [] }

    func decodeNil() -> Bool { (try? nilTag()) ?? false }
    func decode(_ type: Bool.Type) throws -> Bool { try get(type) }
    func decode(_ type: String.Type) throws -> String { try get(type) }
    func decode(_ type: Double.Type) throws -> Double { try get(type) }
    func decode(_ type: Float.Type) throws -> Float { try get(type) }
    func decode(_ type: Int.Type) throws -> Int { try getInt() }
    func decode(_ type: Int8.Type) throws -> Int8 { try get(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try get(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try get(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try get(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try getUInt() }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try get(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try get(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try get(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try get(type) }
    func decode(_ type: Int128.Type) throws -> Int128 { try get(type) }
    func decode(_ type: UInt128.Type) throws -> UInt128 { try get(type) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try core.decodeValue(type) }
}
