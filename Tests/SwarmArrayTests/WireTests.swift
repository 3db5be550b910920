import Foundation
import SwarmCore
import Testing
@testable import SwarmArray

@Suite struct WireTests {
    func roundTrip<T: NDArrayElement & Codable>(_ a: NDArray<T>) throws -> NDArray<T> {
        try BinaryDecoder().decode(NDArray<T>.self, from: try BinaryEncoder().encode(a))
    }

    @Test func everyTypeRoundTripsAsOneBlock() throws {
        #expect(sameValues(try roundTrip(reference(Bool.self, [3, 4])), reference(Bool.self, [3, 4])))
        #expect(sameValues(try roundTrip(reference(Int8.self, [5])), reference(Int8.self, [5])))
        #expect(sameValues(try roundTrip(reference(Int32.self, [2, 3, 4])), reference(Int32.self, [2, 3, 4])))
        #expect(sameValues(try roundTrip(reference(Int.self, [7])), reference(Int.self, [7])))
        #expect(sameValues(try roundTrip(reference(UInt16.self, [9])), reference(UInt16.self, [9])))
        #expect(sameValues(try roundTrip(reference(Float.self, [4, 4])), reference(Float.self, [4, 4])))
        #expect(sameValues(try roundTrip(reference(Complex<Double>.self, [3, 2])), reference(Complex<Double>.self, [3, 2])))
        #expect(try roundTrip(NDArray<Double>(scalar: 2.5)).shape == [])
        #expect(try roundTrip(NDArray<Double>.zeros(0, 3)).shape == [0, 3])
        // A strided view goes as its elements in C order.
        let view = NDArray<Double>.arange(24).reshaped(4, 6)[.all, NDIndex.slice(step: 2)].T
        #expect(try roundTrip(view) == view)
        // One raw block: the bytes are the elements plus a small header, and
        // encoding is a copy, not a per-element walk.
        let big = NDArray<Double>.arange(1_000_000)
        let bytes = try BinaryEncoder().encode(big)
        #expect(bytes.count >= 8_000_000 && bytes.count < 8_000_000 + 64)
        #expect(bytes.suffix(8).withUnsafeBytes { $0.loadUnaligned(as: Double.self) } == 999_999)
    }

    @Test func badBlocksThrow() throws {
        let bytes = try BinaryEncoder().encode(NDArray<Double>.arange(10))
        #expect(throws: WireError.self) { try BinaryDecoder().decode(NDArray<Double>.self, from: Array(bytes.dropLast(3))) }
        #expect(throws: WireError.self) { try BinaryDecoder().decode(NDArray<Float>.self, from: bytes) }
        // A block whose length is not the shape's.
        let short = try BinaryEncoder().encode(NDArrayWireHeader(dtype: "float64", shape: [10])) + [8, 0, 0, 0, 0, 0, 0, 0] + [UInt8](repeating: 0, count: 8)
        #expect(throws: WireError.self) { try BinaryDecoder().decode(NDArray<Double>.self, from: short) }
        let absurd = try BinaryEncoder().encode(NDArrayWireHeader(dtype: "float64", shape: [Int.max, 4])) + [0, 0, 0, 0, 0, 0, 0, 0]
        #expect(throws: WireError.self) { try BinaryDecoder().decode(NDArray<Double>.self, from: absurd) }
        for _ in 0..<2_000 {
            var fuzzed = bytes
            fuzzed[Int.random(in: 0..<fuzzed.count)] = UInt8.random(in: 0...255)
            _ = try? BinaryDecoder().decode(NDArray<Double>.self, from: fuzzed)
        }
    }

    @Test func otherEncodersGetElements() throws {
        let a = NDArray<Int>([[1, 2], [3, 4]])
        let json = try JSONEncoder().encode(a)
        #expect(String(decoding: json, as: UTF8.self).contains("\"elements\":[1,2,3,4]"))
        #expect(try JSONDecoder().decode(NDArray<Int>.self, from: json) == a)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(NDArray<Double>.self, from: json) }
    }
}
