import Foundation
import Testing
@testable import SwarmArray

@Suite struct PromotionTests {
    static let codes = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
                        "float32", "float64", "complex64", "complex128"]

    @Test func promotionTableIsNumPys() throws {
        guard let text = try numpy("""
            codes = \(Self.codes)
            print(json.dumps([[str(np.promote_types(a, b)) for b in codes] for a in codes]))
            """) else { return }
        let table = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [[String]]
        for (i, a) in DType.all.enumerated() {
            for (j, b) in DType.all.enumerated() {
                #expect(resultType(a, b).name == table[i][j], "\(a) + \(b)")
            }
        }
    }

    @Test func mixedArithmeticMatchesNumPy() throws {
        guard let e = try numpyExpected(pyReference + """
            x = ref('i4', (2, 3)); y = ref('f4', (3,)); u = ref('u1', (2, 3)); s = ref('i1', (2, 3)); b = ref('?', (2, 3))
            dump(xy=x + y, us=u * s, ub=u - b, bb=b + b, d=x / s.astype(np.int64), xyd=x / y)
            print(json.dumps([str((x + y).dtype), str((u * s).dtype), str((x / s.astype(np.int64)).dtype), str((b + b).dtype), str((u - b).dtype)]), file=sys.stderr)
            """) else { return }
        let x = AnyNDArray(reference(Int32.self, [2, 3])), y = AnyNDArray(reference(Float.self, [3]))
        let u = AnyNDArray(reference(UInt8.self, [2, 3])), s = AnyNDArray(reference(Int8.self, [2, 3]))
        let b = AnyNDArray(reference(Bool.self, [2, 3]))
        let xy = x + y, us = u * s, ub = u - b, bb = b + b
        #expect(xy.dtype == .float64 && us.dtype == .int16 && ub.dtype == .uint8 && bb.dtype == .bool)
        check(xy.converted(to: Double.self), "xy", e)
        check(us.converted(to: Double.self), "us", e)
        check(ub.converted(to: Double.self), "ub", e)
        check(bb.converted(to: Double.self), "bb", e)
        let d = x / AnyNDArray(reference(Int8.self, [2, 3]).astype(Int.self))
        #expect(d.dtype == .float64)
        check(d.converted(to: Double.self), "d", e, rtol: 1e-15)
        check((x / y).converted(to: Double.self), "xyd", e, rtol: 1e-15)
    }

    @Test func binaryUfuncsWriteIntoOut() throws {
        guard let e = try numpyExpected("""
            a = np.arange(12.).reshape(3, 4) - 5; b = np.arange(4.) * 1.5 - 2
            o = np.empty((3, 4)); np.maximum(a, b, out=o); m = o.copy()
            np.arctan2(a, b, out=o); t = o.copy(); np.add(a, b, out=o); s = o.copy()
            np.hypot(a, b, out=o); h = o.copy(); np.fmod(a, b, out=o); f = o.copy()
            dump(m=m, t=t, s=s, h=h, f=f)
            """) else { return }
        let a = NDArray<Double>.arange(12).reshaped(3, 4) - 5, b = NDArray<Double>.arange(4) * 1.5 - 2
        var o = NDArray<Double>.zeros(3, 4)
        let before = o.withUnsafeBufferPointer { $0.baseAddress }
        maximum(a, b, out: &o); check(o, "m", e)
        arctan2(a, b, out: &o); check(o, "t", e)
        add(a, b, out: &o); check(o, "s", e)
        hypot(a, b, out: &o); check(o, "h", e)
        fmod(a, b, out: &o); check(o, "f", e)
        #expect(o.withUnsafeBufferPointer { $0.baseAddress } == before)
    }
}
