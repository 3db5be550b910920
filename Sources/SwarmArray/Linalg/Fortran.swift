// Moving matrices between row-major stacks and the column-major buffers
// LAPACK works in.

/// `dst` (column-major `rows × cols`, leading dimension `ld`) from `src`
/// (row-major `rows × cols`).
@usableFromInline
func _toFortran<T>(_ src: UnsafePointer<T>, rows: Int, cols: Int, into dst: UnsafeMutablePointer<T>, ld: Int? = nil) {
    let ld = ld ?? rows
    for i in 0..<rows { for j in 0..<cols { dst[j * ld + i] = src[i * cols + j] } }
}

/// `dst` (row-major `rows × cols`) from `src` (column-major, leading dimension `ld`).
@usableFromInline
func _fromFortran<T>(_ src: UnsafePointer<T>, rows: Int, cols: Int, ld: Int? = nil, into dst: UnsafeMutablePointer<T>) {
    let ld = ld ?? rows
    for i in 0..<rows { for j in 0..<cols { dst[i * cols + j] = src[j * ld + i] } }
}

/// A stack of `(…, m, n)` matrices as contiguous row-major data, with
/// every matrix's shape.
@usableFromInline
struct _MatrixStack<T: NDArrayElement> {
    @usableFromInline let batchShape: [Int]
    @usableFromInline let m: Int, n: Int
    @usableFromInline let data: NDArray<T>
    @usableFromInline var count: Int { batchShape.reduce(1, *) }

    @usableFromInline
    init(_ a: NDArray<T>, _ name: String) {
        precondition(a.ndim >= 2, "\(a.ndim)-dimensional array given. Array must be at least two-dimensional (\(name))")
        m = a.shape[a.ndim - 2]
        n = a.shape[a.ndim - 1]
        batchShape = Array(a.shape.dropLast(2))
        data = a.contiguous()
    }

    /// Matrix `i`'s elements.
    @usableFromInline
    func matrix(_ i: Int) -> UnsafeMutablePointer<T> { data._base + i * m * n }
}

extension NDArrayLinalgElement {
    /// LAPACK's answer to a workspace query (`lwork = -1`) as a size.
    @usableFromInline
    static func _workSize(_ query: _Buffer<Self>, minimum: Int) -> Int {
        Swift.max(Int(query.p[0]._re.rounded(.up)), minimum, 1)
    }
}

/// Throws when any element is NaN or infinite (LAPACK's iterative routines
/// may loop or return garbage on them; NumPy's raise LinAlgError too).
@usableFromInline
func _checkFinite<T: NDArrayLinalgElement>(_ a: NDArray<T>, _ name: String) throws(LinearAlgebraError) {
    let finite = a.withUnsafeBufferPointer { p in p.allSatisfy { $0._re.isFinite && $0._im.isFinite } }
    guard finite else { throw LinearAlgebraError(.notFinite, "\(name): the array must not contain infs or NaNs") }
}
