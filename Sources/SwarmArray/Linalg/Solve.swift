import CSwarmKernels
import RealModule
import SwarmCore

// `solve`, `inv`, `det` and `slogdet` (numpy.linalg), on single matrices
// and stacks. Matrices up to 8 × 8, and every size when no LAPACK is
// installed, use the Swift LU; larger ones LAPACK's `getrf`/`getrs`/`getri`.
// LAPACK works on the row-major data as it is: it sees Aᵀ, whose
// determinant is A's, whose inverse is (A⁻¹)ᵀ (so the result needs no
// transposition), and `getrs` with 'T' solves A x = b from Aᵀ's factors.

@usableFromInline let _smallMatrixLimit = 8

/// A batch of square matrices `(…, n, n)` as contiguous row-major data.
@usableFromInline
struct _SquareStack<T: NDArrayLinalgElement> {
    @usableFromInline let batchShape: [Int]
    @usableFromInline let n: Int
    @usableFromInline var data: NDArray<T>
    @usableFromInline var count: Int { batchShape.reduce(1, *) }

    @inlinable
    init(_ a: NDArray<T>, _ name: String) {
        _checkSquare(a, name)
        n = a.shape[a.ndim - 1]
        batchShape = Array(a.shape.dropLast(2))
        data = a.copy()     // contiguous and ours: factorizations overwrite it
    }
}

/// A Fortran LAPACK failure for matrix `index` of a stack.
@usableFromInline
func _singular(_ info: Int, _ index: Int, batch: Int) -> LinearAlgebraError {
    LinearAlgebraError(.singular, "Singular matrix (U[\(info - 1), \(info - 1)] is exactly zero)", info: info,
                       matrixIndex: batch > 1 ? index : nil)
}

/// The solution `x` of `a x = b` (NumPy's `linalg.solve`).
///
/// `a` is `(…, n, n)`; `b` is `(n,)` (one vector, for every matrix) or
/// `(…, n, k)` (k right-hand sides per matrix); stack axes broadcast. As in
/// NumPy 2, `b` is a vector only when it is 1-D.
///
/// - Throws: ``LinearAlgebraError`` `.singular` (with the failing pivot
///   and the matrix's place in a stack).
/// - Complexity: O(n³ + n²k) per matrix.
@inlinable
public func solve<T: NDArrayLinalgElement>(_ a: NDArray<T>, _ b: NDArray<T>) throws(LinearAlgebraError) -> NDArray<T> {
    _checkSquare(a, "solve")
    let n = a.shape[a.ndim - 1]
    if a.ndim == 2 && n <= _smallMatrixLimit && n > 0 && (b.ndim == 1 || b.ndim == 2) && b.shape[0] == n {
        return try _smallSolve(a, b, n)
    }
    let vector = b.ndim == 1
    let B = vector ? b.reshaped([n, 1]) : b
    precondition(B.ndim >= 2 && B.shape[B.ndim - 2] == n,
                 "solve: Input operand 1 has a mismatch in its core dimension 0 (size \(B.ndim >= 2 ? B.shape[B.ndim - 2] : 0) is different from \(n)); shapes \(_Layout.describe(a.shape)) and \(_Layout.describe(b.shape))")
    let k = B.shape[B.ndim - 1]
    guard let batch = _Layout.broadcast(Array(a.shape.dropLast(2)), Array(B.shape.dropLast(2))) else {
        preconditionFailure("solve: stack shapes do not broadcast: \(_Layout.describe(a.shape)) and \(_Layout.describe(b.shape))")
    }
    var lhs = a.broadcast(to: batch + [n, n]).copy()
    var x = B.broadcast(to: batch + [n, k]).copy()
    let count = batch.reduce(1, *)
    if n > 0 && count > 0 {
        try T._solveStack(&lhs, &x, count: count, n: n, k: k)
    }
    return vector ? x.reshaped(batch + [n]) : x
}

