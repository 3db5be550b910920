import SwarmCore

// `apply` and `applyAsync`: one call on one worker.

extension Pool {
    /// Runs `function(input)` on a worker and waits for the result (Python's `apply`).
    ///
    /// ```swift
    /// try pool.apply(Square(), 10)  // 100
    /// ```
    ///
    /// On a process pool with an idle worker and nothing queued, the calling
    /// thread talks to the worker itself (no hand-off to the pool's threads),
    /// which roughly halves the round trip; crash reports, time limits and
    /// replacement of a dead worker work the same on both paths.
    ///
    /// - Returns: the function's result.
    /// - Throws: the function's own error (the same type, on processes too when
    ///   it is `Codable`), or ``PoolError`` (pool not running, arguments not
    ///   encodable, worker crashed, time limit exceeded).
    @inlinable
    @available(*, noasync, message: "use the async form of apply from async code")
    public func apply<F: PoolFunction>(_ function: F, _ input: F.Input) throws -> F.Output {
        if _usesProcesses {
            // Latency path: an idle worker answers the calling thread directly.
            try _checkRunning()
            let payload: [UInt8]
            let typeName: String
            do {
                typeName = try F.remoteTypeName()
                payload = try ChunkCall(function: function, inputs: [input]).encoded()
            } catch {
                throw PoolError(.encoding, "the call to \(F.self) could not be encoded for a worker process: \(error)")
            }
            if let answer = _callDirect(typeName: typeName, payload: payload) {
                let outputs = try Pool._decodeReply(answer, as: [F.Output].self)
                guard outputs.count == 1 else {
                    throw PoolError(.encoding, "a worker returned \(outputs.count) results for one call")
                }
                return outputs[0]
            }
        }
        return try applyAsync(function, input).get()
    }

    /// Runs `function(input)` on a worker without blocking a thread.
    ///
    /// - Throws: as ``apply(_:_:)-(F,F.Input)``, or `CancellationError`.
    @inlinable
    public func apply<F: PoolFunction>(_ function: F, _ input: F.Input) async throws -> F.Output {
        try await applyAsync(function, input).value
    }

    /// Starts `function(input)` on a worker and returns at once (Python's `apply_async`).
    ///
    /// - Parameters:
    ///   - onSuccess: called once with the result, on the pool thread that received it.
    ///   - onError: called once with the error instead, on that thread.
    /// - Returns: the pending result.
    /// - Throws: ``PoolError`` now if the pool is not running or the call cannot
    ///   be encoded for a worker process; errors of the call itself come from the result.
    @inlinable
    public func applyAsync<F: PoolFunction>(
        _ function: F, _ input: F.Input,
        onSuccess: (@Sendable (F.Output) -> Void)? = nil, onError: (@Sendable (any Error) -> Void)? = nil
    ) throws(PoolError) -> AsyncResult<F.Output> {
        try _checkRunning()
        let result = AsyncResult<F.Output>(onSuccess: onSuccess, onError: onError)
        // One call is a chunk of one, built directly: this is the latency path.
        guard _usesProcesses else {
            try _submit(PoolJob(local: { stop in
                result.complete(stop.map { .failure($0) } ?? Result { try function(input) })
            }))
            return result
        }
        let typeName: String
        let payload: [UInt8]
        do {
            typeName = try F.remoteTypeName()
            payload = try ChunkCall(function: function, inputs: [input]).encoded()
        } catch {
            throw PoolError(.encoding, "the call to \(F.self) could not be encoded for a worker process: \(error)")
        }
        let remote = RemoteJob(typeName: typeName, payload: payload) { answer in
            result.complete(Result {
                let outputs = try Pool._decodeReply(answer, as: [F.Output].self)
                guard outputs.count == 1 else {
                    throw PoolError(.encoding, "a worker returned \(outputs.count) results for one call")
                }
                return outputs[0]
            })
        }
        try _submit(PoolJob(remote: remote))
        return result
    }

    /// Runs a closure with arguments on a pool thread and waits (thread backend only).
    ///
    /// ```swift
    /// func power(_ b: Int, _ e: Int) -> Int { … }
    /// try pool.apply(power, 2, 10)  // 1024
    /// ```
    ///
    /// - Throws: the closure's error, or ``PoolError`` (``PoolError/Code/notSerializable``
    ///   on a process pool: closures cannot cross into another process).
    @inlinable
    @available(*, noasync, message: "use the async form of apply from async code")
    public func apply<each A: Sendable, R: Sendable>(
        _ function: @escaping @Sendable (repeat each A) throws -> R, _ arguments: repeat each A
    ) throws -> R {
        try applyAsync(function, repeat each arguments).get()
    }

    /// Runs a closure with arguments on a pool thread without blocking (thread backend only).
    ///
    /// - Throws: as ``apply(_:_:)-(F,F.Input)``.
    @inlinable
    public func apply<each A: Sendable, R: Sendable>(
        _ function: @escaping @Sendable (repeat each A) throws -> R, _ arguments: repeat each A
    ) async throws -> R {
        try await applyAsync(function, repeat each arguments).value
    }

    /// Starts a closure with arguments on a pool thread (thread backend only).
    ///
    /// - Throws: ``PoolError`` now if the pool is not running or is a process pool.
    @inlinable
    public func applyAsync<each A: Sendable, R: Sendable>(
        _ function: @escaping @Sendable (repeat each A) throws -> R, _ arguments: repeat each A,
        onSuccess: (@Sendable (R) -> Void)? = nil, onError: (@Sendable (any Error) -> Void)? = nil
    ) throws(PoolError) -> AsyncResult<R> {
        try _checkRunning()
        let result = AsyncResult<R>(onSuccess: onSuccess, onError: onError)
        let packed = (repeat each arguments)
        guard !_usesProcesses else { throw Pool._closureOnProcesses }
        try _submit(PoolJob(local: { stop in
            result.complete(stop.map { .failure($0) } ?? Result { try function(repeat each packed) })
        }))
        return result
    }
}
