// L-BFGS-B (Byrd, Lu, Nocedal & Zhu 1995; version 3.0 of Morales & Nocedal
// 2011, which SciPy ships): each iteration finds the generalised Cauchy
// point along the projected steepest-descent path, minimises the
// limited-memory model over the variables still free there, projects that
// point into the box, and searches the line to it with the Moré–Thuente
// search (ftol 1e-3, gtol 0.9, xtol 0.1).

/// Options of L-BFGS-B, with SciPy's defaults.
struct _LBFGSBSettings {
    var m = 10
    var ftol = 2.2204460492503131e-09
    var gtol = 1e-5
    var maxiter = 15000
    var maxfun = 15000
    var maxls = 20
}

/// Which bounds a variable has (L-BFGS-B's `nbd`).
private enum _BoundKind { case free, lower, both, upper }

extension _Objective {
    mutating func lbfgsb(x0: [Double], lower: [Double], upper: [Double], settings: _LBFGSBSettings) -> OptimizeResult {
        let n = x0.count
        let kinds: [_BoundKind] = (0..<n).map { i in
            switch (lower[i] > -.infinity, upper[i] < .infinity) {
            case (false, false): return .free
            case (true, false): return .lower
            case (true, true): return .both
            case (false, true): return .upper
            }
        }
        let constrained = kinds.contains { $0 != .free }
        let boxed = kinds.allSatisfy { $0 == .both }
        var x = (0..<n).map { Swift.min(Swift.max(x0[$0], lower[$0]), upper[$0]) }
        let epsmch = Double.ulpOfOne
        let factr = settings.ftol / epsmch
        var memory = _LBFGSBMemory(m: settings.m, n: n)

        var f = value(x)
        var g = gradient(x)
        var iterations = 0
        func projectedGradientNorm() -> Double {
            var norm = 0.0
            for i in 0..<n {
                var gi = g[i]
                if gi < 0 {
                    if kinds[i] == .both || kinds[i] == .upper { gi = Swift.max(x[i] - upper[i], gi) }
                } else if kinds[i] == .lower || kinds[i] == .both {
                    gi = Swift.min(x[i] - lower[i], gi)
                }
                if gi.isNaN { return .nan }
                norm = Swift.max(norm, Swift.abs(gi))
            }
            return norm
        }
        func finish(_ status: Int, _ message: String) -> OptimizeResult {
            OptimizeResult(x: x, fun: f, jac: g, nit: iterations, nfev: nfev, njev: ngev,
                           success: status == 0, status: status, message: message)
        }
        if projectedGradientNorm() <= settings.gtol {
            return finish(0, "CONVERGENCE: NORM OF PROJECTED GRADIENT <= PGTOL")
        }
        while true {
            // 1. The generalised Cauchy point, and the variables free at it.
            var z: [Double], c: [Double], free: [Int]
            if !constrained && memory.count > 0 {
                (z, c, free) = (x, [Double](repeating: 0, count: 2 * memory.count), Array(0..<n))
            } else {
                (z, c, free) = cauchyPoint(x: x, g: g, lower: lower, upper: upper, kinds: kinds, memory: memory,
                                           epsmch: epsmch)
            }
            // 2. Minimise the model over the free variables.
            if !free.isEmpty && memory.count > 0 {
                if let better = subspaceStep(x: x, g: g, z: z, c: c, free: free, lower: lower, upper: upper,
                                             kinds: kinds, memory: memory) {
                    z = better
                } else {
                    memory.reset()
                    continue
                }
            }
            // 3. Search the line from x to z.
            var d = z
            for i in 0..<n { d[i] -= x[i] }
            let dnorm = _norm2(d)
            var stpmax = 1e10
            if constrained {
                if iterations == 0 {
                    stpmax = 1
                } else {
                    for i in 0..<n where kinds[i] != .free {
                        if d[i] < 0 && (kinds[i] == .lower || kinds[i] == .both) {
                            let room = lower[i] - x[i]
                            if room >= 0 { stpmax = 0 } else if d[i] * stpmax < room { stpmax = room / d[i] }
                        } else if d[i] > 0 && (kinds[i] == .upper || kinds[i] == .both) {
                            let room = upper[i] - x[i]
                            if room <= 0 { stpmax = 0 } else if d[i] * stpmax > room { stpmax = room / d[i] }
                        }
                    }
                }
            }
            var stp = iterations == 0 && !boxed ? Swift.min(1 / dnorm, stpmax) : 1
            let (xOld, gOld, fOld) = (x, g, f)
            var gd = _dot(g, d)
            let gdOld = gd
            var failed = gd >= 0  // not a descent direction: restart
            var search = _MoreThuente(ftol: 1e-3, gtol: 0.9, xtol: 0.1, stpmin: 0, stpmax: stpmax)
            var evaluations = 0
            if !failed {
                var (fc, gc) = (f, gd)
                while true {
                    let (next, task) = search.iterate(stp: stp, f: fc, g: gc)
                    stp = next
                    if case .evaluate = task {} else if case .error = task {} else { break }
                    if evaluations >= settings.maxls {
                        failed = true
                        break
                    }
                    evaluations += 1
                    if stp == 1 { x = z } else { for i in 0..<n { x[i] = xOld[i] + stp * d[i] } }
                    f = value(x)
                    g = gradient(x)
                    gd = _dot(g, d)
                    (fc, gc) = (f, gd)
                }
            }
            if failed {
                (x, g, f) = (xOld, gOld, fOld)
                if memory.count == 0 {
                    iterations += 1
                    return finish(2, "ABNORMAL_TERMINATION_IN_LNSRCH")
                }
                memory.reset()
                continue
            }
            // 4. A new iterate: the driver's limits, then the convergence tests.
            iterations += 1
            if iterations >= settings.maxiter {
                return finish(1, "STOP: TOTAL NO. OF ITERATIONS REACHED LIMIT")
            }
            if nfev > settings.maxfun {
                return finish(1, "STOP: TOTAL NO. OF F,G EVALUATIONS EXCEEDS LIMIT")
            }
            if projectedGradientNorm() <= settings.gtol {
                return finish(0, "CONVERGENCE: NORM OF PROJECTED GRADIENT <= PGTOL")
            }
            if fOld - f <= factr * epsmch * Swift.max(Swift.abs(fOld), Swift.abs(f), 1) {
                return finish(0, "CONVERGENCE: RELATIVE REDUCTION OF F <= FACTR*EPSMCH")
            }
            // 5. Update the memory with s = x − xOld, y = g − gOld, unless
            // the curvature sᵀy is not safely positive.
            var yv = g
            for i in 0..<n { yv[i] -= gOld[i] }
            let dr = (gd - gdOld) * stp
            let ddum = -gdOld * stp
            if dr <= epsmch * ddum { continue }
            var sv = d
            for i in 0..<n { sv[i] *= stp }
            if !memory.append(s: sv, y: yv, yy: _dot(yv, yv), curvature: dr) { memory.reset() }
        }
    }

