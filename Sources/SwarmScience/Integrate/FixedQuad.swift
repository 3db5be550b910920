import RealModule

// `scipy.integrate.fixed_quad` and `scipy.special.roots_legendre`:
// n-point Gauss–Legendre quadrature, exact for polynomials of degree
// 2n - 1.

/// The nodes and weights of n-point Gauss–Legendre quadrature on [-1, 1]
/// (SciPy's `scipy.special.roots_legendre`), nodes ascending.
///
/// Each node is found by Newton's method on the Legendre polynomial Pₙ
/// from Tricomi's approximation, so nodes and weights are accurate to a
/// few ulp for any n.
///
/// - Precondition: `n >= 1`.
public func rootsLegendre(_ n: Int) -> (nodes: [Double], weights: [Double]) {
    precondition(n >= 1, "rootsLegendre needs n >= 1, not \(n)")
    var nodes = [Double](repeating: 0, count: n), weights = nodes
    let m = (n + 1) / 2
    for i in 0..<m {
        // The i-th largest root; Tricomi's first-order approximation.
        let theta = Double.pi * (Double(i) + 0.75) / (Double(n) + 0.5)
        var x = (1 - Double(n - 1) / (8 * Double(n) * Double(n) * Double(n))) * Double.cos(theta)
        var derivative = 0.0
        for _ in 0..<100 {
            let (p, dp) = _legendre(n, x)
            let step = p / dp
            x -= step
            derivative = dp
            if Swift.abs(step) <= 1e-16 * Swift.max(1, Swift.abs(x)) { break }
        }
        derivative = _legendre(n, x).1
        // (1 - x)(1 + x) rather than 1 - x², which cancels near the ends.
        let w = 2 / ((1 - x) * (1 + x) * derivative * derivative)
        nodes[n - 1 - i] = x
        nodes[i] = -x
        weights[n - 1 - i] = w
        weights[i] = w
    }
    if n % 2 == 1 { nodes[n / 2] = 0 }
    return (nodes, weights)
}

/// Pₙ(x) and Pₙ′(x) by the three-term recurrence.
private func _legendre(_ n: Int, _ x: Double) -> (Double, Double) {
    var p0 = 1.0, p1 = x
    if n == 0 { return (1, 0) }
    for k in stride(from: 2, through: n, by: 1) {
        let p2 = ((2 * Double(k) - 1) * x * p1 - (Double(k) - 1) * p0) / Double(k)
        p0 = p1
        p1 = p2
    }
    let dp = Double(n) * (x * p1 - p0) / ((x - 1) * (x + 1))
    return (p1, dp)
}

/// The integral of `f` from `a` to `b` by n-point Gauss–Legendre
/// quadrature (SciPy's `scipy.integrate.fixed_quad`): exact for
/// polynomials of degree up to 2n - 1, with no error estimate.
///
/// - Precondition: `n >= 1`.
public func fixedQuad(_ f: (Double) -> Double, _ a: Double, _ b: Double, n: Int = 5) -> Double {
    let (x, w) = rootsLegendre(n)
    var sum = 0.0
    for i in 0..<n { sum += w[i] * f((b - a) * (x[i] + 1) / 2 + a) }
    return (b - a) / 2 * sum
}
