import SwarmCore

/// A function value that a ``Pool`` can run on any backend, including
/// worker processes.
///
/// Conform a `Codable` struct and give it a call method; its stored
/// properties are the function's state and travel with it to the worker.
/// The worker is this same executable, so it finds the type by its mangled
/// name: there is no table of names to keep.
///
/// ```swift
/// struct Scale: PoolFunction {
///     var factor: Double
///     func callAsFunction(_ x: Double) -> Double { x * factor }
/// }
/// let ys = try pool.map(Scale(factor: 2), [1.0, 2.0, 3.0])  // [2, 4, 6]
/// ```
///
/// Declare conforming types at file scope (not inside a function), so that
/// the runtime can find them by name in the worker. Errors the function throws
/// come back to the caller as the same type when that type is `Codable`.
public protocol PoolFunction<Input, Output>: Codable, Sendable, RemoteCallable {
    /// The argument type. For ``Pool/starmap(_:_:chunksize:)`` it is ``Arguments``.
    associatedtype Input: Codable & Sendable
    /// The result type.
    associatedtype Output: Codable & Sendable
    /// Computes the result for one argument.
    func callAsFunction(_ input: Input) throws -> Output
}

extension PoolFunction {
    /// Runs a chunk of calls in a worker: decodes `(function, inputs)`, calls
    /// the function on each input in order, and encodes the outputs.
    ///
    /// `@inlinable` so that each conforming type gets a specialized copy of this
    /// loop in its own module instead of a slow generic one.
    @inlinable
    public static func _handleRemoteCall(_ message: [UInt8], payloadAt offset: Int, reply: inout [UInt8]) throws {
        let call: ChunkCall<Self>
        do {
            call = try ChunkCall(decoding: message, startingAt: offset)
        } catch {
            throw RemoteCallFailure(.decoding, error)
        }
        var outputs: [Output] = []
        outputs.reserveCapacity(call.inputs.count)
        for input in call.inputs { outputs.append(try call.function(input)) }
        do {
            try BinaryEncoder().encode(outputs, appendingTo: &reply)
        } catch {
            throw RemoteCallFailure(.encoding, error)
        }
    }
}

/// What crosses to a worker for one chunk: the function value and its inputs.
///
/// On the wire it is the two values laid end to end (see ``encoded()`` and
/// ``init(decoding:startingAt:)``): one struct level less to encode and
/// decode per task.
public struct ChunkCall<F: PoolFunction>: Codable, Sendable {
    /// The function, with its state.
    public var function: F
    /// The chunk's inputs, in order.
    public var inputs: [F.Input]

    /// Creates a chunk call.
    @inlinable
    public init(function: F, inputs: [F.Input]) {
        self.function = function
        self.inputs = inputs
    }

    /// The call's wire form: the function value, then the inputs.
    ///
    /// - Throws: any encoding error of the function or an input.
    @inlinable
    public func encoded() throws -> [UInt8] {
        var bytes = try BinaryEncoder().encode(function)
        try BinaryEncoder().encode(inputs, appendingTo: &bytes)
        return bytes
    }

    /// Reads a call from its wire form, which fills `bytes` from `start` to the end.
    ///
    /// - Throws: ``WireError`` or a decoding error if the bytes are not a call to `F`.
    @inlinable
    public init(decoding bytes: [UInt8], startingAt start: Int) throws {
        var offset = start
        function = try BinaryDecoder().decode(F.self, from: bytes, offset: &offset)
        inputs = try BinaryDecoder().decode([F.Input].self, from: bytes, startingAt: offset)
    }
}

/// Work that each worker runs once when it starts (Python's `initializer`).
///
/// For a process pool it is a `Codable` value that runs in the worker
/// process, typically to set up per-process state (open a file, load a model
/// into a global). For a thread pool any ``PoolInitializer`` also works, or use
/// the closure form of the pool's initializer.
public protocol PoolInitializer: Codable, Sendable, RemoteCallable {
    /// Runs in the worker before its first task.
    func callAsFunction() throws
}

extension PoolInitializer {
    /// Runs the initializer in a worker process.
    @inlinable
    public static func _handleRemoteCall(_ message: [UInt8], payloadAt offset: Int, reply: inout [UInt8]) throws {
        let initializer: Self
        do {
            initializer = try BinaryDecoder().decode(Self.self, from: message, startingAt: offset)
        } catch {
            throw RemoteCallFailure(.decoding, error)
        }
        try initializer()
    }
}
