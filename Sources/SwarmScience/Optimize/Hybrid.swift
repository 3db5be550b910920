// MINPACK's `hybrd`, which `root(method='hybr')` calls: Powell's hybrid
// (dogleg) method with a forward-difference Jacobian that is refreshed only
// when progress stalls, and Broyden rank-one updates of its QR factors in
// between (`r1updt`, `r1mpyq`). R is packed by rows, Q and the Jacobian
// column-major, as in MINPACK; indices here are 0-based.

import Foundation

/// The hybrid solver's result in MINPACK's terms.
struct _HybridRun {
    var x: [Double]
    var fvec: [Double]
    var nfev: Int
    var info: Int
}

/// MINPACK `hybrd` with a dense difference Jacobian, mode 1 (internal
/// scaling) and factor 100.
func _hybrd(_ fcn: ([Double]) -> [Double], x0: [Double], xtol: Double, maxfev: Int) -> _HybridRun {
    let n = x0.count, epsmch = Double.ulpOfOne, factor = 100.0
    var x = x0
    var fvec = fcn(x)
    precondition(fvec.count == n, "root: f returned \(fvec.count) values for \(n) unknowns")
    var nfev = 1, info = 0
    var fnorm = _norm2(fvec)
    var iter = 1, ncsuc = 0, ncfail = 0, nslow1 = 0, nslow2 = 0
    var delta = 0.0, xnorm = 0.0
    var diag = [Double](repeating: 0, count: n)
    var fjac = [Double](repeating: 0, count: n * n)
    var r = [Double](repeating: 0, count: n * (n + 1) / 2)
    var qtf = [Double](repeating: 0, count: n)
    var ipvt = [Int](repeating: 0, count: n)
    var wa1 = [Double](repeating: 0, count: n), wa2 = [Double](repeating: 0, count: n)
    var wa3 = [Double](repeating: 0, count: n), wa4 = [Double](repeating: 0, count: n)
    outer: while true {
        var jeval = true
        let jr = _fdjac2(fcn, x, fvec)
        nfev += n
        for i in 0..<n { for j in 0..<n { fjac[i + j * n] = jr[i * n + j] } }
        fjac.withUnsafeMutableBufferPointer { a in _qrfac(n, n, a, &ipvt, &wa1, &wa2, pivot: false) }
        if iter == 1 {
            for j in 0..<n { diag[j] = wa2[j] == 0 ? 1 : wa2[j] }
            xnorm = _norm2((0..<n).map { diag[$0] * x[$0] })
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
        // R packed by rows: row i holds columns i..<n.
        var sing = false
        for j in 0..<n {
            var l = j
            for i in 0..<j {
                r[l] = fjac[i + j * n]
                l += n - i - 1
            }
            r[l] = wa1[j]
            if wa1[j] == 0 { sing = true }
        }
        fjac.withUnsafeMutableBufferPointer { q in _qform(n, q) }
        for j in 0..<n { diag[j] = Swift.max(diag[j], wa2[j]) }
        while true {
            _dogleg(n, r, diag, qtf, delta, &wa1)
            for j in 0..<n {
                wa1[j] = -wa1[j]
                wa2[j] = x[j] + wa1[j]
                wa3[j] = diag[j] * wa1[j]
            }
            let pnorm = _norm2(wa3)
            if iter == 1 { delta = Swift.min(delta, pnorm) }
            wa4 = fcn(wa2)
            nfev += 1
            let fnorm1 = _norm2(wa4)
            var actred = -1.0
            if fnorm1 < fnorm { actred = 1 - (fnorm1 / fnorm) * (fnorm1 / fnorm) }
            var l = 0
            for i in 0..<n {
                var sum = 0.0
                for j in i..<n {
                    sum += r[l] * wa1[j]
                    l += 1
                }
                wa3[i] = qtf[i] + sum
            }
            let temp = _norm2(wa3)
            var prered = 0.0
            if temp < fnorm { prered = 1 - (temp / fnorm) * (temp / fnorm) }
            let ratio = prered > 0 ? actred / prered : 0
            if ratio < 0.1 {
                ncsuc = 0
                ncfail += 1
                delta *= 0.5
            } else {
                ncfail = 0
                ncsuc += 1
                if ratio >= 0.5 || ncsuc > 1 { delta = Swift.max(delta, pnorm / 0.5) }
                if Swift.abs(ratio - 1) <= 0.1 { delta = pnorm / 0.5 }
            }
            if ratio >= 1e-4 {
                x = wa2
                xnorm = _norm2((0..<n).map { diag[$0] * x[$0] })
                fvec = wa4
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
            if 0.1 * Swift.max(0.1 * delta, pnorm) <= epsmch * xnorm { info = 3 }
            if nslow2 == 5 { info = 4 }
            if nslow1 == 10 { info = 5 }
            if info != 0 { break outer }
            if ncfail == 2 { continue outer }  // a fresh Jacobian
            // Broyden's rank-one update of Q·R.
            for j in 0..<n {
                var sum = 0.0
                for i in 0..<n { sum += fjac[i + j * n] * wa4[i] }
                wa2[j] = (sum - wa3[j]) / pnorm
                wa1[j] = diag[j] * ((diag[j] * wa1[j]) / pnorm)
                if ratio >= 1e-4 { qtf[j] = sum }
            }
            sing = _r1updt(n, &r, wa1, &wa2, &wa3)
            fjac.withUnsafeMutableBufferPointer { a in _r1mpyq(n, n, a, n, wa2, wa3) }
            qtf.withUnsafeMutableBufferPointer { a in _r1mpyq(1, n, a, 1, wa2, wa3) }
            _ = sing
            jeval = false
        }
    }
    return _HybridRun(x: x, fvec: fvec, nfev: nfev, info: info)
}

/// MINPACK `qform`: the orthogonal Q from `qrfac`'s Householder vectors, in place.
private func _qform(_ n: Int, _ q: UnsafeMutableBufferPointer<Double>) {
    for j in 1..<Swift.max(1, n) { for i in 0..<j { q[i + j * n] = 0 } }
    var wa = [Double](repeating: 0, count: n)
    for k in stride(from: n - 1, through: 0, by: -1) {
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
    }
}

/// MINPACK `dogleg`: the convex combination of the Gauss–Newton and scaled
/// gradient directions that minimises the model within ‖D x‖ ≤ Δ.
private func _dogleg(_ n: Int, _ r: [Double], _ diag: [Double], _ qtb: [Double], _ delta: Double, _ x: inout [Double]) {
    let epsmch = Double.ulpOfOne
    var wa1 = [Double](repeating: 0, count: n), wa2 = [Double](repeating: 0, count: n)
    var jj = n * (n + 1) / 2  // one past the last diagonal (0-based)
    for k in 1...n {
        let j = n - k
        jj -= k
        var l = jj + 1
        var sum = 0.0
        for i in (j + 1)..<Swift.max(j + 1, n) {
            sum += r[l] * x[i]
            l += 1
        }
        var temp = r[jj]
        if temp == 0 {
            var ll = j
            for i in 0...j {
                temp = Swift.max(temp, Swift.abs(r[ll]))
                ll += n - i - 1
            }
            temp *= epsmch
            if temp == 0 { temp = epsmch }
        }
        x[j] = (qtb[j] - sum) / temp
    }
    for j in 0..<n { wa2[j] = diag[j] * x[j] }
    let qnorm = _norm2(wa2)
    if qnorm <= delta { return }
    var l = 0
    for j in 0..<n {
        let temp = qtb[j]
        for i in j..<n {
            wa1[i] += r[l] * temp
            l += 1
        }
        wa1[j] /= diag[j]
    }
    let gnorm = _norm2(wa1)
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
        let temp = _norm2(wa2)
        sgnorm = (gnorm / temp) / temp
        alpha = 0
        if sgnorm < delta {
            let bnorm = _norm2(qtb)
            var t = (bnorm / gnorm) * (bnorm / qnorm) * (sgnorm / delta)
            let dq = delta / qnorm, sd = sgnorm / delta
            t = t - dq * sd * sd + ((t - dq) * (t - dq) + (1 - dq * dq) * (1 - sd * sd)).squareRoot()
            alpha = (dq * (1 - sd * sd)) / t
        }
    }
    let temp = (1 - alpha) * Swift.min(sgnorm, delta)
    for j in 0..<n { x[j] = temp * wa1[j] + alpha * x[j] }
}

/// MINPACK `r1updt` (m = n): the upper triangular S (packed by rows) of
/// S + u·vᵀ = Q·S′, with the rotations encoded in v and w; whether S′ is singular.
private func _r1updt(_ n: Int, _ s: inout [Double], _ u: [Double], _ v: inout [Double], _ w: inout [Double]) -> Bool {
    let giant = Double.greatestFiniteMagnitude
    var jj = n * (n + 1) / 2 - 1  // the last diagonal element
    w[n - 1] = s[jj]
    for j in stride(from: n - 2, through: 0, by: -1) {
        jj -= n - j
        w[j] = 0
        if v[j] != 0 {
            let c: Double, sn: Double, tau: Double
            if Swift.abs(v[n - 1]) < Swift.abs(v[j]) {
                let cotan = v[n - 1] / v[j]
                sn = 0.5 / (0.25 + 0.25 * cotan * cotan).squareRoot()
                c = sn * cotan
                tau = Swift.abs(c) * giant > 1 ? 1 / c : 1
            } else {
                let tan = v[j] / v[n - 1]
                c = 0.5 / (0.25 + 0.25 * tan * tan).squareRoot()
                sn = c * tan
                tau = sn
            }
            v[n - 1] = sn * v[j] + c * v[n - 1]
            v[j] = tau
            var l = jj
            for i in j..<n {
                let temp = c * s[l] - sn * w[i]
                w[i] = sn * s[l] + c * w[i]
                s[l] = temp
                l += 1
            }
        }
    }
    for i in 0..<n { w[i] += v[n - 1] * u[i] }
    var sing = false
    for j in 0..<(n - 1) {
        if w[j] != 0 {
            let c: Double, sn: Double, tau: Double
            if Swift.abs(s[jj]) < Swift.abs(w[j]) {
                let cotan = s[jj] / w[j]
                sn = 0.5 / (0.25 + 0.25 * cotan * cotan).squareRoot()
                c = sn * cotan
                tau = Swift.abs(c) * giant > 1 ? 1 / c : 1
            } else {
                let tan = w[j] / s[jj]
                c = 0.5 / (0.25 + 0.25 * tan * tan).squareRoot()
                sn = c * tan
                tau = sn
            }
            var l = jj
            for i in j..<n {
                let temp = c * s[l] + sn * w[i]
                w[i] = -sn * s[l] + c * w[i]
                s[l] = temp
                l += 1
            }
            w[j] = tau
        }
        if s[jj] == 0 { sing = true }
        jj += n - j
    }
    s[jj] = w[n - 1]
    if s[jj] == 0 { sing = true }
    return sing
}

/// MINPACK `r1mpyq`: A·(Q from v and w's rotations), for m×n column-major A.
private func _r1mpyq(_ m: Int, _ n: Int, _ a: UnsafeMutableBufferPointer<Double>, _ lda: Int, _ v: [Double],
                     _ w: [Double]) {
    guard n > 1 else { return }
    for j in stride(from: n - 2, through: 0, by: -1) {
        let c: Double, s: Double
        if Swift.abs(v[j]) > 1 { c = 1 / v[j]; s = (1 - c * c).squareRoot() } else { s = v[j]; c = (1 - s * s).squareRoot() }
        for i in 0..<m {
            let temp = c * a[i + j * lda] - s * a[i + (n - 1) * lda]
            a[i + (n - 1) * lda] = s * a[i + j * lda] + c * a[i + (n - 1) * lda]
            a[i + j * lda] = temp
        }
    }
    for j in 0..<(n - 1) {
        let c: Double, s: Double
        if Swift.abs(w[j]) > 1 { c = 1 / w[j]; s = (1 - c * c).squareRoot() } else { s = w[j]; c = (1 - s * s).squareRoot() }
        for i in 0..<m {
            let temp = c * a[i + j * lda] + s * a[i + (n - 1) * lda]
            a[i + (n - 1) * lda] = -s * a[i + j * lda] + c * a[i + (n - 1) * lda]
            a[i + j * lda] = temp
        }
    }
}
