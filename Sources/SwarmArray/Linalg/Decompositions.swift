import RealModule

// Cholesky, QR, SVD and the eigenvalue problems (numpy.linalg), on single
// matrices and stacks, through LAPACK (`potrf`, `geqrf`/`orgqr`, `gesdd`,
// `syevd`/`heevd`, `geev`).

/// What ``qr(_:mode:)`` returns (NumPy's `mode=`).
public enum QRMode: Sendable {
    /// Q is m × k and R is k × n, with k = min(m, n) (NumPy's default).
    case reduced
    /// Q is m × m and R is m × n.
    case complete
    /// Only R (k × n); `q` is empty.
    case r
    /// LAPACK's Householder form: `q` holds h (n × m, as NumPy returns it)
    /// and `tau` the scaling factors.
    case raw
}

/// The factors of a QR decomposition.
public struct QRResult<Element: NDArrayLinalgElement>: Sendable {
    /// Q (orthonormal columns), or h for `.raw`, or empty for `.r`.
    public var q: NDArray<Element>
    /// R (upper triangular); empty for `.raw`.
    public var r: NDArray<Element>
    /// For `.raw`, the Householder scaling factors; otherwise empty.
    public var tau: NDArray<Element>
}

/// The factors of a singular value decomposition, `a = u · diag(s) · vh`.
public struct SVDResult<Element: NDArrayLinalgElement>: Sendable {
    /// Left singular vectors, as columns.
    public var u: NDArray<Element>
    /// Singular values, in descending order.
    public var s: NDArray<Element.Magnitude>
    /// Right singular vectors, as rows (conjugate-transposed).
    public var vh: NDArray<Element>
}

/// The Cholesky factor of a Hermitian positive-definite matrix or stack:
/// `a = L Lᴴ` with L lower triangular (NumPy's `linalg.cholesky`), or
/// `a = Uᴴ U` with `upper: true`. Only the lower triangle of `a` is read.
///
/// - Throws: ``LinearAlgebraError`` `.notPositiveDefinite`, or
///   `.missingLibrary` without LAPACK.
public func cholesky<T: NDArrayLinalgElement>(_ a: NDArray<T>, upper: Bool = false) throws(LinearAlgebraError) -> NDArray<T> {
    _checkSquare(a, "cholesky")
    guard let table = _LAPACK.table(T.self), let potrf = table.potrf else { throw .missingLibrary("cholesky") }
    let stack = _MatrixStack(a, "cholesky")
    let n = stack.n
    let out = NDArray<T>.zeros(a.shape)
    let buffer = _Buffer<T>(n * n, .zero)
    let args = _Args(n, n)
    var uplo: CChar = 76  // 'L'
    for i in 0..<stack.count {
        _toFortran(stack.matrix(i), rows: n, cols: n, into: buffer.p)
        if n > 0 { potrf(&uplo, args[0], buffer.raw, args[1], args.info, 1) }
        if args.status > 0 {
            throw LinearAlgebraError(.notPositiveDefinite, "Matrix is not positive definite (the leading minor of order \(args.status) is not)",
                                     info: args.status, matrixIndex: stack.count > 1 ? i : nil)
        }
        let o = out._base + i * n * n
        for r in 0..<n {
            for c in 0...r {
                let l = buffer.p[c * n + r]
                if upper { o[c * n + r] = l._conjugate } else { o[r * n + c] = l }
            }
        }
    }
    return out
}

