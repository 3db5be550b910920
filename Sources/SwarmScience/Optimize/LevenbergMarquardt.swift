// MINPACK's `lmder`, which `least_squares(method='lm')` calls: the
// Levenberg–Marquardt method with a pivoted QR of the Jacobian (`qrfac`),
// Moré's parameter search (`lmpar`) and the Givens solve of the damped
// system (`qrsolv`), with MINPACK's internal column scaling (x_scale 'jac')
// or given scales (mode 2).
// Matrices are column-major with leading dimension m, as in MINPACK.

import Foundation

@inline(__always) private func _enorm(_ a: UnsafeMutableBufferPointer<Double>, _ from: Int, _ to: Int) -> Double {
    var s = 0.0
    for i in from..<to { s += a[i] * a[i] }
    return s.squareRoot()
}

/// The LM solver's result in MINPACK's terms.
struct _LMRun {
    var x: [Double]
    var fvec: [Double]
    var nfev: Int
    var njev: Int
    var info: Int
    /// The last factorisation's R (n×n column-major, upper triangle) and
    /// column permutation, for `leastsq`'s covariance.
    var r: [Double]
    var ipvt: [Int]
}

/// MINPACK `lmder` with ftol, xtol, gtol, maxfev and factor 100; with
/// `jacobianCost` n, the evaluations of a difference Jacobian count in nfev
/// as MINPACK `lmdif` counts them. `fixedDiag` is MINPACK's mode 2 (the
/// variables' scales given, as SciPy passes 1/x_scale); nil is mode 1 (the
/// Jacobian's column norms, updated as they grow).
func _lmder(_ fcn: ([Double]) -> [Double], _ jacobian: ([Double], [Double]) -> [Double], x0: [Double], m: Int,
            ftol: Double, xtol: Double, gtol: Double, maxfev: Int, jacobianCost: Int = 0,
            fixedDiag: [Double]? = nil) -> _LMRun {
    let n = x0.count, epsmch = Double.ulpOfOne, factor = 100.0
    var x = x0
    var fvec = fcn(x)
    var nfev = 1, njev = 0, info = 0
    var fnorm = _norm2(fvec)
    var par = 0.0, delta = 0.0, xnorm = 0.0
    var iter = 1
    var diag = fixedDiag ?? [Double](repeating: 0, count: n)
    var fjac = [Double](repeating: 0, count: m * n)
    var ipvt = [Int](repeating: 0, count: n)
    var rdiag = [Double](repeating: 0, count: n), acnorm = [Double](repeating: 0, count: n)
    var qtf = [Double](repeating: 0, count: n)
    var wa1 = [Double](repeating: 0, count: n), wa2 = [Double](repeating: 0, count: n)
    var wa3 = [Double](repeating: 0, count: n), wa4 = [Double](repeating: 0, count: m)
    var sdiag = [Double](repeating: 0, count: n)
    outer: while true {
        let jr = jacobian(x, fvec)  // row-major m×n
        njev += 1
        nfev += jacobianCost
        for i in 0..<m { for j in 0..<n { fjac[i + j * m] = jr[i * n + j] } }
        fjac.withUnsafeMutableBufferPointer { a in _qrfac(m, n, a, &ipvt, &rdiag, &acnorm) }
        if iter == 1 {
            if fixedDiag == nil { for j in 0..<n { diag[j] = acnorm[j] == 0 ? 1 : acnorm[j] } }
            xnorm = _norm2((0..<n).map { diag[$0] * x[$0] })
            delta = factor * xnorm
            if delta == 0 { delta = factor }
        }
        // Qᵀf into qtf, and R's diagonal back in place.
        for i in 0..<m { wa4[i] = fvec[i] }
        for j in 0..<n {
            if fjac[j + j * m] != 0 {
                var sum = 0.0
                for i in j..<m { sum += fjac[i + j * m] * wa4[i] }
                let temp = -sum / fjac[j + j * m]
                for i in j..<m { wa4[i] += fjac[i + j * m] * temp }
            }
            fjac[j + j * m] = rdiag[j]
            qtf[j] = wa4[j]
        }
        // The scaled gradient's largest cosine with the columns.
        var gnorm = 0.0
        if fnorm != 0 {
            for j in 0..<n {
                let l = ipvt[j]
                if acnorm[l] != 0 {
                    var sum = 0.0
                    for i in 0...j { sum += fjac[i + j * m] * (qtf[i] / fnorm) }
                    gnorm = Swift.max(gnorm, Swift.abs(sum / acnorm[l]))
                }
            }
        }
        if gnorm <= gtol { info = 4 }
        if info != 0 { break }
        if fixedDiag == nil { for j in 0..<n { diag[j] = Swift.max(diag[j], acnorm[j]) } }
        while true {
            fjac.withUnsafeMutableBufferPointer { r in
                _lmpar(n, r, m, ipvt, diag, qtf, delta, &par, &wa1, &sdiag)
            }
            for j in 0..<n {
                wa1[j] = -wa1[j]
                wa2[j] = x[j] + wa1[j]
                wa3[j] = diag[j] * wa1[j]
            }
            let pnorm = _norm2(wa3)
            if iter == 1 { delta = Swift.min(delta, pnorm) }
            let fNew = fcn(wa2)
            nfev += 1
            let fnorm1 = _norm2(fNew)
            var actred = -1.0
            if 0.1 * fnorm1 < fnorm { actred = 1 - (fnorm1 / fnorm) * (fnorm1 / fnorm) }
            for j in 0..<n {
                wa3[j] = 0
                let temp = wa1[ipvt[j]]
                for i in 0...j { wa3[i] += fjac[i + j * m] * temp }
            }
            let temp1 = _norm2(wa3) / fnorm, temp2 = par.squareRoot() * pnorm / fnorm
            let prered = temp1 * temp1 + temp2 * temp2 / 0.5
            let dirder = -(temp1 * temp1 + temp2 * temp2)
            let ratio = prered != 0 ? actred / prered : 0
            if ratio <= 0.25 {
                var temp = actred >= 0 ? 0.5 : 0.5 * dirder / (dirder + 0.5 * actred)
                if 0.1 * fnorm1 >= fnorm || temp < 0.1 { temp = 0.1 }
                delta = temp * Swift.min(delta, pnorm / 0.1)
                par /= temp
            } else if par == 0 || ratio >= 0.75 {
                delta = pnorm / 0.5
                par *= 0.5
            }
            if ratio >= 1e-4 {
                x = wa2
                xnorm = _norm2((0..<n).map { diag[$0] * x[$0] })
                fvec = fNew
                fnorm = fnorm1
                iter += 1
            }
            let fOK = Swift.abs(actred) <= ftol && prered <= ftol && 0.5 * ratio <= 1
            if fOK { info = 1 }
            if delta <= xtol * xnorm { info = fOK ? 3 : 2 }
            if info != 0 { break outer }
            if nfev >= maxfev { info = 5 }
            if Swift.abs(actred) <= epsmch && prered <= epsmch && 0.5 * ratio <= 1 { info = 6 }
            if delta <= epsmch * xnorm { info = 7 }
            if gnorm <= epsmch { info = 8 }
            if info != 0 { break outer }
            if ratio >= 1e-4 { break }
        }
    }
    var r = [Double](repeating: 0, count: n * n)
    for j in 0..<n { for i in 0...j where i < m { r[i + j * n] = fjac[i + j * m] } }
    return _LMRun(x: x, fvec: fvec, nfev: nfev, njev: njev, info: info, r: r, ipvt: ipvt)
}

