import Foundation
import Hummingbird
import Synchronization
import SwarmCluster

/// A live web page of a cluster: its engines with their load and state,
/// queued, running and finished tasks, and throughput
/// (`swarm cluster dashboard`).
///
/// ```swift
/// let cluster = try Cluster.local(engines: 2)
/// let dashboard = try await Dashboard.start(cluster: cluster, port: 8787)
/// // open http://127.0.0.1:8787/ in a browser
/// await dashboard.stop()
/// ```
///
/// The page polls `GET /api/state` (a ``DashboardState`` as JSON) twice a
/// second and redraws itself; no other assets are needed. It listens on
/// loopback unless told otherwise.
public final class Dashboard: Sendable {
    /// The TCP port the page is served on.
    public let port: Int
    private let task: Task<Void, any Error>

    private init(port: Int, task: Task<Void, any Error>) {
        self.port = port
        self.task = task
    }

    /// The page's address.
    public var url: String { "http://127.0.0.1:\(port)/" }

    /// Serves the dashboard of `cluster` until ``stop()``.
    ///
    /// - Parameters:
    ///   - host: the address to listen on (loopback by default).
    ///   - port: the TCP port; 0 picks a free one (see ``port``).
    /// - Throws: ``DashboardError`` if the server does not start.
    public static func start(cluster: Cluster, host: String = "127.0.0.1", port: Int = 0) async throws -> Dashboard {
        let sampler = ThroughputSampler()
        let router = Router()
        router.get("/") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(string: DashboardPage.html)))
        }
        router.get("/api/state") { _, _ -> Response in
            let state = sampler.state(of: cluster)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let data = try encoder.encode(state)
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        let portBox = Mutex<Int?>(nil)
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "swarm-dashboard"),
            onServerRunning: { channel in portBox.withLock { $0 = channel.localAddress?.port ?? port } })
        let finished = Mutex(false)
        let task = Task {
            defer { finished.withLock { $0 = true } }
            try await app.runService(gracefulShutdownSignals: [])
        }
        // Wait for the server to be bound (or to fail), up to 10 s.
        for _ in 0..<1000 {
            if let actual = portBox.withLock({ $0 }) { return Dashboard(port: actual, task: task) }
            if finished.withLock({ $0 }) { break }
            try? await Task.sleep(nanoseconds: 10_000_000)
        }
        task.cancel()
        let reason: String
        switch await task.result {
        case .failure(let error): reason = "\(error)"
        case .success: reason = "it stopped at once"
        }
        throw DashboardError("the dashboard server on \(host):\(port) did not start: \(reason)")
    }

    /// Stops serving.
    public func stop() async {
        task.cancel()
        _ = await task.result
    }
}

/// The dashboard server could not start.
public struct DashboardError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var message: String
    init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { "DashboardError: \(message)" }
}

/// What `GET /api/state` answers.
public struct DashboardState: Codable, Sendable {
    /// The cluster's counters.
    public var statistics: ClusterStatistics
    /// The live engines.
    public var engines: [EngineInfo]
    /// Tasks finished per second since the previous sample.
    public var throughput: Double
    /// When this was taken (seconds since 1970).
    public var time: Double
}

/// Turns the finished-task counter into tasks per second between polls.
final class ThroughputSampler: Sendable {
    private let last = Mutex<(time: Double, finished: Int, rate: Double)?>(nil)

    func state(of cluster: Cluster) -> DashboardState {
        let stats = cluster.statistics
        let engines = cluster.engines
        let now = Date().timeIntervalSince1970
        let finished = stats.succeeded + stats.failed
        let rate = last.withLock { previous -> Double in
            guard let p = previous else {
                previous = (now, finished, 0)
                return 0
            }
            if now - p.time < 0.25 { return p.rate }  // polls too close together: keep the last rate
            let r = Double(finished - p.finished) / (now - p.time)
            previous = (now, finished, r)
            return r
        }
        return DashboardState(statistics: stats, engines: engines, throughput: rate, time: now)
    }
}