/// The QR decomposition `a = Q R` of a matrix or stack (NumPy's `linalg.qr`).
///
/// - Throws: ``LinearAlgebraError`` `.missingLibrary` without LAPACK.
public func qr<T: NDArrayLinalgElement>(_ a: NDArray<T>, mode: QRMode = .reduced) throws(LinearAlgebraError) -> QRResult<T> {
    guard let table = _LAPACK.table(T.self), let geqrf = table.geqrf, let orgqr = table.orgqr else { throw .missingLibrary("qr") }
    let stack = _MatrixStack(a, "qr")
    let m = stack.m, n = stack.n, k = Swift.min(m, n), batch = stack.batchShape
    let qCols = mode == .complete ? m : k, rRows = mode == .complete ? m : k
    var q = NDArray<T>.zeros(mode == .raw ? batch + [n, m] : (mode == .r ? [0] : batch + [m, qCols]))
    var r = NDArray<T>.zeros(mode == .raw ? [0] : batch + [rRows, n])
    var tau = NDArray<T>.zeros(mode == .raw ? batch + [k] : [0])
    let ld = Swift.max(m, 1)
    let work = _Buffer<T>(ld * Swift.max(n, m), .zero), taus = _Buffer<T>(k, .zero), query = _Buffer<T>(1, .zero)
    let args = _Args(m, n, ld, -1, m, qCols, k, ld, -1)
    geqrf(args[0], args[1], work.raw, args[2], taus.raw, query.raw, args[3], args.info)
    var lwork = T._workSize(query, minimum: n)
    orgqr(args[4], args[5], args[6], work.raw, args[7], taus.raw, query.raw, args[8], args.info)
    lwork = Swift.max(lwork, T._workSize(query, minimum: qCols))
    let scratch = _Buffer<T>(lwork, .zero)
    args.p[3] = _lapackInt(lwork)
    args.p[8] = _lapackInt(lwork)
    for i in 0..<stack.count where m > 0 && n > 0 {
        _toFortran(stack.matrix(i), rows: m, cols: n, into: work.p, ld: ld)
        geqrf(args[0], args[1], work.raw, args[2], taus.raw, scratch.raw, args[3], args.info)
        if mode == .raw {
            // NumPy returns h as the Fortran array's transpose: n × m, row-major.
            let h = q._base + i * n * m
            for c in 0..<n { for rr in 0..<m { h[c * m + rr] = work.p[c * ld + rr] } }
            (tau._base + i * k).update(from: taus.p, count: k)
            continue
        }
        let rp = r._base + i * rRows * n
        for rr in 0..<Swift.min(rRows, m) { for c in Swift.min(rr, n)..<n { rp[rr * n + c] = work.p[c * ld + rr] } }
        if mode == .r { continue }
        if qCols > n { for c in n..<qCols { for rr in 0..<m { work.p[c * ld + rr] = .zero } } }
        orgqr(args[4], args[5], args[6], work.raw, args[7], taus.raw, scratch.raw, args[8], args.info)
        _fromFortran(work.p, rows: m, cols: qCols, ld: ld, into: q._base + i * m * qCols)
    }
    if mode == .r { q = NDArray<T>.zeros(0) }
    if mode == .raw { r = NDArray<T>.zeros(0) } else { tau = NDArray<T>.zeros(0) }
    return QRResult(q: q, r: r, tau: tau)
}

/// The singular value decomposition of a matrix or stack (NumPy's
/// `linalg.svd`): `u` is m × m and `vh` n × n with `fullMatrices`, else
/// m × k and k × n (k = min(m, n)).
///
/// - Throws: ``LinearAlgebraError`` `.noConvergence`, `.notFinite`, or
///   `.missingLibrary` without LAPACK.
public func svd<T: NDArrayLinalgElement>(_ a: NDArray<T>, fullMatrices: Bool = true) throws(LinearAlgebraError) -> SVDResult<T> {
    try _svd(a, job: fullMatrices ? 65 : 83)  // 'A' : 'S'
}

/// The singular values of a matrix or stack, descending (NumPy's
/// `svd(compute_uv=False)`, `linalg.svdvals`).
///
/// - Throws: as ``svd(_:fullMatrices:)``.
public func svdvals<T: NDArrayLinalgElement>(_ a: NDArray<T>) throws(LinearAlgebraError) -> NDArray<T.Magnitude> {
    try _svd(a, job: 78).s  // 'N'
}

