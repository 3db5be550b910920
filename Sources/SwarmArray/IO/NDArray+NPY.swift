#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// NumPy's `save` and `load` for `.npy` files, and memory-mapped arrays.

/// How ``NDArray/load(path:memoryMapped:)`` maps a file.
public enum MemoryMapMode: Sendable {
    /// Pages are read from the file as they are touched; writes change
    /// this array only, never the file (NumPy's `mmap_mode='c'`).
    case copyOnWrite
    /// Writes go to the file (NumPy's `mmap_mode='r+'`).
    case readWrite
}

extension NDArray {
    /// Loads a `.npy` file, as NumPy's `np.load` does.
    ///
    /// Little- and big-endian files, C and Fortran order (a Fortran-ordered
    /// file loads as a Fortran-contiguous array) and every SwarmArray
    /// element type are read. The data goes straight from the file into the
    /// array's storage.
    ///
    /// - Parameters:
    ///   - path: the file.
    ///   - converting: when the file holds another element type, convert
    ///     it as `astype` would instead of throwing.
    /// - Throws: ``NDArrayError`` with `.system` when the file cannot be
    ///   read, `.malformed` for a damaged file (bad magic, header, shape or
    ///   truncated data), `.unsupported` for a dtype SwarmArray does not
    ///   hold, `.typeMismatch` when the element type differs and
    ///   `converting` is false.
    public static func load(path: String, converting: Bool = false) throws(NDArrayError) -> NDArray {
        let file = try _File(path, .read)
        return try _load(from: file, converting: converting)
    }

    /// Reads `.npy` bytes held in memory (as ``load(path:converting:)`` reads a file).
    ///
    /// - Throws: as ``load(path:converting:)``.
    public init(npyBytes bytes: [UInt8], converting: Bool = false) throws(NDArrayError) {
        self = try _withBytes(bytes) { (raw) throws(NDArrayError) in
            try NDArray._load(from: _MemorySource(bytes: raw), converting: converting)
        }
    }

    static func _load(from source: some _NPYSource, converting: Bool) throws(NDArrayError) -> NDArray {
        let header = try _NPY.header(source)
        if header.dtype == Element.dtype { return try _NPY.read(header, from: source, as: Element.self) }
        guard converting else {
            throw NDArrayError(.typeMismatch, "the file holds \(header.dtype), not \(Element.dtype): load it as NDArray<\(header.dtype.swiftName)>, as AnyNDArray, or with converting: true",
                               path: source.sourcePath)
        }
        return try AnyNDArray._read(header, from: source).converted(to: Element.self)
    }

    /// Maps a `.npy` file into memory instead of reading it: pages are read
    /// when first touched (NumPy's `np.load(..., mmap_mode=...)`).
    ///
    /// - Parameters:
    ///   - path: the file; its element type must be `Element`'s and its
    ///     byte order this machine's.
    ///   - mode: whether writes reach the file.
    /// - Throws: ``NDArrayError`` as ``load(path:converting:)``, and
    ///   `.unsupported` for a file in the other byte order.
    public static func load(path: String, memoryMapped mode: MemoryMapMode) throws(NDArrayError) -> NDArray {
        let file = try _File(path, mode == .readWrite ? .readWrite : .read)
        let header = try _NPY.header(file)
        guard header.dtype == Element.dtype else {
            throw NDArrayError(.typeMismatch, "the file holds \(header.dtype), not \(Element.dtype)", path: path)
        }
        guard header.byteOrder == .native || header.dtype.itemSize == 1 || header.dtype.kind == .bool else {
            throw NDArrayError(.unsupported, "a memory-mapped file must be in this machine's byte order; load it without memoryMapped to convert", path: path)
        }
        guard header.dataOffset % MemoryLayout<Element>.alignment == 0 else {
            throw NDArrayError(.unsupported, "the data starts at byte \(header.dataOffset), not aligned for \(header.dtype)", path: path)
        }
        let length = header.dataOffset + header.byteCount
        let prot = PROT_READ | PROT_WRITE
        let flags = mode == .readWrite ? MAP_SHARED : MAP_PRIVATE
        guard let map = mmap(nil, Swift.max(length, 1), prot, flags, file.fd, 0), map != MAP_FAILED else {
            throw _File.error("cannot map", path)
        }
        let address = UInt(bitPattern: map)
        let data = map + header.dataOffset
        if header.dtype.kind == .bool {
            let p = data.assumingMemoryBound(to: UInt8.self)
            for i in 0..<header.count where p[i] > 1 {
                guard mode == .copyOnWrite else {
                    munmap(map, Swift.max(length, 1))
                    throw NDArrayError(.malformed, "boolean data holds bytes other than 0 and 1", path: path)
                }
                p[i] = 1
            }
        }
        let storage = _NDStorage<Element>.wrapping(data, count: header.count) {
            munmap(UnsafeMutableRawPointer(bitPattern: address), Swift.max(length, 1))
        }
        let fileShape = header.order == .fortran ? Array(header.shape.reversed()) : header.shape
        let array = NDArray(storage: storage, offset: 0, shape: fileShape, strides: _Layout.cStrides(fileShape))
        return header.order == .fortran ? array.transposed() : array
    }

