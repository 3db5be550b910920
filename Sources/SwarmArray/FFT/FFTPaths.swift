import RealModule
import SwarmCore
import Synchronization

// Two ways around FFTW_ESTIMATE's weak spots, measured here:
//   - a transform along a non-contiguous axis (the columns of fft2 on
//     2048² took 77 ms as one plan) is done in blocks of 32 lanes, each
//     gathered into a contiguous buffer, transformed as rows and put back
//     (about 4 times faster), blocks spread over the cores;
//   - a length with a large prime factor (FFTW's Rader recursion: rfft of
//     999 983 points took 205 ms) goes through Bluestein's algorithm on
//     power-of-two FFTW transforms.

extension _FFTKernel {
    static let blockWidth = 8

    /// Transforms axis `axis` of the contiguous array `a` in place.
    static func transformAxisInPlace<R: FFTReal>(_ fftw: _FFTW, _ a: NDArray<Complex<R>>, axis: Int, inverse: Bool) {
        let kind: _FFTW.Kind = inverse ? .backward : .forward
        let n = a.shape[axis]
        let inner = a.shape[(axis + 1)...].reduce(1, *), outer = a.shape[..<axis].reduce(1, *)
        let base = a._base
        guard n > 1, a.count > 0 else { return }
        if n >= 1 << 14, largestPrimeFactor(n) > 1_000, R.self == Double.self {
            bluesteinLanes(a, axis: axis, inverse: inverse)
            return
        }
        if inner == 1 {
            let raw = UnsafeMutableRawPointer(base)
            if let plan = fftw.plan(kind, dims: [_FFTWDim(n, 1, 1)], howmany: outer > 1 ? [_FFTWDim(outer, n, n)] : [],
                                    input: raw, output: raw, work: a.count) {
                fftw.execute(kind, plan, raw, raw)
            }
            return
        }
        let width = Swift.min(blockWidth, inner)
        let blocksPerRow = (inner + width - 1) / width
        let blocks = outer * blocksPerRow
        let pieces = Swift.min(ForkJoin.parallelism, blocks)
        ForkJoin.run(chunks: pieces) { piece in
            let scratch = UnsafeMutableRawPointer.allocate(byteCount: width * n * MemoryLayout<Complex<R>>.stride, alignment: 64)
            defer { scratch.deallocate() }
            let buffer = scratch.assumingMemoryBound(to: Complex<R>.self)
            var block = piece
            while block < blocks {
                let o = block / blocksPerRow, j0 = (block % blocksPerRow) * width
                let w = Swift.min(width, inner - j0)
                // Row segments copied as they are (n × w, the lanes w apart);
                // FFTW's strided transform is fast once the block is in cache.
                let src = base + o * n * inner + j0
                for k in 0..<n { (buffer + k * w).update(from: src + k * inner, count: w) }
                if let plan = fftw.plan(kind, dims: [_FFTWDim(n, w, w)], howmany: [_FFTWDim(w, 1, 1)],
                                        input: scratch, output: scratch, work: w * n, threads: 1) {
                    fftw.execute(kind, plan, scratch, scratch)
                }
                for k in 0..<n { (src + k * inner).update(from: buffer + k * w, count: w) }
                block += pieces
            }
        }
    }

    static func largestPrimeFactor(_ n: Int) -> Int { _SwiftFFT.factorize(n).last ?? 1 }

    /// Bluestein's chirp for length `n`, and the transform of its conjugate
    /// padded to `m` (a power of two ≥ 2n − 1), kept for reuse.
    struct Chirp: @unchecked Sendable {   // immutable buffers, shared read-only
        let m: Int
        let w: NDArray<Complex<Double>>
        let kernel: NDArray<Complex<Double>>
    }

    static let chirps = Mutex<[Int: Chirp]>([:])

    static func chirp(_ n: Int, inverse: Bool, _ fftw: _FFTW) -> Chirp {
        let key = inverse ? -n : n
        if let c = chirps.withLock({ $0[key] }) { return c }
        var m = 1
        while m < 2 * n - 1 { m <<= 1 }
        var w = NDArray<Complex<Double>>.zeros([n])
        w.withUnsafeMutableBufferPointer { p in
            for j in 0..<n {
                let k = (j * j) % (2 * n)   // exact, so the angle is accurate for large j
                let angle = (inverse ? 1.0 : -1.0) * Double.pi * Double(k) / Double(n)
                p[j] = Complex(Double.cos(angle), Double.sin(angle))
            }
        }
        let b = NDArray<Complex<Double>>.zeros([m])
        w.withUnsafeBufferPointer { p in
            let q = b._base
            q[0] = p[0].conjugate
            for j in 1..<n {
                q[j] = p[j].conjugate
                q[m - j] = p[j].conjugate
            }
        }
        let kernel = NDArray<Complex<Double>>(_uninitializedShape: [m])
        let input = UnsafeMutableRawPointer(b._base), output = UnsafeMutableRawPointer(kernel._base)
        if let plan = fftw.plan(.forward, dims: [_FFTWDim(m, 1, 1)], howmany: [], input: input, output: output, work: m) {
            fftw.execute(.forward, plan, input, output)
        }
        let made = Chirp(m: m, w: w, kernel: kernel)
        chirps.withLock { cache in
            if cache.count >= 8 { cache.removeAll() }
            cache[key] = made
        }
        return made
    }

    /// Every lane along `axis` of the contiguous `a` (doubles), transformed
    /// in place by Bluestein's algorithm: X_k = w_k · ((x·w) ⊛ w̄)_k.
    static func bluesteinLanes<R: FFTReal>(_ a: NDArray<Complex<R>>, axis: Int, inverse: Bool) {
        let fftw = _FFTW.double!
        let n = a.shape[axis]
        let inner = a.shape[(axis + 1)...].reduce(1, *), outer = a.shape[..<axis].reduce(1, *)
        let c = chirp(n, inverse: inverse, fftw)
        let m = c.m
        let buffer = NDArray<Complex<Double>>(_uninitializedShape: [m]), spectrum = NDArray<Complex<Double>>(_uninitializedShape: [m])
        let bp = buffer._base, sp = spectrum._base, wp = c.w._base, kp = c.kernel._base
        let data = UnsafeMutableRawPointer(a._base).assumingMemoryBound(to: Complex<Double>.self)
        let raw = UnsafeMutableRawPointer(bp), rawSpectrum = UnsafeMutableRawPointer(sp)
        guard let forward = fftw.plan(.forward, dims: [_FFTWDim(m, 1, 1)], howmany: [], input: raw, output: rawSpectrum, work: m),
              let backward = fftw.plan(.backward, dims: [_FFTWDim(m, 1, 1)], howmany: [], input: rawSpectrum, output: raw, work: m)
        else { return }
        let scale = 1 / Double(m)
        for o in 0..<outer {
            for j in 0..<inner {
                let lane = data + o * n * inner + j
                ForkJoin.parallelFor(count: m, grain: 1 << 16) { r in
                    for i in r { bp[i] = i < n ? lane[i * inner] * wp[i] : .zero }
                }
                fftw.execute(.forward, forward, raw, rawSpectrum)
                ForkJoin.parallelFor(count: m, grain: 1 << 16) { r in
                    for i in r { sp[i] = sp[i] * kp[i] }
                }
                fftw.execute(.backward, backward, rawSpectrum, raw)
                ForkJoin.parallelFor(count: n, grain: 1 << 16) { r in
                    for i in r { lane[i * inner] = bp[i] * wp[i] * Complex(scale, 0) }
                }
            }
        }
        withExtendedLifetime((buffer, spectrum, c)) {}
    }
}
