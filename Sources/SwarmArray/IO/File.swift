import CSwarmKernels
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file opened with POSIX calls (SwarmArray reads and writes arrays
/// straight between files and element storage, with no buffer between).
/// Closed when the value goes away.
final class _File {
    let fd: Int32
    let path: String

    /// `rewrite` opens a file for writing without truncating it: its blocks
    /// are written over in place (see ``NDArray/save(path:byteOrder:order:)``).
    enum Mode { case read, create, rewrite, readWrite }

    init(_ path: String, _ mode: Mode) throws(NDArrayError) {
        self.path = path
        let flags: Int32
        switch mode {
        case .read: flags = O_RDONLY | O_CLOEXEC
        case .create: flags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC
        case .rewrite: flags = O_WRONLY | O_CREAT | O_CLOEXEC
        case .readWrite: flags = O_RDWR | O_CLOEXEC
        }
        let fd = open(path, flags, 0o644)
        guard fd >= 0 else { throw _File.error("cannot open", path) }
        self.fd = fd
    }

    deinit { close(fd) }

    static func error(_ what: String, _ path: String) -> NDArrayError {
        let e = errno
        return NDArrayError(.system, "\(what): \(String(cString: strerror(e)))", path: path, errno: e)
    }

    var size: Int {
        get throws(NDArrayError) {
            var st = stat()
            guard fstat(fd, &st) == 0 else { throw _File.error("cannot stat", path) }
            return Int(st.st_size)
        }
    }

    /// Reads exactly `count` bytes at `offset` into `buffer`.
    func read(into buffer: UnsafeMutableRawPointer, count: Int, at offset: Int) throws(NDArrayError) {
        var done = 0
        while done < count {
            let n = pread(fd, buffer + done, Swift.min(count - done, 1 << 30), off_t(offset + done))
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw _File.error("cannot read", path) }
            guard n > 0 else { throw NDArrayError(.malformed, "file ended after \(offset + done) bytes, \(offset + count) expected", path: path) }
            done += n
        }
    }

    /// Reads up to `count` bytes at `offset`; returns how many there were.
    func readSome(into buffer: UnsafeMutableRawPointer, count: Int, at offset: Int) throws(NDArrayError) -> Int {
        var done = 0
        while done < count {
            let n = pread(fd, buffer + done, count - done, off_t(offset + done))
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw _File.error("cannot read", path) }
            if n == 0 { break }
            done += n
        }
        return done
    }

    /// Reserves `count` bytes of disk from `offset` without changing the
    /// file's size, as NumPy does before it writes an array: the file system
    /// then allocates the blocks at once instead of page by page during the
    /// write (about 4 times faster for large files on ext4). A file system
    /// that cannot do it is simply written without.
    func preallocate(at offset: Int, count: Int) {
        guard count >= 1 << 20 else { return }
        _ = swarm_preallocate(fd, Int64(offset), Int64(count))
    }

    /// Moves the write position to `offset`.
    func seek(to offset: Int) throws(NDArrayError) {
        guard lseek(fd, off_t(offset), SEEK_SET) == off_t(offset) else { throw _File.error("cannot seek", path) }
    }

    /// Sets the file's size (cutting off what lies beyond).
    func truncate(to size: Int) throws(NDArrayError) {
        guard ftruncate(fd, off_t(size)) == 0 else { throw _File.error("cannot set the size of", path) }
    }

    /// Writes all `count` bytes at the current position.
    func write(_ buffer: UnsafeRawPointer, count: Int) throws(NDArrayError) {
        var done = 0
        while done < count {
            let n = Glibc.write(fd, buffer + done, Swift.min(count - done, 1 << 30))
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw _File.error("cannot write", path) }
            done += n
        }
    }

    func write(_ bytes: [UInt8]) throws(NDArrayError) {
        var failure: NDArrayError?
        bytes.withUnsafeBytes { raw in
            do throws(NDArrayError) { try write(raw.baseAddress!, count: raw.count) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Writes `bytes` at `offset`, leaving the current position as it is.
    func write(_ bytes: [UInt8], at offset: Int) throws(NDArrayError) {
        let ok = bytes.withUnsafeBytes { raw in pwrite(fd, raw.baseAddress!, raw.count, off_t(offset)) == raw.count }
        guard ok else { throw _File.error("cannot write", path) }
    }

    /// The whole file's bytes.
    func readAll() throws(NDArrayError) -> [UInt8] {
        let n = try size
        var bytes = [UInt8](repeating: 0, count: n)
        var result: Result<Int, NDArrayError> = .success(0)
        bytes.withUnsafeMutableBytes { raw in
            result = Result { () throws(NDArrayError) in try readSome(into: raw.baseAddress!, count: n, at: 0) }
        }
        bytes.removeLast(n - (try result.get()))
        return bytes
    }
}
