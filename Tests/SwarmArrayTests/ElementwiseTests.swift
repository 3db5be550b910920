import Foundation
import Testing
@testable import SwarmArray

@Suite struct ElementwiseTests {
    @Test func arithmeticWithBroadcastingMatchesNumPy() throws {
        guard let e = try numpyExpected("""
            a = np.arange(12.).reshape(3, 4) * 0.5 - 2
            b = np.arange(4.) + 1
            c = np.arange(3.).reshape(3, 1) - 1.5
            ia = np.arange(-6, 6).reshape(3, 4); ib = np.array([3, -2, 5, -7])
            dump(add=a + b, sub=c - b, mul=a * c, div=a / b, mod=a % c, neg=-a,
                 scal=2 * a + 1, rdiv=1 / b, fma=a * b + c, powr=np.power(np.abs(a) + 1, b),
                 imod=ia % ib, ifloordiv=ia // ib, itruediv=ia / ib, ifmod=np.fmod(ia, ib),
                 fmodf=np.fmod(a, c), ffloordiv=a // c,
                 wrap=(np.array([100, 120], dtype=np.int8) + np.int8(100)),
                 cmp=(a > c), eq=(a == 0.5), where=np.where(a > 0, a, c), clip=np.clip(a, -1, 1.5),
                 maxi=np.maximum(a, c), mini=np.minimum(a, c), tpose=a.T * b[:3])
            """) else { return }
        let a = NDArray<Double>.arange(12).reshaped(3, 4) * 0.5 - 2
        let b = NDArray<Double>.arange(4) + 1
        let c = NDArray<Double>.arange(3).reshaped(3, 1) - 1.5
        let ia = NDArray<Int>.arange(-6, 6).reshaped(3, 4), ib: NDArray<Int> = [3, -2, 5, -7]
        check(a + b, "add", e)
        check(c - b, "sub", e)
        check(a * c, "mul", e)
        check(a / b, "div", e)
        check(a % c, "mod", e)
        check(-a, "neg", e)
        check(2 * a + 1, "scal", e)
        check(1 / b, "rdiv", e)
        check(a * b + c, "fma", e)
        check(pow(abs(a) + 1, b), "powr", e)
        check(ia % ib, "imod", e)
        check(floorDivide(ia, ib), "ifloordiv", e)
        check(ia / ib, "itruediv", e)
        check(fmod(ia, ib), "ifmod", e)
        check(fmod(a, c), "fmodf", e)
        check(floorDivide(a, c), "ffloordiv", e)
        check(NDArray<Int8>([100, 120]) + 100, "wrap", e)
        check(a .> c, "cmp", e)
        check(a .== 0.5, "eq", e)
        check(`where`(a .> 0, a, c), "where", e)
        check(clip(a, -1, 1.5), "clip", e)
        check(maximum(a, c), "maxi", e)
        check(minimum(a, c), "mini", e)
        check(a.T * b[..<3], "tpose", e)
    }

    @Test func ufuncsMatchNumPy() throws {
        guard let e = try numpyExpected("""
            x = np.linspace(-0.95, 0.95, 41)
            p = np.linspace(0.01, 30, 41)
            dump(sqrt=np.sqrt(p), exp=np.exp(x * 20), expm1=np.expm1(x), log=np.log(p), log1p=np.log1p(x),
                 log2=np.log2(p), log10=np.log10(p), sin=np.sin(p), cos=np.cos(p), tan=np.tan(x),
                 arcsin=np.arcsin(x), arccos=np.arccos(x), arctan=np.arctan(p), arctan2=np.arctan2(x, x[::-1]),
                 sinh=np.sinh(x), cosh=np.cosh(x), tanh=np.tanh(x), floor=np.floor(p - 15), ceil=np.ceil(p - 15),
                 trunc=np.trunc(p - 15), round=np.round(np.arange(-3, 3) + 0.5), round2=np.round(p, 2),
                 sign=np.sign(x), hypot=np.hypot(x, p), abs=np.abs(x), isnan=np.isnan(np.array([1, np.nan])))
            """) else { return }
        let x = NDArray<Double>.linspace(-0.95, 0.95, num: 41)
        let p = NDArray<Double>.linspace(0.01, 30, num: 41)
        let tol = 4e-16 * 8
        check(sqrt(p), "sqrt", e, rtol: tol)
        check(exp(x * 20), "exp", e, rtol: tol)
        check(expm1(x), "expm1", e, rtol: tol)
        check(log(p), "log", e, rtol: tol)
        check(log1p(x), "log1p", e, rtol: tol)
        check(log2(p), "log2", e, rtol: tol)
        check(log10(p), "log10", e, rtol: tol)
        check(sin(p), "sin", e, rtol: tol)
        check(cos(p), "cos", e, rtol: tol)
        check(tan(x), "tan", e, rtol: tol)
        check(arcsin(x), "arcsin", e, rtol: tol)
        check(arccos(x), "arccos", e, rtol: tol)
        check(arctan(p), "arctan", e, rtol: tol)
        check(arctan2(x, x.flipped()), "arctan2", e, rtol: tol)
        check(sinh(x), "sinh", e, rtol: tol)
        check(cosh(x), "cosh", e, rtol: tol)
        check(tanh(x), "tanh", e, rtol: tol)
        check(floor(p - 15), "floor", e)
        check(ceil(p - 15), "ceil", e)
        check(trunc(p - 15), "trunc", e)
        check(round(NDArray<Double>.arange(-3, 3) + 0.5), "round", e)
        check(round(p, decimals: 2), "round2", e)
        check(sign(x), "sign", e)
        check(hypot(x, p), "hypot", e, rtol: tol)
        check(abs(x), "abs", e)
        check(isnan(NDArray<Double>([1, .nan])), "isnan", e)
    }

    @Test func inPlaceAndOutWriteIntoExistingStorage() {
        var a = NDArray<Double>.arange(6).reshaped(2, 3)
        let before = a._base
        a += NDArray<Double>([1, 1, 1])
        a *= 2
        #expect(a._base == before)
        #expect(a.toArray() == [2, 4, 6, 8, 10, 12])
        var out = NDArray<Double>.zeros(2, 3)
        let outBase = out._base
        sqrt(a, out: &out)
        #expect(out._base == outBase)
        #expect(out[1, 2] == 12.0.squareRoot())
        // Copy-on-write: a copy is not changed by writes to the original.
        let snapshot = a
        a += 1
        #expect(snapshot[0, 0] == 2)
        #expect(a[0, 0] == 3)
        // A temporary's storage is reused: `a * 2 + 1` allocates once.
        let t = (a * 2) + 1
        #expect(t[0, 0] == 7)
    }

    @Test func overlappingInPlaceReadsACopy() {
        var a = NDArray<Int>.arange(9).reshaped(3, 3)
        a += a.T
        #expect(a.toArray() == [0, 4, 8, 4, 8, 12, 8, 12, 16])
    }

    @Test func largeKernelsMatchSmallOnes() {
        // Big enough to be split across cores, strided and broadcast too.
        let n = 300_000
        let a = NDArray<Double>.arange(Double(n)).reshaped(1000, 300)
        let b = NDArray<Double>.arange(300)
        let r = (a.T.T + b) * 2
        #expect(r[999, 299] == (Double(999 * 300 + 299) + 299) * 2)
        let s = sin(a.T)
        #expect(s[5, 7] == Double.sin(Double(7 * 300 + 5)))
    }
}
