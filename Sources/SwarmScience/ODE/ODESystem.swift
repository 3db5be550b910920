// The right-hand side as the steppers see it: an in-place function with
// SciPy's counters beside it, and the small helpers every method shares
// (the RMS norm and `select_initial_step`).
import Foundation

/// The right-hand side `dy/dt = f(t, y)` in place: reads `y`, writes `dydt`.
public typealias ODEFunction = (Double, UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void

/// The Jacobian `∂f/∂y` in place: writes the n×n matrix row-major (`J[i*n + j] = ∂f_i/∂y_j`).
public typealias ODEJacobian = (Double, UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void

/// The problem with its evaluation counters, shared by a stepper and the
/// driver. A class so that the counts live in one place however many
/// components (stepper, Jacobian, events) call it.
final class ODESystem {
    let n: Int
    let rhs: ODEFunction
    let jac: ODEJacobian?
    /// Counted evaluations of `f` (SciPy's `nfev`).
    var nfev = 0
    /// Jacobian evaluations, analytic or by differences (SciPy's `njev`).
    var njev = 0
    /// LU decompositions (SciPy's `nlu`).
    var nlu = 0

    init(n: Int, rhs: @escaping ODEFunction, jac: ODEJacobian?) {
        self.n = n
        self.rhs = rhs
        self.jac = jac
    }

    /// `f(t, y)` into `out`, counted in ``nfev``.
    @inline(__always)
    func callAsFunction(_ t: Double, _ y: UnsafeMutableBufferPointer<Double>, _ out: UnsafeMutableBufferPointer<Double>) {
        nfev += 1
        rhs(t, UnsafeBufferPointer(y), out)
    }

    /// `f(t, y)` into `out` without counting: SciPy does not count the
    /// evaluations made for a finite-difference Jacobian.
    @inline(__always)
    func uncounted(_ t: Double, _ y: UnsafeMutableBufferPointer<Double>, _ out: UnsafeMutableBufferPointer<Double>) {
        rhs(t, UnsafeBufferPointer(y), out)
    }
}

/// Scratch storage for `count` doubles, freed by the owner's `deinit`.
@inline(__always)
func allocateScratch(_ count: Int) -> UnsafeMutableBufferPointer<Double> {
    let p = UnsafeMutableBufferPointer<Double>.allocate(capacity: Swift.max(count, 1))
    p.initialize(repeating: 0)
    return UnsafeMutableBufferPointer(rebasing: p[0..<count])
}

/// Frees what ``allocateScratch(_:)`` allocated.
@inline(__always)
func freeScratch(_ p: UnsafeMutableBufferPointer<Double>) {
    // The base address is that of the full allocation (the rebased slice starts at 0).
    p.baseAddress?.deallocate()
}

/// SciPy's `norm`: the root mean square, `‖x‖₂ / sqrt(n)`.
@inline(__always)
func rmsNorm(_ x: UnsafeMutableBufferPointer<Double>) -> Double {
    var s = 0.0
    for v in x { s += v * v }
    return (s.squareRoot()) / Double(x.count).squareRoot()
}

/// SciPy's `select_initial_step` (Hairer, Nørsett & Wanner, II.4): a first
/// step from the sizes of `y0`, `f0` and a difference estimate of `y''`.
/// Costs one evaluation of `f`. `scratch` needs `2n` entries.
func selectInitialStep(system: ODESystem, t0: Double, y0: UnsafeMutableBufferPointer<Double>,
                       f0: UnsafeMutableBufferPointer<Double>, tBound: Double, maxStep: Double,
                       direction: Double, order: Int, rtol: Double, atol: [Double],
                       scratch: UnsafeMutableBufferPointer<Double>) -> Double {
    let n = y0.count
    if n == 0 { return .infinity }
    let length = Swift.abs(tBound - t0)
    if length == 0 { return 0 }
    var s0 = 0.0, s1 = 0.0
    for i in 0..<n {
        let scale = atol[i] + Swift.abs(y0[i]) * rtol
        let a = y0[i] / scale, b = f0[i] / scale
        s0 += a * a
        s1 += b * b
    }
    let root = Double(n).squareRoot()
    let d0 = s0.squareRoot() / root, d1 = s1.squareRoot() / root
    var h0 = (d0 < 1e-5 || d1 < 1e-5) ? 1e-6 : 0.01 * d0 / d1
    h0 = Swift.min(h0, length)
    let y1 = UnsafeMutableBufferPointer(rebasing: scratch[0..<n])
    let f1 = UnsafeMutableBufferPointer(rebasing: scratch[n..<2 * n])
    for i in 0..<n { y1[i] = y0[i] + h0 * direction * f0[i] }
    system(t0 + h0 * direction, y1, f1)
    var s2 = 0.0
    for i in 0..<n {
        let scale = atol[i] + Swift.abs(y0[i]) * rtol
        let d = (f1[i] - f0[i]) / scale
        s2 += d * d
    }
    let d2 = s2.squareRoot() / root / h0
    let h1: Double
    if d1 <= 1e-15 && d2 <= 1e-15 {
        h1 = Swift.max(1e-6, h0 * 1e-3)
    } else {
        h1 = pow(0.01 / Swift.max(d1, d2), 1 / Double(order + 1))
    }
    return Swift.min(100 * h0, h1, length, maxStep)
}

/// SciPy's smallest step at `t`: ten times the spacing of doubles there.
@inline(__always)
func minimumStep(at t: Double, direction: Double) -> Double {
    let next = direction > 0 ? t.nextUp : t.nextDown
    return 10 * Swift.abs(next - t)
}

/// SciPy's message when the step size underflows.
let tooSmallStepMessage = "Required step size is less than spacing between numbers."
