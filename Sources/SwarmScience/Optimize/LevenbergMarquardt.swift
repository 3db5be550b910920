// MINPACK's Levenberg–Marquardt (`lmder`, and `lmdif` through a
// finite-difference Jacobian): the engine behind `least_squares(method='lm')`,
// `leastsq` and `curve_fit`'s default. Written after Moré, Garbow and
// Hillstrom's MINPACK-1 (`lmder`, `lmpar`, `qrfac`, `qrsolv`) so iterates and
// counts follow SciPy's. Matrices are column-major (`a[i + j*m]`), as MINPACK
// keeps them, so column operations run over contiguous memory.

/// What a MINPACK Levenberg–Marquardt run returns.
struct MinpackLMOutcome {
    var x: [Double]
    var fvec: [Double]
    /// MINPACK's `info`: 1–4 converged, 5 evaluation limit, 6–8 tolerance too small.
    var info: Int
    var nfev: Int
    var njev: Int
    /// The pivoted QR's `R` (upper n×n, column-major) and the pivot, for `leastsq`'s covariance.
    var r: [Double]
    var ipvt: [Int]
}

/// The Euclidean norm of `v[range]` (MINPACK's `enorm` for ordinary magnitudes).
@inline(__always)
private func norm2(_ v: UnsafeMutableBufferPointer<Double>, _ lo: Int, _ hi: Int) -> Double {
    var s = 0.0
    var i = lo
    while i < hi { s += v[i] * v[i]; i += 1 }
    return s.squareRoot()
}

