import Foundation
import Testing
@testable import SwarmArray

/// Skips (or, under SWARM_REQUIRE_BACKENDS=1, fails) when FFTW is not installed.
func requireFFTW(sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
    if _FFTW.double != nil && _FFTW.float != nil { return true }
    if ProcessInfo.processInfo.environment["SWARM_REQUIRE_BACKENDS"] == "1" {
        Issue.record("FFTW is required (SWARM_REQUIRE_BACKENDS=1): \(FFTBackend.description)", sourceLocation: sourceLocation)
    }
    return false
}

/// |ours − NumPy| ≤ tol · max|NumPy| (relative to the largest value, which is
/// how an FFT's rounding error scales).
func checkSpectrum(_ a: NDArray<Complex<Double>>, _ name: String, _ e: Expected, tol: Double = 1e-12,
                   sourceLocation: SourceLocation = #_sourceLocation) {
    let re = e.values(name + "_re"), im = e.values(name + "_im")
    #expect(a.shape == e.shape(name + "_re"), "\(name) shape \(a.shape) vs \(e.shape(name + "_re"))", sourceLocation: sourceLocation)
    let scale = zip(re, im).map { ($0 * $0 + $1 * $1).squareRoot() }.max() ?? 1
    let worst = zip(a.toArray(), zip(re, im)).map { v, w in ((v.rawStorage.x - w.0) * (v.rawStorage.x - w.0) + (v.rawStorage.y - w.1) * (v.rawStorage.y - w.1)).squareRoot() }.max() ?? 0
    #expect(worst <= tol * Swift.max(scale, 1e-300), "\(name): error \(worst) against max \(scale)", sourceLocation: sourceLocation)
}

func checkRealSpectrum<T: NDArrayElement>(_ a: NDArray<T>, _ name: String, _ e: Expected, tol: Double = 1e-12,
                                          sourceLocation: SourceLocation = #_sourceLocation) {
    let theirs = e.values(name), ours = a.astype(Double.self).toArray()
    #expect(a.shape == e.shape(name), "\(name) shape \(a.shape) vs \(e.shape(name))", sourceLocation: sourceLocation)
    let scale = theirs.map { Swift.abs($0) }.max() ?? 1
    let worst = zip(ours, theirs).map { Swift.abs($0 - $1) }.max() ?? 0
    #expect(worst <= tol * Swift.max(scale, 1e-300), "\(name): error \(worst) against max \(scale)", sourceLocation: sourceLocation)
}

@Suite struct FFTTests {
    static let lengths = [1, 2, 3, 8, 7, 97, 1000, 1009, 3072, 4096, 10007]

