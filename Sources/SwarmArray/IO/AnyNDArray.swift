import ComplexModule
import RealModule

/// An array whose element type is known only at run time: what a `.npy`
/// or `.npz` file of unknown type loads as (NumPy's arrays carry their
/// dtype; Swift's carry it in their type).
///
/// ```swift
/// let any = try AnyNDArray.load(path: "data.npy")
/// print(any.dtype, any.shape)
/// if let x = any.array(of: Double.self) { print(x.sum()) }
/// let y: NDArray<Float> = any.converted(to: Float.self)   // astype
/// ```
public enum AnyNDArray: Sendable {
    /// `bool`
    case bool(NDArray<Bool>)
    /// `int8`
    case int8(NDArray<Int8>)
    /// `int16`
    case int16(NDArray<Int16>)
    /// `int32`
    case int32(NDArray<Int32>)
    /// `int64`, as Swift's `Int`.
    case int64(NDArray<Int>)
    /// `uint8`
    case uint8(NDArray<UInt8>)
    /// `uint16`
    case uint16(NDArray<UInt16>)
    /// `uint32`
    case uint32(NDArray<UInt32>)
    /// `uint64`
    case uint64(NDArray<UInt64>)
    /// `float32`
    case float32(NDArray<Float>)
    /// `float64`
    case float64(NDArray<Double>)
    /// `complex64`
    case complex64(NDArray<Complex<Float>>)
    /// `complex128`
    case complex128(NDArray<Complex<Double>>)

    /// Wraps a typed array.
    public init<T: NDArrayElement>(_ array: NDArray<T>) {
        switch array {
        case let a as NDArray<Bool>: self = .bool(a)
        case let a as NDArray<Int8>: self = .int8(a)
        case let a as NDArray<Int16>: self = .int16(a)
        case let a as NDArray<Int32>: self = .int32(a)
        case let a as NDArray<Int>: self = .int64(a)
        case let a as NDArray<Int64>: self = .int64(a._reinterpreted(as: Int.self))
        case let a as NDArray<UInt8>: self = .uint8(a)
        case let a as NDArray<UInt16>: self = .uint16(a)
        case let a as NDArray<UInt32>: self = .uint32(a)
        case let a as NDArray<UInt64>: self = .uint64(a)
        case let a as NDArray<Float>: self = .float32(a)
        case let a as NDArray<Double>: self = .float64(a)
        case let a as NDArray<Complex<Float>>: self = .complex64(a)
        case let a as NDArray<Complex<Double>>: self = .complex128(a)
        default: preconditionFailure("unsupported element type \(T.self)")
        }
    }

    /// Calls the visitor with the typed array.
    func _visit<V: _AnyNDArrayVisitor>(_ visitor: V) throws(V.Failure) -> V.Result {
        switch self {
        case .bool(let a): return try visitor.visit(a)
        case .int8(let a): return try visitor.visit(a)
        case .int16(let a): return try visitor.visit(a)
        case .int32(let a): return try visitor.visit(a)
        case .int64(let a): return try visitor.visit(a)
        case .uint8(let a): return try visitor.visit(a)
        case .uint16(let a): return try visitor.visit(a)
        case .uint32(let a): return try visitor.visit(a)
        case .uint64(let a): return try visitor.visit(a)
        case .float32(let a): return try visitor.visit(a)
        case .float64(let a): return try visitor.visit(a)
        case .complex64(let a): return try visitor.visit(a)
        case .complex128(let a): return try visitor.visit(a)
        }
    }

    /// The element type.
    public var dtype: DType { _visit(_DTypeOf()) }
    /// The dimensions.
    public var shape: [Int] { _visit(_ShapeOf()) }

    /// The typed array when its elements are `T` (`Int` and `Int64` both
    /// accept `int64`); nil otherwise.
    public func array<T: NDArrayElement>(of type: T.Type) -> NDArray<T>? {
        if case .int64(let a) = self, T.self == Int64.self { return a._reinterpreted(as: T.self) }
        return _visit(_AsType(to: T.self))
    }

    /// The elements converted to `T`, as NumPy's `astype` converts them.
    public func converted<T: NDArrayElement>(to type: T.Type) -> NDArray<T> {
        if let same = array(of: T.self) { return same }
        return _visit(_Convert(to: T.self))
    }
}

/// A generic function over the typed array inside an ``AnyNDArray``.
protocol _AnyNDArrayVisitor {
    associatedtype Result
    associatedtype Failure: Error = Never
    func visit<T: NDArrayElement>(_ array: NDArray<T>) throws(Failure) -> Result
}

private struct _DTypeOf: _AnyNDArrayVisitor {
    func visit<T: NDArrayElement>(_ array: NDArray<T>) -> DType { T.dtype }
}
private struct _ShapeOf: _AnyNDArrayVisitor {
    func visit<T: NDArrayElement>(_ array: NDArray<T>) -> [Int] { array.shape }
}
private struct _AsType<U: NDArrayElement>: _AnyNDArrayVisitor {
    init(to: U.Type) {}
    func visit<T: NDArrayElement>(_ array: NDArray<T>) -> NDArray<U>? { array as? NDArray<U> }
}
private struct _Convert<U: NDArrayElement>: _AnyNDArrayVisitor {
    init(to: U.Type) {}
    func visit<T: NDArrayElement>(_ array: NDArray<T>) -> NDArray<U> { array.astype(U.self) }
}

extension NDArray {
    /// The same bytes seen as another element type of the same size and
    /// meaning (`Int` and `Int64`): a view.
    @usableFromInline
    func _reinterpreted<T: NDArrayElement>(as type: T.Type) -> NDArray<T> {
        precondition(MemoryLayout<T>.stride == MemoryLayout<Element>.stride && T.dtype == Element.dtype,
                     "cannot reinterpret \(Element.dtype) as \(T.dtype)")
        // The new storage object keeps the old one alive until it goes away.
        let elements = storage.withUnsafeMutablePointerToHeader { $0.pointee.count }
        let owner = UInt(bitPattern: Unmanaged.passRetained(storage).toOpaque())
        let view = _NDStorage<T>.wrapping(UnsafeMutableRawPointer(storage.pointer), count: elements) {
            Unmanaged<_NDStorage<Element>>.fromOpaque(UnsafeRawPointer(bitPattern: owner)!).release()
        }
        return NDArray<T>(storage: view, offset: offset, shape: shape, strides: strides)
    }
}
