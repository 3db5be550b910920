/// An N-dimensional array of numbers: NumPy's `ndarray` for Swift.
///
/// `NDArray` is a value type with copy-on-write storage. Slicing,
/// transposing and broadcasting give views that share the storage and copy
/// nothing; writing to an array whose storage is shared copies it first, so
/// a view never changes the array it came from unless it is the only owner.
///
/// ```swift
/// let a = NDArray<Double>.arange(6).reshaped([2, 3])
/// let b = a * 2 + 1              // elementwise, on all cores when large
/// print(b.sum(axis: 0))          // [4.0, 8.0, 12.0]
/// ```
///
/// Elements are laid out by `shape` and `strides` (counted in elements, not
/// bytes, and possibly negative or zero), from an `offset` into the storage.
/// New arrays are C-contiguous (row-major).
///
/// Operators trap on programmer errors, as Swift's `Array` does: shapes that
/// do not broadcast, an index out of range. The message names the shapes or
/// the index. Functions that read outside data (files, buffers) throw.
public struct NDArray<Element: NDArrayElement> {
    @usableFromInline var storage: _NDStorage<Element>
    /// Where element `[0, 0, …]` is in the storage, in elements.
    @usableFromInline var offset: Int
    @usableFromInline var _shape: [Int]
    @usableFromInline var _strides: [Int]
    @usableFromInline var _isContiguous: Bool

    /// The size of each dimension.
    @inlinable public var shape: [Int] { _shape }
    /// The distance between neighbours along each dimension, in elements.
    @inlinable public var strides: [Int] { _strides }
    /// Whether the elements are C-contiguous: `strides` are the row-major
    /// strides of `shape`, so that the elements form one dense block.
    @inlinable public var isContiguous: Bool { _isContiguous }

    /// An array over existing storage; `isContiguous` is computed.
    @inlinable
    init(storage: _NDStorage<Element>, offset: Int, shape: [Int], strides: [Int]) {
        self.storage = storage
        self.offset = offset
        self._shape = shape
        self._strides = strides
        self._isContiguous = _Layout.isCContiguous(shape, strides)
    }

    /// An array over existing storage that is known to be C-contiguous.
    @inlinable
    init(storage: _NDStorage<Element>, offset: Int, contiguousShape shape: [Int], strides: [Int]) {
        self.storage = storage
        self.offset = offset
        self._shape = shape
        self._strides = strides
        self._isContiguous = true
    }

    /// Creates an array of the given shape whose C-order elements `body`
    /// initializes.
    ///
    /// - Parameters:
    ///   - shape: the dimensions.
    ///   - body: receives a buffer of `count` uninitialized elements and must
    ///     initialize every one of them.
    @inlinable
    public init(unsafeUninitializedShape shape: [Int],
                initializingWith body: (UnsafeMutableBufferPointer<Element>) throws -> Void) rethrows {
        let count = _Layout.count(shape)
        let storage = _NDStorage<Element>.allocate(count: count)
        try body(UnsafeMutableBufferPointer(start: storage.pointer, count: count))
        self.init(storage: storage, offset: 0, contiguousShape: shape, strides: _Layout.cStrides(shape))
    }

    /// An uninitialized C-contiguous array; the caller writes every element.
    @inlinable
    init(_uninitializedShape shape: [Int], strides: [Int]? = nil) {
        let storage = _NDStorage<Element>.allocate(count: _Layout.count(shape))
        self.init(storage: storage, offset: 0, contiguousShape: shape, strides: strides ?? _Layout.cStrides(shape))
    }

    /// Creates an array from elements in C order.
    ///
    /// - Parameters:
    ///   - shape: the dimensions; their product must equal `elements.count`.
    ///   - elements: the values, last index varying fastest.
    @inlinable
    public init(shape: [Int], elements: [Element]) {
        precondition(_Layout.count(shape) == elements.count,
                     "cannot make an array of shape \(_Layout.describe(shape)) from \(elements.count) elements")
        self.init(unsafeUninitializedShape: shape) { buffer in
            _ = elements.withUnsafeBufferPointer { buffer.initialize(fromContentsOf: $0) }
        }
    }

    /// Creates a 1-D array.
    @inlinable
    public init(_ elements: [Element]) {
        self.init(shape: [elements.count], elements: elements)
    }

    /// Creates a 0-dimensional array holding one value.
    @inlinable
    public init(scalar: Element) {
        self.init(shape: [], elements: [scalar])
    }

