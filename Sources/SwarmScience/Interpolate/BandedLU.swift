// The small linear-algebra kernels the B-spline constructors need: a banded
// LU factorisation with partial pivoting (LAPACK's `gbtf2`/`gbtrs`, which
// SciPy's `make_interp_spline` reaches through `gbsv`), and a dense LU for
// the few tiny systems (periodic corrections, very short periodic data).

/// An n×n band matrix with `lower` sub- and `upper` super-diagonals, and
/// after ``factor()`` its LU factors with row interchanges.
///
/// Row i keeps columns i-lower … i+lower+upper (the extra `lower` columns
/// hold the fill-in that pivoting brings into U), so entry (i, j) lives at
/// `i * width + j - i + lower`.
struct _BandedMatrix {
    let n: Int
    let lower: Int
    let upper: Int
    let width: Int
    var entries: [Double]
    var pivots: [Int]

    init(n: Int, lower: Int, upper: Int) {
        self.n = n
        self.lower = lower
        self.upper = upper
        width = 2 * lower + upper + 1
        entries = [Double](repeating: 0, count: n * width)
        pivots = Array(0..<n)
    }

    /// Entry (i, j); `j` must lie within the stored band of row i.
    subscript(i: Int, j: Int) -> Double {
        get { entries[i * width + j - i + lower] }
        set { entries[i * width + j - i + lower] = newValue }
    }

    /// Factors in place; false when a pivot column is entirely zero (the
    /// matrix is singular), as LAPACK's `info > 0`.
    mutating func factor() -> Bool {
        let n = self.n, lower = self.lower, width = self.width, reach = lower + upper
        var singular = false
        entries.withUnsafeMutableBufferPointer { a in
            @inline(__always) func at(_ i: Int, _ j: Int) -> Int { i * width + j - i + lower }
            for p in 0..<n {
                // The first largest |a[r][p]| below the diagonal (idamax).
                let last = Swift.min(n - 1, p + lower)
                var r = p, best = Swift.abs(a[at(p, p)])
                if last > p {
                    for i in (p + 1)...last where Swift.abs(a[at(i, p)]) > best { r = i; best = Swift.abs(a[at(i, p)]) }
                }
                pivots[p] = r
                if best == 0 { singular = true; continue }
                let end = Swift.min(n - 1, p + reach)
                if r != p {
                    for j in p...end { a.swapAt(at(p, j), at(r, j)) }
                }
                let pivot = a[at(p, p)]
                guard last > p else { continue }
                for i in (p + 1)...last {
                    let l = a[at(i, p)] / pivot
                    a[at(i, p)] = l
                    if l == 0 || end == p { continue }
                    let rowI = at(i, 0), rowP = at(p, 0)
                    for j in (p + 1)...end { a[rowI + j] -= l * a[rowP + j] }
                }
            }
        }
        return !singular
    }

    /// Solves A x = b in place for the `count` right-hand sides stored as
    /// the columns of the n×count row-major block at `b` (element (i, q) at
    /// `b[i * count + q]`), after ``factor()``.
    func solve(_ b: UnsafeMutablePointer<Double>, count: Int) {
        let n = self.n, lower = self.lower, width = self.width, reach = lower + upper
        entries.withUnsafeBufferPointer { a in
            @inline(__always) func at(_ i: Int, _ j: Int) -> Int { i * width + j - i + lower }
            // Forward: the interchanges and multipliers in elimination order.
            for p in 0..<n {
                let r = pivots[p]
                if r != p {
                    for q in 0..<count { swap(&b[p * count + q], &b[r * count + q]) }
                }
                let last = Swift.min(n - 1, p + lower)
                guard last > p else { continue }
                for i in (p + 1)...last {
                    let l = a[at(i, p)]
                    if l == 0 { continue }
                    for q in 0..<count { b[i * count + q] -= l * b[p * count + q] }
                }
            }
            // Back substitution with U (bandwidth lower + upper).
            for i in stride(from: n - 1, through: 0, by: -1) {
                let end = Swift.min(n - 1, i + reach)
                let diagonal = a[at(i, i)]
                if end > i {
                    for j in (i + 1)...end {
                        let u = a[at(i, j)]
                        if u == 0 { continue }
                        for q in 0..<count { b[i * count + q] -= u * b[j * count + q] }
                    }
                }
                for q in 0..<count { b[i * count + q] /= diagonal }
            }
        }
    }

    /// Solves A x = b for one right-hand side.
    func solve(_ b: inout [Double]) {
        b.withUnsafeMutableBufferPointer { solve($0.baseAddress!, count: 1) }
    }
}

/// Solves the dense n×n system `a` (row-major) x = `b` by Gaussian
/// elimination with partial pivoting; nil when singular.
func _solveDense(_ a: [Double], _ b: [Double], _ n: Int) -> [Double]? {
    var a = a, b = b
    for p in 0..<n {
        var r = p
        for i in p..<n where Swift.abs(a[i * n + p]) > Swift.abs(a[r * n + p]) { r = i }
        if a[r * n + p] == 0 { return nil }
        if r != p {
            for j in 0..<n { a.swapAt(p * n + j, r * n + j) }
            b.swapAt(p, r)
        }
        for i in (p + 1)..<max(n, p + 1) {
            let l = a[i * n + p] / a[p * n + p]
            if l == 0 { continue }
            for j in p..<n { a[i * n + j] -= l * a[p * n + j] }
            b[i] -= l * b[p]
        }
    }
    var x = [Double](repeating: 0, count: n)
    for i in stride(from: n - 1, through: 0, by: -1) {
        var s = b[i]
        for j in (i + 1)..<max(n, i + 1) { s -= a[i * n + j] * x[j] }
        x[i] = s / a[i * n + i]
    }
    return x
}
