import Foundation
@testable import SwarmCluster
import SwarmCore
import Testing

@Suite("Cluster: message bodies round-trip")
struct WireFormsTests {
    @Test("outcome headers, snapshots and task batches decode as encoded")
    func roundTrips() throws {
        let meta = TaskMetadata(engineID: nil, submitted: Date(), started: nil, completed: Date(),
                                stdout: "a", stderr: "", attempts: 1)
        let bytes = try BinaryEncoder().encode(meta)
        let back = try BinaryDecoder().decode(TaskMetadata.self, from: bytes)
        #expect(back.stdout == "a" && back.engineID == nil && back.completed != nil)
        let header = OutcomeHeader(metadata: meta, error: .cluster(ClusterError(.cancelled, "x")))
        let h = try BinaryDecoder().decode(OutcomeHeader.self, from: try BinaryEncoder().encode(header))
        #expect(h.metadata.attempts == 1)
    }
}
