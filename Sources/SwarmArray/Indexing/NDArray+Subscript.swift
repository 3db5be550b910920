import SwarmCore

extension NDArray {
    /// The element at a full index: one integer per dimension, negative
    /// counting from the end. Traps when out of range.
    @inlinable
    public subscript(_ indices: Int...) -> Element {
        get { _base[_offset(of: indices)] }
        set {
            _makeUnique()
            _base[_offset(of: indices)] = newValue
        }
    }

    @inlinable
    func _offset(of indices: [Int]) -> Int {
        precondition(indices.count == ndim,
                     "\(indices.count) integer indices for an array of dimension \(ndim): use a[i, .all] for a sub-array")
        var off = 0
        for (axis, i) in indices.enumerated() {
            let n = shape[axis]
            let j = i < 0 ? i + n : i
            precondition(j >= 0 && j < n, "index \(i) is out of bounds for axis \(axis) with size \(n)")
            off += j * strides[axis]
        }
        return off
    }

    /// NumPy indexing: integers, ranges, strides, `.all`, `.newAxis`,
    /// `.ellipsis`, boolean masks and integer arrays (`.indices`, `[Int]`).
    ///
    /// Integers, ranges and new axes give a view; masks and integer arrays
    /// give a copy, shaped as NumPy shapes it. Assigning writes through any of
    /// them, broadcasting the new value to the selection's shape.
    @inlinable
    public subscript(_ entries: any NDIndexConvertible...) -> NDArray {
        get { _select(entries.map(\.ndIndex)) }
        set { _assign(entries.map(\.ndIndex), newValue) }
    }

    /// Assigns one value to every selected element (`a[mask] = 0`).
    @inlinable
    public subscript(_ entries: any NDIndexConvertible..., fill value: Element) -> NDArray {
        get { _select(entries.map(\.ndIndex)) }
        set { _assign(entries.map(\.ndIndex), NDArray(scalar: value)) }
    }

    /// The selection `entries` make.
    @usableFromInline
    func _select(_ entries: [NDIndex]) -> NDArray {
        if entries.count == 1, case .mask(let m) = entries[0].kind, m.shape == shape {
            return _compress(m)
        }
        let plan = _IndexPlan(self, entries)
        if plan.isBasic { return plan.view }
        return _gather(plan)
    }

    /// Writes `value` (broadcast) into the selection `entries` make.
    @usableFromInline
    mutating func _assign(_ entries: [NDIndex], _ value: NDArray) {
        _makeUnique()
        let source = value.storage === storage ? value.copy() : value
        let plan = _IndexPlan(self, entries)
        if plan.isBasic {
            var view = plan.view
            guard let b = _Layout.broadcast(view.shape, source.shape), b == view.shape else {
                preconditionFailure("could not broadcast input array from shape \(_Layout.describe(source.shape)) into shape \(_Layout.describe(view.shape))")
            }
            // The view shares our (unique) storage: write through it directly.
            view._assign(from: source) { $0 }
            return
        }
        _scatter(plan, source)
    }

    /// The elements where `mask` (of the array's shape) is true, in C order.
    @usableFromInline
    func _compress(_ mask: NDArray<Bool>) -> NDArray {
        let a = contiguous(), m = mask.contiguous()
        let n = a.count
        let pieces = ForkJoin.chunkCount(count: n, grain: _Grain.cheap * 4)
        let size = (n + pieces - 1) / Swift.max(pieces, 1)
        var counts = [Int](repeating: 0, count: pieces + 1)
        let mp = m._base, ap = a._base
        counts.withUnsafeMutableBufferPointer { c in
            let cp = c.baseAddress!
            ForkJoin.run(chunks: pieces) { k in
                var t = 0
                for i in (k * size)..<Swift.min(n, (k + 1) * size) where mp[i] { t += 1 }
                cp[k + 1] = t
            }
        }
        for k in 0..<pieces { counts[k + 1] += counts[k] }
        let out = NDArray(_uninitializedShape: [counts[pieces]])
        let op = out._base
        counts.withUnsafeBufferPointer { c in
            let cp = c.baseAddress!
            ForkJoin.run(chunks: pieces) { k in
                let j = cp[k]
                _compressRange(op, ap, mp, from: k * size, to: Swift.min(n, (k + 1) * size), at: j)
            }
        }
        withExtendedLifetime((a, m)) {}
        return out
    }

