import Foundation
import Testing
@testable import SwarmArray

@Suite struct CoreSmokeTests {
    @Test func creationAndViews() {
        let a = NDArray<Double>.arange(6).reshaped([2, 3])
        #expect(a.shape == [2, 3])
        #expect(a.toArray() == [0, 1, 2, 3, 4, 5])
        #expect(a.T.toArray() == [0, 3, 1, 4, 2, 5])
        #expect(a.T.isContiguous == false)
        #expect(a.flipped().toArray() == [5, 4, 3, 2, 1, 0])
        #expect(NDArray<Int>.arange(0, 10, step: 3).toArray() == [0, 3, 6, 9])
        #expect(NDArray<Double>.arange(0, 1, step: 0.1).count == 10)
        #expect(NDArray<Double>.linspace(0, 1, num: 5).toArray() == [0, 0.25, 0.5, 0.75, 1])
        #expect(NDArray<Int>.eye(3).toArray() == [1, 0, 0, 0, 1, 0, 0, 0, 1])
    }

    @Test func promotionMatchesNumPy() throws {
        guard let text = try numpy("""
            names = ['bool','int8','int16','int32','int64','uint8','uint16','uint32','uint64','float32','float64','complex64','complex128']
            print(json.dumps([[str(np.promote_types(a, b)) for b in names] for a in names]))
            """) else { return }
        let table = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String]])
        for (i, a) in DType.all.enumerated() {
            for (j, b) in DType.all.enumerated() {
                #expect(a.promoted(with: b).name == table[i][j], "\(a) + \(b)")
            }
        }
    }
}
