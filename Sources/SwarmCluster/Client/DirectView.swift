import Foundation
import Synchronization
import SwarmCore
import SwarmPool

/// Works on named engines, each task on each engine (IPython's `DirectView`):
/// run a function everywhere, keep state on the engines (``push(_:)``,
/// ``pull(_:as:)``, ``execute(_:)``), and split data across them
/// (``scatter(_:_:)``, ``gather(_:as:)``).
///
/// Every call has a blocking form and an `…Async` form returning a
/// ``ClusterResult`` whose value lists one answer per engine, in target order.
public struct DirectView: Sendable {
    let controller: any ControllerLink
    /// The engines this view works on; nil means every live engine at each call.
    public let targets: [Int]?
    /// The options of every task (priority, timeout, retries on the same engine).
    public var options: TaskOptions
    /// Whether large scatters and gathers may go by process memory on a
    /// local cluster (tests turn it off to check the socket path).
    var memoryTransfers = true

    init(controller: any ControllerLink, targets: [Int]?, options: TaskOptions) {
        self.controller = controller
        self.targets = targets
        self.options = options
    }

    /// The engines a call goes to now.
    public var engineIDs: [Int] { targets ?? controller.engineIDs }

    // MARK: Functions

    /// Runs `function(input)` on every engine of the view; one output per engine.
    ///
    /// - Throws: the first engine's error (by target order), or a ``ClusterError``.
    public func apply<F: PoolFunction>(_ function: F, _ input: F.Input) throws -> [F.Output] {
        try applyAsync(function, input).get()
    }

    /// Submits `function(input)` to every engine of the view and returns at once.
    public func applyAsync<F: PoolFunction>(_ function: F, _ input: F.Input) throws -> ClusterResult<[F.Output]> {
        let payload: [UInt8]
        do { payload = try ChunkCall(function: function, inputs: [input]).encoded() } catch {
            throw ClusterError(.encoding, "\(F.self) or its input could not be encoded: \(error)")
        }
        return try submit(typeName: try name(F.self), payloads: nil, shared: payload) { bytes in
            let outputs = try BinaryDecoder().decode([F.Output].self, from: bytes.bytes, startingAt: bytes.offset)
            guard outputs.count == 1 else { throw ClusterError(.encoding, "an engine sent \(outputs.count) results for one call") }
            return outputs[0]
        }
    }

    /// Runs `function` on every engine against that engine's namespace.
    ///
    /// - Throws: the first engine's error, or a ``ClusterError``.
    public func execute<F: EngineFunction>(_ function: F) throws -> [F.Output] {
        try executeAsync(function).get()
    }

    /// Submits `function` to every engine and returns at once.
    public func executeAsync<F: EngineFunction>(_ function: F) throws -> ClusterResult<[F.Output]> {
        let payload: [UInt8]
        do { payload = try BinaryEncoder().encode(function) } catch {
            throw ClusterError(.encoding, "\(F.self) could not be encoded: \(error)")
        }
        return try submit(typeName: try name(F.self), payloads: nil, shared: payload) { bytes in
            try BinaryDecoder().decode(F.Output.self, from: bytes.bytes, startingAt: bytes.offset)
        }
    }

    // MARK: Namespace

    /// Defines `name` as `value` on every engine of the view.
    public func push<T: Codable & Sendable>(_ name: String, _ value: T) throws {
        _ = try pushAsync([name: value]).get()
    }

    /// Defines every name of `values` on every engine of the view.
    public func push<T: Codable & Sendable>(_ values: [String: T]) throws {
        _ = try pushAsync(values).get()
    }

    /// Submits a push and returns at once.
    public func pushAsync<T: Codable & Sendable>(_ values: [String: T]) throws -> ClusterResult<[Bool]> {
        var items: [(String, [UInt8])] = []
        for (name, value) in values.sorted(by: { $0.key < $1.key }) {
            do { items.append((name, try BinaryEncoder().encode(value))) } catch {
                throw ClusterError(.encoding, "'\(name)' (\(T.self)) could not be encoded: \(error)")
            }
        }
        #if MPI
        if items.count == 1, let result = try broadcastByCollective(items[0].0, items[0].1, engines: engineIDs) {
            return result
        }
        #endif
        return try submit(typeName: try name(PushCall.self), payloads: nil, shared: try PushCall.payload(items)) { _ in true }
    }

    /// The same value under the same name on every engine (IPython's `broadcast`).
    public func broadcast<T: Codable & Sendable>(_ name: String, _ value: T) throws {
        try push(name, value)
    }

    /// The value of `name` on each engine of the view, in target order.
    ///
    /// - Throws: ``ClusterError`` `.invalidArgument` if an engine has no such
    ///   name, `.encoding` if a value is not a `T`.
    public func pull<T: Codable & Sendable>(_ name: String, as type: T.Type = T.self) throws -> [T] {
        try pullAsync(name, as: type).get()
    }

    /// Submits a pull and returns at once.
    public func pullAsync<T: Codable & Sendable>(_ name: String, as type: T.Type = T.self) throws -> ClusterResult<[T]> {
        try submit(typeName: try self.name(PullCall.self), payloads: nil, shared: try BinaryEncoder().encode(name)) { bytes in
            do { return try BinaryDecoder().decode(T.self, from: bytes.bytes, startingAt: bytes.offset) } catch {
                throw ClusterError(.encoding, "'\(name)' could not be decoded as \(T.self): \(error)")
            }
        }
    }

