#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SwarmCore
import SwarmScheduler

/// The engine side of the cluster protocol: says hello, then runs tasks one at
/// a time in arrival order, answering each with a result frame.
///
/// Each result leaves as soon as its task ends, before the next task starts:
/// a task that kills the engine must not take finished results with it (they
/// would be lost, or run twice on a retry). Incoming tasks are still read
/// many frames per `read`.
struct EngineLoop {
    let channel: SecureChannel
    let hello: EngineHello
    /// Read frames on a thread of their own, so that an abort frame or the
    /// controller's end stops the engine even mid-task (an engine that joined
    /// over the network cannot be killed by its controller). Local engines
    /// need not: their controller kills the process.
    var readsAhead = false

    /// Says hello and runs tasks until shutdown or end of stream.
    ///
    /// - Throws: ``ClusterError`` if the controller does not welcome the
    ///   engine (it drops engines whose key is wrong).
    func run() throws {
        let capture = OutputCapture()
        do {
            try channel.send(kind: ClusterMessage.hello) { try $0.append(hello) }
            guard let welcome = try channel.receive(deadline: .after(seconds: 30)),
                  welcome.kind == ClusterMessage.welcome
            else { throw ClusterError(.connection, "the controller did not welcome this engine") }
        } catch let error as WireError {
            throw ClusterError(.authentication, "the controller dropped this engine (a wrong key?): \(error.message)")
        }
        let next: () throws -> ChannelMessage? = readsAhead ? startReader() : { try channel.receive() }
        var batch = FrameBatch()
        do {
            while true {
                guard let message = try next() else { continue }
                switch message.kind {
                case ClusterMessage.task:
                    runTask(message, capture: capture, into: &batch)
                    try channel.send(&batch)
                case ClusterMessage.shutdown:
                    return
                case ClusterMessage.abort:
                    _exit(75)
                default:
                    return  // a controller that breaks the protocol gets no answer
                }
            }
        } catch {
            return  // end of stream, or a frame that failed authentication
        }
    }

    /// Starts the reading thread; returns the function that takes its frames.
    private func startReader() -> () throws -> ChannelMessage? {
        let queue = ConditionLock<(messages: [ChannelMessage], ended: Bool)>(([], false))
        let thread = Thread { [channel] in
            while true {
                do {
                    guard let message = try channel.receive() else { continue }
                    if message.kind == ClusterMessage.abort { _exit(75) }
                    let isShutdown = message.kind == ClusterMessage.shutdown
                    queue.withLock { $0.messages.append(message) }
                    queue.broadcast()
                    if isShutdown { return }
                } catch {
                    // The controller is gone: no one will take this engine's results.
                    _exit(0)
                }
            }
        }
        thread.stackSize = 256 << 10
        thread.start()
        return {
            queue.wait(until: { !$0.messages.isEmpty || $0.ended }) { q, _ in
                q.messages.isEmpty ? nil : q.messages.removeFirst()
            }
        }
    }

    private func runTask(_ message: ChannelMessage, capture: OutputCapture?, into batch: inout FrameBatch) {
        var offset = message.payloadOffset
        let framesBefore = batch.starts.count
        var id: UInt64 = 0
        let started = Date().timeIntervalSince1970
        var succeeded = false
        batch.begin(kind: ClusterMessage.result)
        do {
            let header = try TaskHeader.read(message.bytes, offset: &offset)
            id = header.id
            appendHeader(&batch, id: id, succeeded: false, started: started)
            let type: any RemoteCallable.Type
            do {
                type = try RemoteTypeCache.lookUp(header.typeName)
            } catch {
                throw RemoteCallFailure(.unknownFunction, error)
            }
            let payloadOffset = offset
            if type == PullCall.self, let form = try PullCall.wireForm(message.bytes, payloadAt: payloadOffset),
               form.range.count >= FrameBatch.segmentThreshold {
                // A large value still in the form it arrived in goes back
                // from where it lies, uncopied (a gather after a scatter).
                batch.append(bytes: form.bytes, range: form.range)
            } else {
                try batch.withBytes { try type._handleRemoteCall(message.bytes, payloadAt: payloadOffset, reply: &$0) }
            }
            succeeded = true
        } catch {
            // Start the frame again: a half-written result must not travel.
            batch.truncate(toFrameCount: framesBefore)
            batch.begin(kind: ClusterMessage.result)
            appendHeader(&batch, id: id, succeeded: false, started: started)
            let failure: RemoteFailure
            if let staged = error as? RemoteCallFailure {
                failure = RemoteFailure(staged.underlying, kind: staged.kind, pid: hello.pid)
            } else {
                failure = RemoteFailure(error, kind: .thrown, pid: hello.pid)
            }
            var fallback = failure
            if (try? batch.append(failure)) == nil {
                fallback.payload = nil
                try? batch.append(fallback)
            }
        }
        let finished = Date().timeIntervalSince1970
        let start = batch.starts[framesBefore] + 5 + SecureChannel.tagSize
        batch.withBytes { bytes in
            bytes[start + 8] = succeeded ? 1 : 0
            withUnsafeBytes(of: finished.bitPattern.littleEndian) { raw in
                for i in 0..<8 { bytes[start + 17 + i] = raw[i] }
            }
        }
        let (out, err) = capture?.take() ?? ([], [])
        batch.append(bytes: out)
        batch.append(bytes: err)
        batch.append(fixed: UInt32(out.count))
        batch.append(fixed: UInt32(err.count))
    }

    private func appendHeader(_ batch: inout FrameBatch, id: UInt64, succeeded: Bool, started: Double) {
        batch.append(fixed: id)
        batch.append(fixed: UInt8(succeeded ? 1 : 0))
        batch.append(fixed: started.bitPattern)
        batch.append(fixed: Double(0).bitPattern)
    }
}

/// The entry point of a local engine process (`EXE --swarm-engine FD`), called
/// by SwarmCore's C constructor before `main`.
///
/// The first frame on the private socket pair, unsigned, carries the session
/// id, the key and the engine's capacity; from then on every frame is signed.
/// The engine exits when its controller's process (its parent) goes away.
@_cdecl("swarm_engine_main")
public func _swarmEngineMain(_ fd: Int32) {
    signal(SIGPIPE, SIG_IGN)
    startParentWatchdog(parent: getppid())
    // Its parent is its controller's process: memory transfers read from it.
    EngineMemory.controllerPID.store(getppid(), ordering: .relaxed)
    let connection = FramedConnection(fd: fd)
    guard let boot = try? connection.receive(deadline: .after(seconds: 30)),
          boot.kind == ClusterMessage.sessionStart,
          let bootstrap = try? BinaryDecoder().decode(LocalBootstrap.self, from: boot.body)
    else { _exit(71) }
    let channel = SecureChannel(connection: connection, key: ClusterKey(bytes: bootstrap.key),
                                session: bootstrap.session, isAcceptor: false)
    let hello = EngineHello(pid: getpid(), host: ProcessInfo.processInfo.hostName, capacity: bootstrap.capacity)
    try? EngineLoop(channel: channel, hello: hello).run()
}

/// What a local engine learns from its parent before the signed protocol starts.
struct LocalBootstrap: Codable {
    var session: [UInt8]
    var key: [UInt8]
    var capacity: Resources
}

