import RealModule

// NumPy's `pad`. As in NumPy, axes are padded one after another over the
// whole extent of the array so far, so the corners of a 2-D pad come from
// values already padded along the first axis.

/// How ``pad(_:_:mode:)`` fills the new elements.
public struct PadMode<Element: NDArrayElement>: Sendable {
    @usableFromInline
    enum Kind: Sendable {
        case constant(Element, Element)
        case edge, reflect, symmetric, wrap, empty
        /// Fills with a statistic of the first/last `length` elements (all when nil).
        case statistic(Int?, @Sendable (NDArray<Element>, Int) -> NDArray<Element>)
        /// Fills with a ramp from `end` to the edge value.
        case ramp(Element, Element, @Sendable (NDArray<Element>, Element, Int) -> NDArray<Element>)
    }

    @usableFromInline let kind: Kind

    @usableFromInline
    init(_ kind: Kind) { self.kind = kind }

    /// One value everywhere (NumPy's `mode='constant'`, `constant_values=`).
    public static func constant(_ value: Element) -> PadMode { PadMode(.constant(value, value)) }
    /// One value before and another after.
    public static func constant(before: Element, after: Element) -> PadMode { PadMode(.constant(before, after)) }
    /// The edge value repeated (`'edge'`).
    public static var edge: PadMode { PadMode(.edge) }
    /// Mirrored about the edge, the edge itself not repeated (`'reflect'`).
    public static var reflect: PadMode { PadMode(.reflect) }
    /// Mirrored, the edge repeated (`'symmetric'`).
    public static var symmetric: PadMode { PadMode(.symmetric) }
    /// The array continued periodically from its other end (`'wrap'`).
    public static var wrap: PadMode { PadMode(.wrap) }
    /// Left as zero: for callers that overwrite the padding (`'empty'`).
    public static var empty: PadMode { PadMode(.empty) }
}

extension PadMode where Element: NDArrayNumeric & Real & BinaryFloatingPoint, Element.SumType == Element {
    /// The largest of the first/last `statLength` elements along the axis (all when nil).
    public static func maximum(statLength: Int? = nil) -> PadMode {
        PadMode(.statistic(statLength) { $0.max(axis: $1, keepdims: true) })
    }
    /// The smallest of the first/last `statLength` elements.
    public static func minimum(statLength: Int? = nil) -> PadMode {
        PadMode(.statistic(statLength) { $0.min(axis: $1, keepdims: true) })
    }
    /// The mean of the first/last `statLength` elements.
    public static func mean(statLength: Int? = nil) -> PadMode {
        PadMode(.statistic(statLength) { $0.mean(axis: $1, keepdims: true) })
    }
    /// The median of the first/last `statLength` elements.
    public static func median(statLength: Int? = nil) -> PadMode {
        PadMode(.statistic(statLength) { $0.median(axis: $1, keepdims: true) })
    }
    /// A linear ramp from `before`/`after` to the edge value (`'linear_ramp'`).
    public static func linearRamp(before: Element = 0, after: Element = 0) -> PadMode {
        PadMode(.ramp(before, after) { edge, end, width in
            // NumPy: linspace(end, edge, width, endpoint=False) along the axis.
            var steps = [Element](repeating: 0, count: width)
            for j in 0..<width { steps[j] = Element(j) / Element(width) }
            let t = NDArray<Element>(steps)
            let shape = [width] + [Int](repeating: 1, count: Swift.max(edge.ndim - 1, 0))
            return end + (edge - end) * t.reshaped(shape)
        })
    }
}

/// The array with `width[d].before` elements added before and
/// `width[d].after` after it along each axis `d` (NumPy's `pad`).
///
/// ```swift
/// pad(NDArray<Int>([1, 2, 3]), [(2, 1)], mode: .reflect)   // [3, 2, 1, 2, 3, 2]
/// ```
///
/// - Parameters:
///   - a: the array.
///   - width: one `(before, after)` pair per axis, or a single pair for all axes.
///   - mode: how to fill (zeros when omitted).
@inlinable
public func pad<T>(_ a: NDArray<T>, _ width: [(Int, Int)], mode: PadMode<T> = .constant(.zero)) -> NDArray<T> {
    let widths = width.count == 1 ? Array(repeating: width[0], count: a.ndim) : width
    precondition(widths.count == a.ndim,
                 "pad widths must be one pair per axis: \(width.count) pairs for an array of dimension \(a.ndim)")
    precondition(widths.allSatisfy { $0.0 >= 0 && $0.1 >= 0 }, "index can't contain negative values")
    var out = NDArray<T>.zeros(zip(a.shape, widths).map { $0 + $1.0 + $1.1 })
    // The original in the middle.
    var center = out
    var offset = 0
    for d in 0..<a.ndim { offset += widths[d].0 * out.strides[d] }
    center = NDArray(storage: out.storage, offset: offset, shape: a.shape, strides: out.strides)
    center._assign(from: a) { $0 }
    if case .empty = mode.kind { return out }
    // Along each axis in turn, over the extent already padded on earlier axes
    // and the original extent on later ones.
    var extent = a.shape
    var start = widths.map(\.0)
    for d in 0..<a.ndim {
        let (before, after) = widths[d]
        let n = a.shape[d]
        extent[d] = n
        start[d] = widths[d].0
        for p in 0..<a.ndim where p < d { extent[p] = out.shape[p]; start[p] = 0 }
        if before + after > 0 {
            _padAxis(&out, axis: d, extent: extent, start: start, before: before, after: after, n: n, mode: mode)
        }
    }
    return out
}

