extension NDArray {
    /// The same elements in a new shape; one dimension may be `-1` and is
    /// then inferred. A view when the layout allows it, a copy otherwise.
    ///
    /// Traps when the sizes do not match, naming both shapes.
    @inlinable
    public func reshaped(_ newShape: [Int]) -> NDArray {
        let shape = _resolvedShape(newShape)
        if isContiguous {
            return NDArray(storage: storage, offset: offset, contiguousShape: shape, strides: _Layout.cStrides(shape))
        }
        let c = copy()
        return NDArray(storage: c.storage, offset: 0, contiguousShape: shape, strides: _Layout.cStrides(shape))
    }

    /// ``reshaped(_:)`` with the dimensions as arguments.
    @inlinable
    public func reshaped(_ newShape: Int...) -> NDArray { reshaped(newShape) }

    @inlinable
    func _resolvedShape(_ newShape: [Int]) -> [Int] {
        var shape = newShape
        let unknown = shape.indices.filter { shape[$0] == -1 }
        precondition(unknown.count <= 1, "can only specify one unknown dimension")
        let known = shape.reduce(1) { $1 == -1 ? $0 : $0 * $1 }
        if let u = unknown.first {
            precondition(known > 0 && count % known == 0,
                         "cannot reshape array of size \(count) into shape \(_Layout.describe(newShape))")
            shape[u] = count / known
        }
        precondition(_Layout.count(shape) == count,
                     "cannot reshape array of size \(count) into shape \(_Layout.describe(newShape))")
        return shape
    }

    /// The axes in reverse order: a view (NumPy's `.T`).
    @inlinable
    public var T: NDArray { transposed() }

    /// The axes reordered: a view. With no argument, reversed.
    ///
    /// - Parameter axes: a permutation of `0..<ndim` (negative axes count from the end).
    @inlinable
    public func transposed(_ axes: [Int]? = nil) -> NDArray {
        let order = axes.map { $0.map { _Layout.axis($0, ndim: ndim) } } ?? Array((0..<ndim).reversed())
        precondition(order.count == ndim && Set(order).count == ndim,
                     "axes \(axes ?? []) don't match array of dimension \(ndim)")
        return NDArray(storage: storage, offset: offset, shape: order.map { shape[$0] }, strides: order.map { strides[$0] })
    }

    /// NumPy 2's name for ``transposed(_:)`` with explicit axes.
    @inlinable
    public func permuteDims(_ axes: [Int]) -> NDArray { transposed(axes) }

    /// Two axes exchanged: a view.
    @inlinable
    public func swapaxes(_ a: Int, _ b: Int) -> NDArray {
        var order = Array(0..<ndim)
        order.swapAt(_Layout.axis(a, ndim: ndim), _Layout.axis(b, ndim: ndim))
        return transposed(order)
    }

    /// An axis moved to a new position, the others keeping their order: a view.
    @inlinable
    public func moveaxis(_ source: Int, _ destination: Int) -> NDArray {
        let s = _Layout.axis(source, ndim: ndim), d = _Layout.axis(destination, ndim: ndim)
        var order = Array(0..<ndim)
        order.remove(at: s)
        order.insert(s, at: d)
        return transposed(order)
    }

    /// Axes of length one removed (all of them, or the ones named): a view.
    @inlinable
    public func squeezed(axes: [Int]? = nil) -> NDArray {
        let drop: Set<Int>
        if let axes {
            drop = Set(axes.map { _Layout.axis($0, ndim: ndim) })
            for a in drop {
                precondition(shape[a] == 1, "cannot select an axis to squeeze out which has size not equal to one (axis \(a), shape \(_Layout.describe(shape)))")
            }
        } else {
            drop = Set(shape.indices.filter { shape[$0] == 1 })
        }
        let keep = (0..<ndim).filter { !drop.contains($0) }
        return NDArray(storage: storage, offset: offset, shape: keep.map { shape[$0] }, strides: keep.map { strides[$0] })
    }

    /// A new axis of length one inserted at `axis` (may be negative): a view.
    @inlinable
    public func expandDims(_ axis: Int) -> NDArray {
        let a = _Layout.axis(axis, ndim: ndim + 1)
        var s = shape, t = strides
        s.insert(1, at: a)
        t.insert(0, at: a)
        return NDArray(storage: storage, offset: offset, shape: s, strides: t)
    }

    /// The elements as one dimension: a view when contiguous, a copy otherwise.
    @inlinable
    public func raveled() -> NDArray { reshaped([count]) }

    /// The elements as one dimension, always a copy.
    @inlinable
    public func flattened() -> NDArray { copy().reshaped([count]) }

    /// A read-only-style view with the given shape, broadcasting as NumPy does
    /// (stretched axes have stride 0). Traps when `shape` is not reachable.
    @inlinable
    public func broadcast(to target: [Int]) -> NDArray {
        guard let b = _Layout.broadcast(shape, target), b == target else {
            preconditionFailure("cannot broadcast an array of shape \(_Layout.describe(shape)) to \(_Layout.describe(target))")
        }
        return NDArray(storage: storage, offset: offset, shape: target,
                       strides: _Layout.broadcastStrides(shape, strides, to: target))
    }

    /// The elements in reverse order along the given axes (all by default): a view.
    @inlinable
    public func flipped(axes: [Int]? = nil) -> NDArray {
        let list = axes.map { $0.map { _Layout.axis($0, ndim: ndim) } } ?? Array(0..<ndim)
        var off = offset, t = strides
        for a in Set(list) where shape[a] > 0 {
            off += (shape[a] - 1) * t[a]
            t[a] = -t[a]
        }
        return NDArray(storage: storage, offset: off, shape: shape, strides: t)
    }

    /// The diagonal of a 2-D array as a 1-D view (`offset` > 0 above it).
    @inlinable
    public func diagonal(offset k: Int = 0) -> NDArray {
        precondition(ndim == 2, "diagonal needs a 2-D array, not shape \(_Layout.describe(shape))")
        let rows = shape[0], cols = shape[1]
        let n = k >= 0 ? Swift.max(0, Swift.min(rows, cols - k)) : Swift.max(0, Swift.min(rows + k, cols))
        let start = n == 0 ? offset : offset + (k >= 0 ? k * strides[1] : -k * strides[0])
        return NDArray(storage: storage, offset: start, shape: [n], strides: [strides[0] + strides[1]])
    }
}

/// Arrays broadcast against each other to one shape: views.
@inlinable
public func broadcastArrays<T>(_ arrays: [NDArray<T>]) -> [NDArray<T>] {
    let shape = arrays.dropFirst().reduce(arrays.first?.shape ?? []) { _Layout.broadcastOrTrap($0, $1.shape) }
    return arrays.map { $0.broadcast(to: shape) }
}
