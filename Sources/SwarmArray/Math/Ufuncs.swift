import ComplexModule
import RealModule

// NumPy's other elementwise functions: rounding, absolute values and signs,
// two-operand math, extrema, clipping, selection and floating-point tests.
// The unary math functions are in `Ufuncs+Unary.swift`.

/// Elements rounded to `decimals` places, halves to even (NumPy's `round`/`around`).
@inlinable
public func round<T: NDArrayNumeric & Real>(_ a: NDArray<T>, decimals: Int = 0) -> NDArray<T> {
    if decimals == 0 { return a._map { $0.rounded(.toNearestOrEven) } }
    let scale = T.pow(10, T(decimals))
    return decimals > 0 ? a._map { ($0 * scale).rounded(.toNearestOrEven) / scale }
                        : a._map { ($0 / T.pow(10, T(-decimals))).rounded(.toNearestOrEven) * T.pow(10, T(-decimals)) }
}

/// Absolute values.
@inlinable
public func abs<T: NDArrayNumeric & Real>(_ a: consuming NDArray<T>) -> NDArray<T> {
    NDArray._unaryElided(a, _AbsReal<T>())
}

/// Absolute values; the most negative integer stays itself, as in NumPy.
@inlinable
public func abs<T: NDArrayNumeric & FixedWidthInteger & SignedInteger>(_ a: consuming NDArray<T>) -> NDArray<T> {
    NDArray._unaryElided(a, _AbsInteger<T>())
}

/// Magnitudes of complex elements, as a real array (C's `hypot` of the
/// parts: infinite if either part is, else NaN if either is).
@inlinable
public func abs<R: NDArrayElement & Real & BinaryFloatingPoint>(_ a: NDArray<Complex<R>>) -> NDArray<R> {
    a._map(grain: _Grain.costly) { R.hypot($0.rawStorage.x, $0.rawStorage.y) }
}

/// -1, 0 or 1 by the sign of each element; NaN stays NaN (NumPy's `sign`).
@inlinable
public func sign<T: NDArrayNumeric & Real>(_ a: NDArray<T>) -> NDArray<T> {
    a._map { $0 > 0 ? 1 : ($0 < 0 ? -1 : ($0 == 0 ? 0 : $0)) }
}

/// -1, 0 or 1 by the sign of each element.
@inlinable
public func sign<T: NDArrayNumeric & FixedWidthInteger>(_ a: NDArray<T>) -> NDArray<T> {
    a._map { $0 > 0 ? 1 : ($0 == 0 ? 0 : 0 &- 1) }
}

/// The angle of the point `(x, y)`, elementwise (NumPy's `arctan2(y, x)`).
@inlinable
public func arctan2<T: NDArrayNumeric & Real>(_ y: NDArray<T>, _ x: NDArray<T>) -> NDArray<T> {
    NDArray._zip(y, x, grain: _Grain.costly) { T.atan2(y: $0, x: $1) }
}

/// `sqrt(a² + b²)` without undue overflow, elementwise.
@inlinable
public func hypot<T: NDArrayNumeric & Real>(_ a: NDArray<T>, _ b: NDArray<T>) -> NDArray<T> {
    NDArray._zip(a, b, grain: _Grain.costly) { T.hypot($0, $1) }
}

/// The larger of each pair; NaN wins (NumPy's `maximum`).
@inlinable
public func maximum<T: NDArrayNumeric & Comparable>(_ a: NDArray<T>, _ b: NDArray<T>) -> NDArray<T> {
    NDArray._zip(a, b) { x, y in (x != x || x >= y) ? x : y }
}

/// The smaller of each pair; NaN wins (NumPy's `minimum`).
@inlinable
public func minimum<T: NDArrayNumeric & Comparable>(_ a: NDArray<T>, _ b: NDArray<T>) -> NDArray<T> {
    NDArray._zip(a, b) { x, y in (x != x || x <= y) ? x : y }
}

/// The larger of each pair, ignoring NaN (NumPy's `fmax`).
@inlinable
public func fmax<T: NDArrayNumeric & Real>(_ a: NDArray<T>, _ b: NDArray<T>) -> NDArray<T> {
    NDArray._zip(a, b) { x, y in (y.isNaN || x >= y) ? x : y }
}

/// The smaller of each pair, ignoring NaN (NumPy's `fmin`).
@inlinable
public func fmin<T: NDArrayNumeric & Real>(_ a: NDArray<T>, _ b: NDArray<T>) -> NDArray<T> {
    NDArray._zip(a, b) { x, y in (y.isNaN || x <= y) ? x : y }
}

