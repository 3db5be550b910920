import SwarmCore
import SwarmScheduler

/// Frame kinds of the cluster protocol (controller ↔ engine).
///
/// Every frame but ``sessionStart`` is signed (see ``SecureChannel``).
enum ClusterMessage {
    /// acceptor → peer, unsigned, first: the 16-byte session id. On a local
    /// engine's private socket pair it also carries the key and the engine's capacity.
    static let sessionStart: UInt8 = 20
    /// engine → controller: an ``EngineHello``.
    static let hello: UInt8 = 21
    /// controller → engine: the engine's id (`Int64`).
    static let welcome: UInt8 = 22
    /// controller → engine: run a task. ``TaskHeader``, then the call's payload.
    static let task: UInt8 = 23
    /// engine → controller: a task ended. ``ResultHeader``, then the result (or
    /// an encoded ``RemoteFailure``), then the captured output and its trailer.
    static let result: UInt8 = 24
    /// controller → engine: finish and exit.
    static let shutdown: UInt8 = 26
    /// controller → engine: exit at once, even mid-task (cancel of a running task
    /// on an engine that is not the controller's child).
    static let abort: UInt8 = 27
}

/// What an engine says about itself when it joins.
struct EngineHello: Codable, Sendable {
    var pid: Int32
    var host: String
    var capacity: Resources
}

/// The fixed part of a task frame.
struct TaskHeader {
    var id: UInt64
    var typeName: String

    func append(to batch: inout FrameBatch) throws {
        batch.append(fixed: id)
        try batch.append(typeName)
    }

    /// Reads a header; `offset` ends at the call's payload.
    static func read(_ bytes: [UInt8], offset: inout Int) throws -> TaskHeader {
        let id = try BinaryDecoder().decode(UInt64.self, from: bytes, offset: &offset)
        let name = try BinaryDecoder().decode(String.self, from: bytes, offset: &offset)
        return TaskHeader(id: id, typeName: name)
    }
}

/// The fixed part of a result frame: task id, success, and the engine's wall
/// clock (seconds since 1970) when the task started and finished.
///
/// The payload follows; the frame ends with the captured stdout and stderr
/// and a trailer of their two lengths (`UInt32` each), so that the payload
/// can be written in place while the task runs and the output added after.
struct ResultHeader {
    static let size = 8 + 1 + 8 + 8
    static let trailerSize = 8
    var id: UInt64
    var succeeded: Bool
    var started: Double
    var finished: Double
}

/// The parts of a received result frame.
struct ResultFrame {
    var header: ResultHeader
    /// The message's bytes, cut to end at the payload.
    var bytes: [UInt8]
    var payloadOffset: Int
    var stdout: [UInt8]
    var stderr: [UInt8]

    /// Splits an authenticated result message, taking its bytes (no copy).
    ///
    /// - Throws: ``WireError`` `.malformed` if the lengths do not fit.
    init(_ message: inout ChannelMessage) throws {
        var bytes: [UInt8] = []
        swap(&bytes, &message.bytes)
        let start = message.payloadOffset
        guard bytes.count >= start + ResultHeader.size + ResultHeader.trailerSize else {
            throw WireError(.malformed, "a result frame of \(bytes.count) bytes is too short")
        }
        func fixed<T: FixedWidthInteger>(_ at: Int, _: T.Type) -> T {
            bytes.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: at, as: T.self)) }
        }
        let id = fixed(start, UInt64.self)
        let ok = bytes[start + 8] != 0
        let started = Double(bitPattern: fixed(start + 9, UInt64.self))
        let finished = Double(bitPattern: fixed(start + 17, UInt64.self))
        let outCount = Int(fixed(bytes.count - 8, UInt32.self))
        let errCount = Int(fixed(bytes.count - 4, UInt32.self))
        let payloadEnd = bytes.count - ResultHeader.trailerSize - outCount - errCount
        guard payloadEnd >= start + ResultHeader.size else {
            throw WireError(.malformed, "a result frame's output lengths \(outCount)+\(errCount) exceed its size")
        }
        stdout = Array(bytes[payloadEnd..<(payloadEnd + outCount)])
        stderr = Array(bytes[(payloadEnd + outCount)..<(payloadEnd + outCount + errCount)])
        bytes.removeLast(bytes.count - payloadEnd)
        header = ResultHeader(id: id, succeeded: ok, started: started, finished: finished)
        self.bytes = bytes
        payloadOffset = start + ResultHeader.size
    }
}
