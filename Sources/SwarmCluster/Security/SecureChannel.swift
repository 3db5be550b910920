import Crypto
import Foundation
import Synchronization
import SwarmCore

/// Frames under construction, sent together by ``SecureChannel/send(_:)``.
///
/// Each frame is SwarmCore's frame (`UInt32` length, kind byte, body) whose
/// body starts with a 32-byte HMAC tag, filled in when the batch is sent.
/// Several small frames in one batch cost one `write`.
///
/// A large block of bytes appended with ``append(bytes:)`` (a task's
/// payload, say an array's rows) is not copied into the batch: it is kept
/// as an outside segment, covered by the tag where it stands in its frame
/// and written from where it lies with the rest in one vectored write.
/// On a machine where fresh memory costs a page fault and a zeroed page
/// per 4 KiB, the copy it saves was a large part of a scatter's time.
struct FrameBatch {
    /// A block (`range` of `bytes`) that stands in frame `frame` before inline byte `at`.
    struct Segment {
        var frame: Int
        var at: Int
        var bytes: [UInt8]
        var range: Range<Int>

        var count: Int { range.count }
        func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
            try bytes.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[range])) }
        }
    }

    private(set) var bytes: [UInt8] = []
    private(set) var starts: [Int] = []
    private(set) var segments: [Segment] = []

    /// Appended blocks at least this long become outside segments.
    static let segmentThreshold = 1 << 20

    var isEmpty: Bool { starts.isEmpty }

    /// Starts a new frame of `kind`; append its payload next.
    mutating func begin(kind: UInt8) {
        starts.append(bytes.count)
        bytes.append(contentsOf: [0, 0, 0, 0, kind])
        bytes.append(contentsOf: repeatElement(0, count: SecureChannel.tagSize))
    }

    /// Appends a value in SwarmCore's wire format to the current frame.
    mutating func append<T: Encodable>(_ value: T) throws {
        try BinaryEncoder().encode(value, appendingTo: &bytes)
    }

    /// Appends raw bytes to the current frame (a large block by reference).
    mutating func append(bytes more: [UInt8]) { append(bytes: more, range: more.indices) }

    /// Appends `range` of `more` to the current frame (a large block by reference).
    mutating func append(bytes more: [UInt8], range: Range<Int>) {
        if range.count >= FrameBatch.segmentThreshold && !starts.isEmpty {
            segments.append(Segment(frame: starts.count - 1, at: bytes.count, bytes: more, range: range))
        } else {
            bytes.append(contentsOf: more[range])
        }
    }

    /// Appends a fixed-width integer (little endian).
    mutating func append<I: FixedWidthInteger>(fixed value: I) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// Lets `body` append to the current frame in place (a remote call's result).
    mutating func withBytes<R>(_ body: (inout [UInt8]) throws -> R) rethrows -> R { try body(&bytes) }

    /// Drops the frames from `start` on (a frame whose building failed).
    mutating func truncate(toFrameCount count: Int) {
        guard count < starts.count else { return }
        bytes.removeSubrange(starts[count]...)
        starts.removeSubrange(count...)
        segments.removeAll { $0.frame >= count }
    }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: bytes.capacity <= 1 << 20)
        starts.removeAll(keepingCapacity: true)
        segments.removeAll()
    }

    /// The inline end of frame `index`.
    func end(ofFrame index: Int) -> Int { index + 1 < starts.count ? starts[index + 1] : bytes.count }

    /// The frame's segments, in order.
    func segments(ofFrame index: Int) -> ArraySlice<Segment> {
        guard let first = segments.firstIndex(where: { $0.frame == index }) else { return [] }
        let last = segments.lastIndex(where: { $0.frame == index })!
        return segments[first...last]
    }

    /// Calls `body` with the whole batch as pieces in wire order: inline
    /// runs and segments.
    func withPieces<R>(_ body: ([UnsafeRawBufferPointer]) throws -> R) rethrows -> R {
        guard !segments.isEmpty else { return try bytes.withUnsafeBytes { try body([$0]) } }
        return try bytes.withUnsafeBytes { inline in
            func nest(_ k: Int, _ from: Int, _ pieces: [UnsafeRawBufferPointer]) throws -> R {
                guard k < segments.count else {
                    return try body(pieces + [UnsafeRawBufferPointer(rebasing: inline[from...])])
                }
                let segment = segments[k]
                return try segment.withUnsafeBytes { block in
                    try nest(k + 1, segment.at, pieces + [UnsafeRawBufferPointer(rebasing: inline[from..<segment.at]), block])
                }
            }
            return try nest(0, 0, [])
        }
    }
}

/// A received, authenticated message: its kind and bytes; the payload starts at ``payloadOffset``.
struct ChannelMessage {
    var kind: UInt8
    var bytes: [UInt8]
    var payloadOffset: Int { SecureChannel.tagSize }
    var payloadCount: Int { bytes.count - SecureChannel.tagSize }
}

/// A framed stream (a socket, or MPI messages) on which every message is signed with the cluster
/// key (HMAC-SHA256) and numbered.
///
/// The tag covers the session id (chosen at random by the accepting side for
/// each connection), the direction, a sequence number, the kind and the
/// payload: a frame from another connection, a replayed or reordered frame or
/// one from the other direction fails, as does any change to its bytes.
/// A failed check throws ``ClusterError`` `.authentication`; the owner then
/// drops the connection.
///
/// Thread safety: any number of threads may send (sealing and writing happen
/// under one lock, so sequence numbers reach the wire in order); one thread receives.
final class SecureChannel: @unchecked Sendable {
    // @unchecked: `receiveSequence` is touched only by the single receiving
    // thread (documented above); sending state sits behind `sendState`.
    static let tagSize = 32

