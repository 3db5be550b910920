// The index sampling behind `Generator.choice`, step for step as NumPy's
// `Generator.choice`, so that the same words are drawn in the same order:
//
// - with replacement, uniform: `integers(0, n)` per sample;
// - with replacement, weighted: one `random()` per sample, looked up in the
//   normalized cumulative sum of `p` (`searchsorted(..., side="right")`);
// - without replacement, weighted: rounds of `random()` for the samples still
//   missing, found indices zeroed in `p`, duplicates of a round dropped;
// - without replacement, uniform: Floyd's algorithm with an open-addressing
//   hash set, then a Fisher–Yates pass (Lemire draws) when `shuffle` is set;
//   or, for a population over 10 000 of which a large share is drawn, a
//   partial Fisher–Yates over the whole population.

extension Generator {
    /// `count` indices in 0..<population, as `Generator.choice` draws them.
    mutating func _choiceIndices(population n: Int, count: Int, replace: Bool, p: [Double]?, shuffle: Bool) -> [Int] {
        precondition(
            n > 0 || count == 0,
            "Generator.choice: the population is empty (\(n)) but \(count) samples were asked for")
        if let p { Self._checkProbabilities(p, population: n) }
        if replace {
            if let p {
                let cdf = Self._normalizedCumulativeSum(p)
                return (0..<count).map { _ in Self._searchSortedRight(cdf, bitGenerator.nextDouble()) }
            }
            guard count > 0 else { return [] }
            let rng = UInt64(n - 1)
            return (0..<count).map { _ in Int(truncatingIfNeeded: bitGenerator.bounded(rng)) }
        }
        precondition(
            count <= n,
            "Generator.choice: cannot take \(count) samples from a population of \(n) without replacement")
        if let p {
            return _weightedSampleWithoutReplacement(p, count: count)
        }
        let cutoff = shuffle ? 50 : 20
        if n > 10_000 && count > n / cutoff {
            return _tailShuffleSample(population: n, count: count)
        }
        return _floydSample(population: n, count: count, shuffle: shuffle)
    }

    /// Weighted sampling without replacement, in rounds.
    mutating func _weightedSampleWithoutReplacement(_ p: [Double], count: Int) -> [Int] {
        let nonZero = p.lazy.filter { $0 > 0 }.count
        precondition(
            nonZero >= count,
            "Generator.choice: p has \(nonZero) non-zero entries, fewer than the \(count) samples asked for")
        var p = p
        var found: [Int] = []
        found.reserveCapacity(count)
        while found.count < count {
            let uniforms = (0..<(count - found.count)).map { _ in bitGenerator.nextDouble() }
            for index in found { p[index] = 0 }
            let cdf = Self._normalizedCumulativeSum(p)
            var seen = Set<Int>()
            for u in uniforms {
                let index = Self._searchSortedRight(cdf, u)
                if seen.insert(index).inserted { found.append(index) }
            }
        }
        return found
    }

    /// The last `count` places of a Fisher–Yates pass over 0..<population
    /// that stops after `count` swaps.
    mutating func _tailShuffleSample(population n: Int, count: Int) -> [Int] {
        var indices = Array(0..<n)
        _shuffleWithLemire(&indices, through: max(n - count, 1))
        return Array(indices[(n - count)...])
    }

    /// Floyd's sampling of `count` distinct values in 0..<population.
    mutating func _floydSample(population n: Int, count: Int, shuffle: Bool) -> [Int] {
        // The smallest power of two above 1.2 × count, as NumPy sizes it.
        let mask = Self._bitMask(covering: UInt64(1.2 * Double(count)))
        let empty = UInt64.max
        var hashSet = [UInt64](repeating: empty, count: Int(mask) + 1)
        var result = [Int](repeating: 0, count: count)
        for j in (n - count)..<n {
            let value = bitGenerator.bounded(UInt64(j))
            var slot = Int(value & mask)
            while hashSet[slot] != empty && hashSet[slot] != value {
                slot = (slot + 1) & Int(mask)
            }
            if hashSet[slot] == empty {
                hashSet[slot] = value
                result[j - n + count] = Int(value)
            } else {
                // `value` was drawn before: take `j` itself, new by construction.
                slot = j & Int(mask)
                while hashSet[slot] != empty { slot = (slot + 1) & Int(mask) }
                hashSet[slot] = UInt64(j)
                result[j - n + count] = j
            }
        }
        if shuffle { _shuffleWithLemire(&result, through: 1) }
        return result
    }

    /// Fisher–Yates from the end down to index `first`, drawing with
    /// Lemire's method (NumPy's `Generator._shuffle_int`).
    mutating func _shuffleWithLemire(_ values: inout [Int], through first: Int) {
        guard values.count - 1 >= first else { return }
        for i in stride(from: values.count - 1, through: first, by: -1) {
            let j = Int(truncatingIfNeeded: bitGenerator.bounded(UInt64(i)))
            values.swapAt(i, j)
        }
    }

    /// The smallest `2ᵏ − 1` at least `value` (NumPy's `_gen_mask`).
    static func _bitMask(covering value: UInt64) -> UInt64 {
        value == 0 ? 0 : UInt64.max &>> value.leadingZeroBitCount
    }

    /// Traps unless `p` is a probability vector for the population, with
    /// NumPy's checks: the right length, no NaN, no negative entry, and a
    /// (Kahan) sum within √ε of 1.
    static func _checkProbabilities(_ p: [Double], population: Int) {
        precondition(
            p.count == population,
            "Generator.choice: p has \(p.count) entries but the population has \(population)")
        var sum = p.first ?? 0
        var compensation = 0.0
        for value in p.dropFirst() {
            let y = value - compensation
            let t = sum + y
            compensation = (t - sum) - y
            sum = t
        }
        precondition(!sum.isNaN, "Generator.choice: probabilities contain NaN")
        precondition(!p.contains { $0 < 0 }, "Generator.choice: probabilities must be non-negative")
        let tolerance = Double.ulpOfOne.squareRoot()
        precondition(
            !(abs(sum - 1) > tolerance),
            "Generator.choice: probabilities sum to \(sum), not 1 (tolerance \(tolerance))")
    }

    /// `cumsum(p) / cumsum(p)[-1]`, summed left to right as NumPy does.
    static func _normalizedCumulativeSum(_ p: [Double]) -> [Double] {
        var running = 0.0
        var cdf = p.map { value in
            running += value
            return running
        }
        if let total = cdf.last {
            for i in cdf.indices { cdf[i] /= total }
        }
        return cdf
    }

    /// The number of entries of the sorted `cdf` that are `<= x`
    /// (`searchsorted(x, side="right")`).
    static func _searchSortedRight(_ cdf: [Double], _ x: Double) -> Int {
        var low = 0, high = cdf.count
        while low < high {
            let middle = (low + high) / 2
            if cdf[middle] <= x { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
