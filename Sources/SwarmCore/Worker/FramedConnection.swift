#if canImport(Glibc)
import Glibc
#endif

/// One message on a worker connection: a kind byte and a body.
public struct Frame: Sendable {
    /// What the message is; the protocol on top gives the values meaning.
    public var kind: UInt8
    /// The message's bytes.
    public var body: [UInt8]

    /// Creates a frame.
    public init(kind: UInt8, body: [UInt8]) {
        self.kind = kind
        self.body = body
    }

    /// The largest body a peer may announce; anything larger is treated as hostile.
    public static let maximumBodySize = 1 << 31

    /// Appends this frame's wire form (`UInt32` little-endian length of kind and
    /// body, then the kind byte, then the body) to `buffer`.
    public static func append(kind: UInt8, body: [UInt8], to buffer: inout [UInt8]) {
        let length = UInt32(truncatingIfNeeded: body.count + 1)
        withUnsafeBytes(of: length.littleEndian) { buffer.append(contentsOf: $0) }
        buffer.append(kind)
        buffer.append(contentsOf: body)
    }
}

/// A stream socket carrying length-prefixed ``Frame``s, with a read buffer so
/// that several small frames arriving together cost one `read`.
///
/// Thread safety: one thread may send while another receives; two concurrent
/// senders or two concurrent receivers are not allowed (the pool gives each
/// worker one owning thread).
public final class FramedConnection: @unchecked Sendable {
    // @unchecked: the read buffer is touched only by the one receiving thread,
    // and writes go straight to the kernel; see the type's documentation.
    /// The socket's file descriptor. Owned: closed by ``close()`` or `deinit`.
    public let fd: Int32
    private var storage = [UInt8](repeating: 0, count: 1 << 16)
    private var start = 0
    private var end = 0
    private var isClosed = false
    /// The largest body this connection accepts; larger announced lengths are
    /// refused before anything is allocated. Lower it while the peer is not
    /// yet authenticated (set it from the receiving thread).
    public var bodyLimit = Frame.maximumBodySize

    /// Takes ownership of a connected stream socket.
    public init(fd: Int32) {
        self.fd = fd
    }

    deinit { close() }

    /// Closes the socket; later sends and receives fail with `.closed`.
    public func close() {
        if !isClosed {
            isClosed = true
            _ = Glibc.close(fd)
        }
    }

    /// Shuts the socket down in both directions without closing the
    /// descriptor: a thread blocked in ``receive(deadline:spinNanoseconds:)``
    /// wakes with end of stream, and the peer sees it too.
    public func shutdownSocket() {
        _ = Glibc.shutdown(fd, Int32(SHUT_RDWR))
    }

