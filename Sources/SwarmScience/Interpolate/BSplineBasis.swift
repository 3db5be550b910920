// The two primitives under every B-spline routine here, as SciPy's
// `_dierckx.find_interval` and `evaluate_all_bspl`: which knot interval
// holds x, and the values there of the k+1 B-splines that do not vanish.

/// The knot interval `l` with `t[l] <= x < t[l+1]` and `k <= l < n` (the
/// last one, n-1, also holds x == t[n]); with `extrapolate`, the end
/// intervals hold everything beyond; -1 for NaN, or outside without
/// extrapolation. `n` is the number of coefficients, `t.count - k - 1`.
/// `hint` is the previous answer: sorted inputs step from it in O(1).
/// A positive `inverseSpacing` (intervals per unit length of the base
/// interval) guesses the interval as if the knots were evenly spaced before
/// bisecting, which makes random inputs on near-uniform knots O(1) too.
@inline(__always)
func _findInterval(_ t: UnsafePointer<Double>, _ k: Int, _ n: Int, _ x: Double, _ hint: Int,
                   extrapolate: Bool, inverseSpacing: Double = 0) -> Int {
    if x.isNaN { return -1 }
    if !extrapolate && (x < t[k] || x > t[n]) { return -1 }
    // The last l in k...n-1 with t[l] <= x (SciPy walks there from the
    // previous answer; this tries the neighbours of the hint, then bisects).
    if x < t[k + 1] { return k }
    if x >= t[n - 1] { return n - 1 }
    if hint > k && hint < n - 1 && t[hint] <= x {
        if x < t[hint + 1] { return hint }
        if x < t[hint + 2] { return hint + 1 }
    }
    if inverseSpacing > 0 {
        // Here t[k+1] <= x < t[n-1], so the guess is finite and small.
        let g = Swift.min(Swift.max(k + Int((x - t[k]) * inverseSpacing), k + 1), n - 2)
        if t[g] <= x {
            if x < t[g + 1] { return g }
            if x < t[g + 2] { return g + 1 }
        } else if t[g - 1] <= x {
            return g - 1
        }
    }
    var low = k + 1, high = n - 1  // t[low] <= x < t[high]
    while high - low > 1 {
        let mid = (low + high) / 2
        if x >= t[mid] { low = mid } else { high = mid }
    }
    return low
}

/// Writes the values (or `nu`-th derivatives) at x of the k+1 B-splines of
/// degree k that are nonzero on interval `l` (`B[l-k] … B[l]`) into
/// `h[0...k]`, with de Boor's recursion; `scratch` holds k+1 more values.
/// A derivative order above k gives zeros.
@inline(__always)
func _basisValues(_ t: UnsafePointer<Double>, _ k: Int, _ x: Double, _ l: Int, _ nu: Int,
                  _ h: UnsafeMutablePointer<Double>, _ scratch: UnsafeMutablePointer<Double>) {
    if k == 3 && nu == 0 && t[l] < t[l + 1] {
        // The common cubic case in registers: the same operations as the
        // loops below (so the same bits), without their round trips through
        // memory. A non-empty interval keeps every denominator positive.
        let t0 = t[l - 2], t1 = t[l - 1], t2 = t[l], t3 = t[l + 1], t4 = t[l + 2], t5 = t[l + 3]
        let w1 = 1 / (t3 - t2)
        let a0 = w1 * (t3 - x), a1 = w1 * (x - t2)
        let u0 = a0 / (t3 - t1), u1 = a1 / (t4 - t2)
        let b0 = u0 * (t3 - x), b1 = u0 * (x - t1) + u1 * (t4 - x), b2 = u1 * (x - t2)
        let v0 = b0 / (t3 - t0), v1 = b1 / (t4 - t1), v2 = b2 / (t5 - t2)
        h[0] = v0 * (t3 - x)
        h[1] = v0 * (x - t0) + v1 * (t4 - x)
        h[2] = v1 * (x - t1) + v2 * (t5 - x)
        h[3] = v2 * (x - t2)
        return
    }
    h[0] = 1
    if nu > k {
        for a in 0...k { h[a] = 0 }
        return
    }
    if k == 0 { return }
    // Degree k - nu values by the Cox–de Boor triangle.
    if k - nu >= 1 {
        for j in 1...(k - nu) {
            for a in 0..<j { scratch[a] = h[a] }
            h[0] = 0
            for a in 1...j {
                let xb = t[l + a], xa = t[l + a - j]
                if xb == xa { h[a] = 0; continue }
                let w = scratch[a - 1] / (xb - xa)
                h[a - 1] += w * (xb - x)
                h[a] = w * (x - xa)
            }
        }
    }
    // Each derivative raises the degree by one with the differentiated
    // recursion: d/dx B[j,p] = p (B[j,p-1]/(t[j+p]-t[j]) - B[j+1,p-1]/(…)).
    if nu >= 1 {
        for j in (k - nu + 1)...k {
            for a in 0..<j { scratch[a] = h[a] }
            h[0] = 0
            for a in 1...j {
                let xb = t[l + a], xa = t[l + a - j]
                if xb == xa { h[a] = 0; continue }
                let w = Double(j) * scratch[a - 1] / (xb - xa)
                h[a - 1] -= w
                h[a] = w
            }
        }
    }
}
