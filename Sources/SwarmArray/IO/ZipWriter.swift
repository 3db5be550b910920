#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a ZIP archive member by member, as Python's `zipfile` does for
/// NumPy (DOS time 1980-01-01, no comment), with ZIP64 records only where a
/// size or offset needs them. Each member's data streams to the file; its
/// CRC (and compressed size) is patched into the local header afterwards.
final class _ZipWriter {
    struct Central {
        var name: [UInt8]
        var method: UInt16
        var crc: UInt32
        var compressedSize: Int
        var size: Int
        var offset: Int
    }

    let file: _File
    var position = 0
    var members: [Central] = []

    init(path: String) throws(NDArrayError) {
        file = try _File(path, .create)
    }

    func emit(_ bytes: [UInt8]) throws(NDArrayError) {
        try file.write(bytes)
        position += bytes.count
    }

    func emit(_ raw: UnsafeRawBufferPointer) throws(NDArrayError) {
        guard raw.count > 0 else { return }
        try file.write(raw.baseAddress!, count: raw.count)
        position += raw.count
    }

    static func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xff), UInt8((v >> 8) & 0xff)] }
    static func le32(_ v: Int) -> [UInt8] { le16(v & 0xffff) + le16((v >> 16) & 0xffff) }
    static func le64(_ v: Int) -> [UInt8] { le32(v & 0xffff_ffff) + le32(Int(UInt64(v) >> 32)) }

    func add(name: String, array: AnyNDArray, compressed: Bool) throws(NDArrayError) {
        let nameBytes = Array(name.utf8)
        let npyHeader = _NPYHeader.encode(dtype: array.dtype, byteOrder: .little, order: .c, shape: array.shape)
        let size = npyHeader.count + _Layout.count(array.shape) * array.dtype.itemSize
        // A stored member larger than 4 GiB, or any compressed one whose size
        // is unknown in advance and may reach it, gets a ZIP64 extra field.
        let zip64 = size >= 0xFFFF_FFFF || compressed && size >= 0xFFFF_FFFF / 2
        let offset = position
        var local = Self.le32(0x0403_4b50) + Self.le16(zip64 ? 45 : 20) + Self.le16(0) + Self.le16(compressed ? 8 : 0)
        local += Self.le16(0) + Self.le16(0x21)          // time 00:00, date 1980-01-01
        local += Self.le32(0)                             // CRC, patched later
        local += zip64 ? Self.le32(0xFFFF_FFFF) + Self.le32(0xFFFF_FFFF) : Self.le32(0) + Self.le32(size)
        local += Self.le16(nameBytes.count) + Self.le16(zip64 ? 20 : 0) + nameBytes
        if zip64 { local += Self.le16(1) + Self.le16(16) + Self.le64(size) + Self.le64(0) }
        try emit(local)
        var crc: UInt32 = 0
        var written = 0
        let deflater = compressed ? try _Deflater() : nil
        func consume(_ chunk: UnsafeRawBufferPointer) throws(NDArrayError) {
            guard chunk.count > 0 else { return }
            crc = _Zlib.crc32(crc, chunk.baseAddress!, chunk.count)
            if let deflater {
                let out = try deflater.feed(chunk, finish: false)
                try emit(out)
                written += out.count
            } else {
                try emit(chunk)
                written += chunk.count
            }
        }
        try _withBytes(npyHeader) { (raw) throws(NDArrayError) in try consume(raw) }
        try array._visit(_StreamData(consume: consume))
        if let deflater {
            let out = try deflater.feed(UnsafeRawBufferPointer(start: nil, count: 0), finish: true)
            try emit(out)
            written += out.count
        }
        // Patch the CRC and compressed size into the local header.
        var patch = Self.le32(Int(crc))
        if !zip64 { patch += Self.le32(written) }
        try file.write(patch, at: offset + 14)
        if zip64 { try file.write(Self.le64(size) + Self.le64(written), at: offset + 30 + nameBytes.count + 4) }
        members.append(Central(name: nameBytes, method: compressed ? 8 : 0, crc: crc, compressedSize: written, size: size, offset: offset))
    }

    func finish() throws(NDArrayError) {
        let directoryOffset = position
        for m in members {
            let big = m.size >= 0xFFFF_FFFF || m.compressedSize >= 0xFFFF_FFFF || m.offset >= 0xFFFF_FFFF
            var extra: [UInt8] = []
            if big {
                var fields: [UInt8] = []
                if m.size >= 0xFFFF_FFFF { fields += Self.le64(m.size) }
                if m.compressedSize >= 0xFFFF_FFFF { fields += Self.le64(m.compressedSize) }
                if m.offset >= 0xFFFF_FFFF { fields += Self.le64(m.offset) }
                extra = Self.le16(1) + Self.le16(fields.count) + fields
            }
            var entry = Self.le32(0x0201_4b50) + Self.le16(big ? 45 : 20) + Self.le16(big ? 45 : 20) + Self.le16(0)
            entry += Self.le16(Int(m.method)) + Self.le16(0) + Self.le16(0x21) + Self.le32(Int(m.crc))
            entry += Self.le32(Swift.min(m.compressedSize, 0xFFFF_FFFF)) + Self.le32(Swift.min(m.size, 0xFFFF_FFFF))
            entry += Self.le16(m.name.count) + Self.le16(extra.count) + Self.le16(0) + Self.le16(0) + Self.le16(0)
            entry += Self.le32(0o600 << 16) + Self.le32(Swift.min(m.offset, 0xFFFF_FFFF)) + m.name + extra
            try emit(entry)
        }
        let directorySize = position - directoryOffset
        let needs64 = members.count >= 0xFFFF || directorySize >= 0xFFFF_FFFF || directoryOffset >= 0xFFFF_FFFF
        if needs64 {
            let recordOffset = position
            var record = Self.le32(0x0606_4b50) + Self.le64(44) + Self.le16(45) + Self.le16(45) + Self.le32(0) + Self.le32(0)
            record += Self.le64(members.count) + Self.le64(members.count) + Self.le64(directorySize) + Self.le64(directoryOffset)
            record += Self.le32(0x0706_4b50) + Self.le32(0) + Self.le64(recordOffset) + Self.le32(1)
            try emit(record)
        }
        var end = Self.le32(0x0605_4b50) + Self.le16(0) + Self.le16(0)
        end += Self.le16(Swift.min(members.count, 0xFFFF)) + Self.le16(Swift.min(members.count, 0xFFFF))
        end += Self.le32(Swift.min(directorySize, 0xFFFF_FFFF)) + Self.le32(Swift.min(directoryOffset, 0xFFFF_FFFF)) + Self.le16(0)
        try emit(end)
    }
}

