// The explicit Runge–Kutta stepper of SciPy's rk.py: the same stages, error
// norm, step-size controller (safety 0.9, factors within [0.2, 10], no
// growth right after a rejection) and first step, so that the accepted
// times agree with SciPy's to rounding.
import Foundation

/// An explicit embedded Runge–Kutta method (RK23, RK45 or DOP853).
final class RungeKuttaStepper: ODEStepper {
    let system: ODESystem
    let tableau: RungeKuttaTableau
    private(set) var t: Double
    private(set) var tOld: Double
    let tBound: Double
    let direction: Double
    let rtol: Double
    let atol: UnsafeMutableBufferPointer<Double>
    let maxStep: Double
    private(set) var y: UnsafeMutableBufferPointer<Double>
    private var yOld: UnsafeMutableBufferPointer<Double>
    /// f at `t` (the FSAL stage).
    private var f: UnsafeMutableBufferPointer<Double>
    /// Stage derivatives, row-major (extended stages) × n.
    private let k: UnsafeMutableBufferPointer<Double>
    private let yStage: UnsafeMutableBufferPointer<Double>
    private let work: UnsafeMutableBufferPointer<Double>
    private var hAbs: Double
    private var hPrevious = 0.0
    private let errorExponent: Double
    /// A's nonzeros row by row: row s spans rowStart[s]..<rowStart[s+1].
    private let rowStart: UnsafeMutableBufferPointer<Int>
    private let rowColumn: UnsafeMutableBufferPointer<Int>
    private let rowValue: UnsafeMutableBufferPointer<Double>
    private let bValue: UnsafeMutableBufferPointer<Double>
    private let eValue: UnsafeMutableBufferPointer<Double>
    private let e3Value: UnsafeMutableBufferPointer<Double>

    private static let safety = 0.9, minFactor = 0.2, maxFactor = 10.0

    init(system: ODESystem, tableau: RungeKuttaTableau, t0: Double, y0: [Double], tBound: Double,
         rtol: Double, atol: [Double], maxStep: Double, firstStep: Double?) {
        let n = system.n
        self.system = system
        self.tableau = tableau
        t = t0
        tOld = t0
        self.tBound = tBound
        direction = tBound != t0 ? (tBound > t0 ? 1 : -1) : 1
        self.rtol = rtol
        self.atol = allocateScratch(n)
        for i in 0..<n { self.atol[i] = atol[i] }
        self.maxStep = maxStep
        y = allocateScratch(n)
        yOld = allocateScratch(n)
        f = allocateScratch(n)
        let extended = tableau.isDOP853 ? DOP853Coefficients.extendedStages : tableau.stages + 1
        k = allocateScratch(extended * n)
        yStage = allocateScratch(n)
        work = allocateScratch(2 * n)
        errorExponent = -1 / Double(tableau.errorEstimatorOrder + 1)
        // A's sparse rows, for all stages the stepper may evaluate.
        var starts = [0], columns: [Int] = [], values: [Double] = []
        for s in 0..<extended {
            for (j, v) in (s * tableau.width < tableau.a.count ? tableau.sparseRow(s) : []) {
                columns.append(j)
                values.append(v)
            }
            starts.append(columns.count)
        }
        rowStart = .allocate(capacity: starts.count)
        _ = rowStart.initialize(from: starts)
        rowColumn = .allocate(capacity: Swift.max(columns.count, 1))
        _ = rowColumn.initialize(from: columns)
        rowValue = .allocate(capacity: Swift.max(values.count, 1))
        _ = rowValue.initialize(from: values)
        bValue = .allocate(capacity: tableau.b.count)
        _ = bValue.initialize(from: tableau.b)
        let errorWeights = tableau.isDOP853 ? DOP853Coefficients.e5 : tableau.e
        eValue = .allocate(capacity: errorWeights.count)
        _ = eValue.initialize(from: errorWeights)
        let e3 = tableau.isDOP853 ? DOP853Coefficients.e3 : [0.0]
        e3Value = .allocate(capacity: e3.count)
        _ = e3Value.initialize(from: e3)
        hAbs = 0
        for i in 0..<n { y[i] = y0[i] }
        system(t, y, f)
        if let firstStep {
            hAbs = firstStep
        } else {
            hAbs = selectInitialStep(system: system, t0: t, y0: y, f0: f, tBound: tBound, maxStep: maxStep,
                                     direction: direction, order: tableau.errorEstimatorOrder,
                                     rtol: rtol, atol: atol, scratch: work)
        }
    }

    deinit {
        for p in [atol, y, yOld, f, k, yStage, work, rowValue, bValue, eValue, e3Value] { freeScratch(p) }
        rowStart.deallocate()
        rowColumn.deallocate()
    }

    /// Stage `s` at `tBase + c_s h` from `yBase`: K[s] = f(t + c h, y + h Σ a_sj K_j).
    @inline(__always)
    private func stage(_ s: Int, tBase: Double, yBase: UnsafeMutableBufferPointer<Double>, h: Double) {
        let n = system.n
        let lo = rowStart[s], hi = rowStart[s + 1]
        for i in 0..<n {
            var dot = 0.0
            for q in lo..<hi { dot += k[rowColumn[q] * n + i] * rowValue[q] }
            yStage[i] = yBase[i] + dot * h
        }
        system(tBase + tableau.c[s] * h, yStage, UnsafeMutableBufferPointer(rebasing: k[(s * n)..<(s * n + n)]))
    }

