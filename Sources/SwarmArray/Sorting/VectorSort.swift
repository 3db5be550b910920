import CSwarmKernels
import SwarmCore

// The unstable sort NumPy's default `kind='quicksort'` stands for, for
// 64-bit element types: CSwarmKernels' AVX-512 quicksort on integer keys
// (doubles are turned into keys in place and back). A long lane is first
// split around sampled medians into one part per core, the parts sorted at
// once. Machines without AVX-512 keep the stable sorts.

@usableFromInline
enum _VectorSort {
    /// Lanes shorter than this sort faster by the scalar paths' setup-free loops.
    @usableFromInline static let minimumCount = 64
    /// Below this, one core sorts the lane.
    @usableFromInline static let parallelCount = 1 << 17
    /// Whether this machine runs the kernel (AVX-512, and not turned off by
    /// `SWARM_VECTOR_MATH=0`).
    @usableFromInline static let available = String(cString: swarm_vm_level()) == "avx512"

    /// Sorts `n` contiguous `T`s in place, not stably, when `T` is `Double`,
    /// `Int64` or `Int` and this machine has the vector kernel; false
    /// (nothing changed) otherwise.
    @inlinable @inline(__always)
    static func sort<T>(_ values: UnsafeMutablePointer<T>, count n: Int, parallel: Bool) -> Bool {
        guard n >= minimumCount, available else { return false }
        if T.self == Double.self {
            return sort64(UnsafeMutableRawPointer(values), count: n, doubles: true, parallel: parallel)
        }
        if T.self == Int64.self || T.self == Int.self {
            return sort64(UnsafeMutableRawPointer(values), count: n, doubles: false, parallel: parallel)
        }
        return false
    }

    /// Sorts `n` doubles (`doubles`) or 64-bit integers at `base`, NaNs last.
    @usableFromInline
    static func sort64(_ base: UnsafeMutableRawPointer, count n: Int, doubles: Bool, parallel: Bool) -> Bool {
        let keys = base.assumingMemoryBound(to: Int64.self)
        let cores = parallel && n >= parallelCount ? ForkJoin.parallelism : 1
        var sortable = n
        if doubles {
            let nans = toKeys(base, count: n, cores: cores)
            if nans < 0 { return false }
            if nans > 0 {
                // Rare: put the NaNs back as doubles at the end, and sort the rest.
                fromKeys(keys, count: n, cores: cores)
                sortable = moveNaNsLast(base.assumingMemoryBound(to: Double.self), count: n)
                _ = toKeys(base, count: sortable, cores: cores)
            }
        }
        let parts = split(keys, count: sortable, into: cores)
        ForkJoin.run(chunks: parts.count - 1) { k in
            let start = parts[k], length = parts[k + 1] - start
            _ = swarm_sort_i64(keys + start, length)
            if doubles { swarm_keys_to_f64(keys + start, length) }
        }
        return true
    }

    /// Splits `keys[0..<n]` around sampled medians until there are `pieces`
    /// parts (fewer if some cannot be split), every key of a part below
    /// every key of the next; returns the boundaries, 0 first and `n` last.
    @usableFromInline
    static func split(_ keys: UnsafeMutablePointer<Int64>, count n: Int, into pieces: Int) -> [Int] {
        var bounds = [0, n]
        while bounds.count - 1 < pieces {
            let parts = bounds.count - 1
            var mids = [Int](repeating: -1, count: parts)
            mids.withUnsafeMutableBufferPointer { m in
                let out = m.baseAddress!
                ForkJoin.run(chunks: parts) { k in
                    let start = bounds[k], length = bounds[k + 1] - start
                    let mid = length >= 2 * minimumCount ? swarm_split_i64(keys + start, length) : -1
                    out[k] = mid > 0 && mid < length ? start + mid : -1
                }
            }
            var next = [0]
            for k in 0..<parts {
                if mids[k] > 0 { next.append(mids[k]) }
                next.append(bounds[k + 1])
            }
            if next.count == bounds.count { break }
            bounds = next
        }
        return bounds
    }

    /// Turns doubles into keys, on `cores` cores; the NaN count, or -1 when
    /// this machine has no kernel.
    @usableFromInline
    static func toKeys(_ base: UnsafeMutableRawPointer, count n: Int, cores: Int) -> Int {
        let values = base.assumingMemoryBound(to: Double.self)
        if cores <= 1 { return swarm_f64_to_keys(values, n) }
        var nans = [Int](repeating: 0, count: cores)
        nans.withUnsafeMutableBufferPointer { counts in
            let out = counts.baseAddress!
            ForkJoin.run(chunks: cores) { k in
                let start = n * k / cores, end = n * (k + 1) / cores
                out[k] = swarm_f64_to_keys(values + start, end - start)
            }
        }
        return nans.reduce(0, +)
    }

    /// Turns keys back into doubles, on `cores` cores.
    @usableFromInline
    static func fromKeys(_ keys: UnsafeMutablePointer<Int64>, count n: Int, cores: Int) {
        ForkJoin.run(chunks: cores) { k in
            let start = n * k / cores, end = n * (k + 1) / cores
            swarm_keys_to_f64(keys + start, end - start)
        }
    }

    /// Moves the NaNs to the end (order not kept); how many values are not NaN.
    @usableFromInline
    static func moveNaNsLast(_ values: UnsafeMutablePointer<Double>, count n: Int) -> Int {
        var front = 0, back = n
        while true {
            while front < back && !values[front].isNaN { front += 1 }
            while front < back && values[back - 1].isNaN { back -= 1 }
            if front >= back { return front }
            (values[front], values[back - 1]) = (values[back - 1], values[front])
        }
    }
}
