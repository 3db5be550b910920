extension NDArray where Element: Comparable {
    /// Finds the maximum of a strided row; NaN (an element unequal to
    /// itself) wins, as in NumPy.
    @inlinable
    static func _rowMax(_ p: UnsafePointer<Element>, _ n: Int, _ s: Int) -> Element {
        var m = p[0]
        var nan = m != m
        for i in 1..<Swift.max(n, 1) where i < n {
            let x = p[i * s]
            nan = nan || x != x
            m = x > m ? x : m
        }
        return nan ? (0..<n).lazy.map { p[$0 * s] }.first { $0 != $0 }! : m
    }

    @inlinable
    static func _rowMin(_ p: UnsafePointer<Element>, _ n: Int, _ s: Int) -> Element {
        var m = p[0]
        var nan = m != m
        for i in 1..<Swift.max(n, 1) where i < n {
            let x = p[i * s]
            nan = nan || x != x
            m = x < m ? x : m
        }
        return nan ? (0..<n).lazy.map { p[$0 * s] }.first { $0 != $0 }! : m
    }

    @inlinable
    static func _pickMax(_ a: Element, _ b: Element) -> Element { (a != a || a >= b) ? a : b }
    @inlinable
    static func _pickMin(_ a: Element, _ b: Element) -> Element { (a != a || a <= b) ? a : b }

    /// The largest element; NaN if any element is NaN. Traps on an empty
    /// array, which has no maximum.
    @inlinable
    public func max() -> Element {
        precondition(count > 0, "zero-size array to reduction operation maximum which has no identity")
        return _reduce(axes: nil, keepdims: false, _Reducer(row: Self._rowMax, combine: Self._pickMax)).item
    }

    /// Maxima along the given axes.
    @inlinable
    public func max(axes: [Int], keepdims: Bool = false) -> NDArray<Element> {
        precondition(_reducedAxes(axes).allSatisfy { shape[$0] > 0 },
                     "zero-size array to reduction operation maximum which has no identity")
        return _reduce(axes: axes, keepdims: keepdims, _Reducer(row: Self._rowMax, combine: Self._pickMax,
                                                                lift: { $0 }, accumulate: Self._pickMax))
    }

    /// Maxima along one axis.
    @inlinable
    public func max(axis: Int, keepdims: Bool = false) -> NDArray<Element> { max(axes: [axis], keepdims: keepdims) }

    /// The smallest element; NaN if any element is NaN. Traps on an empty array.
    @inlinable
    public func min() -> Element {
        precondition(count > 0, "zero-size array to reduction operation minimum which has no identity")
        return _reduce(axes: nil, keepdims: false, _Reducer(row: Self._rowMin, combine: Self._pickMin)).item
    }

    /// Minima along the given axes.
    @inlinable
    public func min(axes: [Int], keepdims: Bool = false) -> NDArray<Element> {
        precondition(_reducedAxes(axes).allSatisfy { shape[$0] > 0 },
                     "zero-size array to reduction operation minimum which has no identity")
        return _reduce(axes: axes, keepdims: keepdims, _Reducer(row: Self._rowMin, combine: Self._pickMin,
                                                                lift: { $0 }, accumulate: Self._pickMin))
    }

    /// Minima along one axis.
    @inlinable
    public func min(axis: Int, keepdims: Bool = false) -> NDArray<Element> { min(axes: [axis], keepdims: keepdims) }

    /// Position of the first maximum in a strided row (the first NaN if any).
    @inlinable
    static func _rowArgmax(_ p: UnsafePointer<Element>, _ n: Int, _ s: Int) -> Int {
        var best = 0
        var m = p[0]
        if m != m { return 0 }
        for i in 1..<Swift.max(n, 1) where i < n {
            let x = p[i * s]
            if x != x { return i }
            if x > m { m = x; best = i }
        }
        return best
    }

    @inlinable
    static func _rowArgmin(_ p: UnsafePointer<Element>, _ n: Int, _ s: Int) -> Int {
        var best = 0
        var m = p[0]
        if m != m { return 0 }
        for i in 1..<Swift.max(n, 1) where i < n {
            let x = p[i * s]
            if x != x { return i }
            if x < m { m = x; best = i }
        }
        return best
    }

    /// The C-order position of the first maximum (of the first NaN if any).
    @inlinable
    public func argmax() -> Int {
        precondition(count > 0, "attempt to get argmax of an empty sequence")
        let c = contiguous()
        return c.withUnsafeBufferPointer { Self._rowArgmax($0.baseAddress!, $0.count, 1) }
    }

    /// Positions of the first maxima along one axis.
    @inlinable
    public func argmax(axis: Int, keepdims: Bool = false) -> NDArray<Int> {
        precondition(shape[_Layout.axis(axis, ndim: ndim)] > 0, "attempt to get argmax of an empty sequence")
        // Combining partial positions is not meaningful: rows are never split.
        return _reduce(axes: [axis], keepdims: keepdims, grain: Int.max / 4,
                       _Reducer(row: Self._rowArgmax, combine: { a, _ in a }))
    }

    /// The C-order position of the first minimum (of the first NaN if any).
    @inlinable
    public func argmin() -> Int {
        precondition(count > 0, "attempt to get argmin of an empty sequence")
        let c = contiguous()
        return c.withUnsafeBufferPointer { Self._rowArgmin($0.baseAddress!, $0.count, 1) }
    }

    /// Positions of the first minima along one axis.
    @inlinable
    public func argmin(axis: Int, keepdims: Bool = false) -> NDArray<Int> {
        precondition(shape[_Layout.axis(axis, ndim: ndim)] > 0, "attempt to get argmin of an empty sequence")
        return _reduce(axes: [axis], keepdims: keepdims, grain: Int.max / 4,
                       _Reducer(row: Self._rowArgmin, combine: { a, _ in a }))
    }
}

