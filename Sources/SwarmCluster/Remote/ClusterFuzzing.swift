#if canImport(Glibc)
import Glibc
#endif
import SwarmCore

/// The entry point of the frame-decoder fuzz target (`Fuzz/Sources/FuzzCluster`).
/// Not API: it exists so that libFuzzer can reach the internal decoders.
public enum _ClusterFuzzing {
    private static let key = ClusterKey(bytes: Array(repeating: 1, count: 32))
    private static let session = [UInt8](repeating: 2, count: 16)

    /// Feeds `bytes` to the cluster's decoders twice: as a raw byte stream
    /// arriving on a controller's socket (which must refuse it without
    /// crashing), and signed with the right key, as the payload of each kind
    /// of message, so that the decoders behind authentication see it too.
    public static func run(_ bytes: [UInt8]) {
        stream(bytes)
        guard let kind = bytes.first else { return }
        signed(kind: kind, payload: Array(bytes.dropFirst()))
    }

    private static func pair() -> (FramedConnection, FramedConnection)? {
        var fds: [Int32] = [0, 0]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds) == 0 else { return nil }
        return (FramedConnection(fd: fds[0]), FramedConnection(fd: fds[1]))
    }

    private static func stream(_ bytes: [UInt8]) {
        guard bytes.count <= 1 << 16, let (writer, reader) = pair() else { return }
        try? writer.sendRaw(bytes)
        writer.shutdownSocket()
        reader.bodyLimit = 1 << 20  // as the server's limit before a peer has authenticated
        let channel = SecureChannel(connection: reader, key: key, session: session, isAcceptor: true)
        while let message = try? channel.receive(deadline: .now) { dispatch(message) }
    }

    private static func signed(kind: UInt8, payload: [UInt8]) {
        guard payload.count <= 1 << 16, let (writer, reader) = pair() else { return }
        let sender = SecureChannel(connection: writer, key: key, session: session, isAcceptor: false)
        let receiver = SecureChannel(connection: reader, key: key, session: session, isAcceptor: true)
        try? sender.send(kind: kind) { $0.append(bytes: payload) }
        guard let message = try? receiver.receive(deadline: .after(seconds: 1)) else { return }
        dispatch(message)
    }

    /// What the controller, an engine or a client does with a message of each kind.
    private static func dispatch(_ message: ChannelMessage) {
        var taken = message
        let bytes = message.bytes, start = message.payloadOffset
        switch message.kind % 8 {
        case 0: _ = try? ResultFrame(&taken)
        case 1:
            var at = start
            _ = try? TaskHeader.read(bytes, offset: &at)
        case 2: _ = try? TaskSpec.readBatch(bytes, from: start)
        case 3: _ = try? BinaryDecoder().decode(EngineHello.self, from: bytes, startingAt: start)
        case 4:
            var at = start
            _ = try? readFixed(UInt64.self, bytes, &at)
            _ = try? BinaryDecoder().decode(OutcomeHeader.self, from: bytes, offset: &at)
        case 5: _ = try? BinaryDecoder().decode(ClusterSnapshot.self, from: bytes, startingAt: start)
        case 6:
            var reply: [UInt8] = []
            _ = try? PushCall._handleRemoteCall(bytes, payloadAt: start, reply: &reply)
            _ = try? PullCall._handleRemoteCall(bytes, payloadAt: start, reply: &reply)
            EngineNamespace.current.withLock { $0.entries = [:] }
        default:
            _ = try? BinaryDecoder().decode(RemoteFailure.self, from: bytes, startingAt: start)
            _ = try? BinaryDecoder().decode(LocalBootstrap.self, from: bytes, startingAt: start)
        }
    }
}
