#if canImport(Glibc)
import Glibc
#endif
import CSwarmCore

/// A child process running this same executable in worker mode, connected to
/// the parent by a Unix stream socket.
///
/// The child is `/proc/self/exe --swarm-worker 3`: SwarmCore's C constructor
/// sees the marker before `main` and runs ``WorkerLoop`` on file descriptor 3
/// instead of the program. A worker therefore finds every type of the parent's
/// binary by its mangled name, and no string table of functions is needed.
///
/// Lifetime: whoever spawns a worker must end it with ``terminate(grace:)`` or
/// reap it with ``reap(timeout:)`` after it died, so that no zombie is left.
/// Workers also exit by themselves when the connection closes or the parent dies.
public final class WorkerProcess: Sendable {
    /// The child's process id.
    public let pid: pid_t
    /// The framed socket to the child.
    public let connection: FramedConnection
    private let exitStatus = ConditionLock<WorkerExit?>(nil)

    /// The file descriptor number the child finds its socket on.
    public static let childDescriptor: Int32 = 3

    private init(pid: pid_t, connection: FramedConnection) {
        self.pid = pid
        self.connection = connection
    }

    /// Starts a worker and waits for its hello.
    ///
    /// - Parameters:
    ///   - mode: the marker argument that picks the child's role: `--swarm-worker`
    ///     (a pool worker, SwarmCore's ``WorkerMessage`` protocol) or
    ///     `--swarm-engine` (a SwarmCluster engine, when the binary links SwarmCluster).
    ///   - handshakeTimeout: how long to wait for the child's hello frame.
    /// - Throws: ``WorkerError`` if the socket or spawn fails, or the child
    ///   does not answer (it then is killed and reaped).
    public static func spawn(mode: String = "--swarm-worker", handshakeTimeout: Double = 30) throws(WorkerError) -> WorkerProcess {
        signal(SIGPIPE, SIG_IGN)  // a dead worker must not kill the parent on write
        var fds: [Int32] = [0, 0]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds) == 0 else {
            throw WorkerError(.spawnFailed, "socketpair failed: errno \(errno)")
        }
        var childFD = fds[1]
        if childFD == childDescriptor {
            // dup2 onto itself would keep close-on-exec; move it out of the way.
            childFD = fcntl(fds[1], F_DUPFD_CLOEXEC, 10)
            _ = close(fds[1])
        }
        let path = executablePath
        var argv: [UnsafeMutablePointer<CChar>?] = [strdup(path), strdup(mode), strdup("\(childDescriptor)"), nil]
        defer { for p in argv { free(p) } }
        var env = workerEnvironment().map { strdup($0) } + [nil]
        defer { for p in env { free(p) } }
        let pid = cswarm_spawn(path, &argv, &env, childFD, childDescriptor)
        _ = close(childFD)
        guard pid > 0 else {
            _ = close(fds[0])
            throw WorkerError(.spawnFailed, "posix_spawn of \(path) failed: errno \(-pid)")
        }
        let worker = WorkerProcess(pid: pid, connection: FramedConnection(fd: fds[0]))
        if mode != "--swarm-worker" { return worker }  // that protocol says its own hello
        do {
            guard let hello = try worker.connection.receive(deadline: .after(seconds: handshakeTimeout)),
                  hello.kind == WorkerMessage.hello
            else {
                _ = worker.terminate(grace: 0)
                throw WorkerError(.spawnFailed, "worker \(pid) did not say hello within \(handshakeTimeout) s")
            }
        } catch let error as WorkerError {
            throw error
        } catch {
            let exit = worker.reap(timeout: 1)
            throw WorkerError(.spawnFailed, "worker \(pid) failed to start: \(exit.map { "\($0)" } ?? "\(error)")")
        }
        return worker
    }

    /// The running executable's path, as the kernel names it.
    public static let executablePath: String = {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return "/proc/self/exe" }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }()

    /// The parent's environment, with the crash backtracer off: it costs about
    /// 20 ms and 40 lines of stderr per crashed worker, and the pool reports the
    /// signal itself.
    private static func workerEnvironment() -> [String] {
        var result: [String] = []
        var p = environ
        while let entry = p.pointee {
            let s = String(cString: entry)
            if !s.hasPrefix("SWIFT_BACKTRACE=") { result.append(s) }
            p += 1
        }
        result.append("SWIFT_BACKTRACE=enable=no")
        return result
    }

    /// Sends `signal` to the worker (no effect if it was already reaped).
    public func kill(signal: Int32 = SIGKILL) {
        exitStatus.withLock { status in
            if status == nil { _ = Glibc.kill(pid, signal) }
        }
    }

    /// The exit status, if the worker has been reaped.
    public var exit: WorkerExit? { exitStatus.withLock { $0 } }

    /// Waits up to `timeout` seconds for the worker to end, and reaps it.
    ///
    /// - Returns: how it ended, or nil if it is still running.
    @discardableResult
    public func reap(timeout: Double) -> WorkerExit? {
        let deadline = MonotonicInstant.after(seconds: timeout)
        var pause: UInt32 = 50
        while true {
            if let done = exitStatus.withLock({ status -> WorkerExit? in
                if let status { return status }
                var raw: Int32 = 0
                let rc = waitpid(pid, &raw, WNOHANG)
                if rc == pid {
                    status = WorkerExit(waitStatus: raw)
                    return status
                }
                if rc < 0 && errno == ECHILD {
                    status = .exited(code: -1)  // reaped elsewhere; the code is unknown
                    return status
                }
                return nil
            }) {
                return done
            }
            if MonotonicInstant.now >= deadline { return nil }
            usleep(pause)
            pause = min(pause * 2, 5_000)
        }
    }

    /// Ends the worker in ordered steps: close the socket (a healthy worker
    /// exits on end of stream), then `SIGTERM`, then after `grace` seconds
    /// `SIGKILL`; always reaps it.
    ///
    /// - Returns: how it ended.
    @discardableResult
    public func terminate(grace: Double = 1) -> WorkerExit {
        if let done = reap(timeout: 0) { return done }
        kill(signal: SIGTERM)
        if grace > 0, let done = reap(timeout: grace) { return done }
        kill(signal: SIGKILL)
        while true {
            if let done = reap(timeout: 5) { return done }
        }
    }

    deinit {
        connection.close()
        if exit == nil {
            _ = Glibc.kill(pid, SIGKILL)
            var raw: Int32 = 0
            _ = waitpid(pid, &raw, 0)
        }
    }
}

/// Frame kinds of the worker protocol.
public enum WorkerMessage {
    /// worker → parent, once, right after start: body is the pid (Int32 LE).
    public static let hello: UInt8 = 1
    /// parent → worker: run a call. Body: call id (UInt64 LE), type name (string), payload.
    public static let call: UInt8 = 2
    /// parent → worker: finish and exit with code 0.
    public static let shutdown: UInt8 = 3
    /// worker → parent: a call succeeded. Body: call id, result bytes.
    public static let result: UInt8 = 4
    /// worker → parent: a call threw. Body: call id, an encoded ``RemoteFailure``.
    public static let failure: UInt8 = 5
    /// parent → worker: a health check; the worker answers ``pong`` with the same body at once.
    public static let ping: UInt8 = 6
    /// worker → parent: the answer to ``ping``.
    public static let pong: UInt8 = 7
}
