import SwarmCore

/// How a reduction treats one row and how partial results merge.
///
/// `row(pointer, count, stride)` reduces `count` elements spaced `stride`
/// apart (never zero elements). `combine` merges two partial results, so a
/// long row can be cut among cores. `lift` and `accumulate` enable the
/// column path: for a reduction over a leading axis of a C-ordered array,
/// whole rows are folded into the output vector one after another, which
/// reads memory in order instead of striding down columns.
@usableFromInline
struct _Reducer<Element, R> {
    @usableFromInline let row: (UnsafePointer<Element>, Int, Int) -> R
    @usableFromInline let combine: (R, R) -> R
    @usableFromInline let lift: ((Element) -> R)?
    @usableFromInline let accumulate: ((R, Element) -> R)?

    @inlinable
    init(row: @escaping (UnsafePointer<Element>, Int, Int) -> R, combine: @escaping (R, R) -> R,
         lift: ((Element) -> R)? = nil, accumulate: ((R, Element) -> R)? = nil) {
        self.row = row
        self.combine = combine
        self.lift = lift
        self.accumulate = accumulate
    }
}

extension NDArray {
    /// The normalized, sorted, distinct reduced axes (all when nil).
    @inlinable
    func _reducedAxes(_ axes: [Int]?) -> [Int] {
        guard let axes else { return Array(0..<ndim) }
        let list = axes.map { _Layout.axis($0, ndim: ndim) }
        precondition(Set(list).count == list.count, "duplicate value in 'axis': \(axes)")
        return list.sorted()
    }

    /// The shape of a reduction's result.
    @inlinable
    func _reducedShape(_ reduced: [Int], keepdims: Bool) -> [Int] {
        keepdims ? shape.indices.map { reduced.contains($0) ? 1 : shape[$0] }
                 : shape.indices.filter { !reduced.contains($0) }.map { shape[$0] }
    }

    /// Reduces over `axes` (all when nil) with `reducer`; every reduced slice
    /// must be non-empty (the caller handles empty reductions).
    @inlinable
    func _reduce<R>(axes: [Int]?, keepdims: Bool, grain: Int = _Grain.cheap, _ reducer: _Reducer<Element, R>) -> NDArray<R> {
        let reduced = _reducedAxes(axes)
        let outShape = _reducedShape(reduced, keepdims: keepdims)
        let kept = (0..<ndim).filter { !reduced.contains($0) }
        let outer = kept.reduce(1) { $0 * shape[$1] }
        let inner = reduced.reduce(1) { $0 * shape[$1] }
        precondition(inner > 0 || outer == 0, "zero-size reduction has no identity")
        let out = NDArray<R>(_uninitializedShape: outShape)
        let dst = out._base
        if outer == 0 { return out }

        // Kept axes first, reduced axes last.
        let view = transposed(kept + reduced)
        let keptStrides = Array(view.strides.prefix(kept.count))
        let redShape = Array(view.shape.suffix(reduced.count)), redStrides = Array(view.strides.suffix(reduced.count))
        let rowLoop = _StridedLoop(shape: redShape, strides: [redStrides])
        let src = _base

        // A reduced block that is one evenly strided row.
        if rowLoop.shape.count == 1 {
            let stride = rowLoop.innerStride(0)
            if outer == 1 {
                let pieces = ForkJoin.chunkCount(count: inner, grain: grain)
                if pieces <= 1 {
                    dst[0] = reducer.row(src, inner, stride)
                } else {
                    let partials = UnsafeMutablePointer<R>.allocate(capacity: pieces)
                    let size = (inner + pieces - 1) / pieces
                    ForkJoin.run(chunks: pieces) { k in
                        let start = k * size
                        (partials + k).initialize(to: reducer.row(src + start * stride, Swift.min(size, inner - start), stride))
                    }
                    var total = partials[0]
                    for k in 1..<pieces { total = reducer.combine(total, partials[k]) }
                    dst[0] = total
                    partials.deinitialize(count: pieces)
                    partials.deallocate()
                }
                withExtendedLifetime(self) {}
                return out
            }
            // Several outputs. When the kept axes are contiguous in memory and
            // the rows are far apart, fold whole rows into the output vector.
            let outerLoop = _StridedLoop(shape: kept.map { shape[$0] }, strides: [keptStrides])
            if let lift = reducer.lift, let accumulate = reducer.accumulate,
               outerLoop.shape.count == 1, outerLoop.innerStride(0) == 1, stride != 1 {
                let n = outer
                ForkJoin.parallelFor(count: n, grain: Swift.max(1, grain / Swift.max(inner, 1))) { r in
                    let o = dst + r.lowerBound
                    var p = src + r.lowerBound
                    for j in 0..<r.count { (o + j).initialize(to: lift(p[j])) }
                    for _ in 1..<inner {
                        p += stride
                        for j in 0..<r.count { o[j] = accumulate(o[j], p[j]) }
                    }
                }
                withExtendedLifetime(self) {}
                return out
            }
            let step = outerLoop.innerStride(0)
            ForkJoin.parallelFor(count: outer, grain: Swift.max(1, grain / Swift.max(inner, 1))) { r in
                // Outputs are in C order, the order the loop visits them.
                var position = r.lowerBound
                outerLoop.forEachRow(in: r) { offsets, count in
                    for j in 0..<count {
                        (dst + position + j).initialize(to: reducer.row(src + offsets[0] + j * step, inner, stride))
                    }
                    position += count
                }
            }
            withExtendedLifetime(self) {}
            return out
        }
        // Anything else: reduce a contiguous copy of the permuted view.
        return view.copy()._reduce(axes: Array(kept.count..<ndim), keepdims: false, grain: grain, reducer)
            .reshaped(outShape)
    }
}
