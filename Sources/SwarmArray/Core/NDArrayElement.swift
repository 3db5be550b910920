import ComplexModule

/// A type an ``NDArray`` can hold.
///
/// SwarmArray provides the conformances: `Bool`, the signed and unsigned
/// integers of 8 to 64 bits, `Int`, `Float`, `Double`, `Complex<Float>` and
/// `Complex<Double>`. Every one is a plain value of fixed size, copied
/// bit for bit, which is what lets arrays move as raw bytes to files and to
/// other processes. Conforming other types is not supported.
public protocol NDArrayElement: Sendable, Equatable, _NDConvertible, _NDOrdered {
    /// NumPy's description of the type.
    static var dtype: DType { get }
    /// The value NumPy's `zeros` fills with.
    static var zero: Self { get }
    /// The value NumPy's `ones` fills with.
    static var one: Self { get }
}

extension Bool: NDArrayElement {
    /// `bool`
    public static var dtype: DType { .bool }
    /// `false`
    @inlinable public static var zero: Bool { false }
    /// `true`
    @inlinable public static var one: Bool { true }
}

extension Int8: NDArrayElement {
    /// `int8`
    public static var dtype: DType { .int8 }
}
extension Int16: NDArrayElement {
    /// `int16`
    public static var dtype: DType { .int16 }
}
extension Int32: NDArrayElement {
    /// `int32`
    public static var dtype: DType { .int32 }
}
extension Int64: NDArrayElement {
    /// `int64`
    public static var dtype: DType { .int64 }
}
extension Int: NDArrayElement {
    /// `int64`: NumPy's default integer on 64-bit Linux and macOS.
    public static var dtype: DType { .int64 }
}
extension UInt8: NDArrayElement {
    /// `uint8`
    public static var dtype: DType { .uint8 }
}
extension UInt16: NDArrayElement {
    /// `uint16`
    public static var dtype: DType { .uint16 }
}
extension UInt32: NDArrayElement {
    /// `uint32`
    public static var dtype: DType { .uint32 }
}
extension UInt64: NDArrayElement {
    /// `uint64`
    public static var dtype: DType { .uint64 }
}
extension Float: NDArrayElement {
    /// `float32`
    public static var dtype: DType { .float32 }
}
extension Double: NDArrayElement {
    /// `float64`
    public static var dtype: DType { .float64 }
}
extension Complex: NDArrayElement where RealType: NDArrayElement & BinaryFloatingPoint {
    /// `complex64` or `complex128`.
    public static var dtype: DType { DType(kind: .complex, itemSize: 2 * RealType.dtype.itemSize) }
}

// `zero` comes from `AdditiveArithmetic`; `one` for every numeric element is 1.
extension NDArrayElement where Self: Numeric {
    /// `1`
    @inlinable public static var one: Self { 1 }
}
