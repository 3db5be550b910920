extension Generator {
    /// Returns a random number in 0..<n, as `Generator.choice(n)`, optionally
    /// weighted by the probabilities `p`.
    ///
    /// ```swift
    /// var rng = Generator(seed: 1)
    /// let side = rng.choice(2, p: [0.9, 0.1])  // 0 nine times in ten
    /// ```
    ///
    /// - Parameters:
    ///   - n: The population size; positive.
    ///   - p: The probability of each number, `n` non-negative values that sum
    ///     to 1 (within √ε); `nil` for equal chances.
    public mutating func choice(_ n: Int, p: [Double]? = nil) -> Int {
        let indices = _choiceIndices(population: n, count: 1, replace: true, p: p, shuffle: true)
        return indices[0]
    }

    /// Returns random numbers in 0..<n, as `Generator.choice(n, shape, replace, p)`.
    ///
    /// ```swift
    /// var rng = Generator(seed: 1)
    /// rng.choice(10, 3, replace: false)  // three different numbers below 10
    /// ```
    ///
    /// - Parameters:
    ///   - n: The population size; positive unless nothing is drawn.
    ///   - shape: The dimensions of the result.
    ///   - replace: Whether a number can be drawn more than once.
    ///   - p: The probability of each number, `n` non-negative values that sum
    ///     to 1 (within √ε); `nil` for equal chances.
    ///   - shuffle: Without replacement and without `p`, whether the result is
    ///     shuffled (`false` is faster; the order is then not random).
    /// - Returns: A new array of `shape`.
    public mutating func choice(
        _ n: Int, _ shape: Int..., replace: Bool = true, p: [Double]? = nil, shuffle: Bool = true
    ) -> NDArray<Int> {
        choice(n, shape: shape, replace: replace, p: p, shuffle: shuffle)
    }

    /// Returns random numbers in 0..<n, as `Generator.choice(n, shape, replace, p)`.
    ///
    /// - Parameters:
    ///   - n: The population size; positive unless nothing is drawn.
    ///   - shape: The dimensions of the result.
    ///   - replace: Whether a number can be drawn more than once.
    ///   - p: The probability of each number, `n` non-negative values that sum
    ///     to 1 (within √ε); `nil` for equal chances.
    ///   - shuffle: Without replacement and without `p`, whether the result is
    ///     shuffled (`false` is faster; the order is then not random).
    /// - Returns: A new array of `shape`.
    public mutating func choice(
        _ n: Int, shape: [Int], replace: Bool = true, p: [Double]? = nil, shuffle: Bool = true
    ) -> NDArray<Int> {
        let count = Self._count(of: shape, "choice")
        let indices = _choiceIndices(population: n, count: count, replace: replace, p: p, shuffle: shuffle)
        return NDArray(shape: shape, elements: indices)
    }

    /// Returns a random element of a collection, as `Generator.choice(a)` on a
    /// 1-D array, optionally weighted by the probabilities `p`.
    ///
    /// ```swift
    /// var rng = Generator(seed: 1)
    /// let colour = rng.choice(from: ["red", "green", "blue"])
    /// ```
    ///
    /// - Parameters:
    ///   - elements: The population; not empty.
    ///   - p: The probability of each element, non-negative values that sum
    ///     to 1 (within √ε); `nil` for equal chances.
    public mutating func choice<C: RandomAccessCollection>(from elements: C, p: [Double]? = nil) -> C.Element {
        let index = choice(elements.count, p: p)
        return elements[elements.index(elements.startIndex, offsetBy: index)]
    }

    /// Returns random subarrays of `array` along `axis`, as
    /// `Generator.choice(a, shape, replace, p, axis)`.
    ///
    /// The result has `array`'s shape with the `axis` dimension replaced by
    /// `shape`.
    ///
    /// ```swift
    /// var rng = Generator(seed: 1)
    /// let data = NDArray(shape: [4, 2], elements: [1, 2, 3, 4, 5, 6, 7, 8])
    /// rng.choice(from: data, shape: [3])  // three rows, shape [3, 2]
    /// ```
    ///
    /// - Parameters:
    ///   - array: The population; at least 1-D.
    ///   - shape: The dimensions that replace `axis` in the result.
    ///   - replace: Whether a subarray can be drawn more than once.
    ///   - p: The probability of each index along `axis`; `nil` for equal chances.
    ///   - axis: The axis to draw along; negative counts from the end.
    ///   - shuffle: Without replacement and without `p`, whether the drawn
    ///     subarrays are shuffled.
    /// - Returns: A new C-contiguous array.
    public mutating func choice<Element>(
        from array: NDArray<Element>, shape: [Int], replace: Bool = true, p: [Double]? = nil,
        axis: Int = 0, shuffle: Bool = true
    ) -> NDArray<Element> {
        let axis = Self._normalizedAxis(axis, ndim: array.ndim, "choice")
        let count = Self._count(of: shape, "choice")
        let indices = _choiceIndices(
            population: array.shape[axis], count: count, replace: replace, p: p, shuffle: shuffle)
        return Self._take(array, indices, shape: shape, axis: axis)
    }

    /// Returns one random subarray of `array` along `axis`, as
    /// `Generator.choice(a, axis=axis)`: the result lacks the `axis` dimension
    /// (a 0-d array for a 1-D `array`).
    ///
    /// - Parameters:
    ///   - array: The population; at least 1-D, not empty along `axis`.
    ///   - p: The probability of each index along `axis`; `nil` for equal chances.
    ///   - axis: The axis to draw along; negative counts from the end.
    /// - Returns: A new C-contiguous array.
    public mutating func choice<Element>(
        from array: NDArray<Element>, p: [Double]? = nil, axis: Int = 0
    ) -> NDArray<Element> {
        let axis = Self._normalizedAxis(axis, ndim: array.ndim, "choice")
        let index = choice(array.shape[axis], p: p)
        return Self._take(array, [index], shape: [], axis: axis)
    }

    static func _count(of shape: [Int], _ function: StaticString) -> Int {
        precondition(
            shape.allSatisfy { $0 >= 0 },
            "Generator.\(function): negative dimensions are not allowed, got shape \(shape)")
        return shape.reduce(1, *)
    }

    /// Gathers the subarrays of `array` at `indices` along `axis`; `indices`
    /// has the given shape, which replaces `axis` in the result.
    static func _take<Element>(
        _ array: NDArray<Element>, _ indices: [Int], shape: [Int], axis: Int
    ) -> NDArray<Element> {
        let layout = _AxisLayout(shape: array.shape, axis: axis)
        let resultShape = Array(array.shape[..<axis]) + shape + Array(array.shape[(axis + 1)...])
        return array.withUnsafeBufferPointer { source in
            NDArray(unsafeUninitializedShape: resultShape) { result in
                guard let from = source.baseAddress, var to = result.baseAddress else { return }
                for o in 0..<layout.outer {
                    let block = from + o * layout.length * layout.inner
                    for index in indices {
                        to.initialize(from: block + index * layout.inner, count: layout.inner)
                        to += layout.inner
                    }
                }
            }
        }
    }
}
