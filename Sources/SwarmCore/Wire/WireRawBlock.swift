/// A value that crosses SwarmCore's wire format as a small header and one
/// block of raw bytes, copied once, never encoded element by element (an
/// `NDArray` is its dtype and shape, then its elements' memory).
///
/// ```swift
/// struct Samples: WireRawBlockCodable {
///     var values: [Float]
///     func withWireBlock<R>(_ body: (Int, UnsafeRawBufferPointer) throws -> R) rethrows -> R {
///         try values.withUnsafeBytes { try body(values.count, $0) }
///     }
///     init(wireHeader count: Int, bytes: UnsafeRawBufferPointer) throws {
///         guard bytes.count == count * 4 else { throw WireError(.malformed, "wrong size") }
///         values = Array(bytes.bindMemory(to: Float.self))
///     }
/// }
/// ```
///
/// The type must still be `Codable` for other encoders (JSON, property
/// lists); SwarmCore's `BinaryEncoder` and `BinaryDecoder` use this path.
public protocol WireRawBlockCodable: Codable {
    /// What the receiver needs besides the bytes (element type, shape, …).
    associatedtype WireHeader: Codable
    /// Calls `body` with the header and the raw bytes.
    func withWireBlock<R>(_ body: (WireHeader, UnsafeRawBufferPointer) throws -> R) rethrows -> R
    /// Recreates the value from its header and bytes. The bytes are valid
    /// only during the call; they come from outside, so check that they fit
    /// the header and throw (``WireError``) if not.
    init(wireHeader: WireHeader, bytes: UnsafeRawBufferPointer) throws
}

extension WireRawBlockCodable {
    /// Header, a 64-bit byte count, then the bytes.
    func _encodeRawBlock(to encoder: _BinaryEncoderCore) throws {
        try withWireBlock { header, raw in
            try encoder.encodeValue(header)
            encoder.appendFixed(UInt64(raw.count))
            encoder.bytes.append(contentsOf: raw)
        }
    }

    static func _decodeRawBlock(from decoder: _BinaryDecoderCore) throws -> Self {
        let header = try decoder.decodeValue(WireHeader.self)
        let count = try decoder.readFixed(UInt64.self)
        guard count <= UInt64(decoder.remaining) else {
            throw WireError(.truncated, "\(Self.self) block of \(count) bytes at offset \(decoder.position), \(decoder.remaining) left")
        }
        let start = try decoder.take(Int(count))
        return try decoder.bytes.withUnsafeBytes { raw in
            try Self(wireHeader: header, bytes: UnsafeRawBufferPointer(rebasing: raw[start..<(start + Int(count))]))
        }
    }
}
