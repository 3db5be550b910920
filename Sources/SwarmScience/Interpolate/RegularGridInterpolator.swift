import SwarmArray
import SwarmCore

// SciPy's `RegularGridInterpolator`: interpolation on a rectilinear grid in
// any number of dimensions. Linear and nearest work on the 2^d corners of
// the cell that holds a point; the spline methods are SciPy 1.17's
// `make_ndbspl`: a tensor-product B-spline with not-a-knot knots on every
// axis. SciPy solves its Kronecker collocation system iteratively
// (`gcrotmk`, atol 1e-6); here it is solved exactly, one banded solve per
// grid line along each axis in turn, which is what SciPy's
// `solver=scipy.sparse.linalg.spsolve` gives.

/// Interpolation on a regular or rectilinear grid in N dimensions (SciPy's
/// `scipy.interpolate.RegularGridInterpolator`).
///
/// ```swift
/// let x: [Double] = [0, 1, 2], y: [Double] = [0, 1, 2, 3]
/// let v = NDArray(x.map { a in y.map { b in a + 10 * b } })        // shape [3, 4]
/// let f = try RegularGridInterpolator(points: [x, y], values: v)
/// try f([[0.5, 1.5], [2, 3]])                                       // [15.5, 32]
/// ```
public struct RegularGridInterpolator: Sendable {
    /// The interpolation method (SciPy's `method`).
    public enum Method: Sendable, Hashable {
        /// Multilinear interpolation in the cell (the default).
        case linear
        /// The value at the nearest grid point (halfway rounds down).
        case nearest
        /// A tensor-product spline of degree 1.
        case slinear
        /// A tensor-product cubic spline, not-a-knot on every axis.
        case cubic
        /// A tensor-product spline of degree 5, not-a-knot on every axis.
        case quintic
        /// PCHIP along each axis in turn, last axis first (SciPy's
        /// recursive `"pchip"`); needs 4 points per axis.
        case pchip

        /// The spline degree of the spline methods.
        var degree: Int? {
            switch self {
            case .slinear: 1
            case .cubic: 3
            case .quintic: 5
            case .linear, .nearest, .pchip: nil
            }
        }
    }

    /// The grid points of each axis, ascending (descending axes are
    /// reversed, with their values).
    public let grid: [[Double]]
    /// The method.
    public let method: Method
    /// Whether points outside the grid throw.
    public let boundsError: Bool
    /// What points outside the grid give when they do not throw; nil
    /// extrapolates.
    public let fillValue: Double?
    /// The values, row-major, in the order of `grid`.
    let _values: [Double]
    /// Element strides of the values (and of the spline coefficients).
    let _strides: [Int]
    /// The knots of each axis, for the spline methods.
    let _knots: [[Double]]
    /// The tensor-product spline coefficients, row-major like the values
    /// (a single zero, unused, for the other methods).
    let _coefficients: [Double]
    /// For the kernels, flat: per axis its first and last point and cells
    /// per unit length (3 per axis), then every axis's points, then every
    /// axis's knots.
    let _tables: [Double]
    /// Where each axis's points and knots start in `_tables` (ndim + 1
    /// each), then the strides.
    let _layout: [Int]

    /// The number of dimensions.
    public var dimensions: Int { grid.count }

