// Comparisons give `NDArray<Bool>`. They are spelled with a leading dot,
// as Swift's SIMD types spell them, because `==` on two arrays answers one
// Bool (whether the arrays are equal).

extension NDArray where Element: Equatable {
    /// Elementwise `==` with broadcasting (NumPy's `equal`).
    @inlinable
    public static func .== (lhs: NDArray, rhs: NDArray) -> NDArray<Bool> { NDArray<Bool>._zip(lhs, rhs, _Equal<Element>()) }
    /// Elementwise `==` against a scalar.
    @inlinable
    public static func .== (lhs: NDArray, rhs: Element) -> NDArray<Bool> { lhs._map(_BindRight(_Equal<Element>(), rhs)) }
    /// A scalar compared with every element by `==`.
    @inlinable
    public static func .== (lhs: Element, rhs: NDArray) -> NDArray<Bool> { rhs._map(_BindLeft(_Equal<Element>(), lhs)) }

    /// Elementwise `!=` with broadcasting (NumPy's `not_equal`).
    @inlinable
    public static func .!= (lhs: NDArray, rhs: NDArray) -> NDArray<Bool> { NDArray<Bool>._zip(lhs, rhs, _NotEqual<Element>()) }
    /// Elementwise `!=` against a scalar.
    @inlinable
    public static func .!= (lhs: NDArray, rhs: Element) -> NDArray<Bool> { lhs._map(_BindRight(_NotEqual<Element>(), rhs)) }
    /// A scalar compared with every element by `!=`.
    @inlinable
    public static func .!= (lhs: Element, rhs: NDArray) -> NDArray<Bool> { rhs._map(_BindLeft(_NotEqual<Element>(), lhs)) }

}

extension NDArray where Element: Comparable {
    /// Elementwise `<` with broadcasting (NumPy's `less`).
    @inlinable
    public static func .< (lhs: NDArray, rhs: NDArray) -> NDArray<Bool> { NDArray<Bool>._zip(lhs, rhs, _Less<Element>()) }
    /// Elementwise `<` against a scalar.
    @inlinable
    public static func .< (lhs: NDArray, rhs: Element) -> NDArray<Bool> { lhs._map(_BindRight(_Less<Element>(), rhs)) }
    /// A scalar compared with every element by `<`.
    @inlinable
    public static func .< (lhs: Element, rhs: NDArray) -> NDArray<Bool> { rhs._map(_BindLeft(_Less<Element>(), lhs)) }

    /// Elementwise `<=` with broadcasting (NumPy's `less_equal`).
    @inlinable
    public static func .<= (lhs: NDArray, rhs: NDArray) -> NDArray<Bool> { NDArray<Bool>._zip(lhs, rhs, _LessEqual<Element>()) }
    /// Elementwise `<=` against a scalar.
    @inlinable
    public static func .<= (lhs: NDArray, rhs: Element) -> NDArray<Bool> { lhs._map(_BindRight(_LessEqual<Element>(), rhs)) }
    /// A scalar compared with every element by `<=`.
    @inlinable
    public static func .<= (lhs: Element, rhs: NDArray) -> NDArray<Bool> { rhs._map(_BindLeft(_LessEqual<Element>(), lhs)) }

    /// Elementwise `>` with broadcasting (NumPy's `greater`).
    @inlinable
    public static func .> (lhs: NDArray, rhs: NDArray) -> NDArray<Bool> { NDArray<Bool>._zip(lhs, rhs, _Greater<Element>()) }
    /// Elementwise `>` against a scalar.
    @inlinable
    public static func .> (lhs: NDArray, rhs: Element) -> NDArray<Bool> { lhs._map(_BindRight(_Greater<Element>(), rhs)) }
    /// A scalar compared with every element by `>`.
    @inlinable
    public static func .> (lhs: Element, rhs: NDArray) -> NDArray<Bool> { rhs._map(_BindLeft(_Greater<Element>(), lhs)) }

    /// Elementwise `>=` with broadcasting (NumPy's `greater_equal`).
    @inlinable
    public static func .>= (lhs: NDArray, rhs: NDArray) -> NDArray<Bool> { NDArray<Bool>._zip(lhs, rhs, _GreaterEqual<Element>()) }
    /// Elementwise `>=` against a scalar.
    @inlinable
    public static func .>= (lhs: NDArray, rhs: Element) -> NDArray<Bool> { lhs._map(_BindRight(_GreaterEqual<Element>(), rhs)) }
    /// A scalar compared with every element by `>=`.
    @inlinable
    public static func .>= (lhs: Element, rhs: NDArray) -> NDArray<Bool> { rhs._map(_BindLeft(_GreaterEqual<Element>(), lhs)) }

}

