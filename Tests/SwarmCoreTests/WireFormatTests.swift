import Foundation
import SwarmCore
import Testing

// SwarmCore's binary wire format: everything Codable round-trips, and bad
// bytes always throw, never trap.

struct Point: Codable, Equatable, Sendable {
    var x: Double
    var y: Double
    var label: String?
}

enum Shape: Codable, Equatable {
    case circle(center: Point, radius: Double)
    case polygon([Point])
    case empty
}

struct Everything: Codable, Equatable {
    var bool = true
    var int = -42
    var int8: Int8 = -8
    var int16: Int16 = -16
    var int32: Int32 = -32
    var int64: Int64 = .min
    var uint: UInt = .max
    var uint8: UInt8 = 8
    var uint16: UInt16 = 16
    var uint32: UInt32 = 32
    var uint64: UInt64 = .max
    var float: Float = 1.5
    var double: Double = -.pi
    var string = "héllo, 世界 🐝"
    var optionalNil: Int? = nil
    var optionalSome: Int? = 7
    // `.some(nil)` of an `Int??` field decodes as nil, as with JSONDecoder:
    // synthesized `decodeIfPresent` cannot tell the two apart.
    var nestedOptional: Int?? = .some(.some(5))
    var array = [1, 2, 3]
    var doubles: [Double] = [0.5, -1, .infinity]
    var bytes: [UInt8] = [0, 255, 7]
    var strings = ["a", "", "ccc"]
    var optionals: [Int?] = [1, nil, 3]
    var nested: [[Int]] = [[1], [], [2, 3]]
    var dictionary = ["one": 1, "two": 2]
    var intKeys = [3: "three"]
    var set: Set<Int> = [5, 6]
    var shapes: [Shape] = [.circle(center: Point(x: 1, y: 2, label: nil), radius: 3), .polygon([]), .empty]
    var date = Date(timeIntervalSince1970: 1_700_000_000)
    var data = Data([1, 2, 3])
    var url = URL(string: "https://example.org/a?b=c")!
}

@Suite("Binary wire format")
struct WireFormatTests {
    func roundTrip<T: Codable & Equatable>(_ value: T) throws {
        let bytes = try BinaryEncoder().encode(value)
        let back = try BinaryDecoder().decode(T.self, from: bytes)
        #expect(back == value)
    }

    @Test("every standard Codable shape round-trips")
    func everything() throws {
        try roundTrip(Everything())
        try roundTrip(Point(x: 1, y: 2, label: "p"))
        try roundTrip([Point(x: 0, y: 0, label: nil)])
        try roundTrip(Optional<Int>.none)
        try roundTrip(Optional<Int>.some(3))
        try roundTrip("")
        try roundTrip([Int]())
        try roundTrip(Int128.min)
        try roundTrip([UInt128.max, 0])
        try roundTrip(["k": [1: "v"], "": [:]])
    }

    @Test("arrays of numbers take the raw path and stay exact")
    func rawArrays() throws {
        let ints: [Int] = (0..<100_000).map { $0 &* 2_654_435_761 }
        try roundTrip(ints)
        let doubles = (0..<1000).map { Double($0) / 7 }
        try roundTrip(doubles)
        let floats: [Float] = [1, .nan.nextUp, -0.0]
        let back = try BinaryDecoder().decode([Float].self, from: BinaryEncoder().encode(floats))
        #expect(back.map(\.bitPattern) == floats.map(\.bitPattern))
        // A raw array is laid out exactly as element by element: count, then values.
        #expect(try BinaryEncoder().encode([Int32(1), 2]) == [2, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0])
    }

    @Test("encoding is compact and smaller than JSON")
    func compact() throws {
        let points = (0..<1000).map { Point(x: Double($0) / 3, y: -Double($0) / 7, label: nil) }
        let binary = try BinaryEncoder().encode(points)
        let json = try JSONEncoder().encode(points)
        // The array: length and count; per point: length, entry count, key "x"
        // and 8 bytes, key "y" and 8 bytes; the nil label is absent.
        #expect(binary.count == 8 + 1000 * (4 + 4 + 2 + 8 + 2 + 8))
        #expect(binary.count < json.count)
    }

    @Test("a decoder that reads less than was written stays in step")
    func asymmetric() throws {
        struct Writer: Codable { var a = 1; var b = "two"; var c = [3.0] }
        struct Reader: Decodable {
            enum Keys: String, CodingKey { case a }
            var a: Int
            init(from decoder: any Decoder) throws {
                a = try decoder.container(keyedBy: Keys.self).decode(Int.self, forKey: .a)
            }
        }
        struct Pair<T: Codable>: Codable { var first: T; var last: Int }
        let bytes = try BinaryEncoder().encode([Pair(first: Writer(), last: 9)])
        struct ReadPair: Decodable { var first: Reader; var last: Int }
        let back = try BinaryDecoder().decode([ReadPair].self, from: bytes)
        #expect(back.first?.first.a == 1)
        #expect(back.first?.last == 9)
        struct Empty: Codable {}
        #expect(try BinaryDecoder().decode(Pair<Empty>.self, from: BinaryEncoder().encode(Pair(first: Empty(), last: 4))).last == 4)
    }

