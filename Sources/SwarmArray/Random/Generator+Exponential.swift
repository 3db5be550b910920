extension Generator {
    /// Returns a standard exponential value (rate 1), as
    /// `Generator.standard_exponential()`.
    ///
    /// Uses NumPy's 256-layer ziggurat: usually one 64-bit word per value.
    ///
    /// ```swift
    /// var rng = Generator(seed: 0)
    /// let wait = rng.standardExponential()
    /// ```
    public mutating func standardExponential() -> Double {
        bitGenerator.standardExponential()
    }

    /// Returns an array of standard exponential values, as
    /// `Generator.standard_exponential(shape)`.
    ///
    /// - Parameter shape: The dimensions of the result.
    /// - Returns: A new C-contiguous array; elements are drawn in C order.
    public mutating func standardExponential(_ shape: Int...) -> NDArray<Double> {
        standardExponential(shape: shape)
    }

    /// Returns an array of standard exponential values, as
    /// `Generator.standard_exponential(shape)`.
    ///
    /// - Parameter shape: The dimensions of the result.
    /// - Returns: A new C-contiguous array; elements are drawn in C order.
    public mutating func standardExponential(shape: [Int]) -> NDArray<Double> {
        _filled("standardExponential", shape: shape) { $0.standardExponential() }
    }

    /// Returns an exponential value with the given mean, as
    /// `Generator.exponential(scale)`: `scale * standardExponential()`.
    ///
    /// ```swift
    /// var rng = Generator(seed: 5)
    /// let arrival = rng.exponential(scale: 2.5)
    /// ```
    ///
    /// - Parameter scale: The mean, 1 / rate; not negative.
    public mutating func exponential(scale: Double = 1) -> Double {
        Self._checkScale(scale, "exponential", "scale")
        return scale * bitGenerator.standardExponential()
    }

    /// Returns an array of exponential values with the given mean, as
    /// `Generator.exponential(scale, shape)`.
    ///
    /// - Parameters:
    ///   - scale: The mean, 1 / rate; not negative.
    ///   - shape: The dimensions of the result.
    /// - Returns: A new C-contiguous array; elements are drawn in C order.
    public mutating func exponential(scale: Double = 1, shape: [Int]) -> NDArray<Double> {
        Self._checkScale(scale, "exponential", "scale")
        return _filled("exponential", shape: shape) { scale * $0.standardExponential() }
    }
}
