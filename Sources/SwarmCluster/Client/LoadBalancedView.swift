import SwarmCore
import SwarmPool

/// Sends each task to the least-loaded engine that can hold it (IPython's
/// `LoadBalancedView`), with priorities, retries, time limits, dependencies
/// and resource needs from ``TaskOptions``.
///
/// Functions are SwarmPool's ``PoolFunction`` values: code written for a
/// `Pool` runs here unchanged.
public struct LoadBalancedView: Sendable {
    let controller: any ControllerLink
    /// The options of every task, unless a call gives its own.
    public var options: TaskOptions

    /// Runs `function(input)` on some engine and waits for the result.
    ///
    /// - Throws: the function's own error, or a ``ClusterError``.
    public func apply<F: PoolFunction>(_ function: F, _ input: F.Input, options: TaskOptions? = nil) throws -> F.Output {
        try applyAsync(function, input, options: options).get()
    }

    /// Submits `function(input)` and returns at once.
    ///
    /// - Throws: ``ClusterError`` `.encoding` if the function or input cannot be encoded.
    public func applyAsync<F: PoolFunction>(_ function: F, _ input: F.Input, options: TaskOptions? = nil) throws
        -> ClusterResult<F.Output>
    {
        let result = ClusterResult<F.Output>(
            parts: 1, controller: controller,
            decodePart: { try BinaryDecoder().decode([F.Output].self, from: $0.bytes, startingAt: $0.offset) },
            combine: { pieces in
                guard let outputs = pieces[0] as? [F.Output], outputs.count == 1 else {
                    throw ClusterError(.encoding, "an engine answered a single call with \((pieces[0] as? [F.Output])?.count ?? -1) results")
                }
                return outputs[0]
            })
        let request = (options ?? self.options).request(
            typeName: try typeName(F.self), payload: try payload(function, [input]), engine: nil,
            completion: result.completion(0))
        result.setIDs([controller.submit(request)])
        return result
    }

    /// `function` over `inputs`, in order, `chunksize` inputs per task.
    ///
    /// - Throws: the first failing task's error, or a ``ClusterError``.
    public func map<F: PoolFunction>(_ function: F, _ inputs: [F.Input], chunksize: Int = 1,
                                     options: TaskOptions? = nil) throws -> [F.Output] {
        try mapAsync(function, inputs, chunksize: chunksize, options: options).get()
    }

    /// Submits `function` over `inputs` as tasks of `chunksize` inputs and returns at once.
    ///
    /// - Throws: ``ClusterError`` `.invalidArgument` for a chunk size below 1,
    ///   `.encoding` if something cannot be encoded.
    public func mapAsync<F: PoolFunction>(_ function: F, _ inputs: [F.Input], chunksize: Int = 1,
                                          options: TaskOptions? = nil) throws -> ClusterResult<[F.Output]> {
        guard chunksize >= 1 else {
            throw ClusterError(.invalidArgument, "chunksize must be at least 1, got \(chunksize)")
        }
        let starts = Array(stride(from: 0, to: inputs.count, by: chunksize))
        let result = ClusterResult<[F.Output]>(
            parts: starts.count, controller: controller,
            decodePart: { try BinaryDecoder().decode([F.Output].self, from: $0.bytes, startingAt: $0.offset) },
            combine: { pieces in
                var all: [F.Output] = []
                all.reserveCapacity(inputs.count)
                for piece in pieces { all.append(contentsOf: piece as! [F.Output]) }
                return all
            })
        let name = try typeName(F.self)
        let chosen = options ?? self.options
        var requests: [TaskRequest] = []
        requests.reserveCapacity(starts.count)
        for (index, start) in starts.enumerated() {
            let chunk = Array(inputs[start..<min(start + chunksize, inputs.count)])
            requests.append(chosen.request(typeName: name, payload: try payload(function, chunk), engine: nil,
                                           completion: result.completion(index)))
        }
        result.setIDs(controller.submit(requests))
        return result
    }

    /// `function` over `inputs`, yielding results as they arrive: in input
    /// order, or (`ordered: false`) in the order tasks finish.
    ///
    /// - Throws: as ``mapAsync(_:_:chunksize:options:)``; the sequence's
    ///   `next()` throws a failed task's error.
    public func imap<F: PoolFunction>(_ function: F, _ inputs: [F.Input], chunksize: Int = 1, ordered: Bool = true,
                                      options: TaskOptions? = nil) throws -> ClusterResultSequence<F.Output> {
        ClusterResultSequence(result: try mapAsync(function, inputs, chunksize: chunksize, options: options),
                              ordered: ordered)
    }

    private func typeName<F: PoolFunction>(_: F.Type) throws -> String {
        do { return try F.remoteTypeName() } catch {
            throw ClusterError(.encoding, "\(F.self) has no name an engine can look up: \(error)")
        }
    }

    private func payload<F: PoolFunction>(_ function: F, _ inputs: [F.Input]) throws -> [UInt8] {
        do { return try ChunkCall(function: function, inputs: inputs).encoded() } catch {
            throw ClusterError(.encoding, "\(F.self) or its input could not be encoded: \(error)")
        }
    }
}

/// Results of a map as they arrive (``LoadBalancedView/imap(_:_:chunksize:ordered:options:)``).
///
/// `next()` blocks until the next result is in; it throws the error of a
/// failed task when iteration reaches it. Use it with `while let`:
///
/// ```swift
/// let results = try lview.imap(Square(), inputs, ordered: false)
/// while let y = try results.next() { print(y) }
/// ```
public final class ClusterResultSequence<Element: Sendable>: @unchecked Sendable {
    // @unchecked: the iteration state is meant for one consuming thread, like an iterator.
    /// The underlying result (progress, metadata, cancel).
    public let result: ClusterResult<[Element]>
    private let ordered: Bool
    private var partsTaken = 0
    private var buffer: [Element] = []
    private var position = 0

    init(result: ClusterResult<[Element]>, ordered: Bool) {
        self.result = result
        self.ordered = ordered
    }

    /// The next result, nil at the end.
    ///
    /// - Throws: the error of the task that produced it.
    public func next() throws -> Element? {
        while position == buffer.count {
            let next: (index: Int, piece: any Sendable)?
            do {
                next = try result.nextPart(after: partsTaken, ordered: ordered)
            } catch {
                partsTaken += 1  // a failed task is reported once; iteration goes on after it
                throw error
            }
            guard let (_, piece) = next else { return nil }
            partsTaken += 1
            buffer = piece as! [Element]
            position = 0
        }
        defer { position += 1 }
        return buffer[position]
    }

    /// Every remaining result, in iteration order.
    ///
    /// - Throws: the first failed task's error.
    public func collect() throws -> [Element] {
        var all: [Element] = []
        while let x = try next() { all.append(x) }
        return all
    }
}
