/// Shape and stride arithmetic shared by every array operation.
@usableFromInline
enum _Layout {
    /// The number of elements of a shape; traps on negative sizes and overflow.
    @inlinable
    static func count(_ shape: [Int]) -> Int {
        var n = 1
        for d in shape {
            precondition(d >= 0, "negative dimension in shape \(shape)")
            let (p, overflow) = n.multipliedReportingOverflow(by: d)
            precondition(!overflow, "shape \(shape) has too many elements")
            n = p
        }
        return n
    }

    /// `count` copies of `value`. Literals for the common ranks:
    /// `Array(repeating:count:)` costs a runtime metadata look-up per call,
    /// half the time of a small array's creation.
    @inlinable
    static func filled(_ value: Int, count n: Int) -> [Int] {
        switch n {
        case 0: return []
        case 1: return [value]
        case 2: return [value, value]
        case 3: return [value, value, value]
        case 4: return [value, value, value, value]
        default:
            var out: [Int] = []
            out.reserveCapacity(n)
            for _ in 0..<n { out.append(value) }
            return out
        }
    }

    /// C-order (row-major) strides, in elements.
    @inlinable
    static func cStrides(_ shape: [Int]) -> [Int] {
        // Literals for the common ranks (see `filled`).
        switch shape.count {
        case 0: return []
        case 1: return [1]
        case 2: return [Swift.max(shape[1], 1), 1]
        case 3:
            let s1 = Swift.max(shape[2], 1)
            return [s1 * Swift.max(shape[1], 1), s1, 1]
        default: break
        }
        var strides = filled(1, count: shape.count)
        var step = 1
        var i = shape.count - 1
        while i >= 0 {
            strides[i] = step
            step *= Swift.max(shape[i], 1)
            i -= 1
        }
        return strides
    }

    /// Whether `strides` lay `shape` out in C order with no gaps.
    @inlinable
    static func isCContiguous(_ shape: [Int], _ strides: [Int]) -> Bool {
        var step = 1
        var i = shape.count - 1
        while i >= 0 {
            let d = shape[i]
            if d == 0 { return true }
            if d != 1 && strides[i] != step { return false }
            step *= d
            i -= 1
        }
        return true
    }

    /// Whether `strides` lay `shape` out in Fortran order with no gaps.
    @inlinable
    static func isFortranContiguous(_ shape: [Int], _ strides: [Int]) -> Bool {
        var step = 1
        for i in 0..<shape.count {
            let d = shape[i]
            if d == 0 { return true }
            if d != 1 && strides[i] != step { return false }
            step *= d
        }
        return true
    }

    /// The shape two shapes broadcast to, or nil if they do not.
    @inlinable
    static func broadcast(_ a: [Int], _ b: [Int]) -> [Int]? {
        if a == b { return a }
        let n = Swift.max(a.count, b.count)
        var out = filled(1, count: n)
        for i in 0..<n {
            let x = i < n - a.count ? 1 : a[i - (n - a.count)]
            let y = i < n - b.count ? 1 : b[i - (n - b.count)]
            if x == y || y == 1 { out[i] = x } else if x == 1 { out[i] = y } else { return nil }
        }
        return out
    }

    /// The shape two shapes broadcast to; traps with NumPy's message if they do not.
    @inlinable
    static func broadcastOrTrap(_ a: [Int], _ b: [Int]) -> [Int] {
        guard let shape = broadcast(a, b) else {
            preconditionFailure("operands could not be broadcast together with shapes \(describe(a)) \(describe(b))")
        }
        return shape
    }

    /// Strides that read an array of `shape`/`strides` as if it had `target`
    /// shape: new leading axes and stretched axes get stride 0.
    @inlinable
    static func broadcastStrides(_ shape: [Int], _ strides: [Int], to target: [Int]) -> [Int] {
        var out = filled(0, count: target.count)
        let shift = target.count - shape.count
        for i in 0..<shape.count where shape[i] != 1 || target[i + shift] == 1 {
            out[i + shift] = shape[i] == 1 ? 0 : strides[i]
        }
        return out
    }

    /// A shape as NumPy prints it: `(3,)`, `(2, 3)`, `()`.
    @inlinable
    static func describe(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }

    /// Normalizes a possibly negative axis; traps when it is out of range.
    @inlinable
    static func axis(_ axis: Int, ndim: Int) -> Int {
        let a = axis < 0 ? axis + ndim : axis
        precondition(a >= 0 && a < ndim, "axis \(axis) is out of bounds for array of dimension \(ndim)")
        return a
    }
}
