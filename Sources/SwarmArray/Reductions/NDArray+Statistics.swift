import RealModule

extension NDArray where Element: NDArrayNumeric & AlgebraicField, Element.SumType == Element {
    /// The arithmetic mean of all elements (NaN for an empty array, as NumPy).
    @inlinable
    public func mean() -> Element {
        sum() / Element(_ndInt64: Int64(count))
    }

    /// Means along one axis.
    @inlinable
    public func mean(axis: Int, keepdims: Bool = false) -> NDArray<Element> {
        mean(axes: [axis], keepdims: keepdims)
    }

    /// Means over several axes.
    @inlinable
    public func mean(axes: [Int], keepdims: Bool = false) -> NDArray<Element> {
        let n = _reducedAxes(axes).reduce(1) { $0 * shape[$1] }
        return sum(axes: axes, keepdims: keepdims) / Element(_ndInt64: Int64(n))
    }
}

extension NDArray where Element: NDArrayNumeric & FixedWidthInteger {
    /// The mean of integers, computed in `Double` as NumPy does.
    @inlinable
    public func mean() -> Double { astype(Double.self).mean() }

    /// Means of integers along one axis, in `Double`.
    @inlinable
    public func mean(axis: Int, keepdims: Bool = false) -> NDArray<Double> {
        astype(Double.self).mean(axis: axis, keepdims: keepdims)
    }
}

extension NDArray where Element: NDArrayNumeric & Real & BinaryFloatingPoint, Element.SumType == Element {
    /// The variance of all elements: the mean squared deviation from the mean,
    /// divided by `count - ddof` (NumPy's `var`).
    @inlinable
    public func variance(ddof: Int = 0) -> Element {
        let n = count
        if n == 0 { return .nan }
        let c = contiguous()
        let squares = c._reduceAll(_SquaredDeviationSum(c.mean()))
        return squares / Element(Swift.max(n - ddof, 0))
    }

    /// Variances along the given axes.
    @inlinable
    public func variance(axes: [Int], ddof: Int = 0, keepdims: Bool = false) -> NDArray<Element> {
        let n = _reducedAxes(axes).reduce(1) { $0 * shape[$1] }
        let deviations = self - mean(axes: axes, keepdims: true)
        let squares = NDArray._unaryElided(deviations, _USquare<Element>())
        return squares.sum(axes: axes, keepdims: keepdims) / Element(Swift.max(n - ddof, 0))
    }

    /// Variances along one axis.
    @inlinable
    public func variance(axis: Int, ddof: Int = 0, keepdims: Bool = false) -> NDArray<Element> {
        variance(axes: [axis], ddof: ddof, keepdims: keepdims)
    }

    /// The standard deviation of all elements (NumPy's `std`).
    @inlinable
    public func std(ddof: Int = 0) -> Element { variance(ddof: ddof).squareRoot() }

    /// Standard deviations along the given axes.
    @inlinable
    public func std(axes: [Int], ddof: Int = 0, keepdims: Bool = false) -> NDArray<Element> {
        sqrt(variance(axes: axes, ddof: ddof, keepdims: keepdims))
    }

    /// Standard deviations along one axis.
    @inlinable
    public func std(axis: Int, ddof: Int = 0, keepdims: Bool = false) -> NDArray<Element> {
        std(axes: [axis], ddof: ddof, keepdims: keepdims)
    }

    /// The `q`-th quantiles (0…1) of all elements with linear interpolation,
    /// NumPy's default method. NaN anywhere gives NaN.
    @inlinable
    public func quantile(_ q: [Element]) -> [Element] {
        var values = toArray()
        if values.contains(where: { $0.isNaN }) { return q.map { _ in .nan } }
        precondition(!values.isEmpty, "cannot take a quantile of an empty array")
        values.sort()
        return q.map { p in
            precondition(p >= 0 && p <= 1, "Quantiles must be in the range [0, 1]")
            let position = p * Element(values.count - 1)
            let lower = Int(position.rounded(.down))
            let upper = Swift.min(lower + 1, values.count - 1)
            let t = position - Element(lower)
            // NumPy's `_lerp`: a + (b - a) t, evaluated from the nearer end.
            let a = values[lower], b = values[upper], diff = b - a
            return t >= 0.5 ? b - diff * (1 - t) : a + diff * t
        }
    }

    /// The `q`-th quantile (0…1) of all elements.
    @inlinable
    public func quantile(_ q: Element) -> Element { quantile([q])[0] }

    /// Quantiles along one axis: the result has the axis removed.
    @inlinable
    public func quantile(_ q: Element, axis: Int, keepdims: Bool = false) -> NDArray<Element> {
        let a = _Layout.axis(axis, ndim: ndim)
        let lanes = moveaxis(a, -1).contiguous()
        let n = shape[a]
        let rows = n == 0 ? 0 : lanes.count / n
        var values = [Element]()
        values.reserveCapacity(rows)
        lanes.withUnsafeBufferPointer { p in
            for r in 0..<rows {
                values.append(NDArray(Array(p[(r * n)..<(r * n + n)])).quantile(q))
            }
        }
        var kept = shape
        kept.remove(at: a)
        let out = NDArray(shape: kept, elements: values)
        return keepdims ? out.expandDims(a) : out
    }

    /// The `q`-th percentiles (0…100) of all elements (NumPy's `percentile`).
    @inlinable
    public func percentile(_ q: [Element]) -> [Element] { quantile(q.map { $0 / 100 }) }

    /// The `q`-th percentile (0…100) of all elements.
    @inlinable
    public func percentile(_ q: Element) -> Element { quantile(q / 100) }

    /// Percentiles along one axis.
    @inlinable
    public func percentile(_ q: Element, axis: Int, keepdims: Bool = false) -> NDArray<Element> {
        quantile(q / 100, axis: axis, keepdims: keepdims)
    }

    /// The median of all elements.
    @inlinable
    public func median() -> Element { quantile(Element(1) / 2) }

    /// Medians along one axis.
    @inlinable
    public func median(axis: Int, keepdims: Bool = false) -> NDArray<Element> {
        quantile(Element(1) / 2, axis: axis, keepdims: keepdims)
    }
}
