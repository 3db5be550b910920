// numpy.fft: one-dimensional, two-dimensional and n-dimensional transforms
// of complex and real data, with NumPy's `n`/`s`, `axis`/`axes` and `norm`,
// and the frequency and shift helpers.

/// The discrete Fourier transform along one axis (NumPy's `fft.fft`).
///
/// ```swift
/// let x = NDArray<Double>([1, 1, 1, 1])
/// fft(x)   // [4+0j, 0+0j, 0+0j, 0+0j]
/// ```
///
/// - Parameters:
///   - a: the data.
///   - n: the transform's length: the axis is cut or padded with zeros to it.
///   - axis: the axis to transform.
///   - norm: the scaling; `.backward` leaves the forward transform unscaled.
/// - Complexity: O(n log n) for every length (FFTW, or Bluestein's method for long prime factors).
@inlinable
public func fft<R: FFTReal>(_ a: NDArray<Complex<R>>, n: Int? = nil, axis: Int = -1, norm: FFTNorm = .backward) -> NDArray<Complex<R>> {
    let ax = _Layout.axis(axis, ndim: a.ndim)
    let x = a._resized(axis: ax, to: n ?? a.shape[ax])
    return _FFTKernel.complex(x, axes: [ax], inverse: false, scale: norm.scale(x.shape[ax], inverse: false))
}

/// ``fft(_:n:axis:norm:)-(NDArray<Complex<R>>,_,_,_)`` of real data.
@inlinable
public func fft<R: FFTReal>(_ a: NDArray<R>, n: Int? = nil, axis: Int = -1, norm: FFTNorm = .backward) -> NDArray<Complex<R>> {
    fft(a.astype(Complex<R>.self), n: n, axis: axis, norm: norm)
}

/// The inverse discrete Fourier transform along one axis (NumPy's `fft.ifft`).
@inlinable
public func ifft<R: FFTReal>(_ a: NDArray<Complex<R>>, n: Int? = nil, axis: Int = -1, norm: FFTNorm = .backward) -> NDArray<Complex<R>> {
    let ax = _Layout.axis(axis, ndim: a.ndim)
    let x = a._resized(axis: ax, to: n ?? a.shape[ax])
    return _FFTKernel.complex(x, axes: [ax], inverse: true, scale: norm.scale(x.shape[ax], inverse: true))
}

/// ``ifft(_:n:axis:norm:)-(NDArray<Complex<R>>,_,_,_)`` of real data.
@inlinable
public func ifft<R: FFTReal>(_ a: NDArray<R>, n: Int? = nil, axis: Int = -1, norm: FFTNorm = .backward) -> NDArray<Complex<R>> {
    ifft(a.astype(Complex<R>.self), n: n, axis: axis, norm: norm)
}

/// The transform of real data: the n/2 + 1 non-negative frequencies
/// (NumPy's `fft.rfft`).
@inlinable
public func rfft<R: FFTReal>(_ a: NDArray<R>, n: Int? = nil, axis: Int = -1, norm: FFTNorm = .backward) -> NDArray<Complex<R>> {
    let ax = _Layout.axis(axis, ndim: a.ndim)
    let x = a._resized(axis: ax, to: n ?? a.shape[ax])
    return _FFTKernel.realToComplex(x, axes: [ax], scale: norm.scale(x.shape[ax], inverse: false))
}

/// The inverse of ``rfft(_:n:axis:norm:)``: `n` real values (by default
/// 2·(m − 1) for m input values) from the non-negative frequencies
/// (NumPy's `fft.irfft`).
@inlinable
public func irfft<R: FFTReal>(_ a: NDArray<Complex<R>>, n: Int? = nil, axis: Int = -1, norm: FFTNorm = .backward) -> NDArray<R> {
    let ax = _Layout.axis(axis, ndim: a.ndim)
    let length = n ?? 2 * (a.shape[ax] - 1)
    precondition(length >= 1, "Invalid number of FFT data points (\(length)) specified.")
    let x = a._resized(axis: ax, to: length / 2 + 1)
    return _FFTKernel.complexToReal(x, axes: [ax], n: length, scale: norm.scale(length, inverse: true))
}

/// The transform of a Hermitian-symmetric signal given by its first half:
/// a real spectrum of `n` points (NumPy's `fft.hfft`).
@inlinable
public func hfft<R: FFTReal>(_ a: NDArray<Complex<R>>, n: Int? = nil, axis: Int = -1, norm: FFTNorm = .backward) -> NDArray<R> {
    irfft(a._map { $0.conjugate }, n: n, axis: axis, norm: norm.swapped)
}

