import ComplexModule

// Printing that reads like NumPy's: `description` is `str(a)` and
// `debugDescription` is `repr(a)` (numpy/_core/arrayprint.py with its
// default options: 75 columns, 8 digits, arrays over 1000 elements
// summarized with `...` and 3 items at each edge).

extension NDArray: CustomStringConvertible, CustomDebugStringConvertible {
    /// The array as NumPy's `str` prints it: `[[1. 2.]\n [3. 4.]]`.
    public var description: String {
        if ndim == 0 { return _scalarText(item) }
        return _arrayText(separator: " ", prefix: "", suffix: "")
    }

    /// The array as NumPy's `repr` prints it: `array([[1., 2.],\n       [3., 4.]])`,
    /// with `shape=…` when summarized or empty and `dtype=…` when the type
    /// is not one NumPy implies.
    public var debugDescription: String {
        let implied: Bool
        switch Element.dtype {
        case .float64, .int64, .bool, .complex128: implied = true
        default: implied = false
        }
        let prefix = "array("
        let list = _arrayText(separator: ", ", prefix: prefix, suffix: ")")
        var extras: [String] = []
        if (count == 0 && shape != [0]) || count > 1000 { extras.append("shape=" + _Layout.describe(shape)) }
        if !implied || count == 0 { extras.append("dtype=" + Element.dtype.name) }
        if extras.isEmpty { return prefix + list + ")" }
        let text = prefix + list + ","
        let extra = extras.joined(separator: ", ") + ")"
        let lastLine = text.count - (text.lastIndex(of: "\n").map { text.distance(from: text.startIndex, to: $0) + 1 } ?? 0)
        let spacer = lastLine + extra.count + 1 > 75 ? "\n" + String(repeating: " ", count: prefix.count) : " "
        return text + spacer + extra
    }

    /// `array2string`: brackets, separators, line wrapping and summary.
    func _arrayText(separator: String, prefix: String, suffix: String) -> String {
        if count == 0 { return "[]" }
        let summarize = count > 1000
        let data = contiguous()
        let format = _elementFormat(data._shownElements(summarize: summarize))
        if ndim == 0 { return format(item) }
        let nextLinePrefix = " " + String(repeating: " ", count: prefix.count)
        let lineWidth = 75 - suffix.count
        let strides = _Layout.cStrides(shape)
        return data.withUnsafeBufferPointer { elements in
            func recurse(_ offset: Int, _ axis: Int, _ hangingIndent: String, _ width: Int) -> String {
                if axis == ndim { return format(elements[offset]) }
                let nextIndent = hangingIndent + " "
                let nextWidth = width - 1
                let n = shape[axis]
                let showSummary = summarize && 6 < n
                let leading = showSummary ? 3 : 0, trailing = showSummary ? 3 : n
                let step = strides[axis]
                var s = ""
                if axis == ndim - 1 {
                    let elementWidth = width - Swift.max(separator.trimmingTrailingSpaces.count, 1)
                    var line = hangingIndent
                    func extend(_ word: String) {
                        var wrap = line.count + word.count > elementWidth
                        if line.count <= hangingIndent.count { wrap = false }
                        if wrap {
                            s += line.trimmingTrailingSpaces + "\n"
                            line = hangingIndent
                        }
                        line += word
                    }
                    for i in 0..<leading {
                        extend(recurse(offset + i * step, axis + 1, nextIndent, nextWidth))
                        line += separator
                    }
                    if showSummary {
                        extend("...")
                        line += separator
                    }
                    for i in stride(from: trailing, to: 1, by: -1) {
                        extend(recurse(offset + (n - i) * step, axis + 1, nextIndent, nextWidth))
                        line += separator
                    }
                    extend(recurse(offset + (n - 1) * step, axis + 1, nextIndent, nextWidth))
                    s += line
                } else {
                    let lineSeparator = separator.trimmingTrailingSpaces + String(repeating: "\n", count: ndim - axis - 1)
                    for i in 0..<leading {
                        s += hangingIndent + recurse(offset + i * step, axis + 1, nextIndent, nextWidth) + lineSeparator
                    }
                    if showSummary { s += hangingIndent + "..." + lineSeparator }
                    for i in stride(from: trailing, to: 1, by: -1) {
                        s += hangingIndent + recurse(offset + (n - i) * step, axis + 1, nextIndent, nextWidth) + lineSeparator
                    }
                    s += hangingIndent + recurse(offset + (n - 1) * step, axis + 1, nextIndent, nextWidth)
                }
                return "[" + s.dropFirst(hangingIndent.count) + "]"
            }
            return recurse(0, 0, nextLinePrefix, lineWidth)
        }
    }

