import Foundation
import Testing
@testable import SwarmArray

// SwarmArray's random numbers against NumPy 2.x: every case runs the same
// calls in Swift and in `np.random`, prints one line per call (doubles as
// IEEE-754 bit patterns in hex, integers in decimal) and compares the lines.

/// NumPy-side helpers that print values the way `RandomTests` does.
private let prelude = """
    def hx(a): return ' '.join('%x' % v for v in np.asarray(a, dtype=np.float64).ravel().view(np.uint64).tolist())
    def ints(a): return ' '.join(str(v) for v in np.asarray(a).ravel().tolist())
    def words(a): return ' '.join(str(int(v)) for v in a)
    def dims(a): return 'x'.join(map(str, np.shape(a)))
    def check(a):
        b = np.asarray(a, dtype=np.float64).ravel().view(np.uint64)
        return '%x' % int((b * np.arange(1, b.size + 1, dtype=np.uint64)).sum(dtype=np.uint64))

    """

private func hx(_ values: [Double]) -> String {
    values.map { String($0.bitPattern, radix: 16) }.joined(separator: " ")
}
private func hx(_ array: NDArray<Double>) -> String { hx(array.toArray()) }
private func ints<T: BinaryInteger>(_ values: [T]) -> String { values.map { "\($0)" }.joined(separator: " ") }
private func ints(_ array: NDArray<Int>) -> String { ints(array.toArray()) }
private func dims<E>(_ array: NDArray<E>) -> String { array.shape.map(String.init).joined(separator: "x") }
/// A position-weighted sum of bit patterns, as `check` in the prelude: long
/// streams compare in one short line.
private func check(_ array: NDArray<Double>) -> String {
    var sum: UInt64 = 0
    for (i, value) in array.toArray().enumerated() { sum &+= value.bitPattern &* UInt64(i + 1) }
    return String(sum, radix: 16)
}

/// Runs `script` (after the prelude) with NumPy and compares its output,
/// line by line, with `swift`. Returns quietly when NumPy is missing.
private func expectSameLines(
    _ swift: [String], numpy script: String, sourceLocation: SourceLocation = #_sourceLocation
) throws {
    guard let output = try numpy(prelude + script, sourceLocation: sourceLocation) else { return }
    let expected = output.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    #expect(swift.count == expected.count, "line count", sourceLocation: sourceLocation)
    for (index, (got, want)) in zip(swift, expected).enumerated() where got != want {
        Issue.record("line \(index): Swift\n\(got)\nNumPy\n\(want)", sourceLocation: sourceLocation)
    }
}

private let seeds: [UInt64] = [0, 1, 42, 12345, .max, 0xdead_beaf]
private let pySeeds = "[0, 1, 42, 12345, 2**64 - 1, 0xdeadbeaf]"

@Suite struct RandomTests {
    // MARK: - Fixed vectors (no NumPy needed)

    @Test func pcg64ConformanceVector() {
        var bits = PCG64(seed: 0xdead_beaf)
        #expect([bits.next(), bits.next(), bits.next()] == [0x60d2_4054_e17a_0698, 0xd5e7_9d89_856e_4f12, 0xd254_972f_e64b_d782])
    }

    @Test func defaultRNG42Sequence() {
        var rng = Generator(seed: 42)
        #expect(rng.random(3).toArray() == [0.7739560485559633, 0.4388784397520523, 0.8585979199113825])
        #expect(rng.integers(0, 10, 5).toArray() == [0, 6, 2, 0, 5])
        #expect(rng.standardNormal(2).toArray() == [0.12784040316728537, -0.3162425923435822])
    }

    @Test func seedSequenceDocExample() {
        #expect(SeedSequence(42).generateState(2) == [3_444_837_047, 2_669_555_309])
    }

    // MARK: - Seeding

