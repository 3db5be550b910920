import RealModule

/// How a reduction treats one row, and how partial results merge.
///
/// `row(p, n, stride)` reduces `n ≥ 1` elements spaced `stride` apart.
/// When `splits`, a long row may be cut into pieces whose results `combine`
/// merges, left before right. When `folds`, `lift` and `accumulate` give
/// the column path: for a reduction over leading axes of a C-ordered array,
/// whole rows are folded into the output vector one after another, which
/// reads memory in order instead of striding down columns. The reduction is
/// a type, not closures, so that all of this is inlined into the loops.
@usableFromInline
protocol _NDReduction {
    associatedtype Input
    associatedtype Result
    static var splits: Bool { get }
    static var folds: Bool { get }
    func row(_ p: UnsafePointer<Input>, _ n: Int, _ stride: Int) -> Result
    func combine(_ a: Result, _ b: Result) -> Result
    func lift(_ x: Input) -> Result
    func accumulate(_ r: Result, _ x: Input) -> Result
}

/// Sums, pairwise, in the element's `SumType`.
@usableFromInline
struct _SumReduction<T: NDArrayNumeric>: _NDReduction {
    @inlinable init() {}
    @inlinable static var splits: Bool { true }
    @inlinable static var folds: Bool { true }
    @inlinable func row(_ p: UnsafePointer<T>, _ n: Int, _ s: Int) -> T.SumType { _rowSum(p, n, s, _SumValue<T>()) }
    @inlinable @inline(__always) func combine(_ a: T.SumType, _ b: T.SumType) -> T.SumType { T.SumType._add(a, b) }
    @inlinable @inline(__always) func lift(_ x: T) -> T.SumType { x._sumValue }
    @inlinable @inline(__always) func accumulate(_ r: T.SumType, _ x: T) -> T.SumType { T.SumType._add(r, x._sumValue) }
}

/// Sums of squared deviations from a fixed mean (one pass of `var`).
@usableFromInline
struct _SquaredDeviationSum<T: NDArrayNumeric & AlgebraicField>: _NDReduction where T.SumType == T {
    @usableFromInline let mean: T
    @inlinable init(_ mean: T) { self.mean = mean }
    @inlinable static var splits: Bool { true }
    @inlinable static var folds: Bool { true }
    @inlinable func row(_ p: UnsafePointer<T>, _ n: Int, _ s: Int) -> T { _rowSum(p, n, s, _SquaredDeviation(mean)) }
    @inlinable @inline(__always) func combine(_ a: T, _ b: T) -> T { a + b }
    @inlinable @inline(__always) func lift(_ x: T) -> T { _SquaredDeviation(mean)(x) }
    @inlinable @inline(__always) func accumulate(_ r: T, _ x: T) -> T { r + _SquaredDeviation(mean)(x) }
}

/// Products in the element's `SumType`.
@usableFromInline
struct _ProdReduction<T: NDArrayNumeric>: _NDReduction {
    @inlinable init() {}
    @inlinable static var splits: Bool { true }
    @inlinable static var folds: Bool { true }
    @inlinable func row(_ p: UnsafePointer<T>, _ n: Int, _ s: Int) -> T.SumType {
        var r = T.SumType.one
        for i in 0..<n { r = T.SumType._multiply(r, p[i * s]._sumValue) }
        return r
    }
    @inlinable @inline(__always) func combine(_ a: T.SumType, _ b: T.SumType) -> T.SumType { T.SumType._multiply(a, b) }
    @inlinable @inline(__always) func lift(_ x: T) -> T.SumType { x._sumValue }
    @inlinable @inline(__always) func accumulate(_ r: T.SumType, _ x: T) -> T.SumType { T.SumType._multiply(r, x._sumValue) }
}

/// The maximum (`isMax`) or minimum; NaN (an element unequal to itself) wins.
@usableFromInline
struct _ExtremumReduction<T: NDArrayElement & Comparable>: _NDReduction {
    @usableFromInline let isMax: Bool
    @inlinable init(max: Bool) { isMax = max }
    @inlinable static var splits: Bool { true }
    @inlinable static var folds: Bool { true }