    /// Builds the interpolator.
    ///
    /// - Parameters:
    ///   - points: one strictly ascending or descending array per axis.
    ///   - values: the data, of shape `points.map(\.count)`.
    ///   - method: `.linear` by default.
    ///   - boundsError: throw for points outside the grid (the default);
    ///     otherwise they get `fillValue`.
    ///   - fillValue: NaN by default; nil extrapolates.
    /// - Throws: ``InterpolationError/gridNotMonotonic(dimension:)`` for an
    ///   axis out of order, ``InterpolationError/tooFewPoints(needed:got:)``
    ///   for an axis shorter than 2 (or than degree + 1 for splines), or
    ///   ``InterpolationError/singularMatrix``.
    /// - Precondition: `values.shape == points.map(\.count)`.
    /// - Complexity: O(size · k) to fit a spline method.
    public init(points: [[Double]], values: NDArray<Double>, method: Method = .linear, boundsError: Bool = true,
                fillValue: Double? = .nan) throws(InterpolationError) {
        precondition(!points.isEmpty, "RegularGridInterpolator needs at least one dimension")
        precondition(values.shape.count == points.count,
                     "There are \(points.count) point arrays, but values has \(values.shape.count) dimensions")
        for (i, p) in points.enumerated() {
            precondition(values.shape[i] == p.count, "There are \(p.count) points and \(values.shape[i]) values in dimension \(i)")
        }
        var grid = points
        var flipped: [Int] = []
        for (i, p) in points.enumerated() {
            let ascending = zip(p, p.dropFirst()).allSatisfy { $0 < $1 }
            if !ascending {
                guard zip(p, p.dropFirst()).allSatisfy({ $0 > $1 }) else { throw .gridNotMonotonic(dimension: i) }
                grid[i] = p.reversed()
                flipped.append(i)
            }
            let needed = method == .pchip ? 4 : (method.degree ?? 1) + 1
            guard p.count >= needed else { throw .tooFewPoints(needed: needed, got: p.count) }
        }
        let shape = values.shape
        var strides = [Int](repeating: 1, count: shape.count)
        for d in stride(from: shape.count - 2, through: 0, by: -1) { strides[d] = strides[d + 1] * shape[d + 1] }
        var data = values.toArray()
        if !flipped.isEmpty { data = _flip(data, shape: shape, strides: strides, axes: flipped) }
        self.grid = grid
        self.method = method
        self.boundsError = boundsError
        self.fillValue = fillValue
        _values = data
        _strides = strides
        if let k = method.degree {
            let knots = grid.map { _notAKnotKnots($0, k) }
            var c = data
            for d in 0..<shape.count {
                var matrix = _collocation(grid[d], knots[d], k, rowOffset: 0, size: shape[d], lower: k, upper: k)
                guard matrix.factor() else { throw .singularMatrix }
                let inner = strides[d], outer = data.count / (inner * shape[d])
                let block = inner * shape[d]
                c.withUnsafeMutableBufferPointer { buffer in
                    let base = buffer.baseAddress!
                    for o in 0..<outer { matrix.solve(base + o * block, count: inner) }
                }
            }
            _knots = knots
            _coefficients = c
        } else {
            _knots = []
            _coefficients = [0]
        }
        let ndim = grid.count
        var tables = [Double]()
        for g in grid { tables += [g[0], g[g.count - 1], Double(g.count - 1) / (g[g.count - 1] - g[0])] }
        var layout = [Int]()
        for g in grid { layout.append(tables.count); tables += g }
        layout.append(tables.count)
        for t in _knots { layout.append(tables.count); tables += t }
        if _knots.isEmpty { layout += [Int](repeating: tables.count, count: ndim) }
        layout.append(tables.count)
        layout += strides
        _tables = tables
        _layout = layout
    }

    // MARK: Evaluation

    /// The interpolated values at the points in the rows of `xi`, shape
    /// `(..., dimensions)`; the result has shape `xi.shape.dropLast()` (`[1]`
    /// for a single point given as a 1-D array). Large inputs are split
    /// across the cores.
    ///
    /// - Throws: ``InterpolationError/outOfBounds(_:lower:upper:)`` for the
    ///   first coordinate outside its axis (or NaN) when `boundsError` is on.
    /// - Precondition: the last dimension of `xi` is `dimensions`.
    public func callAsFunction(_ xi: NDArray<Double>) throws(InterpolationError) -> NDArray<Double> {
        let ndim = dimensions
        precondition(xi.shape.last == ndim,
                     "The requested sample points xi have dimension \(xi.shape.last ?? 0) but this RegularGridInterpolator has dimension \(ndim)")
        var shape = Array(xi.shape.dropLast())
        if shape.isEmpty { shape = [1] }
        let failure: InterpolationError? = xi.withUnsafeBufferPointer { input in _checkBounds(input) }
        if let failure { throw failure }
        return xi.withUnsafeBufferPointer { input in
            NDArray<Double>(unsafeUninitializedShape: shape) { out in
                _evaluate(input, out)
            }
        }
    }

    /// The interpolated values at `points`, each with `dimensions`
    /// coordinates.
    ///
    /// - Throws: as the NDArray form.
    public func callAsFunction(_ points: [[Double]]) throws(InterpolationError) -> [Double] {
        for p in points { precondition(p.count == dimensions, "a point has \(p.count) coordinates, not \(dimensions)") }
        if points.isEmpty { return [] }
        return try self(NDArray<Double>(points)).toArray()
    }

    /// SciPy's bounds check: every coordinate within its axis, NaN included.
    func _checkBounds(_ input: UnsafeBufferPointer<Double>) -> InterpolationError? {
        guard boundsError else { return nil }
        let ndim = dimensions
        for d in 0..<ndim {
            let lower = grid[d][0], upper = grid[d][grid[d].count - 1]
            var j = d
            while j < input.count {
                let v = input[j]
                if !(lower <= v && v <= upper) { return .outOfBounds(v, lower: lower, upper: upper) }
                j += ndim
            }
        }
        return nil
    }

