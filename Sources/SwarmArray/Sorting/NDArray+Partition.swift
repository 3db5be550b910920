import SwarmCore

// NumPy's `partition` and `argpartition`: after partitioning, the element at
// each requested position is the one a full sort would put there, with no
// larger element before it and no smaller one after. Introselect per lane
// (quickselect with a median-of-three pivot, falling back to sorting a
// range that refuses to shrink), lanes spread over the cores.

extension _SortLane {
    /// Partitions so that position `k` (within `[lo, hi)`) holds its sorted value.
    @inlinable
    func _select(_ k: Int, _ lo: Int, _ hi: Int) {
        var lo = lo, hi = hi
        var budget = 2 * (Int.bitWidth - hi.leadingZeroBitCount) + 4
        while hi - lo > 16 {
            if budget == 0 { slice(lo, hi - lo)._mergeSort(); return }
            budget -= 1
            let mid = lo + (hi - lo) / 2
            // Median of three to the front of the range as the pivot.
            if T._ndLess(values[mid], values[lo]) { _swap(mid, lo) }
            if T._ndLess(values[hi - 1], values[lo]) { _swap(hi - 1, lo) }
            if T._ndLess(values[hi - 1], values[mid]) { _swap(hi - 1, mid) }
            _swap(lo, mid)
            let pivot = values[lo]
            // Hoare-style partition of (lo, hi) around the pivot.
            var i = lo + 1, j = hi - 1
            while true {
                while i <= j && T._ndLess(values[i], pivot) { i += 1 }
                while i <= j && T._ndLess(pivot, values[j]) { j -= 1 }
                if i >= j { break }
                _swap(i, j)
                i += 1
                j -= 1
            }
            _swap(lo, j)
            if k == j { return }
            if k < j { hi = j } else { lo = j + 1 }
        }
        slice(lo, hi - lo)._mergeSort()
    }

    @inlinable
    func _swap(_ a: Int, _ b: Int) {
        let t = values[a]
        values[a] = values[b]
        values[b] = t
        if let idx = indices {
            let u = idx[a]
            idx[a] = idx[b]
            idx[b] = u
        }
    }

    /// Partitions for every position in `kth` (sorted, distinct, in range).
    @inlinable
    func partition(_ kth: [Int]) {
        var lo = 0
        for k in kth where k >= lo {
            _select(k, lo, count)
            lo = k + 1
        }
    }
}

extension NDArray {
    @inlinable
    func _normalizedKth(_ kth: [Int], _ n: Int) -> [Int] {
        let ks = kth.map { k -> Int in
            let j = k < 0 ? k + n : k
            precondition(j >= 0 && j < n, "kth(=\(k)) out of bounds (\(n))")
            return j
        }
        return Array(Set(ks)).sorted()
    }

    /// A copy in which each position in `kth` along `axis` holds the element
    /// a sort would put there, smaller-or-equal elements before it and
    /// greater-or-equal after (NumPy's `partition`). The order within the
    /// two sides is unspecified, as in NumPy.
    @inlinable
    public func partitioned(_ kth: [Int], axis: Int = -1) -> NDArray {
        let ax = _Layout.axis(axis, ndim: ndim)
        let n = shape[ax]
        let ks = _normalizedKth(kth, n)
        var lanes = moveaxis(ax, -1).copy()
        lanes._partitionLanes(length: n, kth: ks, indices: nil)
        return ax == ndim - 1 ? lanes : lanes.moveaxis(-1, ax).copy()
    }

    /// ``partitioned(_:axis:)`` for one position.
    @inlinable
    public func partitioned(_ kth: Int, axis: Int = -1) -> NDArray { partitioned([kth], axis: axis) }

    /// The indices that would partition the array (NumPy's `argpartition`).
    @inlinable
    public func argpartition(_ kth: [Int], axis: Int = -1) -> NDArray<Int> {
        let ax = _Layout.axis(axis, ndim: ndim)
        let n = shape[ax]
        let ks = _normalizedKth(kth, n)
        var lanes = moveaxis(ax, -1).copy()
        var order = NDArray<Int>(_uninitializedShape: lanes.shape)
        let o = order._base
        for i in 0..<lanes.count { o[i] = i % n }
        lanes._partitionLanes(length: n, kth: ks, indices: o)
        withExtendedLifetime(order) {}
        if ax != ndim - 1 { order = order.moveaxis(-1, ax).copy() }
        return order
    }

    /// ``argpartition(_:axis:)`` for one position.
    @inlinable
    public func argpartition(_ kth: Int, axis: Int = -1) -> NDArray<Int> { argpartition([kth], axis: axis) }

    @inlinable
    mutating func _partitionLanes(length n: Int, kth: [Int], indices: UnsafeMutablePointer<Int>?) {
        guard n > 1 else { return }
        let total = count
        let scratch = UnsafeMutablePointer<Element>.allocate(capacity: total)
        let indexScratch = indices == nil ? nil : UnsafeMutablePointer<Int>.allocate(capacity: total)
        defer {
            scratch.deallocate()
            indexScratch?.deallocate()
        }
        let whole = _SortLane(values: _base, indices: indices, scratch: scratch, indexScratch: indexScratch, count: total)
        ForkJoin.parallelFor(count: total / n, grain: Swift.max(1, 65_536 / n)) { r in
            for lane in r { whole.slice(lane * n, n).partition(kth) }
        }
    }
}

/// A partitioned copy (NumPy's `partition`).
@inlinable
public func partition<T>(_ a: NDArray<T>, _ kth: [Int], axis: Int = -1) -> NDArray<T> { a.partitioned(kth, axis: axis) }

/// The indices that partition `a` (NumPy's `argpartition`).
@inlinable
public func argpartition<T>(_ a: NDArray<T>, _ kth: [Int], axis: Int = -1) -> NDArray<Int> { a.argpartition(kth, axis: axis) }
