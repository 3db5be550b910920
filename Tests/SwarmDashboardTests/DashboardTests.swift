import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SwarmCluster
import SwarmDashboard
import SwarmPool
import Testing

struct DashSquare: PoolFunction {
    func callAsFunction(_ x: Int) -> Int { x * x }
}

/// Debian's headless browser, if installed.
private let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
    .first { FileManager.default.isExecutableFile(atPath: $0) }
private let requireBackends = ProcessInfo.processInfo.environment["SWARM_REQUIRE_BACKENDS"] == "1"

/// Runs the browser headless and returns its stdout; each try has a time
/// limit (the browser is killed and started again, up to three times).
private func browser(_ arguments: [String], timeout: Double = 45) async -> String {
    let output = await offPool { exclusively { runBrowser(arguments, timeout: timeout) } }
    if output == nil { Issue.record("headless Chromium did not finish in \(timeout) s, three times") }
    return output ?? ""
}

private func runBrowser(_ arguments: [String], timeout: Double) -> String? {
    for attempt in 1...3 {
        let result = spawnAndWait(chromium!, ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                                              "--user-data-dir=\(NSTemporaryDirectory())swarm-chromium-\(getpid())-\(attempt)"] + arguments,
                                  timeout: timeout)
        if result.status != 128 + SIGKILL { return result.stdout }
    }
    return nil
}

/// Runs blocking `body` on a thread of its own and awaits it, so that the
/// test does not hold one of Swift concurrency's few pool threads while a
/// process tree runs: on two cores, two such blocked tests starved the
/// dashboard's own request handlers, and Chromium waited for the page.
private func offPool<R: Sendable>(_ body: @escaping @Sendable () -> R) async -> R {
    await withCheckedContinuation { continuation in
        let thread = Thread { continuation.resume(returning: body()) }
        thread.start()
    }
}


/// Runs `executable` with `arguments` and extra `environment`, stdout and
/// stderr into files, stdin from /dev/null; kills it (SIGKILL) after
/// `timeout` seconds. Returns its exit status (128 + signal when killed), stdout
/// and stderr. It uses posix_spawn and waitpid on that pid rather than
/// Foundation's `Process`: with several `Process` children running at once in
/// this test process, a child's exit was seen to go unnoticed (a zombie that
/// `isRunning` still called running), which hung the test.
private func spawnAndWait(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                          timeout: Double) -> (status: Int32, stdout: String, stderr: String) {
    let base = NSTemporaryDirectory() + "swarm-test-\(getpid())-\(UUID().uuidString)"
    defer {
        unlink(base + ".out")
        unlink(base + ".err")
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, base + ".out", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, base + ".err", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    let env = ProcessInfo.processInfo.environment.merging(environment) { $1 }.map { "\($0.key)=\($0.value)" }
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp = env.map { strdup($0) } + [nil]
    defer { (argv + envp).forEach { free($0) } }
    var pid: pid_t = 0
    guard posix_spawn(&pid, executable, &actions, nil, argv, envp) == 0 else {
        return (127, "", "could not start \(executable): errno \(errno)")
    }
    var status: Int32 = 0
    let deadline = Date().addingTimeInterval(timeout)
    while waitpid(pid, &status, WNOHANG) == 0 {
        if Date() > deadline {
            kill(pid, SIGKILL)
            waitpid(pid, &status, 0)
            break
        }
        usleep(20_000)
    }
    let code = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    let out = (try? String(contentsOfFile: base + ".out", encoding: .utf8)) ?? ""
    let err = (try? String(contentsOfFile: base + ".err", encoding: .utf8)) ?? ""
    return (code, out, err)
}

/// Tests that start whole trees of processes (headless Chromium, mpirun with
/// four ranks) take turns, so that on two cores neither starves the other
/// into its time limit. A `flock` on one file serialises them across test
/// targets (each call opens the file anew, so two holders in one process
/// exclude each other too).
private func exclusively<R>(_ body: () throws -> R) rethrows -> R {
    let fd = open(NSTemporaryDirectory() + "swarm-tests-process-trees.lock", O_CREAT | O_RDWR, 0o666)
    if fd >= 0 { flock(fd, LOCK_EX) }
    defer { if fd >= 0 { flock(fd, LOCK_UN); close(fd) } }
    return try body()
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