/// MINPACK `qrfac` with column pivoting: Householder vectors below and on
/// the diagonal of `a`, R above it, R's diagonal in `rdiag`, the column
/// norms in `acnorm`.
func _qrfac(_ m: Int, _ n: Int, _ a: UnsafeMutableBufferPointer<Double>, _ ipvt: inout [Int],
            _ rdiag: inout [Double], _ acnorm: inout [Double], pivot: Bool = true) {
    var wa = [Double](repeating: 0, count: n)
    for j in 0..<n {
        acnorm[j] = _enorm(a, j * m, j * m + m)
        rdiag[j] = acnorm[j]
        wa[j] = rdiag[j]
        ipvt[j] = j
    }
    for j in 0..<Swift.min(m, n) {
        var kmax = j
        if pivot { for k in j..<n where rdiag[k] > rdiag[kmax] { kmax = k } }
        if kmax != j {
            for i in 0..<m { a.swapAt(i + j * m, i + kmax * m) }
            rdiag[kmax] = rdiag[j]
            wa[kmax] = wa[j]
            ipvt.swapAt(j, kmax)
        }
        var ajnorm = _enorm(a, j + j * m, j * m + m)
        if ajnorm != 0 {
            if a[j + j * m] < 0 { ajnorm = -ajnorm }
            for i in j..<m { a[i + j * m] /= ajnorm }
            a[j + j * m] += 1
            for k in (j + 1)..<Swift.max(j + 1, n) {
                var sum = 0.0
                for i in j..<m { sum += a[i + j * m] * a[i + k * m] }
                let temp = sum / a[j + j * m]
                for i in j..<m { a[i + k * m] -= temp * a[i + j * m] }
                if pivot && rdiag[k] != 0 {
                    let t = a[j + k * m] / rdiag[k]
                    rdiag[k] *= Swift.max(0, 1 - t * t).squareRoot()
                    if 0.05 * (rdiag[k] / wa[k]) * (rdiag[k] / wa[k]) <= Double.ulpOfOne {
                        rdiag[k] = j + 1 < m ? _enorm(a, j + 1 + k * m, k * m + m) : 0
                        wa[k] = rdiag[k]
                    }
                }
            }
        }
        rdiag[j] = -ajnorm
    }
}

