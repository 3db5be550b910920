/// How `map` and friends cut their input into chunks, one job per chunk.
public enum Chunking {
    /// Python's automatic chunk size for `map`: the input split into about four
    /// chunks per worker, `ceil(count / (4 × workers))`; 0 for an empty input.
    ///
    /// Four chunks per worker keeps the workers busy to the end when chunks
    /// take unequal time, while paying the per-chunk cost only a few times.
    public static func defaultChunksize(itemCount: Int, workers: Int) -> Int {
        let per = max(workers, 1) * 4
        return (itemCount + per - 1) / per
    }

    /// The index ranges of `count` items cut into chunks of `chunksize` (the last may be shorter).
    @inlinable
    public static func ranges(count: Int, chunksize: Int) -> [Range<Int>] {
        precondition(chunksize >= 1, "chunksize must be at least 1, not \(chunksize)")
        return stride(from: 0, to: count, by: chunksize).map { $0..<min($0 + chunksize, count) }
    }
}
