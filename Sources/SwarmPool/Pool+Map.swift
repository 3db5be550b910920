// `map` and `mapAsync`: one function over many inputs, results in input order.

extension Pool {
    /// Applies `function` to every input in parallel and returns the results in
    /// input order (Python's `map`).
    ///
    /// The inputs are cut into chunks of `chunksize` (default: about four chunks
    /// per worker, as Python does); each chunk is one job. Like Python's, `map`
    /// does not fail fast: it waits for every chunk, then throws the error of the
    /// first chunk that failed.
    ///
    /// - Parameters:
    ///   - function: the function value; it and the inputs are sent to worker processes.
    ///   - inputs: the arguments.
    ///   - chunksize: inputs per job, at least 1; nil for the automatic choice.
    ///   - progress: called with (items done, items in all) as chunks finish, on pool threads.
    /// - Returns: `inputs.map(function)`, computed in parallel.
    /// - Throws: a chunk's error, or ``PoolError``.
    /// - Complexity: O(n) work spread over the workers, plus one job per chunk.
    @inlinable
    @available(*, noasync, message: "use the async form of map from async code")
    public func map<F: PoolFunction>(
        _ function: F, _ inputs: some Sequence<F.Input>, chunksize: Int? = nil,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws -> [F.Output] {
        try map(function, Array(inputs), chunksize: chunksize, progress: progress)
    }

    /// `map` over a random-access collection (an array, a range): the inputs are
    /// read where they lie and the results written straight into the returned
    /// array, with no intermediate copy.
    ///
    /// - Throws: as the `Sequence` form.
    @inlinable
    @available(*, noasync, message: "use the async form of map from async code")
    public func map<F: PoolFunction, C: RandomAccessCollection<F.Input> & Sendable>(
        _ function: F, _ inputs: C, chunksize: Int? = nil,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws -> [F.Output] {
        try _checkRunning()
        let count = inputs.count
        let pythonSize = try _chunksize(chunksize, count: count)
        guard count > 0 else { return [] }
        // Threads claim chunks from a shared counter: finer chunks (four times
        // Python's) keep every core busy to the end even when one thread is
        // preempted mid-chunk. Results are the same.
        let size = chunksize == nil && _callerMayHelp ? Swift.max(1, (pythonSize + 3) / 4) : pythonSize
        let chunks = (count + size - 1) / size
        return try [F.Output](unsafeUninitializedCapacity: count) { buffer, initialized in
            let gather = GatherCollector<F.Output>(lending: buffer.baseAddress!, count: count,
                                                   chunks: chunks, progress: progress)
            if _callerMayHelp {
                try _forkJoinMap(inputs, size: size, chunks: chunks, into: gather, FunctionTransform(function))
                initialized = count
                return
            }
            let jobs = try _functionJobs(
                function, inputs, chunksize: size,
                local: { chunk, range in
                    gather.runLocal(chunk, range, over: inputs[inputs._slice(range)]) { try function($0) }
                },
                deliver: { chunk, range, outcome in gather.deliver(chunk, range, outcome) })
            try _submit(jobs)
            try gather.waitForAll()
            initialized = count
        }
    }

    /// The async form of ``map(_:_:chunksize:progress:)-(F,_,_,_)``.
    ///
    /// - Throws: as the blocking `map`, or `CancellationError`.
    @inlinable
    public func map<F: PoolFunction>(
        _ function: F, _ inputs: some Sequence<F.Input>, chunksize: Int? = nil,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) async throws -> [F.Output] {
        try await mapAsync(function, inputs, chunksize: chunksize, progress: progress).value
    }

    /// Starts a `map` and returns at once (Python's `map_async`).
    ///
    /// `onSuccess` receives the whole result array, once; `onError` the first
    /// failing chunk's error, once, after every chunk has finished.
    ///
    /// - Throws: ``PoolError`` now if the pool is not running, the chunk size is
    ///   below 1, or the call cannot be encoded for worker processes.
    @inlinable
    public func mapAsync<F: PoolFunction>(
        _ function: F, _ inputs: some Sequence<F.Input>, chunksize: Int? = nil,
        progress: (@Sendable (Int, Int) -> Void)? = nil,
        onSuccess: (@Sendable ([F.Output]) -> Void)? = nil, onError: (@Sendable (any Error) -> Void)? = nil
    ) throws(PoolError) -> AsyncResult<[F.Output]> {
        try _checkRunning()
        let items = Array(inputs)
        let size = try _chunksize(chunksize, count: items.count)
        let result = AsyncResult<[F.Output]>(onSuccess: onSuccess, onError: onError)
        let chunks = (items.count + size - 1) / size
        let gather = GatherCollector<F.Output>(count: items.count, chunks: chunks, result: result, progress: progress)
        let jobs = try _functionJobs(
            function, items, chunksize: size,
            local: { chunk, range in gather.runLocal(chunk, range, over: items[range]) { try function($0) } },
            deliver: { chunk, range, outcome in gather.deliver(chunk, range, outcome) })
        try _submit(jobs)
        return result
    }

    /// Applies a closure to every input on the pool's threads (thread backend only).
    ///
    /// ```swift
    /// let squares = try pool.map({ $0 * $0 }, 0..<1_000_000)
    /// ```
    ///
    /// - Throws: a chunk's error, or ``PoolError`` (``PoolError/Code/notSerializable`` on a process pool).
    @inlinable
    @available(*, noasync, message: "use the async form of map from async code")
    public func map<T: Sendable, R: Sendable>(
        _ function: @escaping @Sendable (T) throws -> R, _ inputs: some Sequence<T>, chunksize: Int? = nil,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws -> [R] {
        try map(function, Array(inputs), chunksize: chunksize, progress: progress)
    }

    /// The closure `map` over a random-access collection, written straight into
    /// the returned array.
    ///
    /// - Throws: as the `Sequence` form.
    @inlinable
    @available(*, noasync, message: "use the async form of map from async code")
    public func map<T: Sendable, R: Sendable, C: RandomAccessCollection<T> & Sendable>(
        _ function: @escaping @Sendable (T) throws -> R, _ inputs: C, chunksize: Int? = nil,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws -> [R] {
        try _checkRunning()
        let count = inputs.count
        let pythonSize = try _chunksize(chunksize, count: count)
        guard count > 0 else { return [] }
        // Threads claim chunks from a shared counter: finer chunks (four times
        // Python's) keep every core busy to the end even when one thread is
        // preempted mid-chunk. Results are the same.
        let size = chunksize == nil && _callerMayHelp ? Swift.max(1, (pythonSize + 3) / 4) : pythonSize
        let chunks = (count + size - 1) / size
        return try [R](unsafeUninitializedCapacity: count) { buffer, initialized in
            let gather = GatherCollector<R>(lending: buffer.baseAddress!, count: count,
                                            chunks: chunks, progress: progress)
            if _callerMayHelp {
                try _forkJoinMap(inputs, size: size, chunks: chunks, into: gather, ClosureTransform(function))
                initialized = count
                return
            }
            let jobs = try _closureJobs(
                count: count, chunksize: size,
                local: { chunk, range in
                    gather.runLocal(chunk, range, over: inputs[inputs._slice(range)]) { try function($0) }
                },
                fail: { chunk, range, error in gather.deliver(chunk, range, .failure(error)) })
            try _submit(jobs)
            try gather.waitForAll()
            initialized = count
        }
    }

    /// The async form of the closure `map`.
    ///
    /// - Throws: as the blocking form, or `CancellationError`.
    @inlinable
    public func map<T: Sendable, R: Sendable>(
        _ function: @escaping @Sendable (T) throws -> R, _ inputs: some Sequence<T>, chunksize: Int? = nil,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) async throws -> [R] {
        try await mapAsync(function, inputs, chunksize: chunksize, progress: progress).value
    }

    /// Starts a closure `map` and returns at once (thread backend only).
    ///
    /// - Throws: ``PoolError`` now if the pool is not running or is a process pool.
    @inlinable
    public func mapAsync<T: Sendable, R: Sendable>(
        _ function: @escaping @Sendable (T) throws -> R, _ inputs: some Sequence<T>, chunksize: Int? = nil,
        progress: (@Sendable (Int, Int) -> Void)? = nil,
        onSuccess: (@Sendable ([R]) -> Void)? = nil, onError: (@Sendable (any Error) -> Void)? = nil
    ) throws(PoolError) -> AsyncResult<[R]> {
        try _checkRunning()
        let items = Array(inputs)
        let size = try _chunksize(chunksize, count: items.count)
        let result = AsyncResult<[R]>(onSuccess: onSuccess, onError: onError)
        let chunks = (items.count + size - 1) / size
        let gather = GatherCollector<R>(count: items.count, chunks: chunks, result: result, progress: progress)
        let jobs = try _closureJobs(
            count: items.count, chunksize: size,
            local: { chunk, range in gather.runLocal(chunk, range, over: items[range]) { try function($0) } },
            fail: { chunk, range, error in gather.deliver(chunk, range, .failure(error)) })
        try _submit(jobs)
        return result
    }

    /// Maps over the values a throwing generator produces, until it returns nil
    /// (Python's `map` over a generator that may raise).
    ///
    /// If the generator throws, `map` throws that same error (after the chunks
    /// already started have run), and the pool stays usable.
    ///
    /// - Throws: the generator's error, a chunk's error, or ``PoolError``.
    @inlinable
    @available(*, noasync, message: "use the async forms of map from async code")
    public func map<F: PoolFunction>(
        _ function: F, generator: () throws -> F.Input?, chunksize: Int? = nil
    ) throws -> [F.Output] {
        var items: [F.Input] = []
        while let item = try generator() { items.append(item) }
        return try map(function, items, chunksize: chunksize)
    }
}
