#if canImport(Glibc)
import Glibc
#endif

/// A system library that Swarm loads at run time with `dlopen`, so that the
/// package builds and runs without it, and says which Debian package to install.
public struct SystemLibrary: Sendable {
    /// A short name, such as `openblas`.
    public var name: String
    /// The shared object names to try, in order.
    public var sonames: [String]
    /// An environment variable that names another build to load instead.
    public var overrideVariable: String
    /// The Debian package that provides it.
    public var debianPackage: String

    /// Creates a description of a loadable library.
    public init(name: String, sonames: [String], overrideVariable: String, debianPackage: String) {
        self.name = name
        self.sonames = sonames
        self.overrideVariable = overrideVariable
        self.debianPackage = debianPackage
    }

    /// The libraries Swarm knows how to use.
    public static let known: [SystemLibrary] = [
        .blas, .fftw, .fftwFloat,
        SystemLibrary(name: "opencl", sonames: ["libOpenCL.so.1", "libOpenCL.so"],
                      overrideVariable: "SWARM_OPENCL", debianPackage: "ocl-icd-libopencl1"),
        SystemLibrary(name: "mpi", sonames: ["libmpi.so.40", "libmpi.so"],
                      overrideVariable: "SWARM_MPI", debianPackage: "libopenmpi3"),
    ]

    /// BLAS and LAPACK (OpenBLAS exports both, with the CBLAS and Fortran
    /// interfaces). `SWARM_BLAS` names another build with the same symbols.
    public static let blas = SystemLibrary(name: "openblas", sonames: ["libopenblas.so.0", "libopenblas.so"],
                                           overrideVariable: "SWARM_BLAS", debianPackage: "libopenblas0-pthread")
    /// FFTW for doubles (`SWARM_FFTW` for another build).
    public static let fftw = SystemLibrary(name: "fftw3", sonames: ["libfftw3.so.3", "libfftw3.so"],
                                           overrideVariable: "SWARM_FFTW", debianPackage: "libfftw3-double3")
    /// FFTW for floats (`SWARM_FFTWF` for another build).
    public static let fftwFloat = SystemLibrary(name: "fftw3f", sonames: ["libfftw3f.so.3", "libfftw3f.so"],
                                                overrideVariable: "SWARM_FFTWF", debianPackage: "libfftw3-single3")

    /// Loads the library (the override first, then the usual names) and
    /// keeps it loaded for the life of the process; nil when none loads.
    public func load() -> LoadedLibrary? {
        var candidates = sonames
        if let override = getenv(overrideVariable) { candidates.insert(String(cString: override), at: 0) }
        for candidate in candidates {
            if let handle = dlopen(candidate, RTLD_NOW | RTLD_GLOBAL) {
                return LoadedLibrary(handle: handle, name: candidate, library: self)
            }
        }
        return nil
    }

    /// Tries to load the library and returns the name that loaded, or nil.
    /// The handle is released again; this only answers "is it there".
    public func probe() -> String? {
        var candidates = sonames
        if let override = getenv(overrideVariable) { candidates.insert(String(cString: override), at: 0) }
        for candidate in candidates {
            if let handle = dlopen(candidate, RTLD_NOW | RTLD_LOCAL) {
                dlclose(handle)
                return candidate
            }
        }
        return nil
    }
}

/// A system library loaded with `dlopen`, never unloaded.
public final class LoadedLibrary: @unchecked Sendable {
    // Safe: the handle is immutable and `dlsym` may be called from any thread.
    let handle: UnsafeMutableRawPointer
    /// The name or path it was loaded by.
    public let name: String
    /// What it is.
    public let library: SystemLibrary

    init(handle: UnsafeMutableRawPointer, name: String, library: SystemLibrary) {
        self.handle = handle
        self.name = name
        self.library = library
    }

    /// The address of a symbol as a C function type, or nil when the library lacks it.
    public func symbol<T>(_ name: String, as type: T.Type) -> T? {
        guard let address = dlsym(handle, name) else { return nil }
        return unsafeBitCast(address, to: T.self)
    }
}
