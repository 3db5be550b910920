import RealModule

// `lstsq`, `pinv` and `matrix_rank` (numpy.linalg).

/// What ``lstsq(_:_:rcond:)`` returns (NumPy's tuple).
public struct LeastSquaresResult<Element: NDArrayLinalgElement>: Sendable {
    /// The solution: `(n,)` for a vector `b`, `(n, k)` for a matrix.
    public var x: NDArray<Element>
    /// The squared residual of each column, when `a` has full column rank
    /// and more rows than columns; empty otherwise (as NumPy).
    public var residuals: NDArray<Element.Magnitude>
    /// The effective rank of `a`.
    public var rank: Int
    /// The singular values of `a`, descending.
    public var singularValues: NDArray<Element.Magnitude>
}

/// The least-squares solution of `a x ≈ b`, the minimum-norm one when `a`
/// is rank-deficient (NumPy's `linalg.lstsq`, LAPACK's `gelsd`).
///
/// - Parameters:
///   - a: an `m × n` matrix.
///   - b: `(m,)` or `(m, k)`.
///   - rcond: singular values at most `rcond` times the largest count as
///     zero; NumPy's default is machine precision times `max(m, n)`.
/// - Throws: ``LinearAlgebraError`` `.noConvergence`, `.notFinite`, or `.missingLibrary`.
public func lstsq<T: NDArrayLinalgElement>(_ a: NDArray<T>, _ b: NDArray<T>, rcond: T.Magnitude? = nil)
    throws(LinearAlgebraError) -> LeastSquaresResult<T> {
    precondition(a.ndim == 2, "lstsq: \(a.ndim)-dimensional array given. Array must be two-dimensional")
    precondition(b.ndim == 1 || b.ndim == 2, "lstsq: b must be 1-D or 2-D, not shape \(_Layout.describe(b.shape))")
    let m = a.shape[0], n = a.shape[1]
    precondition(b.shape[0] == m, "Incompatible dimensions: a is \(_Layout.describe(a.shape)), b is \(_Layout.describe(b.shape))")
    guard let table = _LAPACK.table(T.self) else { throw .missingLibrary("lstsq") }
    try _checkFinite(a, "lstsq")
    try _checkFinite(b, "lstsq")
    let k = b.ndim == 1 ? 1 : b.shape[1]
    let ldb = Swift.max(m, n, 1)
    let matrix = _Buffer<T>(m * n, .zero), rhs = _Buffer<T>(ldb * k, .zero)
    let ac = a.contiguous(), bc = (b.ndim == 1 ? b.reshaped([m, 1]) : b).contiguous()
    _toFortran(ac._base, rows: m, cols: n, into: matrix.p, ld: Swift.max(m, 1))
    _toFortran(bc._base, rows: m, cols: k, into: rhs.p, ld: ldb)
    let minmn = Swift.min(m, n)
    let s = NDArray<T.Magnitude>.zeros([minmn])
    let cond = _Buffer<T.Magnitude>(1, rcond ?? T.Magnitude.ulpOfOne * T.Magnitude(Swift.max(m, n)))
    let query = _Buffer<T>(1, .zero), iquery = _Buffer<Int32>(1, 0), rquery = _Buffer<T.Magnitude>(1, 0)
    let args = _Args(m, n, k, Swift.max(m, 1), ldb, 0, -1)   // m, n, nrhs, lda, ldb, rank, lwork
    let sPtr = UnsafeMutableRawPointer(s._base)
    func call(_ work: _Buffer<T>, _ rwork: _Buffer<T.Magnitude>, _ iwork: _Buffer<Int32>) {
        if T._isComplex {
            table.gelsdComplex!(args[0], args[1], args[2], matrix.raw, args[3], rhs.raw, args[4], sPtr, cond.raw, args[5],
                                work.raw, args[6], rwork.raw, iwork.p, args.info)
        } else {
            table.gelsdReal!(args[0], args[1], args[2], matrix.raw, args[3], rhs.raw, args[4], sPtr, cond.raw, args[5],
                             work.raw, args[6], iwork.p, args.info)
        }
    }
    var rank = 0
    if m > 0 && n > 0 && k > 0 {
        call(query, rquery, iquery)
        let work = _Buffer<T>(T._workSize(query, minimum: 1), .zero)
        let rwork = _Buffer<T.Magnitude>(Swift.max(Int(rquery.p[0].rounded(.up)), 1), 0)
        let iwork = _Buffer<Int32>(Swift.max(Int(iquery.p[0]), 1), 0)
        args.p[6] = _lapackInt(work.count)
        call(work, rwork, iwork)
        if args.status > 0 { throw LinearAlgebraError(.noConvergence, "SVD did not converge in Linear Least Squares", info: args.status) }
        rank = Int(args[5].pointee)
    }
    let x = NDArray<T>.zeros([n, k])
    _fromFortran(rhs.p, rows: n, cols: k, ld: ldb, into: x._base)
    var residuals = NDArray<T.Magnitude>.zeros([0])
    if rank == n && m > n {
        residuals = NDArray<T.Magnitude>.zeros([k])
        for c in 0..<k {
            var total = T.Magnitude.zero
            for r in n..<m { total += rhs.p[c * ldb + r]._abs2 }
            residuals._base[c] = total
        }
    }
    return LeastSquaresResult(x: b.ndim == 1 ? x.reshaped([n]) : x, residuals: residuals, rank: rank, singularValues: s)
}

