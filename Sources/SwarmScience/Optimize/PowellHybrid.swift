// MINPACK's hybrid Powell method (`hybrd`/`hybrj`), SciPy's default for
// `root`: a dogleg trust-region step on the QR factors of the Jacobian,
// which are kept current between Jacobian evaluations by Broyden rank-one
// updates (`r1updt`, `r1mpyq`). R is packed by rows (`r[start(i) + j − i]`),
// Q and the Jacobian are column-major n×n, as in MINPACK.

/// What a hybrid Powell run returns.
struct PowellHybridOutcome {
    var x: [Double]
    var fvec: [Double]
    /// MINPACK's `info`: 1 converged, 2 evaluation limit, 3 xtol too small, 4–5 no progress.
    var info: Int
    var nfev: Int
    var njev: Int
}

/// The index of `r(i, i)` in MINPACK's row-packed upper triangle.
@inline(__always)
private func packedStart(_ i: Int, _ n: Int) -> Int { i * n - i * (i - 1) / 2 }

/// MINPACK `hybrj` (with `jac` finite differences, `hybrd`): solve the n×n
/// system `f(x) = 0`. `jac` writes the Jacobian column-major and returns the
/// extra `f` evaluations it used.
func powellHybrid(x0: [Double], xtol: Double, maxfev: Int, factor: Double = 100,
                  f: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void,
                  jac: (UnsafeBufferPointer<Double>, UnsafeBufferPointer<Double>,
                        UnsafeMutableBufferPointer<Double>) -> Int) -> PowellHybridOutcome {
    let n = x0.count
    let eps = Double.ulpOfOne
    var x = x0
    var fvec = [Double](repeating: 0, count: n)
    var fjac = [Double](repeating: 0, count: n * n)
    var r = [Double](repeating: 0, count: n * (n + 1) / 2)
    var diag = [Double](repeating: 1, count: n), qtf = diag
    var wa1 = diag, wa2 = diag, wa3 = diag, wa4 = diag
    var ipvt = [Int](repeating: 0, count: n)
    var info = 0, nfev = 0, njev = 0

    x.withUnsafeMutableBufferPointer { x in
    fvec.withUnsafeMutableBufferPointer { fvec in
    fjac.withUnsafeMutableBufferPointer { fjac in
    r.withUnsafeMutableBufferPointer { r in
    diag.withUnsafeMutableBufferPointer { diag in
    qtf.withUnsafeMutableBufferPointer { qtf in
    wa1.withUnsafeMutableBufferPointer { wa1 in
    wa2.withUnsafeMutableBufferPointer { wa2 in
    wa3.withUnsafeMutableBufferPointer { wa3 in
    wa4.withUnsafeMutableBufferPointer { wa4 in
    ipvt.withUnsafeMutableBufferPointer { ipvt in
        func norm(_ v: UnsafeMutableBufferPointer<Double>) -> Double {
            var s = 0.0
            for i in 0..<n { s += v[i] * v[i] }
            return s.squareRoot()
        }
        f(UnsafeBufferPointer(x), fvec)
        nfev = 1
        var fnorm = norm(fvec)
        var iter = 1, ncsuc = 0, ncfail = 0, nslow1 = 0, nslow2 = 0
        var delta = 0.0, xnorm = 0.0
        outer: while true {
            var jeval = true
            nfev += jac(UnsafeBufferPointer(x), UnsafeBufferPointer(fvec), fjac)
            njev += 1
            qrFactor(m: n, n: n, pivot: false, a: fjac, ipvt: ipvt, rdiag: wa1, acnorm: wa2, wa: wa3)
            if iter == 1 {
                for j in 0..<n { diag[j] = wa2[j] == 0 ? 1 : wa2[j] }
                for j in 0..<n { wa3[j] = diag[j] * x[j] }
                xnorm = norm(wa3)
                delta = factor * xnorm
                if delta == 0 { delta = factor }
            }
            for i in 0..<n { qtf[i] = fvec[i] }
            for j in 0..<n where fjac[j + j * n] != 0 {
                var sum = 0.0
                for i in j..<n { sum += fjac[i + j * n] * qtf[i] }
                let temp = -sum / fjac[j + j * n]
                for i in j..<n { qtf[i] += fjac[i + j * n] * temp }
            }
            var sing = false
            for j in 0..<n {
                for i in 0..<j { r[packedStart(i, n) + j - i] = fjac[i + j * n] }
                r[packedStart(j, n)] = wa1[j]
                if wa1[j] == 0 { sing = true }
            }
            formQ(n: n, q: fjac, wa: wa1)
            for j in 0..<n { diag[j] = max(diag[j], wa2[j]) }
            while true {
                dogleg(n: n, r: r, diag: diag, qtb: qtf, delta: delta, x: wa1, wa1: wa2, wa2: wa3)
                for j in 0..<n {
                    wa1[j] = -wa1[j]
                    wa2[j] = x[j] + wa1[j]
                    wa3[j] = diag[j] * wa1[j]
                }
                let pnorm = norm(wa3)
                if iter == 1 { delta = min(delta, pnorm) }
                f(UnsafeBufferPointer(wa2), wa4)
                nfev += 1
                let fnorm1 = norm(wa4)
                let actred = fnorm1 < fnorm ? 1 - (fnorm1 / fnorm) * (fnorm1 / fnorm) : -1
                // The linear model's residual R p + Qᵀ f.
                for i in 0..<n {
                    var sum = 0.0
                    let s = packedStart(i, n)
                    for j in i..<n { sum += r[s + j - i] * wa1[j] }
                    wa3[i] = qtf[i] + sum
                }
                let temp = norm(wa3)
                let prered = temp < fnorm ? 1 - (temp / fnorm) * (temp / fnorm) : 0
                let ratio = prered > 0 ? actred / prered : 0
                if ratio < 0.1 {
                    ncsuc = 0; ncfail += 1
                    delta *= 0.5
                } else {
                    ncfail = 0; ncsuc += 1
                    if ratio >= 0.5 || ncsuc > 1 { delta = max(delta, pnorm / 0.5) }
                    if abs(ratio - 1) <= 0.1 { delta = pnorm / 0.5 }
                }
                if ratio >= 1e-4 {
                    for j in 0..<n {
                        x[j] = wa2[j]
                        wa2[j] = diag[j] * x[j]
                        fvec[j] = wa4[j]
                    }
                    xnorm = norm(wa2)
                    fnorm = fnorm1
                    iter += 1
                }
                nslow1 += 1
                if actred >= 0.001 { nslow1 = 0 }
                if jeval { nslow2 += 1 }
                if actred >= 0.1 { nslow2 = 0 }
                if delta <= xtol * xnorm || fnorm == 0 { info = 1 }
                if info != 0 { break outer }
                if nfev >= maxfev { info = 2 }
                if 0.1 * max(0.1 * delta, pnorm) <= eps * xnorm { info = 3 }
                if nslow2 == 5 { info = 4 }
                if nslow1 == 10 { info = 5 }
                if info != 0 { break outer }
                // Two failures in a row: re-evaluate the Jacobian.
                if ncfail == 2 { break }
                // Broyden's rank-one update of R and Q.
                for j in 0..<n {
                    var sum = 0.0
                    for i in 0..<n { sum += fjac[i + j * n] * wa4[i] }
                    wa2[j] = (sum - wa3[j]) / pnorm
                    wa1[j] = diag[j] * ((diag[j] * wa1[j]) / pnorm)
                    if ratio >= 1e-4 { qtf[j] = sum }
                }
                rankOneUpdate(n: n, s: r, u: wa1, v: wa2, w: wa3, sing: &sing)
                applyRotations(rows: n, n: n, a: fjac, lda: n, v: wa2, w: wa3)
                applyRotations(rows: 1, n: n, a: qtf, lda: 1, v: wa2, w: wa3)
                jeval = false
            }
        }
    } } } } } } } } } } }
    return PowellHybridOutcome(x: x, fvec: fvec, info: info, nfev: nfev, njev: njev)
}

