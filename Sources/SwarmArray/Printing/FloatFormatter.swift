#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// NumPy's float formatting for array printing (`FloatingFormat` in
// numpy/_core/arrayprint.py, with its defaults: precision 8, floatmode
// 'maxprec', no suppression). One formatter is fitted to the values that
// will be shown, then formats each so that the columns line up:
//   - positional notation unless a nonzero magnitude is ≥ 1e8 or < 1e-4, or
//     the largest is over 1000 times the smallest;
//   - each value as its shortest round-trip digits (Dragon4's "unique"),
//     but at most 8 digits after the point (then rounded exactly);
//   - positional values padded to common integer and fraction widths;
//     scientific ones share one number of fraction digits.

/// A value's digits in one of the two notations, from which a formatter is fitted.
@usableFromInline
struct _FloatText {
    /// Integer part with sign, e.g. "-12" ("+12" with a plus sign).
    var integer: String
    /// Fraction digits (possibly empty).
    var fraction: String
    /// For scientific notation, the exponent digits without sign; nil for positional.
    var exponent: String?
    var exponentNegative = false
}

@usableFromInline
struct _FloatFormatter {
    var scientific = false
    var padLeft = 0
    var padRight = 0
    var expSize = 0
    /// Scientific: every value gets exactly this many fraction digits.
    var minDigits = 0
    var plusSign = false
    /// Whether the values are `Float`s: their shortest digits are Float's.
    var float32 = false
    let precision = 8

    /// Fits the format to `values` (the ones that will be printed).
    @usableFromInline
    init(_ values: [Double], plusSign: Bool = false, float32: Bool = false) {
        self.plusSign = plusSign
        self.float32 = float32
        let finite = values.filter { $0.isFinite }
        let magnitudes = finite.filter { $0 != 0 }.map { Swift.abs($0) }
        if let maxValue = magnitudes.max(), let minValue = magnitudes.min() {
            scientific = maxValue >= 1e8 || minValue < 0.0001 || maxValue / minValue > 1000
        }
        if finite.isEmpty {
            padLeft = 0
            padRight = 0
        } else if scientific {
            let texts = finite.map { Self.scientificText($0, precision: precision, plusSign: plusSign, float32: float32) }
            expSize = texts.map { $0.exponent!.count }.max()!
            minDigits = texts.map { $0.fraction.count }.max()!
            padLeft = texts.map { $0.integer.count }.max()!
            padRight = expSize + 2 + minDigits
        } else {
            let texts = finite.map { Self.positionalText($0, precision: precision, plusSign: plusSign, float32: float32) }
            padLeft = texts.map { $0.integer.count }.max()!
            padRight = texts.map { $0.fraction.count }.max()!
        }
        if finite.count != values.count {
            let negativeInfinity = values.contains { $0.isInfinite && $0 < 0 } || plusSign
            padLeft = Swift.max(padLeft, 3 - (padRight + 1), 3 + (negativeInfinity ? 1 : 0) - (padRight + 1))
        }
    }

    /// One value, padded to the fitted widths.
    @usableFromInline
    func format(_ x: Double) -> String {
        if !x.isFinite {
            let text = x.isNaN ? (plusSign ? "+nan" : "nan") : (x > 0 ? (plusSign ? "+inf" : "inf") : "-inf")
            return String(repeating: " ", count: Swift.max(0, padLeft + padRight + 1 - text.count)) + text
        }
        if scientific {
            var t = Self.scientificText(x, precision: precision, plusSign: plusSign, float32: float32)
            if t.fraction.count < minDigits {
                // Dragon4 with `min_digits`: further digits of the exact value, rounded half to even.
                t = Self.scientificText(x, precision: minDigits, plusSign: plusSign, float32: float32, exact: true)
            }
            let exp = String(repeating: "0", count: Swift.max(0, expSize - t.exponent!.count)) + t.exponent!
            let body = t.integer + "." + t.fraction + "e" + (t.exponentNegative ? "-" : "+") + exp
            return String(repeating: " ", count: Swift.max(0, padLeft - t.integer.count)) + body
        }
        let t = Self.positionalText(x, precision: precision, plusSign: plusSign, float32: float32)
        return String(repeating: " ", count: Swift.max(0, padLeft - t.integer.count)) + t.integer + "." + t.fraction
            + String(repeating: " ", count: Swift.max(0, padRight - t.fraction.count))
    }

