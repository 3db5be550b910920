import RealModule
import SwarmCore

// The transforms behind numpy.fft: one FFTW guru plan over every
// transformed axis at once (any strides, the other axes as a batch), or
// the Swift transform lane by lane when FFTW is missing. Inputs are padded
// with zeros or cut to the requested lengths first, as NumPy does.

/// How a transform is scaled (NumPy's `norm=`).
public enum FFTNorm: Sendable, Hashable {
    /// The forward transform unscaled, the inverse divided by n (NumPy's default).
    case backward
    /// Both divided by √n: the transform is unitary.
    case ortho
    /// The forward transform divided by n, the inverse unscaled.
    case forward

    /// The factor for a transform of `count` points in the given direction.
    @usableFromInline
    func scale(_ count: Int, inverse: Bool) -> Double {
        switch self {
        case .backward: return inverse ? 1 / Double(count) : 1
        case .forward: return inverse ? 1 : 1 / Double(count)
        case .ortho: return 1 / Double(count).squareRoot()
        }
    }

    /// The norm that makes the opposite direction's scaling (for `hfft`).
    @usableFromInline var swapped: FFTNorm {
        switch self {
        case .backward: return .forward
        case .forward: return .backward
        case .ortho: return .ortho
        }
    }
}

/// The real element types FFTs work in: `Float` and `Double`.
public typealias FFTReal = NDArrayLinalgElement & Real & BinaryFloatingPoint

extension NDArray {
    /// The array with axis `axis` cut to, or padded with zeros to, `n` elements.
    @usableFromInline
    func _resized(axis: Int, to n: Int) -> NDArray {
        precondition(n >= 1, "Invalid number of FFT data points (\(n)) specified.")
        let have = shape[axis]
        if have == n { return self }
        if have > n {
            var entries = [NDIndex](repeating: .all, count: ndim)
            entries[axis] = .slice(0, n)
            return _select(entries)
        }
        var grown = shape
        grown[axis] = n
        var out = NDArray.zeros(grown)
        out._copySlab(self, axis: axis, start: 0)
        return out
    }
}

/// The normalized axes and lengths of an n-dimensional transform (NumPy's
/// `s` and `axes` rules: default all axes, or the last `s.count`).
@usableFromInline
func _fftAxes(ndim: Int, shape: [Int], s: [Int]?, axes: [Int]?, lastHalved: Bool = false) -> (axes: [Int], lengths: [Int]) {
    let list: [Int]
    if let axes { list = axes.map { _Layout.axis($0, ndim: ndim) } } else if let s { list = Array((ndim - s.count)..<ndim) } else { list = Array(0..<ndim) }
    if let s { precondition(s.count == list.count, "Shape and axes have different lengths: s \(s), axes \(list)") }
    precondition(!list.isEmpty, "an FFT needs at least one axis")
    let lengths = s ?? list.map { shape[$0] }
    return (list, lengths)
}

@usableFromInline
enum _FFTKernel {
    /// The FFTW library for `R`, or nil.
    static func fftw<R: FFTReal>(_ type: R.Type) -> _FFTW? { R.self == Double.self ? _FFTW.double : (R.self == Float.self ? _FFTW.float : nil) }

    /// Guru dimensions for transforming `axes` of `input` into `output`
    /// (`halved` replaces the last axis's length for the complex side of a real transform).
    static func dims<A, B>(_ input: NDArray<A>, _ output: NDArray<B>, axes: [Int], logical: [Int]) -> ([_FFTWDim], [_FFTWDim]) {
        let transformed = zip(axes, logical).map { _FFTWDim($1, input.strides[$0], output.strides[$0]) }
        let rest = (0..<input.ndim).filter { !axes.contains($0) && output.shape[$0] != 1 }
            .map { _FFTWDim(output.shape[$0], input.strides[$0], output.strides[$0]) }
        return (transformed, rest)
    }