/// The inverse of a square matrix or of each matrix of a stack (NumPy's `linalg.inv`).
///
/// - Throws: ``LinearAlgebraError`` `.singular`.
@inlinable
public func inv<T: NDArrayLinalgElement>(_ a: NDArray<T>) throws(LinearAlgebraError) -> NDArray<T> {
    if a.ndim == 2 && a.shape[0] == a.shape[1] && a.shape[0] <= _smallMatrixLimit && a.shape[0] > 0 {
        let n = a.shape[0]
        if T.self == Double.self {
            // Doubles: Gauss–Jordan in vector registers (C kernel), when the CPU has them.
            let out = NDArray<T>(_uninitializedShape: [n, n])
            let status = _doubles(a) { p, rs, cs in
                swarm_small_inverse_f64(p, rs, cs, Int32(n), UnsafeMutableRawPointer(out._base).assumingMemoryBound(to: Double.self))
            }
            if status == 0 { return out }
            if status > 0 { throw _singular(Int(status), 0, batch: 1) }
        }
        let out = NDArray<T>.zeros([n, n])
        let singular: Int? = _withSmallLU(a, n) { lu in
            guard lu.zeroPivot == nil else { return lu.zeroPivot! + 1 }
            let o = out._base
            for d in 0..<n { o[d * n + d] = .one }
            lu.solve(o, columns: n)
            return nil
        }
        if let singular { throw _singular(singular, 0, batch: 1) }
        return out
    }
    var stack = _SquareStack(a, "inv")
    if stack.n > 0 && stack.count > 0 { try T._invertStack(&stack.data, count: stack.count, n: stack.n) }
    return stack.data
}

/// The determinant of a square matrix (NumPy's `linalg.det`); zero for a singular one.
@inlinable
public func det<T: NDArrayLinalgElement>(_ a: NDArray<T>) -> T {
    precondition(a.ndim == 2, "det of a \(a.ndim)-D array: use dets(_:) for a stack")
    if a.shape[0] == a.shape[1] && a.shape[0] <= _smallMatrixLimit && a.shape[0] > 0 {
        return _withSmallLU(a, a.shape[0]) { $0.zeroPivot == nil ? $0.determinant : .zero }
    }
    return dets(a).item
}

/// Factors a small 2-D matrix in stack memory and calls `body` with the factors.
@inlinable
func _withSmallLU<T: NDArrayLinalgElement, R>(_ a: NDArray<T>, _ n: Int, _ body: (_SmallLU<T>) -> R) -> R {
    withUnsafeTemporaryAllocation(of: T.self, capacity: n * n) { lu in
        withUnsafeTemporaryAllocation(of: Int.self, capacity: n) { pivots in
            let p = lu.baseAddress!
            let src = a._base, r = a.strides[0], c = a.strides[1]
            for i in 0..<n { for j in 0..<n { (p + i * n + j).initialize(to: src[i * r + j * c]) } }
            withExtendedLifetime(a) {}
            return body(_SmallLU(p, n, pivots: pivots.baseAddress!))
        }
    }
}

/// Calls `body` with a Double array's element pointer and its first two strides (0 for a missing axis).
@inlinable
func _doubles<T: NDArrayLinalgElement>(_ a: NDArray<T>, _ body: (UnsafePointer<Double>, Int, Int) -> Int32) -> Int32 {
    defer { withExtendedLifetime(a) {} }
    return body(UnsafeRawPointer(a._base).assumingMemoryBound(to: Double.self),
                a.ndim > 0 ? a.strides[0] : 0, a.ndim > 1 ? a.strides[1] : 0)
}

/// `solve` for one small matrix: LU in stack memory, one allocation for the result.
@inlinable
func _smallSolve<T: NDArrayLinalgElement>(_ a: NDArray<T>, _ b: NDArray<T>, _ n: Int) throws(LinearAlgebraError) -> NDArray<T> {
    let k = b.ndim == 1 ? 1 : b.shape[1]
    if T.self == Double.self && k <= 8 {
        let x = NDArray<T>(_uninitializedShape: b.shape)
        let brs = b.strides[0], bcs = b.ndim == 1 ? 0 : b.strides[1]
        let status = _doubles(a) { p, rs, cs in
            _doubles(b) { q, _, _ in
                swarm_small_solve_f64(p, rs, cs, Int32(n), q, brs, bcs, Int32(k),
                                      UnsafeMutableRawPointer(x._base).assumingMemoryBound(to: Double.self))
            }
        }
        if status == 0 { return x }
        if status > 0 { throw _singular(Int(status), 0, batch: 1) }
    }
    let x = b.copy()
    let singular: Int? = _withSmallLU(a, n) { lu in
        guard lu.zeroPivot == nil else { return lu.zeroPivot! + 1 }
        lu.solve(x._base, columns: k)
        return nil
    }
    if let singular { throw _singular(singular, 0, batch: 1) }
    return x
}

