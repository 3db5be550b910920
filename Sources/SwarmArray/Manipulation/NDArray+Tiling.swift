// Repeating and rearranging: NumPy's `tile`, `repeat`, `roll`, `rot90`,
// `flip` and `take`. Repetition is a stride-0 view copied once, so the
// output is written in one pass.

/// The array repeated `reps` times along each axis (NumPy's `tile`).
///
/// When `reps` is shorter than the array's dimensions, ones are prepended
/// to it; when longer, the array gains leading axes of length one.
///
/// ```swift
/// tile(NDArray<Int>([1, 2]), [2, 2])   // [[1, 2, 1, 2], [1, 2, 1, 2]]
/// ```
@inlinable
public func tile<T>(_ a: NDArray<T>, _ reps: [Int]) -> NDArray<T> {
    precondition(reps.allSatisfy { $0 >= 0 }, "negative repetition in tile: \(reps)")
    let nd = Swift.max(a.ndim, reps.count)
    let r = [Int](repeating: 1, count: nd - reps.count) + reps
    let base = a.reshaped([Int](repeating: 1, count: nd - a.ndim) + a.shape)
    // A view [r0, s0, r1, s1, …] with stride 0 on the repeat axes.
    var shape: [Int] = [], strides: [Int] = []
    for d in 0..<nd {
        shape += [r[d], base.shape[d]]
        strides += [0, base.strides[d]]
    }
    let view = NDArray(storage: base.storage, offset: base.offset, shape: shape, strides: strides)
    return view.copy().reshaped((0..<nd).map { r[$0] * base.shape[$0] })
}

/// ``tile(_:_:)`` with one repetition count, for the last axis.
@inlinable
public func tile<T>(_ a: NDArray<T>, _ reps: Int) -> NDArray<T> { tile(a, [reps]) }

extension NDArray {
    /// Each element repeated `repeats` times along `axis`; the flattened
    /// array when `axis` is nil (NumPy's `repeat`).
    ///
    /// ```swift
    /// NDArray<Int>([1, 2]).repeat(3)   // [1, 1, 1, 2, 2, 2]
    /// ```
    @inlinable
    public func `repeat`(_ repeats: Int, axis: Int? = nil) -> NDArray {
        precondition(repeats >= 0, "negative dimensions are not allowed: repeats \(repeats)")
        guard let axis else { return raveled().repeat(repeats, axis: 0) }
        let ax = _Layout.axis(axis, ndim: ndim)
        var shape = self.shape, strides = self.strides
        shape.insert(repeats, at: ax + 1)
        strides.insert(0, at: ax + 1)
        let view = NDArray(storage: storage, offset: offset, shape: shape, strides: strides)
        var result = self.shape
        result[ax] *= repeats
        return view.copy().reshaped(result)
    }

    /// Element `i` along `axis` repeated `repeats[i]` times (NumPy's
    /// `repeat` with an array of counts); the flattened array when `axis` is nil.
    @inlinable
    public func `repeat`(_ repeats: [Int], axis: Int? = nil) -> NDArray {
        guard let axis else { return raveled().repeat(repeats, axis: 0) }
        let ax = _Layout.axis(axis, ndim: ndim)
        if repeats.count == 1 { return self.repeat(repeats[0], axis: ax) }
        precondition(repeats.count == shape[ax],
                     "operands could not be broadcast together with shape (\(shape[ax]),) (\(repeats.count),)")
        var positions: [Int] = []
        for (i, r) in repeats.enumerated() {
            precondition(r >= 0, "repeats may not contain negative values: \(r) at \(i)")
            positions += repeatElement(i, count: r)
        }
        return take(positions, axis: ax)
    }

    /// The elements at `indices` along `axis` (NumPy's `take`); on the
    /// flattened array when `axis` is nil. Negative indices count from the
    /// end; others out of range trap.
    @inlinable
    public func take(_ indices: [Int], axis: Int? = nil) -> NDArray {
        take(NDArray<Int>(indices), axis: axis)
    }

