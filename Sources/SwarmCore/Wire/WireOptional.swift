import Synchronization

/// Lets the encoder and decoder recognise `Optional` values without knowing
/// their wrapped type, so that `nil` gets a one-byte tag in every position.
protocol _WireOptional {
    var _wireIsNil: Bool { get }
    static var _wireNil: Self { get }
}

extension Optional: _WireOptional {
    var _wireIsNil: Bool { self == nil }
    static var _wireNil: Self { nil }
}

/// Element types whose in-memory layout on a little-endian machine is exactly
/// their wire layout, so arrays of them move as one `memcpy` (the raw-bytes path).
protocol _WireTrivial {}
extension Int: _WireTrivial {}
extension Int8: _WireTrivial {}
extension Int16: _WireTrivial {}
extension Int32: _WireTrivial {}
extension Int64: _WireTrivial {}
extension UInt: _WireTrivial {}
extension UInt8: _WireTrivial {}
extension UInt16: _WireTrivial {}
extension UInt32: _WireTrivial {}
extension UInt64: _WireTrivial {}
extension Float: _WireTrivial {}
extension Double: _WireTrivial {}

/// Arrays of trivial elements, seen through a protocol so the encoder can take
/// the raw-bytes path for `[Int]`, `[Double]` and friends in one cast.
protocol _WireTrivialArray {
    var _wireCount: Int { get }
    func _wireAppendRaw(to buffer: inout [UInt8])
    static func _wireDecodeRaw(count: Int, from decoder: _BinaryDecoderCore) throws -> Self
}

extension Array: _WireTrivialArray where Element: _WireTrivial {
    var _wireCount: Int { count }
    func _wireAppendRaw(to buffer: inout [UInt8]) {
        withUnsafeBytes { buffer.append(contentsOf: $0) }
    }

    static func _wireDecodeRaw(count: Int, from decoder: _BinaryDecoderCore) throws -> [Element] {
        let size = MemoryLayout<Element>.stride
        let (byteCount, overflow) = count.multipliedReportingOverflow(by: size)
        guard !overflow else { throw WireError(.malformed, "array count \(count) overflows") }
        let start = try decoder.take(byteCount)
        return [Element](unsafeUninitializedCapacity: count) { out, initialized in
            decoder.bytes.withUnsafeBytes { raw in
                UnsafeMutableRawBufferPointer(out).copyMemory(
                    from: UnsafeRawBufferPointer(rebasing: raw[start..<start + byteCount]))
            }
            initialized = count
        }
    }
}

/// Dictionaries, written as a count and alternating keys and values. Their own
/// `Codable` conformance uses a keyed container whose keys are the dictionary's
/// keys, which a positional format (no key names) cannot read back.
protocol _WireDictionary {
    func _wireEncode(to encoder: _BinaryEncoderCore) throws
    static func _wireDecode(from decoder: _BinaryDecoderCore) throws -> Self
}

extension Dictionary: _WireDictionary where Key: Codable, Value: Codable {
    func _wireEncode(to encoder: _BinaryEncoderCore) throws {
        let offset = encoder.reserveCount()
        try encoder.patchCount(at: offset, count)
        for (key, value) in self {
            try encoder.encodeValue(key)
            try encoder.encodeValue(value)
        }
    }

    static func _wireDecode(from decoder: _BinaryDecoderCore) throws -> [Key: Value] {
        let count = try decoder.readCount()
        var result: [Key: Value] = [:]
        result.reserveCapacity(Swift.min(count, decoder.remaining))
        for _ in 0..<count {
            let key = try decoder.decodeValue(Key.self)
            result[key] = try decoder.decodeValue(Value.self)
        }
        guard result.count == count else { throw WireError(.malformed, "duplicate keys in a dictionary") }
        return result
    }
}

/// Scalars: written as their fixed-width little-endian bytes (strings as a
/// length and UTF-8), never with a length prefix, in every position.
protocol _WireScalar {
    func _wireWrite(to encoder: _BinaryEncoderCore)
    static func _wireRead(from decoder: _BinaryDecoderCore) throws -> Self
}

extension _WireScalar where Self: FixedWidthInteger {
    func _wireWrite(to encoder: _BinaryEncoderCore) { encoder.appendFixed(self) }
    static func _wireRead(from decoder: _BinaryDecoderCore) throws -> Self { try decoder.readFixed(Self.self) }
}

extension Int8: _WireScalar {}
extension Int16: _WireScalar {}
extension Int32: _WireScalar {}
extension Int64: _WireScalar {}
extension Int128: _WireScalar {}
extension UInt8: _WireScalar {}
extension UInt16: _WireScalar {}
extension UInt32: _WireScalar {}
extension UInt64: _WireScalar {}
extension UInt128: _WireScalar {}

extension Int: _WireScalar {
    func _wireWrite(to encoder: _BinaryEncoderCore) { encoder.appendFixed(Int64(self)) }
    static func _wireRead(from decoder: _BinaryDecoderCore) throws -> Int { Int(try decoder.readFixed(Int64.self)) }
}

extension UInt: _WireScalar {
    func _wireWrite(to encoder: _BinaryEncoderCore) { encoder.appendFixed(UInt64(self)) }
    static func _wireRead(from decoder: _BinaryDecoderCore) throws -> UInt { UInt(try decoder.readFixed(UInt64.self)) }
}

extension Float: _WireScalar {
    func _wireWrite(to encoder: _BinaryEncoderCore) { encoder.appendFixed(bitPattern) }
    static func _wireRead(from decoder: _BinaryDecoderCore) throws -> Float { Float(bitPattern: try decoder.readFixed(UInt32.self)) }
}

extension Double: _WireScalar {
    func _wireWrite(to encoder: _BinaryEncoderCore) { encoder.appendFixed(bitPattern) }
    static func _wireRead(from decoder: _BinaryDecoderCore) throws -> Double { Double(bitPattern: try decoder.readFixed(UInt64.self)) }
}

extension Bool: _WireScalar {
    func _wireWrite(to encoder: _BinaryEncoderCore) { encoder.bytes.append(self ? 1 : 0) }
    static func _wireRead(from decoder: _BinaryDecoderCore) throws -> Bool { try decoder.readBool() }
}

extension String: _WireScalar {
    func _wireWrite(to encoder: _BinaryEncoderCore) { encoder.appendString(self) }
    static func _wireRead(from decoder: _BinaryDecoderCore) throws -> String { try decoder.readString() }
}

/// How the wire format treats a type, found once per type and remembered:
/// asking the runtime whether a type conforms to a protocol costs a hash
/// lookup per protocol, and most values are of a handful of types.
enum _WireKind {
    case optional, scalar, dictionary, trivialArray, rawBlock, other

    private static let cache = Mutex<[ObjectIdentifier: _WireKind]>([:])

    static func of(_ type: Any.Type) -> _WireKind {
        let id = ObjectIdentifier(type)
        if let kind = cache.withLock({ $0[id] }) { return kind }
        let kind: _WireKind
        if type is any _WireOptional.Type {
            kind = .optional
        } else if type is any _WireScalar.Type {
            kind = .scalar
        } else if type is any _WireDictionary.Type {
            kind = .dictionary
        } else if type is any _WireTrivialArray.Type {
            kind = .trivialArray
        } else if type is any WireRawBlockCodable.Type {
            kind = .rawBlock
        } else {
            kind = .other
        }
        cache.withLock { $0[id] = kind }
        return kind
    }
}