    /// The generalised Cauchy point (Algorithm CP of Byrd et al.): the first
    /// local minimiser of the model along x − t·g bent by the bounds.
    /// Returns it, c = Wᵀ(z − x), and the variables free at it.
    private func cauchyPoint(x: [Double], g: [Double], lower: [Double], upper: [Double], kinds: [_BoundKind],
                             memory: _LBFGSBMemory, epsmch: Double) -> (z: [Double], c: [Double], free: [Int]) {
        let n = x.count, theta = memory.theta
        var z = x
        var d = [Double](repeating: 0, count: n)
        var breaks: [(t: Double, i: Int)] = []
        var atBound = [Bool](repeating: false, count: n)
        for i in 0..<n {
            var t = Double.infinity
            if g[i] < 0, kinds[i] == .both || kinds[i] == .upper {
                t = (x[i] - upper[i]) / g[i]
            } else if g[i] > 0, kinds[i] == .lower || kinds[i] == .both {
                t = (x[i] - lower[i]) / g[i]
            }
            if t == 0 {
                atBound[i] = true  // on a bound, the gradient points out: fixed
            } else {
                d[i] = -g[i]
                if t < .infinity { breaks.append((t, i)) }
            }
        }
        var p = memory.wTransposeTimes(d)
        var c = [Double](repeating: 0, count: p.count)
        var f1 = -_dot(d, d)
        if f1 >= 0 {  // projected gradient is zero
            return (z, c, (0..<n).filter { !atBound[$0] })
        }
        var f2 = -theta * f1 - _dot(p, memory.mTimes(p))
        let f2Original = f2
        var dtm = -f1 / f2
        var tOld = 0.0
        breaks.sort { $0.t < $1.t || ($0.t == $1.t && $0.i < $1.i) }
        var next = 0
        while next < breaks.count {
            let (t, b) = breaks[next]
            let dt = t - tOld
            if dtm < dt { break }
            // Pass the breakpoint: variable b reaches its bound.
            next += 1
            z[b] = d[b] > 0 ? upper[b] : lower[b]
            atBound[b] = true
            let zb = z[b] - x[b]
            let gb = g[b]
            for j in c.indices { c[j] += dt * p[j] }
            let wb = memory.wRow(b)
            let mc = memory.mTimes(c), mp = memory.mTimes(p), mw = memory.mTimes(wb)
            f1 += dt * f2 + gb * gb + theta * gb * zb - gb * _dot(wb, mc)
            f2 -= theta * gb * gb + 2 * gb * _dot(wb, mp) + gb * gb * _dot(wb, mw)
            f2 = Swift.max(epsmch * f2Original, f2)
            for j in p.indices { p[j] += gb * wb[j] }
            d[b] = 0
            dtm = -f1 / f2
            tOld = t
        }
        dtm = Swift.max(dtm, 0)
        tOld += dtm
        for i in 0..<n where !atBound[i] { z[i] = x[i] + tOld * d[i] }
        for j in c.indices { c[j] += dtm * p[j] }
        return (z, c, (0..<n).filter { !atBound[$0] })
    }

