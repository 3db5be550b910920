#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SwarmCore
import Synchronization

// BLAS and LAPACK through their Fortran interfaces (every argument by
// address, matrices column-major, CHARACTER arguments followed by hidden
// lengths at the end), loaded at run time from OpenBLAS, which exports
// both. The Fortran interface is the same for all four element types, so
// one table of function pointers per LAPACK prefix serves them all.

/// Raw pointers, for C-representable function types.
@usableFromInline typealias _P = UnsafeMutableRawPointer
@usableFromInline typealias _I = UnsafeMutablePointer<Int32>
@usableFromInline typealias _C = UnsafePointer<CChar>

@usableFromInline
struct _LAPACKTable: @unchecked Sendable {  // C function pointers into a library never unloaded
    typealias Gemm = @convention(c) (_C, _C, _I, _I, _I, _P, _P, _I, _P, _I, _P, _P, _I, Int, Int) -> Void
    typealias Gemv = @convention(c) (_C, _I, _I, _P, _P, _I, _P, _I, _P, _P, _I, Int) -> Void
    typealias Getrf = @convention(c) (_I, _I, _P, _I, _I, _I) -> Void
    typealias Getrs = @convention(c) (_C, _I, _I, _P, _I, _I, _P, _I, _I, Int) -> Void
    typealias Getri = @convention(c) (_I, _P, _I, _I, _P, _I, _I) -> Void
    typealias Potrf = @convention(c) (_C, _I, _P, _I, _I, Int) -> Void
    typealias Geqrf = @convention(c) (_I, _I, _P, _I, _P, _P, _I, _I) -> Void
    typealias Orgqr = @convention(c) (_I, _I, _I, _P, _I, _P, _P, _I, _I) -> Void
    typealias GesddReal = @convention(c) (_C, _I, _I, _P, _I, _P, _P, _I, _P, _I, _P, _I, _I, _I, Int) -> Void
    typealias GesddComplex = @convention(c) (_C, _I, _I, _P, _I, _P, _P, _I, _P, _I, _P, _I, _P, _I, _I, Int) -> Void
    typealias Syevd = @convention(c) (_C, _C, _I, _P, _I, _P, _P, _I, _I, _I, _I, Int, Int) -> Void
    typealias Heevd = @convention(c) (_C, _C, _I, _P, _I, _P, _P, _I, _P, _I, _I, _I, _I, Int, Int) -> Void
    typealias GeevReal = @convention(c) (_C, _C, _I, _P, _I, _P, _P, _P, _I, _P, _I, _P, _I, _I, Int, Int) -> Void
    typealias GeevComplex = @convention(c) (_C, _C, _I, _P, _I, _P, _P, _I, _P, _I, _P, _I, _P, _I, Int, Int) -> Void
    typealias GelsdReal = @convention(c) (_I, _I, _I, _P, _I, _P, _I, _P, _P, _I, _P, _I, _I, _I) -> Void
    typealias GelsdComplex = @convention(c) (_I, _I, _I, _P, _I, _P, _I, _P, _P, _I, _P, _I, _P, _I, _I) -> Void

    var gemm: Gemm?, gemv: Gemv?, getrf: Getrf?, getrs: Getrs?, getri: Getri?, potrf: Potrf?
    var geqrf: Geqrf?, orgqr: Orgqr?
    var gesddReal: GesddReal?, gesddComplex: GesddComplex?
    var syevd: Syevd?, heevd: Heevd?
    var geevReal: GeevReal?, geevComplex: GeevComplex?
    var gelsdReal: GelsdReal?, gelsdComplex: GelsdComplex?

