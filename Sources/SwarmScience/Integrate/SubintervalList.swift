// The subintervals of an adaptive integration and the ordering of their
// error estimates (QUADPACK's `alist`, `blist`, `rlist`, `elist`, `iord`,
// `level` and its routine `qpsrt`). Indices run from 1 as in QUADPACK, so
// that the drivers read against the published algorithm.

/// The subintervals of one adaptive integration, at most `limit` of them,
/// in scratch memory that lives for one integration (see ``_withScratch``).
struct _SubintervalList {
    /// The most subintervals there may be.
    let limit: Int
    /// Left ends, right ends, integrals and error estimates.
    let lower, upper, integral, error: UnsafeMutablePointer<Double>
    /// `order[1…nrmax]`: interval numbers by decreasing error estimate.
    let order: UnsafeMutablePointer<Int>
    /// The bisection depth of each interval (used with break points).
    let level: UnsafeMutablePointer<Int>

    /// The sum of the integrals of intervals 1…last.
    func totalIntegral(last: Int) -> Double {
        var sum = 0.0
        for k in 1...last { sum += integral[k] }
        return sum
    }

    /// Stores the halves [a1, b1] and [b1, b2] of interval `bisected`: the
    /// half with the larger error keeps its number, the other becomes `last`.
    func storeHalves(of bisected: Int, as last: Int, _ a1: Double, _ b1: Double, _ b2: Double,
                     _ left: _RuleEstimate, _ right: _RuleEstimate) {
        if right.error > left.error {
            lower[bisected] = b1
            lower[last] = a1; upper[last] = b1
            integral[bisected] = right.result; integral[last] = left.result
            error[bisected] = right.error; error[last] = left.error
        } else {
            lower[last] = b1
            upper[bisected] = b1; upper[last] = b2
            integral[bisected] = left.result; integral[last] = right.result
            error[bisected] = left.error; error[last] = right.error
        }
    }

    /// Keeps `order` sorted by decreasing error after interval `maxErr` was
    /// bisected into `maxErr` and `last`, and returns the next interval to
    /// bisect (QUADPACK's `qpsrt`). Only the first `limit + 3 - last`
    /// positions are kept in order once more than half the limit is used,
    /// since intervals further down can never be bisected in time.
    func reorder(last: Int, maxErr: inout Int, maxError: inout Double, nrmax: inout Int) {
        if last <= 2 {
            order[1] = 1
            order[2] = 2
        } else {
            let errmax = error[maxErr]
            // The error of the bisected interval may have grown past those
            // above it (possible with roundoff): move it up.
            if nrmax != 1 {
                for _ in 1...(nrmax - 1) {
                    let above = order[nrmax - 1]
                    if errmax <= error[above] { break }
                    order[nrmax] = above
                    nrmax -= 1
                }
            }
            let top = last > limit / 2 + 2 ? limit + 3 - last : last
            let errmin = error[last]
            let bottom = top - 1
            // Insert maxErr by walking down from nrmax + 1.
            var i = nrmax + 1
            var found = false
            while i <= bottom {
                let next = order[i]
                if errmax >= error[next] { found = true; break }
                order[i - 1] = next
                i += 1
            }
            if !found {
                order[bottom] = maxErr
                order[top] = last
            } else {
                order[i - 1] = maxErr
                // Insert `last` by walking up from the bottom.
                var k = bottom
                var placed = false
                for _ in i...bottom {
                    let next = order[k]
                    if errmin < error[next] {
                        order[k + 1] = last
                        placed = true
                        break
                    }
                    order[k + 1] = next
                    k -= 1
                }
                if !placed { order[i] = last }
            }
        }
        maxErr = order[nrmax]
        maxError = error[maxErr]
    }
}

/// Runs `body` with a subinterval list for `limit` intervals and an
/// epsilon table, both in one temporary allocation (an integration that
/// converges on its first estimate never gets here).
func _withScratch<R>(limit: Int, _ body: (_SubintervalList, inout _EpsilonTable) -> R) -> R {
    let n = limit + 2
    let tableSize = _EpsilonTable.storage
    return withUnsafeTemporaryAllocation(of: Double.self, capacity: 4 * n + tableSize) { doubles in
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * n) { ints in
            doubles.initialize(repeating: 0)
            ints.initialize(repeating: 0)
            let d = doubles.baseAddress!, i = ints.baseAddress!
            let list = _SubintervalList(limit: limit, lower: d, upper: d + n, integral: d + 2 * n,
                                        error: d + 3 * n, order: i, level: i + n)
            var table = _EpsilonTable(storage: d + 4 * n)
            return body(list, &table)
        }
    }
}
