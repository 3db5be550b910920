// Radau IIA of order 5 as SciPy's radau.py: the collocation system solved by
// simplified Newton iterations in the transformed (one real, one complex)
// form, the Jacobian and LU factors reused between steps, and SciPy's
// step-size prediction (Gustafsson's controller).
import Foundation

/// The Jacobian of a stepper: the user's, or finite differences. Counts `njev`.
final class JacobianSource {
    let system: ODESystem
    let numeric: NumericJacobian?

    init(system: ODESystem) {
        self.system = system
        numeric = system.jac == nil ? NumericJacobian(n: system.n) : nil
    }

    /// ∂f/∂y at (t, y) into `out`; `f = f(t, y)` is needed for differences.
    func evaluate(t: Double, y: UnsafeMutableBufferPointer<Double>, f: UnsafeMutableBufferPointer<Double>,
                  atol: UnsafeMutableBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>) {
        system.njev += 1
        if let jac = system.jac {
            jac(t, UnsafeBufferPointer(y), out)
        } else {
            numeric!.evaluate(system, t: t, y: y, f: f, threshold: atol, into: out)
        }
    }
}

/// Radau IIA (order 5) constants of SciPy's radau.py.
enum RadauCoefficients {
    static let s6 = 6.0.squareRoot()
    static let c: [Double] = [(4 - s6) / 10, (4 + s6) / 10, 1]
    static let e: [Double] = [(-13 - 7 * s6) / 3, (-13 + 7 * s6) / 3, -1.0 / 3]
    static let muReal = 3 + pow(3, 2.0 / 3) - pow(3, 1.0 / 3)
    static let muComplexRe = 3 + 0.5 * (pow(3, 1.0 / 3) - pow(3, 2.0 / 3))
    static let muComplexIm = -0.5 * (pow(3, 5.0 / 6) + pow(3, 7.0 / 6))
    static let t: [Double] = [0.09443876248897524, -0.14125529502095421, 0.03002919410514742,
                              0.25021312296533332, 0.20412935229379994, -0.38294211275726192,
                              1, 1, 0]
    static let ti: [Double] = [4.17871859155190428, 0.32768282076106237, 0.52337644549944951,
                               -4.17871859155190428, -0.32768282076106237, 0.47662355450055044,
                               0.50287263494578682, -2.57192694985560522, 0.59603920482822492]
    static let p: [Double] = [13.0 / 3 + 7 * s6 / 3, -23.0 / 3 - 22 * s6 / 3, 10.0 / 3 + 5 * s6,
                              13.0 / 3 - 7 * s6 / 3, -23.0 / 3 + 22 * s6 / 3, 10.0 / 3 - 5 * s6,
                              1.0 / 3, -8.0 / 3, 10.0 / 3]
    static let newtonMaxIterations = 6
}