/// Every element limited to `[low, high]` (NumPy's `clip`; NaN passes through).
@inlinable
public func clip<T: NDArrayNumeric & Comparable>(_ a: NDArray<T>, _ low: T, _ high: T) -> NDArray<T> {
    a._map { x in x < low ? low : (x > high ? high : x) }
}

/// Every element limited to bounds that broadcast against it.
@inlinable
public func clip<T: NDArrayNumeric & Comparable>(_ a: NDArray<T>, _ low: NDArray<T>, _ high: NDArray<T>) -> NDArray<T> {
    NDArray._zip3(a, low, high) { x, l, h in x < l ? l : (x > h ? h : x) }
}

/// Every element limited to `[low, high]`, written into `out`.
@inlinable
public func clip<T: NDArrayNumeric & Comparable>(_ a: NDArray<T>, _ low: T, _ high: T, out: inout NDArray<T>) {
    out._write(from: a) { x in x < low ? low : (x > high ? high : x) }
}

/// Elements of `x` where `condition` holds and of `y` elsewhere, all three
/// broadcast together (NumPy's three-argument `where`).
@inlinable
public func `where`<T>(_ condition: NDArray<Bool>, _ x: NDArray<T>, _ y: NDArray<T>) -> NDArray<T> {
    NDArray._zip3(condition, x, y) { $0 ? $1 : $2 }
}

/// `where` with a scalar for the false case.
@inlinable
public func `where`<T>(_ condition: NDArray<Bool>, _ x: NDArray<T>, _ y: T) -> NDArray<T> {
    NDArray._zip(condition, x) { $0 ? $1 : y }
}

/// Which elements are NaN.
@inlinable
public func isnan<T: NDArrayNumeric & FloatingPoint>(_ a: NDArray<T>) -> NDArray<Bool> { a._map { $0.isNaN } }
/// Which elements are infinite.
@inlinable
public func isinf<T: NDArrayNumeric & FloatingPoint>(_ a: NDArray<T>) -> NDArray<Bool> { a._map { $0.isInfinite } }
/// Which elements are neither infinite nor NaN.
@inlinable
public func isfinite<T: NDArrayNumeric & FloatingPoint>(_ a: NDArray<T>) -> NDArray<Bool> { a._map { $0.isFinite } }

/// Whether `a` and `b` are equal within `atol + rtol * |b|`, elementwise (NumPy's `isclose`).
@inlinable
public func isclose<T: NDArrayNumeric & Real & BinaryFloatingPoint>(_ a: NDArray<T>, _ b: NDArray<T>, rtol: T = 1e-5, atol: T = 1e-8,
                                              equalNaN: Bool = false) -> NDArray<Bool> {
    NDArray<Bool>._zip(a, b) { x, y in
        if x == y { return true }
        if x.isNaN || y.isNaN { return equalNaN && x.isNaN && y.isNaN }
        return Swift.abs(x - y) <= atol + rtol * Swift.abs(y)
    }
}

/// Whether every pair is ``isclose(_:_:rtol:atol:equalNaN:)`` (NumPy's `allclose`).
@inlinable
public func allclose<T: NDArrayNumeric & Real & BinaryFloatingPoint>(_ a: NDArray<T>, _ b: NDArray<T>, rtol: T = 1e-5, atol: T = 1e-8,
                                               equalNaN: Bool = false) -> Bool {
    isclose(a, b, rtol: rtol, atol: atol, equalNaN: equalNaN).toArray().allSatisfy { $0 }
}

extension NDArray {
    /// Writes `f(source)` into `self` (an `out=` argument): `self` must have
    /// the shape `source` broadcasts to, as NumPy requires.
    @inlinable
    mutating func _write<F: _NDUnaryFunction>(from source: NDArray<F.Input>, grain: Int = _Grain.cheap, _ f: F)
        where F.Output == Element {
        guard let b = _Layout.broadcast(shape, source.shape), b == shape else {
            preconditionFailure("non-broadcastable output operand with shape \(_Layout.describe(shape)) doesn't match the broadcast shape \(_Layout.describe(source.shape))")
        }
        _makeUnique()
        _assign(from: source, grain: grain, f)
    }

    /// ``_write(from:grain:_:)`` with a closure.
    @inlinable
    mutating func _write<S>(from source: NDArray<S>, grain: Int = _Grain.cheap, _ f: (S) -> Element) {
        withoutActuallyEscaping(f) { _write(from: source, grain: grain, _Fn1($0)) }
    }
}
