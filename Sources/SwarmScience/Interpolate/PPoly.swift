import SwarmArray
import SwarmCore

// SciPy's `PPoly`: a piecewise polynomial in the local power basis, the
// form every cubic interpolator here builds. Between breakpoints x[i] and
// x[i+1] the value is Σₖ c[k][i] · (t - x[i])^(K-1-k).

/// What a piecewise polynomial does outside its breakpoints.
public enum Extrapolation: Sendable, Hashable {
    /// Continue the first and last pieces (SciPy's `extrapolate=True`).
    case extrapolate
    /// Repeat the function with period `x[-1] - x[0]` (`'periodic'`).
    case periodic
    /// NaN outside (`extrapolate=False`).
    case none
}

/// A piecewise polynomial in the power basis (SciPy's
/// `scipy.interpolate.PPoly`).
public struct PPoly: Sendable, Hashable {
    /// The breakpoints, strictly increasing.
    public let breakpoints: [Double]
    /// `coefficients[k * pieces + i]`: the coefficient of
    /// (t - x[i])^(order - 1 - k) on piece i (SciPy's `c[k, i]`).
    public let coefficients: [Double]
    /// The number of coefficients per piece (degree + 1).
    public let order: Int
    /// What happens outside the breakpoints.
    public var extrapolation: Extrapolation

    /// The number of pieces.
    public var pieces: Int { breakpoints.count - 1 }

    /// Creates a piecewise polynomial from SciPy's `c` laid out row by row
    /// (`order` rows of `breakpoints.count - 1`).
    ///
    /// - Precondition: at least two breakpoints, strictly increasing, and
    ///   `coefficients.count` a multiple of the number of pieces.
    public init(coefficients: [Double], breakpoints: [Double], extrapolation: Extrapolation = .extrapolate) {
        precondition(breakpoints.count >= 2, "a PPoly needs at least two breakpoints")
        let pieces = breakpoints.count - 1
        precondition(coefficients.count % pieces == 0 && !coefficients.isEmpty,
                     "\(coefficients.count) coefficients do not fill \(pieces) pieces")
        self.coefficients = coefficients
        self.breakpoints = breakpoints
        self.order = coefficients.count / pieces
        self.extrapolation = extrapolation
    }

    /// The coefficient of (t - x[i])^(order - 1 - k) on piece i.
    @inlinable public func coefficient(_ k: Int, _ i: Int) -> Double { coefficients[k * pieces + i] }

    // MARK: Evaluation

    /// The value (or the `nu`-th derivative) at `t`.
    public func callAsFunction(_ t: Double, nu: Int = 0) -> Double {
        precondition(nu >= 0, "nu must be >= 0 (use antiderivative() for integrals), not \(nu)")
        var hint = 0
        return breakpoints.withUnsafeBufferPointer { x in
            coefficients.withUnsafeBufferPointer { c in _value(t, nu, x, c, &hint) }
        }
    }

    /// The values (or `nu`-th derivatives) at every element of `t`, in its
    /// shape; large inputs are split across the cores.
    public func callAsFunction(_ t: NDArray<Double>, nu: Int = 0) -> NDArray<Double> {
        precondition(nu >= 0, "nu must be >= 0 (use antiderivative() for integrals), not \(nu)")
        return t.withUnsafeBufferPointer { input in
            NDArray<Double>(unsafeUninitializedShape: t.shape) { out in
                breakpoints.withUnsafeBufferPointer { x in
                    coefficients.withUnsafeBufferPointer { c in
                        let source = input.baseAddress, target = out.baseAddress
                        ForkJoin.parallelFor(count: input.count, grain: 16_384) { range in
                            guard let source, let target else { return }
                            var hint = 0
                            for j in range { (target + j).initialize(to: _value(source[j], nu, x, c, &hint)) }
                        }
                    }
                }
            }
        }
    }

    /// The values at every element of `t`.
    public func callAsFunction(_ t: [Double], nu: Int = 0) -> [Double] {
        self(NDArray(t), nu: nu).toArray()
    }

