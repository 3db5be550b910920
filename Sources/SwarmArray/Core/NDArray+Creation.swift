import RealModule

extension NDArray {
    /// An array of zeros.
    @inlinable
    public static func zeros(_ shape: [Int]) -> NDArray { NDArray(repeating: .zero, shape: shape) }
    /// An array of zeros.
    @inlinable
    public static func zeros(_ shape: Int...) -> NDArray { zeros(shape) }
    /// An array of ones.
    @inlinable
    public static func ones(_ shape: [Int]) -> NDArray { NDArray(repeating: .one, shape: shape) }
    /// An array of ones.
    @inlinable
    public static func ones(_ shape: Int...) -> NDArray { ones(shape) }
    /// An array with every element `value`.
    @inlinable
    public static func full(_ shape: [Int], _ value: Element) -> NDArray { NDArray(repeating: value, shape: shape) }

    /// An array whose elements are not set to anything in particular.
    ///
    /// Swift does not allow reading uninitialized memory, so the elements are
    /// zero; the point, as in NumPy, is that the caller overwrites them all.
    @inlinable
    public static func empty(_ shape: [Int]) -> NDArray { zeros(shape) }

    /// Zeros with the shape of `other`.
    @inlinable
    public static func zeros<U>(like other: NDArray<U>) -> NDArray { zeros(other.shape) }
    /// Ones with the shape of `other`.
    @inlinable
    public static func ones<U>(like other: NDArray<U>) -> NDArray { ones(other.shape) }
    /// `value` everywhere, with the shape of `other`.
    @inlinable
    public static func full<U>(like other: NDArray<U>, _ value: Element) -> NDArray { full(other.shape, value) }
    /// An array to overwrite, with the shape of `other`.
    @inlinable
    public static func empty<U>(like other: NDArray<U>) -> NDArray { zeros(other.shape) }

    /// The `n`×`m` matrix with ones on diagonal `k` and zeros elsewhere.
    @inlinable
    public static func eye(_ n: Int, _ m: Int? = nil, k: Int = 0) -> NDArray {
        let cols = m ?? n
        let out = zeros([n, cols])
        let p = out._base
        for i in 0..<n where i + k >= 0 && i + k < cols { p[i * cols + i + k] = .one }
        return out
    }

    /// The `n`×`n` identity matrix.
    @inlinable
    public static func identity(_ n: Int) -> NDArray { eye(n) }

    /// From a 1-D array, the square matrix with it on diagonal `k`; from a
    /// 2-D array, a copy of its diagonal `k` (NumPy's `diag`).
    @inlinable
    public static func diag(_ v: NDArray, k: Int = 0) -> NDArray {
        switch v.ndim {
        case 1:
            let n = v.count + Swift.abs(k)
            let out = zeros([n, n])
            let values = v.toArray()
            let p = out._base
            for i in 0..<values.count {
                let (r, c) = k >= 0 ? (i, i + k) : (i - k, i)
                p[r * n + c] = values[i]
            }
            return out
        case 2:
            return v.diagonal(offset: k).copy()
        default:
            preconditionFailure("diag needs a 1-D or 2-D array, not shape \(_Layout.describe(v.shape))")
        }
    }

    /// A 2-D array from rows of equal length.
    @inlinable
    public init(_ rows: [[Element]]) {
        let cols = rows.first?.count ?? 0
        precondition(rows.allSatisfy { $0.count == cols }, "rows of unequal length: \(rows.map(\.count))")
        self.init(shape: [rows.count, cols], elements: rows.flatMap { $0 })
    }

    /// A 3-D array from nested arrays of equal lengths.
    @inlinable
    public init(_ planes: [[[Element]]]) {
        let rows = planes.first?.count ?? 0, cols = planes.first?.first?.count ?? 0
        precondition(planes.allSatisfy { $0.count == rows && $0.allSatisfy { $0.count == cols } },
                     "nested arrays of unequal lengths")
        self.init(shape: [planes.count, rows, cols], elements: planes.flatMap { $0.flatMap { $0 } })
    }
}

extension NDArray: ExpressibleByArrayLiteral {
    /// A 1-D array: `let a: NDArray<Double> = [1, 2, 3]`.
    @inlinable
    public init(arrayLiteral elements: Element...) { self.init(elements) }
}