    @Test func seedSequenceMatchesNumPy() throws {
        let cases: [(SeedSequence, String)] = [
            (SeedSequence(0), "np.random.SeedSequence(0)"),
            (SeedSequence(UInt64.max), "np.random.SeedSequence(2**64 - 1)"),
            (SeedSequence(UInt128(1) << 100 | 12345), "np.random.SeedSequence(2**100 + 12345)"),
            (SeedSequence(entropy: [1, 2, 1 << 40]), "np.random.SeedSequence([1, 2, 2**40])"),
            (SeedSequence(entropyWords: [1, 2, 3, 4, 5, 6, 7]),
             "np.random.SeedSequence(np.arange(1, 8, dtype=np.uint32))"),
            (SeedSequence(entropyWords: []), "np.random.SeedSequence([])"),
            (SeedSequence(5, spawnKey: [3, 1 << 33], poolSize: 8),
             "np.random.SeedSequence(5, spawn_key=(3, 2**33), pool_size=8)"),
            (SeedSequence(entropy: [9, 8, 7, 6, 5], spawnKey: [0]),
             "np.random.SeedSequence([9, 8, 7, 6, 5], spawn_key=(0,))"),
        ]
        let swift = cases.map { sequence, _ in
            [ints(sequence.pool), ints(sequence.generateState(9)), ints(sequence.generateState(5, as: UInt64.self))]
                .joined(separator: " | ")
        }
        let script = "for s in [\(cases.map(\.1).joined(separator: ", "))]:\n"
            + "    print(words(s.pool), '|', words(s.generate_state(9)), '|', words(s.generate_state(5, np.uint64)))\n"
        try expectSameLines(swift, numpy: script)
    }

    @Test func seedSequenceSpawnMatchesNumPy() throws {
        var root = SeedSequence(2024)
        let first = root.spawn(2)
        var grandchildren = first[1]
        let second = root.spawn(1) + grandchildren.spawn(2)
        let swift = (first + second).map { "\(ints($0.spawnKey)) \(ints($0.generateState(4)))" }
            + ["\(root.childrenSpawned)"]
        try expectSameLines(swift, numpy: """
            root = np.random.SeedSequence(2024)
            first = root.spawn(2)
            second = root.spawn(1) + first[1].spawn(2)
            for s in first + second: print(words(s.spawn_key), words(s.generate_state(4)))
            print(root.n_children_spawned)
            """)
    }

    @Test func systemEntropyIsReproducible() {
        let fresh = SeedSequence()
        #expect(fresh.entropyWords.count >= 1 && fresh.entropyWords.count <= 4)
        #expect(SeedSequence(entropyWords: fresh.entropyWords).pool == fresh.pool)
        var a = Generator(), b = Generator()
        #expect(a.random(4).toArray() != b.random(4).toArray())
    }

    @Test func pcg64StateAndRawWordsMatchNumPy() throws {
        let swift = seeds.map { seed in
            var bits = PCG64(seed: seed)
            let state = bits.state
            let raw = (0..<6).map { _ in bits.next() }
            return "\(state.state) \(state.increment) \(ints(raw))"
        }
        try expectSameLines(swift, numpy: """
            for s in \(pySeeds):
                b = np.random.PCG64(s)
                st = b.state['state']
                print(st['state'], st['inc'], words(b.random_raw(6)))
            """)
    }

    // MARK: - Floating-point distributions

    @Test(arguments: [[], [7], [3, 4], [2, 0, 3], [2, 3, 2]])
    func floatDistributionsMatchNumPy(shape: [Int]) throws {
        let swift = seeds.map { seed in
            var rng = Generator(seed: seed)
            return [
                hx(rng.random(shape: shape)), hx(rng.standardNormal(shape: shape)),
                hx(rng.standardExponential(shape: shape)), hx(rng.normal(mean: 3, std: 2.5, shape: shape)),
                hx(rng.exponential(scale: 0.7, shape: shape)), hx(rng.uniform(low: -2, high: 5, shape: shape)),
                hx([rng.random(), rng.standardNormal(), rng.standardExponential(), rng.uniform(low: 1, high: 2),
                    rng.normal(mean: 1, std: 3), rng.exponential(scale: 2), rng.uniform()]),
                shape == [] ? "" : dims(rng.random(shape: shape)),
            ].joined(separator: " | ")
        }
        let pyShape = "(" + shape.map { "\($0)," }.joined() + ")"
        try expectSameLines(swift, numpy: """
            for s in \(pySeeds):
                g = np.random.default_rng(s)
                sh = \(pyShape)
                print(' | '.join([hx(g.random(sh)), hx(g.standard_normal(sh)), hx(g.standard_exponential(sh)),
                    hx(g.normal(3, 2.5, sh)), hx(g.exponential(0.7, sh)), hx(g.uniform(-2, 5, sh)),
                    hx([g.random(), g.standard_normal(), g.standard_exponential(), g.uniform(1, 2),
                        g.normal(1, 3), g.exponential(2), g.uniform()]),
                    '' if sh == () else dims(g.random(sh))]))
            """)
    }

