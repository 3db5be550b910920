/// NumPy's pairwise summation of `count` values spaced `stride` apart.
///
/// Blocks of up to 128 values are summed in eight interleaved partial sums,
/// and longer runs are halved recursively, so the rounding error grows with
/// log(n) rather than n, exactly as in NumPy's `pairwise_sum`.
@inlinable
func _pairwiseSum<E, S: NDArrayNumeric>(_ a: UnsafePointer<E>, _ n: Int, _ stride: Int, _ value: (E) -> S) -> S {
    if n < 8 {
        var res = S.zero
        for i in 0..<n { res = S._add(res, value(a[i * stride])) }
        return res
    }
    if n <= 128 {
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

/// A row sum as NumPy's reduce computes it: the first value plus the
/// pairwise sum of the rest.
@inlinable
func _rowSum<E, S: NDArrayNumeric>(_ a: UnsafePointer<E>, _ n: Int, _ stride: Int, _ value: (E) -> S) -> S {
    S._add(value(a[0]), _pairwiseSum(a + stride, n - 1, stride, value))
}
