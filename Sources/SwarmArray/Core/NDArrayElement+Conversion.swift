import ComplexModule

// Conversions between element types, as NumPy's `astype` does them (C casts):
// floats to integers truncate toward zero, and NaN, infinities and values out
// of range become the integer minimum, as x86's conversion gives; integers
// wrap to narrower integers; complex to real keeps the real part.

/// The conversion hooks every ``NDArrayElement`` implements. Not API:
/// use ``NDArray/astype(_:)``.
public protocol _NDConvertible {
    /// From a real value.
    init(_ndDouble value: Double)
    /// From a signed integer value.
    init(_ndInt64 value: Int64)
    /// From an unsigned integer value.
    init(_ndUInt64 value: UInt64)
    /// From a complex value.
    init(_ndComplex real: Double, _ imaginary: Double)
    /// This value as another element type.
    func _ndConverted<T: NDArrayElement>(to type: T.Type) -> T
}

@inlinable
func _truncatingInt64(_ x: Double) -> Int64 {
    // Int64(x) traps outside its range; the C cast NumPy uses gives INT64_MIN.
    (x >= -9.223372036854775808e18 && x < 9.223372036854775808e18) ? Int64(x) : Int64.min
}


extension Int8: _NDConvertible {
    /// From a real value, truncating.
    @inlinable public init(_ndDouble value: Double) { self.init(truncatingIfNeeded: _truncatingInt64(value)) }
    /// From an integer, wrapping.
    @inlinable public init(_ndInt64 value: Int64) { self.init(truncatingIfNeeded: value) }
    /// From an integer, wrapping.
    @inlinable public init(_ndUInt64 value: UInt64) { self.init(truncatingIfNeeded: value) }
    /// From the real part.
    @inlinable public init(_ndComplex real: Double, _ imaginary: Double) { self.init(_ndDouble: real) }
    /// This value as another element type.
    @inlinable public func _ndConverted<T: NDArrayElement>(to type: T.Type) -> T { T(_ndInt64: Int64(truncatingIfNeeded: self)) }
}

extension Int16: _NDConvertible {
    /// From a real value, truncating.
    @inlinable public init(_ndDouble value: Double) { self.init(truncatingIfNeeded: _truncatingInt64(value)) }
    /// From an integer, wrapping.
    @inlinable public init(_ndInt64 value: Int64) { self.init(truncatingIfNeeded: value) }
    /// From an integer, wrapping.
    @inlinable public init(_ndUInt64 value: UInt64) { self.init(truncatingIfNeeded: value) }
    /// From the real part.
    @inlinable public init(_ndComplex real: Double, _ imaginary: Double) { self.init(_ndDouble: real) }
    /// This value as another element type.
    @inlinable public func _ndConverted<T: NDArrayElement>(to type: T.Type) -> T { T(_ndInt64: Int64(truncatingIfNeeded: self)) }
}

extension Int32: _NDConvertible {
    /// From a real value, truncating.
    @inlinable public init(_ndDouble value: Double) { self.init(truncatingIfNeeded: _truncatingInt64(value)) }
    /// From an integer, wrapping.
    @inlinable public init(_ndInt64 value: Int64) { self.init(truncatingIfNeeded: value) }
    /// From an integer, wrapping.
    @inlinable public init(_ndUInt64 value: UInt64) { self.init(truncatingIfNeeded: value) }
    /// From the real part.
    @inlinable public init(_ndComplex real: Double, _ imaginary: Double) { self.init(_ndDouble: real) }
    /// This value as another element type.
    @inlinable public func _ndConverted<T: NDArrayElement>(to type: T.Type) -> T { T(_ndInt64: Int64(truncatingIfNeeded: self)) }
}