extension NDArray where Element == Bool {
    /// Elementwise AND (NumPy's `logical_and` on booleans).
    @inlinable
    public static func .& (lhs: consuming NDArray, rhs: NDArray) -> NDArray { _binary(lhs, rhs, _And()) }
    /// Elementwise OR.
    @inlinable
    public static func .| (lhs: consuming NDArray, rhs: NDArray) -> NDArray { _binary(lhs, rhs, _Or()) }
    /// Elementwise exclusive OR.
    @inlinable
    public static func .^ (lhs: consuming NDArray, rhs: NDArray) -> NDArray { _binary(lhs, rhs, _Xor()) }
    /// Elementwise NOT.
    @inlinable
    public static prefix func .! (operand: consuming NDArray) -> NDArray { _unaryElided(operand, _Not()) }
    /// In-place AND.
    @inlinable
    public static func .&= (lhs: inout NDArray, rhs: NDArray) { lhs._update(with: rhs, _And()) }
    /// In-place OR.
    @inlinable
    public static func .|= (lhs: inout NDArray, rhs: NDArray) { lhs._update(with: rhs, _Or()) }
}

/// Elementwise truth of `a AND b`, where nonzero is true.
@inlinable
public func logicalAnd<A, B>(_ a: NDArray<A>, _ b: NDArray<B>) -> NDArray<Bool> {
    NDArray<Bool>._zip(a, b) { $0 != .zero && $1 != .zero }
}
/// Elementwise truth of `a OR b`, where nonzero is true.
@inlinable
public func logicalOr<A, B>(_ a: NDArray<A>, _ b: NDArray<B>) -> NDArray<Bool> {
    NDArray<Bool>._zip(a, b) { $0 != .zero || $1 != .zero }
}
/// Elementwise truth of `a XOR b`, where nonzero is true.
@inlinable
public func logicalXor<A, B>(_ a: NDArray<A>, _ b: NDArray<B>) -> NDArray<Bool> {
    NDArray<Bool>._zip(a, b) { ($0 != .zero) != ($1 != .zero) }
}
/// Elementwise truth of NOT `a`, where nonzero is true.
@inlinable
public func logicalNot<A>(_ a: NDArray<A>) -> NDArray<Bool> {
    a._map { $0 == .zero }
}

extension NDArray where Element: FixedWidthInteger {
    /// Elementwise `&` with broadcasting (NumPy's `bitwise_and`).
    @inlinable
    public static func & (lhs: consuming NDArray, rhs: NDArray) -> NDArray { _binary(lhs, rhs, _BitAnd<Element>()) }
    /// Elementwise `&` with a scalar.
    @inlinable
    public static func & (lhs: consuming NDArray, rhs: Element) -> NDArray { _scalarRight(lhs, rhs, _BitAnd<Element>()) }
    /// In-place `&`.
    @inlinable
    public static func &= (lhs: inout NDArray, rhs: NDArray) { lhs._update(with: rhs, _BitAnd<Element>()) }

    /// Elementwise `|` with broadcasting (NumPy's `bitwise_or`).
    @inlinable
    public static func | (lhs: consuming NDArray, rhs: NDArray) -> NDArray { _binary(lhs, rhs, _BitOr<Element>()) }
    /// Elementwise `|` with a scalar.
    @inlinable
    public static func | (lhs: consuming NDArray, rhs: Element) -> NDArray { _scalarRight(lhs, rhs, _BitOr<Element>()) }
    /// In-place `|`.
    @inlinable
    public static func |= (lhs: inout NDArray, rhs: NDArray) { lhs._update(with: rhs, _BitOr<Element>()) }

    /// Elementwise `^` with broadcasting (NumPy's `bitwise_xor`).
    @inlinable
    public static func ^ (lhs: consuming NDArray, rhs: NDArray) -> NDArray { _binary(lhs, rhs, _BitXor<Element>()) }
    /// Elementwise `^` with a scalar.
    @inlinable
    public static func ^ (lhs: consuming NDArray, rhs: Element) -> NDArray { _scalarRight(lhs, rhs, _BitXor<Element>()) }
    /// In-place `^`.
    @inlinable
    public static func ^= (lhs: inout NDArray, rhs: NDArray) { lhs._update(with: rhs, _BitXor<Element>()) }

    /// Elementwise bit inversion (NumPy's `invert`).
    @inlinable
    public static prefix func ~ (operand: consuming NDArray) -> NDArray { _unaryElided(operand, _BitNot<Element>()) }
    /// Elementwise left shift (NumPy's `left_shift`; shifts past the width give 0).
    @inlinable
    public static func << (lhs: consuming NDArray, rhs: NDArray) -> NDArray { _binary(lhs, rhs, _ShiftLeft<Element>()) }
    /// Elementwise right shift (arithmetic for signed types).
    @inlinable
    public static func >> (lhs: consuming NDArray, rhs: NDArray) -> NDArray { _binary(lhs, rhs, _ShiftRight<Element>()) }
    /// Every element shifted left by `rhs` bits.
    @inlinable
    public static func << (lhs: consuming NDArray, rhs: Element) -> NDArray { _scalarRight(lhs, rhs, _ShiftLeft<Element>()) }
    /// Every element shifted right by `rhs` bits.
    @inlinable
    public static func >> (lhs: consuming NDArray, rhs: Element) -> NDArray { _scalarRight(lhs, rhs, _ShiftRight<Element>()) }
}
