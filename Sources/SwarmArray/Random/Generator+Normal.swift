extension Generator {
    /// Returns a standard normal value (mean 0, standard deviation 1), as
    /// `Generator.standard_normal()`.
    ///
    /// Uses NumPy's 256-layer ziggurat: usually one 64-bit word per value.
    ///
    /// ```swift
    /// var rng = Generator(seed: 0)
    /// let z = rng.standardNormal()
    /// ```
    public mutating func standardNormal() -> Double {
        bitGenerator.standardNormal()
    }

    /// Returns an array of standard normal values, as
    /// `Generator.standard_normal(shape)`.
    ///
    /// - Parameter shape: The dimensions of the result.
    /// - Returns: A new C-contiguous array; elements are drawn in C order.
    public mutating func standardNormal(_ shape: Int...) -> NDArray<Double> {
        standardNormal(shape: shape)
    }

    /// Returns an array of standard normal values, as
    /// `Generator.standard_normal(shape)`.
    ///
    /// - Parameter shape: The dimensions of the result.
    /// - Returns: A new C-contiguous array; elements are drawn in C order.
    public mutating func standardNormal(shape: [Int]) -> NDArray<Double> {
        _filled("standardNormal", shape: shape) { $0.standardNormal() }
    }

    /// Returns a normal value, as `Generator.normal(loc, scale)`:
    /// `mean + std * standardNormal()`.
    ///
    /// ```swift
    /// var rng = Generator(seed: 3)
    /// let height = rng.normal(mean: 170, std: 10)
    /// ```
    ///
    /// - Parameters:
    ///   - mean: The mean (NumPy's `loc`).
    ///   - std: The standard deviation (NumPy's `scale`); not negative.
    public mutating func normal(mean: Double = 0, std: Double = 1) -> Double {
        Self._checkScale(std, "normal", "std")
        return mean + std * bitGenerator.standardNormal()
    }

    /// Returns an array of normal values, as `Generator.normal(loc, scale, shape)`.
    ///
    /// - Parameters:
    ///   - mean: The mean (NumPy's `loc`).
    ///   - std: The standard deviation (NumPy's `scale`); not negative.
    ///   - shape: The dimensions of the result.
    /// - Returns: A new C-contiguous array; elements are drawn in C order.
    public mutating func normal(mean: Double = 0, std: Double = 1, shape: [Int]) -> NDArray<Double> {
        Self._checkScale(std, "normal", "std")
        return _filled("normal", shape: shape) { mean + std * $0.standardNormal() }
    }

    /// Traps unless `scale` is non-negative (NaN passes, as in NumPy).
    static func _checkScale(_ scale: Double, _ function: StaticString, _ name: StaticString) {
        precondition(!(scale < 0), "Generator.\(function): \(name) must be non-negative, got \(scale)")
    }
}
