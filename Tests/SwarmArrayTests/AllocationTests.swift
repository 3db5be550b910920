import Foundation
import Testing
@testable import SwarmArray

/// Counts the element buffers `body` allocates on this thread (debug
/// builds count them; other tests running at the same time do not add to it).
func allocations(_ body: () -> Void) -> Int {
    let me = UInt(bitPattern: Int(bitPattern: pthread_self()))
    while !_storageWatchedThread.compareExchange(expected: 0, desired: me, ordering: .acquiringAndReleasing).exchanged {}
    defer { _storageWatchedThread.store(0, ordering: .releasing) }
    let before = _storageAllocations.load(ordering: .relaxed)
    body()
    return _storageAllocations.load(ordering: .relaxed) - before
}

@Suite(.serialized) struct AllocationTests {
    @Test func viewsAllocateNoElementStorage() {
        let a = NDArray<Double>.arange(24).reshaped(2, 3, 4)
        var sink = 0
        let n = allocations {
            sink += a[1].count + a[.all, 1..<3].count + a[NDIndex.slice(step: -1)].count + a.T.count
            sink += a.transposed([1, 0, 2]).count + a.reshaped(6, 4).count + a.reshaped(-1).count + a.expandDims(0).count
            sink += a.swapaxes(0, 2).count + a.moveaxis(0, -1).count + a.flipped().count + a[0].diagonal().count
            sink += a.broadcast(to: [5, 2, 3, 4]).count + a.reshaped(2, 1, 12).squeezed().count + a.raveled().count
            sink += split(a, sections: 2, axis: 2).count + a[NDIndex.newAxis, NDIndex.ellipsis, 2].count
        }
        #expect(n == 0, "views allocated \(n) buffers")
        #expect(sink > 0)
    }

    @Test func inPlaceOperationsWriteIntoTheirStorage() {
        var a = NDArray<Double>.arange(100_000)
        let b = NDArray<Double>.ones(100_000)
        let row = NDArray<Double>.arange(10)
        var m = NDArray<Double>.zeros(100, 10)
        var out = NDArray<Double>.zeros(100_000)
        let one = NDArray<Double>(scalar: 1)
        let before = a.withUnsafeBufferPointer { $0.baseAddress }
        let n = allocations {
            a += b
            a *= 2
            a -= b
            a /= 3
            m += row               // broadcast in place
            m[.all, 3] = one          // assignment through a view
            sqrt(a, out: &out)
            exp(b, out: &out)
        }
        #expect(n == 0, "in-place operations allocated \(n) buffers")
        #expect(a.withUnsafeBufferPointer { $0.baseAddress } == before)
        let expected: Double = ((3 + 1) * 2 - 1) / 3
        #expect(a[3] == expected)
        #expect(m[99, 9] == 9)
    }

    @Test func temporariesAreReused() {
        let a = NDArray<Double>.arange(100_000), b = NDArray<Double>.ones(100_000), c = NDArray<Double>.ones(100_000)
        var r = NDArray<Double>.zeros(1)
        // a * b makes one buffer; + c and sqrt reuse it.
        #expect(allocations { r = sqrt(a * b + c) } == 1)
        #expect(r[3] == 2)
    }
}
