import SwarmArray
import SwarmCore

// SciPy's `BSpline`: a spline of degree k as Σⱼ c[j] B[j,k](x) over the
// knots t, evaluated by de Boor's recursion on the k+1 basis functions
// that do not vanish at x. Derivatives and antiderivatives are splines
// again, by the knot-difference formulas of FITPACK's `splder` and
// `splantider`.

/// A univariate spline in the B-spline basis (SciPy's
/// `scipy.interpolate.BSpline`).
///
/// ```swift
/// let b = BSpline(knots: [0, 0, 0, 1, 2, 2, 2], coefficients: [0, 1, 0, 2], degree: 2)
/// b(0.5)              // the value
/// b(0.5, nu: 1)       // the first derivative
/// b.integrate(0, 2)   // the integral over the base interval
/// ```
public struct BSpline: Sendable, Hashable {
    /// The knots, non-decreasing.
    public let knots: [Double]
    /// The coefficients, one per basis function (`knots.count - degree - 1`).
    public let coefficients: [Double]
    /// The degree k.
    public let degree: Int
    /// What happens outside the base interval `t[k] … t[n]`: continue the
    /// end polynomials, repeat periodically, or NaN (SciPy's `extrapolate`).
    public var extrapolation: Extrapolation

    /// Creates a spline from knots, coefficients and degree (SciPy's
    /// `BSpline(t, c, k, extrapolate)`). Extra coefficients beyond
    /// `knots.count - degree - 1` are dropped (FITPACK pads with zeros).
    ///
    /// - Precondition: `degree >= 0`; finite, non-decreasing knots, at least
    ///   `2 * degree + 2` of them, with two distinct base knots; enough
    ///   coefficients.
    public init(knots: [Double], coefficients: [Double], degree: Int, extrapolation: Extrapolation = .extrapolate) {
        precondition(degree >= 0, "Spline order cannot be negative.")
        let n = knots.count - degree - 1
        precondition(n >= degree + 1, "Need at least \(2 * degree + 2) knots for degree \(degree)")
        precondition(zip(knots, knots.dropFirst()).allSatisfy { $0 <= $1 }, "Knots must be in a non-decreasing order.")
        precondition(knots[degree] < knots[n], "Need at least two internal knots.")
        precondition(knots.allSatisfy(\.isFinite), "Knots should not have nans or infs.")
        precondition(coefficients.count >= n, "Knots, coefficients and degree are inconsistent.")
        self.knots = knots
        self.coefficients = coefficients.count == n ? coefficients : Array(coefficients[..<n])
        self.degree = degree
        self.extrapolation = extrapolation
    }

    /// The number of basis functions (and coefficients), `t.count - k - 1`.
    public var count: Int { knots.count - degree - 1 }

    /// The base interval `t[k] … t[n]`, where the spline is fully defined.
    public var domain: ClosedRange<Double> { knots[degree]...knots[count] }

    // MARK: Evaluation

