/// Turns user-supplied entropy into well-mixed seed material, exactly as
/// NumPy's `numpy.random.SeedSequence` does.
///
/// A seed sequence hashes its entropy (an integer seed, a list of integers,
/// or fresh randomness from the operating system) together with a
/// *spawn key* into a small pool of 32-bit words. `generateState(_:as:)`
/// then draws as many words as a bit generator needs. Children made with
/// ``spawn(_:)`` extend the spawn key, so every child stream is independent
/// of its parent and of its siblings.
///
/// The words produced are identical to NumPy's for the same entropy, spawn
/// key and pool size:
///
/// ```swift
/// let sequence = SeedSequence(42)
/// sequence.generateState(2)  // [3444837047, 2669555309], as
///                            // np.random.SeedSequence(42).generate_state(2)
/// ```
///
/// Entropy is stored as NumPy coerces it: a non-negative integer becomes its
/// 32-bit words, least significant first (zero is the single word `0`); a
/// list of integers becomes the concatenation of each one's words.
public struct SeedSequence: Sendable, Hashable {
    /// The entropy as 32-bit words, least significant first.
    ///
    /// `SeedSequence(entropyWords: s.entropyWords, spawnKey: s.spawnKey)`
    /// reproduces `s`, also for a sequence seeded from system randomness.
    public let entropyWords: [UInt32]

    /// The path from the root sequence to this one: child `i` of a sequence
    /// with key `k` has key `k + [i]`.
    public let spawnKey: [UInt64]

    /// The number of 32-bit words in the mixed pool (NumPy's `pool_size`).
    public let poolSize: Int

    /// How many children ``spawn(_:)`` has made so far (NumPy's
    /// `n_children_spawned`); the next child gets this number as the last
    /// element of its spawn key.
    public private(set) var childrenSpawned: Int

    /// The mixed entropy pool from which `generateState(_:as:)` draws.
    public let pool: [UInt32]

    /// The pool size NumPy uses by default, and the smallest it accepts.
    public static let defaultPoolSize = 4

    /// Creates a seed sequence from 32-bit entropy words, least significant
    /// first: the words of a big integer, or NumPy's `uint32` array entropy.
    ///
    /// - Parameters:
    ///   - entropyWords: The entropy words, used as given.
    ///   - spawnKey: The spawn key; empty for a root sequence.
    ///   - poolSize: The pool size, at least ``defaultPoolSize``.
    ///   - childrenSpawned: The number of children already spawned.
    public init(
        entropyWords: [UInt32],
        spawnKey: [UInt64] = [],
        poolSize: Int = SeedSequence.defaultPoolSize,
        childrenSpawned: Int = 0
    ) {
        precondition(
            poolSize >= Self.defaultPoolSize,
            "SeedSequence: poolSize \(poolSize) is smaller than \(Self.defaultPoolSize)")
        precondition(childrenSpawned >= 0, "SeedSequence: childrenSpawned \(childrenSpawned) is negative")
        self.entropyWords = entropyWords
        self.spawnKey = spawnKey
        self.poolSize = poolSize
        self.childrenSpawned = childrenSpawned
        self.pool = SeedMixing.mixedPool(
            size: poolSize,
            entropy: SeedMixing.assembledEntropy(
                entropyWords, spawnKey: spawnKey, poolSize: poolSize))
    }

    /// Creates a seed sequence from a non-negative integer seed, as
    /// `np.random.SeedSequence(seed)`.
    ///
    /// Any `BinaryInteger` works, so 128-bit and arbitrary-precision seeds
    /// give the same words as the equal Python integer.
    ///
    /// ```swift
    /// let sequence = SeedSequence(12345)
    /// ```
    ///
    /// - Parameters:
    ///   - seed: The entropy; must not be negative.
    ///   - spawnKey: The spawn key; empty for a root sequence.
    ///   - poolSize: The pool size, at least ``defaultPoolSize``.
    public init<Seed: BinaryInteger>(
        _ seed: Seed,
        spawnKey: [UInt64] = [],
        poolSize: Int = SeedSequence.defaultPoolSize
    ) {
        precondition(seed >= 0, "SeedSequence: seed \(seed) is negative")
        self.init(entropyWords: SeedMixing.words(of: seed), spawnKey: spawnKey, poolSize: poolSize)
    }

