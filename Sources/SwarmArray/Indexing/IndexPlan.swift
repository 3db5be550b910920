import SwarmCore

/// What a subscript selects: a strided view, plus, for advanced (mask or
/// integer-array) indices, the positions to gather from it.
@usableFromInline
struct _IndexPlan<Element: NDArrayElement> {
    /// The basic part: slices, integers and new axes applied. Advanced
    /// entries keep their axes here, at `advancedAxes`.
    @usableFromInline var view: NDArray<Element>
    /// The axes of `view` that advanced indices select along.
    @usableFromInline var advancedAxes: [Int] = []
    /// The advanced index arrays, broadcast to one shape, made contiguous.
    @usableFromInline var indexArrays: [NDArray<Int>] = []
    /// Whether the advanced axes are next to each other (NumPy then keeps
    /// the result's advanced dimensions in their place; otherwise first).
    @usableFromInline var adjacent = true

    @usableFromInline var isBasic: Bool { advancedAxes.isEmpty }

    @usableFromInline
    init(_ array: NDArray<Element>, _ entries: [NDIndex]) {
        // Each mask stands for as many axes as it has dimensions.
        var items: [NDIndex] = []
        for e in entries {
            if case .mask(let m) = e.kind, m.ndim != 1 || array.ndim == 0 {
                if m.ndim == 0 { items.append(e); continue }
                for k in m.nonzero() { items.append(.indices(k)) }
            } else if case .mask(let m) = e.kind {
                items.append(.indices(m.nonzero()[0]))
            } else {
                items.append(e)
            }
        }
        let consumed = items.reduce(0) { n, e in
            switch e.kind { case .newAxis, .ellipsis: return n; default: return n + 1 }
        }
        precondition(items.filter { if case .ellipsis = $0.kind { return true }; return false }.count <= 1,
                     "an index can only have a single ellipsis ('...')")
        precondition(consumed <= array.ndim,
                     "too many indices for array: array is \(array.ndim)-dimensional, but \(consumed) were indexed")
        var expanded: [NDIndex] = []
        for e in items {
            if case .ellipsis = e.kind {
                expanded += Array(repeating: NDIndex.all, count: array.ndim - consumed)
            } else {
                expanded.append(e)
            }
        }
        if !items.contains(where: { if case .ellipsis = $0.kind { return true }; return false }) {
            expanded += Array(repeating: NDIndex.all, count: array.ndim - consumed)
        }
        // Apply the basic entries; advanced ones keep their axis for later.
        let hasAdvanced = expanded.contains { if case .indices = $0.kind { return true }; return false }
        var shape: [Int] = [], strides: [Int] = []
        var offset = array.offset
        var axis = 0
        var advanced: [(Int, NDArray<Int>)] = []
        for e in expanded {
            switch e.kind {
            case .newAxis:
                shape.append(1); strides.append(0)
            case .index(let i):
                let n = array.shape[axis]
                let j = i < 0 ? i + n : i
                precondition(j >= 0 && j < n, "index \(i) is out of bounds for axis \(axis) with size \(n)")
                if hasAdvanced {
                    // With advanced indices present an integer is one too.
                    advanced.append((shape.count, NDArray<Int>(scalar: j)))
                    shape.append(n); strides.append(array.strides[axis])
                } else {
                    offset += j * array.strides[axis]
                }
                axis += 1
            case .slice(let start, let stop, let step):
                precondition(step != 0, "slice step cannot be zero")
                let n = array.shape[axis]
                let (first, length) = _sliceBounds(start, stop, step, n)
                offset += first * array.strides[axis]
                shape.append(length); strides.append(array.strides[axis] * step)
                axis += 1
            case .indices(let idx):
                advanced.append((shape.count, idx))
                shape.append(array.shape[axis]); strides.append(array.strides[axis])
                axis += 1
            case .mask(let m):
                // A 0-d mask: true keeps everything under a new axis, false selects nothing.
                advanced.append((shape.count, NDArray<Int>(shape: [m.item ? 1 : 0], elements: m.item ? [0] : [])))
                shape.append(1); strides.append(0)
            case .ellipsis:
                break
            }
        }
        if offset < 0 || shape.contains(0) { offset = Swift.max(offset, 0) }
        view = NDArray(storage: array.storage, offset: offset, shape: shape, strides: strides)
        if !advanced.isEmpty {
            advancedAxes = advanced.map(\.0)
            let arrays = broadcastArrays(advanced.map(\.1))
            indexArrays = arrays.map { $0.contiguous() }
            adjacent = zip(advancedAxes, advancedAxes.dropFirst()).allSatisfy { $1 == $0 + 1 }
        }
    }