    /// Subspace minimisation by the direct primal method, then v3.0's
    /// projection (falling back to a feasible backtrack when the projected
    /// point does not descend). Nil when the reduced system is singular.
    private func subspaceStep(x: [Double], g: [Double], z: [Double], c: [Double], free: [Int],
                              lower: [Double], upper: [Double], kinds: [_BoundKind],
                              memory: _LBFGSBMemory) -> [Double]? {
        let theta = memory.theta, pairs = 2 * memory.count
        // Reduced gradient r = −Zᵀ(g + θ(z − x) − W M c).
        let mc = memory.mTimes(c)
        var r = [Double](repeating: 0, count: free.count)
        var wz = [[Double]]()  // rows of W for the free variables
        wz.reserveCapacity(free.count)
        for (k, i) in free.enumerated() {
            let wi = memory.wRow(i)
            wz.append(wi)
            r[k] = -(g[i] + theta * (z[i] - x[i]) - _dot(wi, mc))
        }
        var du: [Double]
        if free.count < pairs {
            // Fewer free variables than pairs (a small problem): B̂ itself,
            // free × free, costs less than the 2m×2m system below.
            guard let d = reducedNewtonStep(r: r, wz: wz, memory: memory) else { return nil }
            du = d
        } else {
            guard let d = woodburyStep(r: r, wz: wz, memory: memory) else { return nil }
            du = d
        }
        // Project z + d into the box; keep it if it descends from x.
        var projected = z
        for (k, i) in free.enumerated() {
            projected[i] = Swift.min(Swift.max(z[i] + du[k], lower[i]), upper[i])
        }
        var slope = 0.0
        for i in x.indices { slope += (projected[i] - x[i]) * g[i] }
        if slope <= 0 { return projected }
        // Otherwise the longest feasible step along d from z (v2.1's rule).
        var alpha = 1.0, blocking: Int?
        for (k, i) in free.enumerated() where kinds[i] != .free {
            var limit = alpha
            let dk = du[k]
            if dk < 0 && (kinds[i] == .lower || kinds[i] == .both) {
                let room = lower[i] - z[i]
                if room >= 0 { limit = 0 } else if dk * alpha < room { limit = room / dk }
            } else if dk > 0 && (kinds[i] == .upper || kinds[i] == .both) {
                let room = upper[i] - z[i]
                if room <= 0 { limit = 0 } else if dk * alpha > room { limit = room / dk }
            }
            if limit < alpha {
                alpha = limit
                blocking = k
            }
        }
        var result = z
        if alpha < 1, let k = blocking {
            let i = free[k]
            result[i] = du[k] > 0 ? upper[i] : lower[i]
            du[k] = 0
        }
        for (k, i) in free.enumerated() { result[i] += alpha * du[k] }
        return result
    }

    /// d = B̂⁻¹r with B̂ = θI − ZᵀW M WᵀZ, by Sherman–Morrison–Woodbury:
    /// d = r/θ + ZᵀW (K − N/θ)⁻¹ WᵀZ r / θ², N = WᵀZ ZᵀW (what the
    /// reference code does; a 2m×2m system).
    private func woodburyStep(r: [Double], wz: [[Double]], memory: _LBFGSBMemory) -> [Double]? {
        let theta = memory.theta, pairs = 2 * memory.count
        var kMinusN = memory.middleMatrix()
        var wtr = [Double](repeating: 0, count: pairs)
        for (k, row) in wz.enumerated() {
            for a in 0..<pairs {
                wtr[a] += row[a] * r[k]
                let ra = row[a] / theta
                if ra != 0 {
                    for b in 0..<pairs { kMinusN[a * pairs + b] -= ra * row[b] }
                }
            }
        }
        let lu = _SmallLU(kMinusN, n: pairs)
        guard lu.isNonsingular else { return nil }
        let v = lu.solve(wtr)
        var du = r
        for (k, row) in wz.enumerated() { du[k] = r[k] / theta + _dot(row, v) / (theta * theta) }
        return du
    }

    /// d = B̂⁻¹r with B̂ = θI − ZᵀW M WᵀZ formed directly (free × free).
    private func reducedNewtonStep(r: [Double], wz: [[Double]], memory: _LBFGSBMemory) -> [Double]? {
        let theta = memory.theta, free = wz.count
        let mw = wz.map { memory.mTimes($0) }   // M Wᵀ e_k for each free variable
        var b = [Double](repeating: 0, count: free * free)
        for k in 0..<free {
            for l in 0..<free { b[k * free + l] = (k == l ? theta : 0) - _dot(wz[k], mw[l]) }
        }
        let lu = _SmallLU(b, n: free)
        guard lu.isNonsingular else { return nil }
        return lu.solve(r)
    }
}
