#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SwarmCore
import Synchronization

// Moving array data between `.npy` bytes and element storage: the data is
// read straight into a new array's storage (large files in parallel
// pieces), then byte-swapped and checked in place; writing goes straight
// from the storage when it is already in the file's layout, else through a
// 4 MiB buffer, so saving never needs a second copy of the array.

/// Where `.npy` bytes come from: a file, or memory.
protocol _NPYSource {
    var size: Int { get throws(NDArrayError) }
    func read(into buffer: UnsafeMutableRawPointer, count: Int, at offset: Int) throws(NDArrayError)
    var sourcePath: String? { get }
}

extension _File: _NPYSource {
    var sourcePath: String? { path }
}

/// A part of another source (a stored `.npz` member).
struct _SliceSource<Base: _NPYSource>: _NPYSource {
    let base: Base
    let start: Int
    let length: Int
    var size: Int { length }
    var sourcePath: String? { base.sourcePath }
    func read(into buffer: UnsafeMutableRawPointer, count: Int, at offset: Int) throws(NDArrayError) {
        guard offset >= 0, count >= 0, offset <= length, count <= length - offset else {
            throw NDArrayError(.malformed, "archive member ends after \(length) bytes, \(offset + count) expected", path: sourcePath)
        }
        try base.read(into: buffer, count: count, at: start + offset)
    }
}

/// Bytes in memory (an `.npz` member, or `NDArray(npyBytes:)`).
struct _MemorySource: _NPYSource {
    let bytes: UnsafeRawBufferPointer
    var size: Int { bytes.count }
    var sourcePath: String? { nil }
    func read(into buffer: UnsafeMutableRawPointer, count: Int, at offset: Int) throws(NDArrayError) {
        guard offset >= 0, count >= 0, offset <= bytes.count, count <= bytes.count - offset else {
            throw NDArrayError(.malformed, "data ends after \(bytes.count) bytes, \(offset + count) expected")
        }
        if count > 0 { buffer.copyMemory(from: bytes.baseAddress! + offset, byteCount: count) }
    }
}

/// Calls `body` with the bytes of `array`, keeping its typed error.
func _withBytes<R>(_ array: [UInt8], _ body: (UnsafeRawBufferPointer) throws(NDArrayError) -> R) throws(NDArrayError) -> R {
    var result: Result<R, NDArrayError>?
    array.withUnsafeBytes { raw in result = Result { () throws(NDArrayError) in try body(raw) } }
    return try result!.get()
}

enum _NPY {
    /// Reads and checks the header.
    static func header(_ source: some _NPYSource) throws(NDArrayError) -> _NPYHeader {
        let size = try source.size
        var prefix = [UInt8](repeating: 0, count: Swift.min(size, 4096))
        let first = prefix.count
        try withBytes(&prefix) { (p) throws(NDArrayError) in try source.read(into: p, count: first, at: 0) }
        var header: _NPYHeader
        do throws(NDArrayError) {
            header = try _withBytes(prefix) { (raw) throws(NDArrayError) in try _NPYHeader.parse(raw) }
        } catch where error.message.hasPrefix("truncated header") && size > prefix.count {
            // A long (version 2) header: read as much as it says, within the limit.
            let longer = Swift.min(size, _NPYHeader.maxHeaderLength + 12)
            prefix = [UInt8](repeating: 0, count: longer)
            try withBytes(&prefix) { (p) throws(NDArrayError) in try source.read(into: p, count: longer, at: 0) }
            header = try _withBytes(prefix) { (raw) throws(NDArrayError) in try _NPYHeader.parse(raw) }
        }
        let available = size - header.dataOffset
        guard header.byteCount <= available else {
            throw NDArrayError(.malformed, "truncated data: shape \(_Layout.describe(header.shape)) of \(header.dtype) needs \(header.byteCount) bytes, the file has \(Swift.max(available, 0))",
                               path: source.sourcePath)
        }
        return header
    }

