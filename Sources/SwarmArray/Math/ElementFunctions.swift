import RealModule

// The element functions of the operators, as types (see
// `Kernels/KernelFunction.swift` for why they are not closures).

/// `x + y`, wrapping for integers.
@usableFromInline struct _Add<T: NDArrayNumeric>: _NDBinaryFunction {
    @inlinable init() {}
    @inlinable @inline(__always) func callAsFunction(_ x: T, _ y: T) -> T { T._add(x, y) }
}
/// `x - y`, wrapping for integers.
@usableFromInline struct _Subtract<T: NDArrayNumeric>: _NDBinaryFunction {
    @inlinable init() {}
    @inlinable @inline(__always) func callAsFunction(_ x: T, _ y: T) -> T { T._subtract(x, y) }
}
/// `x * y`, wrapping for integers.
@usableFromInline struct _Multiply<T: NDArrayNumeric>: _NDBinaryFunction {
    @inlinable init() {}
    @inlinable @inline(__always) func callAsFunction(_ x: T, _ y: T) -> T { T._multiply(x, y) }
}
/// `-x`, wrapping for integers.
@usableFromInline struct _Negate<T: NDArrayNumeric>: _NDUnaryFunction {
    @inlinable init() {}
    @inlinable @inline(__always) func callAsFunction(_ x: T) -> T { T._subtract(.zero, x) }
}
/// `x / y` for floating-point and complex types.
@usableFromInline struct _Divide<T: NDArrayNumeric & AlgebraicField>: _NDBinaryFunction {
    @inlinable init() {}
    @inlinable @inline(__always) func callAsFunction(_ x: T, _ y: T) -> T { x / y }
}
/// True division of integers, in `Double`.
@usableFromInline struct _TrueDivide<T: NDArrayNumeric & FixedWidthInteger>: _NDBinaryFunction {
    @inlinable init() {}
    @inlinable @inline(__always) func callAsFunction(_ x: T, _ y: T) -> Double {
        x._ndConverted(to: Double.self) / y._ndConverted(to: Double.self)
    }
}
/// Python's `%` for integers.
@usableFromInline struct _IntegerMod<T: NDArrayNumeric & FixedWidthInteger>: _NDBinaryFunction {
    @inlinable init() {}
    @inlinable @inline(__always) func callAsFunction(_ x: T, _ y: T) -> T { NDArray<T>._integerMod(x, y) }
}
/// NumPy's `%` for floats.
@usableFromInline struct _FloatMod<T: NDArrayNumeric & Real>: _NDBinaryFunction {
    @inlinable init() {}
    @inlinable @inline(__always) func callAsFunction(_ x: T, _ y: T) -> T { NDArray<T>._floatMod(x, y) }
}

/// NumPy's `==` (IEEE, componentwise for complex).
@usableFromInline struct _Equal<T: NDArrayElement>: _NDBinaryFunction {
    @inlinable init() {}
    @inlinable @inline(__always) func callAsFunction(_ x: T, _ y: T) -> Bool { T._ndEqual(x, y) }
}
/// NumPy's `!=`.
@usableFromInline struct _NotEqual<T: NDArrayElement>: _NDBinaryFunction {
    @inlinable init() {}
    @inlinable @inline(__always) func callAsFunction(_ x: T, _ y: T) -> Bool { !T._ndEqual(x, y) }
}
/// `<`.
@usableFromInline struct _Less<T: NDArrayElement & Comparable>: _NDBinaryFunction {
    @inlinable init() {}
    @inlinable @inline(__always) func callAsFunction(_ x: T, _ y: T) -> Bool { x < y }
}
/// `<=`.
@usableFromInline struct _LessEqual<T: NDArrayElement & Comparable>: _NDBinaryFunction {
    @inlinable init() {}
    @inlinable @inline(__always) func callAsFunction(_ x: T, _ y: T) -> Bool { x <= y }
}
/// `>`.
@usableFromInline struct _Greater<T: NDArrayElement & Comparable>: _NDBinaryFunction {
    @inlinable init() {}
    @inlinable @inline(__always) func callAsFunction(_ x: T, _ y: T) -> Bool { x > y }
}
/// `>=`.
@usableFromInline struct _GreaterEqual<T: NDArrayElement & Comparable>: _NDBinaryFunction {
    @inlinable init() {}
    @inlinable @inline(__always) func callAsFunction(_ x: T, _ y: T) -> Bool { x >= y }
}

/// `x && y`.
@usableFromInline struct _And: _NDBinaryFunction {
    @inlinable init() {}
    @inlinable @inline(__always) func callAsFunction(_ x: Bool, _ y: Bool) -> Bool { x && y }
}
/// `x || y`.
@usableFromInline struct _Or: _NDBinaryFunction {
    @inlinable init() {}
    @inlinable @inline(__always) func callAsFunction(_ x: Bool, _ y: Bool) -> Bool { x || y }
}
/// `x != y` on booleans.
@usableFromInline struct _Xor: _NDBinaryFunction {
    @inlinable init() {}
    @inlinable @inline(__always) func callAsFunction(_ x: Bool, _ y: Bool) -> Bool { x != y }
}
/// `!x`.
@usableFromInline struct _Not: _NDUnaryFunction {
    @inlinable init() {}
    @inlinable @inline(__always) func callAsFunction(_ x: Bool) -> Bool { !x }
}

/// `x & y`.
@usableFromInline struct _BitAnd<T: FixedWidthInteger>: _NDBinaryFunction {
    @inlinable init() {}
    @inlinable @inline(__always) func callAsFunction(_ x: T, _ y: T) -> T { x & y }
}
/// `x | y`.
@usableFromInline struct _BitOr<T: FixedWidthInteger>: _NDBinaryFunction {
    @inlinable init() {}
    @inlinable @inline(__always) func callAsFunction(_ x: T, _ y: T) -> T { x | y }
}
/// `x ^ y`.
@usableFromInline struct _BitXor<T: FixedWidthInteger>: _NDBinaryFunction {
    @inlinable init() {}
    @inlinable @inline(__always) func callAsFunction(_ x: T, _ y: T) -> T { x ^ y }
}
/// `~x`.
@usableFromInline struct _BitNot<T: FixedWidthInteger>: _NDUnaryFunction {
    @inlinable init() {}
    @inlinable @inline(__always) func callAsFunction(_ x: T) -> T { ~x }
}
/// `x << y` (Swift's smart shift: too far gives 0, as NumPy's does on x86 for in-range types).
@usableFromInline struct _ShiftLeft<T: FixedWidthInteger>: _NDBinaryFunction {
    @inlinable init() {}
    @inlinable @inline(__always) func callAsFunction(_ x: T, _ y: T) -> T { x << y }
}
/// `x >> y`.
@usableFromInline struct _ShiftRight<T: FixedWidthInteger>: _NDBinaryFunction {
    @inlinable init() {}
    @inlinable @inline(__always) func callAsFunction(_ x: T, _ y: T) -> T { x >> y }
}

/// `|x|` for floating-point types.
@usableFromInline struct _AbsReal<T: NDArrayNumeric & Real>: _NDUnaryFunction {
    @inlinable init() {}
    @inlinable @inline(__always) func callAsFunction(_ x: T) -> T { Swift.abs(x) }
}
/// `|x|` for signed integers; the most negative value stays itself, as in NumPy.
@usableFromInline struct _AbsInteger<T: NDArrayNumeric & FixedWidthInteger & SignedInteger>: _NDUnaryFunction {
    @inlinable init() {}
    @inlinable @inline(__always) func callAsFunction(_ x: T) -> T { x < 0 ? 0 &- x : x }
}
