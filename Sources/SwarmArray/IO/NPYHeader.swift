// The `.npy` header (numpy/lib/_format_impl.py): the magic `\x93NUMPY`, a
// major and minor version, the header length (2 bytes little-endian in
// version 1.0, 4 bytes in 2.0 and 3.0), then a Python dict literal with the
// keys 'descr', 'fortran_order' and 'shape', padded with spaces to a
// multiple of 64 bytes and ending in a newline.
//
// Parsing treats the bytes as hostile: every length is checked against
// what is there, the shape's element count against overflow and against
// the data the caller has, and only the literal forms NumPy writes (and
// Python 2's `3L`) are accepted. Nothing here allocates in proportion to a
// number read from the file.

/// The byte order of stored elements.
public enum ByteOrder: Sendable, Hashable {
    /// Least significant byte first (x86, ARM).
    case little
    /// Most significant byte first.
    case big

    /// This machine's order.
    public static var native: ByteOrder {
        1.littleEndian == 1 ? .little : .big
    }
}

/// The order of a multidimensional array's elements in memory or in a file.
public enum StorageOrder: Sendable, Hashable {
    /// Row-major: the last index varies fastest.
    case c
    /// Column-major: the first index varies fastest.
    case fortran
}

/// A parsed `.npy` header.
@usableFromInline
struct _NPYHeader: Equatable {
    var dtype: DType
    var byteOrder: ByteOrder
    var order: StorageOrder
    var shape: [Int]
    /// Where the data starts, from the start of the file.
    var dataOffset: Int

    /// The element count; validated against overflow by the parser.
    var count: Int { shape.reduce(1, *) }
    /// The data's length in bytes.
    var byteCount: Int { count * dtype.itemSize }