extension NDArray {
    /// Whether any element is nonzero (true for `Bool`).
    @inlinable
    public func any() -> Bool {
        count == 0 ? false : _reduce(axes: nil, keepdims: false, _Reducer(
            row: { p, n, s in (0..<n).contains { p[$0 * s] != .zero } }, combine: { $0 || $1 })).item
    }

    /// Whether every element is nonzero.
    @inlinable
    public func all() -> Bool {
        count == 0 ? true : _reduce(axes: nil, keepdims: false, _Reducer(
            row: { p, n, s in (0..<n).allSatisfy { p[$0 * s] != .zero } }, combine: { $0 && $1 })).item
    }

    /// Whether any element is nonzero, along one axis.
    @inlinable
    public func any(axis: Int, keepdims: Bool = false) -> NDArray<Bool> {
        let a = _Layout.axis(axis, ndim: ndim)
        if shape[a] == 0 { return .zeros(_reducedShape([a], keepdims: keepdims)) }
        return _reduce(axes: [axis], keepdims: keepdims, _Reducer(
            row: { p, n, s in (0..<n).contains { p[$0 * s] != .zero } }, combine: { $0 || $1 },
            lift: { $0 != .zero }, accumulate: { $0 || $1 != .zero }))
    }

    /// Whether every element is nonzero, along one axis.
    @inlinable
    public func all(axis: Int, keepdims: Bool = false) -> NDArray<Bool> {
        let a = _Layout.axis(axis, ndim: ndim)
        if shape[a] == 0 { return .ones(_reducedShape([a], keepdims: keepdims)) }
        return _reduce(axes: [axis], keepdims: keepdims, _Reducer(
            row: { p, n, s in (0..<n).allSatisfy { p[$0 * s] != .zero } }, combine: { $0 && $1 },
            lift: { $0 != .zero }, accumulate: { $0 && $1 != .zero }))
    }
}
