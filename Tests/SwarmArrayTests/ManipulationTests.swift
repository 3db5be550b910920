import Foundation
import Testing
@testable import SwarmArray

@Suite struct ManipulationTests {
    @Test func joiningAndSplittingMatchNumPy() throws {
        guard let e = try numpyExpected("""
            a = np.arange(12.).reshape(3, 4); b = np.arange(8.).reshape(2, 4) + 100; c = np.arange(6.).reshape(3, 2) - 50
            v = np.arange(4.); w = np.arange(4.) * 10
            s = np.split(np.arange(12.), [3, -2, 20]); t = np.array_split(np.arange(10.), 4)
            dump(c0=np.concatenate([a, b]), c1=np.concatenate([a, c], axis=1), cn=np.concatenate([a, b], axis=None),
                 s0=np.stack([v, w]), s1=np.stack([a, a * 2], axis=1), sm=np.stack([a, a], axis=-1),
                 hs=np.hstack([v, w]), hs2=np.hstack([a, c]), vs=np.vstack([v, w]), vs2=np.vstack([a, b]),
                 ds=np.dstack([a, a]), cs=np.column_stack([v, w]),
                 sp0=s[0], sp1=s[1], sp2=s[2], sp3=s[3], as0=t[0], as1=t[1], as3=t[3],
                 eq1=np.split(a, 2, axis=1)[1], hsp=np.hsplit(a, 4)[2], vsp=np.vsplit(a, 3)[1])
            """) else { return }
        let a = NDArray<Double>.arange(12).reshaped(3, 4), b = NDArray<Double>.arange(8).reshaped(2, 4) + 100
        let c = NDArray<Double>.arange(6).reshaped(3, 2) - 50
        let v = NDArray<Double>.arange(4), w = NDArray<Double>.arange(4) * 10
        check(concatenate([a, b]), "c0", e)
        check(concatenate([a, c], axis: 1), "c1", e)
        check(concatenate([a, b], axis: nil), "cn", e)
        check(stack([v, w]), "s0", e)
        check(stack([a, a * 2], axis: 1), "s1", e)
        check(stack([a, a], axis: -1), "sm", e)
        check(hstack([v, w]), "hs", e)
        check(hstack([a, c]), "hs2", e)
        check(vstack([v, w]), "vs", e)
        check(vstack([a, b]), "vs2", e)
        check(dstack([a, a]), "ds", e)
        check(columnStack([v, w]), "cs", e)
        let s = split(NDArray<Double>.arange(12), indices: [3, -2, 20])
        #expect(s.count == 4)
        for k in 0..<4 { check(s[k], "sp\(k)", e) }
        let t = arraySplit(NDArray<Double>.arange(10), sections: 4)
        check(t[0], "as0", e)
        check(t[1], "as1", e)
        check(t[3], "as3", e)
        check(split(a, sections: 2, axis: 1)[1], "eq1", e)
        check(hsplit(a, sections: 4)[2], "hsp", e)
        check(vsplit(a, sections: 3)[1], "vsp", e)
        // Pieces are views.
        #expect(split(a, sections: 3)[1].storage === a.storage)
    }

    @Test func tilingAndRearrangingMatchNumPy() throws {
        guard let e = try numpyExpected("""
            a = np.arange(6.).reshape(2, 3); v = np.arange(5.)
            dump(t1=np.tile(v, 2), t2=np.tile(a, (2, 2)), t3=np.tile(v, (3, 1, 2)), t4=np.tile(a, 2),
                 r1=np.repeat(a, 2), r2=np.repeat(a, 3, axis=1), r3=np.repeat(a, [1, 0, 2], axis=1), r4=np.repeat(a, [2, 1], axis=0),
                 ro1=np.roll(v, 2), ro2=np.roll(v, -7), ro3=np.roll(a, 1), ro4=np.roll(a, 1, axis=1), ro5=np.roll(a, (1, -1), axis=(0, 1)),
                 f=np.flip(a), f0=np.flip(a, 0), lr=np.fliplr(a), ud=np.flipud(a),
                 k1=np.rot90(a), k2=np.rot90(a, 2), k3=np.rot90(a, 3), km=np.rot90(a, -1), ka=np.rot90(np.arange(24.).reshape(2, 3, 4), 1, (1, 2)),
                 tk=np.take(a, [2, 0, -1], axis=1), tkf=np.take(a, [[0, 5], [1, 2]]),
                 mv=np.moveaxis(np.arange(24.).reshape(2, 3, 4), 0, -1), sw=np.swapaxes(np.arange(24.).reshape(2, 3, 4), 0, 2),
                 sq=np.squeeze(np.zeros((1, 3, 1)) + 1), ed=np.expand_dims(v, 1), bt=np.broadcast_to(v, (3, 5)),
                 rs=np.arange(12.).reshape(-1, 4).T.reshape(2, -1))
            """) else { return }
        let a = NDArray<Double>.arange(6).reshaped(2, 3), v = NDArray<Double>.arange(5)
        check(tile(v, 2), "t1", e)
        check(tile(a, [2, 2]), "t2", e)
        check(tile(v, [3, 1, 2]), "t3", e)
        check(tile(a, 2), "t4", e)
        check(a.repeat(2), "r1", e)
        check(a.repeat(3, axis: 1), "r2", e)
        check(a.repeat([1, 0, 2], axis: 1), "r3", e)
        check(a.repeat([2, 1], axis: 0), "r4", e)
        check(roll(v, 2), "ro1", e)
        check(roll(v, -7), "ro2", e)
        check(roll(a, 1), "ro3", e)
        check(roll(a, 1, axis: 1), "ro4", e)
        check(a.rolled([1, -1], axes: [0, 1]), "ro5", e)
        check(flip(a), "f", e)
        check(flip(a, axis: 0), "f0", e)
        check(fliplr(a), "lr", e)
        check(flipud(a), "ud", e)
        check(rot90(a), "k1", e)
        check(rot90(a, k: 2), "k2", e)
        check(rot90(a, k: 3), "k3", e)
        check(rot90(a, k: -1), "km", e)
        check(rot90(NDArray<Double>.arange(24).reshaped(2, 3, 4), k: 1, axes: (1, 2)), "ka", e)
        check(a.take([2, 0, -1], axis: 1), "tk", e)
        check(a.take(NDArray<Int>([[0, 5], [1, 2]])), "tkf", e)
        check(NDArray<Double>.arange(24).reshaped(2, 3, 4).moveaxis(0, -1), "mv", e)
        check(NDArray<Double>.arange(24).reshaped(2, 3, 4).swapaxes(0, 2), "sw", e)
        check((NDArray<Double>.zeros(1, 3, 1) + 1).squeezed(), "sq", e)
        check(v.expandDims(1), "ed", e)
        check(broadcastTo(v, [3, 5]), "bt", e)
        check(NDArray<Double>.arange(12).reshaped(-1, 4).T.reshaped(2, -1), "rs", e)
    }