/// MINPACK `qform`: overwrite the Householder vectors in `q` (n×n) with the
/// orthogonal matrix Q they represent.
private func formQ(n: Int, q: UnsafeMutableBufferPointer<Double>, wa: UnsafeMutableBufferPointer<Double>) {
    for j in 1..<max(1, n) { for i in 0..<j { q[i + j * n] = 0 } }
    var k = n - 1
    while k >= 0 {
        for i in k..<n {
            wa[i] = q[i + k * n]
            q[i + k * n] = 0
        }
        q[k + k * n] = 1
        if wa[k] != 0 {
            for j in k..<n {
                var sum = 0.0
                for i in k..<n { sum += q[i + j * n] * wa[i] }
                let temp = sum / wa[k]
                for i in k..<n { q[i + j * n] -= temp * wa[i] }
            }
        }
        k -= 1
    }
}

/// MINPACK `dogleg`: the convex combination of the Gauss–Newton step and
/// the scaled steepest-descent step that minimises the model in the
/// trust region `‖D x‖ ≤ delta`.
private func dogleg(n: Int, r: UnsafeMutableBufferPointer<Double>, diag: UnsafeMutableBufferPointer<Double>,
                    qtb: UnsafeMutableBufferPointer<Double>, delta: Double, x: UnsafeMutableBufferPointer<Double>,
                    wa1: UnsafeMutableBufferPointer<Double>, wa2: UnsafeMutableBufferPointer<Double>) {
    let eps = Double.ulpOfOne
    func norm(_ v: UnsafeMutableBufferPointer<Double>) -> Double {
        var s = 0.0
        for i in 0..<n { s += v[i] * v[i] }
        return s.squareRoot()
    }
    // Gauss–Newton direction, with tiny pivots replaced as MINPACK does.
    var j = n - 1
    while j >= 0 {
        let s = packedStart(j, n)
        var sum = 0.0
        for i in (j + 1)..<max(j + 1, n) { sum += r[s + i - j] * x[i] }
        var temp = r[s]
        if temp == 0 {
            for i in 0...j { temp = max(temp, abs(r[packedStart(i, n) + j - i])) }
            temp *= eps
            if temp == 0 { temp = eps }
        }
        x[j] = (qtb[j] - sum) / temp
        j -= 1
    }
    for j in 0..<n {
        wa1[j] = 0
        wa2[j] = diag[j] * x[j]
    }
    let qnorm = norm(wa2)
    if qnorm <= delta { return }
    // The scaled gradient Rᵀ Qᵀ f / D.
    var l = 0
    for j in 0..<n {
        let temp = qtb[j]
        for i in j..<n {
            wa1[i] += r[l] * temp
            l += 1
        }
        wa1[j] /= diag[j]
    }
    let gnorm = norm(wa1)
    var sgnorm = 0.0
    var alpha = delta / qnorm
    if gnorm != 0 {
        for j in 0..<n { wa1[j] = (wa1[j] / gnorm) / diag[j] }
        l = 0
        for j in 0..<n {
            var sum = 0.0
            for i in j..<n {
                sum += r[l] * wa1[i]
                l += 1
            }
            wa2[j] = sum
        }
        let temp = norm(wa2)
        sgnorm = (gnorm / temp) / temp
        alpha = 0
        if sgnorm < delta {
            let bnorm = norm(qtb)
            let dq = delta / qnorm, sd = sgnorm / delta
            var t = (bnorm / gnorm) * (bnorm / qnorm) * sd
            t = t - dq * sd * sd + ((t - dq) * (t - dq) + (1 - dq * dq) * (1 - sd * sd)).squareRoot()
            alpha = (dq * (1 - sd * sd)) / t
        }
    }
    let temp = (1 - alpha) * min(sgnorm, delta)
    for j in 0..<n { x[j] = temp * wa1[j] + alpha * x[j] }
}

