extension NDArray where Element: NDArrayNumeric {
    /// The sum of all elements (pairwise, as accurate as NumPy's; integers
    /// sum in `Int` or `UInt64`). An empty array sums to zero.
    @inlinable
    public func sum() -> Element.SumType {
        count == 0 ? .zero : _reduceAll(_SumReduction<Element>())
    }

    /// Sums along one axis.
    ///
    /// - Parameters:
    ///   - axis: the axis to sum over (negative counts from the end).
    ///   - keepdims: keep the summed axis with length one.
    @inlinable
    public func sum(axis: Int, keepdims: Bool = false) -> NDArray<Element.SumType> {
        sum(axes: [axis], keepdims: keepdims)
    }

    /// Sums over several axes at once.
    @inlinable
    public func sum(axes: [Int], keepdims: Bool = false) -> NDArray<Element.SumType> {
        let reduced = _reducedAxes(axes)
        if reduced.contains(where: { shape[$0] == 0 }) {
            return .zeros(_reducedShape(reduced, keepdims: keepdims))
        }
        return _reduce(reduced: reduced, keepdims: keepdims, _SumReduction<Element>())
    }

    /// The product of all elements; an empty array gives one.
    @inlinable
    public func prod() -> Element.SumType {
        count == 0 ? .one : _reduceAll(_ProdReduction<Element>())
    }

    /// Products along one axis.
    @inlinable
    public func prod(axis: Int, keepdims: Bool = false) -> NDArray<Element.SumType> {
        prod(axes: [axis], keepdims: keepdims)
    }

    /// Products over several axes.
    @inlinable
    public func prod(axes: [Int], keepdims: Bool = false) -> NDArray<Element.SumType> {
        let reduced = _reducedAxes(axes)
        if reduced.contains(where: { shape[$0] == 0 }) {
            return .ones(_reducedShape(reduced, keepdims: keepdims))
        }
        return _reduce(reduced: reduced, keepdims: keepdims, _ProdReduction<Element>())
    }

    /// Running sums along `axis` (the flattened array when nil), NumPy's `cumsum`.
    @inlinable
    public func cumsum(axis: Int? = nil) -> NDArray<Element.SumType> {
        _scan(axis: axis) { Element.SumType._add($0, $1) }
    }

    /// Running products along `axis` (the flattened array when nil), NumPy's `cumprod`.
    @inlinable
    public func cumprod(axis: Int? = nil) -> NDArray<Element.SumType> {
        _scan(axis: axis) { Element.SumType._multiply($0, $1) }
    }

    @inlinable
    func _scan(axis: Int?, _ f: (Element.SumType, Element.SumType) -> Element.SumType) -> NDArray<Element.SumType> {
        guard let axis else { return raveled()._scan(axis: 0, f) }
        let a = _Layout.axis(axis, ndim: ndim)
        // Move the scanned axis last and make the lanes contiguous.
        let lanes = moveaxis(a, -1).contiguous()
        let n = shape[a], rows = n == 0 ? 0 : lanes.count / n
        var out = NDArray<Element.SumType>(_uninitializedShape: lanes.shape)
        let src = lanes._base, dst = out._base
        for r in 0..<rows {
            let p = src + r * n, o = dst + r * n
            var acc = p[0]._sumValue
            o.initialize(to: acc)
            for i in 1..<Swift.max(n, 1) where i < n {
                acc = f(acc, p[i]._sumValue)
                (o + i).initialize(to: acc)
            }
        }
        withExtendedLifetime(lanes) {}
        out = out.moveaxis(-1, a)
        return out.contiguous()
    }
}
