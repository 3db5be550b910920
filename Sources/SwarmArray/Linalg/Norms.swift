import RealModule

// `norm` and `cond` (numpy.linalg).

/// Which norm ``norm(_:_:axes:keepdims:)`` computes (NumPy's `ord`).
public enum NormOrder: Sendable, Hashable {
    /// Frobenius for matrices (`'fro'`), Euclidean for vectors.
    case frobenius
    /// The sum of singular values (`'nuc'`; matrices only).
    case nuclear
    /// `inf`: the largest |x| of a vector, the largest absolute row sum of a matrix.
    case infinity
    /// `-inf`: the smallest |x|, the smallest absolute row sum.
    case negativeInfinity
    /// `ord=p` for a number p: Σ|x|ᵖ^(1/p) for vectors (0 counts nonzeros);
    /// for matrices 1, -1 (column sums), 2, -2 (largest, smallest singular value).
    case p(Double)
}

/// A vector or matrix norm (NumPy's `linalg.norm`).
///
/// - Parameters:
///   - x: the array.
///   - order: the norm; nil is the 2-norm of vectors and Frobenius of matrices.
///   - axes: one axis (vector norms) or two (matrix norms); nil means the
///     whole array as a vector, or as a matrix when it is 2-D and `order` is given.
///   - keepdims: keep the normed axes with length one.
/// - Throws: ``LinearAlgebraError`` for the norms that need an SVD (2, -2, nuclear) when it fails.
public func norm<T: NDArrayLinalgElement>(_ x: NDArray<T>, _ order: NormOrder? = nil, axes: [Int]? = nil,
                                          keepdims: Bool = false) throws(LinearAlgebraError) -> NDArray<T.Magnitude> {
    typealias R = T.Magnitude
    let magnitudes = x._map { $0._abs }
    var list = axes.map { $0.map { _Layout.axis($0, ndim: x.ndim) } }
    if list == nil {
        if order == nil || (x.ndim == 1) {
            // The flattened array's 2-norm (or the vector norm of a 1-D array).
            list = Array(0..<x.ndim)
            if order == nil || order == .frobenius {
                let squares = x._map { $0._abs2 }
                let r = sqrt(squares.sum(axes: list!, keepdims: keepdims))
                return r
            }
        } else if x.ndim == 2 {
            list = [0, 1]
        } else {
            preconditionFailure("Improper number of dimensions to norm: give axes for a \(x.ndim)-D array")
        }
    }
    let ax = list!
    if ax.count == 1 {
        let a = ax[0]
        switch order ?? .frobenius {
        case .frobenius: return sqrt(x._map { $0._abs2 }.sum(axis: a, keepdims: keepdims))
        case .infinity: return magnitudes.max(axis: a, keepdims: keepdims)
        case .negativeInfinity: return magnitudes.min(axis: a, keepdims: keepdims)
        case .nuclear: preconditionFailure("Invalid norm order 'nuc' for vectors")
        case .p(let p):
            if p == 0 { return (magnitudes .!= 0).astype(R.self).sum(axis: a, keepdims: keepdims) }
            if p == 1 { return magnitudes.sum(axis: a, keepdims: keepdims) }
            if p == 2 { return sqrt(x._map { $0._abs2 }.sum(axis: a, keepdims: keepdims)) }
            let rp = R(p)
            return pow(pow(magnitudes, rp).sum(axis: a, keepdims: keepdims), 1 / rp)
        }
    }
    precondition(ax.count == 2 && ax[0] != ax[1], "Invalid axes for a matrix norm: \(axes ?? [])")
    let (rowAxis, colAxis) = (ax[0], ax[1])
    var result: NDArray<R>
    switch order ?? .frobenius {
    case .frobenius:
        result = sqrt(x._map { $0._abs2 }.sum(axes: ax))
    case .nuclear, .p(2), .p(-2):
        let s = try svdvals(_moveToEnd(x, rowAxis, colAxis))
        switch order! {
        case .nuclear: result = s.sum(axis: -1)
        case .p(2): result = s.max(axis: -1)
        default: result = s.min(axis: -1)
        }
    case .infinity: result = magnitudes.sum(axis: colAxis).max(axis: colAxis < rowAxis ? rowAxis - 1 : rowAxis)
    case .negativeInfinity: result = magnitudes.sum(axis: colAxis).min(axis: colAxis < rowAxis ? rowAxis - 1 : rowAxis)
    case .p(let p) where p == 1: result = magnitudes.sum(axis: rowAxis).max(axis: rowAxis < colAxis ? colAxis - 1 : colAxis)
    case .p(let p) where p == -1: result = magnitudes.sum(axis: rowAxis).min(axis: rowAxis < colAxis ? colAxis - 1 : colAxis)
    case .p(let p): preconditionFailure("Invalid norm order \(p) for matrices")
    }
    if keepdims {
        var shape = x.shape
        shape[rowAxis] = 1
        shape[colAxis] = 1
        result = result.reshaped(shape)
    }
    return result
}

/// `x` with axes `a` and `b` moved to the end, in that order.
func _moveToEnd<T>(_ x: NDArray<T>, _ a: Int, _ b: Int) -> NDArray<T> {
    let rest = (0..<x.ndim).filter { $0 != a && $0 != b }
    return x.transposed(rest + [a, b])
}

/// The condition number of a matrix or stack (NumPy's `linalg.cond`):
/// the ratio of the largest to the smallest singular value by default, or
/// `norm(x, p) · norm(inv(x), p)` for another norm.
///
/// - Throws: ``LinearAlgebraError`` when the SVD or inverse fails (a
///   singular matrix has an infinite condition in the SVD form).
public func cond<T: NDArrayLinalgElement>(_ x: NDArray<T>, _ order: NormOrder? = nil) throws(LinearAlgebraError) -> NDArray<T.Magnitude> {
    precondition(x.ndim >= 2, "cond needs at least a 2-D array, not shape \(_Layout.describe(x.shape))")
    if order == nil || order == .p(2) || order == .p(-2) {
        let s = try svdvals(x)
        let big = s.max(axis: -1), small = s.min(axis: -1)
        return order == .p(-2) ? small / big : big / small
    }
    _checkSquare(x, "cond")
    let nd = x.ndim
    return try norm(x, order, axes: [nd - 2, nd - 1]) * norm(try inv(x), order, axes: [nd - 2, nd - 1])
}
