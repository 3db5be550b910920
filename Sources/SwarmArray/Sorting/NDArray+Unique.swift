import SwarmCore

// NumPy's `unique` family. The flattened array (or its slices along an
// axis) is sorted stably; runs of equal values become one entry each, so
// the first index of a run is its first occurrence.

/// Everything ``uniqueAll(_:axis:equalNaN:)`` finds (NumPy's `unique_all`).
public struct UniqueResult<Element: NDArrayElement>: Sendable {
    /// The distinct values, sorted (rows along the axis, for `axis:`).
    public var values: NDArray<Element>
    /// Where each distinct value first occurs (in the flattened array, or along the axis).
    public var indices: NDArray<Int>
    /// For every input element (or slice), the position of its value in `values`;
    /// it has the input's shape when no axis is given.
    public var inverse: NDArray<Int>
    /// How many times each distinct value occurs.
    public var counts: NDArray<Int>

    /// Collects the four parts.
    @inlinable
    public init(values: NDArray<Element>, indices: NDArray<Int>, inverse: NDArray<Int>, counts: NDArray<Int>) {
        self.values = values
        self.indices = indices
        self.inverse = inverse
        self.counts = counts
    }
}

extension NDArray {
    @inlinable
    static func _same(_ a: Element, _ b: Element, equalNaN: Bool) -> Bool {
        Element._ndEqual(a, b) || (equalNaN && a._ndIsNaN && b._ndIsNaN)
    }
}

/// The sorted distinct values of `a` (NumPy's `unique`): of the flattened
/// array, or the distinct slices along `axis`.
///
/// - Parameters:
///   - a: the array.
///   - axis: compare whole slices along this axis instead of elements.
///   - equalNaN: count every NaN as one value (NumPy's default).
@inlinable
public func unique<T>(_ a: NDArray<T>, axis: Int? = nil, equalNaN: Bool = true) -> NDArray<T> {
    uniqueAll(a, axis: axis, equalNaN: equalNaN).values
}

/// The distinct values and how often each occurs (NumPy's `unique_counts`).
@inlinable
public func uniqueCounts<T>(_ a: NDArray<T>, axis: Int? = nil, equalNaN: Bool = true) -> (values: NDArray<T>, counts: NDArray<Int>) {
    let r = uniqueAll(a, axis: axis, equalNaN: equalNaN)
    return (r.values, r.counts)
}

/// The distinct values and, for each element, its value's position among
/// them (NumPy's `unique_inverse`).
@inlinable
public func uniqueInverse<T>(_ a: NDArray<T>, axis: Int? = nil, equalNaN: Bool = true) -> (values: NDArray<T>, inverse: NDArray<Int>) {
    let r = uniqueAll(a, axis: axis, equalNaN: equalNaN)
    return (r.values, r.inverse)
}

/// The distinct values, first indices, inverse and counts (NumPy's
/// `unique` with every `return_*` flag, or `unique_all`).
@inlinable
public func uniqueAll<T>(_ a: NDArray<T>, axis: Int? = nil, equalNaN: Bool = true) -> UniqueResult<T> {
    if let axis { return _uniqueSlices(a, axis: _Layout.axis(axis, ndim: a.ndim), equalNaN: equalNaN) }
    let flat = a.raveled()
    let order = flat.argsort(axis: 0)
    let sorted = flat.take(order).contiguous()
    let n = sorted.count
    var starts: [Int] = []
    sorted.withUnsafeBufferPointer { s in
        for i in 0..<n where i == 0 || !NDArray<T>._same(s[i - 1], s[i], equalNaN: equalNaN) { starts.append(i) }
    }
    let groups = starts.count
    let values = NDArray<T>(_uninitializedShape: [groups])
    let first = NDArray<Int>(_uninitializedShape: [groups])
    let counts = NDArray<Int>(_uninitializedShape: [groups])
    let inverse = NDArray<Int>(_uninitializedShape: [n])
    let sp = sorted._base, op = order._base
    let vp = values._base, fp = first._base, cp = counts._base, ip = inverse._base
    for g in 0..<groups {
        let lo = starts[g], hi = g + 1 < groups ? starts[g + 1] : n
        vp[g] = sp[lo]
        fp[g] = op[lo]
        cp[g] = hi - lo
        for i in lo..<hi { ip[op[i]] = g }
    }
    withExtendedLifetime((sorted, order, values, first, counts, inverse)) {}
    return UniqueResult(values: values, indices: first, inverse: inverse.reshaped(a.shape), counts: counts)
}

/// `unique` along an axis: slices compared lexicographically in C order.
@inlinable
func _uniqueSlices<T>(_ a: NDArray<T>, axis: Int, equalNaN: Bool) -> UniqueResult<T> {
    let moved = a.moveaxis(axis, 0).copy()
    let n = a.shape[axis]
    let width = n == 0 ? 0 : moved.count / n
    let p = moved._base
    func less(_ i: Int, _ j: Int) -> Bool {
        for k in 0..<width {
            let x = p[i * width + k], y = p[j * width + k]
            if T._ndLess(x, y) { return true }
            if T._ndLess(y, x) { return false }
        }
        return i < j   // equal slices keep their order
    }
    func same(_ i: Int, _ j: Int) -> Bool {
        for k in 0..<width where !NDArray<T>._same(p[i * width + k], p[j * width + k], equalNaN: equalNaN) { return false }
        return true
    }
    let order = (0..<n).sorted(by: less)
    var starts: [Int] = []
    for r in 0..<n where r == 0 || !same(order[r - 1], order[r]) { starts.append(r) }
    var inverse = [Int](repeating: 0, count: n)
    var counts: [Int] = [], first: [Int] = []
    for (g, lo) in starts.enumerated() {
        let hi = g + 1 < starts.count ? starts[g + 1] : n
        first.append(order[lo])
        counts.append(hi - lo)
        for r in lo..<hi { inverse[order[r]] = g }
    }
    withExtendedLifetime(moved) {}
    let values = moved.take(first, axis: 0).moveaxis(0, axis).copy()
    return UniqueResult(values: values, indices: NDArray(first), inverse: NDArray(inverse), counts: NDArray(counts))
}
