import RealModule

// A discrete Fourier transform in Swift, for when FFTW is not installed:
// mixed-radix Cooley–Tukey (decimation in time) for lengths whose prime
// factors are small, Bluestein's chirp-z algorithm (three power-of-two
// transforms) for the others. Every length works; it is correct to about
// 1e-14 relative to the largest value, and slower than FFTW.

enum _SwiftFFT {
    typealias C = Complex<Double>

    /// The unscaled DFT of `n` values at `x` (stride 1) into `y`: sign −1 forward, +1 backward.
    static func transform(_ x: UnsafePointer<C>, _ y: UnsafeMutablePointer<C>, _ n: Int, inverse: Bool) {
        guard n > 1 else {
            if n == 1 { y[0] = x[0] }
            return
        }
        let factors = factorize(n)
        if factors.allSatisfy({ $0 <= 13 }) {
            let twiddles = (0..<n).map { twiddle($0, n, inverse) }
            recurse(x, 1, y, n, factors[...], twiddles, n, inverse)
        } else {
            bluestein(x, y, n, inverse: inverse)
        }
    }

    /// `exp(∓2πi k / n)`, with the angle reduced first for accuracy.
    static func twiddle(_ k: Int, _ n: Int, _ inverse: Bool) -> C {
        let angle = (inverse ? 2.0 : -2.0) * Double.pi * Double(k % n) / Double(n)
        return C(Double.cos(angle), Double.sin(angle))
    }

    static func factorize(_ n: Int) -> [Int] {
        var factors: [Int] = [], m = n, p = 2
        while p * p <= m {
            while m % p == 0 { factors.append(p); m /= p }
            p += p == 2 ? 1 : 2
        }
        if m > 1 { factors.append(m) }
        return factors
    }

    /// DFT of `n` values of `x` spaced `stride` apart into `y`: split by the first factor p into
    /// p transforms of length n/p (of x[r], x[r+p], …), then combine them with twiddles.
    static func recurse(_ x: UnsafePointer<C>, _ stride: Int, _ y: UnsafeMutablePointer<C>, _ n: Int,
                        _ factors: ArraySlice<Int>, _ twiddles: [C], _ total: Int, _ inverse: Bool) {
        if n == 1 { y[0] = x[0]; return }
        let p = factors.first!, m = n / p
        for r in 0..<p { recurse(x + r * stride, stride * p, y + r * m, m, factors.dropFirst(), twiddles, total, inverse) }
        // y[r*m + k] holds Y_r[k]; X[k + q*m] = Σ_r W_n^{r(k + q m)} Y_r[k].
        let step = total / n
        var column = [C](repeating: .zero, count: p)
        for k in 0..<m {
            for r in 0..<p { column[r] = y[r * m + k] }
            for q in 0..<p {
                var sum = C.zero
                for r in 0..<p {
                    let w = twiddles[(r * (k + q * m) * step) % total]
                    sum = sum + w * column[r]
                }
                y[k + q * m] = sum
            }
        }
    }

    /// Bluestein: X_k = w̄_k · Σ_j (x_j w̄_j) w_{k-j} with w_j = exp(±iπ j²/n), the
    /// convolution done with power-of-two transforms.
    static func bluestein(_ x: UnsafePointer<C>, _ y: UnsafeMutablePointer<C>, _ n: Int, inverse: Bool) {
        var size = 1
        while size < 2 * n - 1 { size <<= 1 }
        let chirp = (0..<n).map { j -> C in
            let k = (j * j) % (2 * n)
            let angle = (inverse ? 1.0 : -1.0) * Double.pi * Double(k) / Double(n)
            return C(Double.cos(angle), Double.sin(angle))
        }
        var a = [C](repeating: .zero, count: size), b = [C](repeating: .zero, count: size)
        for j in 0..<n { a[j] = x[j] * chirp[j] }
        b[0] = chirp[0].conjugate
        for j in 1..<n {
            b[j] = chirp[j].conjugate
            b[size - j] = chirp[j].conjugate
        }
        var fa = [C](repeating: .zero, count: size), fb = [C](repeating: .zero, count: size)
        a.withUnsafeBufferPointer { pa in fa.withUnsafeMutableBufferPointer { transform(pa.baseAddress!, $0.baseAddress!, size, inverse: false) } }
        b.withUnsafeBufferPointer { pb in fb.withUnsafeMutableBufferPointer { transform(pb.baseAddress!, $0.baseAddress!, size, inverse: false) } }
        for i in 0..<size { fa[i] = fa[i] * fb[i] }
        fa.withUnsafeBufferPointer { pa in a.withUnsafeMutableBufferPointer { transform(pa.baseAddress!, $0.baseAddress!, size, inverse: true) } }
        let scale = 1 / Double(size)
        for k in 0..<n { y[k] = chirp[k] * a[k] * C(scale, 0) }
    }
}
