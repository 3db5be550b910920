import SwarmCore

// Sorting one contiguous lane of values, optionally carrying an index array
// along (for argsort). Every path here is stable:
//   - radix-sortable types (integers, Float, Double, Bool) of more than a few
//     hundred elements take an LSD radix sort on order-preserving keys, NaNs
//     first moved (stably) to the end;
//   - everything else, and short lanes, take a merge sort over insertion-
//     sorted runs.
// `_sortLaneParallel` cuts one long lane among the cores: each sorts a
// piece, then the pieces are merged pairwise, each merge itself split among
// the cores by the merge-path partition.

/// A lane being sorted: values, an optional index array moved with them,
/// and scratch space of the same size for both.
@usableFromInline
struct _SortLane<T: NDArrayElement> {
    @usableFromInline var values: UnsafeMutablePointer<T>
    @usableFromInline var indices: UnsafeMutablePointer<Int>?
    @usableFromInline var scratch: UnsafeMutablePointer<T>
    @usableFromInline var indexScratch: UnsafeMutablePointer<Int>?
    @usableFromInline var count: Int

    @inlinable
    init(values: UnsafeMutablePointer<T>, indices: UnsafeMutablePointer<Int>?, scratch: UnsafeMutablePointer<T>,
         indexScratch: UnsafeMutablePointer<Int>?, count: Int) {
        self.values = values
        self.indices = indices
        self.scratch = scratch
        self.indexScratch = indexScratch
        self.count = count
    }

    /// The sub-lane `[start, start + n)`.
    @inlinable
    func slice(_ start: Int, _ n: Int) -> _SortLane {
        _SortLane(values: values + start, indices: indices.map { $0 + start }, scratch: scratch + start,
                  indexScratch: indexScratch.map { $0 + start }, count: n)
    }

    /// Sorts on the calling thread.
    @inlinable
    func sort() {
        if count < 2 { return }
        if T._ndRadixBits > 0 && count >= 256 {
            let finite = _moveNaNsLast()
            slice(0, finite)._radixSort()
        } else {
            _mergeSort()
        }
    }

    /// Moves NaNs to the end, keeping the order of both groups; returns how
    /// many values are not NaN.
    @inlinable
    func _moveNaNsLast() -> Int {
        var nans = 0
        for i in 0..<count where values[i]._ndIsNaN { nans += 1 }
        if nans == 0 { return count }
        var front = 0, back = count - nans
        for i in 0..<count {
            let x = values[i]
            let target: Int
            if x._ndIsNaN { target = back; back += 1 } else { target = front; front += 1 }
            scratch[target] = x
            if let idx = indices, let s = indexScratch { s[target] = idx[i] }
        }
        values.update(from: scratch, count: count)
        if let idx = indices, let s = indexScratch { idx.update(from: s, count: count) }
        return count - nans
    }

    /// LSD radix sort on `_ndRadixKey`, digits of at most 11 bits; passes
    /// where every key has the same digit are skipped.
    @inlinable
    func _radixSort() {
        let n = count
        let bits = T._ndRadixBits
        let passes = (bits + 10) / 11
        let width = (bits + passes - 1) / passes
        let buckets = 1 << width
        let mask = UInt64(buckets - 1)
        withUnsafeTemporaryAllocation(of: Int.self, capacity: passes * buckets) { histogram in
            let h = histogram.baseAddress!
            h.initialize(repeating: 0, count: passes * buckets)
            for i in 0..<n {
                let key = values[i]._ndRadixKey
                for p in 0..<passes { h[p * buckets + Int((key >> UInt64(p * width)) & mask)] += 1 }
            }
            var src = values, dst = scratch
            var srcIndex = indices, dstIndex = indexScratch
            for p in 0..<passes {
                let counts = h + p * buckets
                let shift = UInt64(p * width)
                if counts[Int((src[0]._ndRadixKey >> shift) & mask)] == n { continue }
                var total = 0
                for b in 0..<buckets {
                    let c = counts[b]
                    counts[b] = total
                    total += c
                }
                if let si = srcIndex, let di = dstIndex {
                    for i in 0..<n {
                        let x = src[i]
                        let b = Int((x._ndRadixKey >> shift) & mask)
                        let o = counts[b]
                        counts[b] = o + 1
                        dst[o] = x
                        di[o] = si[i]
                    }
                    srcIndex = di
                    dstIndex = si
                } else {
                    for i in 0..<n {
                        let x = src[i]
                        let b = Int((x._ndRadixKey >> shift) & mask)
                        let o = counts[b]
                        counts[b] = o + 1
                        dst[o] = x
                    }
                }
                swap(&src, &dst)
            }
            if src != values {
                values.update(from: src, count: n)
                if let idx = indices, let si = srcIndex { idx.update(from: si, count: n) }
            }
        }
    }

    /// Stable merge sort: insertion-sorted runs of 16, then merges that
    /// alternate between the lane and its scratch.
    @inlinable
    func _mergeSort() {
        let n = count
        let run = 16
        var start = 0
        while start < n {
            let end = Swift.min(start + run, n)
            for i in (start + 1)..<Swift.max(end, start + 1) where i < end {
                let x = values[i]
                let xi = indices?[i]
                var j = i
                while j > start && T._ndLess(x, values[j - 1]) {
                    values[j] = values[j - 1]
                    if let idx = indices { idx[j] = idx[j - 1] }
                    j -= 1
                }
                values[j] = x
                if let idx = indices, let xi { idx[j] = xi }
            }
            start = end
        }
        var width = run
        var src = values, dst = scratch
        var srcIndex = indices, dstIndex = indexScratch
        while width < n {
            var lo = 0
            while lo < n {
                let mid = Swift.min(lo + width, n), hi = Swift.min(lo + 2 * width, n)
                _mergeRuns(src, srcIndex, lo, mid, hi, into: dst + lo, dstIndex.map { $0 + lo })
                lo = hi
            }
            swap(&src, &dst)
            swap(&srcIndex, &dstIndex)
            width *= 2
        }
        if src != values {
            values.update(from: src, count: n)
            if let idx = indices, let si = srcIndex { idx.update(from: si, count: n) }
        }
    }
}