    /// For each advanced position, the [advanced..., rest...] layout of the
    /// rest axes as a strided loop, and the permutation back to NumPy's order.
    @usableFromInline
    func _advancedLayout(_ plan: _IndexPlan<Element>) -> (rest: [Int], restStrides: [Int], order: [Int]?) {
        let view = plan.view
        let rest = plan.restAxes
        let b = plan.indexArrays[0].ndim
        var order: [Int]? = nil
        if plan.adjacent && plan.advancedAxes[0] > 0 {
            // Result dims are [B..., rest...]; NumPy puts B at the first advanced axis.
            let first = plan.advancedAxes[0]
            let pre = Array(0..<first).map { b + $0 }
            let post = Array(first..<rest.count).map { b + $0 }
            order = pre + Array(0..<b) + post
        }
        return (rest.map { view.shape[$0] }, rest.map { view.strides[$0] }, order)
    }

    @usableFromInline
    func _gather(_ plan: _IndexPlan<Element>) -> NDArray {
        let (restShape, restStrides, order) = _advancedLayout(plan)
        let bShape = plan.indexArrays[0].shape
        let positions = plan.indexArrays[0].count
        let restCount = _Layout.count(restShape)
        let out = NDArray(_uninitializedShape: bShape + restShape)
        let src = plan.view._base, dst = out._base
        plan.withAdvancedOffsets { offset in
            if restCount == 1 {
                _gatherElements(dst, src, positions, offset)
            } else if restCount > 0 {
                let loop = _StridedLoop(shape: restShape, strides: [restStrides])
                let s = loop.innerStride(0)
                ForkJoin.parallelFor(count: positions, grain: Swift.max(1, 16_384 / restCount)) { r in
                    for i in r {
                        var j = i * restCount
                        let base = src + offset(i)
                        loop.forEachRow(in: 0..<restCount) { o, n in
                            for t in 0..<n { dst[j + t] = base[o[0] + t * s] }
                            j += n
                        }
                    }
                }
            }
        }
        withExtendedLifetime(plan) {}
        guard let order else { return out }
        return out.transposed(order).contiguous()
    }

    @usableFromInline
    mutating func _scatter(_ plan: _IndexPlan<Element>, _ value: NDArray) {
        let (restShape, restStrides, order) = _advancedLayout(plan)
        let target = plan.resultShape
        guard let b = _Layout.broadcast(target, value.shape), b == target else {
            preconditionFailure("shape mismatch: value array of shape \(_Layout.describe(value.shape)) could not be broadcast to indexing result of shape \(_Layout.describe(target))")
        }
        var v = value.broadcast(to: target)
        if let order {
            var inverse = order
            for (i, o) in order.enumerated() { inverse[o] = i }
            v = v.transposed(inverse)
        }
        let values = v.contiguous()
        let restCount = _Layout.count(restShape)
        let dst = plan.view._base, src = values._base
        let positions = plan.indexArrays[0].count
        // Sequential: with repeated positions the last write wins, as in NumPy.
        plan.withAdvancedOffsets { offset in
            if restCount == 1 {
                for i in 0..<positions { dst[offset(i)] = src[i] }
            } else if restCount > 0 {
                let loop = _StridedLoop(shape: restShape, strides: [restStrides])
                let s = loop.innerStride(0)
                for i in 0..<positions {
                    var j = i * restCount
                    let base = dst + offset(i)
                    loop.forEachRow(in: 0..<restCount) { o, n in
                        for t in 0..<n { base[o[0] + t * s] = src[j + t] }
                        j += n
                    }
                }
            }
        }
        withExtendedLifetime((plan, values)) {}
    }
}

// Element copies in the generic code above go through these, which move
// the bytes as a plain integer type of the element's size: every
// NDArrayElement is bitwise-copyable, and a generic `dst[i] = src[j]`
// that is not specialised for the caller's type (these functions are not
// inlinable) costs a value-witness call per element, 95% of a 10^7-index
// gather's time.