/// `gesdd` on the row-major data as it is: LAPACK sees Aᵀ = U' S V'ᴴ, so
/// A's U is the row-major view of LAPACK's Vᴴ buffer and A's Vᴴ that of its
/// U buffer (conjugations cancel), and nothing is transposed.
func _svd<T: NDArrayLinalgElement>(_ a: NDArray<T>, job: CChar) throws(LinearAlgebraError) -> SVDResult<T> {
    guard let table = _LAPACK.table(T.self) else { throw .missingLibrary("svd") }
    try _checkFinite(a, "svd")
    let stack = _MatrixStack(a, "svd")
    let m = stack.m, n = stack.n, k = Swift.min(m, n), batch = stack.batchShape
    let full = job == 65, values = job == 78
    let uCols = full ? m : k, vRows = full ? n : k
    let u = NDArray<T>.zeros(values ? [0] : batch + [m, uCols])
    let vh = NDArray<T>.zeros(values ? [0] : batch + [vRows, n])
    let s = NDArray<T.Magnitude>.zeros(batch + [k])
    // LAPACK's problem: (n × m), U' is n × vRows… stored so that the
    // buffers are row-major vh (vRows × n) and u (m × uCols).
    let mm = n, nn = m
    let matrix = _Buffer<T>(uninitialized: m * n)   // each matrix is copied in
    let iwork = _Buffer<Int32>(uninitialized: 8 * k)
    let rwork = _Buffer<T.Magnitude>(T._isComplex ? Swift.max(5 * k * k + 7 * k, 2 * Swift.max(m, n) * k + 2 * k * k + k) : 1, 0)
    let query = _Buffer<T>(1, .zero)
    let uBuf = _Buffer<T>(uninitialized: values ? 1 : vRows * n), vtBuf = _Buffer<T>(uninitialized: values ? 1 : m * uCols)
    // lda and ldu are n (LAPACK's row count); ldvt is U_A's column count.
    let args = _Args(mm, nn, Swift.max(mm, 1), Swift.max(mm, 1), Swift.max(values ? 1 : uCols, 1), -1)
    var jobz = job
    func call(_ work: _Buffer<T>, _ sPtr: UnsafeMutableRawPointer) {
        if T._isComplex {
            table.gesddComplex!(&jobz, args[0], args[1], matrix.raw, args[2], sPtr, uBuf.raw, args[3], vtBuf.raw, args[4],
                                work.raw, args[5], rwork.raw, iwork.p, args.info, 1)
        } else {
            table.gesddReal!(&jobz, args[0], args[1], matrix.raw, args[2], sPtr, uBuf.raw, args[3], vtBuf.raw, args[4],
                             work.raw, args[5], iwork.p, args.info, 1)
        }
    }
    let sScratch = _Buffer<T.Magnitude>(k, 0)
    if m > 0 && n > 0 {
        call(query, sScratch.raw)
        let scratch = _Buffer<T>(uninitialized: T._workSize(query, minimum: 1))
        args.p[5] = _lapackInt(scratch.count)
        for i in 0..<stack.count {
            matrix.p.update(from: stack.matrix(i), count: m * n)
            call(scratch, UnsafeMutableRawPointer(s._base + i * k))
            if args.status > 0 {
                throw LinearAlgebraError(.noConvergence, "SVD did not converge", info: args.status, matrixIndex: stack.count > 1 ? i : nil)
            }
            if !values {
                // LAPACK's U' (mm × vRows, column-major) is row-major vh; its V'ᴴ (uCols × nn) is row-major u.
                (vh._base + i * vRows * n).update(from: uBuf.p, count: vRows * n)
                (u._base + i * m * uCols).update(from: vtBuf.p, count: m * uCols)
            }
        }
    }
    return SVDResult(u: u, s: s, vh: vh)
}