    @Test func variadicShapesMatchShapeArrays() {
        var a = Generator(seed: 3), b = Generator(seed: 3)
        #expect(a.random(2, 3).toArray() == b.random(shape: [2, 3]).toArray())
        #expect(a.standardNormal(4, 1).shape == [4, 1])
        _ = b.standardNormal(shape: [4, 1])
        #expect(a.standardExponential(5).toArray() == b.standardExponential(shape: [5]).toArray())
        #expect(a.integers(-3, 3, 2, 2).toArray() == b.integers(-3, 3, shape: [2, 2]).toArray())
        #expect(a.choice(9, 3).toArray() == b.choice(9, shape: [3]).toArray())
        // Without a shape the scalar overloads win.
        let (x, y, z, w) = (a.random(), a.integers(0, 10), a.standardNormal(), a.choice(4))
        #expect(type(of: x) == Double.self && type(of: y) == Int.self)
        #expect(type(of: z) == Double.self && type(of: w) == Int.self)
    }

    /// Long streams reach the ziggurats' rare paths (tails, wedge rejections).
    @Test func longZigguratStreamsMatchNumPy() throws {
        var rng = Generator(seed: 987_654_321)
        let swift = [check(rng.standardNormal(400_000)), check(rng.standardExponential(400_000)),
                     check(rng.normal(mean: -1, std: 0.5, shape: [50_000]))]
        try expectSameLines(swift, numpy: """
            g = np.random.default_rng(987654321)
            print(check(g.standard_normal(400000))); print(check(g.standard_exponential(400000)))
            print(check(g.normal(-1, 0.5, 50000)))
            """)
    }

    // MARK: - Integers

    @Test func boundedIntegersMatchNumPy() throws {
        let bounds: [(Int, Int, Bool)] = [
            (0, 10, false), (-5, 5, true), (0, 1 << 32, false), (0, (1 << 32) - 1, false),
            (0, (1 << 32) + 1, false), (0, 1 << 32, true), (0, (1 << 32) - 1, true), (-1 << 31, 1 << 31, false),
            (0, 1 << 31, false), (0, (1 << 31) + 1, false), (0, (1 << 31) - 1, false), (-100, 1 << 40, false),
            (0, 1 << 62, false), (0, (1 << 62) + 1, false), (0, Int.max, true), (Int.min, Int.max, true),
            (Int.min, Int.max, false), (Int.min, 0, false), (-1, Int.max, false), (0, 1, false), (7, 7, true),
            (3, 3 + (1 << 16), false), (-1000, -999, true), (0, 255, true), (0, 256, false),
        ]
        let swift = seeds.map { seed in
            var rng = Generator(seed: seed)
            return bounds.map { low, high, endpoint in
                // A double between the calls checks that a buffered 32-bit half survives it.
                let array = rng.integers(low, high, shape: [13], endpoint: endpoint)
                let double = rng.random()
                let scalar = rng.integers(low, high, endpoint: endpoint)
                return "\(ints(array)) \(String(double.bitPattern, radix: 16)) \(scalar)"
            }.joined(separator: " | ")
        }
        let pyBounds = bounds.map { "(\($0.0), \($0.1), \($0.2 ? "True" : "False"))" }.joined(separator: ", ")
        try expectSameLines(swift, numpy: """
            for s in \(pySeeds):
                g = np.random.default_rng(s)
                out = []
                for lo, hi, e in [\(pyBounds)]:
                    a = g.integers(lo, hi, 13, endpoint=e); d = g.random(); x = g.integers(lo, hi, endpoint=e)
                    out.append('%s %s %d' % (ints(a), hx([d]), x))
                print(' | '.join(out))
            """)
    }