extension Int64: _NDConvertible {
    /// From a real value, truncating.
    @inlinable public init(_ndDouble value: Double) { self.init(truncatingIfNeeded: _truncatingInt64(value)) }
    /// From an integer, wrapping.
    @inlinable public init(_ndInt64 value: Int64) { self.init(truncatingIfNeeded: value) }
    /// From an integer, wrapping.
    @inlinable public init(_ndUInt64 value: UInt64) { self.init(truncatingIfNeeded: value) }
    /// From the real part.
    @inlinable public init(_ndComplex real: Double, _ imaginary: Double) { self.init(_ndDouble: real) }
    /// This value as another element type.
    @inlinable public func _ndConverted<T: NDArrayElement>(to type: T.Type) -> T { T(_ndInt64: Int64(truncatingIfNeeded: self)) }
}

extension Int: _NDConvertible {
    /// From a real value, truncating.
    @inlinable public init(_ndDouble value: Double) { self.init(truncatingIfNeeded: _truncatingInt64(value)) }
    /// From an integer, wrapping.
    @inlinable public init(_ndInt64 value: Int64) { self.init(truncatingIfNeeded: value) }
    /// From an integer, wrapping.
    @inlinable public init(_ndUInt64 value: UInt64) { self.init(truncatingIfNeeded: value) }
    /// From the real part.
    @inlinable public init(_ndComplex real: Double, _ imaginary: Double) { self.init(_ndDouble: real) }
    /// This value as another element type.
    @inlinable public func _ndConverted<T: NDArrayElement>(to type: T.Type) -> T { T(_ndInt64: Int64(truncatingIfNeeded: self)) }
}

extension UInt8: _NDConvertible {
    /// From a real value, truncating.
    @inlinable public init(_ndDouble value: Double) { self.init(truncatingIfNeeded: _truncatingInt64(value)) }
    /// From an integer, wrapping.
    @inlinable public init(_ndInt64 value: Int64) { self.init(truncatingIfNeeded: value) }
    /// From an integer, wrapping.
    @inlinable public init(_ndUInt64 value: UInt64) { self.init(truncatingIfNeeded: value) }
    /// From the real part.
    @inlinable public init(_ndComplex real: Double, _ imaginary: Double) { self.init(_ndDouble: real) }
    /// This value as another element type.
    @inlinable public func _ndConverted<T: NDArrayElement>(to type: T.Type) -> T { T(_ndUInt64: UInt64(truncatingIfNeeded: self)) }
}

extension UInt16: _NDConvertible {
    /// From a real value, truncating.
    @inlinable public init(_ndDouble value: Double) { self.init(truncatingIfNeeded: _truncatingInt64(value)) }
    /// From an integer, wrapping.
    @inlinable public init(_ndInt64 value: Int64) { self.init(truncatingIfNeeded: value) }
    /// From an integer, wrapping.
    @inlinable public init(_ndUInt64 value: UInt64) { self.init(truncatingIfNeeded: value) }
    /// From the real part.
    @inlinable public init(_ndComplex real: Double, _ imaginary: Double) { self.init(_ndDouble: real) }
    /// This value as another element type.
    @inlinable public func _ndConverted<T: NDArrayElement>(to type: T.Type) -> T { T(_ndUInt64: UInt64(truncatingIfNeeded: self)) }
}

extension UInt32: _NDConvertible {
    /// From a real value, truncating.
    @inlinable public init(_ndDouble value: Double) { self.init(truncatingIfNeeded: _truncatingInt64(value)) }
    /// From an integer, wrapping.
    @inlinable public init(_ndInt64 value: Int64) { self.init(truncatingIfNeeded: value) }
    /// From an integer, wrapping.
    @inlinable public init(_ndUInt64 value: UInt64) { self.init(truncatingIfNeeded: value) }
    /// From the real part.
    @inlinable public init(_ndComplex real: Double, _ imaginary: Double) { self.init(_ndDouble: real) }
    /// This value as another element type.
    @inlinable public func _ndConverted<T: NDArrayElement>(to type: T.Type) -> T { T(_ndUInt64: UInt64(truncatingIfNeeded: self)) }
}

