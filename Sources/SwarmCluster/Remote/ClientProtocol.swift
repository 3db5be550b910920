import SwarmCore
import SwarmScheduler

/// Frame kinds between a client in another process and the controller
/// (signed like every cluster frame; see ``SecureChannel``).
enum ClientMessage {
    /// client → controller, first: a client (not an engine) is connecting.
    static let clientHello: UInt8 = 40
    /// controller → client: accepted.
    static let clientWelcome: UInt8 = 41
    /// client → controller: tasks (``TaskSpec`` batch).
    static let submit: UInt8 = 42
    /// controller → client: the controller's ids of the last submitted batch (`[UInt64]`).
    static let accepted: UInt8 = 43
    /// controller → client: a task ended. Token, ``OutcomeHeader``, then the result bytes.
    static let outcome: UInt8 = 44
    /// client → controller: cancel a task (its id, `UInt64`).
    static let cancel: UInt8 = 45
    /// client → controller: send a ``ClusterSnapshot``.
    static let query: UInt8 = 46
    /// controller → client: a ``ClusterSnapshot``.
    static let snapshot: UInt8 = 47
    /// client → controller: shut the whole cluster down.
    static let stop: UInt8 = 48
}

/// A task as a remote client sends it: a ``TaskRequest`` without its
/// completion, which stays on the client under `token`.
struct TaskSpec: Codable {
    var token: UInt64
    var typeName: String
    var engine: Int?
    var priority: Int
    var retries: Int
    var timeout: Double?
    var resources: Resources
    var after: [UInt64]
    var follow: [UInt64]
    /// Optional so that a batch from a client without it still decodes.
    var keepResult: Bool?

    init(token: UInt64, _ r: TaskRequest) {
        self.token = token
        typeName = r.typeName
        engine = r.engine
        priority = r.priority
        retries = r.retries
        timeout = r.timeout
        resources = r.resources
        after = r.after
        follow = r.follow
        keepResult = r.keepResult ? true : nil
    }

    func request(payload: [UInt8], completion: @escaping @Sendable (TaskOutcome) -> Void) -> TaskRequest {
        TaskRequest(typeName: typeName, payload: payload, engine: engine, priority: priority, retries: retries,
                    timeout: timeout, resources: resources, keepResult: keepResult ?? false,
                    after: after, follow: follow, completion: completion)
    }

    /// A batch: count, then each spec followed by its payload's length and bytes.
    static func appendBatch(_ specs: [(TaskSpec, [UInt8])], to batch: inout FrameBatch) throws {
        batch.append(fixed: UInt32(specs.count))
        for (spec, payload) in specs {
            try batch.append(spec)
            batch.append(fixed: UInt64(payload.count))
            batch.append(bytes: payload)
        }
    }

    static func readBatch(_ bytes: [UInt8], from start: Int) throws -> [(TaskSpec, [UInt8])] {
        var at = start
        let count = try readFixed(UInt32.self, bytes, &at)
        guard count <= 1 << 24 else { throw WireError(.malformed, "a batch of \(count) tasks") }
        var specs: [(TaskSpec, [UInt8])] = []
        for _ in 0..<count {
            let spec = try BinaryDecoder().decode(TaskSpec.self, from: bytes, offset: &at)
            let length = try readFixed(UInt64.self, bytes, &at)
            guard length <= UInt64(bytes.count - at) else {
                throw WireError(.truncated, "a task payload of \(length) bytes, \(bytes.count - at) left")
            }
            specs.append((spec, Array(bytes[at..<(at + Int(length))])))
            at += Int(length)
        }
        guard at == bytes.count else { throw WireError(.malformed, "\(bytes.count - at) bytes after a task batch") }
        return specs
    }
}

/// Reads a little-endian integer at `at`, moving past it.
func readFixed<T: FixedWidthInteger>(_: T.Type, _ bytes: [UInt8], _ at: inout Int) throws -> T {
    guard at >= 0, at + MemoryLayout<T>.size <= bytes.count else {
        throw WireError(.truncated, "needed \(MemoryLayout<T>.size) bytes at offset \(at), \(bytes.count - at) left")
    }
    let value = bytes.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: at, as: T.self)) }
    at += MemoryLayout<T>.size
    return value
}

/// What precedes a remote outcome's result bytes.
struct OutcomeHeader: Codable {
    var metadata: TaskMetadata
    var error: TaskErrorWire?
}

/// The controller's state as `swarm cluster status` and remote clients see it.
public struct ClusterSnapshot: Codable, Sendable {
    /// Task and engine counters.
    public var statistics: ClusterStatistics
    /// The live engines.
    public var engines: [EngineInfo]

    /// Creates a snapshot.
    public init(statistics: ClusterStatistics, engines: [EngineInfo]) {
        self.statistics = statistics
        self.engines = engines
    }
}
