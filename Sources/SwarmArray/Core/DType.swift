/// A description of an element type, as NumPy's `dtype` gives it.
///
/// Every ``NDArrayElement`` has one. It names the type the way NumPy does
/// (`float64`, `int32`, `complex128`), which is what `.npy` files and
/// promotion rules speak.
public struct DType: Hashable, Sendable, CustomStringConvertible {
    /// The family of a type.
    public enum Kind: Character, Hashable, Sendable {
        /// `bool`.
        case bool = "b"
        /// `int8` … `int64`.
        case signedInteger = "i"
        /// `uint8` … `uint64`.
        case unsignedInteger = "u"
        /// `float16` … `float64`.
        case floatingPoint = "f"
        /// `complex64`, `complex128`.
        case complex = "c"
    }

    /// The family.
    public var kind: Kind
    /// Bytes per element.
    public var itemSize: Int

    /// Creates a description from its family and size.
    public init(kind: Kind, itemSize: Int) {
        self.kind = kind
        self.itemSize = itemSize
    }

    /// NumPy's name for the type, such as `float64`.
    public var name: String {
        switch kind {
        case .bool: return "bool"
        case .signedInteger: return "int\(itemSize * 8)"
        case .unsignedInteger: return "uint\(itemSize * 8)"
        case .floatingPoint: return "float\(itemSize * 8)"
        case .complex: return "complex\(itemSize * 8)"
        }
    }

    /// The type string NumPy writes in `.npy` headers (`<f8`, `|b1`), little-endian.
    public var descr: String {
        let order = itemSize == 1 ? "|" : "<"
        return "\(order)\(kind.rawValue)\(itemSize)"
    }

    /// The name, as NumPy prints it.
    public var description: String { name }

    /// `bool`
    public static let bool = DType(kind: .bool, itemSize: 1)
    /// `int8`
    public static let int8 = DType(kind: .signedInteger, itemSize: 1)
    /// `int16`
    public static let int16 = DType(kind: .signedInteger, itemSize: 2)
    /// `int32`
    public static let int32 = DType(kind: .signedInteger, itemSize: 4)
    /// `int64`
    public static let int64 = DType(kind: .signedInteger, itemSize: 8)
    /// `uint8`
    public static let uint8 = DType(kind: .unsignedInteger, itemSize: 1)
    /// `uint16`
    public static let uint16 = DType(kind: .unsignedInteger, itemSize: 2)
    /// `uint32`
    public static let uint32 = DType(kind: .unsignedInteger, itemSize: 4)
    /// `uint64`
    public static let uint64 = DType(kind: .unsignedInteger, itemSize: 8)
    /// `float32`
    public static let float32 = DType(kind: .floatingPoint, itemSize: 4)
    /// `float64`
    public static let float64 = DType(kind: .floatingPoint, itemSize: 8)
    /// `complex64` (two `float32`)
    public static let complex64 = DType(kind: .complex, itemSize: 8)
    /// `complex128` (two `float64`)
    public static let complex128 = DType(kind: .complex, itemSize: 16)

    /// Every type SwarmArray stores.
    public static let all: [DType] = [
        .bool, .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64,
        .float32, .float64, .complex64, .complex128,
    ]
}
