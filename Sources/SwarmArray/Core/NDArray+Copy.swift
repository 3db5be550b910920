import SwarmCore

extension NDArray {
    /// A C-contiguous copy that shares nothing with `self`.
    @inlinable
    public func copy() -> NDArray {
        if isContiguous {
            let out = NDArray(_uninitializedShape: shape, strides: strides)
            let dst = out._base, src = _base
            ForkJoin.parallelFor(count: count, grain: _Grain.cheap * 4) { r in
                (dst + r.lowerBound).update(from: src + r.lowerBound, count: r.count)
            }
            withExtendedLifetime(self) {}
            return out
        }
        return _map(_Identity<Element>())
    }

    /// `self` if it is C-contiguous, otherwise a contiguous copy
    /// (NumPy's `ascontiguousarray`).
    @inlinable
    public func contiguous() -> NDArray {
        isContiguous ? self : copy()
    }

    /// The elements converted to another type, as NumPy's `astype` does
    /// (C casts: floats to integers truncate, integers wrap).
    ///
    /// - Parameter type: the new element type.
    @inlinable
    public func astype<T: NDArrayElement>(_ type: T.Type) -> NDArray<T> {
        _map(_Cast<Element, T>())
    }
}

/// A C-contiguous array with the same elements (NumPy's `ascontiguousarray`).
@inlinable
public func ascontiguousarray<T>(_ a: NDArray<T>) -> NDArray<T> { a.contiguous() }

extension NDArray: Equatable {
    /// Whether two arrays have the same shape and equal elements
    /// (NumPy's `array_equal`; NaN is not equal to itself).
    @inlinable
    public static func == (lhs: NDArray, rhs: NDArray) -> Bool {
        guard lhs.shape == rhs.shape else { return false }
        let a = lhs.contiguous(), b = rhs.contiguous()
        return a.withUnsafeBufferPointer { x in
            b.withUnsafeBufferPointer { y in
                for i in 0..<x.count where !Element._ndEqual(x[i], y[i]) { return false }
                return true
            }
        }
    }
}