    /// The elements that will be printed: all, or 3 at each edge of every
    /// axis when summarizing (NumPy's `_leading_trailing`). `self` is contiguous.
    func _shownElements(summarize: Bool) -> [Element] {
        let strides = _Layout.cStrides(shape)
        return withUnsafeBufferPointer { elements in
            var shown: [Element] = []
            func visit(_ offset: Int, _ axis: Int) {
                if axis == ndim { shown.append(elements[offset]); return }
                let n = shape[axis]
                let positions = summarize && n > 6 ? Array(0..<3) + Array((n - 3)..<n) : Array(0..<n)
                for i in positions { visit(offset + i * strides[axis], axis + 1) }
            }
            visit(0, 0)
            return shown
        }
    }

    /// The formatter NumPy fits to the shown elements, by element type.
    func _elementFormat(_ shown: [Element]) -> (Element) -> String {
        switch Element.dtype.kind {
        case .bool:
            let truth = ndim == 0 ? "True" : " True"
            return { $0 != .zero ? truth : "False" }
        case .signedInteger, .unsignedInteger:
            let text: (Element) -> String = Element.dtype.kind == .signedInteger
                ? { String($0._ndConverted(to: Int64.self)) } : { String($0._ndConverted(to: UInt64.self)) }
            let width = shown.map { text($0).count }.max() ?? 0
            return { x in
                let t = text(x)
                return String(repeating: " ", count: Swift.max(0, width - t.count)) + t
            }
        case .floatingPoint:
            let float32 = Element.dtype.itemSize == 4
            let formatter = _FloatFormatter(shown.map { $0._ndConverted(to: Double.self) }, float32: float32)
            return { formatter.format($0._ndConverted(to: Double.self)) }
        case .complex:
            let float32 = Element.dtype.itemSize == 8
            let parts = shown.map { $0._ndConverted(to: Complex<Double>.self).rawStorage }
            let real = _FloatFormatter(parts.map(\.x), float32: float32)
            let imaginary = _FloatFormatter(parts.map(\.y), plusSign: true, float32: float32)
            return { x in
                let (re, im) = x._ndConverted(to: Complex<Double>.self).rawStorage
                let i = imaginary.format(im)
                let body = i.trimmingTrailingSpaces
                return real.format(re) + body + "j" + String(repeating: " ", count: i.count - body.count)
            }
        }
    }

    /// A 0-d array's value as NumPy's scalar `str` prints it (Python's `repr`
    /// of a float: shortest digits, scientific below 1e-4 or from 1e16).
    func _scalarText(_ x: Element) -> String {
        switch Element.dtype.kind {
        case .bool: return x != .zero ? "True" : "False"
        case .signedInteger: return String(x._ndConverted(to: Int64.self))
        case .unsignedInteger: return String(x._ndConverted(to: UInt64.self))
        case .floatingPoint: return _pythonFloat(x._ndConverted(to: Double.self), float32: Element.dtype.itemSize == 4)
        case .complex:
            let (re, im) = x._ndConverted(to: Complex<Double>.self).rawStorage
            let f32 = Element.dtype.itemSize == 8
            func part(_ v: Double) -> String {
                let t = _pythonFloat(v, float32: f32)
                return t.hasSuffix(".0") ? String(t.dropLast(2)) : t
            }
            let imText = part(im) + "j"
            if re == 0 && re.sign == .plus { return imText }
            return "(" + part(re) + (im.sign == .minus || im.isNaN && im.sign == .minus ? "" : "+") + imText + ")"
        }
    }
}

/// Python's `repr` of a float.
func _pythonFloat(_ x: Double, float32: Bool) -> String {
    if x.isNaN { return "nan" }
    if x.isInfinite { return x < 0 ? "-inf" : "inf" }
    let (digits, point) = _FloatFormatter.shortestDigits(x, float32: float32)
    let sign = x.sign == .minus ? "-" : ""
    if digits.isEmpty { return sign + "0.0" }
    let text = String(digits.map { Character(UnicodeScalar($0 + 48)) })
    let e = point - 1
    if e < -4 || e >= 16 {
        let mantissa = text.count == 1 ? text : String(text.prefix(1)) + "." + text.dropFirst()
        let exp = String(Swift.abs(e))
        return sign + mantissa + "e" + (e < 0 ? "-" : "+") + (exp.count < 2 ? "0" + exp : exp)
    }
    if point <= 0 { return sign + "0." + String(repeating: "0", count: -point) + text }
    if point >= text.count { return sign + text + String(repeating: "0", count: point - text.count) + ".0" }
    return sign + String(text.prefix(point)) + "." + text.dropFirst(point)
}

extension StringProtocol {
    /// Without trailing spaces (Python's `rstrip()` for our strings).
    var trimmingTrailingSpaces: String {
        var s = String(self)
        while s.last == " " { s.removeLast() }
        return s
    }
}