    /// The magic string.
    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]
    /// Headers are padded so that the data starts on this boundary.
    static let alignment = 64
    /// The largest header accepted (NumPy limits reading to 10000 bytes by
    /// default; version 2 headers may be longer, up to this).
    static let maxHeaderLength = 1 << 20

    /// Parses the start of a file. `prefix` must hold at least the whole
    /// header; when it does not, the error says how many bytes are needed.
    static func parse(_ prefix: UnsafeRawBufferPointer) throws(NDArrayError) -> _NPYHeader {
        guard prefix.count >= 10 else { throw NDArrayError(.malformed, "file too short for a .npy header (\(prefix.count) bytes)") }
        for i in 0..<6 where prefix[i] != magic[i] {
            throw NDArrayError(.malformed, "not a .npy file: bad magic string")
        }
        let major = prefix[6], minor = prefix[7]
        let headerLength: Int, start: Int
        switch major {
        case 1:
            headerLength = Int(prefix[8]) | Int(prefix[9]) << 8
            start = 10
        case 2, 3:
            guard prefix.count >= 12 else { throw NDArrayError(.malformed, "file too short for a version \(major) .npy header") }
            headerLength = Int(prefix[8]) | Int(prefix[9]) << 8 | Int(prefix[10]) << 16 | Int(prefix[11]) << 24
            start = 12
        default:
            throw NDArrayError(.unsupported, "unsupported .npy format version \(major).\(minor)")
        }
        guard minor == 0 else { throw NDArrayError(.unsupported, "unsupported .npy format version \(major).\(minor)") }
        guard headerLength <= maxHeaderLength else {
            throw NDArrayError(.malformed, "header length \(headerLength) is larger than the \(maxHeaderLength) bytes accepted")
        }
        guard prefix.count >= start + headerLength else {
            throw NDArrayError(.malformed, "truncated header: \(start + headerLength) bytes needed, \(prefix.count) present")
        }
        let text = UnsafeRawBufferPointer(rebasing: prefix[start..<(start + headerLength)])
        var parser = _DictLiteralParser(bytes: text)
        let entries = try parser.parseDict()
        guard Set(entries.keys) == ["descr", "fortran_order", "shape"] else {
            throw NDArrayError(.malformed, "header does not contain exactly the keys 'descr', 'fortran_order' and 'shape': \(entries.keys.sorted())")
        }
        guard case .string(let descr)? = entries["descr"] else {
            throw NDArrayError(.unsupported, "'descr' is not a simple type string (structured dtypes are not supported)")
        }
        guard case .bool(let fortran)? = entries["fortran_order"] else { throw NDArrayError(.malformed, "'fortran_order' is not True or False") }
        guard case .tuple(let dims)? = entries["shape"] else { throw NDArrayError(.malformed, "'shape' is not a tuple") }
        var count = 1
        for d in dims {
            guard d >= 0 else { throw NDArrayError(.malformed, "negative dimension \(d) in shape") }
            let (p, overflow) = count.multipliedReportingOverflow(by: d)
            guard !overflow else { throw NDArrayError(.malformed, "shape \(dims) has too many elements") }
            count = p
        }
        let (dtype, byteOrder) = try parseDescr(descr)
        let (_, overflow) = count.multipliedReportingOverflow(by: dtype.itemSize)
        guard !overflow else { throw NDArrayError(.malformed, "shape \(dims) of \(dtype) is too large") }
        return _NPYHeader(dtype: dtype, byteOrder: byteOrder, order: fortran ? .fortran : .c, shape: dims,
                          dataOffset: start + headerLength)
    }

    /// A type string such as `<f8`, `|b1`, `>i4`, `<c16`.
    static func parseDescr(_ descr: String) throws(NDArrayError) -> (DType, ByteOrder) {
        var chars = Array(descr.utf8)
        var order = ByteOrder.native
        if let first = chars.first, [UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "="), UInt8(ascii: "|")].contains(first) {
            if first == UInt8(ascii: "<") { order = .little }
            if first == UInt8(ascii: ">") { order = .big }
            chars.removeFirst()
        }
        guard chars.count >= 2, chars.count <= 3, let size = Int(String(decoding: chars.dropFirst(), as: UTF8.self)) else {
            throw NDArrayError(.unsupported, "unsupported dtype '\(descr)'")
        }
        let kind: DType.Kind
        switch chars[0] {
        case UInt8(ascii: "b"): kind = .bool
        case UInt8(ascii: "i"): kind = .signedInteger
        case UInt8(ascii: "u"): kind = .unsignedInteger
        case UInt8(ascii: "f"): kind = .floatingPoint
        case UInt8(ascii: "c"): kind = .complex
        default: throw NDArrayError(.unsupported, "unsupported dtype '\(descr)' (object, string, datetime and void dtypes are not read)")
        }
        let dtype = DType(kind: kind, itemSize: size)
        guard DType.all.contains(dtype) else { throw NDArrayError(.unsupported, "unsupported dtype '\(descr)' (\(dtype.name))") }
        return (dtype, dtype.itemSize == 1 ? .native : order)
    }

    /// The header bytes NumPy would write for these properties (version
    /// 1.0, or 2.0 when the text does not fit in 65535 bytes).
    static func encode(dtype: DType, byteOrder: ByteOrder, order: StorageOrder, shape: [Int]) -> [UInt8] {
        let orderChar = dtype.itemSize == 1 ? "|" : (byteOrder == .little ? "<" : ">")
        let descr = "\(orderChar)\(dtype.kind.rawValue)\(dtype.itemSize)"
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var text = "{'descr': '\(descr)', 'fortran_order': \(order == .fortran ? "True" : "False"), 'shape': \(shapeText), }"
        var version: UInt8 = 1
        var prefixLength = 10
        var total = prefixLength + text.utf8.count + 1
        if (total + alignment - 1) / alignment * alignment - prefixLength > 65535 {
            version = 2
            prefixLength = 12
            total = prefixLength + text.utf8.count + 1
        }
        let padded = (total + alignment - 1) / alignment * alignment
        text += String(repeating: " ", count: padded - total) + "\n"
        let length = padded - prefixLength
        var bytes = magic + [version, 0]
        bytes += version == 1 ? [UInt8(length & 0xff), UInt8(length >> 8)]
                              : [UInt8(length & 0xff), UInt8((length >> 8) & 0xff), UInt8((length >> 16) & 0xff), UInt8(length >> 24)]
        bytes += Array(text.utf8)
        return bytes
    }
}

/// The few Python literals a `.npy` header uses.
enum _PyLiteral: Equatable {
    case string(String)
    case bool(Bool)
    case tuple([Int])
    case other
}