/// MINPACK `lmder`: minimise ‖f(x)‖² from `x0`.
///
/// `f(x, out)` writes the m residuals; `jac(x, fvec, out)` writes the m×n
/// Jacobian column-major and returns how many extra residual evaluations it
/// used (finite differences count them, as `lmdif` does).
func minpackLM(m: Int, x0: [Double], ftol: Double, xtol: Double, gtol: Double, maxfev: Int,
               diag userDiag: [Double]?, factor: Double = 100,
               f: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void,
               jac: (UnsafeBufferPointer<Double>, UnsafeBufferPointer<Double>,
                     UnsafeMutableBufferPointer<Double>) -> Int) -> MinpackLMOutcome {
    let n = x0.count
    let eps = Double.ulpOfOne
    var x = x0
    var fvec = [Double](repeating: 0, count: m)
    var fjac = [Double](repeating: 0, count: m * n)
    var diag = userDiag ?? [Double](repeating: 1, count: n)
    let scaleFromJacobian = userDiag == nil
    var qtf = [Double](repeating: 0, count: n)
    var wa1 = [Double](repeating: 0, count: n), wa2 = wa1, wa3 = wa1
    var wa4 = [Double](repeating: 0, count: m)
    var ipvt = [Int](repeating: 0, count: n)
    var info = 0, nfev = 0, njev = 0

    x.withUnsafeMutableBufferPointer { x in
    fvec.withUnsafeMutableBufferPointer { fvec in
    fjac.withUnsafeMutableBufferPointer { fjac in
    diag.withUnsafeMutableBufferPointer { diag in
    qtf.withUnsafeMutableBufferPointer { qtf in
    wa1.withUnsafeMutableBufferPointer { wa1 in
    wa2.withUnsafeMutableBufferPointer { wa2 in
    wa3.withUnsafeMutableBufferPointer { wa3 in
    wa4.withUnsafeMutableBufferPointer { wa4 in
    ipvt.withUnsafeMutableBufferPointer { ipvt in
        f(UnsafeBufferPointer(x), fvec)
        nfev = 1
        var fnorm = norm2(fvec, 0, m)
        var par = 0.0, delta = 0.0, xnorm = 0.0
        var iter = 1
        outer: while true {
            nfev += jac(UnsafeBufferPointer(x), UnsafeBufferPointer(fvec), fjac)
            njev += 1
            qrFactor(m: m, n: n, a: fjac, ipvt: ipvt, rdiag: wa1, acnorm: wa2, wa: wa3)
            if iter == 1 {
                if scaleFromJacobian {
                    for j in 0..<n { diag[j] = wa2[j] == 0 ? 1 : wa2[j] }
                }
                for j in 0..<n { wa3[j] = diag[j] * x[j] }
                xnorm = norm2(wa3, 0, n)
                delta = factor * xnorm
                if delta == 0 { delta = factor }
            }
            // Qᵀ f, of which the first n entries are kept in qtf.
            for i in 0..<m { wa4[i] = fvec[i] }
            for j in 0..<n {
                let jj = j + j * m
                if fjac[jj] != 0 {
                    var sum = 0.0
                    for i in j..<m { sum += fjac[i + j * m] * wa4[i] }
                    let temp = -sum / fjac[jj]
                    for i in j..<m { wa4[i] += fjac[i + j * m] * temp }
                }
                fjac[jj] = wa1[j]
                qtf[j] = wa4[j]
            }
            // The scaled gradient's largest cosine with the residual.
            var gnorm = 0.0
            if fnorm != 0 {
                for j in 0..<n {
                    let l = ipvt[j]
                    if wa2[l] != 0 {
                        var sum = 0.0
                        for i in 0...j { sum += fjac[i + j * m] * (qtf[i] / fnorm) }
                        gnorm = max(gnorm, abs(sum / wa2[l]))
                    }
                }
            }
            if gnorm <= gtol { info = 4 }
            if info != 0 { break outer }
            if scaleFromJacobian {
                for j in 0..<n { diag[j] = max(diag[j], wa2[j]) }
            }
            while true {
                lmParameter(n: n, r: fjac, ldr: m, ipvt: ipvt, diag: diag, qtb: qtf, delta: delta, par: &par,
                            x: wa1, sdiag: wa2, wa1: wa3, wa2: wa4)
                for j in 0..<n {
                    wa1[j] = -wa1[j]
                    wa2[j] = x[j] + wa1[j]
                    wa3[j] = diag[j] * wa1[j]
                }
                let pnorm = norm2(wa3, 0, n)
                if iter == 1 { delta = min(delta, pnorm) }
                f(UnsafeBufferPointer(wa2), wa4)
                nfev += 1
                let fnorm1 = norm2(wa4, 0, m)
                var actred = -1.0
                if 0.1 * fnorm1 < fnorm { actred = 1 - (fnorm1 / fnorm) * (fnorm1 / fnorm) }
                // The reduction the linear model predicts for this step.
                for j in 0..<n {
                    wa3[j] = 0
                    let temp = wa1[ipvt[j]]
                    for i in 0...j { wa3[i] += fjac[i + j * m] * temp }
                }
                let temp1 = norm2(wa3, 0, n) / fnorm
                let temp2 = par.squareRoot() * pnorm / fnorm
                let prered = temp1 * temp1 + temp2 * temp2 / 0.5
                let dirder = -(temp1 * temp1 + temp2 * temp2)
                let ratio = prered != 0 ? actred / prered : 0
                if ratio <= 0.25 {
                    var temp = actred >= 0 ? 0.5 : 0.5 * dirder / (dirder + 0.5 * actred)
                    if 0.1 * fnorm1 >= fnorm || temp < 0.1 { temp = 0.1 }
                    delta = temp * min(delta, pnorm / 0.1)
                    par /= temp
                } else if par == 0 || ratio >= 0.75 {
                    delta = pnorm / 0.5
                    par *= 0.5
                }
                if ratio >= 1e-4 {
                    // A successful step: accept it.
                    for j in 0..<n {
                        x[j] = wa2[j]
                        wa2[j] = diag[j] * x[j]
                    }
                    for i in 0..<m { fvec[i] = wa4[i] }
                    xnorm = norm2(wa2, 0, n)
                    fnorm = fnorm1
                    iter += 1
                }
                let smallReduction = abs(actred) <= ftol && prered <= ftol && 0.5 * ratio <= 1
                if smallReduction { info = 1 }
                if delta <= xtol * xnorm { info = smallReduction ? 3 : 2 }
                if info != 0 { break outer }
                if nfev >= maxfev { info = 5 }
                if abs(actred) <= eps && prered <= eps && 0.5 * ratio <= 1 { info = 6 }
                if delta <= eps * xnorm { info = 7 }
                if gnorm <= eps { info = 8 }
                if info != 0 { break outer }
                if ratio >= 1e-4 { break }
            }
        }
    } } } } } } } } } }
    // The upper triangle of R (fjac's first n rows, diagonal restored by the
    // loop above), for covariance estimates.
    var r = [Double](repeating: 0, count: n * n)
    for j in 0..<n { for i in 0...j { r[i + j * n] = fjac[i + j * m] } }
    return MinpackLMOutcome(x: x, fvec: fvec, info: info, nfev: nfev, njev: njev, r: r, ipvt: ipvt)
}