/// Merges the sorted runs `[lo, mid)` and `[mid, hi)` of `src` into `dst`,
/// taking from the left run on ties (stable).
@inlinable
func _mergeRuns<T: NDArrayElement>(_ src: UnsafeMutablePointer<T>, _ srcIndex: UnsafeMutablePointer<Int>?,
                                   _ lo: Int, _ mid: Int, _ hi: Int,
                                   into dst: UnsafeMutablePointer<T>, _ dstIndex: UnsafeMutablePointer<Int>?) {
    var i = lo, j = mid, o = 0
    while i < mid && j < hi {
        if T._ndLess(src[j], src[i]) {
            dst[o] = src[j]
            if let d = dstIndex, let s = srcIndex { d[o] = s[j] }
            j += 1
        } else {
            dst[o] = src[i]
            if let d = dstIndex, let s = srcIndex { d[o] = s[i] }
            i += 1
        }
        o += 1
    }
    if i < mid {
        (dst + o).update(from: src + i, count: mid - i)
        if let d = dstIndex, let s = srcIndex { (d + o).update(from: s + i, count: mid - i) }
        o += mid - i
    }
    if j < hi {
        (dst + o).update(from: src + j, count: hi - j)
        if let d = dstIndex, let s = srcIndex { (d + o).update(from: s + j, count: hi - j) }
    }
}

/// How many of the first `k` outputs of merging `a[0..<m]` and `b[0..<n]`
/// come from `a` (the merge-path split; ties go to `a`).
@inlinable
func _mergeSplit<T: NDArrayElement>(_ a: UnsafeMutablePointer<T>, _ m: Int, _ b: UnsafeMutablePointer<T>, _ n: Int, _ k: Int) -> Int {
    var lo = Swift.max(0, k - n), hi = Swift.min(k, m)
    while lo < hi {
        let i = (lo + hi) / 2   // take i from a, k - i from b
        // a[i] must come before b[k - i - 1] for i + 1 to be possible.
        if !T._ndLess(b[k - i - 1], a[i]) { lo = i + 1 } else { hi = i }
    }
    return lo
}

extension _SortLane {
    /// Sorts a long lane using every core; short lanes sort on the caller.
    @inlinable
    func sortInParallel() {
        let n = count
        let pieces = Swift.min(ForkJoin.parallelism, n / 65_536)
        if pieces <= 1 { sort(); return }
        let size = (n + pieces - 1) / pieces
        var bounds = (0...pieces).map { Swift.min($0 * size, n) }
        ForkJoin.run(chunks: pieces) { k in slice(bounds[k], bounds[k + 1] - bounds[k]).sort() }
        // Merge neighbouring runs until one is left, each merge on all cores.
        var src = self, dst = _SortLane(values: scratch, indices: indexScratch, scratch: values,
                                        indexScratch: indices, count: n)
        while bounds.count > 2 {
            var next = [0]
            var r = 0
            while r + 1 < bounds.count {
                let lo = bounds[r], mid = bounds[Swift.min(r + 1, bounds.count - 1)]
                let hi = r + 2 < bounds.count ? bounds[r + 2] : mid
                _parallelMerge(src, lo, mid, hi, into: dst)
                next.append(hi)
                r += 2
            }
            bounds = next
            swap(&src, &dst)
        }
        if src.values != values {
            values.update(from: src.values, count: n)
            if let idx = indices, let si = src.indices { idx.update(from: si, count: n) }
        }
    }
}

/// Merges runs `[lo, mid)` and `[mid, hi)` of `src` into the same positions
/// of `dst`, cutting the output into one piece per core.
@inlinable
func _parallelMerge<T>(_ src: _SortLane<T>, _ lo: Int, _ mid: Int, _ hi: Int, into dst: _SortLane<T>) {
    let total = hi - lo
    if mid == hi || mid == lo {
        (dst.values + lo).update(from: src.values + lo, count: total)
        if let d = dst.indices, let s = src.indices { (d + lo).update(from: s + lo, count: total) }
        return
    }
    let a = src.values + lo, m = mid - lo, b = src.values + mid, n = hi - mid
    let pieces = Swift.max(1, Swift.min(ForkJoin.parallelism * 2, total / 32_768))
    ForkJoin.run(chunks: pieces) { k in
        let k0 = total * k / pieces, k1 = total * (k + 1) / pieces
        let i0 = _mergeSplit(a, m, b, n, k0), i1 = _mergeSplit(a, m, b, n, k1)
        let j0 = k0 - i0, j1 = k1 - i1
        // Merge a[i0..<i1] with b[j0..<j1] into dst[lo + k0 ...].
        var i = i0, j = j0, o = lo + k0
        let dv = dst.values, di = dst.indices, si = src.indices
        while i < i1 && j < j1 {
            if T._ndLess(b[j], a[i]) {
                dv[o] = b[j]
                if let di, let si { di[o] = si[mid + j] }
                j += 1
            } else {
                dv[o] = a[i]
                if let di, let si { di[o] = si[lo + i] }
                i += 1
            }
            o += 1
        }
        while i < i1 {
            dv[o] = a[i]
            if let di, let si { di[o] = si[lo + i] }
            i += 1; o += 1
        }
        while j < j1 {
            dv[o] = b[j]
            if let di, let si { di[o] = si[mid + j] }
            j += 1; o += 1
        }
    }
}
