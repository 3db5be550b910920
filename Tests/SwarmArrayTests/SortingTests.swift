import Foundation
import Testing
@testable import SwarmArray

/// The same data on both sides: NumPy's default_rng(seed) and our Generator
/// give the same integers, so ties and NaNs are placed identically.
private func tiedData(_ seed: UInt64, _ shape: [Int]) -> NDArray<Double> {
    var g = Generator(seed: seed)
    var x = g.integers(0, 20, shape: shape).astype(Double.self) - 5
    x[x .== 3] = NDArray(scalar: .nan)
    x[x .== 7] = NDArray(scalar: -0.0)
    return x
}
private let pyTied = """
def tied(seed, shape):
    x = np.random.default_rng(seed).integers(0, 20, shape).astype(float) - 5
    x[x == 3] = np.nan
    x[x == 7] = -0.0
    return x

"""

@Suite struct SortingTests {
    @Test func sortAndArgsortMatchNumPy() throws {
        guard let e = try numpyExpected(pyTied + """
            x = tied(7, (30, 40)); y = tied(8, (4, 5, 6)); big = tied(9, (300_000,))
            r = np.random.default_rng(3).random(200_000) - 0.5
            dump(s1=np.sort(x), s0=np.sort(x, axis=0), sn=np.sort(x, axis=None), a1=np.argsort(x, kind='stable'),
                 a0=np.argsort(x, axis=0, kind='stable'), an=np.argsort(x, axis=None, kind='stable'),
                 y1=np.sort(y, axis=1), ya=np.argsort(y, axis=1, kind='stable'),
                 big=np.sort(big), bigi=np.argsort(big, kind='stable'), r=np.sort(r), ri=np.argsort(r, kind='stable'),
                 ints=np.sort(np.random.default_rng(5).integers(-1000, 1000, 5000)),
                 i32=np.argsort(np.random.default_rng(6).integers(-100, 100, 3000).astype(np.int32), kind='stable'),
                 bools=np.argsort(np.random.default_rng(5).integers(-1000, 1000, 5000) > 0, kind='stable'),
                 f32=np.sort(np.random.default_rng(3).random(200_000).astype(np.float32) - np.float32(0.5)))
            """) else { return }
        let x = tiedData(7, [30, 40]), y = tiedData(8, [4, 5, 6]), big = tiedData(9, [300_000])
        var g = Generator(seed: 3)
        let r = g.random(200_000) - 0.5
        check(x.sorted(), "s1", e)
        check(x.sorted(axis: 0), "s0", e)
        check(x.sorted(axis: nil), "sn", e)
        check(x.argsort(), "a1", e)
        check(x.argsort(axis: 0), "a0", e)
        check(x.argsort(axis: nil), "an", e)
        check(y.sorted(axis: 1), "y1", e)
        check(y.argsort(axis: 1), "ya", e)
        check(big.sorted(), "big", e)
        check(big.argsort(), "bigi", e)
        check(r.sorted(), "r", e)
        check(r.argsort(), "ri", e)
        var g5 = Generator(seed: 5), g6 = Generator(seed: 6)
        let ints = g5.integers(-1000, 1000, 5000)
        check(ints.sorted(), "ints", e)
        check(g6.integers(-100, 100, 3000).astype(Int32.self).argsort(), "i32", e)
        check((ints .> 0).argsort(), "bools", e)
        var g3 = Generator(seed: 3)
        check((g3.random(200_000).astype(Float.self) - 0.5).sorted(), "f32", e)
        // The sign of zero survives: -0.0 and 0.0 keep their order (stable).
        let z = NDArray<Double>([0.0, -0.0, 1, -0.0]).sorted(stable: true)
        #expect(z.toArray().map { $0.sign == .minus } == [false, true, true, false])
        // The stable sort keeps them in order on the vector sort's sizes too.
        let zeros = NDArray<Double>((0..<300).map { $0 % 3 == 0 ? -0.0 : 0.0 }).sorted(stable: true)
        #expect(zeros.toArray().map { $0.sign == .minus } == (0..<300).map { $0 % 3 == 0 })
    }

