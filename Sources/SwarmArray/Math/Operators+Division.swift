import RealModule

// Division, remainders and powers, with NumPy's rules: integer `/` is true
// division giving `Double`; `%` takes the divisor's sign and `fmod` the
// dividend's; integer division or remainder by zero gives 0.

extension NDArray where Element: NDArrayNumeric & AlgebraicField {
    /// Elementwise `/` with broadcasting (NumPy's `true_divide`).
    @inlinable
    public static func / (lhs: consuming NDArray, rhs: NDArray) -> NDArray { _binary(lhs, rhs, _Divide<Element>()) }
    /// `/` by a scalar.
    @inlinable
    public static func / (lhs: consuming NDArray, rhs: Element) -> NDArray { _scalarRight(lhs, rhs, _Divide<Element>()) }
    /// A scalar divided by every element.
    @inlinable
    public static func / (lhs: Element, rhs: consuming NDArray) -> NDArray { _scalarLeft(lhs, rhs, _Divide<Element>()) }
    /// In-place `/`.
    @inlinable
    public static func /= (lhs: inout NDArray, rhs: NDArray) { lhs._update(with: rhs, _Divide<Element>()) }
    /// In-place `/` by a scalar.
    @inlinable
    public static func /= (lhs: inout NDArray, rhs: Element) { lhs._update(scalar: rhs, _Divide<Element>()) }
}

extension NDArray where Element: NDArrayNumeric & FixedWidthInteger {
    /// True division of integers: a `Double` array, as NumPy gives.
    @inlinable
    public static func / (lhs: NDArray, rhs: NDArray) -> NDArray<Double> {
        NDArray<Double>._zip(lhs, rhs, _TrueDivide<Element>())
    }
    /// True division by a scalar.
    @inlinable
    public static func / (lhs: NDArray, rhs: Element) -> NDArray<Double> {
        let d = rhs._ndConverted(to: Double.self)
        return lhs._map { $0._ndConverted(to: Double.self) / d }
    }

    /// Python's `%`: the result takes the divisor's sign; `x % 0` is 0.
    @inlinable
    public static func % (lhs: consuming NDArray, rhs: NDArray) -> NDArray { _binary(lhs, rhs, _IntegerMod<Element>()) }
    /// `%` by a scalar.
    @inlinable
    public static func % (lhs: consuming NDArray, rhs: Element) -> NDArray { _scalarRight(lhs, rhs, _IntegerMod<Element>()) }
    /// In-place `%`.
    @inlinable
    public static func %= (lhs: inout NDArray, rhs: NDArray) { lhs._update(with: rhs, _IntegerMod<Element>()) }

    @inlinable @inline(__always)
    static func _integerMod(_ a: Element, _ b: Element) -> Element {
        if b == 0 { return 0 }
        if Element.isSigned && b == -1 { return 0 }
        let r = a % b
        return (r != 0 && ((r < 0) != (b < 0))) ? r &+ b : r
    }

    @inlinable @inline(__always)
    static func _integerFloorDivide(_ a: Element, _ b: Element) -> Element {
        if b == 0 { return 0 }
        if Element.isSigned && b == -1 { return 0 &- a }
        let q = a / b
        return (a % b != 0 && ((a < 0) != (b < 0))) ? q &- 1 : q
    }
}

extension NDArray where Element: NDArrayNumeric & Real {
    /// NumPy's `%` (`remainder`) for floats: the result takes the divisor's sign.
    @inlinable
    public static func % (lhs: consuming NDArray, rhs: NDArray) -> NDArray { _binary(lhs, rhs, _FloatMod<Element>()) }
    /// `%` by a scalar.
    @inlinable
    public static func % (lhs: consuming NDArray, rhs: Element) -> NDArray { _scalarRight(lhs, rhs, _FloatMod<Element>()) }
    /// In-place `%`.
    @inlinable
    public static func %= (lhs: inout NDArray, rhs: NDArray) { lhs._update(with: rhs, _FloatMod<Element>()) }

