/// A source of random numbers in NumPy's style, giving the same values as
/// `np.random.Generator` (`np.random.default_rng`) for the same seed and the
/// same sequence of calls.
///
/// A generator wraps a ``PCG64`` bit generator and turns its words into
/// floats, bounded integers, normal and exponential variates, choices and
/// permutations, each drawn with NumPy's algorithm so that the stream is
/// consumed the same way:
///
/// ```swift
/// var rng = Generator(seed: 42)
/// rng.random(3)          // [0.7739560485559633, 0.4388784397520523, 0.8585979199113825]
/// rng.integers(0, 10, 5) // [0, 6, 2, 0, 5]
/// rng.standardNormal(2)  // [0.12784040316728537, -0.3162425923435822]
/// ```
///
/// `Generator` is a value type and its methods are `mutating`: a copy goes on
/// with the same stream independently, and one generator is used by one
/// thread at a time. For parallel work give each task its own generator from
/// ``spawn(_:)`` (or ``PCG64/jumped(_:)``).
///
/// It also conforms to `RandomNumberGenerator`, so it can drive the standard
/// library (`Int.random(in:using:)`, `shuffled(using:)`), which draws with
/// the standard library's own algorithms.
public struct Generator: RandomNumberGenerator, Sendable {
    /// The bit generator that supplies the raw words.
    public var bitGenerator: PCG64

    /// Creates a generator around `bitGenerator`, as `np.random.Generator(bit_generator)`.
    ///
    /// - Parameter bitGenerator: The source of raw words.
    public init(bitGenerator: PCG64) {
        self.bitGenerator = bitGenerator
    }

    /// Creates a generator seeded like `np.random.default_rng(seed)`, or from
    /// operating-system randomness when `seed` is `nil`.
    ///
    /// ```swift
    /// var rng = Generator(seed: 12345)
    /// ```
    ///
    /// - Parameter seed: The seed, or `nil` for fresh entropy.
    public init(seed: UInt64? = nil) {
        self.init(bitGenerator: PCG64(seed: seed))
    }

    /// Creates a generator seeded from `seedSequence`, as
    /// `np.random.default_rng(seed_sequence)`.
    ///
    /// Use this for seeds that are not a single `UInt64`: big integers,
    /// lists of integers, or a spawn key.
    ///
    /// ```swift
    /// var rng = Generator(seedSequence: SeedSequence(entropy: [1, 2, 3]))
    /// ```
    ///
    /// - Parameter seedSequence: The source of seed material.
    public init(seedSequence: SeedSequence) {
        self.init(bitGenerator: PCG64(seedSequence: seedSequence))
    }

    /// Returns the next raw 64-bit word of the bit generator.
    @inlinable
    public mutating func next() -> UInt64 {
        bitGenerator.next()
    }

    /// Makes `count` independent child generators, as `Generator.spawn(count)`.
    ///
    /// The children are seeded from children of the bit generator's
    /// ``PCG64/seedSequence``; spawning again gives new children.
    ///
    /// ```swift
    /// var root = Generator(seed: 42)
    /// var workers = root.spawn(3)
    /// ```
    ///
    /// - Parameter count: The number of children, not negative.
    /// - Returns: The child generators.
    public mutating func spawn(_ count: Int) -> [Generator] {
        bitGenerator.spawn(count).map { Generator(bitGenerator: $0) }
    }
}
