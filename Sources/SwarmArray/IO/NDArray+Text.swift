#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// NumPy's `loadtxt` and `savetxt`: delimited text, one row per line.

/// An element type that ``loadtxt(path:as:delimiter:comments:skipRows:usecols:maxRows:ndmin:)``
/// can parse and ``savetxt(path:_:format:delimiter:newline:header:footer:comments:)`` can format.
public protocol NDArrayTextElement: NDArrayElement {
    /// Parses one field (surrounding spaces already removed); nil if it is not a value.
    static func _parseField(_ text: Substring) -> Self?
    /// The value as a C `printf` argument for a conversion of the given kind
    /// (`d i o u x X c` take integers, the rest floating point).
    func _formatField(_ format: String, integerConversion: Bool) -> String
}

@inlinable
func _cFormat(_ format: String, _ value: CVarArg) -> String {
    var buffer = [CChar](repeating: 0, count: 512)
    let n = withVaList([value]) { args in buffer.withUnsafeMutableBufferPointer { vsnprintf($0.baseAddress!, 512, format, args) } }
    if n >= 512 {
        buffer = [CChar](repeating: 0, count: Int(n) + 1)
        _ = withVaList([value]) { args in buffer.withUnsafeMutableBufferPointer { vsnprintf($0.baseAddress!, Int(n) + 1, format, args) } }
    }
    return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
}

extension NDArrayTextElement where Self: BinaryFloatingPoint {
    /// Python's `float()`: decimal and scientific numbers, `nan`, `inf`.
    public static func _parseField(_ text: Substring) -> Self? {
        if let d = Double(text) { return Self(d) }
        switch text.lowercased() {
        case "nan", "+nan", "-nan": return .nan
        case "inf", "+inf", "infinity", "+infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        default: return nil
        }
    }
    /// `printf` with the value as a `double`.
    public func _formatField(_ format: String, integerConversion: Bool) -> String {
        integerConversion ? _cFormat(format, _truncatingInt64(Double(self))) : _cFormat(format, Double(self))
    }
}

extension NDArrayTextElement where Self: FixedWidthInteger {
    /// A decimal integer (an optional sign).
    public static func _parseField(_ text: Substring) -> Self? { Self(text) }
    /// `printf` with the value as a 64-bit integer (or a `double` for float conversions).
    public func _formatField(_ format: String, integerConversion: Bool) -> String {
        if !integerConversion { return _cFormat(format, Double(self)) }
        return Self.isSigned ? _cFormat(format, Int64(self)) : _cFormat(format, UInt64(self))
    }
}

extension Double: NDArrayTextElement {}
extension Float: NDArrayTextElement {}
extension Int: NDArrayTextElement {}
extension Int8: NDArrayTextElement {}
extension Int16: NDArrayTextElement {}
extension Int32: NDArrayTextElement {}
extension Int64: NDArrayTextElement {}
extension UInt8: NDArrayTextElement {}
extension UInt16: NDArrayTextElement {}
extension UInt32: NDArrayTextElement {}
extension UInt64: NDArrayTextElement {}

extension Bool: NDArrayTextElement {
    /// `True`, `False`, `1`, `0` (any case).
    public static func _parseField(_ text: Substring) -> Bool? {
        switch text.lowercased() {
        case "true", "1": return true
        case "false", "0": return false
        default: return nil
        }
    }
    /// 1 or 0 through the format.
    public func _formatField(_ format: String, integerConversion: Bool) -> String {
        integerConversion ? _cFormat(format, Int64(self ? 1 : 0)) : _cFormat(format, self ? 1.0 : 0.0)
    }
}

