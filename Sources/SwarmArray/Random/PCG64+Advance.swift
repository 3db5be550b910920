extension PCG64 {
    /// The distance one ``jumped(_:)`` jump moves: the golden ratio's
    /// fractional part times 2¹²⁸, as NumPy's `PCG64.jump_inplace`.
    public static let jumpStep: UInt128 = 0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c835

    /// Moves the generator `delta` steps ahead (modulo 2¹²⁸) in O(log delta)
    /// time, as NumPy's `PCG64.advance(delta)`.
    ///
    /// Afterwards ``next()`` returns what it would have returned after
    /// `delta` more calls. As in NumPy, the buffered 32-bit half is dropped.
    ///
    /// ```swift
    /// var a = PCG64(seed: 1), b = a
    /// for _ in 0..<10 { _ = a.next() }
    /// b.advance(10)   // a.next() == b.next()
    /// ```
    ///
    /// - Parameter delta: The number of 64-bit draws to skip, modulo 2¹²⁸.
    /// - Complexity: O(log `delta`).
    public mutating func advance(_ delta: UInt128) {
        // Brown, "Random number generation with arbitrary strides" (1994):
        // compose the affine step x -> m*x + c with itself by squaring.
        var multiplier = Self.multiplier
        var plus = increment
        var accumulatedMultiplier: UInt128 = 1
        var accumulatedPlus: UInt128 = 0
        var remaining = delta
        while remaining > 0 {
            if remaining & 1 == 1 {
                accumulatedMultiplier &*= multiplier
                accumulatedPlus = accumulatedPlus &* multiplier &+ plus
            }
            plus = (multiplier &+ 1) &* plus
            multiplier &*= multiplier
            remaining >>= 1
        }
        lcgState = accumulatedMultiplier &* lcgState &+ accumulatedPlus
        hasUInt32 = false
        uinteger = 0
    }

    /// Returns a copy of this generator advanced by `jumps` × ``jumpStep``
    /// steps, as NumPy's `PCG64.jumped(jumps)`.
    ///
    /// Use it to give parallel workers non-overlapping streams:
    ///
    /// ```swift
    /// let root = PCG64(seed: 7)
    /// let workers = (1...4).map { root.jumped($0) }
    /// ```
    ///
    /// As in NumPy, the copy gets a fresh ``seedSequence`` from system
    /// entropy, so ``spawn(_:)`` on it is not reproducible; its stream is.
    ///
    /// - Parameter jumps: The number of jumps; a negative number jumps back
    ///   (the distance is taken modulo 2¹²⁸, as in NumPy).
    /// - Returns: The advanced copy.
    public func jumped(_ jumps: Int = 1) -> PCG64 {
        var copy = PCG64(seedSequence: SeedSequence())
        copy.state = state
        copy.advance(Self.jumpStep &* UInt128(truncatingIfNeeded: jumps))
        return copy
    }
}