extension UInt64: _NDConvertible {
    /// From a real value, truncating.
    @inlinable public init(_ndDouble value: Double) { self.init(truncatingIfNeeded: _truncatingInt64(value)) }
    /// From an integer, wrapping.
    @inlinable public init(_ndInt64 value: Int64) { self.init(truncatingIfNeeded: value) }
    /// From an integer, wrapping.
    @inlinable public init(_ndUInt64 value: UInt64) { self.init(truncatingIfNeeded: value) }
    /// From the real part.
    @inlinable public init(_ndComplex real: Double, _ imaginary: Double) { self.init(_ndDouble: real) }
    /// This value as another element type.
    @inlinable public func _ndConverted<T: NDArrayElement>(to type: T.Type) -> T { T(_ndUInt64: UInt64(truncatingIfNeeded: self)) }
}

extension Float: _NDConvertible {
    /// From a real value, rounding to nearest.
    @inlinable public init(_ndDouble value: Double) { self.init(value) }
    /// From an integer, rounding to nearest.
    @inlinable public init(_ndInt64 value: Int64) { self.init(value) }
    /// From an integer, rounding to nearest.
    @inlinable public init(_ndUInt64 value: UInt64) { self.init(value) }
    /// From the real part.
    @inlinable public init(_ndComplex real: Double, _ imaginary: Double) { self.init(real) }
    /// This value as another element type.
    @inlinable public func _ndConverted<T: NDArrayElement>(to type: T.Type) -> T {
        T(_ndDouble: Double(self))
    }
}

extension Double: _NDConvertible {
    /// From a real value, rounding to nearest.
    @inlinable public init(_ndDouble value: Double) { self.init(value) }
    /// From an integer, rounding to nearest.
    @inlinable public init(_ndInt64 value: Int64) { self.init(value) }
    /// From an integer, rounding to nearest.
    @inlinable public init(_ndUInt64 value: UInt64) { self.init(value) }
    /// From the real part.
    @inlinable public init(_ndComplex real: Double, _ imaginary: Double) { self.init(real) }
    /// This value as another element type.
    @inlinable public func _ndConverted<T: NDArrayElement>(to type: T.Type) -> T {
        T(_ndDouble: self)
    }
}

extension Bool: _NDConvertible {
    /// Nonzero is true.
    @inlinable public init(_ndDouble value: Double) { self = value != 0 }
    /// Nonzero is true.
    @inlinable public init(_ndInt64 value: Int64) { self = value != 0 }
    /// Nonzero is true.
    @inlinable public init(_ndUInt64 value: UInt64) { self = value != 0 }
    /// Nonzero is true.
    @inlinable public init(_ndComplex real: Double, _ imaginary: Double) { self = real != 0 || imaginary != 0 }
    /// 1 or 0 as another element type.
    @inlinable public func _ndConverted<T: NDArrayElement>(to type: T.Type) -> T { T(_ndInt64: self ? 1 : 0) }
}

extension Complex: _NDConvertible where RealType: NDArrayElement & BinaryFloatingPoint {
    /// A real value with no imaginary part.
    @inlinable public init(_ndDouble value: Double) { self.init(RealType(value), 0) }
    /// An integer with no imaginary part.
    @inlinable public init(_ndInt64 value: Int64) { self.init(RealType(value), 0) }
    /// An integer with no imaginary part.
    @inlinable public init(_ndUInt64 value: UInt64) { self.init(RealType(value), 0) }
    /// The same complex value.
    @inlinable public init(_ndComplex real: Double, _ imaginary: Double) { self.init(RealType(real), RealType(imaginary)) }
    /// This value as another element type (real types keep the real part).
    @inlinable public func _ndConverted<T: NDArrayElement>(to type: T.Type) -> T {
        T(_ndComplex: Double(rawStorage.x), Double(rawStorage.y))
    }
}
