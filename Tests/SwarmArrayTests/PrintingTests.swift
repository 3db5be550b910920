import Foundation
import Testing
@testable import SwarmArray

/// Our `description`/`debugDescription` against NumPy's `str`/`repr` of the same arrays.
@Suite struct PrintingTests {
    @Test func printsLikeNumPy() throws {
        guard let text = try numpy("""
            arrays = [
                np.arange(6.).reshape(2, 3), np.array([1.5, np.nan, -np.inf]), np.arange(12, dtype=np.float32).reshape(3, 4),
                np.zeros((0, 3)), np.zeros(0), np.array(3.5), np.array(1e20), np.arange(2000.), np.arange(30.) * 1.1,
                np.array([True, False]), np.array([[1, 2], [3, -40]], dtype=np.int8), np.array([1e-5, 1.5]),
                np.array([1e8, 1.]), np.array([123456789.123, 1.]), np.array([0.001953125, 1.0]), np.array([0.1, 0.2, 0.30000000000000004]),
                np.arange(24).reshape(2, 3, 4), np.arange(2000).reshape(40, 50), np.arange(3000.).reshape(10, 10, 30) / 7,
                np.array([1 + 2j, -3.5 - 1e-3j]), np.array([1e-300, 5e-324, 1.7976931348623157e308]), np.array([-0.0, 0.0]),
                np.array([np.nan, np.nan]), np.array([np.inf]), np.linspace(0, 1, 7), np.array([2**63 - 1, -2**63], dtype=np.int64),
                np.array([255, 0], dtype=np.uint8), np.arange(100) * 12345, np.float32([1 / 3, 2 / 3, 1e-7]), np.array([[0.5]]),
                np.array([1, 2, 3], dtype=np.uint64), np.array([[[]]]), np.array(7), np.array(True), np.array(2.5e-9),
            ]
            print(json.dumps([[str(a), repr(a)] for a in arrays]))
            """) else { return }
        let expected = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [[String]]
        var g = 0
        func check(_ s: String, _ r: String, sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(s == expected[g][0], "str #\(g)", sourceLocation: sourceLocation)
            #expect(r == expected[g][1], "repr #\(g)", sourceLocation: sourceLocation)
            g += 1
        }
        func both<T>(_ a: NDArray<T>, sourceLocation: SourceLocation = #_sourceLocation) {
            check(a.description, a.debugDescription, sourceLocation: sourceLocation)
        }
        both(NDArray<Double>.arange(6).reshaped(2, 3))
        both(NDArray<Double>([1.5, .nan, -.infinity]))
        both(NDArray<Float>.arange(12).reshaped(3, 4))
        both(NDArray<Double>.zeros(0, 3))
        both(NDArray<Double>.zeros(0))
        both(NDArray<Double>(scalar: 3.5))
        both(NDArray<Double>(scalar: 1e20))
        both(NDArray<Double>.arange(2000))
        both(NDArray<Double>.arange(30) * 1.1)
        both(NDArray<Bool>([true, false]))
        both(NDArray<Int8>([[1, 2], [3, -40]]))
        both(NDArray<Double>([1e-5, 1.5]))
        both(NDArray<Double>([1e8, 1]))
        both(NDArray<Double>([123456789.123, 1]))
        both(NDArray<Double>([0.001953125, 1.0]))
        both(NDArray<Double>([0.1, 0.2, 0.30000000000000004]))
        both(NDArray<Int>.arange(24).reshaped(2, 3, 4))
        both(NDArray<Int>.arange(2000).reshaped(40, 50))
        both(NDArray<Double>.arange(3000).reshaped(10, 10, 30) / 7)
        both(NDArray<Complex<Double>>([Complex(1, 2), Complex(-3.5, -1e-3)]))
        both(NDArray<Double>([1e-300, Double.leastNonzeroMagnitude, 1.7976931348623157e308]))
        both(NDArray<Double>([-0.0, 0.0]))
        both(NDArray<Double>([.nan, .nan]))
        both(NDArray<Double>([.infinity]))
        both(NDArray<Double>.linspace(0, 1, num: 7))
        both(NDArray<Int64>([Int64.max, Int64.min]))
        both(NDArray<UInt8>([255, 0]))
        both(NDArray<Int>.arange(100) * 12345)
        both(NDArray<Float>([1 / 3, 2 / 3, 1e-7]))
        both(NDArray<Double>([[0.5]]))
        both(NDArray<UInt64>([1, 2, 3]))
        both(NDArray<Double>.zeros(1, 1, 0))
        both(NDArray<Int>(scalar: 7))
        both(NDArray<Bool>(scalar: true))
        both(NDArray<Double>(scalar: 2.5e-9))
        #expect(g == expected.count)
    }
}
