import ComplexModule

// NumPy's sort order for every element type, and the order-preserving
// integer keys that let radix sort handle the numeric types.

/// The ordering hooks every ``NDArrayElement`` implements. Not API: use
/// ``NDArray/sorted(axis:stable:)`` and friends.
public protocol _NDOrdered {
    /// NumPy's sort order: NaN after every number, `false` before `true`,
    /// complex numbers by real part, then imaginary part (those with a NaN
    /// part last).
    static func _ndLess(_ a: Self, _ b: Self) -> Bool
    /// NumPy's `==`: IEEE equality (NaN equals nothing), componentwise for
    /// complex numbers (swift-numerics' `==` instead treats every non-finite
    /// complex value as one point at infinity).
    static func _ndEqual(_ a: Self, _ b: Self) -> Bool
    /// Whether the value is NaN (or a complex number with a NaN part).
    var _ndIsNaN: Bool { get }
    /// The width of ``_ndRadixKey``, in bits; 0 when the type has none.
    static var _ndRadixBits: Int { get }
    /// An unsigned key whose order is the value's order (`-0.0` and `0.0`
    /// share one); meaningful for non-NaN values when ``_ndRadixBits`` > 0.
    var _ndRadixKey: UInt64 { get }
}

extension _NDOrdered where Self: Equatable {
    /// `==`.
    @inlinable @inline(__always) public static func _ndEqual(_ a: Self, _ b: Self) -> Bool { a == b }
}

extension _NDOrdered where Self: FixedWidthInteger {
    /// Integers compare as integers.
    @inlinable @inline(__always) public static func _ndLess(_ a: Self, _ b: Self) -> Bool { a < b }
    /// Integers are never NaN.
    @inlinable public var _ndIsNaN: Bool { false }
    /// The integer's width.
    @inlinable public static var _ndRadixBits: Int { Self.bitWidth }
    /// The bits, with the sign bit flipped for signed types so that negative
    /// values come first.
    @inlinable @inline(__always) public var _ndRadixKey: UInt64 {
        let raw = UInt64(truncatingIfNeeded: self) & (UInt64.max >> (64 - Self.bitWidth))
        return Self.isSigned ? raw ^ (1 << UInt64(Self.bitWidth - 1)) : raw
    }
}

extension Int8: _NDOrdered {}
extension Int16: _NDOrdered {}
extension Int32: _NDOrdered {}
extension Int64: _NDOrdered {}
extension Int: _NDOrdered {}
extension UInt8: _NDOrdered {}
extension UInt16: _NDOrdered {}
extension UInt32: _NDOrdered {}
extension UInt64: _NDOrdered {}

extension Bool: _NDOrdered {
    /// `false < true`.
    @inlinable @inline(__always) public static func _ndLess(_ a: Bool, _ b: Bool) -> Bool { !a && b }
    /// Never NaN.
    @inlinable public var _ndIsNaN: Bool { false }
    /// One byte.
    @inlinable public static var _ndRadixBits: Int { 8 }
    /// 0 or 1.
    @inlinable @inline(__always) public var _ndRadixKey: UInt64 { self ? 1 : 0 }
}

extension Double: _NDOrdered {
    /// `<`, with NaN last.
    @inlinable @inline(__always) public static func _ndLess(_ a: Double, _ b: Double) -> Bool {
        a < b || (b.isNaN && !a.isNaN)
    }
    /// `isNaN`.
    @inlinable public var _ndIsNaN: Bool { isNaN }
    /// 64 bits.
    @inlinable public static var _ndRadixBits: Int { 64 }
    /// The IEEE bits with negative values inverted and positive ones offset
    /// by the sign bit; `-0.0` maps to `0.0`'s key.
    @inlinable @inline(__always) public var _ndRadixKey: UInt64 {
        let bits = self == 0 ? 0 : bitPattern
        let flip = UInt64(bitPattern: Int64(bitPattern: bits) >> 63) | (1 << 63)
        return bits ^ flip
    }
}

extension Float: _NDOrdered {
    /// `<`, with NaN last.
    @inlinable @inline(__always) public static func _ndLess(_ a: Float, _ b: Float) -> Bool {
        a < b || (b.isNaN && !a.isNaN)
    }
    /// `isNaN`.
    @inlinable public var _ndIsNaN: Bool { isNaN }
    /// 32 bits.
    @inlinable public static var _ndRadixBits: Int { 32 }
    /// As `Double`'s key, on 32 bits.
    @inlinable @inline(__always) public var _ndRadixKey: UInt64 {
        let bits = self == 0 ? 0 : bitPattern
        let flip = UInt32(bitPattern: Int32(bitPattern: bits) >> 31) | (1 << 31)
        return UInt64(bits ^ flip)
    }
}

extension Complex: _NDOrdered where RealType: NDArrayElement & BinaryFloatingPoint {
    /// NumPy's complex order: by real part, then imaginary part, NaN last in each.
    /// Values with a NaN part come after all others, in NumPy's classes
    /// `[R + Rj, R + nanj, nan + Rj, nan + nanj]`, each sorted by its
    /// non-NaN parts.
    @inlinable public static func _ndLess(_ a: Complex, _ b: Complex) -> Bool {
        let (ar, ai) = a.rawStorage, (br, bi) = b.rawStorage
        let ca = (ar.isNaN ? 2 : 0) + (ai.isNaN ? 1 : 0), cb = (br.isNaN ? 2 : 0) + (bi.isNaN ? 1 : 0)
        if ca != cb { return ca < cb }
        if ar < br { return true }
        if br < ar { return false }
        return ai < bi
    }
    /// Both parts equal, as IEEE numbers.
    @inlinable @inline(__always) public static func _ndEqual(_ a: Complex, _ b: Complex) -> Bool {
        a.rawStorage.x == b.rawStorage.x && a.rawStorage.y == b.rawStorage.y
    }
    /// Either part NaN.
    @inlinable public var _ndIsNaN: Bool { rawStorage.x.isNaN || rawStorage.y.isNaN }
    /// No radix key: complex values sort by comparison.
    @inlinable public static var _ndRadixBits: Int { 0 }
    /// Unused.
    @inlinable public var _ndRadixKey: UInt64 { 0 }
}