    @Test("several values laid end to end decode in turn")
    func consecutive() throws {
        var bytes = try BinaryEncoder().encode(UInt64(99))
        try BinaryEncoder().encode("name", appendingTo: &bytes)
        var offset = 0
        #expect(try BinaryDecoder().decode(UInt64.self, from: bytes, offset: &offset) == 99)
        #expect(try BinaryDecoder().decode(String.self, from: bytes, offset: &offset) == "name")
        #expect(offset == bytes.count)
    }

    @Test("truncated input throws at every cut point")
    func truncated() throws {
        let bytes = try BinaryEncoder().encode(Everything())
        for cut in 0..<bytes.count {
            #expect(throws: (any Error).self) { try BinaryDecoder().decode(Everything.self, from: Array(bytes[..<cut])) }
        }
    }

    @Test("hostile counts and lengths throw without allocating")
    func hostile() {
        // A count of 2^32-1 followed by nothing.
        #expect(throws: WireError.self) { try BinaryDecoder().decode([Int].self, from: [255, 255, 255, 255]) }
        #expect(throws: WireError.self) { try BinaryDecoder().decode([String].self, from: [255, 255, 255, 127, 0]) }
        // A string length varint that never ends, or that exceeds the data.
        #expect(throws: WireError.self) { try BinaryDecoder().decode(String.self, from: Array(repeating: 0xff, count: 12)) }
        #expect(throws: WireError.self) { try BinaryDecoder().decode(String.self, from: [0x80, 0x80, 0x80, 0x80, 0x01]) }
        // A Bool that is neither 0 nor 1, an Optional tag that is neither.
        #expect(throws: WireError.self) { try BinaryDecoder().decode(Bool.self, from: [2]) }
        #expect(throws: WireError.self) { try BinaryDecoder().decode(Int?.self, from: [9]) }
        // Trailing garbage.
        #expect(throws: WireError.self) { try BinaryDecoder().decode(UInt8.self, from: [1, 2]) }
    }

    @Test("random bytes never crash the decoder")
    func randomBytes() {
        var generator = SystemRandomNumberGenerator()
        var decoded = 0
        for _ in 0..<20_000 {
            let count = Int.random(in: 0..<64, using: &generator)
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if (try? BinaryDecoder().decode(Everything.self, from: bytes)) != nil { decoded += 1 }
            _ = try? BinaryDecoder().decode([Shape].self, from: bytes)
            _ = try? BinaryDecoder().decode([String: [Int?]].self, from: bytes)
        }
        #expect(decoded == 0)  // random bytes are never a whole `Everything`
    }

    @Test("mutated valid encodings never crash the decoder")
    func mutations() throws {
        let valid = try BinaryEncoder().encode(Everything())
        for i in 0..<valid.count {
            for flip: UInt8 in [0x01, 0x80, 0xff] {
                var bytes = valid
                bytes[i] ^= flip
                _ = try? BinaryDecoder().decode(Everything.self, from: bytes)
            }
        }
    }
}

@Suite("Framed connection")
struct FramedConnectionTests {
    @Test("frames cross a socket pair intact, several per read")
    func frames() throws {
        var fds: [Int32] = [0, 0]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds) == 0)
        let a = FramedConnection(fd: fds[0])
        let b = FramedConnection(fd: fds[1])
        var batch: [UInt8] = []
        for i in 0..<10 { Frame.append(kind: UInt8(i), body: Array(repeating: UInt8(i), count: i * 1000), to: &batch) }
        try a.sendRaw(batch)
        for i in 0..<10 {
            let frame = try #require(try b.receive(deadline: .after(seconds: 5)))
            #expect(frame.kind == UInt8(i))
            #expect(frame.body == Array(repeating: UInt8(i), count: i * 1000))
        }
        #expect(try b.receive(deadline: .after(seconds: 0.05)) == nil)  // a timeout, not an error
        a.close()
        #expect(throws: WireError.self) { try b.receive(deadline: .after(seconds: 5)) }
    }

    @Test("an absurd frame length is rejected")
    func absurdLength() throws {
        var fds: [Int32] = [0, 0]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds) == 0)
        let a = FramedConnection(fd: fds[0])
        let b = FramedConnection(fd: fds[1])
        try a.sendRaw([0xff, 0xff, 0xff, 0xff, 1])
        #expect(throws: WireError.self) { try b.receive(deadline: .after(seconds: 5)) }
    }
}