    static var script: String {
        pyRandom + """
        out = {}
        def c(name, v):
            v = np.asarray(v); out[name + '_re'] = v.real; out[name + '_im'] = v.imag
        for n in \(lengths):
            x = crnd(n, (n,)); c(f'fft{n}', np.fft.fft(x)); c(f'ifft{n}', np.fft.ifft(x))
            r = rnd(n + 1, (n,)); c(f'rfft{n}', np.fft.rfft(r)); out[f'irfft{n}'] = np.fft.irfft(np.fft.rfft(r), n)
        m = crnd(50, (6, 10)); rm = rnd(51, (6, 10)); t = crnd(52, (4, 5, 6)); rt = rnd(53, (4, 5, 6))
        c('pad', np.fft.fft(m, n=16)); c('cut', np.fft.fft(m, n=7, axis=0)); c('ortho', np.fft.fft(m, norm='ortho'))
        c('fwd', np.fft.ifft(m, norm='forward')); c('ax0', np.fft.fft(m, axis=0)); c('strided', np.fft.fft(m.T[::2]))
        c('two', np.fft.fft2(m)); c('itwo', np.fft.ifft2(m, s=(8, 12))); c('rtwo', np.fft.rfft2(rm))
        out['irtwo'] = np.fft.irfft2(np.fft.rfft2(rm), s=(6, 10)); c('fftn', np.fft.fftn(t)); c('fftn2', np.fft.fftn(t, s=(3, 8), axes=(2, 0)))
        c('ifftn', np.fft.ifftn(t, axes=(0, 1))); c('rfftn', np.fft.rfftn(rt)); out['irfftn'] = np.fft.irfftn(np.fft.rfftn(rt), s=rt.shape)
        out['irfftodd'] = np.fft.irfft(m, n=19); out['hfft'] = np.fft.hfft(m[0], n=18); c('ihfft', np.fft.ihfft(rm[0]))
        out['hfftortho'] = np.fft.hfft(m[0], norm='ortho'); c('rfftortho', np.fft.rfft(rm, norm='ortho', axis=0))
        out['freq'] = np.fft.fftfreq(9, d=0.1); out['rfreq'] = np.fft.rfftfreq(10, d=2.0); out['shift'] = np.fft.fftshift(np.arange(10.))
        out['shift2'] = np.fft.fftshift(rm, axes=(1,)); out['ishift'] = np.fft.ifftshift(np.fft.fftshift(rt))
        big = crnd(80, (256, 256)); rbig = rnd(81, (64, 64, 16)); col = crnd(82, (300, 200))
        c('big2', np.fft.fft2(big)); c('ibig2', np.fft.ifft2(big)); c('col0', np.fft.fft(col, axis=0))
        c('rbig', np.fft.rfftn(rbig)); out['irbig'] = np.fft.irfftn(np.fft.rfftn(rbig), s=rbig.shape)
        c('prime', np.fft.fft(crnd(83, (40009,)))); c('rprime', np.fft.rfft(rnd(84, (20011,))))
        out['irprime'] = np.fft.irfft(np.fft.rfft(rnd(84, (20011,))), 20011)
        lc = crnd(85, (2, 65536)); lr = rnd(86, (2, 262144)); lr1 = rnd(87, (262144,))
        c('long2', np.fft.fft(lc)); c('ilong2', np.fft.ifft(lc)); c('rlong2', np.fft.rfft(lr)); c('rlong1', np.fft.rfft(lr1))
        out['lf32'] = np.fft.irfft(np.fft.rfft(lr1.astype(np.float32)))
        c('f32', np.fft.fft(crnd(60, (256,)).astype(np.complex64))); out['f32r'] = np.fft.irfft(np.fft.rfft(rnd(61, (100,)).astype(np.float32)))
        dump(**out)
        """
    }

    @Test func transformsMatchNumPy() throws {
        guard requireFFTW() else { return }
        try compare(useFFTW: true)
    }

    /// The Swift transform (used without FFTW) on the same cases.
    @Test func swiftTransformsMatchNumPy() throws {
        try compare(useFFTW: false)
    }