extension Complex: NDArrayTextElement where RealType: NDArrayTextElement & BinaryFloatingPoint {
    /// Python's `complex()`: `1+2j`, `(1-2j)`, `3j`, `4`; also NumPy's own `1+-2j`.
    public static func _parseField(_ text: Substring) -> Complex? {
        var t = text
        if t.first == "(" && t.last == ")" { t = t.dropFirst().dropLast() }
        guard t.last == "j" || t.last == "J" else { return RealType._parseField(t).map { Complex($0, 0) } }
        t = t.dropLast()
        // Split before the sign that starts the imaginary part (not one after an exponent's e).
        var split: Substring.Index? = nil
        var i = t.index(before: t.endIndex)
        while i > t.startIndex {
            let c = t[i], before = t[t.index(before: i)]
            if (c == "+" || c == "-") && before != "e" && before != "E" {
                split = before == "+" && c == "-" ? t.index(before: i) : i
                break
            }
            i = t.index(before: i)
        }
        guard let split else { return RealType._parseField(t).map { Complex(0, $0) } }
        var imaginary = t[split...]
        if imaginary.hasPrefix("+-") { imaginary = imaginary.dropFirst() }
        if imaginary == "+" || imaginary == "-" { imaginary += "1" }
        guard let re = RealType._parseField(t[..<split]), let im = RealType._parseField(imaginary) else { return nil }
        return Complex(re, im)
    }
    /// NumPy's `' (%s+%sj)'` with the format for both parts.
    public func _formatField(_ format: String, integerConversion: Bool) -> String {
        let (re, im) = rawStorage
        return "(" + re._formatField(format, integerConversion: integerConversion) + "+"
            + im._formatField(format, integerConversion: integerConversion) + "j)"
    }
}

/// Reads delimited text into an array (NumPy's `loadtxt`).
///
/// ```swift
/// // data.csv:  1,2,3\n4,5,6
/// let a = try loadtxt(path: "data.csv", as: Double.self, delimiter: ",")   // shape [2, 3]
/// ```
///
/// - Parameters:
///   - path: the file.
///   - type: the element type.
///   - delimiter: the field separator; nil splits on runs of whitespace.
///   - comments: text after this marker on a line is ignored.
///   - skipRows: lines to skip at the start (comments included).
///   - usecols: the columns to keep, in this order (negative counts from the end).
///   - maxRows: read at most this many rows of data.
///   - ndmin: the least number of dimensions of the result (0, 1 or 2);
///     axes of length one are squeezed beyond it, as NumPy does.
/// - Throws: ``NDArrayError`` with `.system` when the file cannot be read,
///   and `.badValue` naming the line and column of a field that does not
///   parse or a row with another number of columns.
public func loadtxt<T: NDArrayTextElement>(path: String, as type: T.Type = T.self, delimiter: String? = nil,
                                           comments: String? = "#", skipRows: Int = 0, usecols: [Int]? = nil,
                                           maxRows: Int? = nil, ndmin: Int = 0) throws(NDArrayError) -> NDArray<T> {
    precondition((0...2).contains(ndmin), "Illegal value of ndmin keyword: \(ndmin)")
    let bytes = try _File(path, .read).readAll()
    let text = String(decoding: bytes, as: UTF8.self)
    var values: [T] = []
    var columns: Int? = nil
    var rows = 0
    for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where number >= skipRows {
        if let maxRows, rows >= maxRows { break }
        var line = rawLine
        if line.last == "\r" { line = line.dropLast() }
        if let comments, !comments.isEmpty, let r = line.range(of: comments) { line = line[..<r.lowerBound] }
        let fields: [Substring]
        if let delimiter {
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            fields = line.split(separator: delimiter, omittingEmptySubsequences: false).map { $0.trimmingWhitespace }
        } else {
            fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if fields.isEmpty { continue }
        }
        let chosen: [Substring]
        if let usecols {
            chosen = try usecols.map { (c) throws(NDArrayError) -> Substring in
                let k = c < 0 ? c + fields.count : c
                guard k >= 0 && k < fields.count else {
                    throw NDArrayError(.badValue, "invalid column index \(c) at row \(number + 1) with \(fields.count) columns", path: path)
                }
                return fields[k]
            }
        } else {
            chosen = fields
        }
        if let columns, columns != chosen.count {
            throw NDArrayError(.badValue, "the number of columns changed from \(columns) to \(chosen.count) at row \(number + 1)", path: path)
        }
        columns = chosen.count
        for (k, field) in chosen.enumerated() {
            guard let v = T._parseField(field) else {
                throw NDArrayError(.badValue, "could not convert string '\(field)' to \(T.dtype) at row \(number + 1), column \(k + 1)", path: path)
            }
            values.append(v)
        }
        rows += 1
    }
    guard let columns else {
        return ndmin == 2 ? NDArray<T>(shape: [0, 0], elements: []) : NDArray<T>(shape: [0], elements: [])
    }
    var array = NDArray<T>(shape: [rows, columns], elements: values)
    if array.ndim > ndmin { array = array.squeezed() }
    if array.ndim < ndmin { array = ndmin == 1 ? atleast1d(array) : atleast2d(array).T }
    return array
}

