import SwarmArray

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
