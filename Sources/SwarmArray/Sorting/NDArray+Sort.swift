import SwarmCore

// `sort` and `argsort` along an axis. Lanes along the axis are gathered
// into one contiguous block, sorted (one long lane on all cores, many lanes
// spread over the cores), and put back in the array's shape.

extension NDArray {
    /// The elements sorted along `axis` (the last by default; the flattened
    /// array when nil), in NumPy's order: NaN last, `false` before `true`,
    /// complex numbers by real and then imaginary part.
    ///
    /// ```swift
    /// NDArray<Double>([3, .nan, 1, 2]).sorted()   // [1.0, 2.0, 3.0, nan]
    /// ```
    ///
    /// - Parameters:
    ///   - axis: the axis to sort along (negative counts from the end).
    ///   - stable: keep equal elements in their original order (NumPy's
    ///     `kind='stable'`: an LSD radix sort for numbers, a merge sort
    ///     otherwise). When false, `Double`, `Float`, `Int64`, `Int32` and
    ///     `Int` lanes on a CPU with AVX-512 take a vector quicksort, as
    ///     NumPy's default does there; equal values are interchangeable,
    ///     except that `-0.0` then comes before `0.0` whatever their order
    ///     before. Every other type, and every other CPU, sorts stably either way.
    /// - Complexity: O(n log n) for the quicksort and merge sort, O(n) for the radix sort.
    @inlinable
    public func sorted(axis: Int? = -1, stable: Bool = false) -> NDArray {
        guard let axis else { return raveled().sorted(axis: 0) }
        if ndim == 0 { return copy() }
        let ax = _Layout.axis(axis, ndim: ndim)
        var lanes = moveaxis(ax, -1).copy()
        let n = shape[ax]
        lanes._sortLanes(length: n, indices: nil, stable: stable)
        return ax == ndim - 1 ? lanes : lanes.moveaxis(-1, ax).copy()
    }

    /// Sorts in place along `axis` (NumPy's `ndarray.sort`).
    @inlinable
    public mutating func sort(axis: Int = -1, stable: Bool = false) {
        self = sorted(axis: axis, stable: stable)
    }

    /// The indices that sort the array along `axis` (the flattened array
    /// when nil); equal elements keep their order (a stable sort).
    ///
    /// - Parameters:
    ///   - axis: the axis to sort along.
    ///   - stable: accepted for NumPy's `kind='stable'`; argsort is always stable here.
    @inlinable
    public func argsort(axis: Int? = -1, stable: Bool = false) -> NDArray<Int> {
        guard let axis else { return raveled().argsort(axis: 0) }
        if ndim == 0 { return NDArray<Int>(scalar: 0) }
        let ax = _Layout.axis(axis, ndim: ndim)
        var lanes = moveaxis(ax, -1).copy()
        let n = shape[ax]
        var order = NDArray<Int>(_uninitializedShape: lanes.shape)
        let o = order._base
        if n > 0 {
            ForkJoin.parallelFor(count: lanes.count, grain: _Grain.cheap) { r in
                for i in r { o[i] = i % n }
            }
        }
        lanes._sortLanes(length: n, indices: o, stable: true)
        withExtendedLifetime(order) {}
        if ax != ndim - 1 { order = order.moveaxis(-1, ax).copy() }
        return order
    }

    /// Sorts every contiguous lane of `length` elements of this unique,
    /// contiguous array, moving `indices` (same layout) along.
    @inlinable
    mutating func _sortLanes(length n: Int, indices: UnsafeMutablePointer<Int>?, stable: Bool) {
        let total = count
        guard n > 1, total > 0 else { return }
        let lanes = total / n
        let v = _base
        if !stable && indices == nil && _VectorSort.sort(v, count: n, parallel: lanes == 1) {
            // The kernel takes this type here: sort the other lanes with it too.
            ForkJoin.parallelFor(count: lanes - 1, grain: Swift.max(1, 16_384 / n)) { r in
                for lane in r { _ = _VectorSort.sort(v + (lane + 1) * n, count: n, parallel: false) }
            }
            return
        }
        let scratch = UnsafeMutablePointer<Element>.allocate(capacity: total)
        let indexScratch = indices == nil ? nil : UnsafeMutablePointer<Int>.allocate(capacity: total)
        defer {
            scratch.deallocate()
            indexScratch?.deallocate()
        }
        let whole = _SortLane(values: v, indices: indices, scratch: scratch, indexScratch: indexScratch, count: total)
        if lanes == 1 {
            whole.sortInParallel()
        } else {
            ForkJoin.parallelFor(count: lanes, grain: Swift.max(1, 16_384 / n)) { r in
                for lane in r { whole.slice(lane * n, n).sort() }
            }
        }
    }
}

/// A sorted copy (NumPy's `sort`): along `axis`, or the flattened array when nil.
@inlinable
public func sort<T>(_ a: NDArray<T>, axis: Int? = -1, stable: Bool = false) -> NDArray<T> {
    a.sorted(axis: axis, stable: stable)
}

/// The indices that sort `a` (NumPy's `argsort`); always stable.
@inlinable
public func argsort<T>(_ a: NDArray<T>, axis: Int? = -1, stable: Bool = false) -> NDArray<Int> {
    a.argsort(axis: axis, stable: stable)
}

/// The indices that sort by the last key, then the one before it, and so on
/// (NumPy's `lexsort`): `keys` are 1-D arrays of one length, the primary key last.
@inlinable
public func lexsort<T>(_ keys: [NDArray<T>]) -> NDArray<Int> {
    precondition(!keys.isEmpty, "need sequence of keys with len > 0 in lexsort")
    let n = keys[0].count
    var order = NDArray<Int>.arange(n)
    // Stable sorts from the least significant key to the most.
    for key in keys {
        precondition(key.ndim == 1 && key.count == n, "all keys need to be the same shape")
        let permuted = key.take(order)
        order = order.take(permuted.argsort())
    }
    return order
}