    /// Calls `body` with the array's base address, mapping its thrown error.
    static func withBytes(_ bytes: inout [UInt8], _ body: (UnsafeMutableRawPointer) throws(NDArrayError) -> Void) throws(NDArrayError) {
        var failure: NDArrayError?
        bytes.withUnsafeMutableBytes { raw in
            do throws(NDArrayError) { try body(raw.baseAddress!) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// The array a file holds; `T.dtype` must be the header's.
    /// `check`, when given, sees the data's bytes as stored, before they
    /// are byte-swapped (an archive checks its CRC there).
    static func read<T: NDArrayElement>(_ header: _NPYHeader, from source: some _NPYSource, as: T.Type,
                                        check: ((UnsafeRawBufferPointer) throws(NDArrayError) -> Void)? = nil)
        throws(NDArrayError) -> NDArray<T> {
        precondition(T.dtype == header.dtype && MemoryLayout<T>.stride == header.dtype.itemSize)
        let fileShape = header.order == .fortran ? Array(header.shape.reversed()) : header.shape
        let bytes = header.byteCount
        var result: Result<Void, NDArrayError> = .success(())
        var array = NDArray<T>(unsafeUninitializedShape: fileShape) { buffer in
            let raw = UnsafeMutableRawPointer(buffer.baseAddress!)
            guard bytes > 0 else {
                result = Result { () throws(NDArrayError) in try check?(UnsafeRawBufferPointer(start: nil, count: 0)) }
                return
            }
            result = Result { () throws(NDArrayError) in
                try readParallel(source, into: raw, count: bytes, at: header.dataOffset)
                try check?(UnsafeRawBufferPointer(start: raw, count: bytes))
            }
            if case .failure = result {
                // Leave the storage initialized so that it is safely freed.
                raw.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
                return
            }
            finish(raw, count: buffer.count, dtype: header.dtype, byteOrder: header.byteOrder)
        }
        try result.get()
        if header.order == .fortran { array = array.transposed() }
        return array
    }

    /// Reads `count` bytes at `offset`, in pieces of at least 32 MiB on all cores.
    static func readParallel(_ source: some _NPYSource, into buffer: UnsafeMutableRawPointer, count: Int, at offset: Int) throws(NDArrayError) {
        let pieces = ForkJoin.chunkCount(count: count, grain: 32 << 20)
        if pieces <= 1 { return try source.read(into: buffer, count: count, at: offset) }
        let failure = Mutex<NDArrayError?>(nil)
        let size = (count + pieces - 1) / pieces
        ForkJoin.run(chunks: pieces) { k in
            let start = k * size, n = Swift.min(size, count - start)
            do throws(NDArrayError) { try source.read(into: buffer + start, count: n, at: offset + start) } catch {
                failure.withLock { $0 = $0 ?? error }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
    }

    /// Byte-swaps foreign-order data and makes booleans 0 or 1 (any other
    /// byte would not be a valid `Bool`).
    static func finish(_ raw: UnsafeMutableRawPointer, count: Int, dtype: DType, byteOrder: ByteOrder) {
        if dtype.kind == .bool {
            let p = raw.assumingMemoryBound(to: UInt8.self)
            for i in 0..<count where p[i] > 1 { p[i] = 1 }
            return
        }
        guard byteOrder != .native, dtype.itemSize > 1 else { return }
        let unit = dtype.kind == .complex ? dtype.itemSize / 2 : dtype.itemSize
        swapBytes(raw, units: count * dtype.itemSize / unit, unitSize: unit)
    }

    /// Reverses the bytes of each `unitSize`-byte unit, on all cores.
    static func swapBytes(_ raw: UnsafeMutableRawPointer, units: Int, unitSize: Int) {
        ForkJoin.parallelFor(count: units, grain: 1 << 18) { r in
            switch unitSize {
            case 2:
                let p = raw.assumingMemoryBound(to: UInt16.self)
                for i in r { p[i] = p[i].byteSwapped }
            case 4:
                let p = raw.assumingMemoryBound(to: UInt32.self)
                for i in r { p[i] = p[i].byteSwapped }
            default:
                let p = raw.assumingMemoryBound(to: UInt64.self)
                for i in r { p[i] = p[i].byteSwapped }
            }
        }
    }
}

extension NDArray {
    /// Calls `body` with the array's bytes in the file layout given, in
    /// pieces of at most `chunk` bytes (a direct view of the storage when it
    /// already is in that layout).
    func _forEachFileChunk(byteOrder: ByteOrder, order: StorageOrder, chunk: Int = 4 << 20,
                           _ body: (UnsafeRawBufferPointer) throws(NDArrayError) -> Void) throws(NDArrayError) {
        let view = order == .fortran ? transposed() : self
        let size = MemoryLayout<Element>.stride
        let total = count * size
        guard total > 0 else { return }
        if view.isContiguous && (byteOrder == .native || size == 1) {
            try body(UnsafeRawBufferPointer(start: UnsafeRawPointer(view._base), count: total))
            withExtendedLifetime(view) {}
            return
        }
        let perChunk = Swift.max(1, chunk / size)
        let buffer = UnsafeMutablePointer<Element>.allocate(capacity: Swift.min(perChunk, count))
        defer { buffer.deallocate() }
        let loop = _StridedLoop(shape: view.shape, strides: [view.strides])
        let s = loop.innerStride(0), base = view._base
        var start = 0
        while start < count {
            let n = Swift.min(perChunk, count - start)
            var j = 0
            loop.forEachRow(in: start..<(start + n)) { offsets, k in
                let p = base + offsets[0]
                for t in 0..<k { (buffer + j + t).initialize(to: p[t * s]) }
                j += k
            }
            let raw = UnsafeMutableRawPointer(buffer)
            if byteOrder != .native && size > 1 {
                let unit = Element.dtype.kind == .complex ? size / 2 : size
                _NPY.swapBytes(raw, units: n * size / unit, unitSize: unit)
            }
            try body(UnsafeRawBufferPointer(start: raw, count: n * size))
            start += n
        }
        withExtendedLifetime(view) {}
    }
}
