import Foundation
import Testing
@testable import SwarmArray

@Suite struct ReductionTests {
    @Test func axisReductionsMatchNumPy() throws {
        guard let e = try numpyExpected("""
            a = (np.arange(24.).reshape(2, 3, 4) * 1.3) % 5 - 2
            i = np.arange(24).reshape(2, 3, 4) - 7
            dump(s0=a.sum(axis=0), s1=a.sum(axis=1), s2=a.sum(axis=2), s02=a.sum(axis=(0, 2), keepdims=True),
                 sall=a.sum(), p1=a.prod(axis=1), m2=a.mean(axis=2), sd=a.std(axis=1, ddof=1), v0=a.var(axis=0),
                 mx=a.max(axis=1), mn=a.min(axis=2), amx=a.argmax(axis=1), amn=a.argmin(axis=0),
                 cs=a.cumsum(axis=1), cp=a.cumprod(axis=2), csf=a.cumsum(), isum=i.sum(axis=1), imean=i.mean(axis=2),
                 med=np.median(a, axis=1), q=np.quantile(a, 0.3, axis=2), pc=np.percentile(a, 75),
                 tsum=a.transpose(2, 0, 1).sum(axis=0), tmax=a.transpose(1, 2, 0).max(axis=(0, 1)),
                 std=a.std(), var=a.var(ddof=1), mean=a.mean(), anyx=(a > 2.5).any(axis=2), allx=(a > -2.5).all(axis=0))
            """) else { return }
        let a = (NDArray<Double>.arange(24).reshaped(2, 3, 4) * 1.3) % 5 - 2
        let i = NDArray<Int>.arange(24).reshaped(2, 3, 4) - 7
        check(a.sum(axis: 0), "s0", e)
        check(a.sum(axis: 1), "s1", e)
        check(a.sum(axis: -1), "s2", e)
        check(a.sum(axes: [0, 2], keepdims: true), "s02", e)
        check(NDArray(scalar: a.sum()), "sall", e)
        check(a.prod(axis: 1), "p1", e)
        check(a.mean(axis: 2), "m2", e)
        check(a.std(axis: 1, ddof: 1), "sd", e)
        check(a.variance(axis: 0), "v0", e)
        check(a.max(axis: 1), "mx", e)
        check(a.min(axis: 2), "mn", e)
        check(a.argmax(axis: 1), "amx", e)
        check(a.argmin(axis: 0), "amn", e)
        check(a.cumsum(axis: 1), "cs", e)
        check(a.cumprod(axis: 2), "cp", e)
        check(a.cumsum(), "csf", e)
        check(i.sum(axis: 1), "isum", e)
        check(i.mean(axis: 2), "imean", e)
        check(a.median(axis: 1), "med", e)
        check(a.quantile(0.3, axis: 2), "q", e)
        check(NDArray(scalar: a.percentile(75)), "pc", e)
        check(a.transposed([2, 0, 1]).sum(axis: 0), "tsum", e)
        check(a.transposed([1, 2, 0]).max(axes: [0, 1]), "tmax", e)
        check(NDArray(scalar: a.std()), "std", e)
        check(NDArray(scalar: a.variance(ddof: 1)), "var", e)
        check(NDArray(scalar: a.mean()), "mean", e)
        check((a .> 2.5).any(axis: 2), "anyx", e)
        check((a .> -2.5).all(axis: 0), "allx", e)
    }

    @Test func largeSumIsAsAccurateAsNumPy() throws {
        // 10^6 values whose exact sum Python's fsum knows.
        guard let text = try numpy("""
            import math
            x = (np.arange(1_000_000) % 1000) * 0.001 + 0.1
            print(json.dumps([x.sum(), math.fsum(x), x.reshape(1000, 1000).sum(axis=0)[17], x.reshape(1000, 1000).sum(axis=1)[17]]))
            """) else { return }
        let v = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [Double]
        let x = (NDArray<Int>.arange(1_000_000) % 1000).astype(Double.self) * 0.001 + 0.1
        let ours = x.sum()
        #expect(abs(ours - v[1]) <= max(abs(v[0] - v[1]), 1e-9), "ours \(ours) numpy \(v[0]) exact \(v[1])")
        #expect(close(x.reshaped(1000, 1000).sum(axis: 0)[17], v[2], rtol: 1e-13))
        #expect(close(x.reshaped(1000, 1000).sum(axis: 1)[17], v[3], rtol: 1e-13))
    }

    @Test func quantilesOverSeveralAxesMatchNumPy() throws {
        guard let e = try numpyExpected("""
            a = ((np.arange(120.).reshape(4, 5, 6) * 7.3) % 11) - 3
            b = a.copy(); b[1, 2, 3] = np.nan
            dump(q=np.quantile(a, [0.1, 0.5, 0.93], axis=(0, 2)), qk=np.quantile(a, 0.25, axis=(1, 2), keepdims=True),
                 m=np.median(a, axis=(0, 1)), p=np.percentile(a, 99, axis=2), big=np.median(np.arange(1001.) * 1.5 % 17),
                 nan=np.median(b, axis=2), anyax=(a > 7).any(axis=(0, 2)), allax=(a > -3.5).all(axis=(1, 2), keepdims=True))
            """) else { return }
        let a = ((NDArray<Double>.arange(120).reshaped(4, 5, 6) * 7.3) % 11) - 3
        var b = a.copy()
        b[1, 2, 3] = .nan
        check(a.quantiles([0.1, 0.5, 0.93], axes: [0, 2]), "q", e)
        check(a.quantile(0.25, axes: [1, 2], keepdims: true), "qk", e)
        check(a.median(axes: [0, 1]), "m", e)
        check(a.percentile(99, axis: 2), "p", e)
        check(NDArray(scalar: (NDArray<Double>.arange(1001) * 1.5 % 17).median()), "big", e)
        check(b.median(axis: 2), "nan", e)
        check((a .> 7).any(axes: [0, 2]), "anyax", e)
        check((a .> -3.5).all(axes: [1, 2], keepdims: true), "allax", e)
    }

    @Test func nanAndEmptyBehaviour() {
        let a: NDArray<Double> = [1, .nan, 3]
        #expect(a.max().isNaN)
        #expect(a.argmax() == 1)
        #expect(NDArray<Double>([] as [Double]).sum() == 0)
        #expect(NDArray<Double>([] as [Double]).prod() == 1)
        #expect(NDArray<Double>([] as [Double]).mean().isNaN)
        #expect(NDArray<Double>.zeros(0, 3).sum(axis: 0).toArray() == [0, 0, 0])
    }
}
