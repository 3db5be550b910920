import ComplexModule
import RealModule

/// An element type that linear algebra and FFTs work on: `Float`,
/// `Double`, `Complex<Float>` and `Complex<Double>`, as NumPy's `linalg`
/// and `fft` take them.
///
/// `Magnitude` is the real type of the same precision (`Double` for
/// `Complex<Double>`).
public protocol NDArrayLinalgElement: NDArrayNumeric, AlgebraicField where SumType == Self,
    Magnitude: NDArrayLinalgElement & Real & BinaryFloatingPoint {
    /// LAPACK's letter for the type: `s`, `d`, `c` or `z`.
    static var _lapackPrefix: String { get }
    /// Whether the type is complex.
    static var _isComplex: Bool { get }
    /// A value from its real and imaginary parts (the imaginary part is dropped for real types).
    init(_real: Magnitude, _imaginary: Magnitude)
    /// The real part.
    var _re: Magnitude { get }
    /// The imaginary part (zero for real types).
    var _im: Magnitude { get }
}

extension NDArrayLinalgElement {
    /// The complex conjugate (the value itself for real types).
    @inlinable @inline(__always) var _conjugate: Self { Self._isComplex ? Self(_real: _re, _imaginary: -_im) : self }
    /// The Euclidean absolute value.
    @inlinable @inline(__always) var _abs: Magnitude { Self._isComplex ? Magnitude.hypot(_re, _im) : Swift.abs(_re) }
    /// `|x|²`.
    @inlinable @inline(__always) var _abs2: Magnitude { _re * _re + _im * _im }
}

extension Float: NDArrayLinalgElement {
    /// `s`
    public static var _lapackPrefix: String { "s" }
    /// Real.
    @inlinable public static var _isComplex: Bool { false }
    /// The real part.
    @inlinable public init(_real: Float, _imaginary: Float) { self = _real }
    /// Itself.
    @inlinable public var _re: Float { self }
    /// Zero.
    @inlinable public var _im: Float { 0 }
}

extension Double: NDArrayLinalgElement {
    /// `d`
    public static var _lapackPrefix: String { "d" }
    /// Real.
    @inlinable public static var _isComplex: Bool { false }
    /// The real part.
    @inlinable public init(_real: Double, _imaginary: Double) { self = _real }
    /// Itself.
    @inlinable public var _re: Double { self }
    /// Zero.
    @inlinable public var _im: Double { 0 }
}

extension Complex: NDArrayLinalgElement where RealType: NDArrayLinalgElement & BinaryFloatingPoint, RealType.Magnitude == RealType {
    /// `c` or `z`.
    public static var _lapackPrefix: String { RealType.self == Float.self ? "c" : "z" }
    /// Complex.
    @inlinable public static var _isComplex: Bool { true }
    /// From the parts.
    @inlinable public init(_real: RealType, _imaginary: RealType) { self.init(_real, _imaginary) }
    /// The raw real part.
    @inlinable public var _re: RealType { rawStorage.x }
    /// The raw imaginary part.
    @inlinable public var _im: RealType { rawStorage.y }
}