    /// Complex to complex over `axes` (distinct), already at their lengths.
    @usableFromInline
    @_specialize(exported: true, where R == Double)
    @_specialize(exported: true, where R == Float)
    static func complex<R: FFTReal>(_ x: NDArray<Complex<R>>, axes: [Int], inverse: Bool, scale: Double,
                                    useFFTW: Bool = true) -> NDArray<Complex<R>> {
        let out = NDArray<Complex<R>>(_uninitializedShape: x.shape)
        if out.count == 0 { return out }
        if useFFTW, let fftw = fftw(R.self) {
            let contiguousRows = axes == [x.ndim - 1] && x.isContiguous
            if needsBluestein(axes.map { x.shape[$0] }, R.self) || (x.count >= 1 << 15 && !contiguousRows) {
                // Axis by axis, in place on a copy: blocked for strided axes, Bluestein for long primes.
                let result = x.copy()
                for axis in axes.sorted(by: >) { transformAxisInPlace(fftw, result, axis: axis, inverse: inverse) }
                return _scaled(result, scale)
            }
            let n = x.shape[x.ndim - 1]
            if contiguousRows, n >= 1 << 16, n & (n - 1) == 0 {
                // As for real transforms (see `inPlaceRealPlan`), FFTW_ESTIMATE's
                // in-place plans for large powers of two ran faster here than its
                // out-of-place ones, copy in included (fft of 2^18: 1.4 → 0.74 ms,
                // of 2^20: 7.2 → 5.3 ms).
                let base = UnsafeMutableRawPointer(out._base)
                let kind: _FFTW.Kind = inverse ? .backward : .forward
                if let plan = fftw.plan(kind, dims: [_FFTWDim(n, 1, 1)], howmany: x.count > n ? [_FFTWDim(x.count / n, n, n)] : [],
                                        input: base, output: base, work: x.count) {
                    _copyInParallel(x._base, into: out._base, count: x.count)
                    fftw.execute(kind, plan, base, base)
                    withExtendedLifetime(x) {}
                    return _scaled(out, scale)
                }
            }
            let (d, h) = dims(x, out, axes: axes, logical: axes.map { x.shape[$0] })
            let input = UnsafeMutableRawPointer(x._base), output = UnsafeMutableRawPointer(out._base)
            if let plan = fftw.plan(inverse ? .backward : .forward, dims: d, howmany: h, input: input, output: output, work: out.count) {
                fftw.execute(inverse ? .backward : .forward, plan, input, output)
                withExtendedLifetime(x) {}
                return _scaled(out, scale)
            }
        }
        var result = x.astype(Complex<Double>.self)
        for axis in axes { result = _swiftLanes(result, axis: axis, inverse: inverse) }
        return _scaled(result.astype(Complex<R>.self), scale)
    }

    /// Real to complex: the last of `axes` becomes n/2 + 1 long.
    @usableFromInline
    @_specialize(exported: true, where R == Double)
    @_specialize(exported: true, where R == Float)
    static func realToComplex<R: FFTReal>(_ x: NDArray<R>, axes: [Int], scale: Double, useFFTW: Bool = true) -> NDArray<Complex<R>> {
        let last = axes.last!
        var shape = x.shape
        shape[last] = x.shape[last] / 2 + 1
        let out = NDArray<Complex<R>>(_uninitializedShape: shape)
        if out.count == 0 { return out }
        if useFFTW, let fftw = fftw(R.self) {
            if needsBluestein([x.shape[last]], R.self) {
                // The complex transform of the last axis, its first half kept, then the other axes.
                let full = x.astype(Complex<R>.self)
                transformAxisInPlace(fftw, full, axis: last, inverse: false)
                let half = full._resized(axis: last, to: shape[last]).copy()
                for axis in axes.dropLast().sorted(by: >) { transformAxisInPlace(fftw, half, axis: axis, inverse: false) }
                return _scaled(half, scale)
            }
            if axes.count > 1 && x.count >= 1 << 15 {
                // The real transform of the last axis, then the others in blocks.
                let rows = realToComplex(x, axes: [last], scale: 1, useFFTW: true)
                for axis in axes.dropLast().sorted(by: >) { transformAxisInPlace(fftw, rows, axis: axis, inverse: false) }
                return _scaled(rows, scale)
            }
            if axes == [x.ndim - 1], x.isContiguous, let plan = inPlaceRealPlan(fftw, rows: x.count / x.shape[last],
                                                                                 n: x.shape[last], into: out) {
                // Each row copied into its place in `out`, then transformed there.
                let n = x.shape[last], half = shape[last]
                let target = UnsafeMutableRawPointer(out._base).assumingMemoryBound(to: R.self)
                for row in 0..<(x.count / n) { _copyInParallel(x._base + row * n, into: target + row * 2 * half, count: n) }
                fftw.execute(.realToComplex, plan, UnsafeMutableRawPointer(out._base), UnsafeMutableRawPointer(out._base))
                withExtendedLifetime(x) {}
                return _scaled(out, scale)
            }
            let (d, h) = dims(x, out, axes: axes, logical: axes.map { x.shape[$0] })
            let input = UnsafeMutableRawPointer(x._base), output = UnsafeMutableRawPointer(out._base)
            if let plan = fftw.plan(.realToComplex, dims: d, howmany: h, input: input, output: output, work: x.count) {
                fftw.execute(.realToComplex, plan, input, output)
                withExtendedLifetime(x) {}
                return _scaled(out, scale)
            }
        }
        // Swift: the full complex transform of the last axis, kept to n/2 + 1, then the others.
        var full = _swiftLanes(x.astype(Complex<Double>.self), axis: last, inverse: false)
        full = full._resized(axis: last, to: shape[last]).copy()
        for axis in axes.dropLast() { full = _swiftLanes(full, axis: axis, inverse: false) }
        return _scaled(full.astype(Complex<R>.self), scale)
    }

