#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Element buffers of 4 MiB and more: their own 2 MiB-aligned allocations,
/// marked for transparent huge pages (as NumPy marks its own), and a small
/// cache of recently freed ones.
///
/// Why the cache: a fresh buffer costs a page fault per 2 MiB and the
/// kernel zeroes every page before the kernel loop writes it, a third of
/// the time of `sqrt` on 10^7 doubles here. Loops of array expressions free
/// and allocate buffers of the same sizes over and over, so the last few
/// freed buffers are kept (most recent first) and handed out again. The
/// cache holds at most `SWARM_ARRAY_CACHE_MB` MiB (default: 1024, or 1/16
/// of memory if less; 0 turns it off: a gather of 10^8 doubles builds an
/// 800 MB result, and on a virtual machine that hands freed memory back to
/// its host every fresh page costs far more than its zeroing), and a buffer unused for 5 s is
/// returned to the system at the next allocation or release.
/// ``NDArrayMemory/releaseCache()`` empties it at once.
@usableFromInline
enum _LargeBlocks {
    struct Block {
        var address: UInt
        var bytes: Int
        var freedAt: UInt64
    }

    static let cache = Mutex<[Block]>([])

    static let limit: Int = {
        if let text = getenv("SWARM_ARRAY_CACHE_MB"), let mb = Int(String(cString: text)), mb >= 0 { return mb << 20 }
        let pages = Int(sysconf(Int32(_SC_PHYS_PAGES))), pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
        return Swift.min(1 << 30, Swift.max(pages, 0) * Swift.max(pageSize, 0) / 16)
    }()

    static let hugePage = 1 << 21
    static let maxAge: UInt64 = 5_000_000_000

    static func now() -> UInt64 {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
    }

    /// A buffer of at least `bytes` bytes and its actual size; nil when the
    /// system has no memory for it.
    @usableFromInline
    static func allocate(_ bytes: Int) -> (UnsafeMutableRawPointer, Int)? {
        let size = (bytes + hugePage - 1) / hugePage * hugePage
        let time = now()
        var stale: [Block] = []
        let reused: UInt? = cache.withLock { blocks in
            stale = expire(&blocks, time)
            // The most recently freed block of this size (or up to 1/4 larger).
            if let i = blocks.lastIndex(where: { $0.bytes >= size && $0.bytes <= size + size / 4 }) {
                let block = blocks.remove(at: i)
                return block.address
            }
            return nil
        }
        for block in stale { free(UnsafeMutableRawPointer(bitPattern: block.address)) }
        if let reused { return (UnsafeMutableRawPointer(bitPattern: reused)!, size) }
        var raw: UnsafeMutableRawPointer?
        guard posix_memalign(&raw, hugePage, size) == 0, let raw else { return nil }
        #if os(Linux)
        _ = madvise(raw, size, 14 /* MADV_HUGEPAGE */)
        #endif
        return (raw, size)
    }

    /// Takes back a buffer from ``allocate(_:)``: cached, or freed.
    @usableFromInline
    static func release(_ address: UInt, _ bytes: Int) {
        let time = now()
        var evicted: [Block] = []
        let kept = cache.withLock { blocks -> Bool in
            evicted = expire(&blocks, time)
            guard bytes <= limit else { return false }
            blocks.append(Block(address: address, bytes: bytes, freedAt: time))
            var total = blocks.reduce(0) { $0 + $1.bytes }
            while total > limit {
                let oldest = blocks.removeFirst()
                total -= oldest.bytes
                evicted.append(oldest)
            }
            return true
        }
        if !kept { free(UnsafeMutableRawPointer(bitPattern: address)) }
        for block in evicted { free(UnsafeMutableRawPointer(bitPattern: block.address)) }
    }

    /// Removes and returns the blocks older than `maxAge`.
    static func expire(_ blocks: inout [Block], _ time: UInt64) -> [Block] {
        guard let first = blocks.first, time &- first.freedAt > maxAge else { return [] }
        let old = blocks.filter { time &- $0.freedAt > maxAge }
        blocks.removeAll { time &- $0.freedAt > maxAge }
        return old
    }
}

/// SwarmArray's memory for large arrays.
///
/// Buffers of 4 MiB and more come from their own huge-page allocations;
/// the most recently freed ones are kept for reuse (up to
/// `SWARM_ARRAY_CACHE_MB` MiB, 1024 by default, each for at most 5 s), so
/// that loops of array expressions do not pay for fresh pages on every
/// iteration.
public enum NDArrayMemory {
    /// Bytes held in the cache of freed buffers.
    public static var cachedBytes: Int {
        _LargeBlocks.cache.withLock { $0.reduce(0) { $0 + $1.bytes } }
    }

    /// Returns every cached buffer to the system now.
    public static func releaseCache() {
        let blocks = _LargeBlocks.cache.withLock { blocks -> [_LargeBlocks.Block] in
            defer { blocks.removeAll() }
            return blocks
        }
        for block in blocks { free(UnsafeMutableRawPointer(bitPattern: block.address)) }
    }
}
