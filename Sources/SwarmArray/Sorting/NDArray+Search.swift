import SwarmCore

// Searching and counting: `searchsorted`, `nonzero`, `argwhere`,
// `flatnonzero`, `count_nonzero`.

/// Which end of a run of equal values ``searchsorted(_:_:side:sorter:)`` returns.
public enum SearchSide: Sendable {
    /// The first position where the value could be inserted (NumPy's `'left'`).
    case left
    /// The last such position (NumPy's `'right'`).
    case right
}

/// Where each value would be inserted into the sorted 1-D array `a` to keep
/// it sorted (NumPy's `searchsorted`), in NumPy's order (NaN last).
///
/// ```swift
/// searchsorted(NDArray<Int>([1, 2, 2, 3]), NDArray([2]), side: .right)   // [3]
/// ```
///
/// - Parameters:
///   - a: a 1-D array sorted ascending, or any 1-D array with `sorter`.
///   - values: the values to place; the result has their shape.
///   - side: `.left` (first suitable position) or `.right` (last).
///   - sorter: indices that sort `a`, as `argsort` gives.
/// - Complexity: O(m log n) for m values, spread over the cores.
@inlinable
public func searchsorted<T>(_ a: NDArray<T>, _ values: NDArray<T>, side: SearchSide = .left,
                            sorter: NDArray<Int>? = nil) -> NDArray<Int> {
    precondition(a.ndim == 1, "searchsorted needs a 1-D array, not shape \(_Layout.describe(a.shape))")
    let sortedA = (sorter.map { a.take($0) } ?? a).contiguous()
    let v = values.contiguous()
    let out = NDArray<Int>(_uninitializedShape: values.shape)
    let n = sortedA.count
    let p = sortedA._base, q = v._base, o = out._base
    ForkJoin.parallelFor(count: v.count, grain: 4_096) { r in
        for i in r {
            let x = q[i]
            var lo = 0, hi = n
            while lo < hi {
                let mid = (lo + hi) >> 1
                let goRight = side == .left ? T._ndLess(p[mid], x) : !T._ndLess(x, p[mid])
                if goRight { lo = mid + 1 } else { hi = mid }
            }
            o[i] = lo
        }
    }
    withExtendedLifetime((sortedA, v)) {}
    return out
}

/// ``searchsorted(_:_:side:sorter:)`` for one value.
@inlinable
public func searchsorted<T>(_ a: NDArray<T>, _ value: T, side: SearchSide = .left, sorter: NDArray<Int>? = nil) -> Int {
    searchsorted(a, NDArray(scalar: value), side: side, sorter: sorter).item
}

extension NDArray {
    /// The positions of the nonzero (`true`, non-zero) elements, one index
    /// array per dimension, in C order (NumPy's `nonzero`).
    @inlinable
    public func nonzero() -> [NDArray<Int>] {
        let flat = flatnonzero()
        if ndim <= 1 { return [flat] }
        let m = flat.count
        let outs = (0..<ndim).map { _ in NDArray<Int>(_uninitializedShape: [m]) }
        let f = flat._base
        let ptrs = outs.map { $0._base }
        let dims = shape
        ForkJoin.parallelFor(count: m, grain: 16_384) { r in
            for i in r {
                var rest = f[i]
                var d = dims.count - 1
                while d >= 0 {
                    ptrs[d][i] = rest % dims[d]
                    rest /= dims[d]
                    d -= 1
                }
            }
        }
        withExtendedLifetime((flat, outs)) {}
        return outs
    }

    /// The C-order positions of the nonzero elements in the flattened array
    /// (NumPy's `flatnonzero`).
    @inlinable
    public func flatnonzero() -> NDArray<Int> {
        let a = contiguous()
        let n = a.count
        let pieces = Swift.max(1, ForkJoin.chunkCount(count: n, grain: _Grain.cheap * 4))
        let size = (n + pieces - 1) / pieces
        let p = a._base
        var starts = [Int](repeating: 0, count: pieces + 1)
        starts.withUnsafeMutableBufferPointer { s in
            let sp = s.baseAddress!
            ForkJoin.run(chunks: pieces) { k in
                var t = 0
                for i in (k * size)..<Swift.min(n, (k + 1) * size) where p[i] != .zero { t += 1 }
                sp[k + 1] = t
            }
        }
        for k in 0..<pieces { starts[k + 1] += starts[k] }
        let out = NDArray<Int>(_uninitializedShape: [starts[pieces]])
        let o = out._base
        starts.withUnsafeBufferPointer { s in
            let sp = s.baseAddress!
            ForkJoin.run(chunks: pieces) { k in
                var j = sp[k]
                for i in (k * size)..<Swift.min(n, (k + 1) * size) where p[i] != .zero {
                    o[j] = i
                    j += 1
                }
            }
        }
        withExtendedLifetime(a) {}
        return out
    }

    /// The positions of the nonzero elements as rows of an `(N, ndim)` array
    /// (NumPy's `argwhere`).
    @inlinable
    public func argwhere() -> NDArray<Int> {
        if ndim == 0 { return NDArray<Int>.zeros([item != .zero ? 1 : 0, 0]) }
        return stack(nonzero(), axis: 1)
    }

    /// How many elements are nonzero (NumPy's `count_nonzero`).
    @inlinable
    public func countNonzero() -> Int {
        count == 0 ? 0 : _reduceAll(_CountReduction<Element>())
    }

    /// How many elements are nonzero along `axis`.
    @inlinable
    public func countNonzero(axis: Int, keepdims: Bool = false) -> NDArray<Int> {
        countNonzero(axes: [axis], keepdims: keepdims)
    }

    /// How many elements are nonzero over `axes`.
    @inlinable
    public func countNonzero(axes: [Int], keepdims: Bool = false) -> NDArray<Int> {
        let reduced = _reducedAxes(axes)
        if reduced.contains(where: { shape[$0] == 0 }) { return .zeros(_reducedShape(reduced, keepdims: keepdims)) }
        return _reduce(axes: axes, keepdims: keepdims, _CountReduction<Element>())
    }
}

/// The positions of nonzero elements, one array per dimension (NumPy's `nonzero`).
@inlinable
public func nonzero<T>(_ a: NDArray<T>) -> [NDArray<Int>] { a.nonzero() }

/// The positions of nonzero elements as an `(N, ndim)` array (NumPy's `argwhere`).
@inlinable
public func argwhere<T>(_ a: NDArray<T>) -> NDArray<Int> { a.argwhere() }

/// The number of nonzero elements (NumPy's `count_nonzero`).
@inlinable
public func countNonzero<T>(_ a: NDArray<T>) -> Int { a.countNonzero() }

/// The positions where `condition` is true, one array per dimension
/// (NumPy's one-argument `where`).
@inlinable
public func `where`(_ condition: NDArray<Bool>) -> [NDArray<Int>] { condition.nonzero() }
