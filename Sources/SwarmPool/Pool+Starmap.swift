// `starmap` and `starmapAsync`: like map, with each input a tuple of arguments.

extension Pool {
    /// Calls `function` with each tuple of arguments, in parallel; results in
    /// input order (Python's `starmap`). Tuples of any arity work.
    ///
    /// ```swift
    /// try pool.starmap(Power(), [(2, 3), (3, 2), (4, 2)])  // [8, 9, 16]
    /// ```
    ///
    /// - Throws: as ``map(_:_:chunksize:progress:)-(F,_,_,_)``.
    @inlinable
    @available(*, noasync, message: "use the async form of starmap from async code")
    public func starmap<F: PoolFunction, each A>(
        _ function: F, _ arguments: [(repeat each A)], chunksize: Int? = nil
    ) throws -> [F.Output] where F.Input == Arguments<repeat each A> {
        try starmapAsync(function, arguments, chunksize: chunksize).get()
    }

    /// The async form of `starmap`.
    ///
    /// - Throws: as the blocking form, or `CancellationError`.
    @inlinable
    public func starmap<F: PoolFunction, each A>(
        _ function: F, _ arguments: [(repeat each A)], chunksize: Int? = nil
    ) async throws -> [F.Output] where F.Input == Arguments<repeat each A> {
        try await starmapAsync(function, arguments, chunksize: chunksize).value
    }

    /// Starts a `starmap` and returns at once (Python's `starmap_async`).
    ///
    /// - Throws: ``PoolError`` now, as ``mapAsync(_:_:chunksize:progress:onSuccess:onError:)-(F,_,_,_,_,_)``.
    @inlinable
    public func starmapAsync<F: PoolFunction, each A>(
        _ function: F, _ arguments: [(repeat each A)], chunksize: Int? = nil,
        onSuccess: (@Sendable ([F.Output]) -> Void)? = nil, onError: (@Sendable (any Error) -> Void)? = nil
    ) throws(PoolError) -> AsyncResult<[F.Output]> where F.Input == Arguments<repeat each A> {
        let packed = arguments.map { tuple in Arguments(repeat each tuple) }
        return try mapAsync(function, packed, chunksize: chunksize, onSuccess: onSuccess, onError: onError)
    }

    /// Calls a closure with each tuple of arguments on the pool's threads
    /// (thread backend only).
    ///
    /// ```swift
    /// func power(_ b: Int, _ e: Int) -> Int { … }
    /// try pool.starmap(power, [(2, 3), (3, 2), (4, 2)])  // [8, 9, 16]
    /// ```
    ///
    /// - Throws: as the closure `map`.
    @inlinable
    @available(*, noasync, message: "use the async form of starmap from async code")
    public func starmap<each A: Sendable, R: Sendable>(
        _ function: @escaping @Sendable (repeat each A) throws -> R, _ arguments: [(repeat each A)],
        chunksize: Int? = nil
    ) throws -> [R] {
        try starmapAsync(function, arguments, chunksize: chunksize).get()
    }

    /// The async form of the closure `starmap`.
    ///
    /// - Throws: as the blocking form, or `CancellationError`.
    @inlinable
    public func starmap<each A: Sendable, R: Sendable>(
        _ function: @escaping @Sendable (repeat each A) throws -> R, _ arguments: [(repeat each A)],
        chunksize: Int? = nil
    ) async throws -> [R] {
        try await starmapAsync(function, arguments, chunksize: chunksize).value
    }

    /// Starts a closure `starmap` and returns at once (thread backend only).
    ///
    /// - Throws: ``PoolError`` now if the pool is not running or is a process pool.
    @inlinable
    public func starmapAsync<each A: Sendable, R: Sendable>(
        _ function: @escaping @Sendable (repeat each A) throws -> R, _ arguments: [(repeat each A)],
        chunksize: Int? = nil,
        onSuccess: (@Sendable ([R]) -> Void)? = nil, onError: (@Sendable (any Error) -> Void)? = nil
    ) throws(PoolError) -> AsyncResult<[R]> {
        try mapAsync({ (tuple: (repeat each A)) in try function(repeat each tuple) }, arguments,
                     chunksize: chunksize, onSuccess: onSuccess, onError: onError)
    }
}
