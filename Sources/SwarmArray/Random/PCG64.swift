/// NumPy's default bit generator: a 128-bit linear congruential generator
/// with the XSL-RR output function (Melissa O'Neill's PCG64), giving the
/// same stream as `np.random.PCG64`.
///
/// Seeded from a ``SeedSequence`` exactly as NumPy seeds it, so
/// `PCG64(seed: s)` produces the same 64-bit words as `np.random.PCG64(s)`:
///
/// ```swift
/// var bits = PCG64(seed: 0xdeadbeaf)
/// bits.next()  // 0x60d24054e17a0698, as PCG64(0xdeadbeaf).random_raw()
/// ```
///
/// Besides 64-bit words, PCG64 hands out 32-bit words the way NumPy does:
/// one 64-bit draw gives two, the low half first, and the high half waits
/// in the state until the next 32-bit request. The bounded-integer and
/// shuffling code of ``Generator`` depends on this to match NumPy.
///
/// `PCG64` is a value type: a copy continues the same stream independently.
public struct PCG64: RandomNumberGenerator, Sendable {
    /// NumPy's `bit_generator.state` for PCG64: the LCG state and increment,
    /// and the buffered 32-bit half.
    public struct State: Sendable, Hashable {
        /// The 128-bit LCG state.
        public var state: UInt128
        /// The 128-bit LCG increment; always odd.
        public var increment: UInt128
        /// Whether a 32-bit half is waiting in ``uinteger``.
        public var hasUInt32: Bool
        /// The buffered high half of the last 64-bit word split for 32-bit use.
        public var uinteger: UInt32

        /// Creates a state from its parts, as NumPy's state dictionary
        /// (`state`, `inc`, `has_uint32`, `uinteger`).
        public init(state: UInt128, increment: UInt128, hasUInt32: Bool = false, uinteger: UInt32 = 0) {
            precondition(increment & 1 == 1, "PCG64.State: increment \(increment) must be odd")
            self.state = state
            self.increment = increment
            self.hasUInt32 = hasUInt32
            self.uinteger = uinteger
        }
    }

    /// The LCG multiplier of PCG64 (`PCG_DEFAULT_MULTIPLIER_128`).
    public static let multiplier: UInt128 = 0x2360_ed05_1fc6_5da4_4385_df64_9fcc_f645

    @usableFromInline var lcgState: UInt128
    @usableFromInline var increment: UInt128
    @usableFromInline var hasUInt32: Bool
    @usableFromInline var uinteger: UInt32

    /// The seed sequence this generator was seeded from; ``spawn(_:)`` draws
    /// children from it.
    public private(set) var seedSequence: SeedSequence

    /// Creates a generator seeded from `seedSequence`, as
    /// `np.random.PCG64(seed_sequence)`: four 64-bit words give the initial
    /// state (first two) and stream (last two), high word first.
    ///
    /// - Parameter seedSequence: The source of seed material.
    public init(seedSequence: SeedSequence) {
        let words = seedSequence.generateState(4, as: UInt64.self)
        let seed = UInt128(words[0]) << 64 | UInt128(words[1])
        let stream = UInt128(words[2]) << 64 | UInt128(words[3])
        lcgState = 0
        increment = stream << 1 | 1
        hasUInt32 = false
        uinteger = 0
        self.seedSequence = seedSequence
        step()
        lcgState &+= seed
        step()
    }

    /// Creates a generator from an integer seed, as `np.random.PCG64(seed)`,
    /// or from operating-system randomness when `seed` is `nil`.
    ///
    /// ```swift
    /// var bits = PCG64(seed: 42)
    /// ```
    ///
    /// - Parameter seed: The seed, or `nil` for fresh entropy.
    public init(seed: UInt64?) {
        self.init(seedSequence: seed.map { SeedSequence($0) } ?? SeedSequence())
    }

    /// The complete generator state, as NumPy's `bit_generator.state`.
    ///
    /// Setting it moves the generator to that point of a stream; the seed
    /// sequence (used only by ``spawn(_:)``) is kept.
    public var state: State {
        get { State(state: lcgState, increment: increment, hasUInt32: hasUInt32, uinteger: uinteger) }
        set {
            lcgState = newValue.state
            increment = newValue.increment
            hasUInt32 = newValue.hasUInt32
            uinteger = newValue.uinteger
        }
    }

    @inlinable @inline(__always)
    mutating func step() {
        lcgState = lcgState &* Self.multiplier &+ increment
    }

    /// Returns the next 64-bit word, as NumPy's `random_raw()`.
    ///
    /// Does not touch the buffered 32-bit half.
    @inlinable @inline(__always)
    public mutating func next() -> UInt64 {
        step()
        let high = UInt64(truncatingIfNeeded: lcgState >> 64)
        let low = UInt64(truncatingIfNeeded: lcgState)
        return (high ^ low)._pcgRotateRight(by: UInt64(truncatingIfNeeded: lcgState >> 122))
    }

    /// Returns the next 32-bit word, as NumPy's `next_uint32` for PCG64: the
    /// buffered high half if there is one, otherwise the low half of a fresh
    /// 64-bit word, keeping its high half for the next call.
    @inlinable @inline(__always)
    public mutating func nextUInt32() -> UInt32 {
        if hasUInt32 {
            hasUInt32 = false
            return uinteger
        }
        let word = next()
        hasUInt32 = true
        uinteger = UInt32(truncatingIfNeeded: word >> 32)
        return UInt32(truncatingIfNeeded: word)
    }

    /// Returns a double in [0, 1) from the top 53 bits of the next 64-bit
    /// word, as NumPy's `next_double`.
    @inlinable @inline(__always)
    public mutating func nextDouble() -> Double {
        Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// Makes `count` generators seeded from children of ``seedSequence``, as
    /// `BitGenerator.spawn(count)`.
    ///
    /// - Parameter count: The number of children, not negative.
    /// - Returns: The children; their streams are independent of this one.
    public mutating func spawn(_ count: Int) -> [PCG64] {
        seedSequence.spawn(count).map { PCG64(seedSequence: $0) }
    }
}

extension UInt64 {
    /// Rotates right by `amount` modulo 64, as PCG's `pcg_rotr_64`.
    @usableFromInline @inline(__always)
    func _pcgRotateRight(by amount: UInt64) -> UInt64 {
        (self &>> amount) | (self &<< (64 &- amount))
    }
}