    /// One trial step of size h from (t, y) into yOld's partner `yNew`, with f(t + h, yNew) in K[stages].
    @inline(__always)
    private func trialStep(h: Double, yNew: UnsafeMutableBufferPointer<Double>) {
        let n = system.n
        let stages = tableau.stages
        for i in 0..<n { k[i] = f[i] }
        for s in 1..<stages { stage(s, tBase: t, yBase: y, h: h) }
        for i in 0..<n {
            var dot = 0.0
            for j in 0..<stages { dot += k[j * n + i] * bValue[j] }
            yNew[i] = y[i] + h * dot
        }
        system(t + h, yNew, UnsafeMutableBufferPointer(rebasing: k[(stages * n)..<(stages * n + n)]))
    }

    /// SciPy's error norm of the trial step with scale atol + max(|y|, |y_new|) rtol.
    @inline(__always)
    private func errorNorm(h: Double, yNew: UnsafeMutableBufferPointer<Double>) -> Double {
        let n = system.n
        let weights = tableau.stages + 1
        if !tableau.isDOP853 {
            var s = 0.0
            for i in 0..<n {
                let scale = atol[i] + Swift.max(Swift.abs(y[i]), Swift.abs(yNew[i])) * rtol
                var dot = 0.0
                for j in 0..<weights { dot += k[j * n + i] * eValue[j] }
                let e = dot * h / scale
                s += e * e
            }
            return s.squareRoot() / Double(n).squareRoot()
        }
        var s5 = 0.0, s3 = 0.0
        for i in 0..<n {
            let scale = atol[i] + Swift.max(Swift.abs(y[i]), Swift.abs(yNew[i])) * rtol
            var d5 = 0.0, d3 = 0.0
            for j in 0..<weights {
                d5 += k[j * n + i] * eValue[j]
                d3 += k[j * n + i] * e3Value[j]
            }
            let a = d5 / scale, b = d3 / scale
            s5 += a * a
            s3 += b * b
        }
        // SciPy squares np.linalg.norm, itself a square root of the sum.
        let n5 = s5.squareRoot(), n3 = s3.squareRoot()
        let e5 = n5 * n5, e3 = n3 * n3
        if e5 == 0 && e3 == 0 { return 0 }
        let denominator = e5 + 0.01 * e3
        return Swift.abs(h) * e5 / (denominator * Double(n)).squareRoot()
    }

    func advance() -> (Bool, String?) {
        let minStep = minimumStep(at: t, direction: direction)
        var hAbs = self.hAbs > maxStep ? maxStep : (self.hAbs < minStep ? minStep : self.hAbs)
        var rejected = false
        let yNew = yOld  // yOld's buffer receives the new state; the two swap on acceptance.
        var h = 0.0, tNew = t
        while true {
            if hAbs < minStep { return (false, tooSmallStepMessage) }
            h = hAbs * direction
            tNew = t + h
            if direction * (tNew - tBound) > 0 { tNew = tBound }
            h = tNew - t
            hAbs = Swift.abs(h)
            trialStep(h: h, yNew: yNew)
            let norm = errorNorm(h: h, yNew: yNew)
            if norm < 1 {
                var factor = norm == 0 ? Self.maxFactor
                    : Swift.min(Self.maxFactor, Self.safety * pow(norm, errorExponent))
                if rejected { factor = Swift.min(1, factor) }
                hAbs *= factor
                break
            }
            hAbs *= Swift.max(Self.minFactor, Self.safety * pow(norm, errorExponent))
            rejected = true
        }
        let n = system.n
        hPrevious = h
        yOld = y
        y = yNew
        tOld = t
        t = tNew
        self.hAbs = hAbs
        let last = tableau.stages * n
        for i in 0..<n { f[i] = k[last + i] }
        return (true, nil)
    }

    func makeSegment() -> DenseSegment {
        let n = system.n
        var segment = DenseSegment(kind: tableau.isDOP853 ? .dop853 : .rungeKutta, n: n)
        segment.coefficients = Array(repeating: 0, count: n * (tableau.isDOP853 ? 7 : tableau.denseColumns))
        return segment
    }

    func fillDense(_ segment: inout DenseSegment) {
        let n = system.n
        segment.tOld = tOld
        segment.t = t
        for i in 0..<n { segment.yOld[i] = yOld[i] }
        if !tableau.isDOP853 {
            segment.kind = .rungeKutta
            segment.h = t - tOld
            let m = tableau.denseColumns
            segment.order = m - 1
            let rows = tableau.stages + 1
            tableau.p.withUnsafeBufferPointer { p in
                segment.coefficients.withUnsafeMutableBufferPointer { q in
                    for i in 0..<n {
                        for c in 0..<m {
                            var dot = 0.0
                            for j in 0..<rows { dot += k[j * n + i] * p[j * m + c] }
                            q[i * m + c] = dot
                        }
                    }
                }
            }
            return
        }
        // DOP853: three more stages from the start of the step, then the
        // seven rows F of the nested interpolant.
        segment.kind = .dop853
        let h = hPrevious
        segment.h = h
        for s in (tableau.stages + 1)..<DOP853Coefficients.extendedStages {
            stage(s, tBase: tOld, yBase: yOld, h: h)
        }
        DOP853Coefficients.d.withUnsafeBufferPointer { d in
            segment.coefficients.withUnsafeMutableBufferPointer { out in
                let width = DOP853Coefficients.extendedStages
                for i in 0..<n {
                    let fOld = k[i]
                    let delta = y[i] - yOld[i]
                    out[i] = delta
                    out[n + i] = h * fOld - delta
                    out[2 * n + i] = 2 * delta - h * (f[i] + fOld)
                    for r in 0..<4 {
                        var dot = 0.0
                        for j in 0..<width { dot += d[r * width + j] * k[j * n + i] }
                        out[(3 + r) * n + i] = h * dot
                    }
                }
            }
        }
    }
}