/// A parser for `{'key': literal, ...}` with string, bool and integer-tuple
/// values; anything else is a thrown error.
struct _DictLiteralParser {
    let bytes: UnsafeRawBufferPointer
    var i = 0

    init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    mutating func skipSpace() {
        while i < bytes.count, [UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\t"), UInt8(ascii: "\r")].contains(bytes[i]) { i += 1 }
    }

    mutating func expect(_ c: Character) throws(NDArrayError) {
        skipSpace()
        guard i < bytes.count, bytes[i] == c.asciiValue! else {
            throw NDArrayError(.malformed, "malformed header: expected '\(c)' at byte \(i)")
        }
        i += 1
    }

    mutating func peek() -> UInt8? {
        skipSpace()
        return i < bytes.count ? bytes[i] : nil
    }

    mutating func parseDict() throws(NDArrayError) -> [String: _PyLiteral] {
        try expect("{")
        var result: [String: _PyLiteral] = [:]
        while true {
            if peek() == UInt8(ascii: "}") { i += 1; break }
            guard case .string(let key) = try parseValue() else { throw NDArrayError(.malformed, "malformed header: a key is not a string") }
            try expect(":")
            guard result[key] == nil else { throw NDArrayError(.malformed, "malformed header: key '\(key)' repeated") }
            result[key] = try parseValue()
            guard result.count <= 16 else { throw NDArrayError(.malformed, "malformed header: too many keys") }
            if peek() == UInt8(ascii: ",") { i += 1; continue }
            try expect("}")
            break
        }
        skipSpace()
        guard i == bytes.count else { throw NDArrayError(.malformed, "malformed header: text after the dictionary") }
        return result
    }

    mutating func parseValue() throws(NDArrayError) -> _PyLiteral {
        guard let c = peek() else { throw NDArrayError(.malformed, "malformed header: unexpected end") }
        switch c {
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            i += 1
            let start = i
            while i < bytes.count && bytes[i] != c {
                guard bytes[i] != UInt8(ascii: "\\") else { throw NDArrayError(.malformed, "malformed header: escapes in strings") }
                i += 1
            }
            guard i < bytes.count else { throw NDArrayError(.malformed, "malformed header: unterminated string") }
            let s = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
            i += 1
            return .string(s)
        case UInt8(ascii: "T"), UInt8(ascii: "F"):
            for word in ["True", "False"] where matches(word) {
                i += word.utf8.count
                return .bool(word == "True")
            }
            throw NDArrayError(.malformed, "malformed header: unknown name at byte \(i)")
        case UInt8(ascii: "("):
            i += 1
            var dims: [Int] = []
            while true {
                if peek() == UInt8(ascii: ")") { i += 1; break }
                dims.append(try parseInteger())
                guard dims.count <= 64 else { throw NDArrayError(.malformed, "shape has more than 64 dimensions") }
                if peek() == UInt8(ascii: ",") { i += 1; continue }
                try expect(")")
                break
            }
            return .tuple(dims)
        case UInt8(ascii: "["):
            throw NDArrayError(.unsupported, "structured dtypes (a list in 'descr') are not supported")
        default:
            throw NDArrayError(.malformed, "malformed header: unexpected character at byte \(i)")
        }
    }

    func matches(_ word: String) -> Bool {
        let w = Array(word.utf8)
        guard i + w.count <= bytes.count else { return false }
        for k in 0..<w.count where bytes[i + k] != w[k] { return false }
        return true
    }

    mutating func parseInteger() throws(NDArrayError) -> Int {
        skipSpace()
        var value = 0
        var digits = 0
        var negative = false
        if i < bytes.count && bytes[i] == UInt8(ascii: "-") { negative = true; i += 1 }
        while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 {
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int(bytes[i] - 48))
            guard !o1 && !o2 else { throw NDArrayError(.malformed, "dimension too large in shape") }
            value = a
            digits += 1
            i += 1
        }
        guard digits > 0 else { throw NDArrayError(.malformed, "malformed header: expected a number at byte \(i)") }
        if i < bytes.count && (bytes[i] == UInt8(ascii: "L") || bytes[i] == UInt8(ascii: "l")) { i += 1 }  // Python 2
        return negative ? -value : value
    }
}