    /// Removes names from every engine of the view; answers how many each had.
    public func remove(_ names: [String]) throws -> [Int] {
        try submit(typeName: try name(RemoveCall.self), payloads: nil, shared: try BinaryEncoder().encode(names)) { bytes in
            try BinaryDecoder().decode(Int.self, from: bytes.bytes, startingAt: bytes.offset)
        }.get()
    }

    // MARK: Scatter and gather

    /// Splits `value` by rows into one contiguous block per engine (sizes
    /// differ by at most one) and defines `name` as its block on each.
    public func scatter<S: Scatterable>(_ name: String, _ value: S) throws {
        _ = try scatterAsync(name, value).get()
    }

    /// Submits a scatter and returns at once.
    public func scatterAsync<S: Scatterable>(_ name: String, _ value: S) throws -> ClusterResult<[Bool]> {
        let engines = engineIDs
        guard !engines.isEmpty else { throw ClusterError(.noSuchEngine, "scatter to a view with no engines") }
        #if MPI
        if let result = try scatterByCollective(name, value, engines: engines) { return result }
        #endif
        if let array = value as? any MemoryTransferable,
           let result = try array.scatterByMemory(name, view: self, engines: engines) {
            return result
        }
        let ranges = scatterRanges(count: value.scatterRowCount, parts: engines.count)
        let encoded = Mutex([Result<[UInt8], any Error>?](repeating: nil, count: ranges.count))
        func encode(_ i: Int) {
            let payload = Result { try PushCall.payload(name: name, value: value.scatterRows(ranges[i])) }
            encoded.withLock { $0[i] = payload }
        }
        if value.scatterRowCount >= 1 << 16 && ranges.count > 1 {
            // Large blocks are encoded side by side: each is a copy into
            // fresh memory, which costs page faults as much as bytes.
            ForkJoin.run(chunks: ranges.count, encode)
        } else {
            for i in ranges.indices { encode(i) }
        }
        let payloads = try encoded.withLock { $0 }.map { result -> [UInt8] in
            do { return try result!.get() } catch {
                throw ClusterError(.encoding, "a block of '\(name)' could not be encoded: \(error)")
            }
        }
        return try submit(typeName: try self.name(PushCall.self), engines: engines, payloads: payloads, shared: nil) { _ in true }
    }

    /// Pulls `name` from each engine and joins the blocks in target order.
    public func gather<S: Scatterable & Sendable>(_ name: String, as type: S.Type = S.self) throws -> S {
        #if MPI
        if let value = try gatherByCollective(name, as: S.self, engines: engineIDs) { return value }
        #endif
        if let type = S.self as? any MemoryTransferable.Type,
           let value = try type.gatherByMemory(name, view: self, engines: engineIDs) {
            return value as! S
        }
        // Each engine's reply stays in its wire form until every part is
        // here; a type with a direct join (NDArray) then copies each block
        // once into the result, instead of decoding each part and joining.
        let parts = try submit(typeName: try self.name(PullCall.self), payloads: nil,
                               shared: try BinaryEncoder().encode(name)) { $0 }.get()
        do {
            if let joined = try parts.withWireForms({ try S._gathered(wireForms: $0) }) { return joined }
        } catch {
            throw ClusterError(.encoding, "'\(name)' could not be gathered as \(S.self): \(error)")
        }
        return S.gathered(try parts.map { part in
            do { return try BinaryDecoder().decode(S.self, from: part.bytes, startingAt: part.offset) } catch {
                throw ClusterError(.encoding, "'\(name)' could not be decoded as \(S.self): \(error)")
            }
        })
    }

    // MARK: Submitting

    func submit<Output: Sendable>(typeName: String, engines: [Int]? = nil, payloads: [[UInt8]]?, shared: [UInt8]?,
                                  options: TaskOptions? = nil,
                                  decode: @escaping @Sendable (ResultBytes) throws -> Output) throws
        -> ClusterResult<[Output]>
    {
        let engines = engines ?? engineIDs
        guard !engines.isEmpty else { throw ClusterError(.noSuchEngine, "the view has no engines") }
        let result = ClusterResult<[Output]>(
            parts: engines.count, controller: controller, decodePart: decode,
            combine: { $0.map { $0 as! Output } })
        let options = options ?? self.options
        let requests = engines.enumerated().map { index, engine in
            options.request(typeName: typeName, payload: payloads?[index] ?? shared!, engine: engine,
                            completion: result.completion(index))
        }
        result.setIDs(controller.submit(requests))
        return result
    }

    func name<T: RemoteCallable>(_: T.Type) throws -> String {
        do { return try T.remoteTypeName() } catch {
            throw ClusterError(.encoding, "\(T.self) has no name an engine can look up: \(error)")
        }
    }
}

extension Array where Element == ResultBytes {
    /// Calls `body` with each reply as a wire form (no prefix; the rest is
    /// its bytes from the value's offset on), all valid during the call.
    fileprivate func withWireForms<R>(_ body: ([(prefix: [UInt8], rest: UnsafeRawBufferPointer)]) throws -> R) rethrows -> R {
        func nest(_ index: Int, _ built: [(prefix: [UInt8], rest: UnsafeRawBufferPointer)]) throws -> R {
            guard index < count else { return try body(built) }
            return try self[index].bytes.withUnsafeBytes { raw in
                try nest(index + 1, built + [([], UnsafeRawBufferPointer(rebasing: raw[self[index].offset...]))])
            }
        }
        return try nest(0, [])
    }
}
