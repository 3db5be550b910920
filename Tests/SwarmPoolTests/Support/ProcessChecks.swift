import Foundation

/// Whether a process is gone for good: no such pid, or a zombie that only
/// waits for a reaper other than us. Used to check that pools leave nothing behind.
func processIsGone(_ pid: Int) -> Bool {
    if kill(pid_t(pid), 0) != 0 && errno == ESRCH { return true }
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = stat.lastIndex(of: ")") else { return true }
    let fields = stat[stat.index(close, offsetBy: 2)...].split(separator: " ")
    return fields.first == "Z" || fields.first == "X"
}

/// Whether a pid is a zombie of ours (exited but never reaped).
func isZombie(_ pid: Int) -> Bool {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = stat.lastIndex(of: ")") else { return false }
    return stat[stat.index(close, offsetBy: 2)...].hasPrefix("Z")
}

/// Polls `condition` until it holds or `timeout` seconds pass.
func eventually(timeout: Double = 5, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if condition() { return true }
        usleep(10_000)
    }
    return condition()
}

/// Runs the tests matching `filter` in a fresh copy of this test binary,
/// with extra environment variables, and returns its exit status and its
/// output (stdout and stderr together). For measurements of the whole
/// process that other suites running in parallel would disturb.
func runThisTestAlone(filter: String, environment: [String: String]) throws -> (Int32, String) {
    let child = Process()
    child.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    child.arguments = ["--testing-library", "swift-testing", "--filter", filter]
    child.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let pipe = Pipe()
    child.standardOutput = pipe
    child.standardError = pipe
    child.standardInput = FileHandle.nullDevice
    try child.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()  // until the child closes it
    child.waitUntilExit()
    return (child.terminationStatus, String(decoding: output, as: UTF8.self))
}

/// This process's resident set size in bytes, from /proc/self/statm.
func residentBytes() -> Int {
    guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = statm.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}

/// Makes a pool of the given backend.
import SwarmPool
func makePool(_ backend: Pool.Backend, _ workers: Int? = nil) throws -> Pool {
    backend == .threads ? try Pool(threads: workers) : try Pool(processes: workers)
}
