import ComplexModule
import RealModule

// Eigenvalue problems (numpy.linalg): `eigh`/`eigvalsh` for Hermitian
// (real symmetric) matrices through `syevd`/`heevd`, and `eig`/`eigvals`
// for general ones through `geev`, on single matrices and stacks.

/// Eigenvalues and eigenvectors: `a · vectors[.., j] = values[j] · vectors[.., j]`.
public struct EigenResult<Value: NDArrayElement, Vector: NDArrayElement>: Sendable {
    /// The eigenvalues (ascending for `eigh`; in LAPACK's order for `eig`).
    public var values: NDArray<Value>
    /// The eigenvectors as columns, each of unit length.
    public var vectors: NDArray<Vector>
}

/// The eigenvalues (ascending) and orthonormal eigenvectors of a Hermitian
/// or real symmetric matrix or stack (NumPy's `linalg.eigh`); only the
/// lower triangle is read (the upper with `upper: true`).
///
/// - Throws: ``LinearAlgebraError`` `.noConvergence`, `.notFinite`, or `.missingLibrary`.
public func eigh<T: NDArrayLinalgElement>(_ a: NDArray<T>, upper: Bool = false) throws(LinearAlgebraError) -> EigenResult<T.Magnitude, T> {
    try _eigh(a, vectors: true, upper: upper)
}

/// The eigenvalues (ascending) of a Hermitian or real symmetric matrix or
/// stack (NumPy's `linalg.eigvalsh`).
///
/// - Throws: as ``eigh(_:upper:)``.
public func eigvalsh<T: NDArrayLinalgElement>(_ a: NDArray<T>, upper: Bool = false) throws(LinearAlgebraError) -> NDArray<T.Magnitude> {
    try _eigh(a, vectors: false, upper: upper).values
}

func _eigh<T: NDArrayLinalgElement>(_ a: NDArray<T>, vectors: Bool, upper: Bool) throws(LinearAlgebraError) -> EigenResult<T.Magnitude, T> {
    _checkSquare(a, "eigh")
    guard let table = _LAPACK.table(T.self) else { throw .missingLibrary("eigh") }
    try _checkFinite(a, "eigh")
    let stack = _MatrixStack(a, "eigh")
    let n = stack.n
    let values = NDArray<T.Magnitude>.zeros(stack.batchShape + [n])
    let out = NDArray<T>.zeros(vectors ? a.shape : [0])
    guard n > 0 else { return EigenResult(values: values, vectors: out) }
    let matrix = _Buffer<T>(uninitialized: n * n)   // filled by _toFortran
    var jobz: CChar = vectors ? 86 : 78, uplo: CChar = upper ? 85 : 76   // 'V'/'N', 'U'/'L'
    let query = _Buffer<T>(1, .zero), rquery = _Buffer<T.Magnitude>(1, 0), iquery = _Buffer<Int32>(1, 0)
    let args = _Args(n, n, -1, -1, -1)   // n, lda, lwork, liwork, lrwork
    let w = _Buffer<T.Magnitude>(n, 0)
    func call(_ work: _Buffer<T>, _ rwork: _Buffer<T.Magnitude>, _ iwork: _Buffer<Int32>) {
        if T._isComplex {
            table.heevd!(&jobz, &uplo, args[0], matrix.raw, args[1], w.raw, work.raw, args[2], rwork.raw, args[4],
                         iwork.p, args[3], args.info, 1, 1)
        } else {
            table.syevd!(&jobz, &uplo, args[0], matrix.raw, args[1], w.raw, work.raw, args[2], iwork.p, args[3], args.info, 1, 1)
        }
    }
    call(query, rquery, iquery)
    let work = _Buffer<T>(uninitialized: T._workSize(query, minimum: 1))
    let rwork = _Buffer<T.Magnitude>(uninitialized: Swift.max(Int(rquery.p[0].rounded(.up)), 1))
    let iwork = _Buffer<Int32>(uninitialized: Swift.max(Int(iquery.p[0]), 1))
    args.p[2] = _lapackInt(work.count)
    args.p[3] = _lapackInt(iwork.count)
    args.p[4] = _lapackInt(rwork.count)
    for i in 0..<stack.count {
        _toFortran(stack.matrix(i), rows: n, cols: n, into: matrix.p)
        call(work, rwork, iwork)
        if args.status > 0 {
            throw LinearAlgebraError(.noConvergence, "Eigenvalues did not converge", info: args.status, matrixIndex: stack.count > 1 ? i : nil)
        }
        (values._base + i * n).update(from: w.p, count: n)
        if vectors { _fromFortran(matrix.p, rows: n, cols: n, into: out._base + i * n * n) }
    }
    return EigenResult(values: values, vectors: out)
}

