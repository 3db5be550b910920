// Moving matrices between row-major stacks and the column-major buffers
// LAPACK works in.

/// `dst` (column-major `rows × cols`, leading dimension `ld`) from `src`
/// (row-major `rows × cols`).
@usableFromInline
func _toFortran<T>(_ src: UnsafePointer<T>, rows: Int, cols: Int, into dst: UnsafeMutablePointer<T>, ld: Int? = nil) {
    // Row-major rows × cols is column-major cols × rows: a transpose.
    _transposeCopy(src, rows: rows, cols: cols, srcStride: cols, into: dst, dstStride: ld ?? rows)
}

/// `dst` (row-major `rows × cols`) from `src` (column-major, leading dimension `ld`).
@usableFromInline
func _fromFortran<T>(_ src: UnsafePointer<T>, rows: Int, cols: Int, ld: Int? = nil, into dst: UnsafeMutablePointer<T>) {
    _transposeCopy(src, rows: cols, cols: rows, srcStride: ld ?? rows, into: dst, dstStride: cols)
}

/// `dst[j * dstStride + i] = src[i * srcStride + j]` for the `rows × cols`
/// block of `src`.
///
/// The linear-algebra entry points are generic and run unspecialised, so a
/// plain element loop would copy through a value-witness call per element
/// (a tenth of a 1000×1000 `eigh`). Elements are plain values: they are moved
/// as words of their size, in tiles that keep both sides in cache.
@usableFromInline
func _transposeCopy<T>(_ src: UnsafePointer<T>, rows: Int, cols: Int, srcStride: Int,
                       into dst: UnsafeMutablePointer<T>, dstStride: Int) {
    switch (MemoryLayout<T>.size, MemoryLayout<T>.stride, MemoryLayout<T>.alignment) {
    case (4, 4, 4): _transposeTiles(UInt32.self, src, rows, cols, srcStride, dst, dstStride)
    case (8, 8, 8): _transposeTiles(UInt64.self, src, rows, cols, srcStride, dst, dstStride)
    case (8, 8, 4): _transposeTiles(_TwoHalves.self, src, rows, cols, srcStride, dst, dstStride)
    case (16, 16, 8...): _transposeTiles(_TwoWords.self, src, rows, cols, srcStride, dst, dstStride)
    default:
        for i in 0..<rows { for j in 0..<cols { dst[j * dstStride + i] = src[i * srcStride + j] } }
    }
}

/// The tiled loop of ``_transposeCopy``, inlined at each word size so that
/// it compiles to plain loads and stores.
@inline(__always)
func _transposeTiles<W, T>(_: W.Type, _ src: UnsafePointer<T>, _ rows: Int, _ cols: Int, _ srcStride: Int,
                           _ dst: UnsafeMutablePointer<T>, _ dstStride: Int) {
    let s = UnsafeRawPointer(src).assumingMemoryBound(to: W.self)
    let d = UnsafeMutableRawPointer(dst).assumingMemoryBound(to: W.self)
    let tile = 32
    var i0 = 0
    while i0 < rows {
        let i1 = Swift.min(i0 + tile, rows)
        var j0 = 0
        while j0 < cols {
            let j1 = Swift.min(j0 + tile, cols)
            for i in i0..<i1 {
                let row = s + i * srcStride
                for j in j0..<j1 { d[j * dstStride + i] = row[j] }
            }
            j0 = j1
        }
        i0 = i1
    }
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
    // Every linalg element is made of Float or Double parts; the check runs on
    // those directly (the generic `_re`/`_im` path costs a witness call per element).
    let finite = a.withUnsafeBufferPointer { p -> Bool in
        let raw = UnsafeRawBufferPointer(p)
        if T.Magnitude.self == Double.self {
            return raw.withMemoryRebound(to: Double.self) { d in d.allSatisfy { $0.isFinite } }
        }
        if T.Magnitude.self == Float.self {
            return raw.withMemoryRebound(to: Float.self) { f in f.allSatisfy { $0.isFinite } }
        }
        return p.allSatisfy { $0._re.isFinite && $0._im.isFinite }
    }
    guard finite else { throw LinearAlgebraError(.notFinite, "\(name): the array must not contain infs or NaNs") }
}
