// Small dense LU factorizations with partial pivoting (LAPACK's getrf and
// getrs, unblocked): real for BDF and Radau's real eigenvalue, complex for
// Radau's complex pair. In place on caller-owned buffers, so a step that
// refactors allocates nothing.

/// An n × n real LU factorization, row-major, with row pivots.
struct RealLU {
    let n: Int
    /// L (unit diagonal, below) and U (on and above), row-major.
    let lu: UnsafeMutableBufferPointer<Double>
    let pivots: UnsafeMutableBufferPointer<Int>

    init(n: Int) {
        self.n = n
        lu = allocateScratch(n * n)
        pivots = .allocate(capacity: Swift.max(n, 1))
        pivots.initialize(repeating: 0)
    }

    func free() {
        freeScratch(lu)
        pivots.deallocate()
    }

    /// Factors the matrix now in ``lu``. A zero pivot is kept (as LAPACK
    /// does, reporting `info > 0`): the solve then gives infinities or NaN,
    /// which the Newton iteration treats as divergence.
    func factor() {
        for k in 0..<n {
            var p = k, best = Swift.abs(lu[k * n + k])
            for r in (k + 1)..<Swift.max(n, k + 1) where Swift.abs(lu[r * n + k]) > best {
                best = Swift.abs(lu[r * n + k])
                p = r
            }
            pivots[k] = p
            if p != k {
                for c in 0..<n { lu.swapAt(k * n + c, p * n + c) }
            }
            let pivot = lu[k * n + k]
            if pivot == 0 { continue }
            let inverse = 1 / pivot
            for r in (k + 1)..<Swift.max(n, k + 1) {
                let m = lu[r * n + k] * inverse
                lu[r * n + k] = m
                if m != 0 {
                    for c in (k + 1)..<n { lu[r * n + c] -= m * lu[k * n + c] }
                }
            }
        }
    }

    /// Solves `A x = b` in place in `b`.
    func solve(_ b: UnsafeMutableBufferPointer<Double>) {
        for k in 0..<n where pivots[k] != k { b.swapAt(k, pivots[k]) }
        for r in 0..<n {
            var s = b[r]
            for c in 0..<r { s -= lu[r * n + c] * b[c] }
            b[r] = s
        }
        for r in stride(from: n - 1, through: 0, by: -1) {
            var s = b[r]
            for c in (r + 1)..<Swift.max(n, r + 1) { s -= lu[r * n + c] * b[c] }
            b[r] = s / lu[r * n + r]
        }
    }
}

/// An n × n complex LU factorization, real and imaginary parts apart.
struct ComplexLU {
    let n: Int
    let re: UnsafeMutableBufferPointer<Double>
    let im: UnsafeMutableBufferPointer<Double>
    let pivots: UnsafeMutableBufferPointer<Int>

    init(n: Int) {
        self.n = n
        re = allocateScratch(n * n)
        im = allocateScratch(n * n)
        pivots = .allocate(capacity: Swift.max(n, 1))
        pivots.initialize(repeating: 0)
    }

    func free() {
        freeScratch(re)
        freeScratch(im)
        pivots.deallocate()
    }

    /// Factors the matrix now in ``re`` and ``im``, pivoting on |re| + |im|
    /// as LAPACK's izamax does.
    func factor() {
        for k in 0..<n {
            var p = k, best = Swift.abs(re[k * n + k]) + Swift.abs(im[k * n + k])
            for r in (k + 1)..<Swift.max(n, k + 1) {
                let v = Swift.abs(re[r * n + k]) + Swift.abs(im[r * n + k])
                if v > best { best = v; p = r }
            }
            pivots[k] = p
            if p != k {
                for c in 0..<n {
                    re.swapAt(k * n + c, p * n + c)
                    im.swapAt(k * n + c, p * n + c)
                }
            }
            let pr = re[k * n + k], pi = im[k * n + k]
            if pr == 0 && pi == 0 { continue }
            let d = pr * pr + pi * pi
            let ir = pr / d, ii = -pi / d
            for r in (k + 1)..<Swift.max(n, k + 1) {
                let ar = re[r * n + k], ai = im[r * n + k]
                let mr = ar * ir - ai * ii, mi = ar * ii + ai * ir
                re[r * n + k] = mr
                im[r * n + k] = mi
                for c in (k + 1)..<n {
                    let ur = re[k * n + c], ui = im[k * n + c]
                    re[r * n + c] -= mr * ur - mi * ui
                    im[r * n + c] -= mr * ui + mi * ur
                }
            }
        }
    }

    /// Solves `A x = b` in place, `b = br + i bi`.
    func solve(_ br: UnsafeMutableBufferPointer<Double>, _ bi: UnsafeMutableBufferPointer<Double>) {
        for k in 0..<n where pivots[k] != k {
            br.swapAt(k, pivots[k])
            bi.swapAt(k, pivots[k])
        }
        for r in 0..<n {
            var sr = br[r], si = bi[r]
            for c in 0..<r {
                let lr = re[r * n + c], li = im[r * n + c]
                sr -= lr * br[c] - li * bi[c]
                si -= lr * bi[c] + li * br[c]
            }
            br[r] = sr
            bi[r] = si
        }
        for r in stride(from: n - 1, through: 0, by: -1) {
            var sr = br[r], si = bi[r]
            for c in (r + 1)..<Swift.max(n, r + 1) {
                let ur = re[r * n + c], ui = im[r * n + c]
                sr -= ur * br[c] - ui * bi[c]
                si -= ur * bi[c] + ui * br[c]
            }
            let dr = re[r * n + r], di = im[r * n + r]
            let d = dr * dr + di * di
            br[r] = (sr * dr + si * di) / d
            bi[r] = (si * dr - sr * di) / d
        }
    }
}
