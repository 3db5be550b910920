#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// The worker side of the protocol: runs in a child started by ``WorkerProcess``.
///
/// Started from the C constructor before `main` (see `CSwarmCore`), it says
/// hello, then runs calls one at a time in arrival order and answers each with
/// a result or a failure frame. It exits on a shutdown frame, at end of stream,
/// or when its parent dies (a watchdog notices the new parent id), so that no
/// worker outlives its pool.
@_cdecl("swarm_worker_main")
public func _swarmWorkerMain(_ fd: Int32) {
    signal(SIGPIPE, SIG_IGN)
    let parent = getppid()
    startParentWatchdog(parent: parent)
    let connection = FramedConnection(fd: fd)
    var pid = getpid()
    do {
        try connection.send(kind: WorkerMessage.hello, body: withUnsafeBytes(of: &pid) { Array($0) })
        while true {
            // No spinning here: on two cores a spinning worker takes the core
            // that the pool's own threads need (measured: round trips got slower).
            guard let frame = try connection.receive() else { continue }
            switch frame.kind {
            case WorkerMessage.call:
                try connection.sendRaw(handleCall(frame.body, pid: pid))
            case WorkerMessage.ping:
                try connection.send(kind: WorkerMessage.pong, body: frame.body)
            case WorkerMessage.shutdown:
                return
            default:
                return  // a parent that breaks the protocol gets no answer
            }
        }
    } catch {
        return  // end of stream: the parent closed us or died
    }
}

/// Runs one call frame and returns the reply frame's bytes.
private func handleCall(_ body: [UInt8], pid: Int32) -> [UInt8] {
    var reply: [UInt8] = []
    var id: UInt64 = 0
    do {
        var offset = 0
        id = try BinaryDecoder().decode(UInt64.self, from: body, offset: &offset)
        let typeName = try BinaryDecoder().decode(String.self, from: body, offset: &offset)
        let type: any RemoteCallable.Type
        do {
            type = try RemoteTypeCache.lookUp(typeName)
        } catch {
            return failureFrame(id: id, RemoteFailure(error, kind: .unknownFunction, pid: pid))
        }
        // The reply frame is built in place: length (patched below), kind, id, result.
        reply.reserveCapacity(body.count + 64)
        reply.append(contentsOf: [0, 0, 0, 0, WorkerMessage.result])
        withUnsafeBytes(of: id.littleEndian) { reply.append(contentsOf: $0) }
        try type._handleRemoteCall(body, payloadAt: offset, reply: &reply)
        let length = UInt32(truncatingIfNeeded: reply.count - 4)
        withUnsafeBytes(of: length.littleEndian) { raw in
            for i in 0..<4 { reply[i] = raw[i] }
        }
        return reply
    } catch let failure as RemoteCallFailure {
        return failureFrame(id: id, RemoteFailure(failure.underlying, kind: failure.kind, pid: pid))
    } catch {
        return failureFrame(id: id, RemoteFailure(error, kind: .thrown, pid: pid))
    }
}

private func failureFrame(id: UInt64, _ failure: RemoteFailure) -> [UInt8] {
    var body: [UInt8] = []
    withUnsafeBytes(of: id.littleEndian) { body.append(contentsOf: $0) }
    var fallback = failure
    let encoded: [UInt8]
    if let bytes = try? BinaryEncoder().encode(failure) {
        encoded = bytes
    } else {
        fallback.payload = nil
        encoded = (try? BinaryEncoder().encode(fallback)) ?? []
    }
    var reply: [UInt8] = []
    Frame.append(kind: WorkerMessage.failure, body: body + encoded, to: &reply)
    return reply
}

/// Thrown by a ``RemoteCallable`` handler to say which stage failed (decoding
/// the arguments, encoding the result) around the user's own error.
public struct RemoteCallFailure: Error {
    /// The stage that failed.
    public var kind: RemoteFailure.Kind
    /// The error from that stage.
    public var underlying: any Error

    /// Wraps `underlying` as a failure of stage `kind`.
    public init(_ kind: RemoteFailure.Kind, _ underlying: any Error) {
        self.kind = kind
        self.underlying = underlying
    }
}

/// Exits this process (code 70) if its parent goes away, even while a call
/// is running: pool workers and local cluster engines must not outlive the
/// process that started them.
public func startParentWatchdog(parent: pid_t) {
    let thread = Thread {
        while true {
            usleep(100_000)
            if getppid() != parent { _exit(70) }
        }
    }
    thread.stackSize = 64 << 10
    thread.start()
}
