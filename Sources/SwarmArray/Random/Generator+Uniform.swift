extension Generator {
    /// Returns a double uniformly distributed in [0, 1), as `Generator.random()`.
    ///
    /// Uses the top 53 bits of one 64-bit word.
    ///
    /// ```swift
    /// var rng = Generator(seed: 42)
    /// rng.random()  // 0.7739560485559633
    /// ```
    @inlinable
    public mutating func random() -> Double {
        bitGenerator.nextDouble()
    }

    /// Returns an array of doubles uniformly distributed in [0, 1), as
    /// `Generator.random(shape)`.
    ///
    /// ```swift
    /// var rng = Generator(seed: 42)
    /// rng.random(2, 3)  // a 2×3 array
    /// ```
    ///
    /// - Parameter shape: The dimensions of the result.
    /// - Returns: A new C-contiguous array; elements are drawn in C order.
    /// - Complexity: O(n), one 64-bit word per element.
    public mutating func random(_ shape: Int...) -> NDArray<Double> {
        random(shape: shape)
    }

    /// Returns an array of doubles uniformly distributed in [0, 1), as
    /// `Generator.random(shape)`.
    ///
    /// - Parameter shape: The dimensions of the result.
    /// - Returns: A new C-contiguous array; elements are drawn in C order.
    /// - Complexity: O(n), one 64-bit word per element.
    public mutating func random(shape: [Int]) -> NDArray<Double> {
        _filled("random", shape: shape) { $0.nextDouble() }
    }

    /// Returns a double uniformly distributed in [low, high), as
    /// `Generator.uniform(low, high)`: `low + (high - low) * random()`.
    ///
    /// As in NumPy, `high < low` is allowed and gives values in (high, low].
    ///
    /// ```swift
    /// var rng = Generator(seed: 1)
    /// let angle = rng.uniform(low: -.pi, high: .pi)
    /// ```
    ///
    /// - Parameters:
    ///   - low: The lower bound.
    ///   - high: The upper bound; `high - low` must be finite.
    public mutating func uniform(low: Double = 0, high: Double = 1) -> Double {
        let range = Self._uniformRange(low: low, high: high)
        return low + range * bitGenerator.nextDouble()
    }

    /// Returns an array of doubles uniformly distributed in [low, high), as
    /// `Generator.uniform(low, high, shape)`.
    ///
    /// - Parameters:
    ///   - low: The lower bound.
    ///   - high: The upper bound; `high - low` must be finite.
    ///   - shape: The dimensions of the result.
    /// - Returns: A new C-contiguous array; elements are drawn in C order.
    public mutating func uniform(low: Double = 0, high: Double = 1, shape: [Int]) -> NDArray<Double> {
        let range = Self._uniformRange(low: low, high: high)
        return _filled("uniform", shape: shape) { low + range * $0.nextDouble() }
    }

    static func _uniformRange(low: Double, high: Double) -> Double {
        let range = high - low
        precondition(
            range.isFinite,
            "Generator.uniform: the range high - low must be finite, got low \(low), high \(high)")
        return range
    }
}