/// The determinants of a stack of matrices `(…, n, n)`: shape `(…)`.
@inlinable
public func dets<T: NDArrayLinalgElement>(_ a: NDArray<T>) -> NDArray<T> {
    let (sign, logdet) = slogdets(a)
    return NDArray<T>._zip(sign, logdet, _Fn2<T, T.Magnitude, T> { s, l in s * T(_real: T.Magnitude.exp(l), _imaginary: 0) })
}

/// The sign (a unit complex number for complex types) and natural
/// logarithm of the absolute value of the determinant (NumPy's
/// `linalg.slogdet`): `(0, -inf)` for a singular matrix.
@inlinable
public func slogdet<T: NDArrayLinalgElement>(_ a: NDArray<T>) -> (sign: T, logAbsDet: T.Magnitude) {
    precondition(a.ndim == 2, "slogdet of a \(a.ndim)-D array: use slogdets(_:) for a stack")
    let (s, l) = slogdets(a)
    return (s.item, l.item)
}

/// ``slogdet(_:)`` for each matrix of a stack.
@inlinable
public func slogdets<T: NDArrayLinalgElement>(_ a: NDArray<T>) -> (sign: NDArray<T>, logAbsDet: NDArray<T.Magnitude>) {
    var stack = _SquareStack(a, "slogdet")
    let count = stack.count, n = stack.n
    let sign = NDArray<T>.zeros(stack.batchShape), logdet = NDArray<T.Magnitude>.zeros(stack.batchShape)
    if count > 0 { T._slogdetStack(&stack.data, count: count, n: n, sign: sign._base, logdet: logdet._base) }
    withExtendedLifetime(stack) {}
    return (sign, logdet)
}

extension NDArrayLinalgElement {
    /// Solves each system of a stack in place (`x` receives the solutions).
    @usableFromInline
    static func _solveStack(_ a: inout NDArray<Self>, _ x: inout NDArray<Self>, count: Int, n: Int, k: Int) throws(LinearAlgebraError) {
        let pa = a._base, px = x._base
        if n <= _smallMatrixLimit || _LAPACK.table(Self.self)?.getrf == nil {
            let pivots = UnsafeMutablePointer<Int>.allocate(capacity: n)
            defer { pivots.deallocate() }
            for i in 0..<count {
                let lu = _SmallLU(pa + i * n * n, n, pivots: pivots)
                if let z = lu.zeroPivot { throw _singular(z + 1, i, batch: count) }
                lu.solve(px + i * n * k, columns: k)
            }
            return
        }
        let table = _LAPACK.table(Self.self)!
        let ipiv = _Buffer<Int32>(n, 0), bt = _Buffer<Self>(n * k, .zero)
        let args = _Args(n, n, n, n, k, n, n)
        var trans: CChar = 84   // 'T': solve with (Aᵀ)ᵀ = A
        for i in 0..<count {
            let m = UnsafeMutableRawPointer(pa + i * n * n), b = px + i * n * k
            table.getrf!(args[0], args[1], m, args[2], ipiv.p, args.info)
            if args.status > 0 { throw _singular(args.status, i, batch: count) }
            // B to Fortran order (n × k column-major), solve, and back.
            for r in 0..<n { for c in 0..<k { bt.p[c * n + r] = b[r * k + c] } }
            table.getrs!(&trans, args[3], args[4], m, args[5], ipiv.p, bt.raw, args[6], args.info, 1)
            for r in 0..<n { for c in 0..<k { b[r * k + c] = bt.p[c * n + r] } }
        }
    }

