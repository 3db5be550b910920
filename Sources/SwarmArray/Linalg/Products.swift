import RealModule
// NumPy's products: `dot`, `vdot`, `inner`, `outer`, `tensordot`, `kron`,
// `trace`, `diagonal` and `matrix_power`. All reduce to `matmul` over
// reshaped views, so they share its BLAS and Swift kernels.

/// NumPy's `dot`: the inner product of vectors, the matrix product of
/// matrices, and for N-D arrays a sum over the last axis of `a` and the
/// second-to-last of `b`.
@inlinable
public func dot<T: NDArrayNumeric>(_ a: NDArray<T>, _ b: NDArray<T>) -> NDArray<T> {
    if a.ndim == 0 || b.ndim == 0 { return a.ndim == 0 ? b * a.item : a * b.item }
    if a.ndim <= 2 && b.ndim <= 2 { return matmul(a, b) }
    if b.ndim == 1 { return tensordot(a, b, axes: ([a.ndim - 1], [0])) }
    return tensordot(a, b, axes: ([a.ndim - 1], [b.ndim - 2]))
}

/// The dot product of the flattened arrays, conjugating the first (NumPy's `vdot`).
@inlinable
public func vdot<T: NDArrayLinalgElement>(_ a: NDArray<T>, _ b: NDArray<T>) -> T {
    precondition(a.count == b.count, "vdot: arrays of \(a.count) and \(b.count) elements")
    let x = T._isComplex ? a.raveled()._map { $0._conjugate } : a.raveled()
    return matmul(x, b.raveled()).item
}

/// The dot product of the flattened integer arrays (NumPy's `vdot`).
@inlinable
public func vdot<T: NDArrayNumeric & FixedWidthInteger>(_ a: NDArray<T>, _ b: NDArray<T>) -> T {
    precondition(a.count == b.count, "vdot: arrays of \(a.count) and \(b.count) elements")
    return matmul(a.raveled(), b.raveled()).item
}

/// The sum of products over the last axes of `a` and `b` (NumPy's `inner`).
@inlinable
public func inner<T: NDArrayNumeric>(_ a: NDArray<T>, _ b: NDArray<T>) -> NDArray<T> {
    if a.ndim == 0 || b.ndim == 0 { return dot(a, b) }
    return tensordot(a, b, axes: ([a.ndim - 1], [b.ndim - 1]))
}

/// Every product of an element of `a` with one of `b`, as an
/// `a.count × b.count` matrix of the flattened arrays (NumPy's `outer`).
@inlinable
public func outer<T: NDArrayNumeric>(_ a: NDArray<T>, _ b: NDArray<T>) -> NDArray<T> {
    a.raveled().reshaped([a.count, 1]) * b.raveled().reshaped([1, b.count])
}

/// Sums products over the axes `axes.0` of `a` and `axes.1` of `b`, paired
/// in order (NumPy's `tensordot`); the result has `a`'s other axes, then `b`'s.
@inlinable
public func tensordot<T: NDArrayNumeric>(_ a: NDArray<T>, _ b: NDArray<T>, axes: ([Int], [Int])) -> NDArray<T> {
    precondition(axes.0.count == axes.1.count, "shape-mismatch for sum: \(axes.0.count) axes of a, \(axes.1.count) of b")
    let sa = axes.0.map { _Layout.axis($0, ndim: a.ndim) }, sb = axes.1.map { _Layout.axis($0, ndim: b.ndim) }
    for (x, y) in zip(sa, sb) {
        precondition(a.shape[x] == b.shape[y], "shape-mismatch for sum: axis \(x) of \(_Layout.describe(a.shape)) and axis \(y) of \(_Layout.describe(b.shape))")
    }
    let freeA = (0..<a.ndim).filter { !sa.contains($0) }, freeB = (0..<b.ndim).filter { !sb.contains($0) }
    let m = freeA.reduce(1) { $0 * a.shape[$1] }, n = freeB.reduce(1) { $0 * b.shape[$1] }
    let k = sa.reduce(1) { $0 * a.shape[$1] }
    let left = a.transposed(freeA + sa).reshaped([m, k]), right = b.transposed(sb + freeB).reshaped([k, n])
    return matmul(left, right).reshaped(freeA.map { a.shape[$0] } + freeB.map { b.shape[$0] })
}

