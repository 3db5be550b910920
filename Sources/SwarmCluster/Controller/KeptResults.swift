import SwarmCore

/// Outcomes the controller keeps after delivery because their tasks asked
/// (``TaskOptions/keepResult``), and the two requests that read and free
/// them. Those requests travel as tasks with reserved type names, so that a
/// client in another process uses the same submit and outcome frames as for
/// any task; the controller answers them itself.
struct KeptResults {
    var outcomes: [UInt64: TaskOutcome] = [:]

    static let fetchTypeName = "swarm.kept-result.fetch"
    static let forgetTypeName = "swarm.kept-result.forget"

    /// A fetch of one outcome, or the release of some.
    enum Request {
        case fetch(UInt64)
        case forget([UInt64])

        /// The request a task carries, or nil for an ordinary task.
        init?(_ task: TaskRequest) {
            guard task.typeName == KeptResults.fetchTypeName || task.typeName == KeptResults.forgetTypeName else { return nil }
            var ids: [UInt64] = []
            var at = 0
            while let id = try? readFixed(UInt64.self, task.payload, &at) { ids.append(id) }
            if task.typeName == KeptResults.fetchTypeName {
                self = .fetch(ids.first ?? .max)
            } else {
                self = .forget(ids)
            }
        }

        /// The task's payload.
        var payload: [UInt8] {
            var bytes: [UInt8] = []
            let ids: [UInt64]
            switch self {
            case .fetch(let id): ids = [id]
            case .forget(let list): ids = list
            }
            for id in ids { withUnsafeBytes(of: id.littleEndian) { bytes.append(contentsOf: $0) } }
            return bytes
        }

        var typeName: String {
            if case .fetch = self { return KeptResults.fetchTypeName }
            return KeptResults.forgetTypeName
        }
    }

    /// The kept outcome for a fetch (its own value or error, and the original
    /// task's metadata); for a forget, how many were freed (an `Int`).
    mutating func answer(_ request: Request, metadata: TaskMetadata) -> TaskOutcome {
        switch request {
        case .fetch(let id):
            if let outcome = outcomes[id] { return outcome }
            return TaskOutcome(value: .failure(ClusterError(.noSuchResult, "no kept result for task \(id): it did not ask for keepResult, has not finished, or was forgotten")),
                               metadata: metadata)
        case .forget(let ids):
            let freed = ids.reduce(0) { $0 + (outcomes.removeValue(forKey: $1) == nil ? 0 : 1) }
            let bytes = (try? BinaryEncoder().encode(freed)) ?? []
            return TaskOutcome(value: .success(ResultBytes(bytes: bytes, offset: 0)), metadata: metadata)
        }
    }
}
