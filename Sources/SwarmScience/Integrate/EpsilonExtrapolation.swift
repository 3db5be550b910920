// Wynn's epsilon algorithm as QUADPACK's `qelg` runs it: the adaptive
// driver feeds it the sequence of integral approximations obtained as the
// smallest subintervals are bisected, and the algorithm extrapolates that
// sequence to its limit. This is what lets `quad` converge on integrable
// endpoint singularities such as 1/√x or log x.

/// The extrapolation table and the last three extrapolated values.
/// Indices follow QUADPACK's numbering (from 1), so that the code reads
/// against the published algorithm.
struct _EpsilonTable {
    /// `epstab(1…52)`: the table (QUADPACK's `rlist2`); element 0 unused.
    let table: UnsafeMutablePointer<Double>
    /// `res3la(1…3)`: the last three results; element 0 unused.
    let lastResults: UnsafeMutablePointer<Double>
    /// `nres`: how many extrapolations have run.
    var extrapolations = 0
    /// `numrl2`: how many elements of the table are in use.
    var count = 0

    /// The table holds at most this many elements before the oldest are dropped.
    static let limit = 50
    /// How many doubles of zeroed scratch memory a table needs.
    static let storage = 53 + 4

    /// A table in `storage` zeroed doubles of scratch memory.
    init(storage: UnsafeMutablePointer<Double>) {
        table = storage
        lastResults = storage + 53
    }

    /// Appends `value` to the sequence being extrapolated.
    mutating func append(_ value: Double) {
        count += 1
        table[count] = value
    }

    /// Runs one step of the algorithm on the elements in the table and
    /// returns the best extrapolated limit with an estimate of its error.
    /// May shorten the table (`count`), as QUADPACK's does.
    mutating func extrapolate() -> (result: Double, error: Double) {
        let epsilon = _Machine.epsilon, huge = _Machine.overflow
        extrapolations += 1
        var error = huge
        var n = count
        var result = table[n]
        if n < 3 { return (result, Swift.max(error, 5 * epsilon * Swift.abs(result))) }
        table[n + 2] = table[n]
        let newElements = (n - 1) / 2
        table[n] = huge
        let original = n
        var k1 = n
        for i in 1...newElements {
            let k2 = k1 - 1, k3 = k1 - 2
            var res = table[k1 + 2]
            let e0 = table[k3], e1 = table[k2], e2 = res
            let e1abs = Swift.abs(e1)
            let delta2 = e2 - e1, err2 = Swift.abs(delta2)
            let tol2 = Swift.max(Swift.abs(e2), e1abs) * epsilon
            let delta3 = e1 - e0, err3 = Swift.abs(delta3)
            let tol3 = Swift.max(e1abs, Swift.abs(e0)) * epsilon
            if err2 <= tol2 && err3 <= tol3 {
                // e0, e1 and e2 agree to machine accuracy: converged.
                result = res
                error = err2 + err3
                count = n
                return (result, Swift.max(error, 5 * epsilon * Swift.abs(result)))
            }
            let e3 = table[k1]
            table[k1] = e1
            let delta1 = e1 - e3, err1 = Swift.abs(delta1)
            let tol1 = Swift.max(e1abs, Swift.abs(e3)) * epsilon
            // Two elements very close: the table is cut to avoid losing
            // significant digits.
            if err1 <= tol1 || err2 <= tol2 || err3 <= tol3 { n = i + i - 1; break }
            let ss = 1 / delta1 + 1 / delta2 - 1 / delta3
            if Swift.abs(ss * e1) <= 1e-4 { n = i + i - 1; break }
            res = e1 + 1 / ss
            table[k1] = res
            k1 -= 2
            let candidate = err2 + Swift.abs(res - e2) + err3
            if candidate <= error { error = candidate; result = res }
        }
        // Shift the table.
        if n == Self.limit { n = 2 * (Self.limit / 2) - 1 }
        var ib = original % 2 == 0 ? 2 : 1
        for _ in 1...(newElements + 1) {
            table[ib] = table[ib + 2]
            ib += 2
        }
        if original != n {
            var index = original - n + 1
            for i in 1...n {
                table[i] = table[index]
                index += 1
            }
        }
        count = n
        if extrapolations < 4 {
            lastResults[extrapolations] = result
            error = huge
        } else {
            error = Swift.abs(result - lastResults[3]) + Swift.abs(result - lastResults[2])
                + Swift.abs(result - lastResults[1])
            lastResults[1] = lastResults[2]
            lastResults[2] = lastResults[3]
            lastResults[3] = result
        }
        return (result, Swift.max(error, 5 * epsilon * Swift.abs(result)))
    }
}
