/// One entry of an array subscript, as NumPy's indexing understands it.
///
/// Integers, ranges and strides convert to it by themselves, so
/// `a[1, 2..<5, .all]` and `a[stride(from: 9, through: 0, by: -2)]` read as
/// they do in NumPy (`a[1, 2:5, :]`, `a[9::-2]`).
///
/// - `.index(i)`: one position (negative counts from the end); removes the axis.
/// - `.slice(start, stop, step:)`: NumPy's `start:stop:step`, nil meaning the
///   default for the step's direction; keeps the axis. A view.
/// - `.all`: `:`. `.newAxis`: inserts an axis of length one. `.ellipsis`:
///   as many `:` as needed.
/// - `.mask(m)`: a boolean array selecting elements (a copy).
/// - `.indices(i)`: an integer array of positions (fancy indexing, a copy).
public struct NDIndex: Sendable {
    /// What the entry selects.
    @usableFromInline
    enum Kind: Sendable {
        case index(Int)
        case slice(Int?, Int?, Int)
        case newAxis
        case ellipsis
        case mask(NDArray<Bool>)
        case indices(NDArray<Int>)
    }

    @usableFromInline let kind: Kind

    @usableFromInline
    init(_ kind: Kind) { self.kind = kind }
}

// The named entries live on the protocol (for `Self == NDIndex`), so that
// `.all`, `.newAxis` or `.slice(step: -1)` can be written directly inside a
// subscript whose entries are `any NDIndexConvertible`.
extension NDIndexConvertible where Self == NDIndex {
    /// `:` — the whole axis.
    public static var all: NDIndex { NDIndex(.slice(nil, nil, 1)) }
    /// `np.newaxis`: inserts an axis of length one.
    public static var newAxis: NDIndex { NDIndex(.newAxis) }
    /// `...`: as many `:` as needed to index every axis.
    public static var ellipsis: NDIndex { NDIndex(.ellipsis) }
    /// One position (negative counts from the end); removes the axis.
    public static func index(_ i: Int) -> NDIndex { NDIndex(.index(i)) }
    /// `start:stop:step`, nil meaning the default for the step's direction.
    public static func slice(_ start: Int? = nil, _ stop: Int? = nil, step: Int = 1) -> NDIndex {
        NDIndex(.slice(start, stop, step))
    }
    /// A boolean mask selecting elements (a copy).
    public static func mask(_ m: NDArray<Bool>) -> NDIndex { NDIndex(.mask(m)) }
    /// Integer positions along an axis: fancy indexing (a copy).
    public static func indices(_ i: NDArray<Int>) -> NDIndex { NDIndex(.indices(i)) }
}

/// A value that can stand in an ``NDArray`` subscript.
public protocol NDIndexConvertible {
    /// The index entry this value means.
    var ndIndex: NDIndex { get }
}

extension NDIndex: NDIndexConvertible {
    /// Itself.
    public var ndIndex: NDIndex { self }
}
extension Int: NDIndexConvertible {
    /// `.index(self)`.
    public var ndIndex: NDIndex { .index(self) }
}
extension Range: NDIndexConvertible where Bound == Int {
    /// `lower:upper`.
    public var ndIndex: NDIndex { .slice(lowerBound, upperBound) }
}
extension ClosedRange: NDIndexConvertible where Bound == Int {
    /// `lower:upper+1`.
    public var ndIndex: NDIndex { .slice(lowerBound, upperBound + 1) }
}
extension PartialRangeFrom: NDIndexConvertible where Bound == Int {
    /// `lower:`.
    public var ndIndex: NDIndex { .slice(lowerBound, nil) }
}
extension PartialRangeUpTo: NDIndexConvertible where Bound == Int {
    /// `:upper`.
    public var ndIndex: NDIndex { .slice(nil, upperBound) }
}
extension PartialRangeThrough: NDIndexConvertible where Bound == Int {
    /// `:upper+1`.
    public var ndIndex: NDIndex { .slice(nil, upperBound + 1) }
}
extension StrideTo: NDIndexConvertible where Element == Int {
    /// `start:end:step`, from `stride(from:to:by:)`.
    public var ndIndex: NDIndex {
        let parts = Mirror(reflecting: self).children.map { $0.value as? Int }
        let (start, end, step) = (parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 1)
        // Swift's bounds are positions, not NumPy's count-from-the-end.
        return .slice(start, step < 0 && end < 0 ? nil : Swift.max(end, 0), step: step)
    }
}
extension StrideThrough: NDIndexConvertible where Element == Int {
    /// `start:end(inclusive):step`, from `stride(from:through:by:)`.
    public var ndIndex: NDIndex {
        let parts = Mirror(reflecting: self).children.map { $0.value as? Int }
        let (start, end, step) = (parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 1)
        // Past `end` by one step's direction; nil when that would cross zero.
        let stop = step > 0 ? end + 1 : end - 1
        return .slice(start, stop < 0 ? nil : stop, step: step)
    }
}
extension NDArray: NDIndexConvertible {
    /// A boolean array is a mask; an integer array gives positions (fancy
    /// indexing). Other element types trap, as NumPy raises `IndexError`.
    public var ndIndex: NDIndex {
        if let mask = self as? NDArray<Bool> { return .mask(mask) }
        if let positions = self as? NDArray<Int> { return .indices(positions) }
        switch Element.dtype.kind {
        case .signedInteger, .unsignedInteger: return .indices(astype(Int.self))
        default: preconditionFailure("arrays used as indices must be of integer (or boolean) type, not \(Element.dtype)")
        }
    }
}
extension Array: NDIndexConvertible where Element == Int {
    /// Integer positions, for fancy indexing: `a[[0, 2, 4]]`.
    public var ndIndex: NDIndex { .indices(NDArray(self)) }
}