    /// Creates a `.npy` file of the given shape, filled with zeros, and maps
    /// it for writing: what is written to the array goes to the file
    /// (NumPy's `lib.format.open_memmap` with mode `'w+'`).
    ///
    /// - Throws: ``NDArrayError`` with `.system` when the file cannot be created.
    public static func createMemoryMapped(path: String, shape: [Int], order: StorageOrder = .c) throws(NDArrayError) -> NDArray {
        let header = _NPYHeader.encode(dtype: Element.dtype, byteOrder: .native, order: order, shape: shape)
        do {
            let file = try _File(path, .create)
            try file.write(header)
            guard ftruncate(file.fd, off_t(header.count + _Layout.count(shape) * MemoryLayout<Element>.stride)) == 0 else {
                throw _File.error("cannot size", path)
            }
        }
        return try load(path: path, memoryMapped: .readWrite)
    }

    /// Saves the array as a `.npy` file that NumPy's `np.load` reads with
    /// the same dtype, shape and values (NumPy's `np.save`).
    ///
    /// - Parameters:
    ///   - path: the file, created or replaced.
    ///   - byteOrder: the order of bytes in the file.
    ///   - order: C (row-major) or Fortran (column-major) element order.
    /// - Throws: ``NDArrayError`` with `.system` when the file cannot be written.
    public func save(path: String, byteOrder: ByteOrder = .little, order: StorageOrder = .c) throws(NDArrayError) {
        // An existing file is written over in place, not truncated first:
        // freeing its blocks and allocating them again cost as much as the
        // write itself (800 MB on ext4 here: 135 ms truncated, 75 ms in
        // place). So that an interrupted save leaves a file that fails to
        // load, never one that loads wrong values, the magic is cleared
        // first and the header written last.
        let file = try _File(path, .rewrite)
        let header = _NPYHeader.encode(dtype: Element.dtype, byteOrder: byteOrder, order: order, shape: shape)
        let bytes = count * MemoryLayout<Element>.stride
        if try file.size > 0 { try file.write([UInt8](repeating: 0, count: 6), at: 0) }
        file.preallocate(at: header.count, count: bytes)
        try file.seek(to: header.count)
        try _forEachFileChunk(byteOrder: byteOrder, order: order) { (chunk) throws(NDArrayError) in
            try file.write(chunk.baseAddress!, count: chunk.count)
        }
        try file.truncate(to: header.count + bytes)
        try file.write(header, at: 0)
    }

    /// The array as the bytes of a `.npy` file.
    public func npyBytes(byteOrder: ByteOrder = .little, order: StorageOrder = .c) -> [UInt8] {
        var bytes = _NPYHeader.encode(dtype: Element.dtype, byteOrder: byteOrder, order: order, shape: shape)
        bytes.reserveCapacity(bytes.count + count * MemoryLayout<Element>.stride)
        try! _forEachFileChunk(byteOrder: byteOrder, order: order) { chunk in bytes.append(contentsOf: chunk) }
        return bytes
    }
}