    init(_ lib: LoadedLibrary, prefix p: String) {
        let complex = p == "c" || p == "z"
        gemm = lib.symbol("\(p)gemm_", as: Gemm.self)
        gemv = lib.symbol("\(p)gemv_", as: Gemv.self)
        getrf = lib.symbol("\(p)getrf_", as: Getrf.self)
        getrs = lib.symbol("\(p)getrs_", as: Getrs.self)
        getri = lib.symbol("\(p)getri_", as: Getri.self)
        potrf = lib.symbol("\(p)potrf_", as: Potrf.self)
        geqrf = lib.symbol("\(p)geqrf_", as: Geqrf.self)
        orgqr = lib.symbol(complex ? "\(p)ungqr_" : "\(p)orgqr_", as: Orgqr.self)
        if complex {
            gesddComplex = lib.symbol("\(p)gesdd_", as: GesddComplex.self)
            heevd = lib.symbol("\(p)heevd_", as: Heevd.self)
            geevComplex = lib.symbol("\(p)geev_", as: GeevComplex.self)
            gelsdComplex = lib.symbol("\(p)gelsd_", as: GelsdComplex.self)
        } else {
            gesddReal = lib.symbol("\(p)gesdd_", as: GesddReal.self)
            syevd = lib.symbol("\(p)syevd_", as: Syevd.self)
            geevReal = lib.symbol("\(p)geev_", as: GeevReal.self)
            gelsdReal = lib.symbol("\(p)gelsd_", as: GelsdReal.self)
        }
    }
}

/// The loaded BLAS/LAPACK library and its tables.
@usableFromInline
final class _LAPACK: Sendable {
    typealias SetThreads = @convention(c) (Int32) -> Void
    typealias GetThreads = @convention(c) () -> Int32
    typealias GetConfig = @convention(c) () -> _C

    let library: LoadedLibrary
    let tables: [String: _LAPACKTable]
    let setThreads: SetThreads?
    let getThreads: GetThreads?
    let config: String
    /// The kernels OpenBLAS runs (its core name: what it detected, or what
    /// `OPENBLAS_CORETYPE` chose), or nil for another library.
    let coreName: String?
    /// Serializes changes of OpenBLAS's thread count (a process-wide setting).
    let threadLock = Mutex<Void>(())

    /// The library, loaded on first use; nil when none is installed.
    /// `SWARM_BLAS=none` makes it nil, to run the Swift fallbacks.
    @usableFromInline static let shared: _LAPACK? = {
        if let choice = getenv("SWARM_BLAS"), String(cString: choice) == "none" { return nil }
        guard let lib = SystemLibrary.blas.load() else { return nil }
        return _LAPACK(lib)
    }()

    init(_ lib: LoadedLibrary) {
        library = lib
        var t: [String: _LAPACKTable] = [:]
        for p in ["s", "d", "c", "z"] { t[p] = _LAPACKTable(lib, prefix: p) }
        tables = t
        setThreads = lib.symbol("openblas_set_num_threads", as: SetThreads.self)
        getThreads = lib.symbol("openblas_get_num_threads", as: GetThreads.self)
        config = lib.symbol("openblas_get_config", as: GetConfig.self).map { String(cString: $0()) } ?? "unknown build"
        coreName = lib.symbol("openblas_get_corename", as: GetConfig.self).map { String(cString: $0()) }
        // Thread policy: OpenBLAS gets one thread per core of our fork-join
        // team (unless OPENBLAS_NUM_THREADS says otherwise). Our own loops
        // are idle while a BLAS call runs, so the two never oversubscribe;
        // where we run many small matrices across our cores, OpenBLAS is set
        // to one thread for the duration (`withSingleThreadedBLAS`).
        if getenv("OPENBLAS_NUM_THREADS") == nil && getenv("OMP_NUM_THREADS") == nil {
            setThreads?(Int32(ForkJoin.parallelism))
        }
    }

    /// The table for an element type.
    @usableFromInline
    static func table<T: NDArrayLinalgElement>(_ type: T.Type) -> _LAPACKTable? {
        shared?.tables[T._lapackPrefix]
    }

    /// Runs `body` with OpenBLAS on one thread (for loops that already use every core).
    func withSingleThreadedBLAS<R>(_ body: () throws -> R) rethrows -> R {
        guard let setThreads, let getThreads else { return try body() }
        return try threadLock.withLock { _ in
            let saved = getThreads()
            setThreads(1)
            defer { setThreads(saved) }
            return try body()
        }
    }
}

