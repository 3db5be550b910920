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
        SystemLibrary(name: "openblas", sonames: ["libopenblas.so.0", "libopenblas.so"],
                      overrideVariable: "SWARM_BLAS", debianPackage: "libopenblas0-pthread"),
        SystemLibrary(name: "lapacke", sonames: ["liblapacke.so.3", "liblapacke.so"],
                      overrideVariable: "SWARM_LAPACKE", debianPackage: "liblapacke"),
        SystemLibrary(name: "fftw3", sonames: ["libfftw3.so.3", "libfftw3.so"],
                      overrideVariable: "SWARM_FFTW", debianPackage: "libfftw3-double3"),
        SystemLibrary(name: "opencl", sonames: ["libOpenCL.so.1", "libOpenCL.so"],
                      overrideVariable: "SWARM_OPENCL", debianPackage: "ocl-icd-libopencl1"),
        SystemLibrary(name: "mpi", sonames: ["libmpi.so.40", "libmpi.so"],
                      overrideVariable: "SWARM_MPI", debianPackage: "libopenmpi3"),
    ]

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