/// A Givens rotation's (cos, sin, tau) zeroing `b` against `a`, with MINPACK's
/// encoding `tau` from which `r1mpyq` recovers the rotation.
@inline(__always)
private func givens(_ a: Double, _ b: Double) -> (c: Double, s: Double, tau: Double) {
    if abs(a) < abs(b) {
        let cotan = a / b
        let s = 0.5 / (0.25 + 0.25 * cotan * cotan).squareRoot()
        let c = s * cotan
        return (c, s, abs(c) * Double.greatestFiniteMagnitude > 1 ? 1 / c : 1)
    }
    let tan = b / a
    let c = 0.5 / (0.25 + 0.25 * tan * tan).squareRoot()
    let s = c * tan
    return (c, s, s)
}

/// MINPACK `r1updt` for a square R: rotations that make `(Rᵀ + u vᵀ)`
/// lower triangular again, R updated in place (row-packed), the rotations
/// returned encoded in `v` and `w`.
private func rankOneUpdate(n: Int, s: UnsafeMutableBufferPointer<Double>, u: UnsafeMutableBufferPointer<Double>,
                           v: UnsafeMutableBufferPointer<Double>, w: UnsafeMutableBufferPointer<Double>,
                           sing: inout Bool) {
    // Position of s(n−1, n−1); the last "column" of the lower trapezoid
    // (a row of R) has one entry.
    var jj = packedStart(n - 1, n)
    w[n - 1] = s[jj]
    // Rotate v into a multiple of the last unit vector.
    var j = n - 2
    while j >= 0 {
        jj -= n - j
        w[j] = 0
        if v[j] != 0 {
            let g = givens(v[n - 1], v[j])
            v[n - 1] = g.s * v[j] + g.c * v[n - 1]
            v[j] = g.tau
            var l = jj
            for i in j..<n {
                let temp = g.c * s[l] - g.s * w[i]
                w[i] = g.s * s[l] + g.c * w[i]
                s[l] = temp
                l += 1
            }
        }
        j -= 1
    }
    for i in 0..<n { w[i] += v[n - 1] * u[i] }
    // Eliminate the spike.
    sing = false
    for j in 0..<(n - 1) {
        if w[j] != 0 {
            let g = givens(s[jj], w[j])
            var l = jj
            for i in j..<n {
                let temp = g.c * s[l] + g.s * w[i]
                w[i] = -g.s * s[l] + g.c * w[i]
                s[l] = temp
                l += 1
            }
            w[j] = g.tau
        }
        if s[jj] == 0 { sing = true }
        jj += n - j
    }
    s[jj] = w[n - 1]
    if s[jj] == 0 { sing = true }
}

