import SwarmArray
import SwarmCore
import Foundation

// log Σ exp(aᵢ) as SciPy 1.15+ computes it: the largest term is taken out
// of the sum, so the result is m + log1p(Σ_{i≠max} exp(aᵢ - m)), exact when
// one term dominates. With an infinite maximum the direct log Σ exp is
// used (-∞ for all -∞, ∞ for any +∞); NaN anywhere gives NaN.

extension Special {
    /// log Σ exp(aᵢ) over all of `a` (SciPy's `logsumexp`); -∞ when empty.
    ///
    /// - Complexity: O(n).
    public static func logsumexp(_ a: [Double]) -> Double {
        a.withUnsafeBufferPointer { _logsumexpLane($0.baseAddress, count: $0.count, stride: 1) }
    }

    /// log Σ exp(aᵢ) over every element of `a`.
    ///
    /// - Complexity: O(count).
    public static func logsumexp(_ a: NDArray<Double>) -> Double {
        a.withUnsafeBufferPointer { _logsumexpLane($0.baseAddress, count: $0.count, stride: 1) }
    }

    /// log Σ exp along one axis (SciPy's `logsumexp(a, axis=axis)`): the
    /// result has `a`'s shape without that axis. Lanes are split across
    /// the cores when there are many.
    ///
    /// - Parameter axis: the axis to reduce; negative counts from the end.
    /// - Precondition: `axis` is within `-a.shape.count ..< a.shape.count`.
    /// - Complexity: O(count).
    public static func logsumexp(_ a: NDArray<Double>, axis: Int) -> NDArray<Double> {
        let rank = a.shape.count
        precondition(axis >= -rank && axis < rank, "axis \(axis) is out of bounds for an array of rank \(rank)")
        let k = axis < 0 ? axis + rank : axis
        let shape = a.shape
        let outer = shape[..<k].reduce(1, *), length = shape[k], inner = shape[(k + 1)...].reduce(1, *)
        var resultShape = shape
        resultShape.remove(at: k)
        return a.withUnsafeBufferPointer { input in
            NDArray<Double>(unsafeUninitializedShape: resultShape) { out in
                guard let target = out.baseAddress else { return }
                let source = input.baseAddress
                let lanes = outer * inner
                let grain = Swift.max(1, 16_384 / Swift.max(1, length))
                ForkJoin.parallelFor(count: lanes, grain: grain) { range in
                    for lane in range {
                        let o = lane / inner, i = lane % inner
                        let start = source.map { $0 + o * length * inner + i }
                        (target + lane).initialize(to: _logsumexpLane(start, count: length, stride: inner))
                    }
                }
            }
        }
    }
}

/// log Σ exp over `count` elements `stride` apart.
func _logsumexpLane(_ base: UnsafePointer<Double>?, count: Int, stride: Int) -> Double {
    guard let base, count > 0 else { return -.infinity }
    var maxIndex = 0, maxValue = base[0]
    for j in 1..<Swift.max(1, count) {
        let v = base[j * stride]
        if v.isNaN { return .nan }
        if v > maxValue { maxValue = v; maxIndex = j }
    }
    if maxValue.isNaN { return .nan }
    if maxValue.isInfinite {
        // -∞: every term is zero, log 0 = -∞; +∞: the sum is ∞.
        return maxValue
    }
    var sum = 0.0
    for j in 0..<count where j != maxIndex {
        sum += exp(base[j * stride] - maxValue)
    }
    return log1p(sum) + maxValue
}
