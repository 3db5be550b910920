import SwarmCore

/// Lock-step iteration of several operands over one shape.
///
/// Every elementwise kernel is a row function `(offsets, count)`: it gets
/// each operand's element offset for the start of a row and how many
/// elements of the row to process, and steps through the row with each
/// operand's inner stride. N-d iteration, broadcasting (stride 0) and the
/// split onto cores are written here once.
///
/// Before iterating, dimensions of size 1 are dropped and neighbouring
/// dimensions that every operand steps through evenly are merged, so a
/// contiguous or simply broadcast operation becomes one long row.
@usableFromInline
struct _StridedLoop {
    /// The collapsed shape: at least one dimension.
    @usableFromInline var shape: [Int]
    /// Strides per operand, flattened: operand `k`, dimension `d` at `k * ndim + d`.
    @usableFromInline var strides: [Int]
    @usableFromInline let operands: Int
    @usableFromInline let count: Int

    /// - Parameters:
    ///   - shape: the common shape.
    ///   - strides: one stride list per operand, each as long as `shape`.
    @inlinable
    init(shape: [Int], strides operandStrides: [[Int]]) {
        operands = operandStrides.count
        count = _Layout.count(shape)
        var dims: [Int] = []
        var kept: [[Int]] = Array(repeating: [], count: operands)
        for d in 0..<shape.count where shape[d] != 1 {
            if let last = dims.last,
               (0..<operands).allSatisfy({ kept[$0].last! == operandStrides[$0][d] * shape[d] }) {
                dims[dims.count - 1] = last * shape[d]
                for k in 0..<operands { kept[k][kept[k].count - 1] = operandStrides[k][d] }
            } else {
                dims.append(shape[d])
                for k in 0..<operands { kept[k].append(operandStrides[k][d]) }
            }
        }
        if dims.isEmpty {
            dims = [1]
            for k in 0..<operands { kept[k] = [0] }
        }
        self.shape = dims
        self.strides = kept.flatMap { $0 }
    }

    /// The stride of operand `k` along the innermost dimension.
    @inlinable
    func innerStride(_ k: Int) -> Int { strides[k * shape.count + shape.count - 1] }

    /// Calls `row(offsets, n)` for the pieces of rows that make up the
    /// C-order positions `range`; `offsets[k]` is operand `k`'s offset.
    @inlinable
    func forEachRow(in range: Range<Int>, _ row: (UnsafeMutablePointer<Int>, Int) -> Void) {
        let nd = shape.count, last = nd - 1, ops = operands
        withUnsafeTemporaryAllocation(of: Int.self, capacity: nd + ops) { scratch in
            let index = scratch.baseAddress!, offsets = index + nd
            var rest = range.lowerBound
            var d = last
            while d >= 0 {
                index[d] = rest % shape[d]
                rest /= shape[d]
                d -= 1
            }
            for k in 0..<ops {
                var o = 0
                for e in 0..<nd { o += index[e] * strides[k * nd + e] }
                offsets[k] = o
            }
            var remaining = range.count
            while remaining > 0 {
                let n = Swift.min(shape[last] - index[last], remaining)
                row(offsets, n)
                remaining -= n
                if remaining == 0 { break }
                for k in 0..<ops { offsets[k] += n * strides[k * nd + last] }
                index[last] += n
                var d = last
                while d > 0 && index[d] == shape[d] {
                    index[d] = 0
                    for k in 0..<ops {
                        offsets[k] += strides[k * nd + d - 1] - shape[d] * strides[k * nd + d]
                    }
                    index[d - 1] += 1
                    d -= 1
                }
            }
        }
    }

    /// Runs `row` over every element, split across cores when large.
    @inlinable
    func run(grain: Int, _ row: (UnsafeMutablePointer<Int>, Int) -> Void) {
        ForkJoin.parallelFor(count: count, grain: grain) { range in forEachRow(in: range, row) }
    }
}

/// How many elements a kernel must have before it is split across cores.
@usableFromInline
enum _Grain {
    /// For memory-bound kernels such as `+` (a core does ~1 element per ns).
    @inlinable static var cheap: Int { 32_768 }
    /// For kernels that cost tens of nanoseconds per element (`sin`, `exp`).
    @inlinable static var costly: Int { 2_048 }
}
