import CSwarmCore
#if canImport(Glibc)
import Glibc
#endif

/// Copies bytes straight between this process's memory and another local
/// process's (Linux's cross-memory attach, `process_vm_readv`).
///
/// One copy, done by the kernel, with no socket, pipe or shared file in
/// between: the way MPI libraries move large messages between processes
/// of one machine. The kernel allows it only where this process could trace
/// the other (same user, and on kernels with Yama's `ptrace_scope` = 1, only a
/// parent reading its own descendants), so callers probe before they rely on
/// it and keep another path for when it is refused.
///
/// ```swift
/// var value: UInt64 = 0
/// try ProcessMemory.read(from: child.pid, address: remoteAddress,
///                        into: &value, count: 8)
/// ```
public enum ProcessMemory {
    /// Copies `count` bytes at `address` in process `pid` into `destination`.
    ///
    /// - Throws: ``WireError`` `.io` when the kernel refuses (no permission,
    ///   no such process, an address that is not mapped there).
    public static func read(from pid: Int32, address: UInt64, into destination: UnsafeMutableRawPointer,
                            count: Int) throws(WireError) {
        try transfer("read \(count) bytes from process \(pid)", count: count) { done in
            cswarm_process_vm_read(pid, destination + done, UInt(address) + UInt(done), UInt(count - done))
        }
    }

    /// Lets process `pid` (a child this process started) read this
    /// process's memory on kernels whose Yama `ptrace_scope` is 1, where by
    /// default only a parent may read its descendants. Where the kernel has
    /// no Yama or forbids more, it changes nothing.
    public static func allowReads(by pid: Int32) {
        _ = cswarm_allow_tracer(pid)
    }

    /// Repeats `step` (given the bytes done so far; it answers the bytes it
    /// moved, or -errno) until `count` bytes have moved: the kernel may move fewer.
    private static func transfer(_ what: @autoclosure () -> String, count: Int, _ step: (Int) -> Int) throws(WireError) {
        var done = 0
        while done < count {
            let n = step(done)
            if n > 0 { done += n; continue }
            throw failure(what(), n, done: done)
        }
    }

    private static func failure(_ what: String, _ result: Int, done: Int) -> WireError {
        let code = Int32(-result)
        let reason = result == 0 ? "no progress" : (String(validatingCString: strerror(code)) ?? "errno \(code)")
        return WireError(.io, "could not \(what) after \(done) bytes: \(reason)")
    }
}