/// The Radau IIA stepper.
final class RadauStepper: ODEStepper {
    typealias K = RadauCoefficients
    let system: ODESystem
    private(set) var t: Double
    private(set) var tOld: Double
    let tBound: Double
    let direction: Double
    let rtol: Double
    let atol: UnsafeMutableBufferPointer<Double>
    let maxStep: Double
    private(set) var y: UnsafeMutableBufferPointer<Double>
    private var yOld: UnsafeMutableBufferPointer<Double>
    private let f: UnsafeMutableBufferPointer<Double>
    private let jacobian: UnsafeMutableBufferPointer<Double>
    private let source: JacobianSource
    private let luReal: RealLU
    private let luComplex: ComplexLU
    private var haveLU = false
    private var currentJacobian = true
    private let z: UnsafeMutableBufferPointer<Double>     // 3 × n
    private let z0: UnsafeMutableBufferPointer<Double>    // 3 × n
    private let w: UnsafeMutableBufferPointer<Double>     // 3 × n
    private let stageF: UnsafeMutableBufferPointer<Double> // 3 × n
    private let dW: UnsafeMutableBufferPointer<Double>    // 3 × n
    private let work: UnsafeMutableBufferPointer<Double>  // 4 × n
    private let scale: UnsafeMutableBufferPointer<Double>
    /// The last step's interpolant, for the Newton starting guess and dense output.
    private var q: UnsafeMutableBufferPointer<Double>      // n × 3
    /// The state at the start of the last step (the polynomial's origin);
    /// kept apart because trial steps overwrite `yOld`'s buffer.
    private let qOrigin: UnsafeMutableBufferPointer<Double>
    private var hasSolution = false
    private var hAbs: Double
    private var hAbsOld: Double? = nil
    private var errorNormOld: Double? = nil
    private let newtonTolerance: Double

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
        y = allocateScratch(n); yOld = allocateScratch(n); f = allocateScratch(n)
        jacobian = allocateScratch(n * n)
        source = JacobianSource(system: system)
        luReal = RealLU(n: n); luComplex = ComplexLU(n: n)
        z = allocateScratch(3 * n); z0 = allocateScratch(3 * n); w = allocateScratch(3 * n)
        stageF = allocateScratch(3 * n); dW = allocateScratch(3 * n); work = allocateScratch(4 * n)
        scale = allocateScratch(n); q = allocateScratch(3 * n); qOrigin = allocateScratch(n)
        newtonTolerance = Swift.max(10 * Double.ulpOfOne / rtol, Swift.min(0.03, rtol.squareRoot()))
        hAbs = 0
        for i in 0..<n { y[i] = y0[i] }
        system(t, y, f)
        hAbs = firstStep ?? selectInitialStep(system: system, t0: t, y0: y, f0: f, tBound: tBound, maxStep: maxStep,
                                              direction: direction, order: 3, rtol: rtol, atol: atol, scratch: work)
        source.evaluate(t: t, y: y, f: f, atol: self.atol, into: jacobian)
    }

    deinit {
        for p in [atol, y, yOld, f, jacobian, z, z0, w, stageF, dW, work, scale, q, qOrigin] { freeScratch(p) }
        luReal.free(); luComplex.free()
    }

    private func factorize(h: Double) {
        let n = system.n
        let mr = K.muReal / h, cr = K.muComplexRe / h, ci = K.muComplexIm / h
        for i in 0..<n {
            for j in 0..<n {
                let a = -jacobian[i * n + j]
                luReal.lu[i * n + j] = a + (i == j ? mr : 0)
                luComplex.re[i * n + j] = a + (i == j ? cr : 0)
                luComplex.im[i * n + j] = i == j ? ci : 0
            }
        }
        luReal.factor(); luComplex.factor()
        system.nlu += 2
        haveLU = true
    }

    /// SciPy's `solve_collocation_system`: (converged, iterations, rate); Z in `z`.
    private func solveCollocation(h: Double) -> (Bool, Int, Double?) {
        let n = system.n
        let mr = K.muReal / h, cr = K.muComplexRe / h, ci = K.muComplexIm / h
        // W = TI Z0, Z = Z0.
        for r in 0..<3 {
            for i in 0..<n {
                w[r * n + i] = K.ti[r * 3] * z0[i] + K.ti[r * 3 + 1] * z0[n + i] + K.ti[r * 3 + 2] * z0[2 * n + i]
            }
        }
        for i in 0..<(3 * n) { z[i] = z0[i] }
        let yStage = UnsafeMutableBufferPointer(rebasing: work[0..<n])
        let fr = UnsafeMutableBufferPointer(rebasing: work[n..<2 * n])
        let fcr = UnsafeMutableBufferPointer(rebasing: work[2 * n..<3 * n])
        let fci = UnsafeMutableBufferPointer(rebasing: work[3 * n..<4 * n])
        var normOld: Double? = nil, rate: Double? = nil
        var k = 0
        while k < K.newtonMaxIterations {
            var finite = true
            for s in 0..<3 {
                for i in 0..<n { yStage[i] = y[i] + z[s * n + i] }
                let out = UnsafeMutableBufferPointer(rebasing: stageF[(s * n)..<(s * n + n)])
                system(t + h * K.c[s], yStage, out)
                for v in out where !v.isFinite { finite = false }
            }
            if !finite { break }
            for i in 0..<n {
                let f0 = stageF[i], f1 = stageF[n + i], f2 = stageF[2 * n + i]
                fr[i] = f0 * K.ti[0] + f1 * K.ti[1] + f2 * K.ti[2] - mr * w[i]
                let gr = f0 * K.ti[3] + f1 * K.ti[4] + f2 * K.ti[5]
                let gi = f0 * K.ti[6] + f1 * K.ti[7] + f2 * K.ti[8]
                let w1 = w[n + i], w2 = w[2 * n + i]
                fcr[i] = gr - (cr * w1 - ci * w2)
                fci[i] = gi - (cr * w2 + ci * w1)
            }
            luReal.solve(fr)
            luComplex.solve(fcr, fci)
            var s = 0.0
            for i in 0..<n {
                dW[i] = fr[i]; dW[n + i] = fcr[i]; dW[2 * n + i] = fci[i]
                let a = fr[i] / scale[i], b = fcr[i] / scale[i], c = fci[i] / scale[i]
                s += a * a + b * b + c * c
            }
            let norm = s.squareRoot() / Double(3 * n).squareRoot()
            if let old = normOld { rate = norm / old }
            if let r = rate, r >= 1 || pow(r, Double(K.newtonMaxIterations - k)) / (1 - r) * norm > newtonTolerance {
                break
            }
            for i in 0..<(3 * n) { w[i] += dW[i] }
            for r in 0..<3 {
                for i in 0..<n {
                    z[r * n + i] = K.t[r * 3] * w[i] + K.t[r * 3 + 1] * w[n + i] + K.t[r * 3 + 2] * w[2 * n + i]
                }
            }
            if norm == 0 || (rate.map { $0 / (1 - $0) * norm < newtonTolerance } ?? false) {
                return (true, k + 1, rate)
            }
            normOld = norm
            k += 1
        }
        return (false, Swift.min(k + 1, K.newtonMaxIterations), rate)
    }

    private func predictFactor(_ hAbs: Double, _ hAbsOld: Double?, _ errorNorm: Double, _ errorNormOld: Double?) -> Double {
        var multiplier = 1.0
        if let hAbsOld, let errorNormOld, errorNorm != 0 {
            multiplier = hAbs / hAbsOld * pow(errorNormOld / errorNorm, 0.25)
        }
        return Swift.min(1, multiplier) * pow(errorNorm, -0.25)
    }

    func advance() -> (Bool, String?) {
        let n = system.n
        let minStep = minimumStep(at: t, direction: direction)
        var hAbs = self.hAbs
        var hAbsOld = self.hAbsOld, errorNormOld = self.errorNormOld
        if hAbs > maxStep { hAbs = maxStep; hAbsOld = nil; errorNormOld = nil }
        else if hAbs < minStep { hAbs = minStep; hAbsOld = nil; errorNormOld = nil }
        var rejected = false
        var h = 0.0, tNew = t
        var nIter = 0, rate: Double? = nil, errorNorm = 0.0, safety = 0.0
        let yNew = yOld
        let error = UnsafeMutableBufferPointer(rebasing: work[0..<n])
        let ze = UnsafeMutableBufferPointer(rebasing: work[n..<2 * n])
        let errorScale = UnsafeMutableBufferPointer(rebasing: work[2 * n..<3 * n])
        while true {
            if hAbs < minStep { return (false, tooSmallStepMessage) }
            h = hAbs * direction
            tNew = t + h
            if direction * (tNew - tBound) > 0 { tNew = tBound }
            h = tNew - t
            hAbs = Swift.abs(h)
            if hasSolution {
                // Extrapolate the last step's polynomial to the new nodes.
                let hPrev = t - tOld
                for s in 0..<3 {
                    let x = (t + h * K.c[s] - tOld) / hPrev
                    for i in 0..<n {
                        var p = x, acc = 0.0
                        for c in 0..<3 { acc += q[i * 3 + c] * p; p *= x }
                        z0[s * n + i] = (acc + qOrigin[i]) - y[i]
                    }
                }
            } else {
                for i in 0..<(3 * n) { z0[i] = 0 }
            }
            for i in 0..<n { scale[i] = atol[i] + Swift.abs(y[i]) * rtol }
            var converged = false
            while !converged {
                if !haveLU { factorize(h: h) }
                (converged, nIter, rate) = solveCollocation(h: h)
                if !converged {
                    if currentJacobian { break }
                    source.evaluate(t: t, y: y, f: f, atol: atol, into: jacobian)
                    currentJacobian = true
                    haveLU = false
                }
            }
            if !converged {
                hAbs *= 0.5
                haveLU = false
                continue
            }
            for i in 0..<n {
                yNew[i] = y[i] + z[2 * n + i]
                ze[i] = (z[i] * K.e[0] + z[n + i] * K.e[1] + z[2 * n + i] * K.e[2]) / h
                error[i] = f[i] + ze[i]
            }
            luReal.solve(error)
            var s = 0.0
            for i in 0..<n {
                errorScale[i] = atol[i] + Swift.max(Swift.abs(y[i]), Swift.abs(yNew[i])) * rtol
                let e = error[i] / errorScale[i]
                s += e * e
            }
            errorNorm = s.squareRoot() / Double(n).squareRoot()
            safety = 0.9 * Double(2 * K.newtonMaxIterations + 1) / Double(2 * K.newtonMaxIterations + nIter)
            if rejected && errorNorm > 1 {
                let yErr = UnsafeMutableBufferPointer(rebasing: work[3 * n..<4 * n])
                let fErr = UnsafeMutableBufferPointer(rebasing: stageF[0..<n])
                for i in 0..<n { yErr[i] = y[i] + error[i] }
                system(t, yErr, fErr)
                for i in 0..<n { error[i] = fErr[i] + ze[i] }
                luReal.solve(error)
                s = 0
                for i in 0..<n { let e = error[i] / errorScale[i]; s += e * e }
                errorNorm = s.squareRoot() / Double(n).squareRoot()
            }
            if errorNorm > 1 {
                let factor = predictFactor(hAbs, hAbsOld, errorNorm, errorNormOld)
                hAbs *= Swift.max(0.2, safety * factor)
                haveLU = false
                rejected = true
            } else {
                break
            }
        }
        let recompute = nIter > 2 && (rate ?? 0) > 1e-3
        var factor = Swift.min(10, safety * predictFactor(hAbs, hAbsOld, errorNorm, errorNormOld))
        if !recompute && factor < 1.2 { factor = 1 } else { haveLU = false }
        // Accept: the new state becomes current.
        yOld = y
        y = yNew
        system(tNew, y, f)
        if recompute {
            source.evaluate(t: tNew, y: y, f: f, atol: atol, into: jacobian)
            currentJacobian = true
        } else {
            currentJacobian = false
        }
        self.hAbsOld = self.hAbs
        self.errorNormOld = errorNorm
        self.hAbs = hAbs * factor
        tOld = t
        t = tNew
        // Q = Zᵀ P, the dense output of this step.
        for i in 0..<n {
            for c in 0..<3 {
                q[i * 3 + c] = z[i] * K.p[c] + z[n + i] * K.p[3 + c] + z[2 * n + i] * K.p[6 + c]
            }
        }
        for i in 0..<n { qOrigin[i] = yOld[i] }
        hasSolution = true
        return (true, nil)
    }

    func makeSegment() -> DenseSegment {
        var segment = DenseSegment(kind: .radau, n: system.n)
        segment.coefficients = Array(repeating: 0, count: 3 * system.n)
        return segment
    }

    func fillDense(_ segment: inout DenseSegment) {
        let n = system.n
        segment.kind = .radau
        segment.tOld = tOld; segment.t = t; segment.h = t - tOld; segment.order = 2
        for i in 0..<n { segment.yOld[i] = yOld[i] }
        segment.coefficients.withUnsafeMutableBufferPointer { out in
            for i in 0..<(3 * n) { out[i] = q[i] }
        }
    }
}
