import SwarmArray
import SwarmCore

// SciPy's legacy `interp1d`: one class for the simple 1-D interpolants
// (linear, nearest, previous/next) and the spline ones (zero, slinear,
// quadratic, cubic — `make_interp_spline` of that degree), with SciPy's
// handling of points outside the data: raise, fill, or extrapolate.

/// Interpolation of 1-D data (SciPy's legacy
/// `scipy.interpolate.interp1d`).
///
/// ```swift
/// let f = try Interp1D([0, 1, 2, 3], [0, 1, 4, 9], kind: .cubic)
/// try f(1.5)                                  // 2.25
/// let g = try Interp1D([0, 1, 2], [0, 1, 4], fillValue: .extrapolate)
/// try g(3)                                    // 7, the last line continued
/// ```
public struct Interp1D: Sendable {
    /// How to interpolate (SciPy's `kind`).
    public enum Kind: Sendable, Hashable {
        /// Straight lines between the points (the default).
        case linear
        /// The nearest point; halfway rounds down (to the left).
        case nearest
        /// The nearest point; halfway rounds up (to the right).
        case nearestUp
        /// The previous point's value (a step function).
        case previous
        /// The next point's value.
        case next
        /// A spline of degree 0 (SciPy's `'zero'`).
        case zero
        /// A spline of degree 1 (SciPy's `'slinear'`).
        case slinear
        /// A spline of degree 2 (SciPy's `'quadratic'`).
        case quadratic
        /// A spline of degree 3 (SciPy's `'cubic'`).
        case cubic
        /// A not-a-knot spline of any degree (SciPy's integer `kind`).
        case spline(degree: Int)
    }

    /// What points outside the data give (SciPy's `fill_value`).
    public enum FillValue: Sendable, Hashable {
        /// This value on both sides (SciPy's default NaN).
        case value(Double)
        /// `below` left of the data, `above` right of it.
        case pair(below: Double, above: Double)
        /// Extrapolate the interpolant (previous/next fill the open side
        /// with NaN, as SciPy).
        case extrapolate
    }

    /// The data's x, sorted.
    public let x: [Double]
    /// The data's y, in the order of `x`.
    public let y: [Double]
    /// The interpolation kind.
    public let kind: Kind
    /// Whether points outside the data throw.
    public let boundsError: Bool
    /// What points outside the data give, when they do not throw.
    public let fillValue: FillValue
    /// The spline of the spline kinds.
    public let spline: BSpline?
    /// The halfway points (nearest) or x moved one ulp (previous/next).
    let _breaks: [Double]
    /// The fill values below and above, or nil to extrapolate.
    let _fill: (below: Double, above: Double)?
    /// The spline kinds of degree > 1 with NaN in y: every value is NaN.
    let _allNaN: Bool

