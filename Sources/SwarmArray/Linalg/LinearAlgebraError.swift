/// A numerical failure in linear algebra (NumPy's `LinAlgError`), or a
/// missing BLAS/LAPACK library.
///
/// Shapes that do not fit are programmer errors and trap instead, naming
/// the shapes.
///
/// ```swift
/// do {
///     let x = try solve(a, b)
/// } catch let error as LinearAlgebraError where error.code == .singular {
///     print(error)   // singular: Singular matrix (U[2,2] is exactly zero)
/// }
/// ```
public struct LinearAlgebraError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What failed.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        /// A matrix that should be invertible is exactly singular.
        public static let singular = Code(name: "singular")
        /// A matrix given to Cholesky is not positive definite.
        public static let notPositiveDefinite = Code(name: "notPositiveDefinite")
        /// An iterative algorithm (SVD, eigenvalues) did not converge.
        public static let noConvergence = Code(name: "noConvergence")
        /// BLAS/LAPACK is needed and not installed.
        public static let missingLibrary = Code(name: "missingLibrary")
        /// The matrix holds NaN or infinity where LAPACK cannot take them.
        public static let notFinite = Code(name: "notFinite")
        /// The code's name.
        public var description: String { name }
    }

    /// What failed.
    public var code: Code
    /// What happened, for people.
    public var message: String
    /// LAPACK's `info` when it reported the failure (positive: the failing
    /// pivot, minor or count of unconverged values).
    public var info: Int?
    /// For a stack of matrices, the position of the one that failed.
    public var matrixIndex: Int?

    /// Creates an error.
    public init(_ code: Code, _ message: String, info: Int? = nil, matrixIndex: Int? = nil) {
        self.code = code
        self.message = message
        self.info = info
        self.matrixIndex = matrixIndex
    }

    /// `code: message`, with the matrix's position in a stack.
    public var description: String {
        "\(code): \(message)" + (matrixIndex.map { " (matrix \($0) of the stack)" } ?? "")
    }

    static func missingLibrary(_ what: String) -> LinearAlgebraError {
        LinearAlgebraError(.missingLibrary, "\(what) needs LAPACK: install Debian's package \(SystemLibraryNames.blasPackage) (or point SWARM_BLAS at a BLAS/LAPACK library)")
    }
}

/// Names used in messages.
enum SystemLibraryNames {
    static let blasPackage = "libopenblas0-pthread"
    static let fftwPackage = "libfftw3-double3 (and libfftw3-single3 for Float)"
}
