#if canImport(Glibc)
import Glibc
#endif
import Crypto
import Foundation
@testable import SwarmCluster
import SwarmCore
import Testing

@Suite("Cluster: message authentication")
struct SecureChannelTests {
    private func pair(_ a: ClusterKey, _ b: ClusterKey, session: [UInt8] = Array(repeating: 7, count: 16))
        -> (SecureChannel, SecureChannel, FramedConnection)
    {
        var fds: [Int32] = [0, 0]
        precondition(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds) == 0)
        let left = FramedConnection(fd: fds[0]), right = FramedConnection(fd: fds[1])
        return (SecureChannel(connection: left, key: a, session: session, isAcceptor: true),
                SecureChannel(connection: right, key: b, session: session, isAcceptor: false), left)
    }

    @Test("frames signed with the same key pass, in order, in both directions")
    func roundTrip() throws {
        let key = ClusterKey.random()
        let (a, b, _) = pair(key, key)
        for i in 0..<5 {
            try a.send(kind: 9) { $0.append(fixed: UInt32(i)) }
        }
        for i in 0..<5 {
            let m = try #require(try b.receive(deadline: .after(seconds: 5)))
            #expect(m.kind == 9)
            #expect(m.bytes[m.payloadOffset] == UInt8(i))
        }
        try b.send(kind: 3) { $0.append(bytes: [1, 2, 3]) }
        let back = try #require(try a.receive(deadline: .after(seconds: 5)))
        #expect(Array(back.bytes[back.payloadOffset...]) == [1, 2, 3])
    }

    @Test("the tag is HMAC-SHA256 over session, direction, sequence, kind and payload")
    func tagIsHMAC() throws {
        let key = ClusterKey.random()
        let session = Array(repeating: UInt8(5), count: 16)
        let (a, _, _) = pair(key, key, session: session)
        var fds: [Int32] = [0, 0]
        _ = fds
        // Read the raw frame from the other end of a fresh pair.
        precondition(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds) == 0)
        let sender = SecureChannel(connection: FramedConnection(fd: fds[0]), key: key, session: session, isAcceptor: true)
        let raw = FramedConnection(fd: fds[1])
        try sender.send(kind: 4) { $0.append(bytes: Array("payload".utf8)) }
        let frame = try #require(try raw.receive(deadline: .after(seconds: 5)))
        var message = session
        message.append(1)
        message.append(contentsOf: [UInt8](repeating: 0, count: 8))
        message.append(4)
        message.append(contentsOf: Array("payload".utf8))
        let expected = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key.bytes))
        #expect(Array(frame.body[0..<32]) == expected.withUnsafeBytes { Array($0) })
        _ = a
    }

    @Test("large blocks go out uncopied as segments: same bytes, same tag as inline frames, tampering caught")
    func segments() throws {
        let key = ClusterKey.random()
        let session = Array(repeating: UInt8(3), count: 16)
        let block1 = (0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let block2 = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ 1) }
        var fds: [Int32] = [0, 0]
        precondition(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds) == 0)
        let sender = SecureChannel(connection: FramedConnection(fd: fds[0]), key: key, session: session, isAcceptor: true)
        let raw = FramedConnection(fd: fds[1])
        var batch = FrameBatch()
        batch.begin(kind: 1)
        batch.append(bytes: [1, 2, 3])
        batch.begin(kind: 2)
        batch.append(fixed: UInt32(99))
        batch.append(bytes: block1)
        batch.append(bytes: [4, 5])
        batch.append(bytes: block2)
        batch.begin(kind: 3)
        batch.append(bytes: block2)
        #expect(batch.segments.count == 3)
        // The socket's buffer is smaller than the batch: send from another thread.
        let sent = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var batchToSend = batch
        Thread.detachNewThread {
            try? sender.send(&batchToSend)
            sent.signal()
        }
        var frames: [Frame] = []
        for _ in 0..<3 { frames.append(try #require(try raw.receive(deadline: .after(seconds: 10)))) }
        sent.wait()
        let payloads: [[UInt8]] = [[1, 2, 3], [99, 0, 0, 0] + block1 + [4, 5] + block2, block2]
        for (i, frame) in frames.enumerated() {
            #expect(frame.kind == UInt8(i + 1))
            #expect(Array(frame.body[32...]) == payloads[i], "frame \(i)")
            var message = session
            message.append(1)
            withUnsafeBytes(of: UInt64(i).littleEndian) { message.append(contentsOf: $0) }
            message.append(UInt8(i + 1))
            message.append(contentsOf: payloads[i])
            let expected = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key.bytes))
            #expect(Array(frame.body[0..<32]) == expected.withUnsafeBytes { Array($0) }, "tag of frame \(i)")
        }
        // A receiving channel accepts them, and rejects one with a flipped bit in a segment.
        precondition(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds) == 0)
        let writer = FramedConnection(fd: fds[0])
        let receiver = SecureChannel(connection: FramedConnection(fd: fds[1]), key: key, session: session, isAcceptor: false)
        var good = [UInt8](), bad = [UInt8]()
        Frame.append(kind: frames[0].kind, body: frames[0].body, to: &good)
        var tampered = frames[1].body
        tampered[32 + 4 + 1_000_000] ^= 1
        Frame.append(kind: frames[1].kind, body: tampered, to: &bad)
        let both = good + bad
        Thread.detachNewThread { try? writer.sendRaw(both) }
        let first = try #require(try receiver.receive(deadline: .after(seconds: 10)))
        #expect(first.kind == 1)
        #expect(throws: ClusterError.self) { _ = try receiver.receive(deadline: .after(seconds: 10)) }
    }

    @Test("a wrong key, a changed byte, a replayed or a reflected frame fails authentication")
    func rejects() throws {
        let key = ClusterKey.random()
        // Wrong key.
        let (a1, b1, _) = pair(key, .random())
        try a1.send(kind: 1) { $0.append(bytes: [1]) }
        #expect(throws: ClusterError.self) { _ = try b1.receive(deadline: .after(seconds: 5)) }

        // A changed byte, and a replay: write raw frames by hand.
        for attack in ["tamper", "replay", "reflect", "short"] {
            var fds: [Int32] = [0, 0]
            precondition(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds) == 0)
            let session = Array(repeating: UInt8(1), count: 16)
            let capture = FramedConnection(fd: fds[1])
            let sender = SecureChannel(connection: FramedConnection(fd: fds[0]), key: key, session: session, isAcceptor: true)
            try sender.send(kind: 2) { $0.append(bytes: [10, 20, 30]) }
            let frame = try #require(try capture.receive(deadline: .after(seconds: 5)))
            var fds2: [Int32] = [0, 0]
            precondition(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds2) == 0)
            let injector = FramedConnection(fd: fds2[0])
            let receiver = SecureChannel(connection: FramedConnection(fd: fds2[1]), key: key, session: session,
                                         isAcceptor: attack == "reflect")
            switch attack {
            case "tamper":
                var body = frame.body
                body[body.count - 1] ^= 1
                try injector.send(kind: frame.kind, body: body)
            case "replay":
                try injector.send(kind: frame.kind, body: frame.body)
                try injector.send(kind: frame.kind, body: frame.body)
                _ = try receiver.receive(deadline: .after(seconds: 5))  // the first copy is genuine
            case "reflect":
                try injector.send(kind: frame.kind, body: frame.body)  // sent back to its own side
            default:
                try injector.send(kind: frame.kind, body: [1, 2, 3])
            }
            do {
                _ = try receiver.receive(deadline: .after(seconds: 5))
                Issue.record("\(attack): accepted")
            } catch let e as ClusterError {
                #expect(e.code == .authentication, "\(attack)")
            }
        }
    }

    @Test("keys round-trip through hex; bad hex is a thrown error")
    func keys() throws {
        let key = ClusterKey.random()
        #expect(key.bytes.count == 32)
        #expect(try ClusterKey(hex: key.hex) == key)
        #expect(key != ClusterKey.random())
        #expect(throws: ClusterError.self) { try ClusterKey(hex: "abc") }
        #expect(throws: ClusterError.self) { try ClusterKey(hex: String(repeating: "zz", count: 16)) }
    }
}
