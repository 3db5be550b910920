/// Encodes `Encodable` values into SwarmCore's compact binary wire format.
///
/// Integers and floats are fixed-width little-endian, strings are a length
/// and UTF-8 bytes, collections are a count and their elements, a struct is its
/// byte length, a count and its fields as (key, value) pairs in the order
/// `encode(to:)` writes them, and `Optional` values carry a one-byte tag. Arrays of fixed-width
/// numbers take a raw-bytes path: one copy, no per-element calls. Nothing
/// describes the types, so both ends must agree on them: a pool and its
/// workers are the same binary.
///
/// ```swift
/// let bytes = try BinaryEncoder().encode([1.0, 2.0, 3.0])
/// let back = try BinaryDecoder().decode([Double].self, from: bytes)
/// ```
///
/// Custom `Codable` implementations must decode keyed entries in the order
/// they encode them (synthesized conformances do).
public struct BinaryEncoder: Sendable {
    /// Creates an encoder.
    public init() {}

    /// Encodes `value` and returns its bytes.
    ///
    /// - Throws: `WireError` with code `.unencodable` if a collection is too large
    ///   for the format, or any error the value's own `encode(to:)` throws.
    public func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let core = _BinaryEncoderCore()
        try core.encodeValue(value)
        return core.bytes
    }

    /// Encodes `value`, appending its bytes to `buffer`.
    ///
    /// - Throws: as ``encode(_:)``.
    public func encode<T: Encodable>(_ value: T, appendingTo buffer: inout [UInt8]) throws {
        let core = _BinaryEncoderCore()
        swap(&core.bytes, &buffer)
        defer { swap(&core.bytes, &buffer) }
        try core.encodeValue(value)
    }
}

/// The encoder's state, shared by all containers of one `encode` call.
final class _BinaryEncoderCore: Encoder {
    var bytes: [UInt8] = []
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init() { bytes.reserveCapacity(64) }