    /// The unstable sort (the AVX-512 quicksort where the CPU has it) against
    /// Swift's sort in NumPy's order, for 64-bit and 32-bit types, on the
    /// sizes where its paths change (register networks up to 128 or 256,
    /// one core below 2^17, split among the cores above) and on inputs that
    /// defeat naive pivots.
    @Test func unstableSortMatchesAReferenceSort() {
        var g = Generator(seed: 21)
        let sizes = [0, 1, 2, 63, 64, 65, 100, 127, 128, 129, 130, 191, 256, 257, 300, 1000, 4095, 4096, 4097, 50_000,
                     (1 << 17) + 3, 300_001]
        func patterns(_ n: Int) -> [[Double]] {
            let random = g.random(n).toArray().map { $0 - 0.5 }
            let few = g.integers(0, 4, n).toArray().map(Double.init)
            let special: [Double] = [.nan, -.nan, .infinity, -.infinity, 0.0, -0.0, .greatestFiniteMagnitude,
                                     -.leastNonzeroMagnitude, 1, -1]
            let mixed = (0..<n).map { special[($0 * 7919) % special.count] }
            let sorted = (0..<n).map(Double.init), reversed = sorted.reversed().map { $0 }
            let organ = (0..<n).map { Double(Swift.min($0, n - $0)) }
            return [random, few, mixed, sorted, reversed, organ, [Double](repeating: 2.5, count: n)]
        }
        for n in sizes {
            for (p, values) in patterns(n).enumerated() {
                let ours = NDArray(values).sorted().toArray()
                let reference = values.sorted(by: Double._ndLess)
                // Equal values are interchangeable: compare bit patterns, with
                // the zeros' signs (and NaNs' payloads) counted separately.
                let same = zip(ours, reference).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
                #expect(ours.count == n && same, "n \(n), pattern \(p)")
                let negativeZeros = { (x: [Double]) in x.filter { $0 == 0 && $0.sign == .minus }.count }
                let nanBits = { (x: [Double]) in x.filter(\.isNaN).map(\.bitPattern).sorted() }
                #expect(negativeZeros(ours) == negativeZeros(values), "n \(n), pattern \(p): sign of zero lost")
                #expect(nanBits(ours) == nanBits(values), "n \(n), pattern \(p): NaNs changed")
                let ints = values.map { Swift.abs($0) < 1e15 ? Int($0 * 1000) : ($0.isNaN ? 0 : ($0 > 0 ? Int.max : Int.min)) }
                #expect(NDArray(ints).sorted().toArray() == ints.sorted(), "Int n \(n), pattern \(p)")
                let int64s = ints.map { Int64($0) }
                #expect(NDArray(int64s).sorted().toArray() == int64s.sorted(), "Int64 n \(n), pattern \(p)")
                let int32s = ints.map { Int32(clamping: $0) }
                #expect(NDArray(int32s).sorted().toArray() == int32s.sorted(), "Int32 n \(n), pattern \(p)")
                let floats = values.map { Float($0) }
                let oursFloat = NDArray(floats).sorted().toArray()
                let referenceFloat = floats.sorted(by: Float._ndLess)
                #expect(oursFloat.count == n && zip(oursFloat, referenceFloat).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) },
                        "Float n \(n), pattern \(p)")
                #expect(oursFloat.filter { $0 == 0 && $0.sign == .minus }.count == floats.filter { $0 == 0 && $0.sign == .minus }.count,
                        "Float n \(n), pattern \(p): sign of zero lost")
            }
        }
        // The split into parts for more cores than this machine has: every
        // key of a part below every key of the next, nothing lost.
        if _VectorSort.available {
            for kind in [_VectorSort.Kind.int64, .int32] {
                var keys64 = (0..<300_000).map { Int64(($0 * 7919) % 1000) - 500 }
                var keys32 = keys64.map { Int32($0) }
                let bounds = kind == .int64
                    ? keys64.withUnsafeMutableBytes { _VectorSort.split($0.baseAddress!, count: 300_000, kind: kind, into: 8) }
                    : keys32.withUnsafeMutableBytes { _VectorSort.split($0.baseAddress!, count: 300_000, kind: kind, into: 8) }
                let whole = bounds.count == 9 && bounds.first == 0 && bounds.last == 300_000
                #expect(whole, "\(kind) bounds \(bounds)")
                let keys = kind == .int64 ? keys64 : keys32.map { Int64($0) }
                for k in 1..<(bounds.count - 1) {
                    let below: Int64 = keys[bounds[k - 1]..<bounds[k]].max()!
                    let above: Int64 = keys[bounds[k]..<bounds[k + 1]].min()!
                    let ordered = below <= above
                    #expect(ordered, "\(kind) part \(k - 1) reaches \(below), part \(k) starts at \(above)")
                }
                let original: [Int64] = (0..<300_000).map { Int64(($0 * 7919) % 1000) - 500 }
                let same = keys.sorted() == original.sorted()
                #expect(same, "\(kind): keys lost or changed")
            }
        }
        // Many lanes, along either axis.
        let m = g.random(37, 1500) - 0.5
        let rows = m.sorted(axis: 1), columns = m.sorted(axis: 0)
        for i in 0..<37 { #expect(rows[i, .all].toArray() == m[i, .all].toArray().sorted()) }
        for j in [0, 700, 1499] { #expect(columns[.all, j].toArray() == m[.all, j].toArray().sorted()) }
    }

    @Test func complexSortsByRealThenImaginary() throws {
        guard let text = try numpy("""
            z = np.array([3+1j, 1+2j, 1-1j, complex(np.nan, 0), complex(2, np.nan), 1+2j, -1+0j])
            s = np.sort(z); print(json.dumps([[v.real if v.real == v.real else "nan", v.imag if v.imag == v.imag else "nan"] for v in s]))
            """) else { return }
        let expected = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [[Any]]
        typealias C = Complex<Double>
        let z = NDArray<C>([C(3, 1), C(1, 2), C(1, -1), C(.nan, 0), C(2, .nan), C(1, 2), C(-1, 0)]).sorted()
        for (ours, theirs) in zip(z.toArray(), expected) {
            #expect(close(ours.rawStorage.x, doubles([theirs[0]])[0]) && close(ours.rawStorage.y, doubles([theirs[1]])[0]),
                    "\(ours) vs \(theirs)")
        }
    }

    @Test func partitionPlacesKthElements() {
        let x = tiedData(11, [50, 70])
        let sortedRows = x.sorted(axis: 1)
        for kth in [[0], [35], [69], [3, 40, 41], [-1, 10]] {
            let p = x.partitioned(kth, axis: 1)
            let ap = x.argpartition(kth, axis: 1)
            for row in 0..<50 {
                let lane = p[row, .all].toArray(), sortedLane = sortedRows[row, .all].toArray()
                let taken = ap[row, .all].toArray().map { x[row, $0] }
                for k in kth.map({ $0 < 0 ? $0 + 70 : $0 }) {
                    #expect(lane[k].isNaN ? sortedLane[k].isNaN : lane[k] == sortedLane[k], "row \(row) kth \(k)")
                    #expect(taken[k].isNaN ? sortedLane[k].isNaN : taken[k] == sortedLane[k])
                    for i in 0..<k { #expect(!Double._ndLess(lane[k], lane[i])) }
                    for i in (k + 1)..<70 { #expect(!Double._ndLess(lane[i], lane[k])) }
                }
                #expect(lane.sorted(by: Double._ndLess).map(\.bitPattern) == sortedLane.map(\.bitPattern)
                        || lane.filter { !$0.isNaN }.sorted() == sortedLane.filter { !$0.isNaN })
            }
        }
        // Along axis 0, and a long lane.
        let col = x.partitioned([25], axis: 0)
        #expect(col[25, 3] == x.sorted(axis: 0)[25, 3] || col[25, 3].isNaN)
        var g = Generator(seed: 1)
        let long = g.random(1_000_000)
        #expect(long.partitioned([500_000])[500_000] == long.sorted()[500_000])
    }

    @Test func searchingAndCountingMatchNumPy() throws {
        guard let e = try numpyExpected(pyTied + """
            x = tied(4, (6, 7)); s = np.sort(tied(5, (100,))); q = tied(6, (3, 9))
            nz = np.nonzero(x)
            dump(l=np.searchsorted(s, q), r=np.searchsorted(s, q, side='right'),
                 srt=np.searchsorted(tied(5, (100,)), q, sorter=np.argsort(tied(5, (100,)), kind='stable')),
                 nz0=nz[0], nz1=nz[1], aw=np.argwhere(x), fl=np.flatnonzero(x),
                 cn=np.count_nonzero(x), cn0=np.count_nonzero(x, axis=0), cn1=np.count_nonzero(x, axis=1, keepdims=True),
                 sl=np.searchsorted([1, 2, 2, 3], 2), sr=np.searchsorted([1, 2, 2, 3], 2, side='right'),
                 lx=np.lexsort([np.array([3, 1, 2, 1, 3]), np.array([1, 1, 0, 0, 1])]))
            """) else { return }
        let x = tiedData(4, [6, 7]), unsorted = tiedData(5, [100]), s = unsorted.sorted(), q = tiedData(6, [3, 9])
        check(searchsorted(s, q), "l", e)
        check(searchsorted(s, q, side: .right), "r", e)
        check(searchsorted(unsorted, q, sorter: unsorted.argsort()), "srt", e)
        let nz = x.nonzero()
        check(nz[0], "nz0", e)
        check(nz[1], "nz1", e)
        check(x.argwhere(), "aw", e)
        check(x.flatnonzero(), "fl", e)
        check(NDArray(scalar: x.countNonzero()), "cn", e)
        check(x.countNonzero(axis: 0), "cn0", e)
        check(x.countNonzero(axis: 1, keepdims: true), "cn1", e)
        check(NDArray(scalar: searchsorted(NDArray<Int>([1, 2, 2, 3]), 2)), "sl", e)
        check(NDArray(scalar: searchsorted(NDArray<Int>([1, 2, 2, 3]), 2, side: .right)), "sr", e)
        check(lexsort([NDArray<Int>([3, 1, 2, 1, 3]), NDArray<Int>([1, 1, 0, 0, 1])]), "lx", e)
    }

    @Test func uniqueAndSetsMatchNumPy() throws {
        guard let e = try numpyExpected(pyTied + """
            x = tied(12, (8, 9)); a = np.array([5, 1, 3, 3, 9, 1, 7]); b = np.array([3, 8, 1, 1, 0])
            v, i, inv, c = np.unique(x, return_index=True, return_inverse=True, return_counts=True)
            m = np.array([[1, 2], [3, 4], [1, 2], [0, 9], [3, 4]])
            mv, mi, minv, mc = np.unique(m, axis=0, return_index=True, return_inverse=True, return_counts=True)
            cv = np.unique(m, axis=1)
            iv, ia, ib = np.intersect1d(a, b, return_indices=True)
            dump(v=v, i=i, inv=inv, c=c, mv=mv, mi=mi, minv=minv, mc=mc, cv=cv, iv=iv, ia=ia, ib=ib,
                 un=np.union1d(a, b), sd=np.setdiff1d(a, b), sx=np.setxor1d(a, b),
                 isin=np.isin(x, [1., np.nan, -0.0, 14.]), notin=np.isin(a, b, invert=True),
                 nn=np.unique(x, equal_nan=False))
            """) else { return }
        let x = tiedData(12, [8, 9])
        let a = NDArray<Int>([5, 1, 3, 3, 9, 1, 7]), b = NDArray<Int>([3, 8, 1, 1, 0])
        let r = uniqueAll(x)
        check(r.values, "v", e)
        check(r.indices, "i", e)
        check(r.inverse, "inv", e)
        check(r.counts, "c", e)
        let m = NDArray<Int>([[1, 2], [3, 4], [1, 2], [0, 9], [3, 4]])
        let rm = uniqueAll(m, axis: 0)
        check(rm.values, "mv", e)
        check(rm.indices, "mi", e)
        check(rm.inverse, "minv", e)
        check(rm.counts, "mc", e)
        check(unique(m, axis: 1), "cv", e)
        let (iv, ia, ib) = intersect1dIndices(a, b)
        check(iv, "iv", e)
        check(ia, "ia", e)
        check(ib, "ib", e)
        check(union1d(a, b), "un", e)
        check(setdiff1d(a, b), "sd", e)
        check(setxor1d(a, b), "sx", e)
        check(isin(x, NDArray<Double>([1, .nan, -0.0, 14])), "isin", e)
        check(isin(a, b, invert: true), "notin", e)
        check(unique(x, equalNaN: false), "nn", e)
    }
}
