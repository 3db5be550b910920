import ComplexModule
import RealModule

/// An element type with arithmetic: the integers, `Float`, `Double` and the
/// complex types.
///
/// Integer arithmetic wraps around on overflow, as NumPy's does
/// (`int8(100) + 100 == -56`), instead of trapping as Swift's `+` would.
public protocol NDArrayNumeric: NDArrayElement {
    /// `a + b`, wrapping for integers.
    static func _add(_ a: Self, _ b: Self) -> Self
    /// `a - b`, wrapping for integers.
    static func _subtract(_ a: Self, _ b: Self) -> Self
    /// `a * b`, wrapping for integers.
    static func _multiply(_ a: Self, _ b: Self) -> Self

    /// The type `sum` and `prod` accumulate in and return, as NumPy's:
    /// `Int` for signed integers, `UInt64` for unsigned, the type itself
    /// for floating-point and complex types.
    associatedtype SumType: NDArrayNumeric
    /// This value as a ``SumType``.
    var _sumValue: SumType { get }
}

extension NDArrayNumeric where Self: FixedWidthInteger {
    /// Wrapping `+`.
    @inlinable @inline(__always) public static func _add(_ a: Self, _ b: Self) -> Self { a &+ b }
    /// Wrapping `-`.
    @inlinable @inline(__always) public static func _subtract(_ a: Self, _ b: Self) -> Self { a &- b }
    /// Wrapping `*`.
    @inlinable @inline(__always) public static func _multiply(_ a: Self, _ b: Self) -> Self { a &* b }
}

extension NDArrayNumeric where Self: SignedNumeric, Self: AlgebraicField {
    /// `+`.
    @inlinable @inline(__always) public static func _add(_ a: Self, _ b: Self) -> Self { a + b }
    /// `-`.
    @inlinable @inline(__always) public static func _subtract(_ a: Self, _ b: Self) -> Self { a - b }
    /// `*`.
    @inlinable @inline(__always) public static func _multiply(_ a: Self, _ b: Self) -> Self { a * b }
}

extension NDArrayNumeric where Self: FixedWidthInteger & SignedInteger {
    /// Signed integers sum in `Int` (NumPy's int64).
    @inlinable public var _sumValue: Int { Int(truncatingIfNeeded: self) }
}
extension NDArrayNumeric where Self: FixedWidthInteger & UnsignedInteger {
    /// Unsigned integers sum in `UInt64`.
    @inlinable public var _sumValue: UInt64 { UInt64(truncatingIfNeeded: self) }
}
extension NDArrayNumeric where Self: AlgebraicField, SumType == Self {
    /// Floating-point and complex values sum in their own type.
    @inlinable public var _sumValue: Self { self }
}

extension Int8: NDArrayNumeric { public typealias SumType = Int }
extension Int16: NDArrayNumeric { public typealias SumType = Int }
extension Int32: NDArrayNumeric { public typealias SumType = Int }
extension Int64: NDArrayNumeric { public typealias SumType = Int }
extension Int: NDArrayNumeric { public typealias SumType = Int }
extension UInt8: NDArrayNumeric { public typealias SumType = UInt64 }
extension UInt16: NDArrayNumeric { public typealias SumType = UInt64 }
extension UInt32: NDArrayNumeric { public typealias SumType = UInt64 }
extension UInt64: NDArrayNumeric { public typealias SumType = UInt64 }
extension Float: NDArrayNumeric { public typealias SumType = Float }
extension Double: NDArrayNumeric { public typealias SumType = Double }
extension Complex: NDArrayNumeric where RealType: NDArrayElement & BinaryFloatingPoint {
    /// Complex values sum in their own type.
    public typealias SumType = Complex<RealType>
}
