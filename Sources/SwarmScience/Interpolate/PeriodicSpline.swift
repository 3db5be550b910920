// Periodic interpolating B-splines (SciPy's `_make_periodic_spline`). The
// knots continue the data around a circle, so the first k coefficients
// equal the last k: n - 1 unknowns u[j mod (n-1)]. Each data row touches k
// (k+1 for even k) cyclically consecutive unknowns. Renumbering the
// unknowns by k/2 centres that cyclic band on the diagonal; the entries
// that wrap round form a rank-≤k corner correction, removed with the
// Woodbury formula around one banded factorisation.

/// SciPy's `_periodic_knots`: the data (for even k moved to the midpoints
/// between neighbours but at the ends), then k knots on each side that
/// repeat the spacing from the other end.
func _periodicKnots(_ x: [Double], _ k: Int) -> [Double] {
    let n = x.count
    var xc = x
    if k % 2 == 0 && n > 2 {
        for i in 1..<(n - 1) { xc[i] -= (x[i] - x[i - 1]) / 2 }
    }
    let dx = (0..<(n - 1)).map { xc[$0 + 1] - xc[$0] }
    var t = [Double](repeating: 0, count: n + 2 * k)
    for i in 0..<n { t[k + i] = xc[i] }
    for i in 0..<k {
        t[k - i - 1] = t[k - i] - dx[dx.count - 1 - i % (n - 1)]
        t[n + k + i] = t[n + k + i - 1] + dx[i % (n - 1)]
    }
    return t
}

/// The periodic spline of degree k >= 2 through the data (`y[0] == y[-1]`
/// already checked).
func _periodicSpline(_ x: [Double], _ y: [Double], _ k: Int) throws(InterpolationError) -> BSpline {
    let n = x.count
    let t = _periodicKnots(x, k)
    let c = n <= k ? try _periodicFull(x, y, t, k) : try _periodicCyclic(x, y, t, k)
    return BSpline(knots: t, coefficients: c, degree: k, extrapolation: .periodic)
}

/// Few points (n <= k): SciPy's dense system of all n + k - 1
/// coefficients, k - 1 rows equating derivatives at both ends and n
/// interpolation rows.
private func _periodicFull(_ x: [Double], _ y: [Double], _ t: [Double], _ k: Int) throws(InterpolationError) -> [Double] {
    let n = x.count, size = n + k - 1
    var a = [Double](repeating: 0, count: size * size)
    var h = [Double](repeating: 0, count: 2 * k + 2)
    t.withUnsafeBufferPointer { tp in
        h.withUnsafeMutableBufferPointer { hp in
            let t = tp.baseAddress!, h = hp.baseAddress!
            for i in 0..<(k - 1) {
                _basisValues(t, k, x[0], k, i + 1, h, h + k + 1)
                for q in 0...k { a[i * size + q] += h[q] }
                // At x[-1] = t[n+k-1] on the interval to its right; its last
                // basis function lies beyond the coefficients.
                _basisValues(t, k, x[n - 1], n + k - 1, i + 1, h, h + k + 1)
                for q in 0..<k { a[i * size + size - k + q] -= h[q] }
            }
            for i in 0..<n {
                // The interval with x at its right end (searchsorted - 1),
                // but for x == t[k].
                var left = k
                if x[i] != t[k] {
                    left = 0
                    while left + 1 < tp.count && tp[left + 1] < x[i] { left += 1 }
                }
                _basisValues(t, k, x[i], left, 0, h, h + k + 1)
                for q in 0...k { a[(i + k - 1) * size + left - k + q] = h[q] }
            }
        }
    }
    let b = [Double](repeating: 0, count: k - 1) + y
    guard let c = _solveDense(a, b, size) else { throw .singularMatrix }
    return c
}

/// n > k: the cyclic band in m = n - 1 unknowns, as band + corner rows.
private func _periodicCyclic(_ x: [Double], _ y: [Double], _ t: [Double], _ k: Int) throws(InterpolationError) -> [Double] {
    let m = x.count - 1
    let shift = k / 2
    let lower = shift, upper = (k % 2 == 1 ? k - 1 : k) - shift
    var band = _BandedMatrix(n: m, lower: lower, upper: upper)
    // The wrapped entries: (row, column, value) in renumbered unknowns.
    var corner: [(row: Int, column: Int, value: Double)] = []
    var h = [Double](repeating: 0, count: 2 * k + 2)
    let count = t.count - k - 1
    t.withUnsafeBufferPointer { tp in
        h.withUnsafeMutableBufferPointer { hp in
            let tb = tp.baseAddress!, h = hp.baseAddress!
            var l = k
            for i in 0..<m {
                l = _findInterval(tb, k, count, x[i], l, extrapolate: false)
                _basisValues(tb, k, x[i], l, 0, h, h + k + 1)
                for a in 0...k where h[a] != 0 {
                    // Unknown u[(l-k+a) mod m], renumbered by -shift.
                    let raw = l - k + a - shift
                    let offset = raw - i
                    if raw >= 0 && raw < m && offset >= -lower && offset <= upper {
                        band[i, raw] += h[a]
                    } else {
                        corner.append((i, ((raw % m) + m) % m, h[a]))
                    }
                }
            }
        }
    }
    guard band.factor() else { throw .singularMatrix }
    // One solve for y and for each unit vector of a corner row.
    let rows = Array(Set(corner.map(\.row))).sorted()
    let width = rows.count + 1
    var block = [Double](repeating: 0, count: m * width)
    for i in 0..<m { block[i * width] = y[i] }
    for (q, r) in rows.enumerated() { block[r * width + q + 1] = 1 }
    block.withUnsafeMutableBufferPointer { band.solve($0.baseAddress!, count: width) }
    var d = (0..<m).map { block[$0 * width] }
    if !rows.isEmpty {
        // (I + Vᵀ Z) w = Vᵀ z, then d = z - Z w.
        let r = rows.count
        var capacitance = [Double](repeating: 0, count: r * r), rhs = [Double](repeating: 0, count: r)
        let index = Dictionary(uniqueKeysWithValues: rows.enumerated().map { ($1, $0) })
        for a in 0..<r { capacitance[a * r + a] = 1 }
        for entry in corner {
            let a = index[entry.row]!
            rhs[a] += entry.value * block[entry.column * width]
            for b in 0..<r { capacitance[a * r + b] += entry.value * block[entry.column * width + b + 1] }
        }
        guard let w = _solveDense(capacitance, rhs, r) else { throw .singularMatrix }
        for i in 0..<m {
            var s = 0.0
            for b in 0..<r { s += block[i * width + b + 1] * w[b] }
            d[i] -= s
        }
    }
    // c[j] = u[j mod m] = d[(j - shift) mod m].
    return (0..<(m + k)).map { d[(($0 - shift) % m + m) % m] }
}