/// ``tensordot(_:_:axes:)`` over the last `axes` axes of `a` and the first of `b`.
@inlinable
public func tensordot<T: NDArrayNumeric>(_ a: NDArray<T>, _ b: NDArray<T>, axes: Int = 2) -> NDArray<T> {
    precondition(axes >= 0 && axes <= a.ndim && axes <= b.ndim, "tensordot: \(axes) axes for arrays of \(a.ndim) and \(b.ndim) dimensions")
    return tensordot(a, b, axes: (Array((a.ndim - axes)..<a.ndim), Array(0..<axes)))
}

/// The Kronecker product: blocks `a[i, j] * b` (NumPy's `kron`).
@inlinable
public func kron<T: NDArrayNumeric>(_ a: NDArray<T>, _ b: NDArray<T>) -> NDArray<T> {
    let nd = Swift.max(a.ndim, b.ndim)
    let sa = [Int](repeating: 1, count: nd - a.ndim) + a.shape, sb = [Int](repeating: 1, count: nd - b.ndim) + b.shape
    // a as (a0, 1, a1, 1, …) times b as (1, b0, 1, b1, …), then merged pairwise.
    let x = a.reshaped(sa.flatMap { [$0, 1] }), y = b.reshaped(sb.flatMap { [1, $0] })
    return (x * y).reshaped((0..<nd).map { sa[$0] * sb[$0] })
}

extension NDArray {
    /// The diagonal with `offset` of the 2-D sub-arrays in the plane of
    /// `axis1` and `axis2`, as a view whose last axis runs along it (NumPy's `diagonal`).
    @inlinable
    public func diagonal(offset k: Int = 0, axis1: Int, axis2: Int) -> NDArray {
        let a1 = _Layout.axis(axis1, ndim: ndim), a2 = _Layout.axis(axis2, ndim: ndim)
        precondition(a1 != a2, "axis1 and axis2 cannot be the same")
        let rows = shape[a1], cols = shape[a2]
        let n = k >= 0 ? Swift.max(0, Swift.min(rows, cols - k)) : Swift.max(0, Swift.min(rows + k, cols))
        let start = n == 0 ? offset : offset + (k >= 0 ? k * strides[a2] : -k * strides[a1])
        let keep = (0..<ndim).filter { $0 != a1 && $0 != a2 }
        return NDArray(storage: storage, offset: start, shape: keep.map { shape[$0] } + [n],
                       strides: keep.map { strides[$0] } + [strides[a1] + strides[a2]])
    }
}

/// The sums along diagonals (NumPy's `trace`): of a matrix, a number; of a
/// stack, one per matrix.
@inlinable
public func trace<T: NDArrayNumeric>(_ a: NDArray<T>, offset: Int = 0, axis1: Int = 0, axis2: Int = 1) -> NDArray<T.SumType> {
    a.diagonal(offset: offset, axis1: axis1, axis2: axis2).sum(axis: -1)
}

/// The trace of a matrix.
@inlinable
public func trace<T: NDArrayNumeric>(_ a: NDArray<T>, offset: Int = 0) -> T.SumType {
    precondition(a.ndim == 2, "trace of a \(a.ndim)-D array: give axis1 and axis2")
    return a.diagonal(offset: offset, axis1: 0, axis2: 1).sum()
}

/// A square matrix (or stack) raised to the integer power `n` by repeated
/// squaring; a negative `n` inverts first (NumPy's `linalg.matrix_power`).
///
/// - Throws: ``LinearAlgebraError`` `.singular` when `n < 0` and a matrix has no inverse.
@inlinable
public func matrixPower<T: NDArrayLinalgElement>(_ a: NDArray<T>, _ n: Int) throws(LinearAlgebraError) -> NDArray<T> {
    _checkSquare(a, "matrix_power")
    var base = n < 0 ? try inv(a) : a
    var e = Swift.abs(n)
    var result = NDArray<T>.zeros(a.shape)
    let size = a.shape[a.ndim - 1]
    for i in 0..<size { result[.ellipsis, i, i] = NDArray(scalar: .one) }
    while e > 0 {
        if e & 1 == 1 { result = matmul(result, base) }
        e >>= 1
        if e > 0 { base = matmul(base, base) }
    }
    return result
}

/// Traps unless the last two axes are square.
@inlinable
func _checkSquare<T>(_ a: NDArray<T>, _ name: String) {
    precondition(a.ndim >= 2, "\(a.ndim)-dimensional array given. Array must be at least two-dimensional (\(name))")
    precondition(a.shape[a.ndim - 1] == a.shape[a.ndim - 2],
                 "Last 2 dimensions of the array must be square (\(name) of shape \(_Layout.describe(a.shape)))")
}
