import SwarmArray

// Integration of sampled values along an axis of an NDArray:
// `scipy.integrate.trapezoid`, `simpson`, `cumulative_trapezoid` and
// `romb`. Each moves the axis last and integrates every row.

/// The sample positions of a sampled integration: uniform or given.
private enum _Spacing {
    case uniform(Double)
    /// Positions in the same layout as the rows of y (axis last).
    case rows(NDArray<Double>)
    /// One 1-D array of positions shared by every row.
    case shared([Double])
}

/// Checks `x` against `y` and puts it into the row layout.
private func _spacing(_ y: NDArray<Double>, _ x: NDArray<Double>?, _ dx: Double, _ axis: Int,
                      _ name: String) throws(IntegrationError) -> _Spacing {
    guard let x else { return .uniform(dx) }
    let n = y.shape[axis]
    if x.ndim == 1 {
        guard x.count == n else {
            throw .invalidSamples("\(name): x has \(x.count) points but y has \(n) along axis \(axis)")
        }
        return .shared(x.toArray())
    }
    guard x.shape == y.shape else {
        throw .invalidSamples("\(name): if given, shape of x must be 1-D or the same as y "
                              + "(x \(x.shape), y \(y.shape))")
    }
    return .rows(x.moveaxis(axis, -1).contiguous())
}

/// The axis as a non-negative number, trapping when out of range.
private func _axis(_ axis: Int, _ ndim: Int, _ name: String) -> Int {
    precondition(ndim >= 1, "\(name) needs at least a 1-D array")
    let a = axis < 0 ? axis + ndim : axis
    precondition(a >= 0 && a < ndim, "axis \(axis) is out of bounds for array of dimension \(ndim)")
    return a
}

/// Runs `row` on every row of `y` along `axis` (with the matching row of
/// positions, if any), collecting `width` outputs per row: the axis is
/// dropped when `width` is nil (one output per row), last otherwise.
private func _rows(_ y: NDArray<Double>, axis: Int, spacing: _Spacing, width keptWidth: Int? = nil,
                   _ row: (UnsafeBufferPointer<Double>, UnsafeBufferPointer<Double>?, UnsafeMutableBufferPointer<Double>) -> Void)
    -> NDArray<Double> {
    let moved = y.moveaxis(axis, -1)
    let n = moved.shape.last!
    let outer = Array(moved.shape.dropLast())
    let rows = outer.reduce(1, *)
    let width = keptWidth ?? 1
    let shape = keptWidth == nil ? outer : outer + [width]
    let sharedX: [Double]? = if case .shared(let x) = spacing { x } else { nil }
    let rowX: NDArray<Double>? = if case .rows(let x) = spacing { x } else { nil }
    return moved.withUnsafeBufferPointer { ys in
        NDArray<Double>(unsafeUninitializedShape: shape) { out in
            out.initialize(repeating: 0)
            for r in 0..<rows {
                let yr = UnsafeBufferPointer(rebasing: ys[(r * n)..<(r * n + n)])
                let o = UnsafeMutableBufferPointer(rebasing: out[(r * width)..<(r * width + width)])
                if let sharedX {
                    sharedX.withUnsafeBufferPointer { row(yr, $0, o) }
                } else if let rowX {
                    rowX.withUnsafeBufferPointer { xs in
                        row(yr, UnsafeBufferPointer(rebasing: xs[(r * n)..<(r * n + n)]), o)
                    }
                } else {
                    row(yr, nil, o)
                }
            }
        }
    }
}

/// The uniform spacing, when there is one.
private func _dx(_ spacing: _Spacing) -> Double {
    if case .uniform(let dx) = spacing { return dx }
    return 1
}