    /// The piece holding `t` (SciPy's `find_interval`): `x[i] <= t < x[i+1]`,
    /// the last piece for t == x[-1], the end pieces outside when
    /// extrapolating, and -1 for NaN or outside without extrapolation.
    /// `hint` is the previous answer, tried first (sorted inputs cost O(1)).
    @inline(__always)
    func _piece(_ t: Double, _ x: UnsafeBufferPointer<Double>, _ hint: inout Int, extrapolate: Bool) -> Int {
        let last = x.count - 1
        if !(t >= x[0]) {
            return t < x[0] && extrapolate ? 0 : -1
        }
        if t >= x[last] {
            return t == x[last] || extrapolate ? last - 1 : -1
        }
        var i = hint
        if i >= 0 && i < last && x[i] <= t && t < x[i + 1] { return i }
        if i >= 0 && i + 1 < last && x[i + 1] <= t && t < x[i + 2] { hint = i + 1; return i + 1 }
        var low = 0, high = last  // x[low] <= t < x[high]
        while high - low > 1 {
            let mid = (low + high) / 2
            if t < x[mid] { high = mid } else { low = mid }
        }
        i = low
        hint = i
        return i
    }

    /// The value or derivative at one point.
    @inline(__always)
    func _value(_ t: Double, _ nu: Int, _ x: UnsafeBufferPointer<Double>, _ c: UnsafeBufferPointer<Double>,
                _ hint: inout Int) -> Double {
        var t = t
        var extrapolate = extrapolation == .extrapolate
        if extrapolation == .periodic && t.isFinite {
            // Python's t % period: the result has the sign of the period.
            let period = x[x.count - 1] - x[0]
            var r = (t - x[0]).truncatingRemainder(dividingBy: period)
            if r < 0 { r += period }
            t = x[0] + r
            extrapolate = false
        }
        let i = _piece(t, x, &hint, extrapolate: extrapolate)
        if i < 0 { return .nan }
        let s = t - x[i]
        let m = pieces
        let degree = order - 1
        if nu > degree { return 0 }
        // Horner on the nu-th derivative: the coefficient of s^(p - nu) is
        // a_p · p! / (p - nu)!, with a_p = c[degree - p].
        var result = 0.0
        var p = degree
        while p >= nu {
            var factor = 1.0
            if nu > 0 { for q in stride(from: p, to: p - nu, by: -1) { factor *= Double(q) } }
            result = result * s + c[(degree - p) * m + i] * factor
            p -= 1
        }
        return result
    }

    // MARK: Calculus

    /// The `nu`-th derivative as a piecewise polynomial (SciPy's
    /// `PPoly.derivative`).
    public func derivative(_ nu: Int = 1) -> PPoly {
        precondition(nu >= 0, "the order of a derivative must be >= 0, not \(nu)")
        if nu == 0 { return self }
        let m = pieces
        guard order > nu else {
            return PPoly(coefficients: [Double](repeating: 0, count: m), breakpoints: breakpoints, extrapolation: extrapolation)
        }
        let newOrder = order - nu
        var c = [Double](repeating: 0, count: newOrder * m)
        for k in 0..<newOrder {
            let power = order - 1 - k
            var factor = 1.0
            for q in stride(from: power, to: power - nu, by: -1) { factor *= Double(q) }
            for i in 0..<m { c[k * m + i] = coefficients[k * m + i] * factor }
        }
        return PPoly(coefficients: c, breakpoints: breakpoints, extrapolation: extrapolation)
    }

