import CSwarmKernels
import SwarmCore

// The unstable sort NumPy's default `kind='quicksort'` stands for, for
// 64-bit and 32-bit element types: CSwarmKernels' AVX-512 quicksort on
// integer keys (floating-point values are turned into keys in place and
// back). A long lane is first split around sampled medians into one part
// per core, the parts sorted at once. Machines without AVX-512 keep the
// stable sorts.

@usableFromInline
enum _VectorSort {
    /// Lanes shorter than this sort faster by the scalar paths' setup-free loops.
    @usableFromInline static let minimumCount = 64
    /// Below this, one core sorts the lane.
    @usableFromInline static let parallelCount = 1 << 17
    /// Whether this machine runs the kernel (AVX-512, and not turned off by
    /// `SWARM_VECTOR_MATH=0`).
    @usableFromInline static let available = String(cString: swarm_vm_level()) == "avx512"

    /// The element types the kernel sorts.
    @usableFromInline
    enum Kind {
        case double, float, int64, int32

        var isFloatingPoint: Bool { self == .double || self == .float }
    }

    /// Sorts `n` contiguous `T`s in place, not stably, when `T` is `Double`,
    /// `Float`, `Int64`, `Int32` or `Int` and this machine has the kernel;
    /// false (nothing changed) otherwise.
    @inlinable @inline(__always)
    static func sort<T>(_ values: UnsafeMutablePointer<T>, count n: Int, parallel: Bool) -> Bool {
        guard n >= minimumCount, available else { return false }
        let kind: Kind
        if T.self == Double.self {
            kind = .double
        } else if T.self == Float.self {
            kind = .float
        } else if T.self == Int64.self || (T.self == Int.self && MemoryLayout<Int>.size == 8) {
            kind = .int64
        } else if T.self == Int32.self {
            kind = .int32
        } else {
            return false
        }
        return sort(UnsafeMutableRawPointer(values), count: n, kind: kind, parallel: parallel)
    }

    /// Sorts `n` values of `kind` at `base`, NaNs last.
    @usableFromInline
    static func sort(_ base: UnsafeMutableRawPointer, count n: Int, kind: Kind, parallel: Bool) -> Bool {
        let cores = parallel && n >= parallelCount ? ForkJoin.parallelism : 1
        var sortable = n
        if kind.isFloatingPoint {
            let nans = toKeys(base, count: n, kind: kind, cores: cores)
            if nans < 0 { return false }
            if nans > 0 {
                // Rare: put the NaNs back as numbers at the end, and sort the rest.
                fromKeys(base, count: n, kind: kind, cores: cores)
                sortable = kind == .double
                    ? moveNaNsLast(base.assumingMemoryBound(to: Double.self), count: n)
                    : moveNaNsLast(base.assumingMemoryBound(to: Float.self), count: n)
                _ = toKeys(base, count: sortable, kind: kind, cores: cores)
            }
        }
        let parts = split(base, count: sortable, kind: kind, into: cores)
        ForkJoin.run(chunks: parts.count - 1) { k in
            let start = parts[k], length = parts[k + 1] - start
            switch kind {
            case .double, .int64:
                let keys = base.assumingMemoryBound(to: Int64.self) + start
                _ = swarm_sort_i64(keys, length)
                if kind == .double { swarm_keys_to_f64(keys, length) }
            case .float, .int32:
                let keys = base.assumingMemoryBound(to: Int32.self) + start
                _ = swarm_sort_i32(keys, length)
                if kind == .float { swarm_keys_to_f32(keys, length) }
            }
        }
        return true
    }

    /// Splits the keys around sampled medians until there are `pieces`
    /// parts (fewer if some cannot be split), every key of a part below
    /// every key of the next; returns the boundaries, 0 first and `n` last.
    @usableFromInline
    static func split(_ base: UnsafeMutableRawPointer, count n: Int, kind: Kind, into pieces: Int) -> [Int] {
        var bounds = [0, n]
        while bounds.count - 1 < pieces {
            let parts = bounds.count - 1
            var mids = [Int](repeating: -1, count: parts)
            mids.withUnsafeMutableBufferPointer { m in
                let out = m.baseAddress!
                ForkJoin.run(chunks: parts) { k in
                    let start = bounds[k], length = bounds[k + 1] - start
                    let mid: Int
                    switch kind {
                    case .double, .int64: mid = swarm_split_i64(base.assumingMemoryBound(to: Int64.self) + start, length)
                    case .float, .int32: mid = swarm_split_i32(base.assumingMemoryBound(to: Int32.self) + start, length)
                    }
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

    /// Turns floating-point values into keys, on `cores` cores; the NaN
    /// count, or -1 when this machine has no kernel.
    @usableFromInline
    static func toKeys(_ base: UnsafeMutableRawPointer, count n: Int, kind: Kind, cores: Int) -> Int {
        var nans = [Int](repeating: 0, count: cores)
        nans.withUnsafeMutableBufferPointer { counts in
            let out = counts.baseAddress!
            ForkJoin.run(chunks: cores) { k in
                let start = n * k / cores, end = n * (k + 1) / cores
                out[k] = kind == .double
                    ? swarm_f64_to_keys(base.assumingMemoryBound(to: Double.self) + start, end - start)
                    : swarm_f32_to_keys(base.assumingMemoryBound(to: Float.self) + start, end - start)
            }
        }
        return nans.contains { $0 < 0 } ? -1 : nans.reduce(0, +)
    }

    /// Turns keys back into floating-point values, on `cores` cores.
    @usableFromInline
    static func fromKeys(_ base: UnsafeMutableRawPointer, count n: Int, kind: Kind, cores: Int) {
        ForkJoin.run(chunks: cores) { k in
            let start = n * k / cores, end = n * (k + 1) / cores
            if kind == .double {
                swarm_keys_to_f64(base.assumingMemoryBound(to: Int64.self) + start, end - start)
            } else {
                swarm_keys_to_f32(base.assumingMemoryBound(to: Int32.self) + start, end - start)
            }
        }
    }

    /// Moves the NaNs to the end (order not kept); how many values are not NaN.
    @usableFromInline
    static func moveNaNsLast<F: BinaryFloatingPoint>(_ values: UnsafeMutablePointer<F>, count n: Int) -> Int {
        var front = 0, back = n
        while true {
            while front < back && !values[front].isNaN { front += 1 }
            while front < back && values[back - 1].isNaN { back -= 1 }
            if front >= back { return front }
            (values[front], values[back - 1]) = (values[back - 1], values[front])
        }
    }
}