    // MARK: - Digits

    /// The shortest round-trip digits of a finite `x` and the decimal
    /// exponent of the first one: x ≈ 0.d1d2… × 10^(point), digits without
    /// trailing zeros ("" for zero).
    static func shortestDigits(_ x: Double, float32: Bool) -> (digits: [UInt8], point: Int) {
        let text = float32 ? Float(x).description : x.description
        var digits: [UInt8] = []
        var point = 0
        var seenPoint = false
        var exponent = 0
        var chars = Substring(text)
        if chars.first == "-" { chars = chars.dropFirst() }
        if let e = chars.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(chars[chars.index(after: e)...])!
            chars = chars[..<e]
        }
        for c in chars {
            if c == "." { seenPoint = true; continue }
            digits.append(UInt8(c.asciiValue! - 48))
            if !seenPoint { point += 1 }
        }
        // Drop leading zeros (moving the point) and trailing zeros.
        while let f = digits.first, f == 0 { digits.removeFirst(); point -= 1 }
        while let l = digits.last, l == 0 { digits.removeLast() }
        return (digits, digits.isEmpty ? 0 : point + exponent)
    }

    /// `x` printed by C's printf with `format` (exact decimal rounding).
    static func printf(_ format: String, _ precision: Int, _ x: Double) -> String {
        var buffer = [CChar](repeating: 0, count: 400)
        _ = withVaList([Int32(precision), x]) { args in
            buffer.withUnsafeMutableBufferPointer { vsnprintf($0.baseAddress!, 400, format, args) }
        }
        return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    /// Positional digits: shortest if they need at most `precision`
    /// fraction digits, else rounded to `precision`; trailing zeros trimmed.
    static func positionalText(_ x: Double, precision: Int, plusSign: Bool, float32: Bool = false) -> _FloatText {
        let negative = x.sign == .minus
        let (digits, point) = shortestDigits(x, float32: float32)
        var integer: String, fraction: String
        if digits.count - point <= precision {
            integer = point > 0 ? String(digits.prefix(point).map { Character(UnicodeScalar($0 + 48)) })
                + String(repeating: "0", count: Swift.max(0, point - digits.count)) : "0"
            fraction = point >= 0 ? String(digits.dropFirst(point).map { Character(UnicodeScalar($0 + 48)) })
                : String(repeating: "0", count: -point) + String(digits.map { Character(UnicodeScalar($0 + 48)) })
        } else {
            let text = printf("%.*f", precision, Swift.abs(x))
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            integer = String(parts[0])
            fraction = parts.count > 1 ? String(parts[1]) : ""
            while fraction.last == "0" { fraction.removeLast() }
        }
        if integer.isEmpty { integer = "0" }
        integer = (negative ? "-" : (plusSign ? "+" : "")) + integer
        return _FloatText(integer: integer, fraction: fraction, exponent: nil)
    }

    /// Scientific digits: shortest if at most `precision` digits follow
    /// the first, else rounded; trailing zeros trimmed; exponent ≥ 2 digits.
    /// With `exact`, exactly `precision` digits of the exact value follow the first.
    static func scientificText(_ x: Double, precision: Int, plusSign: Bool, float32: Bool = false,
                               exact: Bool = false) -> _FloatText {
        let negative = x.sign == .minus
        var (digits, point) = shortestDigits(x, float32: float32)
        if exact || digits.count - 1 > precision {
            let text = printf("%.*e", precision, Swift.abs(x))
            let mantissa = text.prefix { $0 != "e" }
            digits = mantissa.compactMap { $0.isNumber ? UInt8($0.asciiValue! - 48) : nil }
            point = Int(text[text.index(after: text.firstIndex(of: "e")!)...])! + 1
            while !exact, let l = digits.last, l == 0, digits.count > 1 { digits.removeLast() }
        }
        if digits.isEmpty { digits = [0]; point = 1 }
        let e = point - 1
        let integer = (negative ? "-" : (plusSign ? "+" : "")) + String(digits[0])
        let fraction = String(digits.dropFirst().map { Character(UnicodeScalar($0 + 48)) })
        let exp = String(Swift.abs(e))
        return _FloatText(integer: integer, fraction: fraction,
                          exponent: String(repeating: "0", count: Swift.max(0, 2 - exp.count)) + exp,
                          exponentNegative: e < 0)
    }
}