/// Writes a 1-D or 2-D array as delimited text (NumPy's `savetxt`).
///
/// - Parameters:
///   - path: the file, created or replaced.
///   - array: a 1-D array (one value per line) or a 2-D array (one row per line).
///   - format: a C `printf` format for each value (NumPy's default `%.18e`),
///     or one per column; complex values are written `(re+imj)`.
///   - delimiter: between values of a row.
///   - newline: after each row.
///   - header, footer: text before and after the data, each line after `comments`.
/// - Throws: ``NDArrayError`` with `.system` when the file cannot be written.
public func savetxt<T: NDArrayTextElement>(path: String, _ array: NDArray<T>, format: [String] = ["%.18e"], delimiter: String = " ",
                                           newline: String = "\n", header: String = "", footer: String = "",
                                           comments: String = "# ") throws(NDArrayError) {
    precondition(array.ndim == 1 || array.ndim == 2, "Expected 1D or 2D array, got \(array.ndim)D array instead")
    let table = array.ndim == 1 ? array.reshaped([array.count, 1]) : array
    let columns = table.shape[1]
    precondition(format.count == 1 || format.count == columns,
                 "fmt has wrong number of % formats: \(format.count) for \(columns) columns")
    let integer = format.map { f -> Bool in
        let conversion = f.last { $0.isLetter && !"hlLqjzt".contains($0) }
        return conversion.map { "diouxXc".contains($0) } ?? false
    }
    var out = ""
    if !header.isEmpty { out += header.split(separator: "\n", omittingEmptySubsequences: false).map { comments + $0 }.joined(separator: newline) + newline }
    let c = table.contiguous()
    c.withUnsafeBufferPointer { p in
        for r in 0..<table.shape[0] {
            for k in 0..<columns {
                if k > 0 { out += delimiter }
                let f = format.count == 1 ? 0 : k
                out += p[r * columns + k]._formatField(format[f], integerConversion: integer[f])
            }
            out += newline
        }
    }
    if !footer.isEmpty { out += footer.split(separator: "\n", omittingEmptySubsequences: false).map { comments + $0 }.joined(separator: newline) + newline }
    let file = try _File(path, .create)
    try file.write(Array(out.utf8))
}

/// ``savetxt(path:_:format:delimiter:newline:header:footer:comments:)`` with one format for every value.
///
/// - Throws: as the general form.
public func savetxt<T: NDArrayTextElement>(path: String, _ array: NDArray<T>, format: String, delimiter: String = " ",
                                           newline: String = "\n", header: String = "", footer: String = "",
                                           comments: String = "# ") throws(NDArrayError) {
    try savetxt(path: path, array, format: [format], delimiter: delimiter, newline: newline, header: header,
                footer: footer, comments: comments)
}

extension Substring {
    /// Without leading and trailing spaces and tabs.
    var trimmingWhitespace: Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }
}
