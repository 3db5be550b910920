extension Generator {
    /// Returns an integer uniformly distributed in [low, high), or in
    /// [low, high] when `endpoint` is `true`, as `Generator.integers(low, high)`.
    ///
    /// Uses NumPy's Lemire method: ranges narrower than 2³² take 32-bit
    /// halves of 64-bit words (the unused half is kept for the next call),
    /// wider ones take whole 64-bit words.
    ///
    /// ```swift
    /// var rng = Generator(seed: 7)
    /// let die = rng.integers(1, 6, endpoint: true)
    /// ```
    ///
    /// - Parameters:
    ///   - low: The smallest possible value.
    ///   - high: One past the largest possible value, or the largest when
    ///     `endpoint` is `true`; must be greater than `low` (at least `low`
    ///     with `endpoint`).
    ///   - endpoint: Whether `high` itself can be drawn.
    public mutating func integers(_ low: Int, _ high: Int, endpoint: Bool = false) -> Int {
        let rng = Self._integerRange(low, high, endpoint: endpoint)
        return low &+ Int(truncatingIfNeeded: bitGenerator.bounded(rng))
    }

    /// Returns an array of integers uniformly distributed in [low, high), or
    /// in [low, high] when `endpoint` is `true`, as
    /// `Generator.integers(low, high, shape)`.
    ///
    /// ```swift
    /// var rng = Generator(seed: 42)
    /// _ = rng.random(3)
    /// rng.integers(0, 10, 5)  // [0, 6, 2, 0, 5]
    /// ```
    ///
    /// - Parameters:
    ///   - low: The smallest possible value.
    ///   - high: One past the largest possible value, or the largest when
    ///     `endpoint` is `true`.
    ///   - shape: The dimensions of the result.
    ///   - endpoint: Whether `high` itself can be drawn.
    /// - Returns: A new C-contiguous array; elements are drawn in C order.
    public mutating func integers(_ low: Int, _ high: Int, _ shape: Int..., endpoint: Bool = false) -> NDArray<Int> {
        integers(low, high, shape: shape, endpoint: endpoint)
    }

    /// Returns an array of integers uniformly distributed in [low, high), or
    /// in [low, high] when `endpoint` is `true`, as
    /// `Generator.integers(low, high, shape)`.
    ///
    /// - Parameters:
    ///   - low: The smallest possible value.
    ///   - high: One past the largest possible value, or the largest when
    ///     `endpoint` is `true`.
    ///   - shape: The dimensions of the result.
    ///   - endpoint: Whether `high` itself can be drawn.
    /// - Returns: A new C-contiguous array; elements are drawn in C order.
    public mutating func integers(_ low: Int, _ high: Int, shape: [Int], endpoint: Bool = false) -> NDArray<Int> {
        let rng = Self._integerRange(low, high, endpoint: endpoint)
        precondition(
            shape.allSatisfy { $0 >= 0 },
            "Generator.integers: negative dimensions are not allowed, got shape \(shape)")
        return NDArray(unsafeUninitializedShape: shape) { buffer in
            buffer.withMemoryRebound(to: UInt64.self) { words in
                bitGenerator.fillBounded(words, offset: UInt64(bitPattern: Int64(low)), rng: rng)
            }
        }
    }

    /// The inclusive width `high - low` (after `high -= 1` for an open end).
    static func _integerRange(_ low: Int, _ high: Int, endpoint: Bool) -> UInt64 {
        if endpoint {
            precondition(low <= high, "Generator.integers: low (\(low)) must not exceed high (\(high)) with endpoint")
        } else {
            precondition(low < high, "Generator.integers: low (\(low)) must be less than high (\(high))")
        }
        return UInt64(bitPattern: Int64(high &- low)) &- (endpoint ? 0 : 1)
    }
}