    @inline(__always)
    func appendFixed<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    func appendString(_ value: String) {
        var s = value
        s.withUTF8 { utf8 in
            appendVarint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    func appendVarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    /// Writes a zero element count to be back-patched, and returns its offset.
    func reserveCount() -> Int {
        let offset = bytes.count
        bytes.append(contentsOf: [0, 0, 0, 0])
        return offset
    }

    func patchCount(at offset: Int, _ count: Int) throws {
        guard let c = UInt32(exactly: count) else {
            throw WireError(.unencodable, "collection of \(count) elements exceeds the wire format's 2^32 limit")
        }
        withUnsafeBytes(of: c.littleEndian) { raw in
            for i in 0..<4 { bytes[offset + i] = raw[i] }
        }
    }

    func encodeValue<T: Encodable>(_ value: T) throws {
        // The commonest types by identity first (a pointer comparison), then by
        // kind. Optional must be recognised before any cast to a wrapped type:
        // a dynamic cast of `Int?` to `Int` would unwrap it.
        if T.self == Int.self { return appendFixed(Int64(value as! Int)) }
        if T.self == Double.self { return appendFixed((value as! Double).bitPattern) }
        switch _WireKind.of(T.self) {
        case .optional:
            if (value as! any _WireOptional)._wireIsNil {
                bytes.append(0)
            } else {
                bytes.append(1)
                try value.encode(to: self)  // Optional's encode: a single value, the wrapped one
            }
        case .scalar:
            (value as! any _WireScalar)._wireWrite(to: self)
        case .dictionary:
            // Dictionary's own Codable uses keyed containers with dynamic keys,
            // which a positional format cannot replay; write key/value pairs instead.
            try (value as! any _WireDictionary)._wireEncode(to: self)
        case .trivialArray:
            let array = value as! any _WireTrivialArray
            let offset = reserveCount()
            try patchCount(at: offset, array._wireCount)
            array._wireAppendRaw(to: &bytes)
        case .rawBlock:
            try (value as! any WireRawBlockCodable)._encodeRawBlock(to: self)
        case .other:
            // Any other value is prefixed with its length, so that a decoder
            // whose `init(from:)` reads less than `encode(to:)` wrote (an empty
            // struct's synthesized pair does this) or skips fields stays in step.
            let offset = reserveCount()
            let start = bytes.count
            try value.encode(to: self)
            try patchCount(at: offset, bytes.count - start)
        }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(_KeyedEncoder<Key>(core: self))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        _UnkeyedEncoder(core: self)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        _SingleValueEncoder(core: self)
    }
}

/// Primitive writes shared by the three container kinds.
protocol _PrimitiveEncoding {
    var core: _BinaryEncoderCore { get }
}

extension _PrimitiveEncoding {
    func put(_ v: Bool) { core.bytes.append(v ? 1 : 0) }
    func put(_ v: String) { core.appendString(v) }
    func put(_ v: Double) { core.appendFixed(v.bitPattern) }
    func put(_ v: Float) { core.appendFixed(v.bitPattern) }
    func put<T: FixedWidthInteger>(_ v: T) { core.appendFixed(v) }
}

/// A keyed container writes its entry count up front (back-patched), then
/// each entry as its key's string and its value. Keys make the format robust
/// where `Codable` needs them: `decodeIfPresent` of an absent key, `contains`,
/// and `allKeys` of an enum with associated values. Entries are still read in
/// the order they were written.
final class _KeyedEncoder<Key: CodingKey>: KeyedEncodingContainerProtocol, _PrimitiveEncoding {
    let core: _BinaryEncoderCore
    let countOffset: Int
    private var count = 0
    var codingPath: [any CodingKey] { [] }

    init(core: _BinaryEncoderCore) {
        self.core = core
        self.countOffset = core.reserveCount()
    }

    /// Starts an entry: bumps the count and writes the key.
    private func entry(_ key: Key) throws {
        count += 1
        try core.patchCount(at: countOffset, count)
        core.appendString(key.stringValue)
    }

    func encodeNil(forKey key: Key) throws { try entry(key); core.bytes.append(0) }
    func encode(_ value: Bool, forKey key: Key) throws { try entry(key); put(value) }
    func encode(_ value: String, forKey key: Key) throws { try entry(key); put(value) }
    func encode(_ value: Double, forKey key: Key) throws { try entry(key); put(value) }
    func encode(_ value: Float, forKey key: Key) throws { try entry(key); put(value) }
    func encode(_ value: Int, forKey key: Key) throws { try entry(key); put(Int64(value)) }
    func encode(_ value: Int8, forKey key: Key) throws { try entry(key); put(value) }
    func encode(_ value: Int16, forKey key: Key) throws { try entry(key); put(value) }
    func encode(_ value: Int32, forKey key: Key) throws { try entry(key); put(value) }
    func encode(_ value: Int64, forKey key: Key) throws { try entry(key); put(value) }
    func encode(_ value: UInt, forKey key: Key) throws { try entry(key); put(UInt64(value)) }
    func encode(_ value: UInt8, forKey key: Key) throws { try entry(key); put(value) }
    func encode(_ value: UInt16, forKey key: Key) throws { try entry(key); put(value) }
    func encode(_ value: UInt32, forKey key: Key) throws { try entry(key); put(value) }
    func encode(_ value: UInt64, forKey key: Key) throws { try entry(key); put(value) }
    func encode(_ value: Int128, forKey key: Key) throws { try entry(key); put(value) }
    func encode(_ value: UInt128, forKey key: Key) throws { try entry(key); put(value) }
    func encode<T: Encodable>(_ value: T, forKey key: Key) throws { try entry(key); try core.encodeValue(value) }

    // `encodeIfPresent` of nil writes nothing, as in JSON: the key is absent.
    // A present value gets the optional tag (1) before it, as `encode` of an
    // `Optional` and `encodeNil` (0) do: the decoder then never has to guess
    // whether a zero byte is a nil or the start of a value.
    func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try present(value, key) }
    func encodeIfPresent(_ value: String?, forKey key: Key) throws { try present(value, key) }
    func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try present(value, key) }
    func encodeIfPresent(_ value: Float?, forKey key: Key) throws { try present(value, key) }
    func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try present(value, key) }
    func encodeIfPresent(_ value: Int8?, forKey key: Key) throws { try present(value, key) }
    func encodeIfPresent(_ value: Int16?, forKey key: Key) throws { try present(value, key) }
    func encodeIfPresent(_ value: Int32?, forKey key: Key) throws { try present(value, key) }
    func encodeIfPresent(_ value: Int64?, forKey key: Key) throws { try present(value, key) }
    func encodeIfPresent(_ value: UInt?, forKey key: Key) throws { try present(value, key) }
    func encodeIfPresent(_ value: UInt8?, forKey key: Key) throws { try present(value, key) }
    func encodeIfPresent(_ value: UInt16?, forKey key: Key) throws { try present(value, key) }
    func encodeIfPresent(_ value: UInt32?, forKey key: Key) throws { try present(value, key) }
    func encodeIfPresent(_ value: UInt64?, forKey key: Key) throws { try present(value, key) }
    func encodeIfPresent(_ value: Int128?, forKey key: Key) throws { try present(value, key) }
    func encodeIfPresent(_ value: UInt128?, forKey key: Key) throws { try present(value, key) }
    func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws { try present(value, key) }

    private func present<T: Encodable>(_ value: T?, _ key: Key) throws {
        guard let value else { return }
        try entry(key)
        core.bytes.append(1)
        try core.encodeValue(value)
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        try? entry(key)
        return KeyedEncodingContainer(_KeyedEncoder<NestedKey>(core: core))
    }
    func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        try? entry(key)
        return _UnkeyedEncoder(core: core)
    }
    func superEncoder() -> any Encoder { try? entry(Key(stringValue: "super")!); return core }
    func superEncoder(forKey key: Key) -> any Encoder { try? entry(key); return core }
}