    /// Creates a seed sequence from a list of integers, as
    /// `np.random.SeedSequence([a, b, c])`: each integer contributes its own
    /// 32-bit words (at least one), and the words are concatenated.
    ///
    /// - Parameters:
    ///   - entropy: The integers.
    ///   - spawnKey: The spawn key; empty for a root sequence.
    ///   - poolSize: The pool size, at least ``defaultPoolSize``.
    public init(
        entropy: [UInt64],
        spawnKey: [UInt64] = [],
        poolSize: Int = SeedSequence.defaultPoolSize
    ) {
        self.init(
            entropyWords: entropy.flatMap { SeedMixing.words(of: $0) },
            spawnKey: spawnKey, poolSize: poolSize)
    }

    /// Creates a seed sequence from fresh operating-system randomness, as
    /// `np.random.SeedSequence()`: `32 * poolSize` random bits.
    ///
    /// Read ``entropyWords`` to record the seed and reproduce the stream later.
    ///
    /// - Parameters:
    ///   - spawnKey: The spawn key; empty for a root sequence.
    ///   - poolSize: The pool size, at least ``defaultPoolSize``.
    public init(spawnKey: [UInt64] = [], poolSize: Int = SeedSequence.defaultPoolSize) {
        var system = SystemRandomNumberGenerator()
        var words = (0..<max(poolSize, 1)).map { _ in UInt32.random(in: .min ... .max, using: &system) }
        // NumPy draws a Python int, whose words stop at the highest non-zero one.
        while words.count > 1 && words.last == 0 { words.removeLast() }
        self.init(entropyWords: words, spawnKey: spawnKey, poolSize: poolSize)
    }

    /// Makes `count` child sequences, as `SeedSequence.spawn(count)`.
    ///
    /// Child `i` keeps this sequence's entropy and pool size and has spawn
    /// key `spawnKey + [childrenSpawned + i]`. Calling `spawn` again continues
    /// the numbering, so no two children are ever the same.
    ///
    /// ```swift
    /// var root = SeedSequence(42)
    /// let children = root.spawn(3)   // spawn keys [0], [1], [2]
    /// ```
    ///
    /// - Parameter count: The number of children, not negative.
    /// - Returns: The children, in spawn-key order.
    public mutating func spawn(_ count: Int) -> [SeedSequence] {
        precondition(count >= 0, "SeedSequence.spawn: count \(count) is negative")
        let first = childrenSpawned
        childrenSpawned += count
        return (first..<first + count).map { index in
            SeedSequence(
                entropyWords: entropyWords,
                spawnKey: spawnKey + [UInt64(index)],
                poolSize: poolSize)
        }
    }

    /// Draws `count` 32-bit words of seed material from the pool, as
    /// `generate_state(count, np.uint32)`.
    ///
    /// The same sequence always gives the same words; drawing does not change it.
    ///
    /// - Parameters:
    ///   - count: The number of words, not negative.
    ///   - type: `UInt32.self`.
    /// - Returns: The words.
    public func generateState(_ count: Int, as type: UInt32.Type = UInt32.self) -> [UInt32] {
        precondition(count >= 0, "SeedSequence.generateState: count \(count) is negative")
        return SeedMixing.state(from: pool, count: count)
    }

    /// Draws `count` 64-bit words of seed material from the pool, as
    /// `generate_state(count, np.uint64)`: twice as many 32-bit words, paired
    /// little-endian.
    ///
    /// ```swift
    /// SeedSequence(0).generateState(4, as: UInt64.self)  // a PCG64 seed
    /// ```
    ///
    /// - Parameters:
    ///   - count: The number of words, not negative.
    ///   - type: `UInt64.self`.
    /// - Returns: The words.
    public func generateState(_ count: Int, as type: UInt64.Type) -> [UInt64] {
        precondition(count >= 0, "SeedSequence.generateState: count \(count) is negative")
        let halves = SeedMixing.state(from: pool, count: 2 * count)
        return (0..<count).map { UInt64(halves[2 * $0]) | UInt64(halves[2 * $0 + 1]) << 32 }
    }
}