/// The integral of samples `y` along `axis` by the trapezoidal rule
/// (SciPy's `scipy.integrate.trapezoid`, NumPy's `trapezoid`).
///
/// - Parameters:
///   - y: the samples.
///   - x: their positions: 1-D with as many points as `y` along `axis`, or
///     the shape of `y`; `nil` for spacing `dx`.
///   - dx: the spacing when `x` is nil.
///   - axis: the axis to integrate along.
/// - Returns: `y`'s shape without `axis` (0-D for 1-D input).
/// - Throws: ``IntegrationError/invalidSamples(_:)`` when `x` does not fit `y`.
public func trapezoid(_ y: NDArray<Double>, x: NDArray<Double>? = nil, dx: Double = 1,
                      axis: Int = -1) throws(IntegrationError) -> NDArray<Double> {
    let ax = _axis(axis, y.ndim, "trapezoid")
    let spacing = try _spacing(y, x, dx, ax, "trapezoid")
    let h = _dx(spacing)
    return _rows(y, axis: ax, spacing: spacing) { y, x, out in
        var sum = 0.0
        for i in stride(from: 1, to: y.count, by: 1) {
            let d = x.map { $0[i] - $0[i - 1] } ?? h
            sum += d * (y[i] + y[i - 1]) / 2
        }
        out[0] = sum
    }
}

/// ``trapezoid(_:x:dx:axis:)`` of a Swift array.
public func trapezoid(_ y: [Double], x: [Double]? = nil, dx: Double = 1) throws(IntegrationError) -> Double {
    try trapezoid(NDArray(y), x: x.map { NDArray($0) }, dx: dx)[]
}

/// The running integral of samples `y` along `axis` by the trapezoidal rule
/// (SciPy's `scipy.integrate.cumulative_trapezoid`).
///
/// - Parameters:
///   - initial: `nil` for `n - 1` values along the axis, or `0` to start
///     with a zero (SciPy accepts only these two).
/// - Throws: ``IntegrationError/invalidSamples(_:)`` when `x` does not fit
///   `y` or `initial` is neither nil nor 0.
public func cumulativeTrapezoid(_ y: NDArray<Double>, x: NDArray<Double>? = nil, dx: Double = 1,
                                axis: Int = -1, initial: Double? = nil) throws(IntegrationError) -> NDArray<Double> {
    let ax = _axis(axis, y.ndim, "cumulativeTrapezoid")
    if let initial, initial != 0 { throw .invalidSamples("`initial` must be `None` or `0`, not \(initial).") }
    let spacing = try _spacing(y, x, dx, ax, "cumulativeTrapezoid")
    let h = _dx(spacing)
    let n = y.shape[ax]
    let start = initial == nil ? 0 : 1
    let width = Swift.max(n - 1, 0) + start
    let rows = _rows(y, axis: ax, spacing: spacing, width: width) { y, x, out in
        var sum = 0.0
        for i in stride(from: 1, to: y.count, by: 1) {
            let d = x.map { $0[i] - $0[i - 1] } ?? h
            sum += d * (y[i] + y[i - 1]) / 2
            out[i - 1 + start] = sum
        }
    }
    return rows.moveaxis(-1, ax)
}