    /// Builds the interpolant.
    ///
    /// - Parameters:
    ///   - x: the abscissas, in any order unless `assumeSorted`; duplicates
    ///     are allowed but for the spline kinds.
    ///   - y: the values, as many as `x`.
    ///   - kind: the interpolation kind, `.linear` by default.
    ///   - boundsError: whether points outside the data throw; SciPy's
    ///     default (nil) throws unless `fillValue` is `.extrapolate`.
    ///   - fillValue: what outside points give, NaN by default.
    ///   - assumeSorted: skip sorting `x` (a stable sort, as SciPy's
    ///     mergesort); then `x` must be non-decreasing.
    /// - Throws: ``InterpolationError`` for mismatched lengths, too few
    ///   points (degree + 1 for splines, 1 otherwise), NaN or infinite x,
    ///   x out of order with `assumeSorted`, duplicate x for the spline
    ///   kinds, or a singular spline system.
    /// - Precondition: `boundsError: true` with `.extrapolate` is a
    ///   programmer error ("Cannot extrapolate and raise at the same time").
    public init(_ x: [Double], _ y: [Double], kind: Kind = .linear, boundsError: Bool? = nil,
                fillValue: FillValue = .value(.nan), assumeSorted: Bool = false) throws(InterpolationError) {
        guard x.count == y.count else { throw .lengthMismatch(x: x.count, y: y.count) }
        guard x.allSatisfy(\.isFinite) else { throw .notFinite("x") }
        var x = x, y = y
        if !assumeSorted {
            let order = x.indices.sorted { x[$0] < x[$1] || (x[$0] == x[$1] && $0 < $1) }
            x = order.map { x[$0] }
            y = order.map { y[$0] }
        } else {
            for i in 1..<max(x.count, 1) where x[i] < x[i - 1] { throw .notStrictlyIncreasing(index: i) }
        }
        let degree: Int?
        switch kind {
        case .zero: degree = 0
        case .slinear: degree = 1
        case .quadratic: degree = 2
        case .cubic: degree = 3
        case .spline(let k): degree = k
        default: degree = nil
        }
        let needed = (degree ?? 0) + 1
        guard x.count >= needed else { throw .tooFewPoints(needed: needed, got: x.count) }

        var fillValue = fillValue
        var bounds = boundsError
        if fillValue == .extrapolate {
            precondition(bounds != true, "Cannot extrapolate and raise at the same time.")
            bounds = false
            // SciPy's previous/next extrapolate one side only.
            if kind == .previous { fillValue = .pair(below: .nan, above: y[y.count - 1]) }
            if kind == .next { fillValue = .pair(below: y[0], above: .nan) }
        }
        switch fillValue {
        case .value(let v): _fill = (v, v)
        case let .pair(below, above): _fill = (below, above)
        case .extrapolate: _fill = nil
        }
        self.boundsError = bounds ?? true
        self.fillValue = fillValue
        self.kind = kind
        self.x = x
        self.y = y

        switch kind {
        case .nearest, .nearestUp:
            _breaks = (0..<max(x.count - 1, 0)).map { x[$0 + 1] / 2 + x[$0] / 2 }
        case .previous:
            _breaks = x.map { $0.nextDown }
        case .next:
            _breaks = x.map { $0.nextUp }
        default:
            _breaks = []
        }
        if let degree {
            try _checkIncreasing(x)
            // SciPy fits stand-in ones when y holds NaN (LAPACK would
            // choke) and answers NaN everywhere; degrees 0 and 1 pass NaN on.
            let nan = degree > 1 && y.contains { $0.isNaN }
            _allNaN = nan
            spline = try _makeInterpSpline(x, nan ? y.map { _ in 1 } : y, k: degree, bcType: .notAKnot, checkFinite: false)
        } else {
            _allNaN = false
            spline = nil
        }
    }

    // MARK: Evaluation

    /// The interpolated value at `t`.
    ///
    /// - Throws: ``InterpolationError/outOfBounds(_:lower:upper:)`` for a
    ///   point outside the data when `boundsError` is on.
    public func callAsFunction(_ t: Double) throws(InterpolationError) -> Double {
        try _checkBounds(CollectionOfOne(t))
        var hint = 0
        return x.withUnsafeBufferPointer { xp in
            y.withUnsafeBufferPointer { yp in
                _breaks.withUnsafeBufferPointer { bp in _value(t, xp, yp, bp, &hint) }
            }
        }
    }

