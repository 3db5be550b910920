extension DType {
    /// The smallest type both `self` and `other` convert to without loss, by
    /// NumPy's table (`numpy.promote_types`): `uint8 + int8 → int16`,
    /// `int32 + float32 → float64`, `uint64 + int64 → float64`.
    public func promoted(with other: DType) -> DType {
        if self == other { return self }
        if kind == .bool { return other }
        if other.kind == .bool { return self }
        let a = self, b = other
        switch (a.kind, b.kind) {
        case (.signedInteger, .signedInteger), (.unsignedInteger, .unsignedInteger),
             (.floatingPoint, .floatingPoint), (.complex, .complex):
            return a.itemSize >= b.itemSize ? a : b
        case (.signedInteger, .unsignedInteger):
            return Self.mixedIntegers(signed: a, unsigned: b)
        case (.unsignedInteger, .signedInteger):
            return Self.mixedIntegers(signed: b, unsigned: a)
        default:
            break
        }
        // At least one side is inexact: find the float size that holds both.
        func floatSize(_ t: DType) -> Int {
            switch t.kind {
            case .bool: return 2
            case .signedInteger, .unsignedInteger: return t.itemSize <= 1 ? 2 : (t.itemSize == 2 ? 4 : 8)
            case .floatingPoint: return t.itemSize
            case .complex: return t.itemSize / 2
            }
        }
        let size = Swift.max(floatSize(a), floatSize(b))
        if a.kind == .complex || b.kind == .complex {
            return DType(kind: .complex, itemSize: Swift.max(size, 4) * 2)
        }
        return DType(kind: .floatingPoint, itemSize: size)
    }

    private static func mixedIntegers(signed: DType, unsigned: DType) -> DType {
        if unsigned.itemSize < signed.itemSize { return signed }
        if unsigned.itemSize >= 8 { return .float64 }
        return DType(kind: .signedInteger, itemSize: unsigned.itemSize * 2)
    }
}