    /// The value (or the `nu`-th derivative) at `x`.
    public func callAsFunction(_ x: Double, nu: Int = 0) -> Double {
        precondition(nu >= 0, "nu must be >= 0, not \(nu)")
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * degree + 2) { work in
            knots.withUnsafeBufferPointer { t in
                coefficients.withUnsafeBufferPointer { c in
                    var hint = degree
                    return _value(x, nu, t.baseAddress!, c.baseAddress!, work.baseAddress!, &hint, 0)
                }
            }
        }
    }

    /// The values (or `nu`-th derivatives) at every element of `x`, in its
    /// shape; large inputs are split across the cores.
    public func callAsFunction(_ x: NDArray<Double>, nu: Int = 0) -> NDArray<Double> {
        precondition(nu >= 0, "nu must be >= 0, not \(nu)")
        return x.withUnsafeBufferPointer { input in
            NDArray<Double>(unsafeUninitializedShape: x.shape) { out in
                knots.withUnsafeBufferPointer { t in
                    coefficients.withUnsafeBufferPointer { c in
                        let source = input.baseAddress, target = out.baseAddress
                        let t = t.baseAddress!, c = c.baseAddress!, width = 2 * degree + 2
                        let inverseSpacing = Double(count - degree) / (t[count] - t[degree])
                        ForkJoin.parallelFor(count: input.count, grain: 16_384) { range in
                            guard let source, let target else { return }
                            withUnsafeTemporaryAllocation(of: Double.self, capacity: width) { work in
                                var hint = degree
                                for j in range {
                                    (target + j).initialize(to: _value(source[j], nu, t, c, work.baseAddress!, &hint, inverseSpacing))
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The values (or `nu`-th derivatives) at every element of `x`.
    public func callAsFunction(_ x: [Double], nu: Int = 0) -> [Double] {
        self(NDArray(x), nu: nu).toArray()
    }

    /// One value: map periodic x into the base interval, find its knot
    /// interval, and sum the k+1 live coefficients times their basis values.
    @inline(__always)
    func _value(_ x: Double, _ nu: Int, _ t: UnsafePointer<Double>, _ c: UnsafePointer<Double>,
                _ work: UnsafeMutablePointer<Double>, _ hint: inout Int, _ inverseSpacing: Double) -> Double {
        let k = degree, n = count
        var x = x, extrapolate = extrapolation == .extrapolate
        if extrapolation == .periodic {
            // Python's %: the remainder takes the sign of the period.
            let start = t[k], period = t[n] - t[k]
            var r = (x - start).truncatingRemainder(dividingBy: period)
            if r < 0 { r += period }
            x = start + r
            extrapolate = false
        }
        let l = _findInterval(t, k, n, x, hint, extrapolate: extrapolate,
                              inverseSpacing: inverseSpacing)
        if l < 0 { return .nan }
        hint = l
        _basisValues(t, k, x, l, nu, work, work + k + 1)
        var sum = 0.0
        for a in 0...k { sum += c[l - k + a] * work[a] }
        return sum
    }

    // MARK: Calculus

    /// The `nu`-th derivative, a spline of degree k - nu on the knots
    /// without their `nu` first and last (SciPy's `BSpline.derivative`).
    ///
    /// - Precondition: `0 <= nu <= degree`.
    public func derivative(_ nu: Int = 1) -> BSpline {
        precondition(nu >= 0 && nu <= degree, "Order of derivative (n = \(nu)) must be <= order of spline (k = \(degree))")
        var t = knots, k = degree
        // FITPACK's convention: as many coefficients as knots, zero-padded.
        var c = coefficients + [Double](repeating: 0, count: knots.count - coefficients.count)
        for _ in 0..<nu {
            let m = t.count - 2 - k
            var next = [Double](repeating: 0, count: t.count - 2)
            for i in 0..<m {
                let dt = t[i + k + 1] - t[i + 1]
                precondition(dt != 0, "The spline has internal repeated knots and is not differentiable \(nu) times")
                next[i] = (c[i + 1] - c[i]) * Double(k) / dt
            }
            c = next
            t = Array(t[1..<(t.count - 1)])
            k -= 1
        }
        return BSpline(knots: t, coefficients: c, degree: k, extrapolation: extrapolation)
    }

    /// The `nu`-th antiderivative, zero at `t[0]` (SciPy's
    /// `BSpline.antiderivative`); a periodic spline's antiderivative does
    /// not extrapolate.
    public func antiderivative(_ nu: Int = 1) -> BSpline {
        precondition(nu >= 0, "the order of an antiderivative must be >= 0, not \(nu)")
        var t = knots, k = degree
        var c = coefficients + [Double](repeating: 0, count: knots.count - coefficients.count)
        for _ in 0..<nu {
            let m = t.count - k - 1
            var next = [Double](repeating: 0, count: t.count + 2)
            var sum = 0.0
            for i in 0..<m {
                sum += c[i] * (t[i + k + 1] - t[i])
                next[i + 1] = sum / Double(k + 1)
            }
            for i in (m + 1)..<(next.count) { next[i] = next[m] }
            c = next
            t = [t[0]] + t + [t[t.count - 1]]
            k += 1
        }
        return BSpline(knots: t, coefficients: c, degree: k,
                       extrapolation: extrapolation == .periodic ? .none : extrapolation)
    }

    /// The definite integral from `a` to `b` (SciPy's `BSpline.integrate`):
    /// without extrapolation the spline counts as zero outside its base
    /// interval; a periodic spline counts whole periods.
    public func integrate(_ a: Double, _ b: Double) -> Double {
        var a = a, b = b, sign = 1.0
        if b < a { swap(&a, &b); sign = -1 }
        let start = knots[degree], end = knots[count]
        var primitive = antiderivative(1)
        switch extrapolation {
        case .none:
            a = Swift.max(a, start)
            b = Swift.min(b, end)
            if !(a < b) { return 0 }
            primitive.extrapolation = .none
            return sign * (primitive(b) - primitive(a))
        case .extrapolate:
            return sign * (primitive(b) - primitive(a))
        case .periodic:
            primitive.extrapolation = .none
            let period = end - start, interval = b - a
            // Python's divmod.
            let periods = (interval / period).rounded(.down)
            let left = interval - periods * period
            var total = periods > 0 ? periods * (primitive(end) - primitive(start)) : 0
            var shifted = (a - start).truncatingRemainder(dividingBy: period)
            if shifted < 0 { shifted += period }
            a = start + shifted
            b = a + left
            if b <= end {
                total += primitive(b) - primitive(a)
            } else {
                total += primitive(end) - primitive(a)
                total += primitive(start + b - end) - primitive(start)
            }
            return sign * total
        }
    }

    /// The B-spline basis element on the knots `t[0] … t[k+1]` (SciPy's
    /// `BSpline.basis_element`): degree `t.count - 2`, the knots padded by
    /// k on each side, and one unit coefficient.
    ///
    /// - Precondition: at least two knots, non-decreasing.
    public static func basisElement(_ t: [Double], extrapolation: Extrapolation = .extrapolate) -> BSpline {
        precondition(t.count >= 2, "a basis element needs at least two knots")
        let k = t.count - 2
        let knots = [Double](repeating: t[0] - 1, count: k) + t + [Double](repeating: t[t.count - 1] + 1, count: k)
        var c = [Double](repeating: 0, count: knots.count)
        c[k] = 1
        return BSpline(knots: knots, coefficients: c, degree: k, extrapolation: extrapolation)
    }
}