    @Test func integersInMultidimensionalShapes() throws {
        var rng = Generator(seed: 77)
        let swift = [[2, 3], [0], [4, 1, 2], []].map { shape in
            let array = rng.integers(-7, 1000, shape: shape)
            return "\(dims(array)) \(ints(array))"
        }
        try expectSameLines(swift, numpy: """
            g = np.random.default_rng(77)
            for sh in [(2, 3), (0,), (4, 1, 2), ()]:
                a = g.integers(-7, 1000, sh); print(dims(a), ints(a))
            """)
    }

    // MARK: - Choice

    @Test func choiceMatchesNumPy() throws {
        let p5 = [0.1, 0.2, 0, 0.3, 0.4], p6 = [0.1, 0.2, 0, 0.3, 0.15, 0.25]
        let swift = seeds.map { seed in
            var rng = Generator(seed: seed)
            return [
                ints(rng.choice(10, shape: [12])), "\(rng.choice(5))",
                ints(rng.choice(5, shape: [4, 5], p: p5)), "\(rng.choice(3, p: [0.5, 0.25, 0.25]))",
                ints(rng.choice(100, shape: [20], replace: false)),
                ints(rng.choice(100, shape: [4, 5], replace: false, shuffle: false)),
                ints(rng.choice(7, shape: [7], replace: false)),
                ints(rng.choice(20_000, shape: [500], replace: false)),
                ints(rng.choice(20_000, shape: [5000], replace: false, shuffle: false)),
                ints(rng.choice(20_000, shape: [300], replace: false, shuffle: false)),
                ints(rng.choice(6, shape: [4], replace: false, p: p6)),
                ints(rng.choice(6, shape: [5], replace: false, p: p6)),
                ints(rng.choice(3, shape: [0])), ints(rng.choice(1 << 40, shape: [6])),
                ints(rng.choice(1 << 40, shape: [6], replace: false)),
                ints(rng.choice(from: NDArray(shape: [3, 4], elements: Array(0..<12)), shape: [2, 2], axis: 1)),
                ints(rng.choice(from: NDArray(shape: [3, 4], elements: Array(0..<12)), shape: [2], replace: false)),
                ints(rng.choice(from: NDArray(shape: [3, 4], elements: Array(0..<12)).transposed(), p: [0.5, 0, 0.25, 0.25])),
                ints(rng.choice(from: NDArray(shape: [4, 3], elements: Array(0..<12)), axis: -1)),
                rng.choice(from: ["a", "b", "c", "d"], p: [0.25, 0.25, 0, 0.5]),
            ].joined(separator: " | ")
        }
        try expectSameLines(swift, numpy: """
            p5, p6 = [0.1, 0.2, 0, 0.3, 0.4], [0.1, 0.2, 0, 0.3, 0.15, 0.25]
            for s in \(pySeeds):
                g = np.random.default_rng(s)
                print(' | '.join([ints(g.choice(10, 12)), str(g.choice(5)),
                    ints(g.choice(5, (4, 5), p=p5)), str(g.choice(3, p=[0.5, 0.25, 0.25])),
                    ints(g.choice(100, 20, replace=False)),
                    ints(g.choice(100, (4, 5), replace=False, shuffle=False)),
                    ints(g.choice(7, 7, replace=False)),
                    ints(g.choice(20000, 500, replace=False)),
                    ints(g.choice(20000, 5000, replace=False, shuffle=False)),
                    ints(g.choice(20000, 300, replace=False, shuffle=False)),
                    ints(g.choice(6, 4, replace=False, p=p6)),
                    ints(g.choice(6, 5, replace=False, p=p6)),
                    ints(g.choice(3, 0)), ints(g.choice(2**40, 6)),
                    ints(g.choice(2**40, 6, replace=False)),
                    ints(g.choice(np.arange(12).reshape(3, 4), (2, 2), axis=1)),
                    ints(g.choice(np.arange(12).reshape(3, 4), 2, replace=False)),
                    ints(g.choice(np.arange(12).reshape(3, 4).T, p=[0.5, 0, 0.25, 0.25])),
                    ints(g.choice(np.arange(12).reshape(4, 3), axis=-1)),
                    g.choice(['a', 'b', 'c', 'd'], p=[0.25, 0.25, 0, 0.5])]))
            """)
    }

