import SwarmCore
import Synchronization

// Turning calls into jobs: the one place that knows how a chunk runs on each
// backend. Everything here is `@inlinable` so that the per-item loops are
// specialized for the caller's types (generic code across a module boundary
// would otherwise run unspecialized, 10–100× slower).

extension Pool {
    /// The chunk size to use: the caller's (validated), or Python's default.
    @inlinable
    func _chunksize(_ requested: Int?, count: Int) throws(PoolError) -> Int {
        if let requested {
            guard requested >= 1 else { throw PoolError(.invalidChunksize, "Chunksize must be 1+, not \(requested)") }
            return requested
        }
        return max(1, Chunking.defaultChunksize(itemCount: count, workers: workerCount))
    }

    /// Jobs for a ``PoolFunction`` over `items`, on either backend.
    ///
    /// - Parameters:
    ///   - local: runs chunk `(index, range)` on a pool thread (thread backend).
    ///   - deliver: receives a chunk's outcome (process backend, and failures on both).
    @inlinable
    func _functionJobs<F: PoolFunction, C: RandomAccessCollection<F.Input> & Sendable>(
        _ function: F, _ items: C, chunksize: Int,
        local: @escaping @Sendable (Int, Range<Int>) -> Void,
        deliver: @escaping @Sendable (Int, Range<Int>, Result<[F.Output], any Error>) -> Void
    ) throws(PoolError) -> [PoolJob] {
        let ranges = Chunking.ranges(count: items.count, chunksize: chunksize)
        guard _usesProcesses else {
            return ranges.enumerated().map { chunk, range in
                PoolJob(local: { stop in
                    if let stop { deliver(chunk, range, .failure(stop)) } else { local(chunk, range) }
                })
            }
        }
        let typeName: String
        do { typeName = try F.remoteTypeName() } catch {
            throw PoolError(.encoding, "\(F.self) cannot be sent to a worker process: \(error.message)")
        }
        var jobs: [PoolJob] = []
        jobs.reserveCapacity(ranges.count)
        for (chunk, range) in ranges.enumerated() {
            let payload: [UInt8]
            do {
                payload = try ChunkCall(function: function, inputs: Array(items[items._slice(range)])).encoded()
            } catch {
                throw PoolError(.encoding, "the arguments for \(F.self) could not be encoded: \(error)")
            }
            let remote = RemoteJob(typeName: typeName, payload: payload) { answer in
                deliver(chunk, range, Result { try Pool._decodeReply(answer, as: [F.Output].self) })
            }
            jobs.append(PoolJob(remote: remote))
        }
        return jobs
    }

    /// Runs `chunks` chunks on the pool's threads *and* the calling thread: a
    /// few pool jobs and the caller each claim the next chunk from a shared
    /// counter until none is left (the fork-join loop of a parallel `for`).
    /// The caller does not sit idle, and no chunk waits for a sleeping thread
    /// to wake. `fail` receives the chunks that a terminated pool never ran.
    ///
    /// - Throws: ``PoolError/Code/notRunning`` if the pool stopped.
    @inlinable
    func _forkJoin(
        chunks: Int,
        run: @escaping @Sendable (Int) -> Void,
        fail: @escaping @Sendable (Int, PoolError) -> Void
    ) throws(PoolError) {
        let claims = ChunkClaims(count: chunks)
        // The caller is one of the `workerCount` threads: the pool's
        // parallelism stays what was asked for.
        let helpers = Swift.min(workerCount - 1, chunks - 1)
        if helpers > 0 {
            let callerCPU = SpinWait.currentCPU
            let job = PoolJob(local: { stop in
                // A helper on the caller's core would only take turns with it.
                if stop == nil && SpinWait.currentCPU == callerCPU { SpinWait.moveOffCurrentCPU() }
                while let chunk = claims.next() {
                    if let stop { fail(chunk, stop) } else { run(chunk) }
                }
            })
            try _submit(Array(repeating: job, count: helpers))
        }
        while let chunk = claims.next() {
            if _isTerminated {
                fail(chunk, PoolError(.terminated, "the pool was terminated before the task ran"))
            } else {
                run(chunk)
            }
        }
    }

    /// A blocking thread `map` as a fork-join: chunk `k` of `inputs` (chunks of
    /// `size`) is transformed into `gather`'s buffer by whichever thread claims
    /// it; returns when every chunk is in, or throws the first chunk's error.
    ///
    /// Generic over the transform's type rather than taking a closure, so that
    /// a `PoolFunction`'s call is inlined into the loop.
    @inlinable
    func _forkJoinMap<C: RandomAccessCollection & Sendable, T: _LocalTransform>(
        _ inputs: C, size: Int, chunks: Int, into gather: GatherCollector<T.Output>, _ transform: T
    ) throws where T.Input == C.Element {
        let count = inputs.count
        try _forkJoin(
            chunks: chunks,
            run: { chunk in
                let range = chunk * size..<Swift.min(count, (chunk + 1) * size)
                gather.runLocal(chunk, range, over: inputs[inputs._slice(range)]) { try transform.apply($0) }
            },
            fail: { chunk, error in
                gather.deliver(chunk, chunk * size..<Swift.min(count, (chunk + 1) * size), .failure(error))
            })
        try gather.waitForAll()
    }

