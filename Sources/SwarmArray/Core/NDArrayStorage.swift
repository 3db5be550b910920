/// The header of an array's storage: where the elements are and who frees them.
@usableFromInline
struct _NDStorageHeader {
    /// The first element: the tail allocation, or memory owned elsewhere.
    @usableFromInline var base: UnsafeMutableRawPointer
    /// The number of elements.
    @usableFromInline var count: Int
    /// Frees memory owned elsewhere (a caller's buffer, a mapped file); nil
    /// when the elements live in this object's own tail allocation.
    @usableFromInline var release: (@Sendable () -> Void)?

    @inlinable
    init(base: UnsafeMutableRawPointer, count: Int, release: (@Sendable () -> Void)?) {
        self.base = base
        self.count = count
        self.release = release
    }
}

/// The element buffer shared by every array and view made from it.
///
/// One allocation holds the header and the elements. Elements are plain
/// values (every ``NDArrayElement`` is bitwise-copyable), so nothing is
/// deinitialized: freeing the object frees the memory.
@usableFromInline
final class _NDStorage<Element>: ManagedBuffer<_NDStorageHeader, Element> {
    /// A buffer of `count` uninitialized elements.
    @inlinable
    static func allocate(count: Int) -> _NDStorage<Element> {
        let object = create(minimumCapacity: Swift.max(count, 1)) { _ in
            _NDStorageHeader(base: UnsafeMutableRawPointer(bitPattern: 1)!, count: count, release: nil)
        }
        let storage = unsafeDowncast(object, to: _NDStorage<Element>.self)
        storage.withUnsafeMutablePointers { header, elements in
            header.pointee.base = UnsafeMutableRawPointer(elements)
        }
        return storage
    }

    /// Wraps memory owned elsewhere, without copying.
    @inlinable
    static func wrapping(_ base: UnsafeMutableRawPointer, count: Int, release: @escaping @Sendable () -> Void) -> _NDStorage<Element> {
        let object = create(minimumCapacity: 0) { _ in
            _NDStorageHeader(base: base, count: count, release: release)
        }
        return unsafeDowncast(object, to: _NDStorage<Element>.self)
    }

    /// The first element.
    @inlinable
    var pointer: UnsafeMutablePointer<Element> {
        header.base.assumingMemoryBound(to: Element.self)
    }

    deinit {
        header.release?()
    }
}