@Suite("Worker processes")
struct WorkerProcessTests {
    @Test("exit statuses decode to codes and signal names")
    func exitStatus() {
        #expect(WorkerExit(waitStatus: 3 << 8) == .exited(code: 3))
        #expect(WorkerExit(waitStatus: SIGSEGV) == .signaled(signal: SIGSEGV))
        #expect(WorkerExit.signaled(signal: SIGKILL).description == "killed by SIGKILL (9)")
    }

    @Test("a worker starts, says hello, and exits when its socket closes")
    func spawnAndClose() throws {
        let worker = try WorkerProcess.spawn()
        #expect(worker.pid > 0)
        #expect(worker.exit == nil)
        worker.connection.close()
        #expect(worker.reap(timeout: 5) == .exited(code: 0))
    }

    @Test("terminate ends a worker in steps and reaps it")
    func terminate() throws {
        let worker = try WorkerProcess.spawn()
        let exit = worker.terminate(grace: 1)
        #expect(exit == .exited(code: 0) || exit == .signaled(signal: SIGTERM))
        #expect(kill(worker.pid, 0) != 0)
    }

    @Test("a call to an unknown type is answered with a failure, not a crash")
    func unknownType() throws {
        let worker = try WorkerProcess.spawn()
        defer { worker.terminate(grace: 0.5) }
        var body: [UInt8] = []
        withUnsafeBytes(of: UInt64(5).littleEndian) { body.append(contentsOf: $0) }
        try BinaryEncoder().encode("NoSuchType", appendingTo: &body)
        try worker.connection.send(kind: WorkerMessage.call, body: body)
        let reply = try #require(try worker.connection.receive(deadline: .after(seconds: 5)))
        #expect(reply.kind == WorkerMessage.failure)
        let failure = try BinaryDecoder().decode(RemoteFailure.self, from: reply.body, startingAt: 8)
        #expect(failure.kind == .unknownFunction)
        #expect(failure.pid == worker.pid)
    }

    @Test("the system library probe names the Debian package")
    func systemLibraries() {
        #expect(SystemLibrary.known.contains { $0.name == "openblas" && $0.debianPackage.hasPrefix("libopenblas") })
        let missing = SystemLibrary(name: "none", sonames: ["libswarm-does-not-exist.so"], overrideVariable: "SWARM_NONE", debianPackage: "none")
        #expect(missing.probe() == nil)
    }
}

/// Optionals whose values start with a zero byte (`0`, `256`, an empty
/// string's length): `encodeIfPresent` tags them, so they are not read as nil.
private struct ZeroStartingOptionals: Codable, Equatable {
    var a: Int?
    var b: String?
    var c: Int?
    var d: Double?
    var e: [Int]?
    var f: UInt8?
}

@Suite("Wire format: optionals that start with a zero byte")
struct WireZeroOptionalTests {
    @Test("present zeros, nils and mixed round-trip")
    func zeros() throws {
        for value in [ZeroStartingOptionals(a: 0, b: "", c: 256, d: 0, e: [], f: 0),
                      ZeroStartingOptionals(a: nil, b: nil, c: nil, d: nil, e: nil, f: nil),
                      ZeroStartingOptionals(a: 0, b: nil, c: 1, d: nil, e: [0, 0], f: 255)] {
            let bytes = try BinaryEncoder().encode(value)
            #expect(try BinaryDecoder().decode(ZeroStartingOptionals.self, from: bytes) == value)
        }
    }
}

@Suite("Framed connection: large frames")
struct FramedLargeFrameTests {
    @Test("frames above the direct-read threshold arrive whole, between small ones")
    func largeFrames() throws {
        var fds: [Int32] = [0, 0]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds) == 0)
        let a = FramedConnection(fd: fds[0]), b = FramedConnection(fd: fds[1])
        let big = (0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let sender = Thread {
            try? a.send(kind: 1, body: [9])
            try? a.send(kind: 2, body: big)
            try? a.send(kind: 3, body: [8, 7])
        }
        sender.start()
        let f1 = try #require(try b.receive(deadline: .after(seconds: 10)))
        let f2 = try #require(try b.receive(deadline: .after(seconds: 10)))
        let f3 = try #require(try b.receive(deadline: .after(seconds: 10)))
        #expect(f1.kind == 1 && f1.body == [9])
        #expect(f2.kind == 2 && f2.body == big)
        #expect(f3.kind == 3 && f3.body == [8, 7])
    }
}
