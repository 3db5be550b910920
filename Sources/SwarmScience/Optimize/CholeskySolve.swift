// The two triangular solves that follow a Cholesky factorisation, shared by
// the interior-point method's normal equations and L-BFGS-B's middle matrix.

/// Overwrites `v` with the solution of L Lᵀ x = v, for the lower-triangular
/// factor `l` (row-major, `order` × `order`; only its lower triangle is read).
func _choleskySolve(_ l: [Double], order m: Int, _ v: inout [Double]) {
    for i in 0..<m {
        var s = v[i]
        for t in 0..<i { s -= l[i * m + t] * v[t] }
        v[i] = s / l[i * m + i]
    }
    for i in stride(from: m - 1, through: 0, by: -1) {
        var s = v[i]
        for t in (i + 1)..<Swift.max(m, i + 1) { s -= l[t * m + i] * v[t] }
        v[i] = s / l[i * m + i]
    }
}
