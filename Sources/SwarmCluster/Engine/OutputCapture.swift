#if canImport(Glibc)
import Glibc
#endif

/// Captures what an engine's tasks write to stdout and stderr, task by task.
///
/// File descriptors 1 and 2 are pointed at two unlinked temporary files at
/// start; after each task the new bytes are read back and the files emptied,
/// so a task's output travels with its result (IPython's `stdout`/`stderr`
/// metadata) and memory stays flat. Costs two `lseek`s per task when nothing
/// was printed.
final class OutputCapture {
    private let outFD: Int32
    private let errFD: Int32
    /// At most this many bytes per stream and task are kept (the start of it).
    static let limit = 1 << 20

    init?() {
        // tmpfile(3): an unlinked file, gone when the engine exits.
        guard let outFile = tmpfile(), let errFile = tmpfile() else { return nil }
        let out = fileno(outFile), err = fileno(errFile)
        fflush(nil)
        guard dup2(out, 1) >= 0, dup2(err, 2) >= 0 else { return nil }
        outFD = out
        errFD = err
    }

    /// The bytes written since the last call: (stdout, stderr).
    func take() -> ([UInt8], [UInt8]) {
        fflush(nil)  // every stdio stream: print's buffered output reaches the files
        return (drain(outFD), drain(errFD))
    }

    private func drain(_ fd: Int32) -> [UInt8] {
        let size = lseek(fd, 0, SEEK_END)
        guard size > 0 else { return [] }
        let count = min(Int(size), OutputCapture.limit)
        var bytes = [UInt8](repeating: 0, count: count)
        let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, 0) }
        _ = ftruncate(fd, 0)
        _ = lseek(fd, 0, SEEK_SET)
        if n < count { bytes.removeLast(count - max(n, 0)) }
        return bytes
    }
}