/// Hands an array's bytes, as a C-ordered little-endian `.npy` stores them, to `consume`.
private struct _StreamData: _AnyNDArrayVisitor {
    typealias Failure = NDArrayError
    let consume: (UnsafeRawBufferPointer) throws(NDArrayError) -> Void
    func visit<T: NDArrayElement>(_ array: NDArray<T>) throws(NDArrayError) {
        try array._forEachFileChunk(byteOrder: .little, order: .c, consume)
    }
}

/// zlib's deflate, fed piece by piece (raw deflate, level 6).
final class _Deflater {
    let z: _Zlib.Library
    let stream: UnsafeMutablePointer<_Zlib.Stream>
    var chunk = [UInt8](repeating: 0, count: 1 << 20)

    init() throws(NDArrayError) {
        z = try _Zlib.require()
        stream = .allocate(capacity: 1)
        stream.initialize(to: _Zlib.Stream())
        guard z.deflateInit(stream, 6, 8, -15, 8, 0, z.version, Int32(MemoryLayout<_Zlib.Stream>.size)) == 0 else {
            stream.deallocate()
            throw NDArrayError(.system, "zlib could not start deflating")
        }
    }

    deinit {
        _ = z.deflateEnd(stream)
        stream.deallocate()
    }

    /// Compresses `input` (and, with `finish`, ends the stream); returns the output so far.
    func feed(_ input: UnsafeRawBufferPointer, finish: Bool) throws(NDArrayError) -> [UInt8] {
        var out: [UInt8] = []
        var consumed = 0
        var status: Int32 = 0
        repeat {
            let n = Swift.min(input.count - consumed, 1 << 30)
            stream.pointee.nextIn = input.baseAddress.map { $0.assumingMemoryBound(to: UInt8.self) + consumed }
            stream.pointee.availIn = UInt32(n)
            let last = finish && consumed + n == input.count
            repeat {
                chunk.withUnsafeMutableBufferPointer { c in
                    stream.pointee.nextOut = c.baseAddress
                    stream.pointee.availOut = UInt32(c.count)
                    status = z.deflate(stream, last ? 4 : 0)
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: c[0..<(c.count - Int(stream.pointee.availOut))]))
                }
            } while stream.pointee.availOut == 0 && status >= 0
            guard status >= 0 else { throw NDArrayError(.system, "zlib failed to deflate (status \(status))") }
            consumed += n - Int(stream.pointee.availIn)
        } while consumed < input.count
        if finish && status != 1 { throw NDArrayError(.system, "zlib did not finish the stream (status \(status))") }
        return out
    }
}
