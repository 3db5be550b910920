import SwarmCore

/// What views and results need from a controller: the controller itself when
/// it runs in this process (``Controller``), or a connection to one in
/// another process (``RemoteController``).
protocol ControllerLink: AnyObject, Sendable {
    /// Accepts tasks; returns the controller's ids, in order. Each request's
    /// completion runs once when its task ends.
    func submit(_ requests: [TaskRequest]) -> [UInt64]
    /// Cancels a task (see ``Controller/cancel(_:)``).
    func cancel(_ id: UInt64)
    /// The live engines.
    var engineInfos: [EngineInfo] { get }
    /// Task and engine counters.
    var statistics: ClusterStatistics { get }
    /// Waits until at least `count` engines are live; false on timeout.
    func waitForEngines(_ count: Int, timeout: Double) -> Bool
    /// Stops the controller (in process) or leaves it (remote).
    func shutdown()
    /// The process ids of these engines when this process started every one
    /// of them (so that bulk data may be copied between the two processes'
    /// memories); nil otherwise.
    func childProcessIDs(of engines: [Int]) -> [Int32]?
}

extension ControllerLink {
    var engineIDs: [Int] { engineInfos.map(\.id) }
    func childProcessIDs(of engines: [Int]) -> [Int32]? { nil }
    func submit(_ request: TaskRequest) -> UInt64 { submit([request])[0] }
}

/// An error an engine's task threw, as the controller passes it on: the
/// engine's report, turned into the caller's error only at delivery (so that
/// it can cross to a remote client unchanged).
struct EngineThrew: Error, Codable {
    var failure: RemoteFailure
    var engineID: Int
}

/// A task's error in wire form, for outcomes sent to a remote client.
enum TaskErrorWire: Codable {
    case cluster(ClusterError)
    case engine(EngineThrew)
    case other(String)

    init(_ error: any Error) {
        if let e = error as? ClusterError { self = .cluster(e) }
        else if let e = error as? EngineThrew { self = .engine(e) }
        else { self = .other(String(describing: error)) }
    }

    var error: any Error {
        switch self {
        case .cluster(let e): return e
        case .engine(let e): return e
        case .other(let text): return ClusterError(.remote, text)
        }
    }
}