    @Test func paddingMatchesNumPy() throws {
        guard let e = try numpyExpected("""
            a = np.arange(1., 7.).reshape(2, 3); v = np.array([1., 2., 5., 3.])
            dump(c=np.pad(a, ((1, 2), (2, 1))), cv=np.pad(a, 1, constant_values=7), cba=np.pad(v, (2, 3), constant_values=(-1, 9)),
                 ed=np.pad(a, ((2, 1), (1, 3)), mode='edge'), rf=np.pad(a, ((1, 1), (2, 2)), mode='reflect'),
                 rfw=np.pad(v, (7, 9), mode='reflect'), sy=np.pad(a, ((2, 3), (4, 1)), mode='symmetric'),
                 syw=np.pad(v, (9, 6), mode='symmetric'), wr=np.pad(a, ((3, 2), (5, 4)), mode='wrap'),
                 mx=np.pad(a, ((1, 1), (2, 1)), mode='maximum'), mn=np.pad(v, 2, mode='minimum', stat_length=2),
                 me=np.pad(a, ((1, 2), (1, 1)), mode='mean'), md=np.pad(v, (3, 1), mode='median', stat_length=3),
                 lr=np.pad(a, ((2, 1), (3, 2)), mode='linear_ramp', end_values=((5, -5), (10, 0))),
                 lr1=np.pad(v, (4, 3), mode='linear_ramp'))
            """) else { return }
        let a = NDArray<Double>.arange(1, 7).reshaped(2, 3), v = NDArray<Double>([1, 2, 5, 3])
        check(pad(a, [(1, 2), (2, 1)]), "c", e)
        check(pad(a, 1, mode: .constant(7)), "cv", e)
        check(pad(v, [(2, 3)], mode: .constant(before: -1, after: 9)), "cba", e)
        check(pad(a, [(2, 1), (1, 3)], mode: .edge), "ed", e)
        check(pad(a, [(1, 1), (2, 2)], mode: .reflect), "rf", e)
        check(pad(v, [(7, 9)], mode: .reflect), "rfw", e)
        check(pad(a, [(2, 3), (4, 1)], mode: .symmetric), "sy", e)
        check(pad(v, [(9, 6)], mode: .symmetric), "syw", e)
        check(pad(a, [(3, 2), (5, 4)], mode: .wrap), "wr", e)
        check(pad(a, [(1, 1), (2, 1)], mode: .maximum()), "mx", e)
        check(pad(v, 2, mode: .minimum(statLength: 2)), "mn", e)
        check(pad(a, [(1, 2), (1, 1)], mode: .mean()), "me", e)
        check(pad(v, [(3, 1)], mode: .median(statLength: 3)), "md", e)
        // Per-axis end values: pad axis by axis with that axis's ramp.
        let rows = pad(a, [(2, 1), (0, 0)], mode: .linearRamp(before: 5, after: -5))
        check(pad(rows, [(0, 0), (3, 2)], mode: .linearRamp(before: 10, after: 0)), "lr", e)
        check(pad(v, [(4, 3)], mode: .linearRamp()), "lr1", e)
    }

    @Test func integerJoinsKeepTheirType() {
        let a = NDArray<Int32>(shape: [2, 2], elements: [1, 2, 3, 4])
        let j = concatenate([a, a], axis: 1)
        #expect(j.shape == [2, 4])
        #expect(j.toArray() == [1, 2, 1, 2, 3, 4, 3, 4])
        let empty = concatenate([NDArray<Int32>.zeros(0, 2), a])
        #expect(empty == a)
        #expect(NDArray<Bool>([true, false]).repeat(2).toArray() == [true, true, false, false])
    }
}
