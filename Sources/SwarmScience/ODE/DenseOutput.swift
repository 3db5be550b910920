// The continuous extension of one step, and the piecewise solution made of
// them (SciPy's `DenseOutput` subclasses and `OdeSolution`). Each method's
// interpolant is evaluated exactly as SciPy evaluates it so that event times
// and `tEval` values agree to rounding.

/// The interpolant of one step, in the form its method produces.
struct DenseSegment: Sendable {
    enum Kind: Sendable {
        /// `y_old + h · Q p(x)` with `p = (x, x², …)`, Q row-major n × (order + 1).
        case rungeKutta
        /// DOP853's nested form in `F` (7 × n).
        case dop853
        /// `y_old + Q p(x)`, Q row-major n × 3.
        case radau
        /// `D₀ + Σ D_k Π (t - t_shift)/denom`, D row-major (order + 1) × n.
        case bdf
        /// A constant `y_old` (a zero-length step).
        case constant
    }

    var kind: Kind
    var tOld: Double
    var t: Double
    var h: Double
    /// The polynomial order (number of columns of Q minus one, or BDF's order).
    var order: Int
    var yOld: [Double]
    var coefficients: [Double]
    /// BDF's shifts, then its denominators (`order` each).
    var auxiliary: [Double]

    init(kind: Kind, n: Int) {
        self.kind = kind
        tOld = 0; t = 0; h = 0; order = 0
        yOld = Array(repeating: 0, count: n)
        coefficients = []
        auxiliary = []
    }

    /// The interpolant at `time` into `out` (n entries).
    func evaluate(_ time: Double, into out: UnsafeMutableBufferPointer<Double>) {
        let n = yOld.count
        switch kind {
        case .constant:
            for i in 0..<n { out[i] = yOld[i] }
        case .rungeKutta, .radau:
            let x = (time - tOld) / h
            let m = order + 1
            let factor = kind == .rungeKutta ? h : 1
            coefficients.withUnsafeBufferPointer { q in
                for i in 0..<n {
                    var p = x, s = 0.0
                    let row = i * m
                    for k in 0..<m {
                        s += q[row + k] * p
                        p *= x
                    }
                    out[i] = kind == .rungeKutta ? factor * s + yOld[i] : s + yOld[i]
                }
            }
        case .dop853:
            let x = (time - tOld) / h
            let powers = coefficients.count / Swift.max(n, 1)
            coefficients.withUnsafeBufferPointer { f in
                for i in 0..<n {
                    var y = 0.0
                    for r in 0..<powers {
                        y += f[(powers - 1 - r) * n + i]
                        y *= r % 2 == 0 ? x : 1 - x
                    }
                    out[i] = y + yOld[i]
                }
            }
        case .bdf:
            coefficients.withUnsafeBufferPointer { d in
                auxiliary.withUnsafeBufferPointer { a in
                    for i in 0..<n {
                        var p = 1.0, s = 0.0
                        for k in 0..<order {
                            p *= (time - a[k]) / a[order + k]
                            s += d[(k + 1) * n + i] * p
                        }
                        out[i] = s + d[i]
                    }
                }
            }
        }
    }
}

/// The continuous solution of an integration (SciPy's `OdeSolution`):
/// one interpolant per step, callable at any time (outside the interval
/// it extrapolates the first or last step, as SciPy does).
public struct IVPSolution: Sendable {
    /// The step boundaries, in the direction of integration.
    public let ts: [Double]
    let segments: [DenseSegment]
    /// Whether a time on a boundary belongs to the later step (SciPy's
    /// `alt_segment`, used for BDF).
    let alternateSide: Bool

    init(ts: [Double], segments: [DenseSegment], alternateSide: Bool) {
        precondition(ts.count == segments.count + 1, "\(ts.count) time stamps for \(segments.count) interpolants")
        self.ts = ts
        self.segments = segments
        self.alternateSide = alternateSide
    }

    /// The smallest time covered.
    public var tMin: Double { Swift.min(ts.first ?? 0, ts.last ?? 0) }
    /// The largest time covered.
    public var tMax: Double { Swift.max(ts.first ?? 0, ts.last ?? 0) }

    /// The index of the step that holds `t` (SciPy's `searchsorted` rule).
    func segmentIndex(_ t: Double) -> Int {
        let count = segments.count
        let ascending = ts.last! >= ts.first!
        // SciPy: side 'left' ascending / 'right' descending, swapped by alt_segment.
        let right = ascending ? alternateSide : !alternateSide
        // Binary search in the ascending view of ts.
        var lo = 0, hi = ts.count
        while lo < hi {
            let mid = (lo + hi) / 2
            let v = ascending ? ts[mid] : ts[ts.count - 1 - mid]
            if right ? (v <= t) : (v < t) { lo = mid + 1 } else { hi = mid }
        }
        let segment = Swift.min(Swift.max(lo - 1, 0), count - 1)
        return ascending ? segment : count - 1 - segment
    }

    /// The state at time `t`.
    public func callAsFunction(_ t: Double) -> [Double] {
        let segment = segments[segmentIndex(t)]
        return [Double](unsafeUninitializedCapacity: segment.yOld.count) { out, count in
            segment.evaluate(t, into: out)
            count = segment.yOld.count
        }
    }

    /// The states at the times `t`, laid out as ``IVPResult/y``: one row per
    /// component, `result[i][j] = y_i(t[j])`.
    public func callAsFunction(_ t: [Double]) -> [[Double]] {
        let n = segments.first?.yOld.count ?? 0
        var rows = Array(repeating: [Double](repeating: 0, count: t.count), count: n)
        var state = [Double](repeating: 0, count: n)
        for (j, tj) in t.enumerated() {
            let segment = segments[segmentIndex(tj)]
            state.withUnsafeMutableBufferPointer { segment.evaluate(tj, into: $0) }
            for i in 0..<n { rows[i][j] = state[i] }
        }
        return rows
    }
}
