import SwarmCore

// Binary and unary kernels that reuse a temporary operand's storage for the
// result, and the in-place update used by compound assignment.

extension NDArray {
    /// Whether `operand`'s storage can take the result in place: it is the
    /// only owner, contiguous, and has the result's shape.
    @inlinable
    static func _canReuse(_ operand: inout NDArray, forShape shape: [Int]) -> Bool {
        operand.isContiguous && operand.shape == shape && isKnownUniquelyReferenced(&operand.storage)
    }

    /// `f(lhs, rhs)`, written into `lhs`'s storage when it is a temporary.
    @inlinable
    static func _binary<F: _NDBinaryFunction>(_ lhs: consuming NDArray, _ rhs: NDArray, _ f: F) -> NDArray
        where F.Left == Element, F.Right == Element, F.Output == Element {
        var lhs = lhs
        if lhs.shape == rhs.shape && _canReuse(&lhs, forShape: rhs.shape) && rhs.isContiguous
            && lhs.storage !== rhs.storage {
            let o = lhs._base, y = rhs._base
            ForkJoin.parallelFor(count: lhs.count, grain: _Grain.cheap) { r in
                for i in r { o[i] = f(o[i], y[i]) }
            }
            withExtendedLifetime(rhs) {}
            return lhs
        }
        return _zip(lhs, rhs, f)
    }

    /// `f(element, scalar)` for every element.
    @inlinable
    static func _scalarRight<F: _NDBinaryFunction>(_ lhs: consuming NDArray, _ s: Element, _ f: F) -> NDArray
        where F.Left == Element, F.Right == Element, F.Output == Element {
        _unaryElided(lhs, _BindRight(f, s))
    }

    /// `f(scalar, element)` for every element.
    @inlinable
    static func _scalarLeft<F: _NDBinaryFunction>(_ s: Element, _ rhs: consuming NDArray, _ f: F) -> NDArray
        where F.Left == Element, F.Right == Element, F.Output == Element {
        _unaryElided(rhs, _BindLeft(f, s))
    }

    /// `f(element)` for every element, in place when `operand` is a temporary.
    @inlinable
    static func _unaryElided<F: _NDUnaryFunction>(_ operand: consuming NDArray, grain: Int = _Grain.cheap, _ f: F) -> NDArray
        where F.Input == Element, F.Output == Element {
        var operand = operand
        if _canReuse(&operand, forShape: operand.shape) {
            let o = operand._base
            ForkJoin.parallelFor(count: operand.count, grain: grain) { r in
                f.block(o + r.lowerBound, o + r.lowerBound, r.count)
            }
            return operand
        }
        return operand._map(grain: grain, f)
    }

    /// `self = f(self, other)` in place; `other` broadcasts to `self.shape`.
    @inlinable
    mutating func _update<F: _NDBinaryFunction>(with other: NDArray, grain: Int = _Grain.cheap, _ f: F)
        where F.Left == Element, F.Right == Element, F.Output == Element {
        guard let b = _Layout.broadcast(shape, other.shape), b == shape else {
            preconditionFailure("non-broadcastable output operand with shape \(_Layout.describe(shape)) doesn't match the broadcast shape \(_Layout.describe(_Layout.broadcast(shape, other.shape) ?? other.shape))")
        }
        _makeUnique()
        // An operand that overlaps `self` with another layout (`a += a.T`) is
        // read from a copy, as NumPy does.
        let source = other.storage === storage && (other.offset != offset || other.strides != strides)
            ? other.copy() : other
        let current = self
        _assign(current, source, grain: grain, f)
    }

    /// ``_update(with:grain:_:)`` with a closure.
    @inlinable
    mutating func _update(with other: NDArray, grain: Int = _Grain.cheap, _ f: (Element, Element) -> Element) {
        withoutActuallyEscaping(f) { _update(with: other, grain: grain, _Fn2($0)) }
    }

    /// `self = f(self, s)` in place.
    @inlinable
    mutating func _update<F: _NDBinaryFunction>(scalar s: Element, grain: Int = _Grain.cheap, _ f: F)
        where F.Left == Element, F.Right == Element, F.Output == Element {
        _makeUnique()
        let current = self
        _assign(from: current, grain: grain, _BindRight(f, s))
    }

    /// ``_update(scalar:grain:_:)`` with a closure.
    @inlinable
    mutating func _update(scalar s: Element, grain: Int = _Grain.cheap, _ f: (Element, Element) -> Element) {
        withoutActuallyEscaping(f) { _update(scalar: s, grain: grain, _Fn2($0)) }
    }
}