/// The inverse of ``hfft(_:n:axis:norm:)`` (NumPy's `fft.ihfft`).
@inlinable
public func ihfft<R: FFTReal>(_ a: NDArray<R>, n: Int? = nil, axis: Int = -1, norm: FFTNorm = .backward) -> NDArray<Complex<R>> {
    rfft(a, n: n, axis: axis, norm: norm.swapped)._map { $0.conjugate }
}

/// The n-dimensional transform over `axes` (all by default, or the last
/// `s.count`), with lengths `s` (NumPy's `fft.fftn`). One FFTW plan covers
/// every axis and every batch.
@inlinable
public func fftn<R: FFTReal>(_ a: NDArray<Complex<R>>, s: [Int]? = nil, axes: [Int]? = nil, norm: FFTNorm = .backward) -> NDArray<Complex<R>> {
    _fftnComplex(a, s: s, axes: axes, inverse: false, norm: norm)
}

/// ``fftn(_:s:axes:norm:)-(NDArray<Complex<R>>,_,_,_)`` of real data.
@inlinable
public func fftn<R: FFTReal>(_ a: NDArray<R>, s: [Int]? = nil, axes: [Int]? = nil, norm: FFTNorm = .backward) -> NDArray<Complex<R>> {
    fftn(a.astype(Complex<R>.self), s: s, axes: axes, norm: norm)
}

/// The inverse n-dimensional transform (NumPy's `fft.ifftn`).
@inlinable
public func ifftn<R: FFTReal>(_ a: NDArray<Complex<R>>, s: [Int]? = nil, axes: [Int]? = nil, norm: FFTNorm = .backward) -> NDArray<Complex<R>> {
    _fftnComplex(a, s: s, axes: axes, inverse: true, norm: norm)
}

/// The 2-D transform over the last two axes (NumPy's `fft.fft2`).
@inlinable
public func fft2<R: FFTReal>(_ a: NDArray<Complex<R>>, s: [Int]? = nil, axes: [Int] = [-2, -1], norm: FFTNorm = .backward) -> NDArray<Complex<R>> {
    fftn(a, s: s, axes: axes, norm: norm)
}

/// ``fft2(_:s:axes:norm:)-(NDArray<Complex<R>>,_,_,_)`` of real data.
@inlinable
public func fft2<R: FFTReal>(_ a: NDArray<R>, s: [Int]? = nil, axes: [Int] = [-2, -1], norm: FFTNorm = .backward) -> NDArray<Complex<R>> {
    fftn(a, s: s, axes: axes, norm: norm)
}

/// The inverse 2-D transform (NumPy's `fft.ifft2`).
@inlinable
public func ifft2<R: FFTReal>(_ a: NDArray<Complex<R>>, s: [Int]? = nil, axes: [Int] = [-2, -1], norm: FFTNorm = .backward) -> NDArray<Complex<R>> {
    ifftn(a, s: s, axes: axes, norm: norm)
}

/// The n-dimensional transform of real data; the last axis keeps n/2 + 1
/// frequencies (NumPy's `fft.rfftn`).
@inlinable
public func rfftn<R: FFTReal>(_ a: NDArray<R>, s: [Int]? = nil, axes: [Int]? = nil, norm: FFTNorm = .backward) -> NDArray<Complex<R>> {
    let (list, lengths) = _fftAxes(ndim: a.ndim, shape: a.shape, s: s, axes: axes)
    precondition(Set(list).count == list.count, "rfftn: repeated axes \(list)")
    var x = a
    for (axis, n) in zip(list, lengths) { x = x._resized(axis: axis, to: n) }
    return _FFTKernel.realToComplex(x, axes: list, scale: norm.scale(lengths.reduce(1, *), inverse: false))
}

/// The 2-D transform of real data (NumPy's `fft.rfft2`).
@inlinable
public func rfft2<R: FFTReal>(_ a: NDArray<R>, s: [Int]? = nil, axes: [Int] = [-2, -1], norm: FFTNorm = .backward) -> NDArray<Complex<R>> {
    rfftn(a, s: s, axes: axes, norm: norm)
}

