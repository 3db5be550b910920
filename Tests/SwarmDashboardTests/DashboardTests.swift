import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SwarmCluster
import SwarmDashboard
import SwarmPool
import SwarmTestSupport
import Testing

struct DashSquare: PoolFunction {
    func callAsFunction(_ x: Int) -> Int { x * x }
}

/// Debian's headless browser, if installed.
private let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
    .first { FileManager.default.isExecutableFile(atPath: $0) }
private let requireBackends = ProcessInfo.processInfo.environment["SWARM_REQUIRE_BACKENDS"] == "1"

/// Runs the browser headless and returns its stdout. Each try has a time
/// limit; the browser is killed and started again, up to three times.
private func browser(_ arguments: [String], timeout: Double = 45) async -> String {
    for attempt in 1...3 {
        let outcome = await runProcessTree(
            chromium!, ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--user-data-dir=\(NSTemporaryDirectory())swarm-chromium-\(getpid())-\(attempt)"] + arguments,
            timeout: timeout)
        if !outcome.timedOut { return outcome.stdout }
    }
    Issue.record("headless Chromium did not finish in \(timeout) s, three times")
    return ""
}

@Suite("Dashboard (headless Chromium)", .serialized)
struct DashboardTests {
    @Test("the page shows the engines, their load and the task counts, live, in a real browser")
    func pageInChromium() async throws {
        guard chromium != nil else {
            if requireBackends { Issue.record("chromium is not installed (apt-get install chromium)") }
            return
        }
        let cluster = try Cluster.local(engines: 2)
        defer { cluster.shutdown() }
        let view = cluster.loadBalancedView()
        _ = try view.map(DashSquare(), Array(0..<300))
        let dashboard = try await Dashboard.start(cluster: cluster)

        // The JSON the page polls.
        let (data, _) = try await URLSession.shared.data(from: URL(string: dashboard.url + "api/state")!)
        let state = try JSONDecoder().decode(DashboardState.self, from: data)
        #expect(state.statistics.succeeded == 300)
        #expect(state.engines.map(\.id) == cluster.engineIDs)

        // The DOM after the script ran in Chromium.
        let dom = await browser(["--virtual-time-budget=3000", "--dump-dom", dashboard.url])
        for id in cluster.engineIDs { #expect(dom.contains("id=\"engine-\(id)\"")) }
        #expect(dom.contains("<b id=\"succeeded\">300</b>"))
        #expect(dom.contains("<b id=\"engines-count\">2</b>"))
        #expect(dom.contains("updated "))

        // Live: more work shows up on the next poll.
        _ = try view.map(DashSquare(), Array(0..<200))
        let later = await browser(["--virtual-time-budget=3000", "--dump-dom", dashboard.url])
        #expect(later.contains("<b id=\"succeeded\">500</b>"))

        // A screenshot, kept with the build for a person to look at.
        let shot = FileManager.default.currentDirectoryPath + "/.build/dashboard-screenshot.png"
        try? FileManager.default.removeItem(atPath: shot)
        _ = await browser(["--virtual-time-budget=3000", "--window-size=1100,600", "--screenshot=\(shot)", dashboard.url])
        let size = (try FileManager.default.attributesOfItem(atPath: shot)[.size] as? NSNumber)?.intValue ?? 0
        #expect(size > 10_000)
        print("dashboard screenshot: \(shot) (\(size) bytes)")
        await dashboard.stop()
    }

    @Test("a port that is taken is a thrown error, not a hang")
    func portTaken() async throws {
        let cluster = try Cluster.local(engines: 1)
        defer { cluster.shutdown() }
        let first = try await Dashboard.start(cluster: cluster)
        await #expect(throws: DashboardError.self) { _ = try await Dashboard.start(cluster: cluster, port: first.port) }
        await first.stop()
    }
}