    /// Inverts each matrix of a stack in place.
    @usableFromInline
    static func _invertStack(_ a: inout NDArray<Self>, count: Int, n: Int) throws(LinearAlgebraError) {
        let pa = a._base
        if n <= _smallMatrixLimit || _LAPACK.table(Self.self)?.getri == nil {
            let pivots = UnsafeMutablePointer<Int>.allocate(capacity: n)
            let work = UnsafeMutablePointer<Self>.allocate(capacity: n * n)
            defer { pivots.deallocate(); work.deallocate() }
            for i in 0..<count {
                let m = pa + i * n * n
                let lu = _SmallLU(m, n, pivots: pivots)
                if let z = lu.zeroPivot { throw _singular(z + 1, i, batch: count) }
                work.initialize(repeating: .zero, count: n * n)
                for d in 0..<n { work[d * n + d] = .one }
                lu.solve(work, columns: n)
                m.update(from: work, count: n * n)
            }
            return
        }
        let table = _LAPACK.table(Self.self)!
        let ipiv = _Buffer<Int32>(n, 0), query = _Buffer<Self>(1, .zero)
        let args = _Args(n, n, n, n, n, -1)
        // Workspace query, then a buffer of the size LAPACK asks for.
        table.getri!(args[3], UnsafeMutableRawPointer(pa), args[4], ipiv.p, query.raw, args[5], args.info)
        let lwork = Swift.max(Int(query.p[0]._re), n)
        let work = _Buffer<Self>(lwork, .zero)
        args.p[5] = _lapackInt(lwork)
        for i in 0..<count {
            let m = UnsafeMutableRawPointer(pa + i * n * n)
            table.getrf!(args[0], args[1], m, args[2], ipiv.p, args.info)
            if args.status > 0 { throw _singular(args.status, i, batch: count) }
            table.getri!(args[3], m, args[4], ipiv.p, work.raw, args[5], args.info)
            if args.status > 0 { throw _singular(args.status, i, batch: count) }
        }
    }

    /// Signs and log-determinants of each matrix of a stack (overwritten).
    @usableFromInline
    static func _slogdetStack(_ a: inout NDArray<Self>, count: Int, n: Int, sign: UnsafeMutablePointer<Self>,
                              logdet: UnsafeMutablePointer<Magnitude>) {
        let pa = a._base
        func finish(_ i: Int, _ diagonal: (Int) -> Self, _ odd: Bool, singular: Bool) {
            if singular {
                sign[i] = .zero
                logdet[i] = -Magnitude.infinity
                return
            }
            var s = odd ? Self.zero - Self.one : Self.one
            var l = Magnitude.zero
            for d in 0..<n {
                let u = diagonal(d)
                let m = u._abs
                s = s * (u / Self(_real: m, _imaginary: 0))
                l += Magnitude.log(m)
            }
            sign[i] = s
            logdet[i] = l
        }
        if n == 0 {
            for i in 0..<count { sign[i] = .one; logdet[i] = 0 }
            return
        }
        if n <= _smallMatrixLimit || _LAPACK.table(Self.self)?.getrf == nil {
            let pivots = UnsafeMutablePointer<Int>.allocate(capacity: n)
            defer { pivots.deallocate() }
            for i in 0..<count {
                let m = pa + i * n * n
                let lu = _SmallLU(m, n, pivots: pivots)
                finish(i, { m[$0 * n + $0] }, lu.oddSwaps, singular: lu.zeroPivot != nil)
            }
            return
        }
        let table = _LAPACK.table(Self.self)!
        let ipiv = _Buffer<Int32>(n, 0)
        let args = _Args(n, n, n)
        for i in 0..<count {
            let m = pa + i * n * n
            table.getrf!(args[0], args[1], UnsafeMutableRawPointer(m), args[2], ipiv.p, args.info)
            var odd = false
            for d in 0..<n where ipiv.p[d] != Int32(d + 1) { odd.toggle() }
            finish(i, { m[$0 * n + $0] }, odd, singular: args.status > 0)
        }
    }
}