/// MINPACK `lmpar`: the Levenberg–Marquardt parameter for which the scaled
/// step ‖D x‖ is within 10% of Δ, and that step in `x`.
private func _lmpar(_ n: Int, _ r: UnsafeMutableBufferPointer<Double>, _ ldr: Int, _ ipvt: [Int], _ diag: [Double],
                    _ qtb: [Double], _ delta: Double, _ par: inout Double, _ x: inout [Double],
                    _ sdiag: inout [Double]) {
    let dwarf = Double.leastNormalMagnitude
    var wa1 = [Double](repeating: 0, count: n), wa2 = [Double](repeating: 0, count: n)
    var nsing = n
    for j in 0..<n {
        wa1[j] = qtb[j]
        if r[j + j * ldr] == 0 && nsing == n { nsing = j }
        if nsing < n { wa1[j] = 0 }
    }
    for j in stride(from: nsing - 1, through: 0, by: -1) {
        wa1[j] /= r[j + j * ldr]
        let temp = wa1[j]
        for i in 0..<j { wa1[i] -= r[i + j * ldr] * temp }
    }
    for j in 0..<n { x[ipvt[j]] = wa1[j] }
    var iter = 0
    for j in 0..<n { wa2[j] = diag[j] * x[j] }
    var dxnorm = _norm2(wa2)
    var fp = dxnorm - delta
    if fp <= 0.1 * delta {
        par = 0
        return
    }
    var parl = 0.0
    if nsing >= n {
        for j in 0..<n { let l = ipvt[j]; wa1[j] = diag[l] * (wa2[l] / dxnorm) }
        for j in 0..<n {
            var sum = 0.0
            for i in 0..<j { sum += r[i + j * ldr] * wa1[i] }
            wa1[j] = (wa1[j] - sum) / r[j + j * ldr]
        }
        let temp = _norm2(wa1)
        parl = ((fp / delta) / temp) / temp
    }
    for j in 0..<n {
        var sum = 0.0
        for i in 0...j { sum += r[i + j * ldr] * qtb[i] }
        wa1[j] = sum / diag[ipvt[j]]
    }
    let gnorm = _norm2(wa1)
    var paru = gnorm / delta
    if paru == 0 { paru = dwarf / Swift.min(delta, 0.1) }
    par = Swift.max(par, parl)
    par = Swift.min(par, paru)
    if par == 0 { par = gnorm / dxnorm }
    while true {
        iter += 1
        if par == 0 { par = Swift.max(dwarf, 0.001 * paru) }
        let sp = par.squareRoot()
        for j in 0..<n { wa1[j] = sp * diag[j] }
        _qrsolv(n, r, ldr, ipvt, wa1, qtb, &x, &sdiag)
        for j in 0..<n { wa2[j] = diag[j] * x[j] }
        dxnorm = _norm2(wa2)
        let previous = fp
        fp = dxnorm - delta
        if Swift.abs(fp) <= 0.1 * delta || (parl == 0 && fp <= previous && previous < 0) || iter == 10 { break }
        for j in 0..<n { let l = ipvt[j]; wa1[j] = diag[l] * (wa2[l] / dxnorm) }
        for j in 0..<n {
            wa1[j] /= sdiag[j]
            let temp = wa1[j]
            for i in (j + 1)..<Swift.max(j + 1, n) { wa1[i] -= r[i + j * ldr] * temp }
        }
        let temp = _norm2(wa1)
        let parc = ((fp / delta) / temp) / temp
        if fp > 0 { parl = Swift.max(parl, par) }
        if fp < 0 { paru = Swift.min(paru, par) }
        par = Swift.max(parl, par + parc)
    }
}

/// MINPACK `qrsolv`: solves (R; D) x ≈ (Qᵀb; 0) by Givens rotations,
/// leaving Sᵀ in R's strict lower triangle and S's diagonal in `sdiag`.
private func _qrsolv(_ n: Int, _ r: UnsafeMutableBufferPointer<Double>, _ ldr: Int, _ ipvt: [Int], _ diag: [Double],
                     _ qtb: [Double], _ x: inout [Double], _ sdiag: inout [Double]) {
    var wa = [Double](repeating: 0, count: n)
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
                if Swift.abs(rkk) < Swift.abs(sdiag[k]) {
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
                for i in (k + 1)..<Swift.max(k + 1, n) {
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
    for j in stride(from: nsing - 1, through: 0, by: -1) {
        var sum = 0.0
        for i in (j + 1)..<Swift.max(j + 1, nsing) { sum += r[i + j * ldr] * wa[i] }
        wa[j] = (wa[j] - sum) / sdiag[j]
    }
    for j in 0..<n { x[ipvt[j]] = wa[j] }
}

/// MINPACK `lmdif`'s `fdjac2`: forward differences with h = √ε·|xⱼ| (√ε
/// where xⱼ = 0), divided by h itself; row-major m×n.
func _fdjac2(_ fcn: ([Double]) -> [Double], _ x: [Double], _ fvec: [Double]) -> [Double] {
    let n = x.count, m = fvec.count, eps = Double.ulpOfOne.squareRoot()
    var out = [Double](repeating: 0, count: m * n)
    var probe = x
    for j in 0..<n {
        var h = eps * Swift.abs(x[j])
        if h == 0 { h = eps }
        probe[j] = x[j] + h
        let f1 = fcn(probe)
        for i in 0..<m { out[i * n + j] = (f1[i] - fvec[i]) / h }
        probe[j] = x[j]
    }
    return out
}