    func compare(useFFTW: Bool) throws {
        guard let e = try numpyExpected(Self.script) else { return }
        func f(_ x: NDArray<Complex<Double>>, axes: [Int], inverse: Bool = false, norm: FFTNorm = .backward) -> NDArray<Complex<Double>> {
            let count = axes.reduce(1) { $0 * x.shape[$1] }
            return _FFTKernel.complex(x, axes: axes, inverse: inverse, scale: norm.scale(count, inverse: inverse), useFFTW: useFFTW)
        }
        for n in Self.lengths {
            let x = complexRandom(UInt64(n), [n]), r = randomMatrix(UInt64(n + 1), [n])
            checkSpectrum(f(x, axes: [0]), "fft\(n)", e)
            checkSpectrum(f(x, axes: [0], inverse: true), "ifft\(n)", e)
            let spectrum = _FFTKernel.realToComplex(r, axes: [0], scale: 1, useFFTW: useFFTW)
            checkSpectrum(spectrum, "rfft\(n)", e)
            checkRealSpectrum(_FFTKernel.complexToReal(spectrum, axes: [0], n: n, scale: 1 / Double(n), useFFTW: useFFTW), "irfft\(n)", e)
        }
        if !useFFTW {
            // The n-dimensional Swift paths.
            let m = complexRandom(50, [6, 10]), rm = randomMatrix(51, [6, 10]), rt = randomMatrix(53, [4, 5, 6])
            checkSpectrum(f(m, axes: [0, 1]), "two", e)
            let r2 = _FFTKernel.realToComplex(rm, axes: [0, 1], scale: 1, useFFTW: false)
            checkSpectrum(r2, "rtwo", e)
            checkRealSpectrum(_FFTKernel.complexToReal(r2, axes: [0, 1], n: 10, scale: 1.0 / 60, useFFTW: false), "irtwo", e)
            let r3 = _FFTKernel.realToComplex(rt, axes: [0, 1, 2], scale: 1, useFFTW: false)
            checkSpectrum(r3, "rfftn", e)
            checkRealSpectrum(_FFTKernel.complexToReal(r3, axes: [0, 1, 2], n: 6, scale: 1.0 / 120, useFFTW: false), "irfftn", e)
            return
        }
        // The public functions, with FFTW.
        let m = complexRandom(50, [6, 10]), rm = randomMatrix(51, [6, 10]), t = complexRandom(52, [4, 5, 6]), rt = randomMatrix(53, [4, 5, 6])
        checkSpectrum(fft(m, n: 16), "pad", e)
        checkSpectrum(fft(m, n: 7, axis: 0), "cut", e)
        checkSpectrum(fft(m, norm: .ortho), "ortho", e)
        checkSpectrum(ifft(m, norm: .forward), "fwd", e)
        checkSpectrum(fft(m, axis: 0), "ax0", e)
        checkSpectrum(fft(m.T[NDIndex.slice(step: 2)]), "strided", e)
        checkSpectrum(fft2(m), "two", e)
        checkSpectrum(ifft2(m, s: [8, 12]), "itwo", e)
        checkSpectrum(rfft2(rm), "rtwo", e)
        checkRealSpectrum(irfft2(rfft2(rm), s: [6, 10]), "irtwo", e)
        checkSpectrum(fftn(t), "fftn", e)
        checkSpectrum(fftn(t, s: [3, 8], axes: [2, 0]), "fftn2", e)
        checkSpectrum(ifftn(t, axes: [0, 1]), "ifftn", e)
        checkSpectrum(rfftn(rt), "rfftn", e)
        checkRealSpectrum(irfftn(rfftn(rt), s: rt.shape), "irfftn", e)
        checkRealSpectrum(irfft(m, n: 19), "irfftodd", e)
        checkRealSpectrum(hfft(m[0, .all], n: 18), "hfft", e)
        checkSpectrum(ihfft(rm[0, .all]), "ihfft", e)
        checkRealSpectrum(hfft(m[0, .all], norm: .ortho), "hfftortho", e)
        checkSpectrum(rfft(rm, axis: 0, norm: .ortho), "rfftortho", e)
        check(fftfreq(9, d: 0.1), "freq", e)
        check(rfftfreq(10, d: 2), "rfreq", e)
        check(fftshift(NDArray<Double>.arange(10)), "shift", e)
        check(fftshift(rm, axes: [1]), "shift2", e)
        check(ifftshift(fftshift(rt)), "ishift", e)
        // The blocked and Bluestein paths.
        let big = complexRandom(80, [256, 256]), rbig = randomMatrix(81, [64, 64, 16]), col = complexRandom(82, [300, 200])
        checkSpectrum(fft2(big), "big2", e)
        checkSpectrum(ifft2(big), "ibig2", e)
        checkSpectrum(fft(col, axis: 0), "col0", e)
        checkSpectrum(rfftn(rbig), "rbig", e)
        checkRealSpectrum(irfftn(rfftn(rbig), s: rbig.shape), "irbig", e)
        checkSpectrum(fft(complexRandom(83, [40009])), "prime", e)
        checkSpectrum(rfft(randomMatrix(84, [20011])), "rprime", e)
        checkRealSpectrum(irfft(rfft(randomMatrix(84, [20011])), n: 20011), "irprime", e)
        // Large powers of two: transformed in place in the result (rows too).
        let lc = complexRandom(85, [2, 65536]), lr = randomMatrix(86, [2, 262144]), lr1 = randomMatrix(87, [262144])
        checkSpectrum(fft(lc), "long2", e)
        checkSpectrum(ifft(lc), "ilong2", e)
        checkSpectrum(rfft(lr), "rlong2", e)
        checkSpectrum(rfft(lr1), "rlong1", e)
        checkRealSpectrum(irfft(rfft(lr1.astype(Float.self))), "lf32", e, tol: 1e-5)
        #expect(lr1.toArray() == randomMatrix(87, [262144]).toArray(), "rfft must not change its input")
        let c32 = complexRandom(60, [256]).astype(Complex<Float>.self)
        checkSpectrum(fft(c32).astype(Complex<Double>.self), "f32", e, tol: 1e-5)
        checkRealSpectrum(irfft(rfft(randomMatrix(61, [100]).astype(Float.self))), "f32r", e, tol: 1e-5)
    }

    @Test func plansAreCachedAndReused() throws {
        guard requireFFTW() else { return }
        let x = complexRandom(70, [333])
        _ = fft(x)
        let made = FFTBackend.plansMade
        for _ in 0..<5 { _ = fft(complexRandom(71, [333])) }
        #expect(FFTBackend.plansMade == made)
    }
}