    /// The interpolated values at every element of `t`, in its shape; large
    /// inputs are split across the cores.
    ///
    /// - Throws: ``InterpolationError/outOfBounds(_:lower:upper:)`` for the
    ///   first point below (else above) the data when `boundsError` is on.
    public func callAsFunction(_ t: NDArray<Double>) throws(InterpolationError) -> NDArray<Double> {
        let failure: InterpolationError? = t.withUnsafeBufferPointer { input in
            do throws(InterpolationError) { try _checkBounds(input); return nil } catch { return error }
        }
        if let failure { throw failure }
        if let spline {
            // The spline kinds: the spline's own (parallel) evaluation, then
            // the fill values outside.
            let values = spline(t)
            guard _allNaN || _fill != nil else { return values }
            return t.withUnsafeBufferPointer { input in
                values.withUnsafeBufferPointer { v in
                    NDArray<Double>(unsafeUninitializedShape: t.shape) { out in
                        for j in 0..<input.count { out.initializeElement(at: j, to: _filled(input[j], v[j])) }
                    }
                }
            }
        }
        return t.withUnsafeBufferPointer { input in
            NDArray<Double>(unsafeUninitializedShape: t.shape) { out in
                x.withUnsafeBufferPointer { xp in
                    y.withUnsafeBufferPointer { yp in
                        _breaks.withUnsafeBufferPointer { bp in
                            let source = input.baseAddress, target = out.baseAddress
                            ForkJoin.parallelFor(count: input.count, grain: 16_384) { range in
                                guard let source, let target else { return }
                                var hint = 0
                                for j in range { (target + j).initialize(to: _value(source[j], xp, yp, bp, &hint)) }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The interpolated values at every element of `t`.
    ///
    /// - Throws: as the NDArray form.
    public func callAsFunction(_ t: [Double]) throws(InterpolationError) -> [Double] {
        try self(NDArray(t)).toArray()
    }

    /// SciPy's `_check_bounds`: the first point below the data, else the
    /// first above, throws when bounds are checked.
    func _checkBounds<C: Collection<Double>>(_ t: C) throws(InterpolationError) {
        guard boundsError, let lower = x.first, let upper = x.last else { return }
        if let v = t.first(where: { $0 < lower }) { throw .outOfBounds(v, lower: lower, upper: upper) }
        if let v = t.first(where: { $0 > upper }) { throw .outOfBounds(v, lower: lower, upper: upper) }
    }

    /// The fill value for a point outside the data, or `value` inside.
    @inline(__always)
    func _filled(_ t: Double, _ value: Double) -> Double {
        let value = _allNaN ? .nan : value
        guard let fill = _fill else { return value }
        if t < x[0] { return fill.below }
        if t > x[x.count - 1] { return fill.above }
        return value
    }

    /// One value: the kind's formula, then the fill outside.
    @inline(__always)
    func _value(_ t: Double, _ x: UnsafeBufferPointer<Double>, _ y: UnsafeBufferPointer<Double>,
                _ breaks: UnsafeBufferPointer<Double>, _ hint: inout Int) -> Double {
        let n = x.count
        if let fill = _fill {
            if t < x[0] { return fill.below }
            if t > x[n - 1] { return fill.above }
        }
        switch kind {
        case .linear:
            if t.isNaN { return .nan }
            // np.interp inside (the last of equal x wins); SciPy's own
            // searchsorted formula when extrapolating.
            if n == 1 { return t == x[0] || _fill == nil ? y[0] : .nan }
            if _fill != nil {
                let j = _lastAtMost(t, x)  // x[j] <= t < x[j+1]
                if j >= n - 1 { return y[n - 1] }
                if x[j] == t { return y[j] }
                let slope = (y[j + 1] - y[j]) / (x[j + 1] - x[j])
                var r = slope * (t - x[j]) + y[j]
                if r.isNaN {
                    r = slope * (t - x[j + 1]) + y[j + 1]
                    if r.isNaN && y[j] == y[j + 1] { r = y[j] }
                }
                return r
            }
            let hi = Swift.min(Swift.max(_searchLeft(t, x), 1), n - 1), lo = hi - 1
            let slope = (y[hi] - y[lo]) / (x[hi] - x[lo])
            return slope * (t - x[lo]) + y[lo]
        case .nearest, .nearestUp:
            if t.isNaN { return .nan }
            let i = kind == .nearest ? _searchLeft(t, breaks) : _lastAtMost(t, breaks) + 1
            return y[Swift.min(Swift.max(i, 0), n - 1)]
        case .previous:
            if t.isNaN { return .nan }
            let i = Swift.min(Swift.max(_searchLeft(t, breaks), 1), n)
            return y[i - 1]
        case .next:
            if t.isNaN { return .nan }
            let i = Swift.min(Swift.max(_lastAtMost(t, breaks) + 1, 0), n - 1)
            return y[i]
        default:
            return _filled(t, spline!(t))
        }
    }
}

/// numpy's `searchsorted(a, v, side='left')`: the first i with a[i] >= v.
@inline(__always)
func _searchLeft(_ v: Double, _ a: UnsafeBufferPointer<Double>) -> Int {
    var low = 0, high = a.count
    while low < high {
        let mid = (low + high) / 2
        if a[mid] < v { low = mid + 1 } else { high = mid }
    }
    return low
}

/// The last i with a[i] <= v, or -1 (`searchsorted(side='right') - 1`).
@inline(__always)
func _lastAtMost(_ v: Double, _ a: UnsafeBufferPointer<Double>) -> Int {
    var low = 0, high = a.count
    while low < high {
        let mid = (low + high) / 2
        if a[mid] <= v { low = mid + 1 } else { high = mid }
    }
    return low - 1
}
