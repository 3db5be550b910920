// The variable-order (1–5) NDF method of SciPy's bdf.py (Shampine & Reichelt,
// "The MATLAB ODE Suite"), in quasi-constant step form: the history is a
// table of backward differences D, rescaled whenever the step changes.
import Foundation

/// The BDF/NDF stepper.
final class BDFStepper: ODEStepper {
    static let maxOrder = 5
    static let newtonMaxIterations = 4
    let system: ODESystem
    private(set) var t: Double
    private(set) var tOld: Double
    let tBound: Double
    let direction: Double
    let rtol: Double
    let atol: UnsafeMutableBufferPointer<Double>
    let maxStep: Double
    private(set) var y: UnsafeMutableBufferPointer<Double>
    /// Backward differences, row-major (maxOrder + 3) × n.
    private let d: UnsafeMutableBufferPointer<Double>
    private let dCopy: UnsafeMutableBufferPointer<Double>
    private let jacobian: UnsafeMutableBufferPointer<Double>
    private let source: JacobianSource
    private let lu: RealLU
    private var haveLU = false
    private let work: UnsafeMutableBufferPointer<Double>  // 8 × n
    private var hAbs: Double
    private var order = 1
    private var equalSteps = 0
    private let newtonTolerance: Double
    private let gamma: [Double], alpha: [Double], errorConstant: [Double]
    private var rMatrix = [Double](repeating: 0, count: 36), uMatrix = [Double](repeating: 0, count: 36)
    private var ru = [Double](repeating: 0, count: 36)

    init(system: ODESystem, t0: Double, y0: [Double], tBound: Double, rtol: Double, atol: [Double],
         maxStep: Double, firstStep: Double?) {
        let n = system.n
        self.system = system
        t = t0; tOld = t0
        self.tBound = tBound
        direction = tBound != t0 ? (tBound > t0 ? 1 : -1) : 1
        self.rtol = rtol
        self.atol = allocateScratch(n)
        for i in 0..<n { self.atol[i] = atol[i] }
        self.maxStep = maxStep
        y = allocateScratch(n)
        d = allocateScratch((Self.maxOrder + 3) * n)
        dCopy = allocateScratch((Self.maxOrder + 3) * n)
        jacobian = allocateScratch(n * n)
        source = JacobianSource(system: system)
        lu = RealLU(n: n)
        work = allocateScratch(8 * n)
        newtonTolerance = Swift.max(10 * Double.ulpOfOne / rtol, Swift.min(0.03, rtol.squareRoot()))
        let kappa: [Double] = [0, -0.1850, -1.0 / 9, -0.0823, -0.0415, 0]
        var g = [0.0], acc = 0.0
        for k in 1...Self.maxOrder { acc += 1 / Double(k); g.append(acc) }
        gamma = g
        var a: [Double] = [], e: [Double] = []
        for k in 0...Self.maxOrder {
            let gk: Double = g[k], kk: Double = kappa[k]
            a.append((1 - kk) * gk)
            e.append(kk * gk + 1 / Double(k + 1))
        }
        alpha = a
        errorConstant = e
        hAbs = 0
        for i in 0..<n { y[i] = y0[i] }
        let f = UnsafeMutableBufferPointer(rebasing: work[0..<n])
        system(t, y, f)
        let scratch = UnsafeMutableBufferPointer(rebasing: work[n..<3 * n])
        hAbs = firstStep ?? selectInitialStep(system: system, t0: t, y0: y, f0: f, tBound: tBound, maxStep: maxStep,
                                              direction: direction, order: 1, rtol: rtol, atol: atol, scratch: scratch)
        let fJ = UnsafeMutableBufferPointer(rebasing: work[n..<2 * n])
        if system.jac == nil { system.uncounted(t, y, fJ) }
        source.evaluate(t: t, y: y, f: fJ, atol: self.atol, into: jacobian)
        for i in 0..<n {
            d[i] = y[i]
            d[n + i] = f[i] * hAbs * direction
        }
    }

    deinit {
        for p in [atol, y, d, dCopy, jacobian, work] { freeScratch(p) }
        lu.free()
    }

