#if canImport(Glibc)
import Glibc
#endif
import Foundation

// Running a whole tree of processes from a test (headless Chromium, mpirun
// with several ranks), shared by the test targets that do.

/// How a process ended and what it wrote.
public struct ProcessTreeOutcome: Sendable {
    /// The exit status, or 128 + the signal when it was killed (128 + 9 after
    /// its time limit).
    public var status: Int32
    /// What it wrote to standard output.
    public var stdout: String
    /// What it wrote to standard error.
    public var stderr: String
    /// Whether it was killed for running past its time limit.
    public var timedOut: Bool
}

/// Runs `executable` with `arguments` (and `environment` over this process's),
/// and waits for it, at most `timeout` seconds (then it is killed).
///
/// The wait happens on a thread of its own, so that the test does not hold
/// one of Swift concurrency's few pool threads: on two cores, two tests
/// blocked that way starved the dashboard's own request handlers, and
/// Chromium waited for the page. Such runs also take turns (a `flock`), so
/// that neither starves the other into its time limit.
public func runProcessTree(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                           timeout: Double) async -> ProcessTreeOutcome {
    await withCheckedContinuation { continuation in
        let thread = Thread {
            continuation.resume(returning: exclusively {
                spawnAndWait(executable, arguments, environment: environment, timeout: timeout)
            })
        }
        thread.start()
    }
}

/// Runs `body` while holding a lock on one file: each call opens the file
/// anew, so callers in one process exclude each other too, across test targets.
private func exclusively<R>(_ body: () -> R) -> R {
    let fd = open(NSTemporaryDirectory() + "swarm-tests-process-trees.lock", O_CREAT | O_RDWR, 0o666)
    if fd >= 0 { flock(fd, LOCK_EX) }
    defer { if fd >= 0 { flock(fd, LOCK_UN); close(fd) } }
    return body()
}

/// Spawns the process with stdout and stderr into files and stdin from
/// /dev/null, and waits for that pid. It uses posix_spawn and waitpid rather
/// than Foundation's `Process`: with several `Process` children at once in
/// one test process, a child's exit was seen to go unnoticed (a zombie that
/// `isRunning` still called running), which hung the test.
private func spawnAndWait(_ executable: String, _ arguments: [String], environment: [String: String],
                          timeout: Double) -> ProcessTreeOutcome {
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
        return ProcessTreeOutcome(status: 127, stdout: "", stderr: "could not start \(executable): errno \(errno)", timedOut: false)
    }
    var status: Int32 = 0
    var timedOut = false
    let deadline = Date().addingTimeInterval(timeout)
    while waitpid(pid, &status, WNOHANG) == 0 {
        if Date() > deadline {
            kill(pid, SIGKILL)
            waitpid(pid, &status, 0)
            timedOut = true
            break
        }
        usleep(20_000)
    }
    // The W* macros do not import: the low 7 bits are the signal, the next byte the exit code.
    let code = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    let out = (try? String(contentsOfFile: base + ".out", encoding: .utf8)) ?? ""
    let err = (try? String(contentsOfFile: base + ".err", encoding: .utf8)) ?? ""
    return ProcessTreeOutcome(status: code, stdout: out, stderr: err, timedOut: timedOut)
}