    /// An in-place real-to-complex plan over `out` (`rows` rows of `n`
    /// reals, each padded to n/2 + 1 complex values) for a large power of
    /// two; nil for other lengths.
    ///
    /// FFTW_ESTIMATE's in-place plans for large powers of two ran about a
    /// third faster here than its out-of-place ones, copy in included
    /// (rfft of 2^20: 4.3 → 3.1 ms, of 2^22: 31 → 21 ms); for other
    /// lengths (small ones, 3·2^18) the out-of-place plan was faster.
    static func inPlaceRealPlan<R: FFTReal>(_ fftw: _FFTW, rows: Int, n: Int, into out: NDArray<Complex<R>>) -> OpaquePointer? {
        guard n >= 1 << 18, n & (n - 1) == 0 else { return nil }
        let half = n / 2 + 1
        let base = UnsafeMutableRawPointer(out._base)
        return fftw.plan(.realToComplex, dims: [_FFTWDim(n, 1, 1)], howmany: rows > 1 ? [_FFTWDim(rows, 2 * half, half)] : [],
                         input: base, output: base, work: rows * n)
    }

    /// Complex to real: `x`'s last axis holds n/2 + 1 values of a Hermitian
    /// spectrum whose real transform has `n` points.
    @usableFromInline
    @_specialize(exported: true, where R == Double)
    @_specialize(exported: true, where R == Float)
    static func complexToReal<R: FFTReal>(_ x: NDArray<Complex<R>>, axes: [Int], n: Int, scale: Double,
                                          useFFTW: Bool = true) -> NDArray<R> {
        let last = axes.last!
        var shape = x.shape
        shape[last] = n
        let out = NDArray<R>(_uninitializedShape: shape)
        if out.count == 0 { return out }
        if useFFTW, let fftw = fftw(R.self) {
            if needsBluestein([n], R.self) || (axes.count > 1 && out.count >= 1 << 15) {
                // The other axes in blocks, in place on a copy; then the last axis.
                let spectrum = x.copy()
                for axis in axes.dropLast().sorted(by: >) { transformAxisInPlace(fftw, spectrum, axis: axis, inverse: true) }
                if needsBluestein([n], R.self) {
                    // The Hermitian spectrum in full, and its inverse complex transform's real part.
                    let m = x.shape[last]
                    var fullShape = spectrum.shape
                    fullShape[last] = n
                    let full = NDArray<Complex<R>>.zeros(fullShape)
                    let moved = spectrum.moveaxis(last, -1).copy(), target = full.moveaxis(last, -1).copy()
                    let lanes = moved.count / m, sp = moved._base, tp = target._base
                    for lane in 0..<lanes {
                        for k in 0..<n {
                            let j = k <= n / 2 ? k : n - k
                            guard j < m else { continue }
                            tp[lane * n + k] = k <= n / 2 ? sp[lane * m + j] : sp[lane * m + j].conjugate
                        }
                        tp[lane * n] = Complex(tp[lane * n].rawStorage.x, 0)
                        if n % 2 == 0 && n / 2 < m { tp[lane * n + n / 2] = Complex(sp[lane * m + n / 2].rawStorage.x, 0) }
                    }
                    transformAxisInPlace(fftw, target, axis: target.ndim - 1, inverse: true)
                    let real = target._map { $0.rawStorage.x }.moveaxis(-1, last).copy()
                    withExtendedLifetime(full) {}
                    return _scaled(real, scale)
                }
                return complexToReal(spectrum, axes: [last], n: n, scale: scale, useFFTW: true)
            }
            let scratch = x.copy()   // FFTW's c2r overwrites its input
            let logical = axes.map { $0 == last ? n : x.shape[$0] }
            let (d, h) = dims(scratch, out, axes: axes, logical: logical)
            let input = UnsafeMutableRawPointer(scratch._base), output = UnsafeMutableRawPointer(out._base)
            if let plan = fftw.plan(.complexToReal, dims: d, howmany: h, input: input, output: output, work: out.count) {
                fftw.execute(.complexToReal, plan, input, output)
                withExtendedLifetime(scratch) {}
                return _scaled(out, scale)
            }
        }
        // Swift: inverse transforms of the other axes, then the Hermitian-extended last one.
        var spectrum = x.astype(Complex<Double>.self)
        for axis in axes.dropLast() { spectrum = _swiftLanes(spectrum, axis: axis, inverse: true) }
        let half = spectrum.moveaxis(last, -1).copy()
        let m = half.shape[half.ndim - 1], lanes = half.count / Swift.max(m, 1)
        var full = NDArray<Complex<Double>>.zeros(Array(half.shape.dropLast()) + [n])
        let hp = half._base, fp = full._base
        for lane in 0..<lanes {
            for k in 0..<n {
                let j = k <= n / 2 ? k : n - k
                guard j < m else { continue }
                let v = hp[lane * m + j]
                fp[lane * n + k] = k <= n / 2 ? v : v.conjugate
            }
            // NumPy/FFTW ignore the imaginary parts of the DC (and Nyquist) terms.
            fp[lane * n] = Complex(fp[lane * n].rawStorage.x, 0)
            if n % 2 == 0 && n / 2 < m { fp[lane * n + n / 2] = Complex(hp[lane * m + n / 2].rawStorage.x, 0) }
        }
        full = _swiftLanes(full, axis: full.ndim - 1, inverse: true).moveaxis(-1, last)
        return _scaled(NDArray<Double>(shape: full.shape, elements: full.toArray().map(\.rawStorage.x)).astype(R.self), scale)
    }