/// What SwarmArray uses for BLAS and LAPACK.
public enum LinearAlgebraBackend {
    /// Whether a BLAS/LAPACK library is loaded (matrix products and `solve`
    /// also work without one, more slowly; decompositions need it).
    public static var isAvailable: Bool { _LAPACK.shared != nil }
    /// The library loaded and its build, or how to get one.
    public static var description: String {
        guard let l = _LAPACK.shared else {
            return "none (install Debian's \(SystemLibraryNames.blasPackage), or set SWARM_BLAS to a BLAS/LAPACK library)"
        }
        let kernels = l.coreName.map { ", \($0) kernels" } ?? ""
        return "\(l.library.name): \(l.config)\(kernels), \(l.getThreads.map { "\($0()) threads" } ?? "threads unknown")"
    }
}

/// `Int32` LAPACK arguments from an `Int`, trapping when a dimension does
/// not fit the 32-bit interface.
@inlinable
func _lapackInt(_ n: Int) -> Int32 {
    guard let v = Int32(exactly: n) else { preconditionFailure("dimension \(n) is too large for 32-bit LAPACK") }
    return v
}

/// Integer arguments for a LAPACK call, each at its own address (Fortran
/// takes every argument by reference, and Swift forbids passing one
/// variable as two `inout` arguments), plus `info`.
@usableFromInline
final class _Args {
    @usableFromInline let p: UnsafeMutablePointer<Int32>
    @usableFromInline let count: Int

    @inlinable
    init(_ values: Int...) {
        count = values.count
        p = .allocate(capacity: values.count + 1)
        for (i, v) in values.enumerated() { (p + i).initialize(to: _lapackInt(v)) }
        (p + values.count).initialize(to: 0)
    }

    deinit { p.deallocate() }

    /// The address of argument `i`.
    @inlinable subscript(_ i: Int) -> _I { p + i }
    /// LAPACK's `info` output.
    @inlinable var info: _I { p + count }
    /// `info`'s value.
    @inlinable var status: Int { Int(p[count]) }
}

/// A buffer of elements for LAPACK: workspace, scalars (`alpha`), query results.
@usableFromInline
final class _Buffer<T> {
    @usableFromInline let p: UnsafeMutablePointer<T>
    @usableFromInline let count: Int
    /// The size of the block when it came from ``_LargeBlocks`` (0: from malloc).
    @usableFromInline let largeBytes: Int

    /// `count` copies of `value`.
    @inlinable
    convenience init(_ count: Int, _ value: T) {
        self.init(uninitialized: count)
        // Zeros are a memset: the generic fill would cost a witness call per
        // element (these buffers are made in unspecialised code).
        if withUnsafeBytes(of: value, { $0.allSatisfy { $0 == 0 } }) {
            UnsafeMutableRawPointer(p).initializeMemory(as: UInt8.self, repeating: 0, count: self.count * MemoryLayout<T>.stride)
        } else {
            p.initialize(repeating: value, count: self.count)
        }
    }

    /// `count` elements that LAPACK writes before it reads (workspace, or a
    /// matrix about to be copied in). Large ones are huge-page blocks from
    /// ``_LargeBlocks``, reused from call to call, as the arrays' are: a
    /// fresh 16 MB workspace cost an `eigh` of 1000² its page faults.
    @inlinable
    init(uninitialized count: Int) {
        self.count = Swift.max(count, 1)
        let bytes = self.count * MemoryLayout<T>.stride
        if bytes >= _hugePageThreshold, let (raw, size) = _LargeBlocks.allocate(bytes) {
            p = raw.bindMemory(to: T.self, capacity: self.count)
            largeBytes = size
        } else {
            guard let raw = malloc(bytes) else { fatalError("out of memory for a LAPACK buffer of \(self.count) elements") }
            p = raw.bindMemory(to: T.self, capacity: self.count)
            largeBytes = 0
        }
    }

    deinit {
        if largeBytes > 0 { _LargeBlocks.release(UInt(bitPattern: p), largeBytes) } else { free(p) }
    }

    /// The raw address, for LAPACK.
    @inlinable var raw: _P { UnsafeMutableRawPointer(p) }
}