    @Test func choiceShapes() {
        var rng = Generator(seed: 5)
        let data = NDArray(shape: [2, 3, 4], elements: Array(0..<24))
        #expect(rng.choice(from: data, shape: [5, 2], axis: 1).shape == [2, 5, 2, 4])
        #expect(rng.choice(from: data, axis: 2).shape == [2, 3])
        #expect(rng.choice(from: NDArray([1.5, 2.5]), shape: []).shape == [])
        #expect(rng.choice(4, shape: [2, 0]).shape == [2, 0])
    }

    // MARK: - Shuffle and permutation

    @Test func shuffleAndPermutationMatchNumPy() throws {
        let swift = seeds.map { seed in
            var rng = Generator(seed: seed)
            var list = Array(0..<17)
            rng.shuffle(&list)
            var vector = NDArray<Double>.arange(9)
            rng.shuffle(&vector)
            var rows = NDArray(shape: [4, 3], elements: Array(0..<12))
            rng.shuffle(&rows)
            var middle = NDArray(shape: [3, 5, 2], elements: Array(0..<30))
            rng.shuffle(&middle, axis: 1)
            var last = NDArray(shape: [2, 3, 4], elements: Array(0..<24))
            rng.shuffle(&last, axis: -1)
            var transposed = NDArray(shape: [3, 4], elements: Array(0..<12)).transposed()
            rng.shuffle(&transposed)
            var empty = NDArray<Int>(shape: [3, 0], elements: [])
            rng.shuffle(&empty)
            var big = Array(0..<70_000)
            rng.shuffle(&big)
            return [
                ints(list), hx(vector), ints(rows), ints(middle), ints(last), ints(transposed),
                ints(rng.permutation(30)), ints(rng.permutation(0)),
                ints(rng.permutation(NDArray(shape: [3, 4], elements: Array(0..<12)), axis: -1)),
                ints(rng.permutation(NDArray(shape: [4, 2], elements: Array(0..<8)))),
                dims(rng.permutation(NDArray<Int>(shape: [3, 0], elements: []))),
                ints(Array(big.prefix(20))), hx([rng.random()]),
            ].joined(separator: " | ")
        }
        try expectSameLines(swift, numpy: """
            for s in \(pySeeds):
                g = np.random.default_rng(s)
                a = np.arange(17); g.shuffle(a)
                v = np.arange(9.0); g.shuffle(v)
                r = np.arange(12).reshape(4, 3); g.shuffle(r)
                m = np.arange(30).reshape(3, 5, 2); g.shuffle(m, axis=1)
                l = np.arange(24).reshape(2, 3, 4); g.shuffle(l, axis=-1)
                t = np.arange(12).reshape(3, 4).T.copy(); g.shuffle(t)
                e = np.empty((3, 0), dtype=np.int64); g.shuffle(e)
                b = np.arange(70000); g.shuffle(b)
                print(' | '.join([ints(a), hx(v), ints(r), ints(m), ints(l), ints(t),
                    ints(g.permutation(30)), ints(g.permutation(0)),
                    ints(g.permutation(np.arange(12).reshape(3, 4), axis=-1)),
                    ints(g.permutation(np.arange(8).reshape(4, 2))),
                    dims(g.permutation(np.empty((3, 0)))),
                    ints(b[:20]), hx([g.random()])]))
            """)
    }