    @inlinable
    func row(_ p: UnsafePointer<T>, _ n: Int, _ s: Int) -> T {
        if s == 1, n >= 16, let m = _VectorMath.extremum(p, n, max: isMax) { return m }
        if s == 1 && n >= 8 { return isMax ? _rowMax8(p, n) : _rowMin8(p, n) }
        var m = p[0]
        var nan = m != m
        for i in 1..<Swift.max(n, 1) where i < n {
            let x = p[i * s]
            nan = nan || x != x
            m = isMax ? (x > m ? x : m) : (x < m ? x : m)
        }
        return nan ? _firstNaN(p, n, s) : m
    }

    /// Eight running extrema over a contiguous row, which the compiler
    /// turns into vector max/min instructions.
    @inlinable
    func _rowMax8(_ p: UnsafePointer<T>, _ n: Int) -> T {
        var m0 = p[0], m1 = p[1], m2 = p[2], m3 = p[3], m4 = p[4], m5 = p[5], m6 = p[6], m7 = p[7]
        var nan = false
        var i = 8
        let end = n - n % 8
        while i < end {
            let q = p + i
            let x0 = q[0], x1 = q[1], x2 = q[2], x3 = q[3], x4 = q[4], x5 = q[5], x6 = q[6], x7 = q[7]
            nan = nan || (x0 != x0) || (x1 != x1) || (x2 != x2) || (x3 != x3) || (x4 != x4) || (x5 != x5) || (x6 != x6) || (x7 != x7)
            m0 = x0 > m0 ? x0 : m0; m1 = x1 > m1 ? x1 : m1; m2 = x2 > m2 ? x2 : m2; m3 = x3 > m3 ? x3 : m3
            m4 = x4 > m4 ? x4 : m4; m5 = x5 > m5 ? x5 : m5; m6 = x6 > m6 ? x6 : m6; m7 = x7 > m7 ? x7 : m7
            i += 8
        }
        m0 = m1 > m0 ? m1 : m0; m2 = m3 > m2 ? m3 : m2; m4 = m5 > m4 ? m5 : m4; m6 = m7 > m6 ? m7 : m6
        m0 = m2 > m0 ? m2 : m0; m4 = m6 > m4 ? m6 : m4
        var m = m4 > m0 ? m4 : m0
        for j in 0..<8 where p[j] != p[j] { nan = true }
        while i < n {
            let x = p[i]
            nan = nan || x != x
            m = x > m ? x : m
            i += 1
        }
        return nan ? _firstNaN(p, n, 1) : m
    }

    @inlinable
    func _rowMin8(_ p: UnsafePointer<T>, _ n: Int) -> T {
        var m0 = p[0], m1 = p[1], m2 = p[2], m3 = p[3], m4 = p[4], m5 = p[5], m6 = p[6], m7 = p[7]
        var nan = false
        var i = 8
        let end = n - n % 8
        while i < end {
            let q = p + i
            let x0 = q[0], x1 = q[1], x2 = q[2], x3 = q[3], x4 = q[4], x5 = q[5], x6 = q[6], x7 = q[7]
            nan = nan || (x0 != x0) || (x1 != x1) || (x2 != x2) || (x3 != x3) || (x4 != x4) || (x5 != x5) || (x6 != x6) || (x7 != x7)
            m0 = x0 < m0 ? x0 : m0; m1 = x1 < m1 ? x1 : m1; m2 = x2 < m2 ? x2 : m2; m3 = x3 < m3 ? x3 : m3
            m4 = x4 < m4 ? x4 : m4; m5 = x5 < m5 ? x5 : m5; m6 = x6 < m6 ? x6 : m6; m7 = x7 < m7 ? x7 : m7
            i += 8
        }
        m0 = m1 < m0 ? m1 : m0; m2 = m3 < m2 ? m3 : m2; m4 = m5 < m4 ? m5 : m4; m6 = m7 < m6 ? m7 : m6
        m0 = m2 < m0 ? m2 : m0; m4 = m6 < m4 ? m6 : m4
        var m = m4 < m0 ? m4 : m0
        for j in 0..<8 where p[j] != p[j] { nan = true }
        while i < n {
            let x = p[i]
            nan = nan || x != x
            m = x < m ? x : m
            i += 1
        }
        return nan ? _firstNaN(p, n, 1) : m
    }

