// `imap` and `imapUnordered`: results as they arrive, as an iterator.

extension Pool {
    /// Applies `function` to every input and hands the results out as they
    /// arrive, in input order (Python's `imap`; default chunk size 1, as Python's).
    ///
    /// - Parameters:
    ///   - chunksize: inputs per job, at least 1.
    ///   - progress: called with (items done, items in all) as chunks finish.
    /// - Returns: an iterator, usable blocking (``PoolIterator/next(timeout:)``) or as an `AsyncSequence`.
    /// - Throws: ``PoolError`` now if the pool is not running, the chunk size is
    ///   below 1, or the call cannot be encoded; errors of the calls come from the iterator.
    @inlinable
    public func imap<F: PoolFunction>(
        _ function: F, _ inputs: some Sequence<F.Input>, chunksize: Int = 1,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws(PoolError) -> PoolIterator<F.Output> {
        try _imap(function, Array(inputs), generatorError: nil, chunksize: chunksize, ordered: true, progress: progress)
    }

    /// Like ``imap(_:_:chunksize:progress:)-(F,_,_,_)``, but hands results out in
    /// the order they finish (Python's `imap_unordered`).
    ///
    /// - Throws: as `imap`.
    @inlinable
    public func imapUnordered<F: PoolFunction>(
        _ function: F, _ inputs: some Sequence<F.Input>, chunksize: Int = 1,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws(PoolError) -> PoolIterator<F.Output> {
        try _imap(function, Array(inputs), generatorError: nil, chunksize: chunksize, ordered: false, progress: progress)
    }

    /// `imap` over the values of a throwing generator (Python's `imap` over a
    /// generator that may raise). The values are drawn now, in the caller; if
    /// the generator throws, the iterator yields the results of the chunks that
    /// were complete before the failure, then throws the generator's error
    /// (an incomplete chunk is dropped, as in Python).
    ///
    /// - Throws: ``PoolError`` now, as `imap`.
    @inlinable
    public func imap<F: PoolFunction>(
        _ function: F, generator: () throws -> F.Input?, chunksize: Int = 1, ordered: Bool = true
    ) throws(PoolError) -> PoolIterator<F.Output> {
        guard chunksize >= 1 else { throw PoolError(.invalidChunksize, "Chunksize must be 1+, not \(chunksize)") }
        var items: [F.Input] = []
        var failure: (any Error)?
        do {
            while let item = try generator() { items.append(item) }
        } catch {
            failure = error
            items.removeLast(items.count % chunksize)  // the broken chunk is dropped whole
        }
        return try _imap(function, items, generatorError: failure, chunksize: chunksize, ordered: ordered, progress: nil)
    }

    /// A closure `imap` on the pool's threads (thread backend only).
    ///
    /// - Throws: ``PoolError`` now if the pool is not running or is a process pool.
    @inlinable
    public func imap<T: Sendable, R: Sendable>(
        _ function: @escaping @Sendable (T) throws -> R, _ inputs: some Sequence<T>, chunksize: Int = 1,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws(PoolError) -> PoolIterator<R> {
        try _imapClosure(function, Array(inputs), chunksize: chunksize, ordered: true, progress: progress)
    }

    /// A closure `imapUnordered` on the pool's threads (thread backend only).
    ///
    /// - Throws: ``PoolError`` now if the pool is not running or is a process pool.
    @inlinable
    public func imapUnordered<T: Sendable, R: Sendable>(
        _ function: @escaping @Sendable (T) throws -> R, _ inputs: some Sequence<T>, chunksize: Int = 1,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws(PoolError) -> PoolIterator<R> {
        try _imapClosure(function, Array(inputs), chunksize: chunksize, ordered: false, progress: progress)
    }

    @inlinable
    func _imap<F: PoolFunction>(
        _ function: F, _ items: [F.Input], generatorError: (any Error)?, chunksize: Int, ordered: Bool,
        progress: (@Sendable (Int, Int) -> Void)?
    ) throws(PoolError) -> PoolIterator<F.Output> {
        try _checkRunning()
        guard chunksize >= 1 else { throw PoolError(.invalidChunksize, "Chunksize must be 1+, not \(chunksize)") }
        let chunks = (items.count + chunksize - 1) / chunksize
        let iterator = PoolIterator<F.Output>(chunks: chunks + (generatorError == nil ? 0 : 1), total: items.count,
                                              ordered: ordered, progress: progress)
        let jobs = try _functionJobs(
            function, items, chunksize: chunksize,
            local: { chunk, range in
                iterator.deliver(chunk, range, Result { try items[range].map { try function($0) } })
            },
            deliver: { chunk, range, outcome in iterator.deliver(chunk, range, outcome) })
        try _submit(jobs)
        if let generatorError { iterator.finish(throwing: generatorError, afterChunks: chunks) }
        return iterator
    }

    @inlinable
    func _imapClosure<T: Sendable, R: Sendable>(
        _ function: @escaping @Sendable (T) throws -> R, _ items: [T], chunksize: Int, ordered: Bool,
        progress: (@Sendable (Int, Int) -> Void)?
    ) throws(PoolError) -> PoolIterator<R> {
        try _checkRunning()
        guard chunksize >= 1 else { throw PoolError(.invalidChunksize, "Chunksize must be 1+, not \(chunksize)") }
        let chunks = (items.count + chunksize - 1) / chunksize
        let iterator = PoolIterator<R>(chunks: chunks, total: items.count, ordered: ordered, progress: progress)
        let jobs = try _closureJobs(
            count: items.count, chunksize: chunksize,
            local: { chunk, range in
                iterator.deliver(chunk, range, Result { try items[range].map { try function($0) } })
            },
            fail: { chunk, range, error in iterator.deliver(chunk, range, .failure(error)) })
        try _submit(jobs)
        return iterator
    }
}