    /// Jobs for a closure over `count` items: thread backend only.
    @inlinable
    func _closureJobs(
        count: Int, chunksize: Int,
        local: @escaping @Sendable (Int, Range<Int>) -> Void,
        fail: @escaping @Sendable (Int, Range<Int>, PoolError) -> Void
    ) throws(PoolError) -> [PoolJob] {
        guard !_usesProcesses else { throw Pool._closureOnProcesses }
        return Chunking.ranges(count: count, chunksize: chunksize).enumerated().map { chunk, range in
            PoolJob(local: { stop in
                if let stop { fail(chunk, range, stop) } else { local(chunk, range) }
            })
        }
    }

    /// Decodes a worker's reply, or turns its failure report back into an error:
    /// the original error value when its type is `Codable`, else a ``PoolError``.
    @usableFromInline
    static func _decodeReply<T: Decodable>(_ answer: RemoteAnswer, as type: T.Type) throws -> T {
        switch answer {
        case .reply(let reply):
            do {
                return try BinaryDecoder().decode(T.self, from: reply.bytes, startingAt: reply.offset)
            } catch {
                throw PoolError(.encoding, "a worker's result could not be decoded as \(T.self): \(error)")
            }
        case .failure(let failure):
            throw _remoteError(failure)
        case .error(let error):
            throw error
        }
    }

    /// The error for a closure given to a process pool.
    @usableFromInline
    static let _closureOnProcesses = PoolError(
        .notSerializable, "a closure cannot cross into a worker process; pass a PoolFunction value, or use Pool(threads:)")

    /// The caller-side error for a failure a worker reported.
    @usableFromInline
    static func _remoteError(_ failure: RemoteFailure) -> any Error {
        switch failure.kind {
        case .thrown:
            if let original = failure.reconstructed() { return original }
            return PoolError(.remote, "worker (pid \(failure.pid)) threw \(failure.readableTypeName): \(failure.description)",
                             pid: failure.pid, remote: failure)
        case .encoding:
            return PoolError(.encoding, "worker (pid \(failure.pid)) could not encode the result: \(failure.description)",
                             pid: failure.pid, remote: failure)
        case .decoding:
            return PoolError(.encoding, "worker (pid \(failure.pid)) could not decode the arguments: \(failure.description)",
                             pid: failure.pid, remote: failure)
        case .unknownFunction:
            return PoolError(.encoding, "worker (pid \(failure.pid)) could not find the function type: \(failure.description)",
                             pid: failure.pid, remote: failure)
        }
    }
}

/// The next unclaimed chunk of a fork-join loop, handed out once each.
@usableFromInline
final class ChunkClaims: Sendable {
    @usableFromInline let count: Int
    @usableFromInline let nextChunk = Atomic<Int>(0)

    @inlinable
    init(count: Int) { self.count = count }

    /// Claims the next chunk, or nil when all are claimed.
    @inlinable
    func next() -> Int? {
        let chunk = nextChunk.add(1, ordering: .relaxed).oldValue
        return chunk < count ? chunk : nil
    }
}

/// A function a thread `map` applies locally: a `PoolFunction` value or a closure.
@usableFromInline
protocol _LocalTransform: Sendable {
    associatedtype Input
    associatedtype Output: Sendable
    func apply(_ input: Input) throws -> Output
}

@usableFromInline
struct FunctionTransform<F: PoolFunction>: _LocalTransform {
    @usableFromInline let function: F
    @inlinable init(_ function: F) { self.function = function }
    @inlinable func apply(_ input: F.Input) throws -> F.Output { try function(input) }
}

@usableFromInline
struct ClosureTransform<T: Sendable, R: Sendable>: _LocalTransform {
    @usableFromInline let function: @Sendable (T) throws -> R
    @inlinable init(_ function: @escaping @Sendable (T) throws -> R) { self.function = function }
    @inlinable func apply(_ input: T) throws -> R { try function(input) }
}

extension RandomAccessCollection {
    /// The indices of the elements at offsets `range` from the start.
    @inlinable
    func _slice(_ range: Range<Int>) -> Range<Index> {
        let lower = index(startIndex, offsetBy: range.lowerBound)
        return lower..<index(lower, offsetBy: range.count)
    }
}
