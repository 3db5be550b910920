import SwarmCore

// NumPy's set routines on 1-D arrays (other shapes are flattened). Each
// returns sorted distinct values, as NumPy's do.

/// Whether each element of `element` occurs in `testElements` (NumPy's
/// `isin`); the result has `element`'s shape. NaN is in nothing.
///
/// - Parameter invert: answer "not in" instead.
/// - Complexity: O((n + m) log m), the look-ups spread over the cores.
@inlinable
public func isin<T>(_ element: NDArray<T>, _ testElements: NDArray<T>, invert: Bool = false) -> NDArray<Bool> {
    let table = unique(testElements).contiguous()
    let x = element.contiguous()
    let out = NDArray<Bool>(_uninitializedShape: element.shape)
    let m = table.count
    let t = table._base, p = x._base, o = out._base
    ForkJoin.parallelFor(count: x.count, grain: 4_096) { r in
        for i in r {
            let v = p[i]
            var lo = 0, hi = m
            while lo < hi {
                let mid = (lo + hi) >> 1
                if T._ndLess(t[mid], v) { lo = mid + 1 } else { hi = mid }
            }
            let found = lo < m && T._ndEqual(t[lo], v)
            o[i] = found != invert
        }
    }
    withExtendedLifetime((table, x)) {}
    return out
}

/// ``isin(_:_:invert:)`` on the flattened array (NumPy's `in1d`).
@inlinable
public func in1d<T>(_ element: NDArray<T>, _ testElements: NDArray<T>, invert: Bool = false) -> NDArray<Bool> {
    isin(element.raveled(), testElements, invert: invert)
}

/// The sorted distinct values in both arrays (NumPy's `intersect1d`).
///
/// - Parameter assumeUnique: the inputs have no repeated values (skips a step).
@inlinable
public func intersect1d<T>(_ a: NDArray<T>, _ b: NDArray<T>, assumeUnique: Bool = false) -> NDArray<T> {
    intersect1dIndices(a, b, assumeUnique: assumeUnique).values
}

/// The common values and where each first occurs in `a` and in `b`
/// (NumPy's `intersect1d(..., return_indices=True)`).
@inlinable
public func intersect1dIndices<T>(_ a: NDArray<T>, _ b: NDArray<T>, assumeUnique: Bool = false)
    -> (values: NDArray<T>, aIndices: NDArray<Int>, bIndices: NDArray<Int>) {
    let ua = assumeUnique ? (a.raveled(), NDArray<Int>.arange(a.count)) : { let r = uniqueAll(a); return (r.values, r.indices) }()
    let ub = assumeUnique ? (b.raveled(), NDArray<Int>.arange(b.count)) : { let r = uniqueAll(b); return (r.values, r.indices) }()
    let both = concatenate([ua.0, ub.0])
    let order = both.argsort(axis: 0)
    let sorted = both.take(order)
    let na = ua.0.count
    var values: [T] = [], ia: [Int] = [], ib: [Int] = []
    sorted.withUnsafeBufferPointer { s in
        order.withUnsafeBufferPointer { o in
            for i in 0..<Swift.max(s.count - 1, 0) where T._ndEqual(s[i], s[i + 1]) {
                values.append(s[i])
                ia.append(o[i])
                ib.append(o[i + 1] - na)
            }
        }
    }
    return (NDArray(values), ua.1.take(ia), ub.1.take(ib))
}

/// The sorted distinct values in either array (NumPy's `union1d`).
@inlinable
public func union1d<T>(_ a: NDArray<T>, _ b: NDArray<T>) -> NDArray<T> {
    unique(concatenate([a.raveled(), b.raveled()]))
}

/// The sorted distinct values of `a` that are not in `b` (NumPy's `setdiff1d`).
@inlinable
public func setdiff1d<T>(_ a: NDArray<T>, _ b: NDArray<T>, assumeUnique: Bool = false) -> NDArray<T> {
    let ua = assumeUnique ? a.raveled() : unique(a)
    return ua[isin(ua, b, invert: true)]
}

/// The sorted values in exactly one of the arrays (NumPy's `setxor1d`).
@inlinable
public func setxor1d<T>(_ a: NDArray<T>, _ b: NDArray<T>, assumeUnique: Bool = false) -> NDArray<T> {
    let both = assumeUnique ? concatenate([a.raveled(), b.raveled()]) : concatenate([unique(a), unique(b)])
    let r = uniqueAll(both)
    return r.values[r.counts .== 1]
}
