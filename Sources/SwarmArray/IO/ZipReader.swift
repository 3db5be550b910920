// Reading the central directory of a ZIP archive (PKWARE APPNOTE 6.3),
// with ZIP64 records, for `.npz` files. Every offset and length read from
// the archive is checked against the file's size before it is used, and
// nothing is allocated in proportion to a number the archive claims except
// what the file itself holds.

/// One member of an archive.
struct _ZipEntry {
    var name: String
    /// 0: stored, 8: deflated.
    var method: UInt16
    var crc: UInt32
    var compressedSize: Int
    var size: Int
    /// Where the member's data starts in the file.
    var dataOffset: Int
}

enum _ZipReader {
    static func u16(_ b: UnsafeRawBufferPointer, _ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 }
    static func u32(_ b: UnsafeRawBufferPointer, _ i: Int) -> Int { u16(b, i) | u16(b, i + 2) << 16 }
    static func u64(_ b: UnsafeRawBufferPointer, _ i: Int) -> UInt64 { UInt64(u32(b, i)) | UInt64(u32(b, i + 4)) << 32 }

    static func malformed(_ message: String, _ path: String?) -> NDArrayError {
        NDArrayError(.malformed, "not a valid .npz (zip) archive: \(message)", path: path)
    }

    /// The members of the archive in `source`, in directory order.
    static func entries(_ source: some _NPYSource) throws(NDArrayError) -> [_ZipEntry] {
        let path = source.sourcePath
        let size = try source.size
        guard size >= 22 else { throw malformed("file too short (\(size) bytes)", path) }
        // The end-of-central-directory record is in the last 64 KiB + 22 bytes.
        let tailLength = Swift.min(size, 65_535 + 22)
        var tail = [UInt8](repeating: 0, count: tailLength)
        try _NPY.withBytes(&tail) { (p) throws(NDArrayError) in try source.read(into: p, count: tailLength, at: size - tailLength) }
        return try _withBytes(tail) { (t) throws(NDArrayError) -> [_ZipEntry] in
            var eocd = -1
            var i = tailLength - 22
            while i >= 0 {
                if u32(t, i) == 0x0605_4b50 && i + 22 + u16(t, i + 20) == tailLength { eocd = i; break }
                i -= 1
            }
            guard eocd >= 0 else { throw malformed("no end-of-central-directory record", path) }
            var count = u16(t, eocd + 10)
            var directorySize = u32(t, eocd + 12)
            var directoryOffset = u32(t, eocd + 16)
            if count == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
                // ZIP64: a locator just before the record points at the ZIP64 end record.
                guard eocd >= 20, u32(t, eocd - 20) == 0x0706_4b50 else { throw malformed("ZIP64 locator missing", path) }
                let recordOffset = u64(t, eocd - 20 + 8)
                guard recordOffset <= UInt64(size - 56) else { throw malformed("ZIP64 record outside the file", path) }
                var record = [UInt8](repeating: 0, count: 56)
                try _NPY.withBytes(&record) { (p) throws(NDArrayError) in try source.read(into: p, count: 56, at: Int(recordOffset)) }
                let (c, s, o) = try _withBytes(record) { (r) throws(NDArrayError) -> (UInt64, UInt64, UInt64) in
                    guard u32(r, 0) == 0x0606_4b50 else { throw malformed("bad ZIP64 end record", path) }
                    return (u64(r, 32), u64(r, 40), u64(r, 48))
                }
                guard c <= UInt64(size), s <= UInt64(size), o <= UInt64(size) else { throw malformed("ZIP64 sizes outside the file", path) }
                count = Int(c); directorySize = Int(s); directoryOffset = Int(o)
            }
            guard directoryOffset <= size, directorySize <= size - directoryOffset else {
                throw malformed("central directory outside the file", path)
            }
            guard count <= directorySize / 46 else { throw malformed("\(count) entries cannot fit in \(directorySize) bytes", path) }
            var directory = [UInt8](repeating: 0, count: directorySize)
            try _NPY.withBytes(&directory) { (p) throws(NDArrayError) in try source.read(into: p, count: directorySize, at: directoryOffset) }
            let central = try _withBytes(directory) { (d) throws(NDArrayError) in try parseDirectory(d, count: count, path: path) }
            var entries: [_ZipEntry] = []
            entries.reserveCapacity(central.count)
            for (entry, localOffset) in central {
                entries.append(try locate(entry, localOffset: localOffset, in: source, size: size))
            }
            return entries
        }
    }

    /// The directory's entries, with each one's local header offset.
    static func parseDirectory(_ d: UnsafeRawBufferPointer, count: Int, path: String?) throws(NDArrayError) -> [(_ZipEntry, Int)] {
        var result: [(_ZipEntry, Int)] = []
        var p = 0
        for _ in 0..<count {
            guard p + 46 <= d.count, u32(d, p) == 0x0201_4b50 else { throw malformed("bad central directory entry at \(p)", path) }
            let flags = u16(d, p + 8), method = u16(d, p + 10)
            let crc = UInt32(u32(d, p + 16))
            var compressed = UInt64(u32(d, p + 20)), size = UInt64(u32(d, p + 24))
            let nameLength = u16(d, p + 28), extraLength = u16(d, p + 30), commentLength = u16(d, p + 32)
            var local = UInt64(u32(d, p + 42))
            let end = p + 46 + nameLength + extraLength + commentLength
            guard end <= d.count else { throw malformed("central directory entry runs past the directory", path) }
            guard flags & 1 == 0 else { throw NDArrayError(.unsupported, "encrypted archive members are not supported", path: path) }
            let name = String(decoding: UnsafeRawBufferPointer(rebasing: d[(p + 46)..<(p + 46 + nameLength)]), as: UTF8.self)
            // ZIP64 extra field: the 64-bit values of the fields that hold 0xFFFFFFFF, in order.
            var e = p + 46 + nameLength
            let extraEnd = e + extraLength
            while e + 4 <= extraEnd {
                let id = u16(d, e), length = u16(d, e + 2)
                guard e + 4 + length <= extraEnd else { throw malformed("bad extra field in '\(name)'", path) }
                if id == 0x0001 {
                    var q = e + 4
                    func next() throws(NDArrayError) -> UInt64 {
                        guard q + 8 <= e + 4 + length else { throw malformed("short ZIP64 field in '\(name)'", path) }
                        defer { q += 8 }
                        return u64(d, q)
                    }
                    if size == 0xFFFF_FFFF { size = try next() }
                    if compressed == 0xFFFF_FFFF { compressed = try next() }
                    if local == 0xFFFF_FFFF { local = try next() }
                }
                e += 4 + length
            }
            guard size <= UInt64(Int.max / 2), compressed <= UInt64(Int.max / 2), local <= UInt64(Int.max / 2) else {
                throw malformed("sizes too large in '\(name)'", path)
            }
            result.append((_ZipEntry(name: name, method: UInt16(method), crc: crc, compressedSize: Int(compressed),
                                     size: Int(size), dataOffset: 0), Int(local)))
            p = end
        }
        return result
    }

    /// Reads an entry's local header to find where its data starts.
    static func locate(_ entry: _ZipEntry, localOffset: Int, in source: some _NPYSource, size: Int) throws(NDArrayError) -> _ZipEntry {
        let path = source.sourcePath
        guard localOffset <= size - 30 else { throw malformed("local header of '\(entry.name)' outside the file", path) }
        var header = [UInt8](repeating: 0, count: 30)
        try _NPY.withBytes(&header) { (p) throws(NDArrayError) in try source.read(into: p, count: 30, at: localOffset) }
        let start = try _withBytes(header) { (h) throws(NDArrayError) -> Int in
            guard u32(h, 0) == 0x0403_4b50 else { throw malformed("bad local header for '\(entry.name)'", path) }
            return localOffset + 30 + u16(h, 26) + u16(h, 28)
        }
        guard start <= size, entry.compressedSize <= size - start else {
            throw malformed("data of '\(entry.name)' runs past the end of the file", path)
        }
        var located = entry
        located.dataOffset = start
        return located
    }
}