/// MINPACK `qrfac`, with column pivoting unless `pivot` is false:
/// Householder QR of the m×n `a` in place (the vectors below the diagonal),
/// `rdiag` the diagonal of R, `acnorm` the original column norms, `ipvt`
/// the permutation.
func qrFactor(m: Int, n: Int, pivot: Bool = true, a: UnsafeMutableBufferPointer<Double>,
              ipvt: UnsafeMutableBufferPointer<Int>,
              rdiag: UnsafeMutableBufferPointer<Double>, acnorm: UnsafeMutableBufferPointer<Double>,
              wa: UnsafeMutableBufferPointer<Double>) {
    let eps = Double.ulpOfOne
    for j in 0..<n {
        var s = 0.0
        for i in 0..<m { s += a[i + j * m] * a[i + j * m] }
        acnorm[j] = s.squareRoot()
        rdiag[j] = acnorm[j]
        wa[j] = rdiag[j]
        ipvt[j] = j
    }
    for j in 0..<min(m, n) {
        // Bring the column of largest remaining norm to the pivot.
        var kmax = j
        if pivot { for k in j..<n where rdiag[k] > rdiag[kmax] { kmax = k } }
        if kmax != j {
            for i in 0..<m { a.swapAt(i + j * m, i + kmax * m) }
            rdiag[kmax] = rdiag[j]
            wa[kmax] = wa[j]
            ipvt.swapAt(j, kmax)
        }
        var s = 0.0
        for i in j..<m { s += a[i + j * m] * a[i + j * m] }
        var ajnorm = s.squareRoot()
        if ajnorm != 0 {
            if a[j + j * m] < 0 { ajnorm = -ajnorm }
            for i in j..<m { a[i + j * m] /= ajnorm }
            a[j + j * m] += 1
            for k in (j + 1)..<max(j + 1, n) {
                var sum = 0.0
                for i in j..<m { sum += a[i + j * m] * a[i + k * m] }
                let temp = sum / a[j + j * m]
                for i in j..<m { a[i + k * m] -= temp * a[i + j * m] }
                if pivot && rdiag[k] != 0 {
                    // Downdate the remaining column norm; recompute it when
                    // cancellation has eaten its accuracy.
                    let t = a[j + k * m] / rdiag[k]
                    rdiag[k] *= max(0, 1 - t * t).squareRoot()
                    if 0.05 * (rdiag[k] / wa[k]) * (rdiag[k] / wa[k]) <= eps {
                        var s2 = 0.0
                        for i in (j + 1)..<max(j + 1, m) { s2 += a[i + k * m] * a[i + k * m] }
                        rdiag[k] = s2.squareRoot()
                        wa[k] = rdiag[k]
                    }
                }
            }
        }
        rdiag[j] = -ajnorm
    }
}

/// MINPACK `lmpar`: the Levenberg–Marquardt parameter `par` for which the
/// step `x` solving `(JᵀJ + par DᵀD) x = Jᵀf` has `‖D x‖ ≈ delta`, found by
/// Moré's safeguarded Newton iteration (at most 10 steps) on `‖D x‖ − delta`.
func lmParameter(n: Int, r: UnsafeMutableBufferPointer<Double>, ldr: Int, ipvt: UnsafeMutableBufferPointer<Int>,
                 diag: UnsafeMutableBufferPointer<Double>, qtb: UnsafeMutableBufferPointer<Double>,
                 delta: Double, par: inout Double, x: UnsafeMutableBufferPointer<Double>,
                 sdiag: UnsafeMutableBufferPointer<Double>, wa1: UnsafeMutableBufferPointer<Double>,
                 wa2: UnsafeMutableBufferPointer<Double>) {
    let dwarf = Double.leastNormalMagnitude
    // The Gauss–Newton direction (least-squares solution if R is singular).
    var nsing = n
    for j in 0..<n {
        wa1[j] = qtb[j]
        if r[j + j * ldr] == 0 && nsing == n { nsing = j }
        if nsing < n { wa1[j] = 0 }
    }
    var j = nsing - 1
    while j >= 0 {
        wa1[j] /= r[j + j * ldr]
        let temp = wa1[j]
        for i in 0..<j { wa1[i] -= r[i + j * ldr] * temp }
        j -= 1
    }
    for j in 0..<n { x[ipvt[j]] = wa1[j] }
    var iter = 0
    for j in 0..<n { wa2[j] = diag[j] * x[j] }
    var dxnorm = norm2(wa2, 0, n)
    var fp = dxnorm - delta
    if fp <= 0.1 * delta {
        par = 0
        return
    }
    // Lower bound from the Newton step (when J has full rank).
    var parl = 0.0
    if nsing >= n {
        for j in 0..<n { let l = ipvt[j]; wa1[j] = diag[l] * (wa2[l] / dxnorm) }
        for j in 0..<n {
            var sum = 0.0
            for i in 0..<j { sum += r[i + j * ldr] * wa1[i] }
            wa1[j] = (wa1[j] - sum) / r[j + j * ldr]
        }
        let temp = norm2(wa1, 0, n)
        parl = ((fp / delta) / temp) / temp
    }
    // Upper bound from the scaled gradient.
    for j in 0..<n {
        var sum = 0.0
        for i in 0...j { sum += r[i + j * ldr] * qtb[i] }
        wa1[j] = sum / diag[ipvt[j]]
    }
    let gnorm = norm2(wa1, 0, n)
    var paru = gnorm / delta
    if paru == 0 { paru = dwarf / min(delta, 0.1) }
    par = min(max(par, parl), paru)
    if par == 0 { par = gnorm / dxnorm }
    while true {
        iter += 1
        if par == 0 { par = max(dwarf, 0.001 * paru) }
        let s = par.squareRoot()
        for j in 0..<n { wa1[j] = s * diag[j] }
        qrSolve(n: n, r: r, ldr: ldr, ipvt: ipvt, diag: wa1, qtb: qtb, x: x, sdiag: sdiag, wa: wa2)
        for j in 0..<n { wa2[j] = diag[j] * x[j] }
        dxnorm = norm2(wa2, 0, n)
        let previous = fp
        fp = dxnorm - delta
        if abs(fp) <= 0.1 * delta || (parl == 0 && fp <= previous && previous < 0) || iter == 10 { break }
        // Newton correction.
        for j in 0..<n { let l = ipvt[j]; wa1[j] = diag[l] * (wa2[l] / dxnorm) }
        for j in 0..<n {
            wa1[j] /= sdiag[j]
            let temp = wa1[j]
            for i in (j + 1)..<max(j + 1, n) { wa1[i] -= r[i + j * ldr] * temp }
        }
        let temp = norm2(wa1, 0, n)
        let parc = ((fp / delta) / temp) / temp
        if fp > 0 { parl = max(parl, par) }
        if fp < 0 { paru = min(paru, par) }
        par = max(parl, par + parc)
    }
}

