import SwarmCore
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

    /// The `q`-th quantiles (each in 0…1) over `axes` (all when nil), by
    /// NumPy's default linear method; a lane with NaN gives NaN. The result
    /// has one leading axis per quantile, then the kept axes (NumPy's
    /// `quantile(a, q, axis=…)` with a list `q`).
    ///
    /// - Complexity: O(n) per quantile and lane (selection, not sorting), lanes on all cores.
    @inlinable
    public func quantiles(_ q: [Element], axes: [Int]? = nil, keepdims: Bool = false) -> NDArray<Element> {
        precondition(q.allSatisfy { $0 >= 0 && $0 <= 1 }, "Quantiles must be in the range [0, 1]")
        let reduced = _reducedAxes(axes)
        precondition(reduced.allSatisfy { shape[$0] > 0 }, "cannot take a quantile over an empty axis")
        let kept = (0..<ndim).filter { !reduced.contains($0) }
        let lanes = transposed(kept + reduced).copy()
        let n = reduced.reduce(1) { $0 * shape[$1] }
        let outer = lanes.count / Swift.max(n, 1)
        // For each quantile: its two neighbouring positions and the weight.
        let positions = q.map { p -> (Int, Int, Element) in
            let v = p * Element(n - 1)
            let lo = Swift.min(Int(v.rounded(.down)), n - 1)
            return (lo, Swift.min(lo + 1, n - 1), v - Element(lo))
        }
        let kth = Array(Set(positions.flatMap { [$0.0, $0.1] })).sorted()
        let out = NDArray<Element>(_uninitializedShape: [q.count, outer])
        let o = out._base, base = lanes._base
        let scratch = UnsafeMutablePointer<Element>.allocate(capacity: lanes.count)
        defer { scratch.deallocate() }
        ForkJoin.parallelFor(count: outer, grain: Swift.max(1, 65_536 / Swift.max(n, 1))) { r in
            for lane in r {
                let p = base + lane * n
                let hasNaN = (0..<n).contains { p[$0].isNaN }
                if !hasNaN {
                    _SortLane(values: p, indices: nil, scratch: scratch + lane * n, indexScratch: nil, count: n).partition(kth)
                }
                for (k, (lo, hi, t)) in positions.enumerated() {
                    if hasNaN { (o + k * outer + lane).initialize(to: .nan); continue }
                    // NumPy's `_lerp`: from the nearer end.
                    let a = p[lo], b = p[hi], diff = b - a
                    (o + k * outer + lane).initialize(to: t >= 0.5 ? b - diff * (1 - t) : a + diff * t)
                }
            }
        }
        withExtendedLifetime(lanes) {}
        let keptShape = keepdims ? _reducedShape(reduced, keepdims: true) : kept.map { shape[$0] }
        return out.reshaped([q.count] + keptShape)
    }

    /// The `q`-th quantiles (0…1) of all elements.
    @inlinable
    public func quantile(_ q: [Element]) -> [Element] { quantiles(q).toArray() }

    /// The `q`-th quantile (0…1) of all elements.
    @inlinable
    public func quantile(_ q: Element) -> Element { quantiles([q]).item }

    /// The `q`-th quantile over `axes`: the result has those axes removed (or kept with length one).
    @inlinable
    public func quantile(_ q: Element, axes: [Int], keepdims: Bool = false) -> NDArray<Element> {
        let r = quantiles([q], axes: axes, keepdims: keepdims)
        return r.reshaped(Array(r.shape.dropFirst()))
    }

    /// The `q`-th quantile along one axis.
    @inlinable
    public func quantile(_ q: Element, axis: Int, keepdims: Bool = false) -> NDArray<Element> {
        quantile(q, axes: [axis], keepdims: keepdims)
    }

    /// The `q`-th percentiles (0…100) of all elements (NumPy's `percentile`).
    @inlinable
    public func percentile(_ q: [Element]) -> [Element] { quantile(q.map { $0 / 100 }) }

    /// The `q`-th percentile (0…100) of all elements.
    @inlinable
    public func percentile(_ q: Element) -> Element { quantile(q / 100) }

    /// Percentiles over `axes`.
    @inlinable
    public func percentile(_ q: Element, axes: [Int], keepdims: Bool = false) -> NDArray<Element> {
        quantile(q / 100, axes: axes, keepdims: keepdims)
    }

    /// Percentiles along one axis.
    @inlinable
    public func percentile(_ q: Element, axis: Int, keepdims: Bool = false) -> NDArray<Element> {
        quantile(q / 100, axes: [axis], keepdims: keepdims)
    }

    /// The median of all elements.
    @inlinable
    public func median() -> Element { quantile(Element(1) / 2) }

    /// Medians over `axes`.
    @inlinable
    public func median(axes: [Int], keepdims: Bool = false) -> NDArray<Element> {
        quantile(Element(1) / 2, axes: axes, keepdims: keepdims)
    }

    /// Medians along one axis.
    @inlinable
    public func median(axis: Int, keepdims: Bool = false) -> NDArray<Element> {
        quantile(Element(1) / 2, axes: [axis], keepdims: keepdims)
    }
}