/// The Moore–Penrose pseudo-inverse of a matrix or stack, from its SVD
/// (NumPy's `linalg.pinv`): singular values at most `rcond` times the
/// largest are dropped (NumPy's default 1e-15).
///
/// - Throws: ``LinearAlgebraError`` `.noConvergence`, `.notFinite`, or `.missingLibrary`.
public func pinv<T: NDArrayLinalgElement>(_ a: NDArray<T>, rcond: T.Magnitude = 1e-15) throws(LinearAlgebraError) -> NDArray<T> {
    let r = try svd(a, fullMatrices: false)
    let cutoff = (r.s.max(axis: -1, keepdims: true)) * rcond
    // A⁺ = V · diag(1/s) · Uᴴ for the kept singular values.
    let inverse = NDArray<T.Magnitude>._zip(r.s, cutoff.broadcast(to: r.s.shape),
                                            _Fn2<T.Magnitude, T.Magnitude, T.Magnitude> { s, c in s > c ? 1 / s : 0 })
    let scale = inverse.astype(T.self).reshaped(r.s.shape + [1])
    let vh = r.vh._map { $0._conjugate }, u = r.u._map { $0._conjugate }
    let nd = a.ndim
    return matmul(vh.swapaxes(nd - 1, nd - 2), scale * u.swapaxes(nd - 1, nd - 2))
}

/// The rank of a matrix (or of each matrix of a stack): how many singular
/// values exceed `tolerance`, by default the largest times `max(m, n)`
/// times machine precision (NumPy's `linalg.matrix_rank`).
///
/// - Throws: ``LinearAlgebraError`` `.noConvergence`, `.notFinite`, or `.missingLibrary`.
public func matrixRank<T: NDArrayLinalgElement>(_ a: NDArray<T>, tolerance: T.Magnitude? = nil) throws(LinearAlgebraError) -> NDArray<Int> {
    if a.ndim < 2 { return NDArray(scalar: a.withUnsafeBufferPointer { $0.contains { $0 != .zero } } ? 1 : 0) }
    let s = try svdvals(a)
    let m = a.shape[a.ndim - 2], n = a.shape[a.ndim - 1]
    let tol: NDArray<T.Magnitude> = tolerance.map { NDArray(scalar: $0) }
        ?? s.max(axis: -1, keepdims: true) * (T.Magnitude(Swift.max(m, n)) * T.Magnitude.ulpOfOne)
    return (s .> tol.broadcast(to: s.shape)).countNonzero(axis: -1)
}