    /// SciPy's `compute_R` into `out` ((order + 1)², row-major).
    private static func computeR(_ order: Int, _ factor: Double, _ out: inout [Double]) {
        let m = order + 1
        for c in 0..<m { out[c] = 1 }
        for r in 1..<m {
            out[r * m] = 0
            for c in 1..<m {
                out[r * m + c] = out[(r - 1) * m + c] * ((Double(r) - 1 - factor * Double(c)) / Double(r))
            }
        }
    }

    /// SciPy's `change_D`: rescales the differences to a step `factor` times longer.
    private func changeD(_ order: Int, _ factor: Double) {
        let n = system.n, m = order + 1
        Self.computeR(order, factor, &rMatrix)
        Self.computeR(order, 1, &uMatrix)
        for r in 0..<m {
            for c in 0..<m {
                var s = 0.0
                for k in 0..<m { s += rMatrix[r * m + k] * uMatrix[k * m + c] }
                ru[r * m + c] = s
            }
        }
        for i in 0..<(m * n) { dCopy[i] = d[i] }
        for a in 0..<m {
            for i in 0..<n {
                var s = 0.0
                for b in 0..<m { s += ru[b * m + a] * dCopy[b * n + i] }
                d[a * n + i] = s
            }
        }
    }

    private func norm(_ x: (Int) -> Double) -> Double {
        var s = 0.0
        for i in 0..<system.n { let v = x(i); s += v * v }
        return s.squareRoot() / Double(system.n).squareRoot()
    }

