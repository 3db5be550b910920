import RealModule

// NumPy's two-operand ufuncs with `out=`: the result of broadcasting `a`
// and `b` is written into an existing array, which must have the broadcast
// shape (NumPy's rule for `out`). An operand that shares `out`'s storage
// with another layout is read from a copy, as NumPy does.

extension NDArray {
    /// Writes `f(a, b)` into `self` (an `out=` argument).
    @inlinable
    mutating func _write<F: _NDBinaryFunction>(_ a: NDArray<F.Left>, _ b: NDArray<F.Right>, grain: Int = _Grain.cheap, _ f: F)
        where F.Output == Element {
        guard let shape = _Layout.broadcast(a.shape, b.shape), _Layout.broadcast(self.shape, shape) == self.shape else {
            preconditionFailure("non-broadcastable output operand with shape \(_Layout.describe(self.shape)) doesn't match the broadcast shape \(_Layout.describe(_Layout.broadcast(a.shape, b.shape) ?? a.shape))")
        }
        _makeUnique()
        let x = a.storage === storage as AnyObject && (a.offset != offset || a.strides != strides) ? a.copy() : a
        let y = b.storage === storage as AnyObject && (b.offset != offset || b.strides != strides) ? b.copy() : b
        _assign(x, y, grain: grain, f)
    }
}

/// `a + b` written into `out` (NumPy's `add(a, b, out=out)`).
@inlinable
public func add<T: NDArrayNumeric>(_ a: NDArray<T>, _ b: NDArray<T>, out: inout NDArray<T>) { out._write(a, b, _Add<T>()) }

/// `a - b` written into `out`.
@inlinable
public func subtract<T: NDArrayNumeric>(_ a: NDArray<T>, _ b: NDArray<T>, out: inout NDArray<T>) { out._write(a, b, _Subtract<T>()) }

/// `a * b` written into `out`.
@inlinable
public func multiply<T: NDArrayNumeric>(_ a: NDArray<T>, _ b: NDArray<T>, out: inout NDArray<T>) { out._write(a, b, _Multiply<T>()) }

/// `a / b` written into `out` (floating-point and complex types).
@inlinable
public func divide<T: NDArrayNumeric & AlgebraicField>(_ a: NDArray<T>, _ b: NDArray<T>, out: inout NDArray<T>) {
    out._write(a, b, _Divide<T>())
}

/// The larger of each pair written into `out`; NaN wins (NumPy's `maximum`).
@inlinable
public func maximum<T: NDArrayNumeric & Comparable>(_ a: NDArray<T>, _ b: NDArray<T>, out: inout NDArray<T>) {
    out._write(a, b, _Fn2<T, T, T> { x, y in (x != x || x >= y) ? x : y })
}

/// The smaller of each pair written into `out`; NaN wins (NumPy's `minimum`).
@inlinable
public func minimum<T: NDArrayNumeric & Comparable>(_ a: NDArray<T>, _ b: NDArray<T>, out: inout NDArray<T>) {
    out._write(a, b, _Fn2<T, T, T> { x, y in (x != x || x <= y) ? x : y })
}

/// `arctan2(y, x)` written into `out`.
@inlinable
public func arctan2<T: NDArrayNumeric & Real>(_ y: NDArray<T>, _ x: NDArray<T>, out: inout NDArray<T>) {
    out._write(y, x, grain: _Grain.costly, _Fn2<T, T, T> { T.atan2(y: $0, x: $1) })
}

/// `hypot(a, b)` written into `out`.
@inlinable
public func hypot<T: NDArrayNumeric & Real>(_ a: NDArray<T>, _ b: NDArray<T>, out: inout NDArray<T>) {
    out._write(a, b, grain: _Grain.costly, _Fn2<T, T, T> { T.hypot($0, $1) })
}

/// `fmod(a, b)` written into `out` (the dividend's sign).
@inlinable
public func fmod<T: NDArrayNumeric & Real>(_ a: NDArray<T>, _ b: NDArray<T>, out: inout NDArray<T>) {
    out._write(a, b, _Fn2<T, T, T> { $0.truncatingRemainder(dividingBy: $1) })
}

/// `a` raised to `b`, written into `out`.
@inlinable
public func pow<T: NDArrayNumeric & Real>(_ a: NDArray<T>, _ b: NDArray<T>, out: inout NDArray<T>) {
    out._write(a, b, grain: _Grain.costly, _Fn2<T, T, T> { T.pow($0, $1) })
}

/// `a + b` (NumPy's `add` as a function).
@inlinable
public func add<T: NDArrayNumeric>(_ a: NDArray<T>, _ b: NDArray<T>) -> NDArray<T> { a + b }
/// NumPy's `subtract`.
@inlinable
public func subtract<T: NDArrayNumeric>(_ a: NDArray<T>, _ b: NDArray<T>) -> NDArray<T> { a - b }
/// NumPy's `multiply`.
@inlinable
public func multiply<T: NDArrayNumeric>(_ a: NDArray<T>, _ b: NDArray<T>) -> NDArray<T> { a * b }
/// NumPy's `divide` (true division) for floating-point and complex types.
@inlinable
public func divide<T: NDArrayNumeric & AlgebraicField>(_ a: NDArray<T>, _ b: NDArray<T>) -> NDArray<T> { a / b }
