import RealModule
import SwarmCore

// `matmul` with NumPy's rules: 1-D operands are promoted to a row or a
// column and the promoted axis is dropped again; leading (stack) axes
// broadcast. Each matrix product goes to BLAS when the element type has
// one (Float, Double and their complex types, with a BLAS installed) and
// to a blocked Swift kernel otherwise (integers, or no BLAS).

/// The matrix product of `a` and `b` (NumPy's `matmul`, the `@` operator).
///
/// ```swift
/// let a = NDArray<Double>.arange(6).reshaped(2, 3)
/// matmul(a, a.T)                       // 2 × 2
/// matmul(stackOf4x2x3, a.T)            // (4, 2, 2): the stack axis broadcasts
/// matmul(NDArray<Double>([1, 2, 3]), a.T)   // 1-D @ 2-D: shape (2,)
/// ```
///
/// Traps when the inner dimensions differ or the stack shapes do not
/// broadcast, naming the shapes.
///
/// - Complexity: O(m·n·k) per matrix, on every core (BLAS's threads, or
///   ours over rows or over the stack).
@inlinable
public func matmul<T: NDArrayNumeric>(_ a: NDArray<T>, _ b: NDArray<T>) -> NDArray<T> {
    precondition(a.ndim >= 1 && b.ndim >= 1, "matmul: Input operand \(a.ndim == 0 ? 0 : 1) does not have enough dimensions (has 0, gufunc core with signature (n?,k),(k,m?)->(n?,m?) requires 1)")
    let A = a.ndim == 1 ? a.expandDims(0) : a
    let B = b.ndim == 1 ? b.expandDims(-1) : b
    let m = A.shape[A.ndim - 2], k = A.shape[A.ndim - 1], k2 = B.shape[B.ndim - 2], n = B.shape[B.ndim - 1]
    precondition(k == k2, "matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature (n?,k),(k,m?)->(n?,m?) (size \(k2) is different from \(k)); shapes \(_Layout.describe(a.shape)) and \(_Layout.describe(b.shape))")
    let batchA = Array(A.shape.dropLast(2)), batchB = Array(B.shape.dropLast(2))
    guard let batch = _Layout.broadcast(batchA, batchB) else {
        preconditionFailure("matmul: stack shapes do not broadcast: \(_Layout.describe(a.shape)) and \(_Layout.describe(b.shape))")
    }
    let Av = A.broadcast(to: batch + [m, k]), Bv = B.broadcast(to: batch + [k, n])
    var out = NDArray<T>.zeros(batch + [m, n])
    out._matmulInto(Av, Bv, m: m, n: n, k: k)
    var shape = batch
    if a.ndim > 1 { shape.append(m) }
    if b.ndim > 1 { shape.append(n) }
    return out.reshaped(shape)
}

extension NDArray where Element: NDArrayNumeric {
    /// The matrix product with `other` (NumPy's `a @ b`).
    @inlinable
    public func matmul(_ other: NDArray) -> NDArray { SwarmArray.matmul(self, other) }

    /// Fills this zeroed, contiguous stack of `m × n` matrices with the
    /// products of the stacks `a` (… × m × k) and `b` (… × k × n), already
    /// broadcast to the same stack shape.
    @inlinable
    mutating func _matmulInto(_ a: NDArray, _ b: NDArray, m: Int, n: Int, k: Int) {
        let batches = count / Swift.max(m * n, 1)
        guard m > 0 && n > 0 && k > 0 && batches > 0 else { return }
        let nd = a.ndim
        let layout = _GemmLayout(ar: a.strides[nd - 2], ac: a.strides[nd - 1], br: b.strides[nd - 2], bc: b.strides[nd - 1],
                                 m: m, n: n, k: k)
        let offsets = _stackOffsets(Array(a.shape.dropLast(2)), Array(a.strides.dropLast(2)), Array(b.strides.dropLast(2)))
        let pa = a._base, pb = b._base, pc = _base
        if let blas = Element.self as? any NDArrayLinalgElement.Type, _LAPACK.shared != nil {
            blas._matmulStackBLAS(UnsafeMutableRawPointer(pa), UnsafeMutableRawPointer(pb), UnsafeMutableRawPointer(pc),
                                  offsets, layout)
        } else {
            let work = m * n * k
            if batches > 1 && work < 1 << 18 {
                ForkJoin.parallelFor(count: batches, grain: Swift.max(1, (1 << 16) / work)) { r in
                    for i in r {
                        _gemmSwift(pa + offsets[i].0, pb + offsets[i].1, pc + i * m * n, layout, parallel: false)
                    }
                }
            } else {
                for i in 0..<batches { _gemmSwift(pa + offsets[i].0, pb + offsets[i].1, pc + i * m * n, layout, parallel: true) }
            }
        }
        withExtendedLifetime((a, b)) {}
    }
}

/// The shape and strides of one matrix product `C (m×n) = A (m×k) · B (k×n)`;
/// `C` is contiguous, `A` and `B` have row and column strides.
@usableFromInline
struct _GemmLayout: Sendable {
    @usableFromInline var ar, ac, br, bc, m, n, k: Int
    @inlinable init(ar: Int, ac: Int, br: Int, bc: Int, m: Int, n: Int, k: Int) {
        self.ar = ar; self.ac = ac; self.br = br; self.bc = bc; self.m = m; self.n = n; self.k = k
    }
}

/// The element offsets of every matrix of two broadcast stacks, in C order of the stack.
@inlinable
func _stackOffsets(_ shape: [Int], _ sa: [Int], _ sb: [Int]) -> [(Int, Int)] {
    let count = shape.reduce(1, *)
    var result = [(Int, Int)]()
    result.reserveCapacity(count)
    for index in 0..<count {
        var rest = index, oa = 0, ob = 0
        var d = shape.count - 1
        while d >= 0 {
            let i = rest % shape[d]
            rest /= shape[d]
            oa += i * sa[d]
            ob += i * sb[d]
            d -= 1
        }
        result.append((oa, ob))
    }
    return result
}

extension NDArrayLinalgElement {
    /// Every product of a stack through BLAS: many small ones spread over
    /// the cores with BLAS single-threaded, large ones one after another
    /// with BLAS's own threads.
    @usableFromInline
    static func _matmulStackBLAS(_ pa: UnsafeMutableRawPointer, _ pb: UnsafeMutableRawPointer, _ pc: UnsafeMutableRawPointer,
                                 _ offsets: [(Int, Int)], _ layout: _GemmLayout) {
        let qa = pa.assumingMemoryBound(to: Self.self), qb = pb.assumingMemoryBound(to: Self.self)
        let qc = pc.assumingMemoryBound(to: Self.self)
        let size = layout.m * layout.n, work = size * layout.k
        func one(_ i: Int) { _blasGemm(qa + offsets[i].0, qb + offsets[i].1, qc + i * size, layout) }
        if offsets.count > 1 && work < 1 << 21 {
            _LAPACK.shared!.withSingleThreadedBLAS {
                ForkJoin.parallelFor(count: offsets.count, grain: Swift.max(1, (1 << 16) / work)) { r in
                    for i in r { one(i) }
                }
            }
        } else {
            for i in 0..<offsets.count { one(i) }
        }
    }
}