    /// ``take(_:axis:)`` with an index array of any shape: the result has the
    /// index array's shape in place of `axis`.
    @inlinable
    public func take(_ indices: NDArray<Int>, axis: Int? = nil) -> NDArray {
        guard let axis else { return raveled().take(indices, axis: 0) }
        let ax = _Layout.axis(axis, ndim: ndim)
        var entries = [NDIndex](repeating: .all, count: ax)
        entries.append(.indices(indices))
        return _select(entries)
    }

    /// The elements shifted by `shift` positions along `axis`, those pushed
    /// off one end coming back at the other (NumPy's `roll`); the flattened
    /// array, reshaped back, when `axis` is nil.
    @inlinable
    public func rolled(_ shift: Int, axis: Int? = nil) -> NDArray {
        guard let axis else { return raveled().rolled(shift, axis: 0).reshaped(shape) }
        let ax = _Layout.axis(axis, ndim: ndim)
        let n = shape[ax]
        guard n > 0 else { return copy() }
        let s = ((shift % n) + n) % n
        if s == 0 { return copy() }
        let parts = split(self, indices: [n - s], axis: ax)
        return concatenate([parts[1], parts[0]], axis: ax)
    }

    /// Rolls along several axes, `shifts[k]` positions along `axes[k]`.
    @inlinable
    public func rolled(_ shifts: [Int], axes: [Int]) -> NDArray {
        precondition(shifts.count == axes.count, "'shift' and 'axis' should be scalars or 1D sequences of equal length")
        var out = self
        for (s, a) in zip(shifts, axes) { out = out.rolled(s, axis: a) }
        return out
    }
}

/// Elements shifted along an axis with wrap-around (NumPy's `roll`).
@inlinable
public func roll<T>(_ a: NDArray<T>, _ shift: Int, axis: Int? = nil) -> NDArray<T> { a.rolled(shift, axis: axis) }

/// The elements reversed along `axes` (all when nil): a view (NumPy's `flip`).
@inlinable
public func flip<T>(_ a: NDArray<T>, axes: [Int]? = nil) -> NDArray<T> { a.flipped(axes: axes) }

/// The elements reversed along one axis: a view.
@inlinable
public func flip<T>(_ a: NDArray<T>, axis: Int) -> NDArray<T> { a.flipped(axes: [axis]) }

/// Columns reversed: a view (NumPy's `fliplr`).
@inlinable
public func fliplr<T>(_ a: NDArray<T>) -> NDArray<T> {
    precondition(a.ndim >= 2, "Input must be >= 2-d.")
    return a.flipped(axes: [1])
}

/// Rows reversed: a view (NumPy's `flipud`).
@inlinable
public func flipud<T>(_ a: NDArray<T>) -> NDArray<T> {
    precondition(a.ndim >= 1, "Input must be >= 1-d.")
    return a.flipped(axes: [0])
}

/// The array rotated by 90° `k` times in the plane of `axes`, from the
/// first axis towards the second: a view (NumPy's `rot90`).
@inlinable
public func rot90<T>(_ a: NDArray<T>, k: Int = 1, axes: (Int, Int) = (0, 1)) -> NDArray<T> {
    precondition(a.ndim >= 2, "rot90 needs an array of at least 2 dimensions, not \(a.ndim)")
    let a0 = _Layout.axis(axes.0, ndim: a.ndim), a1 = _Layout.axis(axes.1, ndim: a.ndim)
    precondition(a0 != a1, "Axes must be different.")
    var order = Array(0..<a.ndim)
    order.swapAt(a0, a1)
    switch ((k % 4) + 4) % 4 {
    case 0: return a
    case 2: return a.flipped(axes: [a0, a1])
    case 1: return a.flipped(axes: [a1]).transposed(order)
    default: return a.transposed(order).flipped(axes: [a1])
    }
}

/// A view with the given shape (NumPy's `broadcast_to`): stretched axes
/// have stride 0, so the view must not be written through.
@inlinable
public func broadcastTo<T>(_ a: NDArray<T>, _ shape: [Int]) -> NDArray<T> { a.broadcast(to: shape) }