/// The integral of samples `y` along `axis` by Simpson's rule (SciPy's
/// `scipy.integrate.simpson`, SciPy 1.11+ semantics): composite Simpson on
/// an odd number of points; with an even number, Simpson on all but the
/// last interval and Cartwright's correction for the last.
///
/// - Throws: ``IntegrationError/invalidSamples(_:)`` when `x` does not fit `y`.
public func simpson(_ y: NDArray<Double>, x: NDArray<Double>? = nil, dx: Double = 1,
                    axis: Int = -1) throws(IntegrationError) -> NDArray<Double> {
    let ax = _axis(axis, y.ndim, "simpson")
    if y.shape[ax] == 0 { throw .invalidSamples("simpson needs at least one sample along axis \(axis)") }
    let spacing = try _spacing(y, x, dx, ax, "simpson")
    let h = _dx(spacing)
    return _rows(y, axis: ax, spacing: spacing) { y, x, out in
        let n = y.count
        func spacingAt(_ i: Int) -> Double { x.map { $0[i + 1] - $0[i] } ?? h }
        /// Simpson's rule on the panels starting at 0, 2, …, < stop.
        func basic(_ stop: Int) -> Double {
            var sum = 0.0
            if x == nil {
                for i in stride(from: 0, to: stop, by: 2) { sum += y[i] + 4 * y[i + 1] + y[i + 2] }
                return sum * h / 3
            }
            for i in stride(from: 0, to: stop, by: 2) {
                let h0 = spacingAt(i), h1 = spacingAt(i + 1)
                let hsum = h0 + h1, hprod = h0 * h1
                let ratio = h1 != 0 ? h0 / h1 : 0
                let inverse = ratio != 0 ? 1 / ratio : 0
                let middle = hprod != 0 ? hsum / hprod : 0
                sum += hsum / 6 * (y[i] * (2 - inverse) + y[i + 1] * (hsum * middle) + y[i + 2] * (2 - ratio))
            }
            return sum
        }
        if n % 2 == 1 {
            out[0] = basic(n - 2)
        } else if n == 2 {
            out[0] = 0.5 * spacingAt(0) * (y[1] + y[0])
        } else {
            // The last interval by Cartwright's parabola through the last three points.
            let h0 = spacingAt(n - 3), h1 = spacingAt(n - 2)
            let den1 = 6 * (h1 + h0), den2 = 6 * h0, den3 = 6 * h0 * (h0 + h1)
            let alpha = den1 != 0 ? (2 * h1 * h1 + 3 * h0 * h1) / den1 : 0
            let beta = den2 != 0 ? (h1 * h1 + 3 * h0 * h1) / den2 : 0
            let eta = den3 != 0 ? (h1 * h1 * h1) / den3 : 0
            out[0] = basic(n - 3) + alpha * y[n - 1] + beta * y[n - 2] - eta * y[n - 3]
        }
    }
}

/// ``simpson(_:x:dx:axis:)`` of a Swift array.
public func simpson(_ y: [Double], x: [Double]? = nil, dx: Double = 1) throws(IntegrationError) -> Double {
    try simpson(NDArray(y), x: x.map { NDArray($0) }, dx: dx)[]
}

/// Romberg integration of `2^k + 1` equally spaced samples along `axis`
/// (SciPy's `scipy.integrate.romb`): the trapezoidal rule on spacings
/// `2^k·dx, …, dx` extrapolated by Richardson's method.
///
/// - Throws: ``IntegrationError/invalidSamples(_:)`` when the number of
///   samples is not one plus a power of two.
public func romb(_ y: NDArray<Double>, dx: Double = 1, axis: Int = -1) throws(IntegrationError) -> NDArray<Double> {
    let ax = _axis(axis, y.ndim, "romb")
    let samples = y.shape[ax]
    let intervals = samples - 1
    var n = 1, k = 0
    while n < intervals { n <<= 1; k += 1 }
    guard n == intervals else {
        throw .invalidSamples("Number of samples must be one plus a non-negative power of 2 (got \(samples)).")
    }
    return _rows(y, axis: ax, spacing: .uniform(dx)) { y, _, out in
        // r[j] holds row i of the Romberg table as it is built.
        var previous = [(y[0] + y[intervals]) / 2 * Double(intervals) * dx]
        var h = Double(intervals) * dx
        var step = intervals
        for i in stride(from: 1, through: k, by: 1) {
            let start = step >> 1
            var midpoints = 0.0
            for j in stride(from: start, to: intervals, by: step) { midpoints += y[j] }
            var row = [0.5 * (previous[0] + h * midpoints)]
            for j in 1...i {
                let prev = row[j - 1]
                row.append(prev + (prev - previous[j - 1]) / Double((1 << (2 * j)) - 1))
            }
            previous = row
            step >>= 1
            h /= 2
        }
        out[0] = previous[k]
    }
}
