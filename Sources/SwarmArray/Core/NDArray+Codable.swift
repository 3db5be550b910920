import SwarmCore

// Arrays as `Codable` values. In SwarmCore's wire format (the pool's and
// the cluster's), an array is its dtype and shape, then one block of raw
// element bytes; other encoders (JSON…) get the dtype, shape and element
// list.

/// What precedes an array's raw bytes in SwarmCore's wire format.
public struct NDArrayWireHeader: Codable, Sendable, Hashable {
    /// NumPy's name of the element type (`float64`).
    public var dtype: String
    /// The dimensions.
    public var shape: [Int]
}

extension NDArray: Codable where Element: Codable {
    enum CodingKeys: String, CodingKey { case dtype, shape, elements }

    /// Encodes the dtype, the shape and the elements in C order.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Element.dtype.name, forKey: .dtype)
        try c.encode(shape, forKey: .shape)
        try c.encode(toArray(), forKey: .elements)
    }

    /// Decodes what ``encode(to:)`` writes.
    ///
    /// - Throws: `DecodingError.dataCorrupted` when the dtype is another
    ///   type's or the shape does not fit the elements.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let dtype = try c.decode(String.self, forKey: .dtype)
        guard dtype == Element.dtype.name else {
            throw DecodingError.dataCorruptedError(forKey: .dtype, in: c, debugDescription: "array of \(dtype), expected \(Element.dtype.name)")
        }
        let shape = try c.decode([Int].self, forKey: .shape)
        let elements = try c.decode([Element].self, forKey: .elements)
        guard let count = Self._checkedCount(shape), count == elements.count else {
            throw DecodingError.dataCorruptedError(forKey: .shape, in: c, debugDescription: "shape \(shape) does not fit \(elements.count) elements")
        }
        self.init(shape: shape, elements: elements)
    }

    /// The element count of a shape from outside, or nil if it is invalid.
    static func _checkedCount(_ shape: [Int]) -> Int? {
        var n = 1
        for d in shape {
            guard d >= 0 else { return nil }
            let (p, overflow) = n.multipliedReportingOverflow(by: d)
            if overflow { return nil }
            n = p
        }
        return n
    }
}

extension NDArray: WireRawBlockCodable where Element: Codable {
    /// Calls `body` with the dtype and shape and the elements' bytes in C
    /// order (the array's own memory when it is contiguous).
    public func withWireBlock<R>(_ body: (NDArrayWireHeader, UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withUnsafeBufferPointer { buffer in
            try body(NDArrayWireHeader(dtype: Element.dtype.name, shape: shape), UnsafeRawBufferPointer(buffer))
        }
    }

    /// An array from a wire header and its raw bytes, copied once.
    ///
    /// - Throws: `WireError` with `.malformed` when the dtype is another
    ///   type's or the bytes do not match the shape.
    public init(wireHeader: NDArrayWireHeader, bytes: UnsafeRawBufferPointer) throws {
        guard wireHeader.dtype == Element.dtype.name else {
            throw WireError(.malformed, "array of \(wireHeader.dtype) where \(Element.dtype.name) was expected")
        }
        guard let count = Self._checkedCount(wireHeader.shape),
              count.multipliedReportingOverflow(by: MemoryLayout<Element>.stride) == (bytes.count, false) else {
            throw WireError(.malformed, "\(bytes.count) bytes do not hold an array of shape \(wireHeader.shape) of \(Element.dtype.name)")
        }
        self.init(unsafeUninitializedShape: wireHeader.shape) { buffer in
            guard count > 0 else { return }
            let raw = UnsafeMutableRawPointer(buffer.baseAddress!)
            raw.copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
            if Element.dtype.kind == .bool {
                let p = raw.assumingMemoryBound(to: UInt8.self)
                for i in 0..<count where p[i] > 1 { p[i] = 1 }
            }
        }
    }
}
