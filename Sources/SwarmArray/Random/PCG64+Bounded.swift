// Bounded integers, drawn exactly as NumPy's `distributions.c` draws them,
// so that the same words are consumed and the same values come out.
//
// A range that fits in 32 bits takes 32-bit words (the buffered halves of
// 64-bit draws, see `PCG64.nextUInt32`); a wider one takes 64-bit words.
// `rng` is always the inclusive width: values lie in [0, rng].

extension PCG64 {
    /// A value in [0, rng] by Lemire's multiply-and-reject on 32-bit words
    /// (NumPy's `buffered_bounded_lemire_uint32`); `rng` < 2³² − 1.
    @inlinable @inline(__always)
    mutating func boundedLemire32(_ rng: UInt32) -> UInt32 {
        let exclusive = rng &+ 1
        var product = UInt64(nextUInt32()) &* UInt64(exclusive)
        var leftover = UInt32(truncatingIfNeeded: product)
        if leftover < exclusive {
            let threshold = (UInt32.max &- rng) % exclusive
            while leftover < threshold {
                product = UInt64(nextUInt32()) &* UInt64(exclusive)
                leftover = UInt32(truncatingIfNeeded: product)
            }
        }
        return UInt32(truncatingIfNeeded: product >> 32)
    }

    /// A value in [0, rng] by Lemire's multiply-and-reject on 64-bit words
    /// (NumPy's `bounded_lemire_uint64`); `rng` < 2⁶⁴ − 1.
    @inlinable @inline(__always)
    mutating func boundedLemire64(_ rng: UInt64) -> UInt64 {
        let exclusive = rng &+ 1
        var product = next().multipliedFullWidth(by: exclusive)
        if product.low < exclusive {
            let threshold = (UInt64.max &- rng) % exclusive
            while product.low < threshold {
                product = next().multipliedFullWidth(by: exclusive)
            }
        }
        return product.high
    }

    /// A value in [0, rng], as NumPy's `random_bounded_uint64` with Lemire's
    /// method (the draw `Generator.integers`, `choice` use).
    @inlinable
    mutating func bounded(_ rng: UInt64) -> UInt64 {
        if rng == 0 {
            return 0
        } else if rng < 0xFFFF_FFFF {
            return UInt64(boundedLemire32(UInt32(truncatingIfNeeded: rng)))
        } else if rng == 0xFFFF_FFFF {
            return UInt64(nextUInt32())
        } else if rng == .max {
            return next()
        } else {
            return boundedLemire64(rng)
        }
    }

    /// Fills `buffer` with `offset + v`, v uniform in [0, rng], as NumPy's
    /// `random_bounded_uint64_fill` with Lemire's method.
    mutating func fillBounded(_ buffer: UnsafeMutableBufferPointer<UInt64>, offset: UInt64, rng: UInt64) {
        if rng == 0 {
            for i in buffer.indices { buffer[i] = offset }
        } else if rng < 0xFFFF_FFFF {
            let rng32 = UInt32(truncatingIfNeeded: rng)
            for i in buffer.indices { buffer[i] = offset &+ UInt64(boundedLemire32(rng32)) }
        } else if rng == 0xFFFF_FFFF {
            for i in buffer.indices { buffer[i] = offset &+ UInt64(nextUInt32()) }
        } else if rng == .max {
            for i in buffer.indices { buffer[i] = offset &+ next() }
        } else {
            for i in buffer.indices { buffer[i] = offset &+ boundedLemire64(rng) }
        }
    }

    /// A value in [0, max] by masking and rejecting, as NumPy's
    /// `random_interval` (the draw `Generator.shuffle` and `permutation` use).
    @inlinable
    mutating func interval(_ max: UInt64) -> UInt64 {
        if max == 0 { return 0 }
        let mask = UInt64.max &>> max.leadingZeroBitCount
        if max <= 0xFFFF_FFFF {
            while true {
                let value = UInt64(nextUInt32()) & mask
                if value <= max { return value }
            }
        } else {
            while true {
                let value = next() & mask
                if value <= max { return value }
            }
        }
    }
}