    func advance() -> (Bool, String?) {
        let n = system.n
        let minStep = minimumStep(at: t, direction: direction)
        var hAbs = self.hAbs
        if hAbs > maxStep {
            changeD(order, maxStep / hAbs); hAbs = maxStep; equalSteps = 0
        } else if hAbs < minStep {
            changeD(order, minStep / hAbs); hAbs = minStep; equalSteps = 0
        }
        let order = self.order
        var currentJacobian = false
        let yPredict = UnsafeMutableBufferPointer(rebasing: work[0..<n])
        let scale = UnsafeMutableBufferPointer(rebasing: work[n..<2 * n])
        let psi = UnsafeMutableBufferPointer(rebasing: work[2 * n..<3 * n])
        let yNew = UnsafeMutableBufferPointer(rebasing: work[3 * n..<4 * n])
        let dSum = UnsafeMutableBufferPointer(rebasing: work[4 * n..<5 * n])
        let fv = UnsafeMutableBufferPointer(rebasing: work[5 * n..<6 * n])
        let dy = UnsafeMutableBufferPointer(rebasing: work[6 * n..<7 * n])
        var tNew = t, nIter = 0, errorNorm = 0.0, safety = 0.0
        while true {
            if hAbs < minStep { return (false, tooSmallStepMessage) }
            var h = hAbs * direction
            tNew = t + h
            if direction * (tNew - tBound) > 0 {
                tNew = tBound
                changeD(order, Swift.abs(tNew - t) / hAbs)
                equalSteps = 0
                haveLU = false
            }
            h = tNew - t
            hAbs = Swift.abs(h)
            for i in 0..<n {
                var s = 0.0
                for r in 0...order { s += d[r * n + i] }
                yPredict[i] = s
                scale[i] = atol[i] + rtol * Swift.abs(s)
                var p = 0.0
                for r in 1...order { p += d[r * n + i] * gamma[r] }
                psi[i] = p / alpha[order]
            }
            let c = h / alpha[order]
            var converged = false
            while !converged {
                if !haveLU {
                    for i in 0..<n { for j in 0..<n { lu.lu[i * n + j] = (i == j ? 1 : 0) - c * jacobian[i * n + j] } }
                    lu.factor()
                    system.nlu += 1
                    haveLU = true
                }
                // SciPy's solve_bdf_system.
                for i in 0..<n { yNew[i] = yPredict[i]; dSum[i] = 0 }
                var normOld: Double? = nil
                converged = false
                var k = 0
                while k < Self.newtonMaxIterations {
                    system(tNew, yNew, fv)
                    if fv.contains(where: { !$0.isFinite }) { break }
                    for i in 0..<n { dy[i] = c * fv[i] - psi[i] - dSum[i] }
                    lu.solve(dy)
                    let dyNorm = norm { dy[$0] / scale[$0] }
                    let rate = normOld.map { dyNorm / $0 }
                    if let r = rate, r >= 1 || pow(r, Double(Self.newtonMaxIterations - k)) / (1 - r) * dyNorm > newtonTolerance {
                        break
                    }
                    for i in 0..<n { yNew[i] += dy[i]; dSum[i] += dy[i] }
                    if dyNorm == 0 || (rate.map { $0 / (1 - $0) * dyNorm < newtonTolerance } ?? false) {
                        converged = true
                        break
                    }
                    normOld = dyNorm
                    k += 1
                }
                nIter = Swift.min(k + 1, Self.newtonMaxIterations)
                if !converged {
                    if currentJacobian { break }
                    let fJ = dy
                    if system.jac == nil { system.uncounted(tNew, yPredict, fJ) }
                    source.evaluate(t: tNew, y: yPredict, f: fJ, atol: atol, into: jacobian)
                    haveLU = false
                    currentJacobian = true
                }
            }
            if !converged {
                hAbs *= 0.5
                changeD(order, 0.5)
                equalSteps = 0
                haveLU = false
                continue
            }
            safety = 0.9 * Double(2 * Self.newtonMaxIterations + 1) / Double(2 * Self.newtonMaxIterations + nIter)
            for i in 0..<n { scale[i] = atol[i] + rtol * Swift.abs(yNew[i]) }
            let ec = errorConstant[order]
            errorNorm = norm { ec * dSum[$0] / scale[$0] }
            if errorNorm > 1 {
                let factor = Swift.max(0.2, safety * pow(errorNorm, -1 / Double(order + 1)))
                hAbs *= factor
                changeD(order, factor)
                equalSteps = 0
            } else {
                break
            }
        }
        equalSteps += 1
        tOld = t
        t = tNew
        for i in 0..<n { y[i] = yNew[i] }
        self.hAbs = hAbs
        for i in 0..<n {
            d[(order + 2) * n + i] = dSum[i] - d[(order + 1) * n + i]
            d[(order + 1) * n + i] = dSum[i]
        }
        for r in stride(from: order, through: 0, by: -1) {
            for i in 0..<n { d[r * n + i] += d[(r + 1) * n + i] }
        }
        if equalSteps < order + 1 { return (true, nil) }
        let errorM = order > 1
            ? norm { self.errorConstant[order - 1] * self.d[order * n + $0] / scale[$0] } : Double.infinity
        let errorP = order < Self.maxOrder
            ? norm { self.errorConstant[order + 1] * self.d[(order + 2) * n + $0] / scale[$0] } : Double.infinity
        let norms = [errorM, errorNorm, errorP]
        var best = 0, bestFactor = -Double.infinity
        for j in 0..<3 {
            let fct = pow(norms[j], -1 / Double(order + j))
            if fct > bestFactor { bestFactor = fct; best = j }
        }
        let newOrder = order + best - 1
        self.order = newOrder
        let factor = Swift.min(10, safety * bestFactor)
        self.hAbs *= factor
        changeD(newOrder, factor)
        equalSteps = 0
        haveLU = false
        return (true, nil)
    }

    func makeSegment() -> DenseSegment {
        var segment = DenseSegment(kind: .bdf, n: system.n)
        segment.coefficients = Array(repeating: 0, count: (Self.maxOrder + 1) * system.n)
        segment.auxiliary = Array(repeating: 0, count: 2 * Self.maxOrder)
        return segment
    }

    func fillDense(_ segment: inout DenseSegment) {
        let n = system.n
        let h = hAbs * direction
        segment.kind = .bdf
        segment.tOld = tOld; segment.t = t; segment.h = h; segment.order = order
        for i in 0..<n { segment.yOld[i] = d[i] }
        let order = self.order
        segment.auxiliary.withUnsafeMutableBufferPointer { a in
            for k in 0..<order {
                a[k] = t - h * Double(k)
                a[order + k] = h * Double(1 + k)
            }
        }
        segment.coefficients.withUnsafeMutableBufferPointer { out in
            for i in 0..<((order + 1) * n) { out[i] = d[i] }
        }
    }
}
