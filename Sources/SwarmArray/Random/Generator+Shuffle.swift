extension Generator {
    /// Shuffles the elements of a collection in place, as `Generator.shuffle`
    /// on a 1-D array.
    ///
    /// Fisher–Yates from the end: for `i` from `count - 1` down to 1, swap
    /// element `i` with element `j`, `j` drawn in [0, i] by NumPy's masked
    /// rejection (`random_interval`). This differs from the standard
    /// library's `shuffle(using:)`, which draws differently.
    ///
    /// ```swift
    /// var rng = Generator(seed: 0)
    /// var deck = Array(0..<52)
    /// rng.shuffle(&deck)
    /// ```
    ///
    /// - Parameter elements: The collection to shuffle.
    /// - Complexity: O(n).
    public mutating func shuffle<C: MutableCollection & RandomAccessCollection>(_ elements: inout C) {
        let n = elements.count
        guard n > 1 else { return }
        for i in stride(from: n - 1, to: 0, by: -1) {
            let j = Int(truncatingIfNeeded: bitGenerator.interval(UInt64(i)))
            elements.swapAt(
                elements.index(elements.startIndex, offsetBy: i),
                elements.index(elements.startIndex, offsetBy: j))
        }
    }

    /// Shuffles an array in place along one axis, as
    /// `Generator.shuffle(x, axis)`: the subarrays at each index of `axis`
    /// change places, their contents stay as they are.
    ///
    /// ```swift
    /// var rng = Generator(seed: 0)
    /// var rows = NDArray(shape: [3, 2], elements: [1, 2, 3, 4, 5, 6])
    /// rng.shuffle(&rows)          // reorders the three rows
    /// ```
    ///
    /// An empty array is left as it is, without drawing.
    ///
    /// - Parameters:
    ///   - array: The array to shuffle; at least 1-D. It becomes contiguous.
    ///   - axis: The axis to shuffle along; negative counts from the end.
    /// - Complexity: O(n).
    public mutating func shuffle<Element>(_ array: inout NDArray<Element>, axis: Int = 0) {
        let axis = Self._normalizedAxis(axis, ndim: array.ndim, "shuffle")
        guard array.count > 0 else { return }
        let layout = _AxisLayout(shape: array.shape, axis: axis)
        array.withUnsafeMutableBufferPointer { buffer in
            for i in stride(from: layout.length - 1, to: 0, by: -1) {
                let j = Int(truncatingIfNeeded: bitGenerator.interval(UInt64(i)))
                layout.swap(i, j, in: buffer)
            }
        }
    }

    /// Returns the numbers 0..<n in random order, as `Generator.permutation(n)`.
    ///
    /// ```swift
    /// var rng = Generator(seed: 0)
    /// rng.permutation(5)  // a reordering of [0, 1, 2, 3, 4]
    /// ```
    ///
    /// - Parameter n: The number of elements, not negative.
    /// - Returns: A new 1-D array.
    public mutating func permutation(_ n: Int) -> NDArray<Int> {
        precondition(n >= 0, "Generator.permutation: n must be non-negative, got \(n)")
        var indices = Array(0..<n)
        shuffle(&indices)
        return NDArray(indices)
    }

    /// Returns a shuffled copy of an array, as `Generator.permutation(x, axis)`:
    /// the subarrays along `axis` in random order.
    ///
    /// Draws as NumPy does, also for an empty array with a non-empty `axis`.
    ///
    /// - Parameters:
    ///   - array: The array; at least 1-D. It is not changed.
    ///   - axis: The axis to permute along; negative counts from the end.
    /// - Returns: A new C-contiguous array of the same shape.
    public mutating func permutation<Element>(_ array: NDArray<Element>, axis: Int = 0) -> NDArray<Element> {
        let axis = Self._normalizedAxis(axis, ndim: array.ndim, "permutation")
        var order = Array(0..<array.shape[axis])
        shuffle(&order)
        return Self._take(array, order, shape: [order.count], axis: axis)
    }

    static func _normalizedAxis(_ axis: Int, ndim: Int, _ function: StaticString) -> Int {
        precondition(ndim >= 1, "Generator.\(function): the array must be at least 1-D, got a 0-d array")
        precondition(
            (-ndim..<ndim).contains(axis),
            "Generator.\(function): axis \(axis) is out of bounds for an array of dimension \(ndim)")
        return axis < 0 ? axis + ndim : axis
    }
}

/// A C-order array seen as `[outer, length, inner]` around one axis.
struct _AxisLayout {
    /// The product of the dimensions before the axis.
    var outer: Int
    /// The length of the axis.
    var length: Int
    /// The product of the dimensions after the axis.
    var inner: Int

    init(shape: [Int], axis: Int) {
        outer = shape[..<axis].reduce(1, *)
        length = shape[axis]
        inner = shape[(axis + 1)...].reduce(1, *)
    }

    /// Swaps the subarrays at indices `i` and `j` of the axis.
    func swap<Element>(_ i: Int, _ j: Int, in buffer: UnsafeMutableBufferPointer<Element>) {
        guard i != j, let base = buffer.baseAddress else { return }
        for o in 0..<outer {
            let block = base + o * length * inner
            let a = block + i * inner, b = block + j * inner
            for k in 0..<inner { Swift.swap(&a[k], &b[k]) }
        }
    }
}