    /// The `nu`-th antiderivative, zero at the first breakpoint and
    /// continuous across the others (SciPy's `PPoly.antiderivative`; a
    /// periodic polynomial's antiderivative does not extrapolate).
    public func antiderivative(_ nu: Int = 1) -> PPoly {
        precondition(nu >= 0, "the order of an antiderivative must be >= 0, not \(nu)")
        if nu == 0 { return self }
        let m = pieces, newOrder = order + nu
        var c = [Double](repeating: 0, count: newOrder * m)
        for k in 0..<order {
            let power = order - 1 - k
            var factor = 1.0
            for q in (power + 1)...(power + nu) { factor *= Double(q) }
            for i in 0..<m { c[k * m + i] = coefficients[k * m + i] / factor }
        }
        // The integration constants: the lowest nu coefficients of each
        // piece continue the previous piece's value and derivatives.
        for i in 1..<max(m, 1) {
            let h = breakpoints[i] - breakpoints[i - 1]
            for d in stride(from: nu - 1, through: 0, by: -1) {
                // d-th derivative of piece i-1 at its right end, over d!.
                var value = 0.0
                for k in 0..<(newOrder - d) {
                    let power = newOrder - 1 - k
                    var factor = 1.0
                    for q in stride(from: power, to: power - d, by: -1) { factor *= Double(q) }
                    value = value * h + c[k * m + i - 1] * factor
                }
                var dFactorial = 1.0
                if d > 1 { for q in 2...d { dFactorial *= Double(q) } }
                c[(newOrder - 1 - d) * m + i] = value / dFactorial
            }
        }
        let extrapolation: Extrapolation = self.extrapolation == .periodic ? .none : self.extrapolation
        return PPoly(coefficients: c, breakpoints: breakpoints, extrapolation: extrapolation)
    }

    /// The definite integral from `a` to `b` (SciPy's `PPoly.integrate`):
    /// NaN beyond the breakpoints unless the polynomial extrapolates, and
    /// whole periods counted for a periodic one.
    public func integrate(_ a: Double, _ b: Double) -> Double {
        var a = a, b = b, sign = 1.0
        if b < a { swap(&a, &b); sign = -1 }
        let primitive = antiderivative(1)
        let x0 = breakpoints[0], x1 = breakpoints[breakpoints.count - 1]
        func span(_ lo: Double, _ hi: Double, extrapolate: Bool) -> Double {
            if !extrapolate && (lo < x0 || hi > x1) { return .nan }
            var p = primitive
            p.extrapolation = .extrapolate
            return p(hi) - p(lo)
        }
        switch extrapolation {
        case .periodic:
            let period = x1 - x0
            let interval = b - a
            let periods = (interval / period).rounded(.down)
            let left = interval - periods * period
            var total = periods > 0 ? periods * span(x0, x1, extrapolate: false) : 0
            var start = (a - x0).truncatingRemainder(dividingBy: period)
            if start < 0 { start += period }
            start += x0
            let end = start + left
            if end <= x1 {
                total += span(start, end, extrapolate: false)
            } else {
                total += span(start, x1, extrapolate: false)
                total += span(x0, x0 + left + start - x1, extrapolate: false)
            }
            return sign * total
        case .extrapolate:
            return sign * span(a, b, extrapolate: true)
        case .none:
            return sign * span(a, b, extrapolate: false)
        }
    }
}

/// An interpolant that is a piecewise polynomial: its value, derivatives
/// and integrals come from ``PPoly``.
public protocol PiecewisePolynomialInterpolant: Sendable {
    /// The interpolant as a piecewise polynomial.
    var polynomial: PPoly { get }
}

extension PiecewisePolynomialInterpolant {
    /// The value (or `nu`-th derivative) at `t`.
    public func callAsFunction(_ t: Double, nu: Int = 0) -> Double { polynomial(t, nu: nu) }
    /// The values (or `nu`-th derivatives) at every element of `t`.
    public func callAsFunction(_ t: NDArray<Double>, nu: Int = 0) -> NDArray<Double> { polynomial(t, nu: nu) }
    /// The values (or `nu`-th derivatives) at every element of `t`.
    public func callAsFunction(_ t: [Double], nu: Int = 0) -> [Double] { polynomial(t, nu: nu) }
    /// The `nu`-th derivative.
    public func derivative(_ nu: Int = 1) -> PPoly { polynomial.derivative(nu) }
    /// The `nu`-th antiderivative.
    public func antiderivative(_ nu: Int = 1) -> PPoly { polynomial.antiderivative(nu) }
    /// The definite integral from `a` to `b`.
    public func integrate(_ a: Double, _ b: Double) -> Double { polynomial.integrate(a, b) }
    /// The data's x values (the breakpoints).
    public var x: [Double] { polynomial.breakpoints }
}
