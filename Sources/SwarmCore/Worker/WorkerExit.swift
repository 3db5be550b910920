#if canImport(Glibc)
import Glibc
#endif
import CSwarmCore

/// How a worker process ended, decoded from its `waitpid` status.
public enum WorkerExit: Hashable, Sendable, Codable, CustomStringConvertible {
    /// It called `exit` (or returned from `main`) with this code.
    case exited(code: Int32)
    /// A signal ended it: a Swift trap is `SIGILL` (or `SIGTRAP`), a bad
    /// pointer `SIGSEGV`, `abort()` `SIGABRT`, `kill -9` `SIGKILL`.
    case signaled(signal: Int32)

    /// Decodes a raw `waitpid` status.
    public init(waitStatus status: Int32) {
        if cswarm_wifsignaled(status) != 0 {
            self = .signaled(signal: cswarm_wtermsig(status))
        } else {
            self = .exited(code: cswarm_wexitstatus(status))
        }
    }

    /// The conventional name of a signal number, such as `SIGSEGV`.
    public static func signalName(_ signal: Int32) -> String {
        switch signal {
        case SIGHUP: return "SIGHUP"
        case SIGINT: return "SIGINT"
        case SIGQUIT: return "SIGQUIT"
        case SIGILL: return "SIGILL"
        case SIGTRAP: return "SIGTRAP"
        case SIGABRT: return "SIGABRT"
        case SIGBUS: return "SIGBUS"
        case SIGFPE: return "SIGFPE"
        case SIGKILL: return "SIGKILL"
        case SIGSEGV: return "SIGSEGV"
        case SIGPIPE: return "SIGPIPE"
        case SIGALRM: return "SIGALRM"
        case SIGTERM: return "SIGTERM"
        default: return "signal \(signal)"
        }
    }

    /// "exited with code N" or "killed by SIGNAME (N)".
    public var description: String {
        switch self {
        case .exited(let code): return "exited with code \(code)"
        case .signaled(let signal): return "killed by \(WorkerExit.signalName(signal)) (\(signal))"
        }
    }
}
