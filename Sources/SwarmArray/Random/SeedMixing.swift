/// The hashing behind ``SeedSequence``: NumPy's `hashmix`/`mix` on 32-bit
/// words (after Melissa O'Neill's `seed_seq_fe`), with NumPy's constants.
enum SeedMixing {
    static let initA: UInt32 = 0x43b0_d7e5
    static let multA: UInt32 = 0x931e_8875
    static let initB: UInt32 = 0x8b51_f9dd
    static let multB: UInt32 = 0x58f3_8ded
    static let mixMultL: UInt32 = 0xca01_f9dd
    static let mixMultR: UInt32 = 0x4973_f715
    static let xShift: UInt32 = 16

    /// The 32-bit words of a non-negative integer, least significant first;
    /// zero is `[0]`, as NumPy's `_int_to_uint32_array`.
    static func words<T: BinaryInteger>(of value: T) -> [UInt32] {
        var result: [UInt32] = []
        for word in value.words {
            var w = UInt64(word)
            for _ in 0..<(UInt.bitWidth / 32) {
                result.append(UInt32(truncatingIfNeeded: w))
                w >>= 32
            }
        }
        while result.count > 1 && result.last == 0 { result.removeLast() }
        if result.isEmpty { result = [0] }
        return result
    }

    /// Run entropy, zero-padded to the pool size when there is a spawn key,
    /// followed by the spawn key's words.
    static func assembledEntropy(_ run: [UInt32], spawnKey: [UInt64], poolSize: Int) -> [UInt32] {
        let spawnWords = spawnKey.flatMap { words(of: $0) }
        var entropy = run
        if !spawnWords.isEmpty && entropy.count < poolSize {
            entropy += repeatElement(0, count: poolSize - entropy.count)
        }
        return entropy + spawnWords
    }

    static func hashMix(_ value: UInt32, _ hashConstant: inout UInt32) -> UInt32 {
        var value = value ^ hashConstant
        hashConstant &*= multA
        value &*= hashConstant
        value ^= value >> xShift
        return value
    }

    static func mix(_ x: UInt32, _ y: UInt32) -> UInt32 {
        var result = mixMultL &* x &- mixMultR &* y
        result ^= result >> xShift
        return result
    }

    /// NumPy's `SeedSequence.mix_entropy` into a pool of `size` words.
    static func mixedPool(size: Int, entropy: [UInt32]) -> [UInt32] {
        var hashConstant = initA
        var pool = (0..<size).map { i in hashMix(i < entropy.count ? entropy[i] : 0, &hashConstant) }
        // Mix all bits together so late bits can affect earlier bits.
        for source in 0..<size {
            for destination in 0..<size where source != destination {
                pool[destination] = mix(pool[destination], hashMix(pool[source], &hashConstant))
            }
        }
        // Mix in the entropy that did not fit in the pool.
        if entropy.count > size {
            for source in size..<entropy.count {
                for destination in 0..<size {
                    pool[destination] = mix(pool[destination], hashMix(entropy[source], &hashConstant))
                }
            }
        }
        return pool
    }

    /// NumPy's `SeedSequence.generate_state` for 32-bit words.
    static func state(from pool: [UInt32], count: Int) -> [UInt32] {
        var hashConstant = initB
        return (0..<count).map { i in
            var value = pool[i % pool.count] ^ hashConstant
            hashConstant &*= multB
            value &*= hashConstant
            value ^= value >> xShift
            return value
        }
    }
}
