import SwarmCore

/// A task's outcome that the controller kept (``TaskOptions/keepResult``),
/// fetched again by its task id with ``Cluster/keptResult(_:timeout:)``,
/// from this client or any other (IPython's `get_result` from the hub).
public struct KeptResult: Sendable {
    /// The task's metadata: engine, times, captured output.
    public var metadata: TaskMetadata
    let bytes: ResultBytes

    /// The task's reply decoded as `type`: for a ``LoadBalancedView`` apply
    /// or map task, `[Output]` (its chunk's outputs); for a ``DirectView``
    /// `execute`, the function's `Output`.
    ///
    /// - Throws: ``ClusterError`` `.encoding` if the reply is not a `type`.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        do { return try BinaryDecoder().decode(T.self, from: bytes.bytes, startingAt: bytes.offset) } catch {
            throw ClusterError(.encoding, "the kept result could not be decoded as \(T.self): \(error)")
        }
    }
}

extension Cluster {
    /// The kept outcome of task `taskID` (see ``ClusterResult/taskIDs``).
    ///
    /// - Throws: the task's own error if it failed; ``ClusterError``
    ///   `.noSuchResult` if nothing is kept under that id.
    public func keptResult(_ taskID: UInt64, timeout: Double? = 30) throws -> KeptResult {
        let result = ClusterResult<ResultBytes>(parts: 1, controller: controller, decodePart: { $0 },
                                                combine: { $0[0] as! ResultBytes })
        let request = KeptResults.Request.fetch(taskID)
        result.setIDs(controller.submit([TaskRequest(typeName: request.typeName, payload: request.payload, engine: nil,
                                                     completion: result.completion(0))]))
        let bytes = try result.get(timeout: timeout)
        guard let metadata = result.metadata[0] else {
            throw ClusterError(.noSuchResult, "the kept result of task \(taskID) came without its metadata")
        }
        return KeptResult(metadata: metadata, bytes: bytes)
    }

    /// Frees kept outcomes; answers how many there were.
    @discardableResult
    public func forgetResults(_ taskIDs: [UInt64], timeout: Double? = 30) throws -> Int {
        let result = ClusterResult<Int>(parts: 1, controller: controller,
                                        decodePart: { try BinaryDecoder().decode(Int.self, from: $0.bytes, startingAt: $0.offset) },
                                        combine: { $0[0] as! Int })
        let request = KeptResults.Request.forget(taskIDs)
        result.setIDs(controller.submit([TaskRequest(typeName: request.typeName, payload: request.payload, engine: nil,
                                                     completion: result.completion(0))]))
        return try result.get(timeout: timeout)
    }
}