/// MINPACK `qrsolv`: given the pivoted QR's R, solve the least-squares
/// problem `[J; D] x ≈ [f; 0]` by Givens rotations that fold the diagonal
/// `D` into R; `sdiag` gets the new triangle's diagonal (its strict lower
/// part lands in R's lower triangle, whose upper part is kept).
func qrSolve(n: Int, r: UnsafeMutableBufferPointer<Double>, ldr: Int, ipvt: UnsafeMutableBufferPointer<Int>,
             diag: UnsafeMutableBufferPointer<Double>, qtb: UnsafeMutableBufferPointer<Double>,
             x: UnsafeMutableBufferPointer<Double>, sdiag: UnsafeMutableBufferPointer<Double>,
             wa: UnsafeMutableBufferPointer<Double>) {
    for j in 0..<n {
        for i in j..<n { r[i + j * ldr] = r[j + i * ldr] }
        x[j] = r[j + j * ldr]
        wa[j] = qtb[j]
    }
    for j in 0..<n {
        let l = ipvt[j]
        if diag[l] != 0 {
            for k in j..<n { sdiag[k] = 0 }
            sdiag[j] = diag[l]
            var qtbpj = 0.0
            for k in j..<n where sdiag[k] != 0 {
                let rkk = r[k + k * ldr]
                let c: Double, s: Double
                if abs(rkk) < abs(sdiag[k]) {
                    let cotan = rkk / sdiag[k]
                    s = 0.5 / (0.25 + 0.25 * cotan * cotan).squareRoot()
                    c = s * cotan
                } else {
                    let tan = sdiag[k] / rkk
                    c = 0.5 / (0.25 + 0.25 * tan * tan).squareRoot()
                    s = c * tan
                }
                r[k + k * ldr] = c * rkk + s * sdiag[k]
                let temp = c * wa[k] + s * qtbpj
                qtbpj = -s * wa[k] + c * qtbpj
                wa[k] = temp
                for i in (k + 1)..<max(k + 1, n) {
                    let t = c * r[i + k * ldr] + s * sdiag[i]
                    sdiag[i] = -s * r[i + k * ldr] + c * sdiag[i]
                    r[i + k * ldr] = t
                }
            }
        }
        sdiag[j] = r[j + j * ldr]
        r[j + j * ldr] = x[j]
    }
    var nsing = n
    for j in 0..<n {
        if sdiag[j] == 0 && nsing == n { nsing = j }
        if nsing < n { wa[j] = 0 }
    }
    var j = nsing - 1
    while j >= 0 {
        var sum = 0.0
        for i in (j + 1)..<max(j + 1, nsing) { sum += r[i + j * ldr] * wa[i] }
        wa[j] = (wa[j] - sum) / sdiag[j]
        j -= 1
    }
    for j in 0..<n { x[ipvt[j]] = wa[j] }
}
