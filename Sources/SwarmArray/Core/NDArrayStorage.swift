import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if DEBUG
/// How many element buffers the watched thread has allocated (debug builds
/// only), so that tests can check that views and in-place operations
/// allocate none. Element buffers are always allocated on the calling
/// thread, before any work goes to other cores.
@usableFromInline let _storageAllocations = Atomic<Int>(0)
/// The thread whose allocations are counted (0: none).
@usableFromInline let _storageWatchedThread = Atomic<UInt>(0)
#endif

/// Buffers of at least this many bytes get their own huge-page allocation.
/// (A computed constant: a global `let` costs a `swift_once` per access.)
@inlinable var _hugePageThreshold: Int { 4 << 20 }

/// Frees memory that an array's storage does not own itself.
@usableFromInline
final class _NDExternalRelease {
    @usableFromInline let body: @Sendable () -> Void
    @inlinable init(_ body: @escaping @Sendable () -> Void) { self.body = body }
}

/// The header of an array's storage: where the elements are and who frees them.
///
/// A trivial type (the releaser is held as an unmanaged reference), so
/// that creating and freeing a small array's storage copies and destroys
/// no header fields through the runtime's value witnesses.
@usableFromInline
struct _NDStorageHeader {
    /// The first element: the tail allocation, or memory owned elsewhere.
    @usableFromInline var base: UnsafeMutableRawPointer
    /// The number of elements.
    @usableFromInline var count: Int
    /// A retained ``_NDExternalRelease`` that frees memory owned elsewhere (a
    /// caller's buffer, a mapped file, a large block); nil when the elements
    /// live in this object's own tail allocation.
    @usableFromInline var release: UnsafeMutableRawPointer?

    @inlinable
    init(base: UnsafeMutableRawPointer, count: Int, release: UnsafeMutableRawPointer?) {
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
        #if DEBUG
        if _storageWatchedThread.load(ordering: .relaxed) == UInt(bitPattern: Int(bitPattern: pthread_self())) {
            _storageAllocations.add(1, ordering: .relaxed)
        }
        #endif
        let bytes = count &* MemoryLayout<Element>.stride
        if bytes >= _hugePageThreshold { return allocateLarge(count: count, bytes: bytes) }
        let object = create(minimumCapacity: Swift.max(count, 1)) { _ in
            _NDStorageHeader(base: UnsafeMutableRawPointer(bitPattern: 1)!, count: count, release: nil)
        }
        let storage = unsafeDowncast(object, to: _NDStorage<Element>.self)
        storage.withUnsafeMutablePointers { header, elements in
            header.pointee.base = UnsafeMutableRawPointer(elements)
        }
        return storage
    }

    /// A large buffer, from ``_LargeBlocks`` (huge pages, and reuse of
    /// recently freed buffers).
    @usableFromInline
    static func allocateLarge(count: Int, bytes: Int) -> _NDStorage<Element> {
        guard let (raw, size) = _LargeBlocks.allocate(bytes) else {
            fatalError("NDArray: out of memory allocating \(bytes) bytes for \(count) elements")
        }
        let address = UInt(bitPattern: raw)
        return wrapping(raw, count: count) { _LargeBlocks.release(address, size) }
    }

    /// Wraps memory owned elsewhere, without copying.
    @inlinable
    static func wrapping(_ base: UnsafeMutableRawPointer, count: Int, release: @escaping @Sendable () -> Void) -> _NDStorage<Element> {
        let releaser = Unmanaged.passRetained(_NDExternalRelease(release)).toOpaque()
        let object = create(minimumCapacity: 0) { _ in
            _NDStorageHeader(base: base, count: count, release: releaser)
        }
        return unsafeDowncast(object, to: _NDStorage<Element>.self)
    }

    /// The first element.
    ///
    /// Read through the header's address rather than the `header` property:
    /// a class's stored property is guarded by a dynamic exclusivity check
    /// (measured: a third of the time of a 10-element kernel).
    @inlinable
    var pointer: UnsafeMutablePointer<Element> {
        withUnsafeMutablePointerToHeader { $0.pointee.base.assumingMemoryBound(to: Element.self) }
    }

    deinit {
        withUnsafeMutablePointerToHeader { header in
            if let releaser = header.pointee.release {
                Unmanaged<_NDExternalRelease>.fromOpaque(releaser).takeRetainedValue().body()
            }
        }
    }
}