extension NDArray where Element: BinaryFloatingPoint {
    /// Evenly spaced values in `[start, stop)` (NumPy's `arange`).
    ///
    /// As in NumPy, value `i` is `start + i * delta` with
    /// `delta = (start + step) - start`, and the length is
    /// `ceil((stop - start) / step)`.
    @inlinable
    public static func arange(_ start: Element, _ stop: Element, step: Element = 1) -> NDArray {
        precondition(step != 0, "arange: step must not be zero")
        let length = Swift.max(0, Int(((Double(stop) - Double(start)) / Double(step)).rounded(.up)))
        let delta = (start + step) - start
        return NDArray(unsafeUninitializedShape: [length]) { p in
            for i in 0..<length { p[i] = start + Element(i) * delta }
        }
    }

    /// `0, 1, …` up to but not including `stop`.
    @inlinable
    public static func arange(_ stop: Element) -> NDArray { arange(0, stop) }

    /// `num` evenly spaced values from `start` to `stop` (NumPy's `linspace`;
    /// the end point is included unless `endpoint` is false).
    @inlinable
    public static func linspace(_ start: Element, _ stop: Element, num: Int = 50, endpoint: Bool = true) -> NDArray {
        precondition(num >= 0, "Number of samples, \(num), must be non-negative.")
        let div = endpoint ? num - 1 : num
        let delta = stop - start
        let step = div > 0 ? delta / Element(div) : .nan
        return NDArray(unsafeUninitializedShape: [num]) { p in
            for i in 0..<num {
                p[i] = div > 0 ? (step == 0 ? Element(i) / Element(div) * delta : Element(i) * step) + start
                               : Element(i) * delta + start
            }
            if endpoint && num > 1 { p[num - 1] = stop }
        }
    }
}

extension NDArray where Element: Real & BinaryFloatingPoint {
    /// `base` raised to `num` evenly spaced exponents (NumPy's `logspace`).
    @inlinable
    public static func logspace(_ start: Element, _ stop: Element, num: Int = 50, endpoint: Bool = true,
                                base: Element = 10) -> NDArray {
        linspace(start, stop, num: num, endpoint: endpoint)._map { Element.pow(base, $0) }
    }
}

extension NDArray where Element: FixedWidthInteger {
    /// `start, start + step, …` up to but not including `stop` (NumPy's `arange`).
    @inlinable
    public static func arange(_ start: Element, _ stop: Element, step: Element = 1) -> NDArray {
        precondition(step != 0, "arange: step must not be zero")
        let span = Int(stop) - Int(start), s = Int(step)
        let length = Swift.max(0, (span > 0) == (s > 0) ? (span + s - (s > 0 ? 1 : -1)) / s : 0)
        return NDArray(unsafeUninitializedShape: [length]) { p in
            for i in 0..<length { p[i] = Element(truncatingIfNeeded: Int(start) + i * s) }
        }
    }

    /// `0, 1, …, stop - 1`.
    @inlinable
    public static func arange(_ stop: Element) -> NDArray { arange(0, stop) }
}

/// Coordinate matrices from coordinate vectors (NumPy's `meshgrid`).
///
/// - Parameters:
///   - vectors: 1-D arrays, one per dimension.
///   - indexing: `"xy"` (Cartesian, NumPy's default: the first two output
///     axes swapped) or `"ij"` (matrix indexing).
/// - Returns: one array per input, each with the full grid's shape.
@inlinable
public func meshgrid<T>(_ vectors: [NDArray<T>], indexing: String = "xy") -> [NDArray<T>] {
    precondition(indexing == "xy" || indexing == "ij", "Valid values for `indexing` are 'xy' and 'ij'.")
    let n = vectors.count
    var shape = vectors.map(\.count)
    if indexing == "xy" && n > 1 { shape.swapAt(0, 1) }
    return vectors.enumerated().map { i, v in
        var axis = i
        if indexing == "xy" && n > 1 && i < 2 { axis = 1 - i }
        var s = [Int](repeating: 1, count: n)
        s[axis] = v.count
        return v.reshaped(s).broadcast(to: shape).copy()
    }
}
