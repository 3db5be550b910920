import ComplexModule
import Foundation
import Testing
@testable import SwarmArray

@Suite struct IndexingTests {
    @Test func selectionsMatchNumPy() throws {
        guard let e = try numpyExpected("""
            a = np.arange(60.).reshape(3, 4, 5)
            dump(row=a[1], sl=a[:, 1:3], neg=a[::-1, ::2], ell=a[..., 1], na=a[np.newaxis, 1, :, None].shape and a[np.newaxis, 1, :, None],
                 fancy=a[[0, 2]], adj=a[:, [0, 1], [0, 1]], sep=a[[0, 1], :, [0, 1]], mask=a[a % 7 == 0],
                 mix=a[1, [3, 0, -1]], rev=a[-1, -2, ::-3], m2=a[:, np.array([True, False, True, False])],
                 neg2=a[-2:, -3:-1, 4], bcast=a[np.array([[0], [2]]), np.array([1, 3])])
            """) else { return }
        let a = NDArray<Double>.arange(60).reshaped(3, 4, 5)
        check(a[1], "row", e)
        check(a[.all, 1..<3], "sl", e)
        check(a[NDIndex.slice(step: -1), NDIndex.slice(step: 2)], "neg", e)
        check(a[NDIndex.ellipsis, 1], "ell", e)
        check(a[NDIndex.newAxis, 1, .all, .newAxis], "na", e)
        check(a[[0, 2]], "fancy", e)
        check(a[.all, [0, 1], [0, 1]], "adj", e)
        check(a[[0, 1], .all, [0, 1]], "sep", e)
        check(a[(a % 7) .== 0], "mask", e)
        check(a[1, [3, 0, -1]], "mix", e)
        check(a[-1, -2, NDIndex.slice(step: -3)], "rev", e)
        check(a[.all, NDArray<Bool>([true, false, true, false])], "m2", e)
        check(a[(-2)..., NDIndex.slice(-3, -1), 4], "neg2", e)
        check(a[NDIndex.indices(NDArray<Int>([[0], [2]])), NDIndex.indices(NDArray<Int>([1, 3]))], "bcast", e)
        // Basic indexing gives views.
        let v = a[1..<2]
        #expect(v.storage === a.storage)
    }

    @Test func assignmentsMatchNumPy() throws {
        guard let e = try numpyExpected("""
            a = np.arange(20.).reshape(4, 5)
            a[a > 14] = 0; a[1] = -1; a[:, 1] = np.array([7, 8, 9, 10]); a[[0, 2], [4, 3]] = 99
            a[2:, ::2] += 100; a[..., -1] = np.arange(4) * 0.5
            b = np.arange(6).reshape(2, 3); b[b % 2 == 1] = np.array([10, 20, 30])
            dump(a=a, b=b)
            """) else { return }
        var a = NDArray<Double>.arange(20).reshaped(4, 5)
        a[a .> 14] = NDArray(scalar: 0)
        a[1] = NDArray(scalar: -1)
        a[.all, 1] = [7, 8, 9, 10]
        a[[0, 2], [4, 3]] = NDArray(scalar: 99)
        a[2..., NDIndex.slice(step: 2)] += 100
        a[NDIndex.ellipsis, -1] = NDArray<Double>.arange(4) * 0.5
        var b = NDArray<Int>.arange(6).reshaped(2, 3)
        b[(b % 2) .== 1] = [10, 20, 30]
        check(a, "a", e)
        check(b, "b", e)
    }

    /// Index and mask selections copy elements as plain words of the
    /// element's size: every element type, each size, gives the elements.
    @Test func selectionsOfEveryElementSize() {
        func check<T: NDArrayElement & Equatable>(_ make: (Int) -> T) {
            let n = 50_000  // over the parallel grain
            let a = NDArray<T>((0..<n).map(make))
            let idx = NDArray<Int>((0..<n).map { ($0 &* 7919) % n - ($0 % 3 == 0 ? n : 0) })  // some negative
            let picked = a[idx].toArray()
            #expect(picked == (0..<n).map { make((($0 &* 7919) % n)) }, "\(T.self) a[idx]")
            let mask = NDArray<Bool>((0..<n).map { $0 % 3 == 1 })
            #expect(a[mask].toArray() == (0..<n).filter { $0 % 3 == 1 }.map(make), "\(T.self) a[mask]")
        }
        check { Double($0) }
        check { Float($0) }
        check { $0 }
        check { Int32($0) }
        check { UInt8(truncatingIfNeeded: $0) }
        check { $0 % 2 == 0 }
        check { Complex<Double>(Double($0), -Double($0)) }
        check { Complex<Float>(Float($0), 1) }
    }

    @Test func elementAccessAndCopyOnWrite() {
        var a = NDArray<Int>.arange(6).reshaped(2, 3)
        #expect(a[1, -1] == 5)
        let view = a[1, .all]
        a[1, 0] = 42
        #expect(view.toArray() == [3, 4, 5])   // the view kept the old storage
        #expect(a[1, 0] == 42)
    }
}
