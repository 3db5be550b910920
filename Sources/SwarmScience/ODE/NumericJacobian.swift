// SciPy's `num_jac` (dense case): forward differences whose relative
// increments adapt from call to call. A column whose difference is lost in
// rounding is retried with a ten times larger increment, and each
// column's factor grows or shrinks with how large its last difference was.
import Foundation

/// The adaptive finite-difference Jacobian of a stepper, with its
/// per-column increment factors kept between calls.
final class NumericJacobian {
    let n: Int
    private let factor: UnsafeMutableBufferPointer<Double>
    private let yPerturbed: UnsafeMutableBufferPointer<Double>
    private let fNew: UnsafeMutableBufferPointer<Double>
    private let diff: UnsafeMutableBufferPointer<Double>
    private let diffRetry: UnsafeMutableBufferPointer<Double>

    private static let eps = Double.ulpOfOne
    private static let diffReject = pow(eps, 0.875)
    private static let diffSmall = pow(eps, 0.75)
    private static let diffBig = pow(eps, 0.25)
    private static let minFactor = 1e3 * eps

    init(n: Int) {
        self.n = n
        factor = allocateScratch(n)
        for i in 0..<n { factor[i] = Self.eps.squareRoot() }
        yPerturbed = allocateScratch(n)
        fNew = allocateScratch(n)
        diff = allocateScratch(n)
        diffRetry = allocateScratch(n)
    }

    deinit {
        for p in [factor, yPerturbed, fNew, diff, diffRetry] { freeScratch(p) }
    }

    /// Column j's difference quotient data: f(y + h e_j) - f into `out`,
    /// and the largest |difference| with its scale.
    @inline(__always)
    private func column(_ system: ODESystem, _ t: Double, _ y: UnsafeMutableBufferPointer<Double>,
                        _ f: UnsafeMutableBufferPointer<Double>, _ j: Int, _ h: Double,
                        _ out: UnsafeMutableBufferPointer<Double>) -> (maxDiff: Double, scale: Double) {
        for i in 0..<n { yPerturbed[i] = y[i] }
        yPerturbed[j] = y[j] + h
        system.uncounted(t, yPerturbed, fNew)
        var best = -1.0, at = 0
        for i in 0..<n {
            let d = fNew[i] - f[i]
            out[i] = d
            // np.argmax takes the first maximum.
            if Swift.abs(d) > best { best = Swift.abs(d); at = i }
        }
        return (Swift.abs(out[at]), Swift.max(Swift.abs(f[at]), Swift.abs(fNew[at])))
    }

    /// ∂f/∂y at (t, y), with `f = f(t, y)`, into `jacobian` (row-major n × n).
    /// `threshold` is SciPy's `atol`: the smallest |y| an increment scales with.
    func evaluate(_ system: ODESystem, t: Double, y: UnsafeMutableBufferPointer<Double>,
                  f: UnsafeMutableBufferPointer<Double>, threshold: UnsafeMutableBufferPointer<Double>,
                  into jacobian: UnsafeMutableBufferPointer<Double>) {
        for j in 0..<n {
            let sign: Double = f[j] >= 0 ? 1 : -1
            let yScale = sign * Swift.max(threshold[j], Swift.abs(y[j]))
            var h = (y[j] + factor[j] * yScale) - y[j]
            while h == 0 {
                factor[j] *= 10
                h = (y[j] + factor[j] * yScale) - y[j]
            }
            var (maxDiff, scale) = column(system, t, y, f, j, h, diff)
            if maxDiff < Self.diffReject * scale {
                // Lost in rounding: try a ten times larger increment and keep
                // it if its difference is relatively larger.
                let newFactor = 10 * factor[j]
                let hNew = (y[j] + newFactor * yScale) - y[j]
                let (maxNew, scaleNew) = column(system, t, y, f, j, hNew, diffRetry)
                if maxDiff * scaleNew < maxNew * scale {
                    factor[j] = newFactor
                    h = hNew
                    for i in 0..<n { diff[i] = diffRetry[i] }
                    scale = scaleNew
                    maxDiff = maxNew
                }
            }
            for i in 0..<n { jacobian[i * n + j] = diff[i] / h }
            if maxDiff < Self.diffSmall * scale {
                factor[j] *= 10
            } else if maxDiff > Self.diffBig * scale {
                factor[j] *= 0.1
            }
            factor[j] = Swift.max(factor[j], Self.minFactor)
        }
    }
}
