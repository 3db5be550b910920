import SwarmArray
import SwarmCore

/// A value that ``DirectView/scatter(_:_:)`` can split by rows across engines
/// and ``DirectView/gather(_:as:)`` can join again in order.
///
/// Arrays and `NDArray`s (along their first axis) conform.
public protocol Scatterable: Codable {
    /// How many rows there are to split.
    var scatterRowCount: Int { get }
    /// The rows in `range`.
    func scatterRows(_ range: Range<Int>) -> Self
    /// The parts joined in order.
    static func gathered(_ parts: [Self]) -> Self
    /// The parts joined straight from their wire forms (each `prefix`
    /// followed by `rest`), without decoding each part first; nil when the
    /// type has no such path (the default), and the parts are then decoded
    /// and joined with ``gathered(_:)``. Used by gathers that receive every
    /// part into one buffer (MPI).
    static func _gathered(wireForms: [(prefix: [UInt8], rest: UnsafeRawBufferPointer)]) throws -> Self?
}

extension Scatterable {
    /// No direct path: parts are decoded one by one.
    public static func _gathered(wireForms: [(prefix: [UInt8], rest: UnsafeRawBufferPointer)]) throws -> Self? { nil }
}

extension Array: Scatterable where Element: Codable {
    /// The element count.
    public var scatterRowCount: Int { count }
    /// The elements in `range`.
    public func scatterRows(_ range: Range<Int>) -> [Element] { Array(self[range]) }
    /// The parts concatenated.
    public static func gathered(_ parts: [[Element]]) -> [Element] { parts.flatMap { $0 } }
}

extension NDArray: Scatterable where Element: Codable {
    /// The length of the first axis.
    public var scatterRowCount: Int {
        precondition(!shape.isEmpty, "scatter needs an array with at least one axis, got shape []")
        return shape[0]
    }
    /// The rows in `range` along the first axis.
    public func scatterRows(_ range: Range<Int>) -> NDArray { self[range] }
    /// The parts joined along the first axis.
    public static func gathered(_ parts: [NDArray]) -> NDArray { concatenate(parts, axis: 0) }

    /// The parts' raw blocks copied once, in order, into one new array.
    ///
    /// - Throws: `WireError` when a part is malformed, of another dtype, or
    ///   of other trailing dimensions than the first.
    public static func _gathered(wireForms: [(prefix: [UInt8], rest: UnsafeRawBufferPointer)]) throws -> NDArray? {
        var blocks: [(shape: [Int], bytes: UnsafeRawBufferPointer)] = []
        for (prefix, rest) in wireForms {
            // The header is short: read it from the prefix and the rest's first bytes.
            var head = prefix
            head.append(contentsOf: UnsafeRawBufferPointer(rebasing: rest.prefix(4096)))
            var at = 0
            let header = try BinaryDecoder().decode(NDArrayWireHeader.self, from: head, offset: &at)
            guard at + 8 <= head.count else { throw WireError(.truncated, "an array's wire form ends in its header") }
            let count = Int(UInt64(littleEndian: head.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: at, as: UInt64.self) }))
            let start = at + 8 - prefix.count
            guard start >= 0, count <= rest.count - start else {
                throw WireError(.truncated, "an array block of \(count) bytes, \(rest.count - Swift.max(start, 0)) there")
            }
            guard header.dtype == Element.dtype.name, !header.shape.isEmpty else {
                throw WireError(.malformed, "a part of \(header.dtype) with shape \(header.shape) in a gather of \(Element.dtype.name)")
            }
            guard count == header.shape.reduce(MemoryLayout<Element>.stride, *) else {
                throw WireError(.malformed, "\(count) bytes do not hold shape \(header.shape) of \(Element.dtype.name)")
            }
            if let first = blocks.first, Array(first.shape.dropFirst()) != Array(header.shape.dropFirst()) {
                throw WireError(.malformed, "parts of shapes \(first.shape) and \(header.shape) cannot be joined along axis 0")
            }
            blocks.append((header.shape, UnsafeRawBufferPointer(rebasing: rest[start..<(start + count)])))
        }
        guard let first = blocks.first, Element.dtype.kind != .bool else { return nil }
        let shape = [blocks.reduce(0) { $0 + $1.shape[0] }] + first.shape.dropFirst()
        return NDArray(unsafeUninitializedShape: shape) { buffer in
            var target = UnsafeMutableRawPointer(buffer.baseAddress)
            for block in blocks where block.bytes.count > 0 {
                target!.copyMemory(from: block.bytes.baseAddress!, byteCount: block.bytes.count)
                target = target! + block.bytes.count
            }
        }
    }
}

/// IPython's split of `count` rows into `parts` contiguous blocks whose sizes
/// differ by at most one (the first blocks get the extra rows).
func scatterRanges(count: Int, parts: Int) -> [Range<Int>] {
    let base = count / parts, extra = count % parts
    var ranges: [Range<Int>] = []
    var start = 0
    for i in 0..<parts {
        let size = base + (i < extra ? 1 : 0)
        ranges.append(start..<(start + size))
        start += size
    }
    return ranges
}
