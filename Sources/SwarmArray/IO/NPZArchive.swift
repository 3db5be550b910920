// `.npz` archives: NumPy's `savez`, `savez_compressed` and the `NpzFile`
// that `np.load` returns for them.

/// An `.npz` archive opened for reading (what NumPy's `np.load` returns
/// for one): the names of its arrays, and each array on request.
///
/// ```swift
/// try savez(path: "run.npz", ["x": AnyNDArray(x), "y": AnyNDArray(y)])
/// let archive = try NPZArchive(path: "run.npz")
/// print(archive.names)                       // ["x", "y"]
/// let x = try archive.array("x", as: Double.self)
/// ```
///
/// Stored members are read straight from the file into the array;
/// compressed ones are inflated first. Each member's CRC-32 is checked.
public final class NPZArchive: @unchecked Sendable {
    // Safe: after `init` nothing is mutated; reads use `pread`, which
    // several threads may call on one descriptor at once.
    let file: _ArchiveSource
    let entries: [_ZipEntry]

    /// Opens an archive and reads its directory.
    ///
    /// - Throws: ``NDArrayError`` with `.system` when the file cannot be
    ///   read and `.malformed` when it is not a valid zip archive.
    public init(path: String) throws(NDArrayError) {
        file = .file(try _File(path, .read))
        entries = try _ZipReader.entries(file)
    }

    /// Reads an archive held in memory (received over a network, say).
    ///
    /// - Throws: ``NDArrayError`` with `.malformed` when it is not a valid zip archive.
    public init(bytes: [UInt8]) throws(NDArrayError) {
        file = .memory(bytes)
        entries = try _ZipReader.entries(file)
    }

    /// The arrays' names (members ending in `.npy`, without the suffix), in archive order.
    public var names: [String] {
        entries.map { $0.name.hasSuffix(".npy") ? String($0.name.dropLast(4)) : $0.name }
    }

    /// The array called `name` (with or without `.npy`), of whatever type it holds.
    ///
    /// - Throws: ``NDArrayError`` with `.notFound` for an unknown name,
    ///   `.malformed` for damaged data or a wrong CRC, `.unsupported` for a
    ///   compression method other than stored and deflate, and as
    ///   ``AnyNDArray/load(path:)`` for the array inside.
    public func array(_ name: String) throws(NDArrayError) -> AnyNDArray {
        let entry = try self.entry(name)
        return try read(entry) { header, source, check throws(NDArrayError) in
            try AnyNDArray._read(header, from: source, check: check)
        }
    }

    /// The array called `name` as `NDArray<T>`.
    ///
    /// - Parameter converting: convert another element type as `astype`
    ///   would, instead of throwing `.typeMismatch`.
    /// - Throws: as ``array(_:)``, and `.typeMismatch`.
    public func array<T: NDArrayElement>(_ name: String, as type: T.Type, converting: Bool = false) throws(NDArrayError) -> NDArray<T> {
        let entry = try self.entry(name)
        return try read(entry) { header, source, check throws(NDArrayError) -> NDArray<T> in
            if header.dtype == T.dtype { return try _NPY.read(header, from: source, as: T.self, check: check) }
            guard converting else {
                throw NDArrayError(.typeMismatch, "'\(name)' holds \(header.dtype), not \(T.dtype)", path: file.sourcePath)
            }
            return try AnyNDArray._read(header, from: source, check: check).converted(to: T.self)
        }
    }

    func entry(_ name: String) throws(NDArrayError) -> _ZipEntry {
        guard let entry = entries.first(where: { $0.name == name || $0.name == name + ".npy" }) else {
            throw NDArrayError(.notFound, "no array named '\(name)' in the archive (it has \(names))", path: file.sourcePath)
        }
        return entry
    }

    typealias Check = (UnsafeRawBufferPointer) throws(NDArrayError) -> Void