    @inlinable @inline(__always)
    static func _floatMod(_ a: Element, _ b: Element) -> Element {
        if b == 0 { return .nan }
        let m = a.truncatingRemainder(dividingBy: b)
        if m == 0 { return Element(signOf: b, magnitudeOf: 0) }
        return (m < 0) != (b < 0) ? m + b : m
    }
}

/// Elementwise remainder with the dividend's sign (C's `fmod`).
@inlinable
public func fmod<T: NDArrayNumeric & Real>(_ a: NDArray<T>, _ b: NDArray<T>) -> NDArray<T> {
    NDArray._zip(a, b) { $0.truncatingRemainder(dividingBy: $1) }
}

/// Elementwise remainder with the dividend's sign; `x fmod 0` is 0 for integers.
@inlinable
public func fmod<T: NDArrayNumeric & FixedWidthInteger>(_ a: NDArray<T>, _ b: NDArray<T>) -> NDArray<T> {
    NDArray._zip(a, b) { y, z in z == 0 || (T.isSigned && z == -1) ? 0 : y % z }
}

/// Floor division (Python's `//`): for integers `x // 0` is 0.
@inlinable
public func floorDivide<T: NDArrayNumeric & FixedWidthInteger>(_ a: NDArray<T>, _ b: NDArray<T>) -> NDArray<T> {
    NDArray._zip(a, b, NDArray<T>._integerFloorDivide)
}

/// Floor division (Python's `//`) for floats.
@inlinable
public func floorDivide<T: NDArrayNumeric & Real>(_ a: NDArray<T>, _ b: NDArray<T>) -> NDArray<T> {
    NDArray._zip(a, b) { x, y in
        if y == 0 { return x / y }
        let m = x.truncatingRemainder(dividingBy: y)
        var d = (x - m) / y
        if m != 0 && (y < 0) != (m < 0) { d -= 1 }
        if d == 0 { return T(signOf: x / y, magnitudeOf: 0) }
        let f = d.rounded(.down)
        return d - f > T(1) / 2 ? f + 1 : f
    }
}

/// `a` raised to `b`, elementwise with broadcasting (NumPy's `power`).
@inlinable
public func pow<T: NDArrayNumeric & Real>(_ a: NDArray<T>, _ b: NDArray<T>) -> NDArray<T> {
    NDArray._zip(a, b, grain: _Grain.costly) { T.pow($0, $1) }
}

/// Every element raised to `exponent`.
@inlinable
public func pow<T: NDArrayNumeric & Real>(_ a: NDArray<T>, _ exponent: T) -> NDArray<T> {
    if exponent == 2 { return a._map { $0 * $0 } }
    if exponent == T(1) / 2 { return a._map(grain: _Grain.costly) { $0.squareRoot() } }
    return a._map(grain: _Grain.costly) { T.pow($0, exponent) }
}

/// Integer powers; a negative exponent traps, as NumPy raises.
@inlinable
public func pow<T: NDArrayNumeric & FixedWidthInteger>(_ a: NDArray<T>, _ b: NDArray<T>) -> NDArray<T> {
    NDArray._zip(a, b, _integerPower)
}

/// Every element raised to an integer exponent.
@inlinable
public func pow<T: NDArrayNumeric & FixedWidthInteger>(_ a: NDArray<T>, _ exponent: T) -> NDArray<T> {
    a._map { _integerPower($0, exponent) }
}

@inlinable
func _integerPower<T: FixedWidthInteger>(_ base: T, _ exponent: T) -> T {
    precondition(exponent >= 0, "Integers to negative integer powers are not allowed.")
    var result: T = 1, b = base, e = exponent
    while e > 0 {
        if e & 1 == 1 { result = result &* b }
        b = b &* b
        e >>= 1
    }
    return result
}