    /// Writes `bytes` completely (one or more frames built with ``Frame/append(kind:body:to:)``).
    ///
    /// - Throws: ``WireError`` `.closed` if the peer has gone, `.io` on other failures.
    public func sendRaw(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if n > 0 {
                    offset += n
                } else if n < 0 && errno == EINTR {
                    continue
                } else if n < 0 && (errno == EPIPE || errno == ECONNRESET) {
                    throw WireError(.closed, "peer closed the connection while sending")
                } else {
                    throw WireError(.io, "send failed: errno \(errno)")
                }
            }
        }
    }

    /// Writes `pieces` completely and in order, with vectored writes
    /// (`sendmsg`), so that large blocks go to the kernel from where they
    /// lie instead of being joined into one buffer first.
    ///
    /// - Throws: as ``sendRaw(_:)``.
    public func sendRaw(pieces: [UnsafeRawBufferPointer]) throws {
        var vectors = pieces.filter { $0.count > 0 }.map {
            iovec(iov_base: UnsafeMutableRawPointer(mutating: $0.baseAddress), iov_len: $0.count)
        }
        var first = 0
        while first < vectors.count {
            let batch = Swift.min(vectors.count - first, 512)  // IOV_MAX is 1024 on Linux
            let n = vectors.withUnsafeMutableBufferPointer { v -> Int in
                var message = msghdr()
                message.msg_iov = v.baseAddress! + first
                message.msg_iovlen = batch
                return Glibc.sendmsg(fd, &message, Int32(MSG_NOSIGNAL))
            }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE || errno == ECONNRESET { throw WireError(.closed, "peer closed the connection while sending") }
                throw WireError(.io, "sendmsg failed: errno \(errno)")
            }
            // Step past what was written: whole pieces, then part of one.
            var written = n
            while written > 0 && first < vectors.count {
                if written >= vectors[first].iov_len {
                    written -= vectors[first].iov_len
                    first += 1
                } else {
                    vectors[first].iov_base += written
                    vectors[first].iov_len -= written
                    written = 0
                }
            }
        }
    }

    /// Sends one frame.
    ///
    /// - Throws: as ``sendRaw(_:)``.
    public func send(kind: UInt8, body: [UInt8]) throws {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(body.count + 5)
        Frame.append(kind: kind, body: body, to: &bytes)
        try sendRaw(bytes)
    }

    /// Receives the next frame, waiting until `deadline` (or for ever if nil).
    ///
    /// - Parameters:
    ///   - deadline: when to give up and return nil; nil waits for ever.
    ///   - spinNanoseconds: how long to poll without sleeping before blocking,
    ///     for a caller that expects the answer within microseconds and has a
    ///     core to spare (a sleeping thread takes several microseconds to wake).
    /// - Returns: the frame, or nil if the deadline passed first.
    /// - Throws: ``WireError`` `.closed` at end of stream, `.malformed` for an
    ///   absurd length, `.io` if the read fails.
    public func receive(deadline: MonotonicInstant? = nil, spinNanoseconds: UInt64 = 0) throws -> Frame? {
        var spinUntil = spinNanoseconds > 0 ? MonotonicInstant.now.nanoseconds &+ spinNanoseconds : 0
        while true {
            if let frame = try parseBuffered() { return frame }
            if spinUntil > 0 {
                var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                var turns = 0
                while poll(&pfd, 1, 0) == 0 && MonotonicInstant.now.nanoseconds < spinUntil {
                    turns += 1
                    if turns & 15 == 0 { sched_yield() }
                }
                spinUntil = 0
            }
            if let deadline {
                var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                let rc = poll(&pfd, 1, deadline.millisecondsFromNow)
                if rc == 0 { return nil }
                if rc < 0 && errno != EINTR { throw WireError(.io, "poll failed: errno \(errno)") }
                if rc < 0 { continue }
            }
            if let length = pendingLargeFrameLength() { return try receiveLarge(length) }
            try fill()
        }
    }

    /// Frames at least this long are read straight into their own array:
    /// one copy instead of two, and the read buffer does not grow to their size.
    static let directReadThreshold = 1 << 20

    /// The length of a large frame whose start (length and kind) is buffered.
    private func pendingLargeFrameLength() -> Int? {
        guard end - start >= 5, let length = bufferedLength(), length >= FramedConnection.directReadThreshold,
              length <= bodyLimit, end - start < 4 + length else { return nil }
        return length
    }

    /// Reads the rest of a large frame into its body array (blocking: the peer is sending it).
    private func receiveLarge(_ length: Int) throws -> Frame {
        let kind = storage[start + 4]
        let bodyCount = length - 1
        let have = end - start - 5
        let body = try [UInt8](unsafeUninitializedCapacity: bodyCount) { buffer, initialized in
            storage.withUnsafeBytes { raw in
                UnsafeMutableRawPointer(buffer.baseAddress!).copyMemory(from: raw.baseAddress! + start + 5, byteCount: have)
            }
            var filled = have
            while filled < bodyCount {
                let r = Glibc.read(fd, buffer.baseAddress! + filled, bodyCount - filled)
                if r > 0 { filled += r; continue }
                if r < 0 && errno == EINTR { continue }
                if r == 0 || errno == ECONNRESET { throw WireError(.closed, "peer closed the connection inside a frame") }
                throw WireError(.io, "read failed: errno \(errno)")
            }
            initialized = bodyCount
        }
        start = 0
        end = 0
        return Frame(kind: kind, body: body)
    }

    /// Whether a whole frame is already buffered, so `receive` would not block.
    public var hasBufferedFrame: Bool {
        guard let length = bufferedLength() else { return false }
        return end - start >= 4 + length
    }

    private func bufferedLength() -> Int? {
        guard end - start >= 4 else { return nil }
        return storage.withUnsafeBytes {
            Int(UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: start, as: UInt32.self)))
        }
    }

    private func parseBuffered() throws -> Frame? {
        guard let length = bufferedLength() else { return nil }
        guard length >= 1, length <= bodyLimit else {
            throw WireError(.malformed, "frame length \(length) is out of range (at most \(bodyLimit))")
        }
        guard end - start >= 4 + length else {
            // Make room for the whole frame so the next reads can complete it
            // (a large one is read into its own array instead).
            if length < FramedConnection.directReadThreshold { reserve(4 + length) }
            return nil
        }
        let kind = storage[start + 4]
        let body = Array(storage[(start + 5)..<(start + 4 + length)])
        start += 4 + length
        if start == end { start = 0; end = 0 }
        return Frame(kind: kind, body: body)
    }

    /// Ensures the buffer can hold `total` bytes from `start`, compacting or growing it.
    private func reserve(_ total: Int) {
        if storage.count - start >= total { return }
        if start > 0 {
            storage.withUnsafeMutableBytes { raw in
                raw.baseAddress!.copyMemory(from: raw.baseAddress! + start, byteCount: end - start)
            }
            end -= start
            start = 0
        }
        if storage.count < total {
            storage.append(contentsOf: repeatElement(0, count: total - storage.count))
        }
    }

    /// Reads more bytes from the socket into the buffer (blocking).
    private func fill() throws {
        if end == storage.count { reserve(end - start + (1 << 16)) }
        let space = storage.count - end
        let n = storage.withUnsafeMutableBytes { raw -> Int in
            while true {
                let r = Glibc.read(fd, raw.baseAddress! + end, space)
                if r < 0 && errno == EINTR { continue }
                return r
            }
        }
        if n == 0 { throw WireError(.closed, "peer closed the connection") }
        if n < 0 {
            if errno == ECONNRESET { throw WireError(.closed, "peer reset the connection") }
            throw WireError(.io, "read failed: errno \(errno)")
        }
        end += n
    }
}
