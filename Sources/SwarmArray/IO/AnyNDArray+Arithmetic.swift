import ComplexModule
import RealModule

// Mixed-type arithmetic with NumPy's promotion rules, for arrays whose
// types are known only at run time: both operands are converted to
// `promote_types` of their dtypes (`int32 + float32 → float64`,
// `uint8 + int8 → int16`), then combined. With static types, convert
// explicitly with `astype`.

/// NumPy's `result_type` of two dtypes (its `promote_types`).
public func resultType(_ a: DType, _ b: DType) -> DType { a.promoted(with: b) }

extension AnyNDArray {
    /// The elements converted to another dtype, as `astype` converts them.
    public func converted(to dtype: DType) -> AnyNDArray {
        switch dtype {
        case .bool: return .bool(converted(to: Bool.self))
        case .int8: return .int8(converted(to: Int8.self))
        case .int16: return .int16(converted(to: Int16.self))
        case .int32: return .int32(converted(to: Int32.self))
        case .int64: return .int64(converted(to: Int.self))
        case .uint8: return .uint8(converted(to: UInt8.self))
        case .uint16: return .uint16(converted(to: UInt16.self))
        case .uint32: return .uint32(converted(to: UInt32.self))
        case .uint64: return .uint64(converted(to: UInt64.self))
        case .float32: return .float32(converted(to: Float.self))
        case .float64: return .float64(converted(to: Double.self))
        case .complex64: return .complex64(converted(to: Complex<Float>.self))
        case .complex128: return .complex128(converted(to: Complex<Double>.self))
        default: preconditionFailure("SwarmArray has no element type for \(dtype)")
        }
    }

    enum _Arithmetic { case add, subtract, multiply }

    static func _combine(_ lhs: AnyNDArray, _ rhs: AnyNDArray, _ op: _Arithmetic) -> AnyNDArray {
        let dtype = lhs.dtype.promoted(with: rhs.dtype)
        let l = lhs.converted(to: dtype), r = rhs.converted(to: dtype)
        func apply<T: NDArrayNumeric>(_ x: NDArray<T>) -> NDArray<T> {
            let y = r.array(of: T.self)!
            switch op {
            case .add: return x + y
            case .subtract: return x - y
            case .multiply: return x * y
            }
        }
        switch l {
        case .bool(let x):
            // NumPy: + is `or`, * is `and`, - is refused.
            let y = r.array(of: Bool.self)!
            switch op {
            case .add: return .bool(x .| y)
            case .multiply: return .bool(x .& y)
            case .subtract: preconditionFailure("numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` operator, or the logical_xor function instead.")
            }
        case .int8(let x): return .int8(apply(x))
        case .int16(let x): return .int16(apply(x))
        case .int32(let x): return .int32(apply(x))
        case .int64(let x): return .int64(apply(x))
        case .uint8(let x): return .uint8(apply(x))
        case .uint16(let x): return .uint16(apply(x))
        case .uint32(let x): return .uint32(apply(x))
        case .uint64(let x): return .uint64(apply(x))
        case .float32(let x): return .float32(apply(x))
        case .float64(let x): return .float64(apply(x))
        case .complex64(let x): return .complex64(apply(x))
        case .complex128(let x): return .complex128(apply(x))
        }
    }

    /// `lhs + rhs` in the promoted type (booleans: logical or).
    public static func + (lhs: AnyNDArray, rhs: AnyNDArray) -> AnyNDArray { _combine(lhs, rhs, .add) }
    /// `lhs - rhs` in the promoted type (traps for two boolean arrays, as NumPy raises).
    public static func - (lhs: AnyNDArray, rhs: AnyNDArray) -> AnyNDArray { _combine(lhs, rhs, .subtract) }
    /// `lhs * rhs` in the promoted type (booleans: logical and).
    public static func * (lhs: AnyNDArray, rhs: AnyNDArray) -> AnyNDArray { _combine(lhs, rhs, .multiply) }

    /// True division: integers and booleans divide as `float64`; otherwise
    /// in the promoted floating-point or complex type.
    public static func / (lhs: AnyNDArray, rhs: AnyNDArray) -> AnyNDArray {
        var dtype = lhs.dtype.promoted(with: rhs.dtype)
        if dtype.kind != .floatingPoint && dtype.kind != .complex { dtype = .float64 }
        let l = lhs.converted(to: dtype), r = rhs.converted(to: dtype)
        switch (l, r) {
        case let (.float32(x), .float32(y)): return .float32(x / y)
        case let (.float64(x), .float64(y)): return .float64(x / y)
        case let (.complex64(x), .complex64(y)): return .complex64(x / y)
        case let (.complex128(x), .complex128(y)): return .complex128(x / y)
        default: preconditionFailure("unreachable: division in \(dtype)")
        }
    }
}
