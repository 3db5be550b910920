// SciPy's `make_lsq_spline` (method "qr"): the spline on given knots that
// minimises Σ (w[i] (y[i] - s(x[i])))². Each data row has k+1 nonzeros; the
// rows are rotated one at a time into an upper-triangular band with Givens
// rotations, as FITPACK's `fpcurf` does (`fpgivs`, `fprota`), and the band
// is back-substituted. O(m k²) time and O(n k) memory for m points.

/// The least-squares spline of degree `k` on the knots `t` (SciPy's
/// `scipy.interpolate.make_lsq_spline`).
///
/// ```swift
/// let t: [Double] = [0, 0, 0, 0, 2.5, 5, 5, 5, 5]
/// let s = try makeLSQSpline(x, y, t: t)      // 5 coefficients fitted to all points
/// ```
///
/// - Parameters:
///   - x: non-decreasing abscissas within `t[k] … t[n]`, at least k+1.
///   - y: the values, as many as `x`.
///   - t: the knots, non-decreasing.
///   - k: the degree, 3 by default.
///   - w: positive weights, one per point (all 1 by default).
/// - Returns: the spline, extrapolating.
/// - Throws: ``InterpolationError`` for mismatched lengths, too few or
///   non-finite points, x out of order or outside the base interval, or a
///   rank-deficient system (knots the data do not reach: Schoenberg–Whitney).
/// - Precondition: `k >= 0`, non-decreasing knots, at least `2k + 2`.
public func makeLSQSpline(_ x: [Double], _ y: [Double], t: [Double], k: Int = 3,
                          w: [Double]? = nil) throws(InterpolationError) -> BSpline {
    precondition(k >= 0, "Expect non-negative k.")
    precondition(zip(t, t.dropFirst()).allSatisfy { $0 <= $1 }, "Expect t to be a 1D strictly increasing sequence.")
    let n = t.count - k - 1
    precondition(n >= k + 1, "Need at least \(2 * k + 2) knots for degree \(k)")
    guard x.count == y.count else { throw .lengthMismatch(x: x.count, y: y.count) }
    let w = w ?? [Double](repeating: 1, count: x.count)
    guard w.count == x.count else { throw .lengthMismatch(x: x.count, y: w.count) }
    guard x.count >= k + 1 else { throw .tooFewPoints(needed: k + 1, got: x.count) }
    guard x.allSatisfy(\.isFinite) else { throw .notFinite("x") }
    guard y.allSatisfy(\.isFinite) else { throw .notFinite("y") }
    guard w.allSatisfy(\.isFinite) else { throw .notFinite("w") }
    for i in 1..<x.count where x[i] < x[i - 1] { throw .notStrictlyIncreasing(index: i) }
    if k > 0, let bad = x.first(where: { $0 < t[k] || $0 > t[n] }) {
        throw .outOfBounds(bad, lower: t[k], upper: t[n])
    }
    let width = k + 1
    // r[i * width + d]: entry (i, i + d) of the triangular band; z: Qᵀ y.
    var r = [Double](repeating: 0, count: n * width)
    var z = [Double](repeating: 0, count: n)
    var h = [Double](repeating: 0, count: 2 * k + 2)
    t.withUnsafeBufferPointer { tp in
        h.withUnsafeMutableBufferPointer { hp in
            let tb = tp.baseAddress!, h = hp.baseAddress!
            var l = k
            for i in 0..<x.count {
                l = _findInterval(tb, k, n, x[i], l, extrapolate: false)
                _basisValues(tb, k, x[i], l, 0, h, h + width)
                for a in 0..<width { h[a] *= w[i] }
                var rhs = y[i] * w[i]
                let first = l - k
                // Rotate the row into the band, one pivot at a time.
                for a in 0..<width {
                    let pivot = h[a]
                    if pivot == 0 { continue }
                    let row = first + a
                    let (cosine, sine, norm) = _givens(pivot, r[row * width])
                    r[row * width] = norm
                    if a + 1 < width {
                        for b in (a + 1)..<width {
                            let stored = r[row * width + b - a]
                            r[row * width + b - a] = cosine * stored + sine * h[b]
                            h[b] = cosine * h[b] - sine * stored
                        }
                    }
                    let stored = z[row]
                    z[row] = cosine * stored + sine * rhs
                    rhs = cosine * rhs - sine * stored
                }
            }
        }
    }
    // Back substitution (FITPACK's `fpback`).
    var c = [Double](repeating: 0, count: n)
    for i in stride(from: n - 1, through: 0, by: -1) {
        let diagonal = r[i * width]
        guard diagonal != 0 else { throw .singularMatrix }
        var s = z[i]
        for d in 1..<width where i + d < n { s -= r[i * width + d] * c[i + d] }
        c[i] = s / diagonal
    }
    return BSpline(knots: t, coefficients: c, degree: k)
}

/// FITPACK's `fpgivs`: the rotation that zeroes `pivot` against the
/// diagonal `diagonal`, and the new diagonal.
@inline(__always)
private func _givens(_ pivot: Double, _ diagonal: Double) -> (cosine: Double, sine: Double, norm: Double) {
    let a = Swift.abs(pivot), b = Swift.abs(diagonal)
    var norm: Double
    if a >= b {
        norm = a * (1 + (b / a) * (b / a)).squareRoot()
    } else {
        norm = b * (1 + (a / b) * (a / b)).squareRoot()
    }
    return (diagonal / norm, pivot / norm, norm)
}
