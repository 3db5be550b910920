// Splitting an array into views: NumPy's `split`, `array_split` and the
// `h`/`v`/`d` shorthands. Every piece shares the array's storage.

extension NDArray {
    /// The views `[bounds[k], bounds[k + 1])` along `axis`.
    @inlinable
    func _pieces(at bounds: [Int], axis: Int) -> [NDArray] {
        var pieces: [NDArray] = []
        pieces.reserveCapacity(bounds.count - 1)
        for k in 0..<(bounds.count - 1) {
            var shape = self.shape
            let n = shape[axis]
            let lo = Swift.min(Swift.max(bounds[k], 0), n)
            let hi = Swift.min(Swift.max(bounds[k + 1], lo), n)
            shape[axis] = hi - lo
            let offset = hi > lo ? self.offset + lo * strides[axis] : self.offset
            pieces.append(NDArray(storage: storage, offset: offset, shape: shape, strides: strides))
        }
        return pieces
    }
}

/// Splits an array into `sections` equal views along `axis` (NumPy's
/// `split` with an integer). Traps when the length is not divisible.
@inlinable
public func split<T>(_ a: NDArray<T>, sections: Int, axis: Int = 0) -> [NDArray<T>] {
    let ax = _Layout.axis(axis, ndim: a.ndim)
    precondition(sections > 0, "number sections must be larger than 0")
    precondition(a.shape[ax] % sections == 0,
                 "array split does not result in an equal division: \(a.shape[ax]) into \(sections) along axis \(ax)")
    return arraySplit(a, sections: sections, axis: ax)
}

/// Splits an array into views before each of `indices` along `axis`
/// (NumPy's `split` with a list): `[0, i0)`, `[i0, i1)`, …, `[ik, n)`.
/// Indices past the end give empty pieces; negative ones count from the end.
@inlinable
public func split<T>(_ a: NDArray<T>, indices: [Int], axis: Int = 0) -> [NDArray<T>] {
    let ax = _Layout.axis(axis, ndim: a.ndim)
    let n = a.shape[ax]
    let cuts = indices.map { $0 < 0 ? Swift.max($0 + n, 0) : $0 }
    return a._pieces(at: [0] + cuts + [n], axis: ax)
}

/// Splits an array into `sections` views along `axis`, allowing unequal
/// pieces: the first `n % sections` pieces get one more element
/// (NumPy's `array_split`).
@inlinable
public func arraySplit<T>(_ a: NDArray<T>, sections: Int, axis: Int = 0) -> [NDArray<T>] {
    let ax = _Layout.axis(axis, ndim: a.ndim)
    precondition(sections > 0, "number sections must be larger than 0")
    let n = a.shape[ax]
    let (each, extra) = n.quotientAndRemainder(dividingBy: sections)
    var bounds = [0]
    for k in 0..<sections { bounds.append(bounds[k] + each + (k < extra ? 1 : 0)) }
    return a._pieces(at: bounds, axis: ax)
}

/// ``arraySplit(_:sections:axis:)`` with explicit cut positions, the same as
/// ``split(_:indices:axis:)``.
@inlinable
public func arraySplit<T>(_ a: NDArray<T>, indices: [Int], axis: Int = 0) -> [NDArray<T>] {
    split(a, indices: indices, axis: axis)
}

/// Splits along axis 1 (axis 0 for 1-D arrays) into equal views (NumPy's `hsplit`).
@inlinable
public func hsplit<T>(_ a: NDArray<T>, sections: Int) -> [NDArray<T>] {
    precondition(a.ndim >= 1, "hsplit only works on arrays of 1 or more dimensions")
    return split(a, sections: sections, axis: a.ndim == 1 ? 0 : 1)
}

/// Splits along axis 0 into equal views (NumPy's `vsplit`).
@inlinable
public func vsplit<T>(_ a: NDArray<T>, sections: Int) -> [NDArray<T>] {
    precondition(a.ndim >= 2, "vsplit only works on arrays of 2 or more dimensions")
    return split(a, sections: sections, axis: 0)
}

/// Splits along axis 2 into equal views (NumPy's `dsplit`).
@inlinable
public func dsplit<T>(_ a: NDArray<T>, sections: Int) -> [NDArray<T>] {
    precondition(a.ndim >= 3, "dsplit only works on arrays of 3 or more dimensions")
    return split(a, sections: sections, axis: 2)
}

/// The slices along `axis` as views, the axis removed (NumPy's `unstack`).
@inlinable
public func unstack<T>(_ a: NDArray<T>, axis: Int = 0) -> [NDArray<T>] {
    let ax = _Layout.axis(axis, ndim: a.ndim)
    return arraySplit(a, sections: Swift.max(a.shape[ax], 1), axis: ax).prefix(a.shape[ax]).map { $0.squeezed(axes: [ax]) }
}
