import Crypto

/// The cluster's shared secret: 32 random bytes that sign every message
/// (HMAC-SHA256), as IPython Parallel's `Session.key` does.
///
/// A connection file holds it as hex; keep that file private (mode 0600).
public struct ClusterKey: Sendable, Hashable {
    /// The raw key bytes.
    public let bytes: [UInt8]

    /// A new key from the system's cryptographic random source.
    public static func random() -> ClusterKey {
        var generator = SystemRandomNumberGenerator()  // getrandom(2) on Linux
        return ClusterKey(bytes: (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// A key from raw bytes (at least 16).
    public init(bytes: [UInt8]) {
        precondition(bytes.count >= 16, "a cluster key needs at least 16 bytes, got \(bytes.count)")
        self.bytes = bytes
    }

    /// A key from its hexadecimal form.
    ///
    /// - Throws: ``ClusterError`` `.connection` if `hex` is not an even number
    ///   (at least 32) of hexadecimal digits.
    public init(hex: String) throws(ClusterError) {
        let digits = Array(hex.utf8)
        guard digits.count >= 32, digits.count % 2 == 0 else {
            throw ClusterError(.connection, "a cluster key is at least 32 hexadecimal digits, got \(digits.count)")
        }
        var out: [UInt8] = []
        out.reserveCapacity(digits.count / 2)
        for i in stride(from: 0, to: digits.count, by: 2) {
            guard let high = ClusterKey.nibble(digits[i]), let low = ClusterKey.nibble(digits[i + 1]) else {
                throw ClusterError(.connection, "the cluster key has a character that is not a hexadecimal digit")
            }
            out.append(high << 4 | low)
        }
        bytes = out
    }

    /// The key as lowercase hexadecimal.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }

    var symmetric: SymmetricKey { SymmetricKey(data: bytes) }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
