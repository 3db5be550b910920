import Foundation

// Bessel functions of the first and second kind of integer order. J₀ is
// Cephes' (SciPy's) rational fits, with the Hankel phase expanded so that
// the C library reduces x exactly: as accurate as glibc's j0 and half its
// cost. j1/jn/y0/y1 are the C library's, which use the same rational
// approximations and Hankel forms as Cephes and are more accurate for
// large x (they reduce x - π/4 exactly, where Cephes
// loses ~x·ε absolutely); the out-of-domain values (NaN at ±∞) are SciPy's.

extension Special {
    /// The Bessel function of the first kind of order 0, J₀(x); NaN at ±∞
    /// as in SciPy.
    ///
    /// - Complexity: O(1).
    public static func j0(_ x: Double) -> Double {
        if !x.isFinite { return .nan }
        let t = Swift.abs(x)
        if t <= 5 {
            let z = t * t
            if t < 1e-5 { return 1 - z / 4 }
            // Cephes: (z - j₀,₁²)(z - j₀,₂²) R(z), R a rational fit; the
            // factored zeros keep the relative accuracy near them.
            var p = -4.79443220978201773821e9
            p = p * z + 1.95617491946556577543e12
            p = p * z - 2.49248344360967716204e14
            p = p * z + 9.70862251047306323952e15
            var q = z + 4.99563147152651017219e2
            q = q * z + 1.73785401676374683123e5
            q = q * z + 4.84409658339962045305e7
            q = q * z + 1.11855537045356834862e10
            q = q * z + 2.11277520115489217587e12
            q = q * z + 3.10518229857422583814e14
            q = q * z + 3.18121955943204943306e16
            q = q * z + 1.71086294081043136091e18
            return (z - 5.78318596294678452118e0) * (z - 3.04712623436620863991e1) * p / q
        }
        // Hankel's form √(2/πx)(P cos(x - π/4) - (5/x) Q sin(x - π/4)) with
        // Cephes' rational P and Q in 25/x², the phase expanded into cos x
        // and sin x so that x itself is reduced exactly (by the C library).
        let w = 5 / t, z = 25 / (t * t)
        var pp = 7.96936729297347051624e-4
        pp = pp * z + 8.28352392107440799803e-2
        pp = pp * z + 1.23953371646414299388e0
        pp = pp * z + 5.44725003058768775090e0
        pp = pp * z + 8.74716500199817011941e0
        pp = pp * z + 5.30324038235394892183e0
        pp = pp * z + 9.99999999999999997821e-1
        var pq = 9.24408810558863637013e-4
        pq = pq * z + 8.56288474354474431428e-2
        pq = pq * z + 1.25352743901058953537e0
        pq = pq * z + 5.47097740330417105182e0
        pq = pq * z + 8.76190883237069594232e0
        pq = pq * z + 5.30605288235394617618e0
        pq = pq * z + 1.00000000000000000218e0
        var qp = -1.13663838898469149931e-2
        qp = qp * z - 1.28252718670509318512e0
        qp = qp * z - 1.95539544257735972385e1
        qp = qp * z - 9.32060152123768231369e1
        qp = qp * z - 1.77681167980488050595e2
        qp = qp * z - 1.47077505154951170175e2
        qp = qp * z - 5.14105326766599330220e1
        qp = qp * z - 6.05014350600728481186e0
        var qq = z + 6.43178256118178023184e1
        qq = qq * z + 8.56430025976980587198e2
        qq = qq * z + 3.88240183605401609683e3
        qq = qq * z + 7.24046774195652478189e3
        qq = qq * z + 5.93072701187316984827e3
        qq = qq * z + 2.06209331660327847417e3
        qq = qq * z + 2.42005740240291393179e2
        let p = pp / pq, wq = w * (qp / qq)
        let amplitude = (p + wq) * cos(t) + (p - wq) * sin(t)
        return amplitude * 0.56418958354775628695 / t.squareRoot()  // 1/√π
    }

    /// The Bessel function of the first kind of order 1, J₁(x).
    ///
    /// - Complexity: O(1).
    public static func j1(_ x: Double) -> Double { x.isInfinite ? .nan : _libmJ1(x) }

    /// The Bessel function of the first kind of integer order n, Jₙ(x)
    /// (SciPy's `jn`); J₋ₙ = (-1)ⁿ Jₙ.
    ///
    /// - Complexity: O(n) for x < n (downward recurrence), O(1) beyond.
    public static func jn(_ n: Int, _ x: Double) -> Double {
        if x.isNaN || x.isInfinite { return .nan }
        guard let order = Int32(exactly: n) else {
            // |n| ≥ 2³¹: Jₙ(x) underflows unless x is comparable to n.
            return Swift.abs(x) < 1e9 ? 0 : .nan
        }
        return _libmJn(order, x)
    }

    /// The Bessel function of the second kind of order 0, Y₀(x): -∞ at 0,
    /// NaN for x < 0.
    ///
    /// - Complexity: O(1).
    public static func y0(_ x: Double) -> Double {
        if x < 0 || x == .infinity { return .nan }
        return x == 0 ? -.infinity : _libmY0(x)
    }

    /// The Bessel function of the second kind of order 1, Y₁(x): -∞ at 0,
    /// NaN for x < 0.
    ///
    /// - Complexity: O(1).
    public static func y1(_ x: Double) -> Double {
        if x < 0 || x == .infinity { return .nan }
        return x == 0 ? -.infinity : _libmY1(x)
    }
}