    @Test func shuffleKeepsElements() {
        var rng = Generator(seed: 11)
        var rows = NDArray(shape: [5, 3], elements: Array(0..<15))
        rng.shuffle(&rows)
        let values = rows.toArray()
        #expect(values.sorted() == Array(0..<15))
        for row in 0..<5 { #expect(values[row * 3] % 3 == 0 && values[row * 3 + 2] == values[row * 3] + 2) }
    }

    // MARK: - Independent streams

    @Test func spawnMatchesNumPy() throws {
        let swift = seeds.map { seed in
            var rng = Generator(seed: seed)
            _ = rng.random()
            var children = rng.spawn(3)
            var more = rng.spawn(1)
            var grandchildren = children[2].spawn(2)
            let streams = (children + more + grandchildren).indices.map { index -> String in
                switch index {
                case 0..<3: return hx(children[index].random(3))
                case 3: return hx(more[0].random(3))
                default: return hx(grandchildren[index - 4].standardNormal(2))
                }
            }
            return (streams + [hx(rng.random(2))]).joined(separator: " | ")
        }
        try expectSameLines(swift, numpy: """
            for s in \(pySeeds):
                g = np.random.default_rng(s)
                g.random()
                children = g.spawn(3); more = g.spawn(1); grandchildren = children[2].spawn(2)
                print(' | '.join([hx(c.random(3)) for c in children] + [hx(more[0].random(3))]
                    + [hx(c.standard_normal(2)) for c in grandchildren] + [hx(g.random(2))]))
            """)
    }

    @Test func jumpedAndAdvanceMatchNumPy() throws {
        let swift = seeds.map { seed in
            var rng = Generator(seed: seed)
            _ = rng.integers(0, 10)  // leaves a buffered 32-bit half, which jumping drops
            let once = rng.bitGenerator.jumped(), thrice = rng.bitGenerator.jumped(3)
            var a = Generator(bitGenerator: once), b = Generator(bitGenerator: thrice)
            var advanced = PCG64(seed: seed)
            advanced.advance(12_345_678_901_234_567_890)
            var far = PCG64(seed: seed)
            far.advance(UInt128.max)
            return [
                "\(once.state.state)", "\(thrice.state.state)", ints(a.integers(0, 10, 4)), hx(b.random(3)),
                hx(rng.random(2)), "\(advanced.next())", "\(far.next())",
            ].joined(separator: " | ")
        }
        try expectSameLines(swift, numpy: """
            for s in \(pySeeds):
                g = np.random.default_rng(s)
                g.integers(0, 10)
                once, thrice = g.bit_generator.jumped(), g.bit_generator.jumped(3)
                a, b = np.random.Generator(once), np.random.Generator(thrice)
                so, st = once.state['state']['state'], thrice.state['state']['state']
                adv = np.random.PCG64(s); adv.advance(12345678901234567890)
                far = np.random.PCG64(s); far.advance(2**128 - 1)
                print(' | '.join([str(so), str(st), ints(a.integers(0, 10, 4)), hx(b.random(3)),
                    hx(g.random(2)), str(adv.random_raw()), str(far.random_raw())]))
            """)
    }

    @Test func advanceEqualsStepping() {
        var stepped = PCG64(seed: 99), jumped = stepped
        for _ in 0..<1000 { _ = stepped.next() }
        jumped.advance(1000)
        #expect(stepped.next() == jumped.next())
        let back = PCG64(seed: 99).jumped(2).jumped(-2)
        #expect(back.state.state == PCG64(seed: 99).state.state)
    }

    @Test func stateRoundTrip() {
        var rng = Generator(seed: 8)
        _ = rng.integers(0, 3)
        let saved = rng.bitGenerator.state
        let expected = (rng.integers(0, 3, 5).toArray(), rng.random())
        rng.bitGenerator.state = saved
        #expect(rng.integers(0, 3, 5).toArray() == expected.0)
        #expect(rng.random() == expected.1)
    }

    @Test func drivesTheStandardLibrary() {
        var rng = Generator(seed: 4)
        var bits = PCG64(seed: 4)
        #expect(rng.next() == bits.next())
        let roll = Int.random(in: 1...6, using: &rng)
        #expect((1...6).contains(roll))
    }

    // MARK: - Argument checks

    @Test func badArgumentsTrap() async {
        await #expect(processExitsWith: .failure) {
            var rng = Generator(seed: 1)
            _ = rng.integers(5, 5)
        }
        await #expect(processExitsWith: .failure) {
            var rng = Generator(seed: 1)
            _ = rng.choice(3, p: [0.5, 0.5, 0.5])
        }
        await #expect(processExitsWith: .failure) {
            var rng = Generator(seed: 1)
            _ = rng.choice(3, shape: [4], replace: false)
        }
        await #expect(processExitsWith: .failure) {
            var rng = Generator(seed: 1)
            _ = rng.normal(std: -1)
        }
    }
}