/// MINPACK `r1mpyq`: apply the rotations `r1updt` encoded in `v` and `w`
/// to the columns of the rows×n matrix `a` (leading dimension `lda`).
private func applyRotations(rows: Int, n: Int, a: UnsafeMutableBufferPointer<Double>, lda: Int,
                            v: UnsafeMutableBufferPointer<Double>, w: UnsafeMutableBufferPointer<Double>) {
    guard n > 1 else { return }
    @inline(__always) func decode(_ t: Double) -> (c: Double, s: Double) {
        if abs(t) > 1 { let c = 1 / t; return (c, (1 - c * c).squareRoot()) }
        return ((1 - t * t).squareRoot(), t)
    }
    let last = (n - 1) * lda
    var j = n - 2
    while j >= 0 {
        let (c, s) = decode(v[j])
        for i in 0..<rows {
            let temp = c * a[i + j * lda] - s * a[i + last]
            a[i + last] = s * a[i + j * lda] + c * a[i + last]
            a[i + j * lda] = temp
        }
        j -= 1
    }
    for j in 0..<(n - 1) {
        let (c, s) = decode(w[j])
        for i in 0..<rows {
            let temp = c * a[i + j * lda] + s * a[i + last]
            a[i + last] = -s * a[i + j * lda] + c * a[i + last]
            a[i + j * lda] = temp
        }
    }
}