    /// The shape of the selection.
    @usableFromInline
    var resultShape: [Int] {
        if isBasic { return view.shape }
        let b = indexArrays[0].shape
        if adjacent {
            return Array(view.shape[..<advancedAxes[0]]) + b + Array(view.shape[(advancedAxes.last! + 1)...])
        }
        return b + restAxes.map { view.shape[$0] }
    }

    /// The axes of `view` that no advanced index selects along, in order.
    @usableFromInline
    var restAxes: [Int] { view.shape.indices.filter { !advancedAxes.contains($0) } }

    /// Calls `body` with a function giving the storage offset (from the
    /// view's base) of advanced position `i`: each index checked against its
    /// axis (trapping with NumPy's message) and wrapped if negative.
    @inlinable
    func withAdvancedOffsets<R>(_ body: (_IndexOffsets) -> R) -> R {
        let k = indexArrays.count
        return withUnsafeTemporaryAllocation(of: UnsafePointer<Int>.self, capacity: k) { pointers in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * k) { numbers in
                for j in 0..<k {
                    pointers[j] = UnsafePointer(indexArrays[j]._base)
                    numbers[j] = view.shape[advancedAxes[j]]
                    numbers[k + j] = view.strides[advancedAxes[j]]
                    numbers[2 * k + j] = advancedAxes[j]
                }
                let r = body(_IndexOffsets(count: k, indices: UnsafePointer(pointers.baseAddress!),
                                           numbers: UnsafePointer(numbers.baseAddress!)))
                withExtendedLifetime(indexArrays) {}
                return r
            }
        }
    }
}

/// The storage offsets of the positions an advanced index selects.
@usableFromInline
struct _IndexOffsets {
    @usableFromInline let count: Int
    /// Per index array, its elements.
    @usableFromInline let indices: UnsafePointer<UnsafePointer<Int>>
    /// Axis lengths, then strides, then axis numbers (for messages), `count` each.
    @usableFromInline let numbers: UnsafePointer<Int>

    @inlinable
    init(count: Int, indices: UnsafePointer<UnsafePointer<Int>>, numbers: UnsafePointer<Int>) {
        self.count = count
        self.indices = indices
        self.numbers = numbers
    }

    /// The offset of position `i`.
    @inlinable @inline(__always)
    func callAsFunction(_ i: Int) -> Int {
        var offset = 0
        for j in 0..<count {
            let v = indices[j][i], n = numbers[j]
            let w = v < 0 ? v + n : v
            if _slowPath(w < 0 || w >= n) {
                preconditionFailure("index \(v) is out of bounds for axis \(numbers[2 * count + j]) with size \(n)")
            }
            offset += w * numbers[count + j]
        }
        return offset
    }
}

/// NumPy's slice normalization: the first position and the length.
@inlinable
func _sliceBounds(_ start: Int?, _ stop: Int?, _ step: Int, _ n: Int) -> (Int, Int) {
    func clamp(_ v: Int, _ low: Int, _ high: Int) -> Int { Swift.min(Swift.max(v, low), high) }
    var lo: Int, hi: Int
    if step > 0 {
        lo = start.map { $0 < 0 ? clamp($0 + n, 0, n) : clamp($0, 0, n) } ?? 0
        hi = stop.map { $0 < 0 ? clamp($0 + n, 0, n) : clamp($0, 0, n) } ?? n
        let length = hi > lo ? (hi - lo + step - 1) / step : 0
        return (length > 0 ? lo : 0, length)
    } else {
        lo = start.map { $0 < 0 ? clamp($0 + n, -1, n - 1) : clamp($0, -1, n - 1) } ?? n - 1
        hi = stop.map { $0 < 0 ? clamp($0 + n, -1, n - 1) : clamp($0, -1, n - 1) } ?? -1
        let length = lo > hi ? (lo - hi + (-step) - 1) / (-step) : 0
        return (length > 0 ? lo : 0, length)
    }
}