    let connection: any FrameTransport
    private let key: SymmetricKey
    private let session: [UInt8]
    private let sendDirection: UInt8
    private let sendState = Mutex<UInt64>(0)
    private var receiveSequence: UInt64 = 0

    /// Wraps `connection`. Both ends use the same `session`; `isAcceptor`
    /// picks the direction bytes (the side that chose the session is 1).
    init(connection: any FrameTransport, key: ClusterKey, session: [UInt8], isAcceptor: Bool) {
        self.connection = connection
        self.key = key.symmetric
        self.session = session
        self.sendDirection = isAcceptor ? 1 : 2
    }

    /// Signs and writes every frame of `batch`, then empties it.
    ///
    /// - Throws: ``WireError`` if the peer has gone.
    func send(_ batch: inout FrameBatch) throws {
        guard !batch.isEmpty else { return }
        try sendState.withLock { sequence in
            for i in batch.starts.indices {
                let segments = batch.segments(ofFrame: i)
                let start = batch.starts[i], end = batch.end(ofFrame: i)
                batch.withBytes { seal(&$0, start: start, end: end, segments: segments, sequence: sequence) }
                sequence &+= 1
            }
            if batch.segments.isEmpty {
                try connection.sendRaw(batch.bytes)
            } else {
                try batch.withPieces { try connection.sendRaw(pieces: $0) }
            }
        }
        batch.removeAll()
    }

    /// Sends one frame of `kind` whose payload `build` appends.
    func send(kind: UInt8, _ build: (inout FrameBatch) throws -> Void = { _ in }) throws {
        var batch = FrameBatch()
        batch.begin(kind: kind)
        try build(&batch)
        try send(&batch)
    }

    /// Receives and checks the next message; nil if `deadline` passed first.
    ///
    /// - Throws: ``ClusterError`` `.authentication` for a frame that fails the
    ///   check; ``WireError`` at end of stream or for a malformed frame.
    func receive(deadline: MonotonicInstant? = nil, spinNanoseconds: UInt64 = 0) throws -> ChannelMessage? {
        guard let frame = try connection.receive(deadline: deadline, spinNanoseconds: spinNanoseconds) else { return nil }
        guard frame.body.count >= SecureChannel.tagSize else {
            throw ClusterError(.authentication, "a frame of \(frame.body.count) bytes is too short to carry its tag")
        }
        let expected = tag(kind: frame.kind, direction: 3 - sendDirection, sequence: receiveSequence,
                           payload: frame.body, from: SecureChannel.tagSize)
        var difference: UInt8 = 0
        for i in 0..<SecureChannel.tagSize { difference |= expected[i] ^ frame.body[i] }
        guard difference == 0 else {
            throw ClusterError(.authentication, "frame \(receiveSequence) (kind \(frame.kind)) failed HMAC-SHA256 authentication: wrong cluster key, or a tampered or replayed frame")
        }
        receiveSequence &+= 1
        return ChannelMessage(kind: frame.kind, bytes: frame.body)
    }

    /// Whether a whole frame is already buffered (so a receive would not block).
    var hasBufferedFrame: Bool { connection.hasBufferedFrame }

    func close() { connection.close() }

    /// Writes the length and tag of the frame at `start..<end` (inline),
    /// whose body also holds `segments` where they stand.
    private func seal(_ bytes: inout [UInt8], start: Int, end: Int, segments: ArraySlice<FrameBatch.Segment>,
                      sequence: UInt64) {
        let outside = segments.reduce(0) { $0 + $1.count }
        let length = UInt32(truncatingIfNeeded: end - start - 4 + outside)
        withUnsafeBytes(of: length.littleEndian) { raw in
            for i in 0..<4 { bytes[start + i] = raw[i] }
        }
        let kind = bytes[start + 4]
        let tagStart = start + 5
        let code = bytes.withUnsafeBytes { raw -> [UInt8] in
            var mac = startTag(kind: kind, direction: sendDirection, sequence: sequence)
            var from = tagStart + SecureChannel.tagSize
            for segment in segments {
                mac.update(data: UnsafeRawBufferPointer(rebasing: raw[from..<segment.at]))
                segment.withUnsafeBytes { mac.update(data: $0) }
                from = segment.at
            }
            mac.update(data: UnsafeRawBufferPointer(rebasing: raw[from..<end]))
            return mac.finalize().withUnsafeBytes { Array($0) }
        }
        for i in 0..<SecureChannel.tagSize { bytes[tagStart + i] = code[i] }
    }

    private func tag(kind: UInt8, direction: UInt8, sequence: UInt64, payload: [UInt8], from offset: Int) -> [UInt8] {
        payload.withUnsafeBytes { raw in
            tagBytes(kind: kind, direction: direction, sequence: sequence,
                     payload: UnsafeRawBufferPointer(rebasing: raw[offset...]))
        }
    }

    private func tagBytes(kind: UInt8, direction: UInt8, sequence: UInt64, payload: UnsafeRawBufferPointer) -> [UInt8] {
        var mac = startTag(kind: kind, direction: direction, sequence: sequence)
        mac.update(data: payload)
        return mac.finalize().withUnsafeBytes { Array($0) }
    }

    /// An HMAC that has taken in what every tag covers before the payload:
    /// the session, the direction, the sequence number and the kind.
    private func startTag(kind: UInt8, direction: UInt8, sequence: UInt64) -> HMAC<SHA256> {
        var mac = HMAC<SHA256>(key: key)
        var header = session
        header.append(direction)
        withUnsafeBytes(of: sequence.littleEndian) { header.append(contentsOf: $0) }
        header.append(kind)
        mac.update(data: header)
        return mac
    }
}
