#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// zlib, loaded at run time: raw deflate for `.npz` archives made by
/// `savez_compressed`, and its fast CRC-32. zlib is part of every Linux
/// system (Debian's `zlib1g`, priority "required") and of macOS; without it,
/// stored (uncompressed) archives still work, with a CRC-32 in Swift.
enum _Zlib {
    /// zlib's `z_stream` on 64-bit systems (the layout is part of its ABI).
    struct Stream {
        var nextIn: UnsafePointer<UInt8>? = nil
        var availIn: UInt32 = 0
        var totalIn: UInt = 0
        var nextOut: UnsafeMutablePointer<UInt8>? = nil
        var availOut: UInt32 = 0
        var totalOut: UInt = 0
        var msg: UnsafePointer<CChar>? = nil
        var state: OpaquePointer? = nil
        var zalloc: OpaquePointer? = nil
        var zfree: OpaquePointer? = nil
        var opaque: OpaquePointer? = nil
        var dataType: Int32 = 0
        var adler: UInt = 0
        var reserved: UInt = 0
    }

    typealias InflateInit = @convention(c) (UnsafeMutableRawPointer, Int32, UnsafePointer<CChar>, Int32) -> Int32
    typealias DeflateInit = @convention(c) (UnsafeMutableRawPointer, Int32, Int32, Int32, Int32, Int32, UnsafePointer<CChar>, Int32) -> Int32
    typealias Step = @convention(c) (UnsafeMutableRawPointer, Int32) -> Int32
    typealias End = @convention(c) (UnsafeMutableRawPointer) -> Int32
    typealias CRC = @convention(c) (UInt, UnsafePointer<UInt8>?, UInt32) -> UInt
    typealias Version = @convention(c) () -> UnsafePointer<CChar>

    struct Library: @unchecked Sendable {  // function pointers into a library that is never unloaded
        let inflateInit: InflateInit, inflate: Step, inflateEnd: End
        let deflateInit: DeflateInit, deflate: Step, deflateEnd: End
        let crc32: CRC, version: String
    }

    static let library: Library? = {
        let names = ["libz.so.1", "libz.so", "libz.dylib"]
        guard let handle = names.lazy.compactMap({ dlopen($0, RTLD_NOW | RTLD_LOCAL) }).first else { return nil }
        func symbol<T>(_ name: String, _: T.Type) -> T? {
            dlsym(handle, name).map { unsafeBitCast($0, to: T.self) }
        }
        guard let ii = symbol("inflateInit2_", InflateInit.self), let inf = symbol("inflate", Step.self),
              let ie = symbol("inflateEnd", End.self), let di = symbol("deflateInit2_", DeflateInit.self),
              let def = symbol("deflate", Step.self), let de = symbol("deflateEnd", End.self),
              let crc = symbol("crc32", CRC.self), let ver = symbol("zlibVersion", Version.self) else { return nil }
        return Library(inflateInit: ii, inflate: inf, inflateEnd: ie, deflateInit: di, deflate: def, deflateEnd: de,
                       crc32: crc, version: String(cString: ver()))
    }()

    static func require() throws(NDArrayError) -> Library {
        guard let library else {
            throw NDArrayError(.missingLibrary, "compressed .npz archives need zlib: install Debian's package zlib1g")
        }
        return library
    }

    /// The CRC-32 of `count` bytes, continuing `crc`.
    static func crc32(_ crc: UInt32, _ bytes: UnsafeRawPointer, _ count: Int) -> UInt32 {
        if let library {
            var c = UInt(crc), p = bytes.assumingMemoryBound(to: UInt8.self), left = count
            while left > 0 {
                let n = Swift.min(left, 1 << 30)
                c = library.crc32(c, p, UInt32(n))
                p += n
                left -= n
            }
            return UInt32(truncatingIfNeeded: c)
        }
        var c = ~crc
        let p = bytes.assumingMemoryBound(to: UInt8.self)
        for i in 0..<count { c = table[Int((c ^ UInt32(p[i])) & 0xff)] ^ (c >> 8) }
        return ~c
    }

    static let table: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    /// Inflates raw deflate data, expecting exactly `expected` bytes out
    /// (the size the archive declares; nothing larger is allocated).
    static func inflate(_ input: UnsafeRawBufferPointer, expected: Int) throws(NDArrayError) -> [UInt8] {
        let z = try require()
        var out = [UInt8](repeating: 0, count: expected)
        let s = UnsafeMutablePointer<Stream>.allocate(capacity: 1)
        s.initialize(to: Stream())
        defer { s.deallocate() }
        guard z.inflateInit(s, -15, z.version, Int32(MemoryLayout<Stream>.size)) == 0 else {
            throw NDArrayError(.system, "zlib could not start inflating")
        }
        defer { _ = z.inflateEnd(s) }
        var status: Int32 = 0
        var produced = 0
        var consumed = 0
        out.withUnsafeMutableBufferPointer { o in
            while true {
                let inChunk = Swift.min(input.count - consumed, 1 << 30), outChunk = Swift.min(expected - produced, 1 << 30)
                s.pointee.nextIn = input.baseAddress.map { $0.assumingMemoryBound(to: UInt8.self) + consumed }
                s.pointee.availIn = UInt32(inChunk)
                s.pointee.nextOut = o.baseAddress.map { $0 + produced }
                s.pointee.availOut = UInt32(outChunk)
                status = z.inflate(s, 0)
                consumed += inChunk - Int(s.pointee.availIn)
                produced += outChunk - Int(s.pointee.availOut)
                if status != 0 { break }  // Z_STREAM_END (1) or an error
                if inChunk - Int(s.pointee.availIn) == 0 && outChunk - Int(s.pointee.availOut) == 0 { break }  // no progress
            }
        }
        guard status == 1, produced == expected else {
            throw NDArrayError(.malformed, "compressed data is damaged (zlib status \(status), \(produced) of \(expected) bytes)")
        }
        return out
    }

    /// Deflates `bytes` (raw deflate, level 6 as Python's zipfile uses).
    static func deflate(_ bytes: UnsafeRawBufferPointer) throws(NDArrayError) -> [UInt8] {
        let z = try require()
        let s = UnsafeMutablePointer<Stream>.allocate(capacity: 1)
        s.initialize(to: Stream())
        defer { s.deallocate() }
        guard z.deflateInit(s, 6, 8, -15, 8, 0, z.version, Int32(MemoryLayout<Stream>.size)) == 0 else {
            throw NDArrayError(.system, "zlib could not start deflating")
        }
        defer { _ = z.deflateEnd(s) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var consumed = 0
        var status: Int32 = 0
        repeat {
            let inChunk = Swift.min(bytes.count - consumed, 1 << 30)
            let finish = consumed + inChunk == bytes.count
            s.pointee.nextIn = bytes.baseAddress.map { $0.assumingMemoryBound(to: UInt8.self) + consumed }
            s.pointee.availIn = UInt32(inChunk)
            repeat {
                chunk.withUnsafeMutableBufferPointer { c in
                    s.pointee.nextOut = c.baseAddress
                    s.pointee.availOut = UInt32(c.count)
                    status = z.deflate(s, finish ? 4 : 0)  // Z_FINISH : Z_NO_FLUSH
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: c[0..<(c.count - Int(s.pointee.availOut))]))
                }
            } while s.pointee.availOut == 0 && status >= 0
            consumed += inChunk - Int(s.pointee.availIn)
            if finish { break }
        } while true
        guard status == 1 else { throw NDArrayError(.system, "zlib failed to deflate (status \(status))") }
        return out
    }
}
