// Joining arrays: NumPy's `concatenate`, `stack` and their `h`/`v`/`d`
// shorthands. The output is allocated once; each input is copied into its
// slab of it through a view, on all cores when large.

extension NDArray {
    /// Copies `source` into the slab `[start, start + source.shape[axis])`
    /// along `axis` of `self`, which must be unique.
    @inlinable
    mutating func _copySlab(_ source: NDArray, axis: Int, start: Int) {
        guard source.count > 0 else { return }
        var shape = self.shape
        shape[axis] = source.shape[axis]
        var slab = NDArray(storage: storage, offset: offset + start * strides[axis], shape: shape, strides: strides)
        slab._assign(from: source) { $0 }
    }
}

/// Joins arrays along an existing axis (NumPy's `concatenate`).
///
/// ```swift
/// let a = NDArray<Int>([[1, 2], [3, 4]]), b = NDArray<Int>([[5, 6]])
/// concatenate([a, b])            // [[1, 2], [3, 4], [5, 6]]
/// concatenate([a, a], axis: 1)   // [[1, 2, 1, 2], [3, 4, 3, 4]]
/// ```
///
/// - Parameters:
///   - arrays: at least one array; all have the same number of dimensions
///     and the same shape except along `axis`.
///   - axis: the axis to join along (negative counts from the end); `nil`
///     flattens every array first.
/// - Returns: a new C-contiguous array.
///
/// Traps when `arrays` is empty or the shapes do not fit, naming them.
@inlinable
public func concatenate<T>(_ arrays: [NDArray<T>], axis: Int? = 0) -> NDArray<T> {
    precondition(!arrays.isEmpty, "need at least one array to concatenate")
    guard let axis else { return concatenate(arrays.map { $0.raveled() }, axis: 0) }
    let first = arrays[0]
    precondition(first.ndim > 0, "zero-dimensional arrays cannot be concatenated")
    let ax = _Layout.axis(axis, ndim: first.ndim)
    var total = 0
    for (i, a) in arrays.enumerated() {
        precondition(a.ndim == first.ndim,
                     "all the input array dimensions except for the concatenation axis must match exactly: array 0 has \(first.ndim) dimension(s) and array \(i) has \(a.ndim) dimension(s)")
        for d in 0..<a.ndim where d != ax {
            precondition(a.shape[d] == first.shape[d],
                         "all the input array dimensions except for the concatenation axis must match exactly, but along dimension \(d), the array at index 0 has size \(first.shape[d]) and the array at index \(i) has size \(a.shape[d])")
        }
        total += a.shape[ax]
    }
    var shape = first.shape
    shape[ax] = total
    var out = NDArray<T>(_uninitializedShape: shape)
    var start = 0
    for a in arrays {
        out._copySlab(a, axis: ax, start: start)
        start += a.shape[ax]
    }
    return out
}

/// NumPy 2's name for ``concatenate(_:axis:)``.
@inlinable
public func concat<T>(_ arrays: [NDArray<T>], axis: Int? = 0) -> NDArray<T> {
    concatenate(arrays, axis: axis)
}

/// Joins arrays of one shape along a new axis (NumPy's `stack`).
///
/// - Parameters:
///   - arrays: at least one array, all of the same shape.
///   - axis: where the new axis goes in the result (negative counts from the end).
/// - Returns: an array with one more dimension than the inputs.
@inlinable
public func stack<T>(_ arrays: [NDArray<T>], axis: Int = 0) -> NDArray<T> {
    precondition(!arrays.isEmpty, "need at least one array to stack")
    let shape = arrays[0].shape
    for a in arrays {
        precondition(a.shape == shape, "all input arrays must have the same shape: \(_Layout.describe(shape)) and \(_Layout.describe(a.shape))")
    }
    let ax = _Layout.axis(axis, ndim: shape.count + 1)
    return concatenate(arrays.map { $0.expandDims(ax) }, axis: ax)
}

/// The array as at least one dimension (a 0-d array becomes shape `[1]`): a view.
@inlinable
public func atleast1d<T>(_ a: NDArray<T>) -> NDArray<T> { a.ndim >= 1 ? a : a.reshaped([1]) }

/// The array as at least two dimensions (a 1-D array becomes one row): a view.
@inlinable
public func atleast2d<T>(_ a: NDArray<T>) -> NDArray<T> {
    switch a.ndim {
    case 0: return a.reshaped([1, 1])
    case 1: return a.expandDims(0)
    default: return a
    }
}

/// The array as at least three dimensions, as NumPy's `atleast_3d` places
/// them (`(N,)` becomes `(1, N, 1)`, `(M, N)` becomes `(M, N, 1)`): a view.
@inlinable
public func atleast3d<T>(_ a: NDArray<T>) -> NDArray<T> {
    switch a.ndim {
    case 0: return a.reshaped([1, 1, 1])
    case 1: return a.expandDims(0).expandDims(2)
    case 2: return a.expandDims(2)
    default: return a
    }
}

/// Joins arrays horizontally: along axis 1, or axis 0 for 1-D arrays
/// (NumPy's `hstack`).
@inlinable
public func hstack<T>(_ arrays: [NDArray<T>]) -> NDArray<T> {
    let arrays = arrays.map(atleast1d)
    return concatenate(arrays, axis: arrays.first?.ndim == 1 ? 0 : 1)
}

/// Joins arrays vertically: 1-D arrays become rows (NumPy's `vstack`).
@inlinable
public func vstack<T>(_ arrays: [NDArray<T>]) -> NDArray<T> {
    concatenate(arrays.map(atleast2d), axis: 0)
}

/// Joins arrays along the third axis (NumPy's `dstack`).
@inlinable
public func dstack<T>(_ arrays: [NDArray<T>]) -> NDArray<T> {
    concatenate(arrays.map(atleast3d), axis: 2)
}

/// Joins 1-D arrays as the columns of a 2-D array; 2-D arrays are joined
/// along axis 1 (NumPy's `column_stack`).
@inlinable
public func columnStack<T>(_ arrays: [NDArray<T>]) -> NDArray<T> {
    concatenate(arrays.map { $0.ndim < 2 ? atleast1d($0).expandDims(1) : $0 }, axis: 1)
}