    /// Evaluates every point of `input` into `out`, in parallel.
    func _evaluate(_ input: UnsafeBufferPointer<Double>, _ out: UnsafeMutableBufferPointer<Double>) {
        let ndim = dimensions, count = out.count
        let k = method.degree ?? 1
        // Basis values and their scratch, or PCHIP's 4^d block of values.
        let reals = method == .pchip ? 1 << (2 * ndim) : ndim * (2 * k + 4)
        let grain = method.degree == nil ? 8_192 : 1_024
        _tables.withUnsafeBufferPointer { tables in
            _layout.withUnsafeBufferPointer { layout in
                _values.withUnsafeBufferPointer { values in
                    _coefficients.withUnsafeBufferPointer { coefficients in
                        let view = _GridView(ndim: ndim, tables: tables.baseAddress!, layout: layout.baseAddress!,
                                             values: values.baseAddress!, coefficients: coefficients.baseAddress!)
                        let source = input.baseAddress, target = out.baseAddress
                        ForkJoin.parallelFor(count: count, grain: grain) { range in
                            guard let source, let target else { return }
                            // Per chunk: each axis's cell, hint and odometer
                            // digit, and the real scratch.
                            withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * ndim) { ints in
                                withUnsafeTemporaryAllocation(of: Double.self, capacity: reals) { reals in
                                    let cell = ints.baseAddress!, hints = cell + ndim, digit = hints + ndim
                                    for d in 0..<ndim { hints[d] = 0 }
                                    let scratch = reals.baseAddress!
                                    for j in range {
                                        let point = source + j * ndim
                                        let value: Double
                                        switch method {
                                        case .linear: value = _linear(point, view, cell, hints, scratch)
                                        case .nearest: value = _nearest(point, view, hints)
                                        case .pchip: value = _pchip(point, view, cell, hints, digit, scratch)
                                        default: value = _spline(point, view, k, hints, digit, scratch)
                                        }
                                        (target + j).initialize(to: _finish(point, value, view))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The fill value outside the grid (when not extrapolating), then NaN
    /// for NaN coordinates, as SciPy applies them.
    @inline(__always)
    func _finish(_ point: UnsafePointer<Double>, _ value: Double, _ view: _GridView) -> Double {
        var value = value
        var hasNaN = false
        for d in 0..<view.ndim {
            let v = point[d]
            if v.isNaN { hasNaN = true; continue }
            if !boundsError, let fillValue, v < view.first(d) || v > view.last(d) { value = fillValue }
        }
        return hasNaN ? .nan : value
    }

    /// SciPy's `find_interval_ascending` with extrapolation: the cell i
    /// (0 ≤ i ≤ n-2) with g[i] <= x < g[i+1], the end cells beyond.
    @inline(__always)
    func _cell(_ x: Double, _ g: UnsafePointer<Double>, _ n: Int, _ hint: inout Int, _ inverseSpacing: Double) -> Int {
        if !(x >= g[1]) { return 0 }
        if x >= g[n - 2] { return n - 2 }
        var i = hint
        if i > 0 && i < n - 2 && g[i] <= x {
            if x < g[i + 1] { return i }
            if x < g[i + 2] { hint = i + 1; return i + 1 }
        }
        // Guess as if evenly spaced (g[1] <= x < g[n-2] keeps it small).
        i = Swift.min(Swift.max(Int((x - g[0]) * inverseSpacing), 1), n - 3)
        if g[i] <= x {
            if x < g[i + 1] { hint = i; return i }
            if x < g[i + 2] { hint = i + 1; return i + 1 }
        } else if g[i - 1] <= x {
            hint = i - 1
            return i - 1
        }
        var low = 1, high = n - 2  // g[low] <= x < g[high]
        while high - low > 1 {
            let mid = (low + high) / 2
            if x >= g[mid] { low = mid } else { high = mid }
        }
        i = low
        hint = i
        return i
    }

    /// Multilinear interpolation over the 2^d corners of the cell.
    @inline(__always)
    func _linear(_ point: UnsafePointer<Double>, _ view: _GridView, _ cell: UnsafeMutablePointer<Int>,
                 _ hints: UnsafeMutablePointer<Int>, _ fraction: UnsafeMutablePointer<Double>) -> Double {
        let ndim = view.ndim, v = view.values, strides = view.strides
        var base = 0
        for d in 0..<ndim {
            let axis = view.points(d), n = view.count(d)
            let x = point[d]
            let i = _cell(x, axis, n, &hints[d], view.cellsPerUnit(d))
            cell[d] = i
            fraction[d] = (x - axis[i]) / (axis[i + 1] - axis[i])
            base += i * strides[d]
        }
        if ndim == 2 {
            let s0 = strides[0], y0 = fraction[0], y1 = fraction[1]
            let a = v[base], b = v[base + 1], c = v[base + s0], e = v[base + s0 + 1]
            // SciPy's `evaluate_linear_2d`, term by term.
            return a * (1 - y0) * (1 - y1) + b * (1 - y0) * y1 + c * y0 * (1 - y1) + e * y0 * y1
        }
        var sum = 0.0
        for corner in 0..<(1 << ndim) {
            var weight = 1.0, index = base
            for d in 0..<ndim {
                if corner & (1 << (ndim - 1 - d)) != 0 {
                    weight *= fraction[d]
                    index += strides[d]
                } else {
                    weight *= 1 - fraction[d]
                }
            }
            sum += v[index] * weight
        }
        return sum
    }

    /// The value at the nearest grid point (`y <= 0.5` rounds down).
    @inline(__always)
    func _nearest(_ point: UnsafePointer<Double>, _ view: _GridView, _ hints: UnsafeMutablePointer<Int>) -> Double {
        let v = view.values, strides = view.strides
        var index = 0
        for d in 0..<view.ndim {
            let axis = view.points(d), n = view.count(d)
            let x = point[d]
            if x.isNaN { return .nan }
            let i = _cell(x, axis, n, &hints[d], view.cellsPerUnit(d))
            let y = (x - axis[i]) / (axis[i + 1] - axis[i])
            index += (y <= 0.5 ? i : i + 1) * strides[d]
        }
        return v[index]
    }

    /// Recursive PCHIP, which is local: the value in a cell depends on the
    /// values at most one point beyond it on each side, so only that
    /// (≤ 4^d) block is folded, one axis at a time from the last.
    @inline(__always)
    func _pchip(_ point: UnsafePointer<Double>, _ view: _GridView, _ cell: UnsafeMutablePointer<Int>,
                _ hints: UnsafeMutablePointer<Int>, _ size: UnsafeMutablePointer<Int>,
                _ block: UnsafeMutablePointer<Double>) -> Double {
        let ndim = view.ndim, v = view.values, strides = view.strides
        var total = 1, base = 0
        for d in 0..<ndim {
            let axis = view.points(d), n = view.count(d)
            let i = _cell(point[d], axis, n, &hints[d], view.cellsPerUnit(d))
            let low = Swift.max(0, i - 1), high = Swift.min(n - 1, i + 2)
            cell[d] = i
            size[d] = high - low + 1
            total *= size[d]
            base += low * strides[d]
        }
        // Gather the block, row-major over the window sizes.
        for q in 0..<total {
            var rest = q, index = base
            for d in stride(from: ndim - 1, through: 0, by: -1) {
                index += (rest % size[d]) * strides[d]
                rest /= size[d]
            }
            block[q] = v[index]
        }
        // Fold the last remaining axis: each line of size[d] values becomes
        // one value, written in place at the front.
        for d in stride(from: ndim - 1, through: 0, by: -1) {
            let axis = view.points(d), n = view.count(d)
            let lines = total / size[d]
            for line in 0..<lines {
                block[line] = _pchipWindow(axis, n, cell[d], block + line * size[d], point[d])
            }
            total = lines
        }
        return block[0]
    }

    /// The PCHIP value at x in grid cell `cell` of an axis of `n` points,
    /// from the window of values that starts one point before the cell (SciPy's slopes: the
    /// weighted harmonic mean inside, the shape-preserving three-point
    /// formula at the ends).
    @inline(__always)
    func _pchipWindow(_ axis: UnsafePointer<Double>, _ n: Int, _ cell: Int,
                      _ y: UnsafeMutablePointer<Double>, _ x: Double) -> Double {
        // The window starts a point before the cell; i is the cell in it.
        let low = Swift.max(0, cell - 1), i = cell - low
        @inline(__always) func h(_ j: Int) -> Double { axis[low + j + 1] - axis[low + j] }
        @inline(__always) func m(_ j: Int) -> Double { (y[j + 1] - y[j]) / h(j) }
        @inline(__always) func slope(_ j: Int) -> Double {
            let global = low + j
            if global == 0 { return PchipInterpolator.endSlope(h(0), h(1), m(0), m(1)) }
            if global == n - 1 { return PchipInterpolator.endSlope(h(j - 1), h(j - 2), m(j - 1), m(j - 2)) }
            let m0 = m(j - 1), m1 = m(j)
            if m0 == 0 || m1 == 0 || (m0 > 0) != (m1 > 0) { return 0 }
            let w1 = 2 * h(j) + h(j - 1), w2 = h(j) + 2 * h(j - 1)
            return 1 / ((w1 / m0 + w2 / m1) / (w1 + w2))
        }
        let d0 = slope(i), d1 = slope(i + 1)
        // SciPy's CubicHermiteSpline coefficients, evaluated as PPoly does.
        let hi = h(i), secant = (y[i + 1] - y[i]) / hi
        let t = (d0 + d1 - 2 * secant) / hi
        let c0 = t / hi, c1 = (secant - d0) / hi - t
        let s = x - axis[low + i]
        return ((c0 * s + c1) * s + d0) * s + y[i]
    }

    /// The tensor-product spline: (k+1)^d coefficients times the products
    /// of each axis's k+1 basis values.
    @inline(__always)
    func _spline(_ point: UnsafePointer<Double>, _ view: _GridView, _ k: Int, _ hints: UnsafeMutablePointer<Int>,
                 _ digit: UnsafeMutablePointer<Int>, _ basis: UnsafeMutablePointer<Double>) -> Double {
        let ndim = view.ndim, width = k + 1, c = view.coefficients, strides = view.strides
        let scratch = basis + ndim * width
        var base = 0
        for d in 0..<ndim {
            let t = view.knots(d)
            let n = view.count(d)  // as many coefficients as points
            let l = _findInterval(t, k, n, point[d], hints[d], extrapolate: true,
                                  inverseSpacing: view.cellsPerUnit(d) * Double(n - k) / Double(n - 1))
            if l < 0 { return .nan }
            hints[d] = l
            _basisValues(t, k, point[d], l, 0, basis + d * width, scratch)
            base += (l - k) * strides[d]
        }
        // An odometer over the (k+1)^d combinations, the last axis fastest.
        for d in 0..<ndim { digit[d] = 0 }
        var sum = 0.0
        let last = ndim - 1, lastStride = strides[last]
        let lastBasis = basis + last * width
        while true {
            var weight = 1.0, index = base
            for d in 0..<last {
                weight *= basis[d * width + digit[d]]
                index += digit[d] * strides[d]
            }
            var inner = 0.0
            for a in 0..<width { inner += c[index + a * lastStride] * lastBasis[a] }
            sum += weight * inner
            var d = last - 1
            while d >= 0 {
                digit[d] += 1
                if digit[d] < width { break }
                digit[d] = 0
                d -= 1
            }
            if d < 0 { break }
        }
        return sum
    }
}

/// Raw pointers into a ``RegularGridInterpolator``'s tables, for the
/// per-point kernels (valid inside `_evaluate` only).
struct _GridView {
    let ndim: Int
    let tables: UnsafePointer<Double>
    let layout: UnsafePointer<Int>
    let values: UnsafePointer<Double>
    let coefficients: UnsafePointer<Double>

    /// The first point of axis d.
    @inline(__always) func first(_ d: Int) -> Double { tables[3 * d] }
    /// The last point of axis d.
    @inline(__always) func last(_ d: Int) -> Double { tables[3 * d + 1] }
    /// Cells per unit length of axis d, for the evenly-spaced guess.
    @inline(__always) func cellsPerUnit(_ d: Int) -> Double { tables[3 * d + 2] }
    /// The points of axis d.
    @inline(__always) func points(_ d: Int) -> UnsafePointer<Double> { tables + layout[d] }
    /// The number of points of axis d.
    @inline(__always) func count(_ d: Int) -> Int { layout[d + 1] - layout[d] }
    /// The spline knots of axis d.
    @inline(__always) func knots(_ d: Int) -> UnsafePointer<Double> { tables + layout[ndim + 1 + d] }
    /// The element strides of the values and coefficients.
    @inline(__always) var strides: UnsafePointer<Int> { layout + 2 * ndim + 2 }
}

/// The row-major `data` reversed along `axes`.
private func _flip(_ data: [Double], shape: [Int], strides: [Int], axes: [Int]) -> [Double] {
    var out = data
    for i in 0..<data.count {
        var rest = i, source = 0
        for d in 0..<shape.count {
            let index = rest / strides[d]
            rest %= strides[d]
            source += (axes.contains(d) ? shape[d] - 1 - index : index) * strides[d]
        }
        out[i] = data[source]
    }
    return out
}
