// The Nelder–Mead simplex method as SciPy's `_minimize_neldermead`: the
// same first simplex (each coordinate 5% away, or 0.00025 from zero),
// reflection, expansion, inside and outside contraction and shrink, the
// optional dimension-adapted coefficients (Gao & Han 2012), bounds by
// clipping, and the stop when both the simplex and its values are within
// xatol and fatol.

/// The first simplex, counts and limits for Nelder–Mead.
struct _NelderMeadSettings {
    var xatol = 1e-4
    var fatol = 1e-4
    var maxiter: Int?
    var maxfev: Int?
    var adaptive = false
    var initialSimplex: [[Double]]?
}

/// Raised inside the simplex loop when the evaluation budget is spent.
private struct _BudgetSpent: Error {}

func _nelderMead(_ function: ([Double]) -> Double, x0 start: [Double], bounds: (lower: [Double], upper: [Double])?,
                 settings: _NelderMeadSettings) throws -> OptimizeResult {
    var x0 = start
    let n = settings.initialSimplex.map { $0.first?.count ?? 0 } ?? x0.count
    let dim = Double(n)
    let (rho, chi, psi, sigma) = settings.adaptive
        ? (1.0, 1 + 2 / dim, 0.75 - 1 / (2 * dim), 1 - 1 / dim)
        : (1.0, 2.0, 0.5, 0.5)
    func clip(_ v: inout [Double]) {
        guard let bounds else { return }
        for i in v.indices { v[i] = Swift.min(Swift.max(v[i], bounds.lower[i]), bounds.upper[i]) }
    }
    clip(&x0)
    var sim: [[Double]]
    if let initial = settings.initialSimplex {
        guard initial.count == n + 1, initial.allSatisfy({ $0.count == n }) else {
            throw OptimizeError.invalidOption("`initial_simplex` should be an array of shape (N+1,N)")
        }
        guard n == x0.count else {
            throw OptimizeError.invalidOption("Size of `initial_simplex` is not consistent with `x0`")
        }
        sim = initial
    } else {
        sim = [x0]
        for k in 0..<n {
            var y = x0
            y[k] = y[k] != 0 ? 1.05 * y[k] : 0.00025
            sim.append(y)
        }
    }
    // SciPy's defaults: 200·n of each when neither is given; one given
    // leaves the other unlimited.
    var maxiter = settings.maxiter ?? Int.max, maxfev = settings.maxfev ?? Int.max
    if settings.maxiter == nil && settings.maxfev == nil {
        maxiter = 200 * n
        maxfev = 200 * n
    }
    if let bounds {
        for j in sim.indices {
            for i in 0..<n where sim[j][i] > bounds.upper[i] { sim[j][i] = 2 * bounds.upper[i] - sim[j][i] }
            clip(&sim[j])
        }
    }
    var fcalls = 0
    func f(_ x: [Double]) throws -> Double {
        if fcalls >= maxfev { throw _BudgetSpent() }
        fcalls += 1
        return function(x)
    }
    var fsim = [Double](repeating: .infinity, count: n + 1)
    func order() {
        let idx = fsim.indices.sorted { fsim[$0] < fsim[$1] || (fsim[$0] == fsim[$1] && $0 < $1) }
        sim = idx.map { sim[$0] }
        fsim = idx.map { fsim[$0] }
    }
    do {
        for k in 0...n { fsim[k] = try f(sim[k]) }
    } catch {}
    order()
    var iterations = 1
    var xbar = [Double](repeating: 0, count: n)
    func point(_ a: Double, _ b: Double) -> [Double] {
        // a·x̄ + b·x_worst
        var r = xbar
        for i in 0..<n { r[i] = a * xbar[i] + b * sim[n][i] }
        clip(&r)
        return r
    }
    while fcalls < maxfev && iterations < maxiter {
        do {
            var spread = 0.0, fspread = 0.0
            for j in 1...n {
                for i in 0..<n { spread = Swift.max(spread, Swift.abs(sim[j][i] - sim[0][i])) }
                fspread = Swift.max(fspread, Swift.abs(fsim[0] - fsim[j]))
            }
            if spread <= settings.xatol && fspread <= settings.fatol { break }
            for i in 0..<n {
                var s = 0.0
                for j in 0..<n { s += sim[j][i] }
                xbar[i] = s / dim
            }
            let xr = point(1 + rho, -rho)
            let fxr = try f(xr)
            var shrink = false
            if fxr < fsim[0] {
                let xe = point(1 + rho * chi, -rho * chi)
                let fxe = try f(xe)
                if fxe < fxr { (sim[n], fsim[n]) = (xe, fxe) } else { (sim[n], fsim[n]) = (xr, fxr) }
            } else if fxr < fsim[n - 1] {
                (sim[n], fsim[n]) = (xr, fxr)
            } else if fxr < fsim[n] {
                let xc = point(1 + psi * rho, -psi * rho)
                let fxc = try f(xc)
                if fxc <= fxr { (sim[n], fsim[n]) = (xc, fxc) } else { shrink = true }
            } else {
                let xcc = point(1 - psi, psi)
                let fxcc = try f(xcc)
                if fxcc < fsim[n] { (sim[n], fsim[n]) = (xcc, fxcc) } else { shrink = true }
            }
            if shrink {
                for j in 1...n {
                    for i in 0..<n { sim[j][i] = sim[0][i] + sigma * (sim[j][i] - sim[0][i]) }
                    clip(&sim[j])
                    fsim[j] = try f(sim[j])
                }
            }
            iterations += 1
        } catch {}
        order()
    }
    let status: Int, message: String
    if fcalls >= maxfev {
        (status, message) = (1, _OptimizeMessage.maxfev)
    } else if iterations >= maxiter {
        (status, message) = (2, _OptimizeMessage.maxiter)
    } else {
        (status, message) = (0, _OptimizeMessage.success)
    }
    return OptimizeResult(x: sim[0], fun: fsim.min() ?? .nan, nit: iterations, nfev: fcalls,
                          success: status == 0, status: status, message: message)
}