    /// Creates an array with every element equal to `value`.
    @inlinable
    public init(repeating value: Element, shape: [Int]) {
        self.init(unsafeUninitializedShape: shape) { buffer in
            // Zeros are a memset: unspecialised callers (the linear algebra)
            // would otherwise fill through a witness call per element.
            if withUnsafeBytes(of: value, { $0.allSatisfy { $0 == 0 } }) {
                UnsafeMutableRawBufferPointer(buffer).initializeMemory(as: UInt8.self, repeating: 0)
            } else {
                buffer.initialize(repeating: value)
            }
        }
    }

    /// Wraps memory owned elsewhere without copying it (NumPy's `frombuffer`).
    ///
    /// - Parameters:
    ///   - buffer: C-order elements; it must stay valid until `deallocator` runs.
    ///   - shape: the dimensions; their product must equal `buffer.count`.
    ///   - deallocator: runs when the last array using the memory goes away.
    public init(unsafeNoCopy buffer: UnsafeMutableBufferPointer<Element>, shape: [Int],
                deallocator: @escaping @Sendable () -> Void) {
        precondition(_Layout.count(shape) == buffer.count,
                     "cannot make an array of shape \(_Layout.describe(shape)) from \(buffer.count) elements")
        let base = buffer.baseAddress.map(UnsafeMutableRawPointer.init) ?? UnsafeMutableRawPointer(bitPattern: 8)!
        let storage = _NDStorage<Element>.wrapping(base, count: buffer.count, release: deallocator)
        self.init(storage: storage, offset: 0, contiguousShape: shape, strides: _Layout.cStrides(shape))
    }
}

extension NDArray: @unchecked Sendable where Element: Sendable {}
// Safe: storage is shared only between values, and every write first makes
// the storage unique (copy-on-write), so no two threads write one buffer
// unless a kernel hands them disjoint parts of it.

extension NDArray {
    /// The number of dimensions.
    @inlinable public var ndim: Int { shape.count }
    /// The number of elements.
    @inlinable public var count: Int { _Layout.count(shape) }
    /// The number of elements (NumPy's name).
    @inlinable public var size: Int { count }
    /// The element type's description.
    @inlinable public var dtype: DType { Element.dtype }
    /// Bytes per element.
    @inlinable public var itemSize: Int { MemoryLayout<Element>.stride }
    /// Whether the elements are Fortran-contiguous (column-major, no gaps).
    @inlinable public var isFortranContiguous: Bool { _Layout.isFortranContiguous(shape, strides) }

    /// The address of element `[0, 0, …]`.
    @inlinable var _base: UnsafeMutablePointer<Element> { storage.pointer + offset }

    /// Calls `body` with the elements in C order. Reads the array's own
    /// memory when it is contiguous, a contiguous copy otherwise.
    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R {
        if isContiguous {
            return try withExtendedLifetime(storage) {
                try body(UnsafeBufferPointer(start: _base, count: count))
            }
        }
        return try contiguous().withUnsafeBufferPointer(body)
    }

    /// Calls `body` with the elements in C order for writing. The storage is
    /// first made unique and contiguous, so writes land in this array only.
    @inlinable
    public mutating func withUnsafeMutableBufferPointer<R>(_ body: (UnsafeMutableBufferPointer<Element>) throws -> R) rethrows -> R {
        if !isContiguous || !isKnownUniquelyReferenced(&storage) { self = copy() }
        return try withExtendedLifetime(storage) {
            try body(UnsafeMutableBufferPointer(start: _base, count: count))
        }
    }

    /// Makes the storage unique before a write, keeping the layout when it
    /// already is (a view that is the sole owner writes in place).
    ///
    /// A broadcast view (a stride of 0 along an axis longer than one) is
    /// always copied: its elements share memory, so a write would land in
    /// several places at once.
    @inlinable
    mutating func _makeUnique() {
        if !isKnownUniquelyReferenced(&storage) || (!isContiguous && _hasSelfOverlap) { self = copy() }
    }

    /// Whether two positions of the array share one element in memory.
    @inlinable
    var _hasSelfOverlap: Bool {
        for d in 0..<shape.count where shape[d] > 1 && strides[d] == 0 { return true }
        return false
    }

    /// The elements in C order.
    @inlinable
    public func toArray() -> [Element] {
        withUnsafeBufferPointer { Array($0) }
    }

    /// The single element of a one-element array (NumPy's `item()`).
    @inlinable
    public var item: Element {
        precondition(count == 1, "can only convert an array of size 1 to a scalar, not shape \(_Layout.describe(shape))")
        return _base[_elementOffset(flat: 0)]
    }

    /// The storage offset (from `_base`) of the element at C-order position `flat`.
    @inlinable
    func _elementOffset(flat: Int) -> Int {
        if isContiguous { return flat }
        var rest = flat
        var off = 0
        var i = shape.count - 1
        while i >= 0 {
            let d = shape[i]
            off += (rest % d) * strides[i]
            rest /= d
            i -= 1
        }
        return off
    }
}