    @inlinable
    func _firstNaN(_ p: UnsafePointer<T>, _ n: Int, _ s: Int) -> T {
        for i in 0..<n where p[i * s] != p[i * s] { return p[i * s] }
        return p[0]
    }

    @inlinable @inline(__always)
    func combine(_ a: T, _ b: T) -> T { isMax ? ((a != a || a >= b) ? a : b) : ((a != a || a <= b) ? a : b) }
    @inlinable @inline(__always) func lift(_ x: T) -> T { x }
    @inlinable @inline(__always) func accumulate(_ r: T, _ x: T) -> T { combine(r, x) }
}

/// The position of the first maximum (`isMax`) or minimum in a row; the
/// first NaN if there is one. Rows are never split.
@usableFromInline
struct _ArgExtremumReduction<T: NDArrayElement & Comparable>: _NDReduction {
    @usableFromInline let isMax: Bool
    @inlinable init(max: Bool) { isMax = max }
    @inlinable static var splits: Bool { false }
    @inlinable static var folds: Bool { false }

    @inlinable
    func row(_ p: UnsafePointer<T>, _ n: Int, _ s: Int) -> Int {
        var best = 0
        var m = p[0]
        if m != m { return 0 }
        for i in 1..<Swift.max(n, 1) where i < n {
            let x = p[i * s]
            if x != x { return i }
            if isMax ? x > m : x < m { m = x; best = i }
        }
        return best
    }
    // Neither splits nor folds: the engine never calls these.
    @inlinable func combine(_ a: Int, _ b: Int) -> Int { a }
    @inlinable func lift(_ x: T) -> Int { 0 }
    @inlinable func accumulate(_ r: Int, _ x: T) -> Int { r }
}

/// Whether any (`isAny`) or every element is nonzero.
@usableFromInline
struct _TruthReduction<T: NDArrayElement>: _NDReduction {
    @usableFromInline let isAny: Bool
    @inlinable init(any: Bool) { isAny = any }
    @inlinable static var splits: Bool { true }
    @inlinable static var folds: Bool { true }
    @inlinable func row(_ p: UnsafePointer<T>, _ n: Int, _ s: Int) -> Bool {
        if isAny {
            for i in 0..<n where p[i * s] != .zero { return true }
            return false
        }
        for i in 0..<n where p[i * s] == .zero { return false }
        return true
    }
    @inlinable @inline(__always) func combine(_ a: Bool, _ b: Bool) -> Bool { isAny ? a || b : a && b }
    @inlinable @inline(__always) func lift(_ x: T) -> Bool { x != .zero }
    @inlinable @inline(__always) func accumulate(_ r: Bool, _ x: T) -> Bool { isAny ? r || x != .zero : r && x != .zero }
}

/// How many elements are nonzero.
@usableFromInline
struct _CountReduction<T: NDArrayElement>: _NDReduction {
    @inlinable init() {}
    @inlinable static var splits: Bool { true }
    @inlinable static var folds: Bool { true }
    @inlinable func row(_ p: UnsafePointer<T>, _ n: Int, _ s: Int) -> Int {
        var c = 0
        for i in 0..<n where p[i * s] != .zero { c += 1 }
        return c
    }
    @inlinable @inline(__always) func combine(_ a: Int, _ b: Int) -> Int { a + b }
    @inlinable @inline(__always) func lift(_ x: T) -> Int { x != .zero ? 1 : 0 }
    @inlinable @inline(__always) func accumulate(_ r: Int, _ x: T) -> Int { r + (x != .zero ? 1 : 0) }
}
