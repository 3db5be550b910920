import SwarmCore

// The one reduction engine: every reduction (sum, max, any, argmax, …) is a
// `_NDReduction` run over some axes of an array. Three layouts get direct
// paths, the rest are made contiguous first:
//   - all axes of a contiguous array: one long row, cut among the cores;
//   - trailing axes of a contiguous array: one row per output;
//   - leading axes of a contiguous array: rows folded into the output
//     vector (the column path), the columns shared among the cores;
//   - otherwise, kept axes first and reduced axes last as a strided view:
//     one strided row per output when the reduced axes collapse to one
//     stride, else a contiguous copy of that view.

extension NDArray {
    /// The normalized, sorted, distinct reduced axes (all when nil).
    @inlinable
    func _reducedAxes(_ axes: [Int]?) -> [Int] {
        guard let axes else { return Array(0..<ndim) }
        if axes.count == 1 { return [_Layout.axis(axes[0], ndim: ndim)] }
        let list = axes.map { _Layout.axis($0, ndim: ndim) }
        precondition(Set(list).count == list.count, "duplicate value in 'axis': \(axes)")
        return list.sorted()
    }

    /// The shape of a reduction's result.
    @inlinable
    func _reducedShape(_ reduced: [Int], keepdims: Bool) -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(keepdims ? ndim : ndim - reduced.count)
        for axis in 0..<ndim {
            if !reduced.contains(axis) { out.append(shape[axis]) } else if keepdims { out.append(1) }
        }
        return out
    }

    /// Reduces every element to one value; the array must not be empty.
    @inlinable
    func _reduceAll<R: _NDReduction>(grain: Int = _Grain.cheap, _ r: R) -> R.Result where R.Input == Element {
        precondition(count > 0, "zero-size reduction has no identity")
        if !isContiguous { return contiguous()._reduceAll(grain: grain, r) }
        let p = UnsafePointer(_base), n = count
        defer { withExtendedLifetime(self) {} }
        let pieces = R.splits ? ForkJoin.chunkCount(count: n, grain: grain) : 1
        if pieces <= 1 { return r.row(p, n, 1) }
        return withUnsafeTemporaryAllocation(of: R.Result.self, capacity: pieces) { partials in
            let out = partials.baseAddress!
            let size = (n + pieces - 1) / pieces
            ForkJoin.run(chunks: pieces) { k in
                let start = k * size
                (out + k).initialize(to: r.row(p + start, Swift.min(size, n - start), 1))
            }
            var total = out[0]
            for k in 1..<pieces { total = r.combine(total, out[k]) }
            out.deinitialize(count: pieces)
            return total
        }
    }

    /// Reduces over `axes` (all when nil) with `r`; every reduced slice
    /// must be non-empty (the caller handles empty reductions).
    @inlinable
    func _reduce<R: _NDReduction>(axes: [Int]?, keepdims: Bool, grain: Int = _Grain.cheap, _ r: R) -> NDArray<R.Result>
        where R.Input == Element {
        _reduce(reduced: _reducedAxes(axes), keepdims: keepdims, grain: grain, r)
    }

    /// ``_reduce(axes:keepdims:grain:_:)`` over axes already normalized by ``_reducedAxes(_:)``.
    @inlinable
    func _reduce<R: _NDReduction>(reduced: [Int], keepdims: Bool, grain: Int = _Grain.cheap, _ r: R) -> NDArray<R.Result>
        where R.Input == Element {
        let outShape = _reducedShape(reduced, keepdims: keepdims)
        if reduced.count == ndim {
            let value = _reduceAll(grain: grain, r)
            return NDArray<R.Result>(unsafeUninitializedShape: outShape) { $0.initializeElement(at: 0, to: value) }
        }
        var inner = 1
        for a in reduced { inner *= shape[a] }
        let outer = count / Swift.max(inner, 1)
        precondition(inner > 0 || outer == 0 || count == 0, "zero-size reduction has no identity")
        let out = NDArray<R.Result>(_uninitializedShape: outShape)
        if out.count == 0 { return out }
        precondition(inner > 0, "zero-size reduction has no identity")
        let dst = out._base
        if isContiguous {
            let src = UnsafePointer(_base)
            if reduced.last == ndim - 1 && reduced.first == ndim - reduced.count {
                _reduceRows(src, outer: outer, inner: inner, into: dst, grain: grain, r)
                withExtendedLifetime(self) {}
                return out
            }
            if R.folds && reduced.first == 0 && reduced.last == reduced.count - 1 {
                _reduceColumns(src, rows: inner, width: outer, into: dst, grain: grain, r)
                withExtendedLifetime(self) {}
                return out
            }
        }
        _reduceStrided(reduced, outer: outer, inner: inner, into: dst, grain: grain, r)
        return out
    }

    /// `dst[i] = r.row(src + i * inner, inner, 1)` for every output.
    @inlinable
    func _reduceRows<R: _NDReduction>(_ src: UnsafePointer<Element>, outer: Int, inner: Int,
                                      into dst: UnsafeMutablePointer<R.Result>, grain: Int, _ r: R)
        where R.Input == Element {
        ForkJoin.parallelFor(count: outer, grain: Swift.max(1, grain / inner)) { range in
            for i in range { (dst + i).initialize(to: r.row(src + i * inner, inner, 1)) }
        }
    }

    /// The column path: `rows` rows of `width` contiguous elements folded
    /// into `dst[0..<width]`. When large, the rows are shared among the
    /// cores (each folds its block of rows into its own vector, read in
    /// memory order; the vectors are then combined in row order).
    @inlinable
    func _reduceColumns<R: _NDReduction>(_ src: UnsafePointer<Element>, rows: Int, width: Int,
                                         into dst: UnsafeMutablePointer<R.Result>, grain: Int, _ r: R)
        where R.Input == Element {
        // Four rows per sweep of the output vector (folded one after another,
        // so the order of operations is that of one row at a time).
        func fold(_ q: UnsafePointer<Element>, _ rowCount: Int, _ o: UnsafeMutablePointer<R.Result>) {
            for j in 0..<width { (o + j).initialize(to: r.lift(q[j])) }
            var row = 1
            while row + 4 <= rowCount {
                let q0 = q + row * width, q1 = q0 + width, q2 = q1 + width, q3 = q2 + width
                for j in 0..<width {
                    o[j] = r.accumulate(r.accumulate(r.accumulate(r.accumulate(o[j], q0[j]), q1[j]), q2[j]), q3[j])
                }
                row += 4
            }
            while row < rowCount {
                let q0 = q + row * width
                for j in 0..<width { o[j] = r.accumulate(o[j], q0[j]) }
                row += 1
            }
        }
        let wanted = R.splits ? Swift.min(ForkJoin.chunkCount(count: rows * width, grain: grain), rows, ForkJoin.parallelism) : 1
        if wanted <= 1 {
            fold(src, rows, dst)
            return
        }
        let size = (rows + wanted - 1) / wanted
        let pieces = (rows + size - 1) / size
        let scratch = UnsafeMutablePointer<R.Result>.allocate(capacity: (pieces - 1) * width)
        defer { scratch.deallocate() }
        ForkJoin.run(chunks: pieces) { k in
            let first = k * size, count = Swift.min(size, rows - first)
            fold(src + first * width, count, k == 0 ? dst : scratch + (k - 1) * width)
        }
        for k in 1..<pieces {
            let part = scratch + (k - 1) * width
            for j in 0..<width { dst[j] = r.combine(dst[j], part[j]) }
            part.deinitialize(count: width)
        }
    }

    /// Any other layout: kept axes first, reduced axes last.
    @inlinable
    func _reduceStrided<R: _NDReduction>(_ reduced: [Int], outer: Int, inner: Int,
                                         into dst: UnsafeMutablePointer<R.Result>, grain: Int, _ r: R)
        where R.Input == Element {
        let kept = (0..<ndim).filter { !reduced.contains($0) }
        let view = transposed(kept + reduced)
        let redShape = Array(view.shape.suffix(reduced.count)), redStrides = Array(view.strides.suffix(reduced.count))
        let rowLoop = _StridedLoop(shape: redShape, strides: [redStrides])
        if rowLoop.shape.count == 1 {
            // The reduced block is one evenly strided row per output.
            let stride = rowLoop.innerStride(0)
            let outerLoop = _StridedLoop(shape: kept.map { shape[$0] }, strides: [Array(view.strides.prefix(kept.count))])
            let step = outerLoop.innerStride(0)
            let src = UnsafePointer(_base)
            ForkJoin.parallelFor(count: outer, grain: Swift.max(1, grain / Swift.max(inner, 1))) { range in
                var position = range.lowerBound
                outerLoop.forEachRow(in: range) { offsets, n in
                    for j in 0..<n {
                        (dst + position + j).initialize(to: r.row(src + offsets[0] + j * step, inner, stride))
                    }
                    position += n
                }
            }
            withExtendedLifetime(self) {}
            return
        }
        // Gather the view contiguously; then each output is one row.
        let packed = view.copy()
        _reduceRows(UnsafePointer(packed._base), outer: outer, inner: inner, into: dst, grain: grain, r)
        withExtendedLifetime(packed) {}
    }
}
