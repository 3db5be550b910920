import RealModule
import SwarmCore

// One matrix product `C = A · B` (C contiguous and zeroed), by BLAS or by
// a blocked Swift loop.

/// Whether a matrix with these strides can be passed to BLAS as it is:
/// rows contiguous (`'N'` seen transposed from Fortran) or columns
/// contiguous; returns the transpose flag and leading dimension.
@usableFromInline
func _blasOperand(rowStride r: Int, colStride c: Int, rows: Int, cols: Int) -> (transposed: Bool, ld: Int)? {
    let cs = cols == 1 ? 1 : c, rs = rows == 1 ? Swift.max(cols, 1) : r
    if cs == 1 && rs >= Swift.max(cols, 1) { return (false, rs) }        // row-major
    let rs2 = rows == 1 ? 1 : r, cs2 = cols == 1 ? Swift.max(rows, 1) : c
    if rs2 == 1 && cs2 >= Swift.max(rows, 1) { return (true, cs2) }      // column-major
    return nil
}

/// `C (m×n, row-major) = A · B` through BLAS `?gemm`, copying an operand
/// first only when its layout is neither row- nor column-major.
@usableFromInline
func _blasGemm<T: NDArrayLinalgElement>(_ a: UnsafeMutablePointer<T>, _ b: UnsafeMutablePointer<T>, _ c: UnsafeMutablePointer<T>,
                                        _ l: _GemmLayout) {
    let table = _LAPACK.table(T.self)!
    var pa = a, pb = b
    var scratchA: UnsafeMutablePointer<T>? = nil, scratchB: UnsafeMutablePointer<T>? = nil
    defer { scratchA?.deallocate(); scratchB?.deallocate() }
    var opA = _blasOperand(rowStride: l.ar, colStride: l.ac, rows: l.m, cols: l.k)
    if opA == nil {
        let s = UnsafeMutablePointer<T>.allocate(capacity: l.m * l.k)
        for i in 0..<l.m { for j in 0..<l.k { (s + i * l.k + j).initialize(to: a[i * l.ar + j * l.ac]) } }
        scratchA = s; pa = s; opA = (false, Swift.max(l.k, 1))
    }
    var opB = _blasOperand(rowStride: l.br, colStride: l.bc, rows: l.k, cols: l.n)
    if opB == nil {
        let s = UnsafeMutablePointer<T>.allocate(capacity: l.k * l.n)
        for i in 0..<l.k { for j in 0..<l.n { (s + i * l.n + j).initialize(to: b[i * l.br + j * l.bc]) } }
        scratchB = s; pb = s; opB = (false, Swift.max(l.n, 1))
    }
    let scalars = UnsafeMutablePointer<T>.allocate(capacity: 2)
    scalars.initialize(to: .one)
    (scalars + 1).initialize(to: .zero)
    defer { scalars.deallocate() }
    let one = UnsafeMutableRawPointer(scalars), zero = UnsafeMutableRawPointer(scalars + 1)
    var ldb = _lapackInt(opB!.ld)
    if l.m == 1, let gemv = table.gemv {
        // One row: Cᵀ = op(B)ᵀ · aᵀ as a matrix-vector product. Fortran sees
        // a row-major B as Bᵀ (n×k), a column-major one as B (k×n).
        var trans: CChar = opB!.transposed ? 84 : 78
        var rows = _lapackInt(opB!.transposed ? l.k : l.n), cols = _lapackInt(opB!.transposed ? l.n : l.k)
        var incx = _lapackInt(scratchA != nil || l.k == 1 ? 1 : l.ac), incy: Int32 = 1
        gemv(&trans, &rows, &cols, one, pb, &ldb, pa, &incx, zero, c, &incy, 1)
        return
    }
    // Row-major C = A·B is column-major Cᵀ = Bᵀ·Aᵀ: swap the operands.
    var transB: CChar = opB!.transposed ? 84 : 78, transA: CChar = opA!.transposed ? 84 : 78   // 'T' : 'N'
    var m = _lapackInt(l.n), n = _lapackInt(l.m), k = _lapackInt(l.k)
    var lda = _lapackInt(opA!.ld), ldc = _lapackInt(Swift.max(l.n, 1))
    table.gemm!(&transB, &transA, &m, &n, &k, one, pb, &ldb, pa, &lda, zero, c, &ldc, 1, 1)
}

/// `C (m×n, row-major, zeroed) += A · B` in Swift: for each row of C, the
/// rows of B scaled by A's entries are added in blocks of 256 rows of B (so
/// that they stay in cache); rows are shared among the cores when large.
@inlinable
func _gemmSwift<T: NDArrayNumeric>(_ a: UnsafeMutablePointer<T>, _ b: UnsafeMutablePointer<T>, _ c: UnsafeMutablePointer<T>,
                                   _ l: _GemmLayout, parallel: Bool) {
    let m = l.m, n = l.n, k = l.k
    // B with contiguous rows.
    var rowsB = b, scratch: UnsafeMutablePointer<T>? = nil
    if !(l.bc == 1 || n == 1) || (k > 1 && l.br != n) {
        let s = UnsafeMutablePointer<T>.allocate(capacity: k * n)
        for i in 0..<k { for j in 0..<n { (s + i * n + j).initialize(to: b[i * l.br + j * l.bc]) } }
        scratch = s
        rowsB = s
    }
    defer { scratch?.deallocate() }
    let bRow = scratch != nil || k == 1 ? n : l.br
    let block = 256
    func rows(_ r: Range<Int>) {
        var k0 = 0
        while k0 < k {
            let k1 = Swift.min(k0 + block, k)
            for i in r {
                let ci = c + i * n
                for kk in k0..<k1 {
                    let x = a[i * l.ar + kk * l.ac]
                    let bk = rowsB + kk * bRow
                    for j in 0..<n { ci[j] = T._add(ci[j], T._multiply(x, bk[j])) }
                }
            }
            k0 = k1
        }
    }
    if parallel {
        ForkJoin.parallelFor(count: m, grain: Swift.max(1, (1 << 15) / Swift.max(n * k / 64, 1))) { r in rows(r) }
    } else {
        rows(0..<m)
    }
}
