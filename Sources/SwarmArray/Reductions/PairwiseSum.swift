import RealModule

/// NumPy's pairwise summation of `n` values spaced `stride` apart, each
/// first mapped by `value`.
///
/// Blocks of up to 128 values are summed in eight interleaved partial sums,
/// and longer runs are halved recursively, so the rounding error grows with
/// log(n) rather than n, exactly as in NumPy's `pairwise_sum`. A stride of 1
/// takes a separate copy of the block loop that the compiler vectorizes.
@inlinable
func _pairwiseSum<F: _NDUnaryFunction>(_ a: UnsafePointer<F.Input>, _ n: Int, _ stride: Int, _ value: F) -> F.Output
    where F.Output: NDArrayNumeric {
    typealias S = F.Output
    if stride == 1 && n >= 8, let sum = _VectorMath.pairwiseSum(a, n, value) { return sum }
    if n < 8 {
        var res = S.zero
        for i in 0..<n { res = S._add(res, value(a[i * stride])) }
        return res
    }
    if n <= 128 {
        if stride == 1 { return _pairwiseBlock(a, n, value) }
        var r0 = value(a[0]), r1 = value(a[stride]), r2 = value(a[2 * stride]), r3 = value(a[3 * stride])
        var r4 = value(a[4 * stride]), r5 = value(a[5 * stride]), r6 = value(a[6 * stride]), r7 = value(a[7 * stride])
        var i = 8
        let end = n - n % 8
        while i < end {
            let p = a + i * stride
            r0 = S._add(r0, value(p[0])); r1 = S._add(r1, value(p[stride]))
            r2 = S._add(r2, value(p[2 * stride])); r3 = S._add(r3, value(p[3 * stride]))
            r4 = S._add(r4, value(p[4 * stride])); r5 = S._add(r5, value(p[5 * stride]))
            r6 = S._add(r6, value(p[6 * stride])); r7 = S._add(r7, value(p[7 * stride]))
            i += 8
        }
        var res = S._add(S._add(S._add(r0, r1), S._add(r2, r3)), S._add(S._add(r4, r5), S._add(r6, r7)))
        while i < n {
            res = S._add(res, value(a[i * stride]))
            i += 1
        }
        return res
    }
    var half = n / 2
    half -= half % 8
    return S._add(_pairwiseSum(a, half, stride, value), _pairwiseSum(a + half * stride, n - half, stride, value))
}

/// The 8-to-128-element block of ``_pairwiseSum(_:_:_:_:)`` for contiguous values.
@inlinable @inline(__always)
func _pairwiseBlock<F: _NDUnaryFunction>(_ a: UnsafePointer<F.Input>, _ n: Int, _ value: F) -> F.Output
    where F.Output: NDArrayNumeric {
    typealias S = F.Output
    var r0 = value(a[0]), r1 = value(a[1]), r2 = value(a[2]), r3 = value(a[3])
    var r4 = value(a[4]), r5 = value(a[5]), r6 = value(a[6]), r7 = value(a[7])
    var i = 8
    let end = n - n % 8
    while i < end {
        let p = a + i
        r0 = S._add(r0, value(p[0])); r1 = S._add(r1, value(p[1]))
        r2 = S._add(r2, value(p[2])); r3 = S._add(r3, value(p[3]))
        r4 = S._add(r4, value(p[4])); r5 = S._add(r5, value(p[5]))
        r6 = S._add(r6, value(p[6])); r7 = S._add(r7, value(p[7]))
        i += 8
    }
    var res = S._add(S._add(S._add(r0, r1), S._add(r2, r3)), S._add(S._add(r4, r5), S._add(r6, r7)))
    while i < n {
        res = S._add(res, value(a[i]))
        i += 1
    }
    return res
}

/// A row sum as NumPy's reduce computes it: the first value plus the
/// pairwise sum of the rest.
@inlinable
func _rowSum<F: _NDUnaryFunction>(_ a: UnsafePointer<F.Input>, _ n: Int, _ stride: Int, _ value: F) -> F.Output
    where F.Output: NDArrayNumeric {
    F.Output._add(value(a[0]), _pairwiseSum(a + stride, n - 1, stride, value))
}

/// An element as the type its sum accumulates in.
@usableFromInline
struct _SumValue<T: NDArrayNumeric>: _NDUnaryFunction {
    @inlinable init() {}
    @inlinable @inline(__always) func callAsFunction(_ x: T) -> T.SumType { x._sumValue }
}

/// `(x - mean)²`, for variances.
@usableFromInline
struct _SquaredDeviation<T: NDArrayNumeric & AlgebraicField>: _NDUnaryFunction {
    @usableFromInline let mean: T
    @inlinable init(_ mean: T) { self.mean = mean }
    @inlinable @inline(__always) func callAsFunction(_ x: T) -> T {
        let d = x - mean
        return d * d
    }
}