extension AnyNDArray {
    /// Loads a `.npy` file of any element type.
    ///
    /// - Throws: as ``NDArray/load(path:converting:)`` (never `.typeMismatch`).
    public static func load(path: String) throws(NDArrayError) -> AnyNDArray {
        let file = try _File(path, .read)
        return try _read(try _NPY.header(file), from: file)
    }

    /// Reads `.npy` bytes of any element type held in memory.
    ///
    /// - Throws: as ``load(path:)``.
    public init(npyBytes bytes: [UInt8]) throws(NDArrayError) {
        self = try _withBytes(bytes) { (raw) throws(NDArrayError) in
            let source = _MemorySource(bytes: raw)
            return try AnyNDArray._read(try _NPY.header(source), from: source)
        }
    }

    /// Saves the array as a `.npy` file (see ``NDArray/save(path:byteOrder:order:)``).
    ///
    /// - Throws: as ``NDArray/save(path:byteOrder:order:)``.
    public func save(path: String, byteOrder: ByteOrder = .little, order: StorageOrder = .c) throws(NDArrayError) {
        try _visit(_Save(path: path, byteOrder: byteOrder, order: order))
    }

    /// The array as the bytes of a `.npy` file.
    public func npyBytes(byteOrder: ByteOrder = .little, order: StorageOrder = .c) -> [UInt8] {
        _visit(_NPYBytes(byteOrder: byteOrder, order: order))
    }

    static func _read(_ header: _NPYHeader, from source: some _NPYSource,
                      check: ((UnsafeRawBufferPointer) throws(NDArrayError) -> Void)? = nil) throws(NDArrayError) -> AnyNDArray {
        switch header.dtype {
        case .bool: return .bool(try _NPY.read(header, from: source, as: Bool.self, check: check))
        case .int8: return .int8(try _NPY.read(header, from: source, as: Int8.self, check: check))
        case .int16: return .int16(try _NPY.read(header, from: source, as: Int16.self, check: check))
        case .int32: return .int32(try _NPY.read(header, from: source, as: Int32.self, check: check))
        case .int64: return .int64(try _NPY.read(header, from: source, as: Int.self, check: check))
        case .uint8: return .uint8(try _NPY.read(header, from: source, as: UInt8.self, check: check))
        case .uint16: return .uint16(try _NPY.read(header, from: source, as: UInt16.self, check: check))
        case .uint32: return .uint32(try _NPY.read(header, from: source, as: UInt32.self, check: check))
        case .uint64: return .uint64(try _NPY.read(header, from: source, as: UInt64.self, check: check))
        case .float32: return .float32(try _NPY.read(header, from: source, as: Float.self, check: check))
        case .float64: return .float64(try _NPY.read(header, from: source, as: Double.self, check: check))
        case .complex64: return .complex64(try _NPY.read(header, from: source, as: Complex<Float>.self, check: check))
        case .complex128: return .complex128(try _NPY.read(header, from: source, as: Complex<Double>.self, check: check))
        default: throw NDArrayError(.unsupported, "unsupported dtype \(header.dtype)", path: source.sourcePath)
        }
    }
}

private struct _Save: _AnyNDArrayVisitor {
    typealias Failure = NDArrayError
    let path: String, byteOrder: ByteOrder, order: StorageOrder
    func visit<T: NDArrayElement>(_ array: NDArray<T>) throws(NDArrayError) {
        try array.save(path: path, byteOrder: byteOrder, order: order)
    }
}

private struct _NPYBytes: _AnyNDArrayVisitor {
    let byteOrder: ByteOrder, order: StorageOrder
    func visit<T: NDArrayElement>(_ array: NDArray<T>) -> [UInt8] { array.npyBytes(byteOrder: byteOrder, order: order) }
}

extension DType {
    /// The Swift element type of this dtype, for messages.
    var swiftName: String {
        switch self {
        case .bool: return "Bool"
        case .int8: return "Int8"
        case .int16: return "Int16"
        case .int32: return "Int32"
        case .int64: return "Int"
        case .uint8: return "UInt8"
        case .uint16: return "UInt16"
        case .uint32: return "UInt32"
        case .uint64: return "UInt64"
        case .float32: return "Float"
        case .float64: return "Double"
        case .complex64: return "Complex<Float>"
        case .complex128: return "Complex<Double>"
        default: return name
        }
    }
}
