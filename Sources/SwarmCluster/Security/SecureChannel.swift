import Crypto
import Foundation
import Synchronization
import SwarmCore

/// Frames under construction, sent together by ``SecureChannel/send(_:)``.
///
/// Each frame is SwarmCore's frame (`UInt32` length, kind byte, body) whose
/// body starts with a 32-byte HMAC tag, filled in when the batch is sent.
/// Several small frames in one batch cost one `write`.
struct FrameBatch {
    private(set) var bytes: [UInt8] = []
    private(set) var starts: [Int] = []

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

    /// Appends raw bytes to the current frame.
    mutating func append(bytes more: [UInt8]) { bytes.append(contentsOf: more) }

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
    }

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: bytes.capacity <= 1 << 20)
        starts.removeAll(keepingCapacity: true)
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
            let starts = batch.starts
            try batch.withBytes { bytes in
                for (i, start) in starts.enumerated() {
                    let end = i + 1 < starts.count ? starts[i + 1] : bytes.count
                    seal(&bytes, start: start, end: end, sequence: sequence)
                    sequence &+= 1
                }
                try connection.sendRaw(bytes)
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

    private func seal(_ bytes: inout [UInt8], start: Int, end: Int, sequence: UInt64) {
        let length = UInt32(truncatingIfNeeded: end - start - 4)
        withUnsafeBytes(of: length.littleEndian) { raw in
            for i in 0..<4 { bytes[start + i] = raw[i] }
        }
        let kind = bytes[start + 4]
        let tagStart = start + 5
        let code = bytes.withUnsafeBytes { raw in
            tagBytes(kind: kind, direction: sendDirection, sequence: sequence,
                     payload: UnsafeRawBufferPointer(rebasing: raw[(tagStart + SecureChannel.tagSize)..<end]))
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
        var mac = HMAC<SHA256>(key: key)
        var header = session
        header.append(direction)
        withUnsafeBytes(of: sequence.littleEndian) { header.append(contentsOf: $0) }
        header.append(kind)
        mac.update(data: header)
        mac.update(data: payload)
        return mac.finalize().withUnsafeBytes { Array($0) }
    }
}