/// The eigenvalues and right eigenvectors of a general square matrix or
/// stack (NumPy's `linalg.eig`). They are complex even for a real matrix
/// (NumPy returns real arrays when every eigenvalue happens to be real).
///
/// - Throws: ``LinearAlgebraError`` `.noConvergence`, `.notFinite`, or `.missingLibrary`.
public func eig<T: NDArrayLinalgElement>(_ a: NDArray<T>) throws(LinearAlgebraError) -> EigenResult<Complex<T.Magnitude>, Complex<T.Magnitude>> {
    try _eig(a, vectors: true)
}

/// The eigenvalues of a general square matrix or stack (NumPy's `linalg.eigvals`).
///
/// - Throws: as ``eig(_:)``.
public func eigvals<T: NDArrayLinalgElement>(_ a: NDArray<T>) throws(LinearAlgebraError) -> NDArray<Complex<T.Magnitude>> {
    try _eig(a, vectors: false).values
}

func _eig<T: NDArrayLinalgElement>(_ a: NDArray<T>, vectors: Bool) throws(LinearAlgebraError)
    -> EigenResult<Complex<T.Magnitude>, Complex<T.Magnitude>> {
    typealias C = Complex<T.Magnitude>
    _checkSquare(a, "eig")
    guard let table = _LAPACK.table(T.self) else { throw .missingLibrary("eig") }
    try _checkFinite(a, "eig")
    let stack = _MatrixStack(a, "eig")
    let n = stack.n
    let values = NDArray<C>.zeros(stack.batchShape + [n])
    let out = NDArray<C>.zeros(vectors ? a.shape : [0])
    guard n > 0 else { return EigenResult(values: values, vectors: out) }
    let matrix = _Buffer<T>(n * n, .zero)
    var jobvl: CChar = 78, jobvr: CChar = vectors ? 86 : 78
    let w = _Buffer<T>(n, .zero), wi = _Buffer<T>(n, .zero)     // wr/wi for real, w for complex
    let vr = _Buffer<T>(vectors ? n * n : 1, .zero), vl = _Buffer<T>(1, .zero)
    let rwork = _Buffer<T.Magnitude>(2 * n, 0), query = _Buffer<T>(1, .zero)
    let args = _Args(n, n, 1, vectors ? n : 1, -1)   // n, lda, ldvl, ldvr, lwork
    func call(_ work: _Buffer<T>) {
        if T._isComplex {
            table.geevComplex!(&jobvl, &jobvr, args[0], matrix.raw, args[1], w.raw, vl.raw, args[2], vr.raw, args[3],
                               work.raw, args[4], rwork.raw, args.info, 1, 1)
        } else {
            table.geevReal!(&jobvl, &jobvr, args[0], matrix.raw, args[1], w.raw, wi.raw, vl.raw, args[2], vr.raw, args[3],
                            work.raw, args[4], args.info, 1, 1)
        }
    }
    call(query)
    let work = _Buffer<T>(T._workSize(query, minimum: 4 * n), .zero)
    args.p[4] = _lapackInt(work.count)
    for i in 0..<stack.count {
        _toFortran(stack.matrix(i), rows: n, cols: n, into: matrix.p)
        call(work)
        if args.status > 0 {
            throw LinearAlgebraError(.noConvergence, "Eigenvalues did not converge", info: args.status, matrixIndex: stack.count > 1 ? i : nil)
        }
        let vp = values._base + i * n, op = out._base + i * n * n
        if T._isComplex {
            for j in 0..<n { vp[j] = C(w.p[j]._re, w.p[j]._im) }
            if vectors { for r in 0..<n { for c in 0..<n { let v = vr.p[c * n + r]; op[r * n + c] = C(v._re, v._im) } } }
            continue
        }
        // Real LAPACK: a complex pair j, j+1 has vectors vr[:, j] ± i·vr[:, j+1].
        var j = 0
        while j < n {
            let re = w.p[j]._re, im = wi.p[j]._re
            if im == 0 || j == n - 1 {
                vp[j] = C(re, im)
                if vectors { for r in 0..<n { op[r * n + j] = C(vr.p[j * n + r]._re, 0) } }
                j += 1
            } else {
                vp[j] = C(re, im)
                vp[j + 1] = C(w.p[j + 1]._re, wi.p[j + 1]._re)
                if vectors {
                    for r in 0..<n {
                        let x = vr.p[j * n + r]._re, y = vr.p[(j + 1) * n + r]._re
                        op[r * n + j] = C(x, y)
                        op[r * n + j + 1] = C(x, -y)
                    }
                }
                j += 2
            }
        }
    }
    return EigenResult(values: values, vectors: out)
}