/// ``pad(_:_:mode:)`` with the same width before and after every axis.
@inlinable
public func pad<T>(_ a: NDArray<T>, _ width: Int, mode: PadMode<T> = .constant(.zero)) -> NDArray<T> {
    pad(a, [(width, width)], mode: mode)
}

/// Fills the padding of one axis. `extent`/`start` describe the block of
/// `out` that holds data so far; positions `start[axis] - before ..<
/// start[axis]` and `start[axis] + n ..< start[axis] + n + after` are filled.
@inlinable
func _padAxis<T>(_ out: inout NDArray<T>, axis: Int, extent: [Int], start: [Int], before: Int, after: Int,
                 n: Int, mode: PadMode<T>) {
    // `slab(i, count)`: the block at positions i..<i+count along `axis`.
    func slab(_ i: Int, _ count: Int) -> NDArray<T> {
        var shape = extent
        shape[axis] = count
        var offset = 0
        for d in 0..<extent.count { offset += (d == axis ? i : start[d]) * out.strides[d] }
        return NDArray(storage: out.storage, offset: offset, shape: shape, strides: out.strides)
    }
    let lo = start[axis]
    func fill(_ i: Int, with source: NDArray<T>) {
        var target = slab(i, source.shape[axis] == 1 ? 1 : source.shape[axis])
        target._assign(from: source) { $0 }
    }
    switch mode.kind {
    case .constant(let b, let e):
        var left = slab(lo - before, before), right = slab(lo + n, after)
        if before > 0 { left._assign(from: NDArray(scalar: b)) { $0 } }
        if after > 0 { right._assign(from: NDArray(scalar: e)) { $0 } }
    case .empty:
        break
    case .edge, .reflect, .symmetric, .wrap:
        precondition(n > 0 || before + after == 0, "can't extend empty axis \(axis) using modes other than 'constant' or 'empty'")
        // Each padded position copies the slab at its mirrored/wrapped source.
        func source(_ p: Int) -> Int {   // p relative to the first original element
            switch mode.kind {
            case .edge: return Swift.min(Swift.max(p, 0), n - 1)
            case .wrap: return ((p % n) + n) % n
            case .symmetric:
                let m = ((p % (2 * n)) + 2 * n) % (2 * n)
                return m < n ? m : 2 * n - 1 - m
            default: // reflect
                if n == 1 { return 0 }
                let period = 2 * (n - 1)
                let m = ((p % period) + period) % period
                return m < n ? m : period - m
            }
        }
        for j in 0..<before { fill(lo - before + j, with: slab(lo + source(j - before), 1)) }
        for j in 0..<after { fill(lo + n + j, with: slab(lo + source(n + j), 1)) }
    case .statistic(let length, let f):
        precondition(n > 0, "can't extend empty axis \(axis) using modes other than 'constant' or 'empty'")
        let k = Swift.min(Swift.max(length ?? n, 1), n)
        if before > 0 {
            let v = f(slab(lo, k).copy(), axis)
            fill(lo - before, with: v.broadcast(to: slab(lo - before, before).shape))
        }
        if after > 0 {
            let v = f(slab(lo + n - k, k).copy(), axis)
            fill(lo + n, with: v.broadcast(to: slab(lo + n, after).shape))
        }
    case .ramp(let b, let e, let ramp):
        precondition(n > 0, "can't extend empty axis \(axis) using modes other than 'constant' or 'empty'")
        if before > 0 {
            let edge = slab(lo, 1).copy().moveaxis(axis, 0)
            fill(lo - before, with: ramp(edge, b, before).moveaxis(0, axis))
        }
        if after > 0 {
            let edge = slab(lo + n - 1, 1).copy().moveaxis(axis, 0)
            fill(lo + n, with: ramp(edge, e, after).flipped(axes: [0]).moveaxis(0, axis))
        }
    }
}