    /// Whether a length is better served by Bluestein's algorithm than by
    /// FFTW's own handling of its large prime factor (doubles only).
    static func needsBluestein<R>(_ lengths: [Int], _ type: R.Type) -> Bool {
        R.self == Double.self && lengths.contains { $0 >= 1 << 14 && largestPrimeFactor($0) > 1_000 }
    }

    /// The Swift transform along one axis, lane by lane on all cores.
    static func _swiftLanes(_ a: NDArray<Complex<Double>>, axis: Int, inverse: Bool) -> NDArray<Complex<Double>> {
        let lanes = a.moveaxis(axis, -1).copy()
        let n = a.shape[axis]
        guard n > 0 else { return a }
        let out = NDArray<Complex<Double>>(_uninitializedShape: lanes.shape)
        let src = lanes._base, dst = out._base
        ForkJoin.parallelFor(count: lanes.count / n, grain: Swift.max(1, 4096 / n)) { r in
            for lane in r { _SwiftFFT.transform(src + lane * n, dst + lane * n, n, inverse: inverse) }
        }
        withExtendedLifetime(lanes) {}
        return out.moveaxis(-1, axis).copy()
    }

    static func _scaled<T: NDArrayLinalgElement>(_ a: NDArray<T>, _ scale: Double) -> NDArray<T> {
        scale == 1 ? a : a * T(_real: T.Magnitude(scale), _imaginary: 0)
    }
}

/// Copies `count` elements on all cores (one core moves about half of what
/// the memory system can; the copy into an in-place transform's buffer is a
/// sixth of its time).
@inlinable
func _copyInParallel<T>(_ source: UnsafePointer<T>, into target: UnsafeMutablePointer<T>, count: Int) {
    ForkJoin.parallelFor(count: count, grain: 1 << 16) { r in
        (target + r.lowerBound).update(from: source + r.lowerBound, count: r.count)
    }
}
