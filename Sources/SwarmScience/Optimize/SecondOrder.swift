// Second-order information for Newton-CG and trust-ncg: a Hessian
// function, a Hessian-vector product, or (Newton-CG only) products by
// differences of the gradient.

/// How a second-order method gets Hessian-vector products.
struct _HessianSource {
    var hessian: (([Double]) -> [[Double]])?
    var product: (([Double], [Double]) -> [Double])?
    private(set) var evaluations = 0
    // The Hessian of the last point, so that one point costs one call.
    private var cachedAt: [Double] = []
    private var cached: [[Double]] = []

    init(hessian: (([Double]) -> [[Double]])?, product: (([Double], [Double]) -> [Double])?) {
        self.hessian = hessian
        self.product = product
    }

    var isAvailable: Bool { hessian != nil || product != nil }

    /// H(x)·p; nil when neither a Hessian nor a product was given.
    mutating func times(_ x: [Double], _ p: [Double]) -> [Double]? {
        if let hessian {
            if x != cachedAt {
                evaluations += 1
                cached = hessian(x)
                cachedAt = x
            }
            return cached.map { row in _dot(row, p) }
        }
        if let product {
            evaluations += 1
            return product(x, p)
        }
        return nil
    }
}