/// The inverse of ``rfftn(_:s:axes:norm:)`` (NumPy's `fft.irfftn`): the last
/// axis's output length is `s.last`, by default 2·(m − 1).
@inlinable
public func irfftn<R: FFTReal>(_ a: NDArray<Complex<R>>, s: [Int]? = nil, axes: [Int]? = nil, norm: FFTNorm = .backward) -> NDArray<R> {
    var (list, lengths) = _fftAxes(ndim: a.ndim, shape: a.shape, s: s, axes: axes)
    precondition(Set(list).count == list.count, "irfftn: repeated axes \(list)")
    if s == nil { lengths[lengths.count - 1] = 2 * (a.shape[list.last!] - 1) }
    var x = a
    for (axis, n) in zip(list.dropLast(), lengths.dropLast()) { x = x._resized(axis: axis, to: n) }
    let last = lengths.last!
    precondition(last >= 1, "Invalid number of FFT data points (\(last)) specified.")
    x = x._resized(axis: list.last!, to: last / 2 + 1)
    return _FFTKernel.complexToReal(x, axes: list, n: last, scale: norm.scale(lengths.reduce(1, *), inverse: true))
}

/// The inverse 2-D transform of real data (NumPy's `fft.irfft2`).
@inlinable
public func irfft2<R: FFTReal>(_ a: NDArray<Complex<R>>, s: [Int]? = nil, axes: [Int] = [-2, -1], norm: FFTNorm = .backward) -> NDArray<R> {
    irfftn(a, s: s, axes: axes, norm: norm)
}

@inlinable
func _fftnComplex<R: FFTReal>(_ a: NDArray<Complex<R>>, s: [Int]?, axes: [Int]?, inverse: Bool, norm: FFTNorm) -> NDArray<Complex<R>> {
    let (list, lengths) = _fftAxes(ndim: a.ndim, shape: a.shape, s: s, axes: axes)
    var x = a
    for (axis, n) in zip(list, lengths) { x = x._resized(axis: axis, to: n) }
    if Set(list).count != list.count {
        // NumPy transforms a repeated axis again each time it is named.
        for axis in list {
            x = _FFTKernel.complex(x, axes: [axis], inverse: inverse, scale: norm.scale(x.shape[axis], inverse: inverse))
        }
        return x
    }
    return _FFTKernel.complex(x, axes: list, inverse: inverse, scale: norm.scale(lengths.reduce(1, *), inverse: inverse))
}

/// The sample frequencies of an `n`-point transform with spacing `d`:
/// `[0, 1, …, n/2 − 1, −n/2, …, −1] / (d·n)` (NumPy's `fft.fftfreq`).
public func fftfreq(_ n: Int, d: Double = 1) -> NDArray<Double> {
    precondition(n > 0, "n should be an integer greater than 0, not \(n)")
    let values = (0..<n).map { i -> Double in Double(i < (n + 1) / 2 ? i : i - n) / (d * Double(n)) }
    return NDArray(values)
}

/// The non-negative sample frequencies of an `n`-point real transform
/// (NumPy's `fft.rfftfreq`).
public func rfftfreq(_ n: Int, d: Double = 1) -> NDArray<Double> {
    precondition(n > 0, "n should be an integer greater than 0, not \(n)")
    return NDArray((0...(n / 2)).map { Double($0) / (d * Double(n)) })
}

/// The zero frequency moved to the centre of `axes` (all by default)
/// (NumPy's `fft.fftshift`).
@inlinable
public func fftshift<T>(_ x: NDArray<T>, axes: [Int]? = nil) -> NDArray<T> {
    let list = axes ?? Array(0..<x.ndim)
    return x.rolled(list.map { x.shape[_Layout.axis($0, ndim: x.ndim)] / 2 }, axes: list)
}

/// The inverse of ``fftshift(_:axes:)`` (NumPy's `fft.ifftshift`).
@inlinable
public func ifftshift<T>(_ x: NDArray<T>, axes: [Int]? = nil) -> NDArray<T> {
    let list = axes ?? Array(0..<x.ndim)
    return x.rolled(list.map { -(x.shape[_Layout.axis($0, ndim: x.ndim)] / 2) }, axes: list)
}

/// What SwarmArray uses for FFTs.
public enum FFTBackend {
    /// The FFTW libraries loaded (with their threads libraries), or how to get them.
    public static var description: String {
        let parts = [("double", _FFTW.double), ("float", _FFTW.float)].map { name, lib in
            lib.map { "\(name): \($0.library.name)\($0.threadsLibrary.map { " + \($0.name)" } ?? "")" }
                ?? "\(name): none (the Swift transform is used; install \(SystemLibraryNames.fftwPackage) for FFTW)"
        }
        return parts.joined(separator: "; ")
    }

    /// How many FFTW plans have been made so far (each is cached and reused).
    public static var plansMade: Int {
        (_FFTW.double?.planCount.load(ordering: .relaxed) ?? 0) + (_FFTW.float?.planCount.load(ordering: .relaxed) ?? 0)
    }
}