    /// Reads one member through `body`, which gets its header, its bytes
    /// and a check of the CRC to run on the data.
    func read<R>(_ entry: _ZipEntry, _ body: (_NPYHeader, any _NPYSource, @escaping Check) throws(NDArrayError) -> R) throws(NDArrayError) -> R {
        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.size else {
                throw NDArrayError(.malformed, "stored member '\(entry.name)' has two sizes", path: file.sourcePath)
            }
            let source = _SliceSource(base: file, start: entry.dataOffset, length: entry.size)
            let header = try _NPY.header(source)
            var prefix = [UInt8](repeating: 0, count: header.dataOffset)
            let n = header.dataOffset
            try _NPY.withBytes(&prefix) { (p) throws(NDArrayError) in try source.read(into: p, count: n, at: 0) }
            let headerCRC = prefix.withUnsafeBytes { _Zlib.crc32(0, $0.baseAddress!, $0.count) }
            let trailing = entry.size - header.dataOffset - header.byteCount
            return try body(header, source) { (data) throws(NDArrayError) in
                var crc = data.count > 0 ? _Zlib.crc32(headerCRC, data.baseAddress!, data.count) : headerCRC
                if trailing > 0 {
                    var rest = [UInt8](repeating: 0, count: Swift.min(trailing, 1 << 20))
                    let count = rest.count
                    try _NPY.withBytes(&rest) { (p) throws(NDArrayError) in
                        try source.read(into: p, count: count, at: header.dataOffset + header.byteCount)
                    }
                    crc = rest.withUnsafeBytes { _Zlib.crc32(crc, $0.baseAddress!, count) }
                }
                guard crc == entry.crc else {
                    throw NDArrayError(.malformed, "CRC-32 mismatch in '\(entry.name)': the archive is damaged", path: self.file.sourcePath)
                }
            }
        case 8:
            // Deflate expands at most about 1032 times: a larger claimed size is a lie.
            guard entry.size <= entry.compressedSize &* 1032 + 1024 else {
                throw NDArrayError(.malformed, "member '\(entry.name)' claims \(entry.size) bytes from \(entry.compressedSize) compressed", path: file.sourcePath)
            }
            var compressed = [UInt8](repeating: 0, count: entry.compressedSize)
            let n = entry.compressedSize, at = entry.dataOffset
            try _NPY.withBytes(&compressed) { (p) throws(NDArrayError) in try file.read(into: p, count: n, at: at) }
            let bytes = try _withBytes(compressed) { (raw) throws(NDArrayError) in try _Zlib.inflate(raw, expected: entry.size) }
            let crc = bytes.withUnsafeBytes { $0.count > 0 ? _Zlib.crc32(0, $0.baseAddress!, $0.count) : 0 }
            guard crc == entry.crc else {
                throw NDArrayError(.malformed, "CRC-32 mismatch in '\(entry.name)': the archive is damaged", path: file.sourcePath)
            }
            return try _withBytes(bytes) { (raw) throws(NDArrayError) -> R in
                let source = _MemorySource(bytes: raw)
                return try body(try _NPY.header(source), source) { (_) throws(NDArrayError) in }
            }
        default:
            throw NDArrayError(.unsupported, "member '\(entry.name)' uses compression method \(entry.method); only stored and deflate are read",
                               path: file.sourcePath)
        }
    }
}

/// An archive's bytes: a file, or a copy in memory.
enum _ArchiveSource: _NPYSource {
    case file(_File)
    case memory([UInt8])

    var size: Int {
        get throws(NDArrayError) {
            switch self {
            case .file(let f): return try f.size
            case .memory(let b): return b.count
            }
        }
    }

    var sourcePath: String? {
        if case .file(let f) = self { return f.path }
        return nil
    }

    func read(into buffer: UnsafeMutableRawPointer, count: Int, at offset: Int) throws(NDArrayError) {
        switch self {
        case .file(let f): try f.read(into: buffer, count: count, at: offset)
        case .memory(let b): try _withBytes(b) { (raw) throws(NDArrayError) in try _MemorySource(bytes: raw).read(into: buffer, count: count, at: offset) }
        }
    }
}

/// Saves arrays in one `.npz` archive that NumPy's `np.load` reads
/// (NumPy's `savez`, or `savez_compressed` with `compressed: true`).
///
/// - Parameters:
///   - path: the archive, created or replaced.
///   - arrays: name and array pairs, in the order to store them; each is
///     stored as `name.npy`.
///   - compressed: deflate each member (zlib must be installed).
/// - Throws: ``NDArrayError`` with `.system` when the file cannot be
///   written, `.missingLibrary` when compressing without zlib.
public func savez(path: String, _ arrays: KeyValuePairs<String, AnyNDArray>, compressed: Bool = false) throws(NDArrayError) {
    try savez(path: path, arrays.map { ($0.key, $0.value) }, compressed: compressed)
}

/// ``savez(path:_:compressed:)`` with the pairs in an array.
///
/// - Throws: as ``savez(path:_:compressed:)``.
public func savez(path: String, _ arrays: [(String, AnyNDArray)], compressed: Bool = false) throws(NDArrayError) {
    let writer = try _ZipWriter(path: path)
    for (name, array) in arrays {
        try writer.add(name: name + ".npy", array: array, compressed: compressed)
    }
    try writer.finish()
}

/// Positional arrays, named `arr_0`, `arr_1`, … as NumPy names them.
///
/// - Throws: as ``savez(path:_:compressed:)``.
public func savez(path: String, arrays: [AnyNDArray], compressed: Bool = false) throws(NDArrayError) {
    try savez(path: path, arrays.enumerated().map { ("arr_\($0.offset)", $0.element) }, compressed: compressed)
}