/// `dst[i] = src[offset(i)]` for i in 0..<count, on all cores.
@usableFromInline
func _gatherElements<Element>(_ dst: UnsafeMutablePointer<Element>, _ src: UnsafePointer<Element>, _ count: Int,
                              _ offset: _IndexOffsets) {
    let d = UnsafeMutableRawPointer(dst), s = UnsafeRawPointer(src)
    switch (MemoryLayout<Element>.size, MemoryLayout<Element>.stride) {
    case (8, 8) where MemoryLayout<Element>.alignment >= 8: _gatherWords(UInt64.self, d, s, count, offset)
    case (8, 8): _gatherWords(_TwoHalves.self, d, s, count, offset)
    case (4, 4): _gatherWords(UInt32.self, d, s, count, offset)
    case (1, 1): _gatherWords(UInt8.self, d, s, count, offset)
    case (2, 2): _gatherWords(UInt16.self, d, s, count, offset)
    case (16, 16) where MemoryLayout<Element>.alignment >= 8: _gatherWords(_TwoWords.self, d, s, count, offset)
    default:
        ForkJoin.parallelFor(count: count, grain: 16_384) { r in
            for i in r { dst[i] = src[offset(i)] }
        }
    }
}

/// ``_gatherElements(_:_:_:_:)`` on elements seen as `W` (a concrete type
/// at every call, so this is specialised: plain loads and stores).
func _gatherWords<W>(_: W.Type, _ dst: UnsafeMutableRawPointer, _ src: UnsafeRawPointer, _ count: Int,
                     _ offset: _IndexOffsets) {
    let d = dst.assumingMemoryBound(to: W.self), s = src.assumingMemoryBound(to: W.self)
    ForkJoin.parallelFor(count: count, grain: 16_384) { r in
        for i in r { d[i] = s[offset(i)] }
    }
}

/// Copies `src[i]` for each i in from..<to where `mask[i]`, in order, to `dst` from index `at`.
@usableFromInline
func _compressRange<Element>(_ dst: UnsafeMutablePointer<Element>, _ src: UnsafePointer<Element>, _ mask: UnsafePointer<Bool>,
                             from: Int, to: Int, at start: Int) {
    let d = UnsafeMutableRawPointer(dst), s = UnsafeRawPointer(src)
    switch (MemoryLayout<Element>.size, MemoryLayout<Element>.stride) {
    case (8, 8) where MemoryLayout<Element>.alignment >= 8: _compressWords(UInt64.self, d, s, mask, from, to, start)
    case (8, 8): _compressWords(_TwoHalves.self, d, s, mask, from, to, start)
    case (4, 4): _compressWords(UInt32.self, d, s, mask, from, to, start)
    case (1, 1): _compressWords(UInt8.self, d, s, mask, from, to, start)
    case (2, 2): _compressWords(UInt16.self, d, s, mask, from, to, start)
    case (16, 16) where MemoryLayout<Element>.alignment >= 8: _compressWords(_TwoWords.self, d, s, mask, from, to, start)
    default:
        var j = start
        for i in from..<to where mask[i] {
            dst[j] = src[i]
            j += 1
        }
    }
}

/// ``_compressRange(_:_:_:from:to:at:)`` on elements seen as `W`.
func _compressWords<W>(_: W.Type, _ dst: UnsafeMutableRawPointer, _ src: UnsafeRawPointer, _ mask: UnsafePointer<Bool>,
                       _ from: Int, _ to: Int, _ start: Int) {
    let d = dst.assumingMemoryBound(to: W.self), s = src.assumingMemoryBound(to: W.self)
    var j = start
    for i in from..<to where mask[i] {
        d[j] = s[i]
        j += 1
    }
}

/// Eight bytes with the alignment of a `UInt32` (a `Complex<Float>`).
@usableFromInline
struct _TwoHalves {
    var low: UInt32
    var high: UInt32
}

/// Sixteen bytes with the alignment of a `UInt64` (a `Complex<Double>`).
@usableFromInline
struct _TwoWords {
    var low: UInt64
    var high: UInt64
}