/// An unkeyed container writes its element count up front and back-patches it
/// as elements arrive, since `Encodable` does not announce counts.
final class _UnkeyedEncoder: UnkeyedEncodingContainer, _PrimitiveEncoding {
    let core: _BinaryEncoderCore
    let countOffset: Int
    private(set) var count = 0
    var codingPath: [any CodingKey] { [] }

    init(core: _BinaryEncoderCore) {
        self.core = core
        self.countOffset = core.reserveCount()
    }

    private func added() throws {
        count += 1
        try core.patchCount(at: countOffset, count)
    }

    func encodeNil() throws { core.bytes.append(0); try added() }
    func encode(_ value: Bool) throws { put(value); try added() }
    func encode(_ value: String) throws { put(value); try added() }
    func encode(_ value: Double) throws { put(value); try added() }
    func encode(_ value: Float) throws { put(value); try added() }
    func encode(_ value: Int) throws { put(Int64(value)); try added() }
    func encode(_ value: Int8) throws { put(value); try added() }
    func encode(_ value: Int16) throws { put(value); try added() }
    func encode(_ value: Int32) throws { put(value); try added() }
    func encode(_ value: Int64) throws { put(value); try added() }
    func encode(_ value: UInt) throws { put(UInt64(value)); try added() }
    func encode(_ value: UInt8) throws { put(value); try added() }
    func encode(_ value: UInt16) throws { put(value); try added() }
    func encode(_ value: UInt32) throws { put(value); try added() }
    func encode(_ value: UInt64) throws { put(value); try added() }
    func encode(_ value: Int128) throws { put(value); try added() }
    func encode(_ value: UInt128) throws { put(value); try added() }
    func encode<T: Encodable>(_ value: T) throws { try core.encodeValue(value); try added() }

    func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        try? added()
        return KeyedEncodingContainer(_KeyedEncoder<NestedKey>(core: core))
    }
    func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        try? added()
        return _UnkeyedEncoder(core: core)
    }
    func superEncoder() -> any Encoder { try? added(); return core }
}

struct _SingleValueEncoder: SingleValueEncodingContainer, _PrimitiveEncoding {
    let core: _BinaryEncoderCore
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil() throws { core.bytes.append(0) }
    mutating func encode(_ value: Bool) throws { put(value) }
    mutating func encode(_ value: String) throws { put(value) }
    mutating func encode(_ value: Double) throws { put(value) }
    mutating func encode(_ value: Float) throws { put(value) }
    mutating func encode(_ value: Int) throws { put(Int64(value)) }
    mutating func encode(_ value: Int8) throws { put(value) }
    mutating func encode(_ value: Int16) throws { put(value) }
    mutating func encode(_ value: Int32) throws { put(value) }
    mutating func encode(_ value: Int64) throws { put(value) }
    mutating func encode(_ value: UInt) throws { put(UInt64(value)) }
    mutating func encode(_ value: UInt8) throws { put(value) }
    mutating func encode(_ value: UInt16) throws { put(value) }
    mutating func encode(_ value: UInt32) throws { put(value) }
    mutating func encode(_ value: UInt64) throws { put(value) }
    mutating func encode(_ value: Int128) throws { put(value) }
    mutating func encode(_ value: UInt128) throws { put(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try core.encodeValue(value) }
}
