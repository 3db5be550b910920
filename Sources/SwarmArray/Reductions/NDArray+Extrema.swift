extension NDArray where Element: Comparable {
    /// The largest element; NaN if any element is NaN. Traps on an empty
    /// array, which has no maximum.
    @inlinable
    public func max() -> Element {
        precondition(count > 0, "zero-size array to reduction operation maximum which has no identity")
        return _reduceAll(_ExtremumReduction<Element>(max: true))
    }

    /// Maxima along the given axes.
    @inlinable
    public func max(axes: [Int], keepdims: Bool = false) -> NDArray<Element> {
        let reduced = _reducedAxes(axes)
        precondition(reduced.allSatisfy { shape[$0] > 0 },
                     "zero-size array to reduction operation maximum which has no identity")
        return _reduce(reduced: reduced, keepdims: keepdims, _ExtremumReduction<Element>(max: true))
    }

    /// Maxima along one axis.
    @inlinable
    public func max(axis: Int, keepdims: Bool = false) -> NDArray<Element> { max(axes: [axis], keepdims: keepdims) }

    /// The smallest element; NaN if any element is NaN. Traps on an empty array.
    @inlinable
    public func min() -> Element {
        precondition(count > 0, "zero-size array to reduction operation minimum which has no identity")
        return _reduceAll(_ExtremumReduction<Element>(max: false))
    }

    /// Minima along the given axes.
    @inlinable
    public func min(axes: [Int], keepdims: Bool = false) -> NDArray<Element> {
        let reduced = _reducedAxes(axes)
        precondition(reduced.allSatisfy { shape[$0] > 0 },
                     "zero-size array to reduction operation minimum which has no identity")
        return _reduce(reduced: reduced, keepdims: keepdims, _ExtremumReduction<Element>(max: false))
    }

    /// Minima along one axis.
    @inlinable
    public func min(axis: Int, keepdims: Bool = false) -> NDArray<Element> { min(axes: [axis], keepdims: keepdims) }

    /// The C-order position of the first maximum (of the first NaN if any).
    @inlinable
    public func argmax() -> Int {
        precondition(count > 0, "attempt to get argmax of an empty sequence")
        return _reduceAll(_ArgExtremumReduction<Element>(max: true))
    }

    /// Positions of the first maxima along one axis.
    @inlinable
    public func argmax(axis: Int, keepdims: Bool = false) -> NDArray<Int> {
        precondition(shape[_Layout.axis(axis, ndim: ndim)] > 0, "attempt to get argmax of an empty sequence")
        return _reduce(axes: [axis], keepdims: keepdims, _ArgExtremumReduction<Element>(max: true))
    }

    /// The C-order position of the first minimum (of the first NaN if any).
    @inlinable
    public func argmin() -> Int {
        precondition(count > 0, "attempt to get argmin of an empty sequence")
        return _reduceAll(_ArgExtremumReduction<Element>(max: false))
    }

    /// Positions of the first minima along one axis.
    @inlinable
    public func argmin(axis: Int, keepdims: Bool = false) -> NDArray<Int> {
        precondition(shape[_Layout.axis(axis, ndim: ndim)] > 0, "attempt to get argmin of an empty sequence")
        return _reduce(axes: [axis], keepdims: keepdims, _ArgExtremumReduction<Element>(max: false))
    }
}

extension NDArray {
    /// Whether any element is nonzero (true for `Bool`).
    @inlinable
    public func any() -> Bool {
        count == 0 ? false : _reduceAll(_TruthReduction<Element>(any: true))
    }

    /// Whether every element is nonzero.
    @inlinable
    public func all() -> Bool {
        count == 0 ? true : _reduceAll(_TruthReduction<Element>(any: false))
    }

    /// Whether any element is nonzero, along one axis.
    @inlinable
    public func any(axis: Int, keepdims: Bool = false) -> NDArray<Bool> { any(axes: [axis], keepdims: keepdims) }

    /// Whether any element is nonzero, over several axes.
    @inlinable
    public func any(axes: [Int], keepdims: Bool = false) -> NDArray<Bool> {
        let reduced = _reducedAxes(axes)
        if reduced.contains(where: { shape[$0] == 0 }) { return .zeros(_reducedShape(reduced, keepdims: keepdims)) }
        return _reduce(axes: axes, keepdims: keepdims, _TruthReduction<Element>(any: true))
    }

    /// Whether every element is nonzero, along one axis.
    @inlinable
    public func all(axis: Int, keepdims: Bool = false) -> NDArray<Bool> { all(axes: [axis], keepdims: keepdims) }

    /// Whether every element is nonzero, over several axes.
    @inlinable
    public func all(axes: [Int], keepdims: Bool = false) -> NDArray<Bool> {
        let reduced = _reducedAxes(axes)
        if reduced.contains(where: { shape[$0] == 0 }) { return .ones(_reducedShape(reduced, keepdims: keepdims)) }
        return _reduce(axes: axes, keepdims: keepdims, _TruthReduction<Element>(any: false))
    }
}
