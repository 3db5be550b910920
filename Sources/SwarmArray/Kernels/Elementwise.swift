import SwarmCore

// The elementwise engines: one operand (map), two (zip) and three (zip3),
// each writing a new array or into an existing one. Contiguous operands of
// one shape take a flat loop the compiler vectorizes; anything else goes
// through `_StridedLoop`, still split across cores. The element function is
// a type (see `KernelFunction.swift`), so it is inlined into the loops.

extension NDArray {
    /// A new array of `f` applied to every element.
    @inlinable
    func _map<F: _NDUnaryFunction>(grain: Int = _Grain.cheap, _ f: F) -> NDArray<F.Output> where F.Input == Element {
        var out = NDArray<F.Output>(_uninitializedShape: shape, strides: isContiguous ? strides : nil)
        out._assign(from: self, grain: grain, f)
        return out
    }

    /// ``_map(grain:_:)`` with a closure (one indirect call per element).
    @inlinable
    func _map<R>(grain: Int = _Grain.cheap, _ f: (Element) -> R) -> NDArray<R> {
        withoutActuallyEscaping(f) { _map(grain: grain, _Fn1($0)) }
    }

    /// Writes `f(source)` into `self`; `source` broadcasts to `self.shape`.
    /// `self` must already be unique.
    @inlinable
    mutating func _assign<F: _NDUnaryFunction>(from source: NDArray<F.Input>, grain: Int = _Grain.cheap, _ f: F)
        where F.Output == Element {
        let dst = _base, src = source._base
        let n = count
        if isContiguous && source.isContiguous && shape == source.shape {
            ForkJoin.parallelFor(count: n, grain: grain) { r in
                f.block(src + r.lowerBound, dst + r.lowerBound, r.count)
            }
        } else {
            let loop = _StridedLoop(shape: shape, strides: [
                strides, _Layout.broadcastStrides(source.shape, source.strides, to: shape),
            ])
            let s0 = loop.innerStride(0), s1 = loop.innerStride(1)
            loop.run(grain: grain) { offsets, count in
                let o = dst + offsets[0], x = src + offsets[1]
                if s0 == 1 && s1 == 1 {
                    f.block(x, o, count)
                } else if s0 == 1 && s1 == 0 {
                    let v = f(x[0])
                    for j in 0..<count { o[j] = v }
                } else {
                    for j in 0..<count { o[j * s0] = f(x[j * s1]) }
                }
            }
        }
        withExtendedLifetime(source) {}
    }

    /// ``_assign(from:grain:_:)`` with a closure.
    @inlinable
    mutating func _assign<S>(from source: NDArray<S>, grain: Int = _Grain.cheap, _ f: (S) -> Element) {
        withoutActuallyEscaping(f) { _assign(from: source, grain: grain, _Fn1($0)) }
    }

    /// A new array of `f(a, b)` over the broadcast shape of `a` and `b`.
    @inlinable
    static func _zip<F: _NDBinaryFunction>(_ a: NDArray<F.Left>, _ b: NDArray<F.Right>, grain: Int = _Grain.cheap,
                                           _ f: F) -> NDArray<Element> where F.Output == Element {
        if a.shape == b.shape && a.isContiguous && b.isContiguous {
            let out = NDArray(_uninitializedShape: a.shape, strides: a.strides)
            let o = out._base, x = a._base, y = b._base
            ForkJoin.parallelFor(count: out.count, grain: grain) { r in
                for i in r { o[i] = f(x[i], y[i]) }
            }
            withExtendedLifetime((a, b)) {}
            return out
        }
        var out = NDArray(_uninitializedShape: _Layout.broadcastOrTrap(a.shape, b.shape))
        out._assign(a, b, grain: grain, f)
        return out
    }

    /// ``_zip(_:_:grain:_:)`` with a closure.
    @inlinable
    static func _zip<A, B>(_ a: NDArray<A>, _ b: NDArray<B>, grain: Int = _Grain.cheap,
                           _ f: (A, B) -> Element) -> NDArray<Element> {
        withoutActuallyEscaping(f) { _zip(a, b, grain: grain, _Fn2($0)) }
    }

    /// Writes `f(a, b)` into `self`; `a` and `b` broadcast to `self.shape`.
    /// `self` must already be unique.
    @inlinable
    mutating func _assign<F: _NDBinaryFunction>(_ a: NDArray<F.Left>, _ b: NDArray<F.Right>, grain: Int = _Grain.cheap,
                                                _ f: F) where F.Output == Element {
        let dst = _base, x = a._base, y = b._base
        if isContiguous && a.isContiguous && b.isContiguous && shape == a.shape && shape == b.shape {
            ForkJoin.parallelFor(count: count, grain: grain) { r in
                for i in r { dst[i] = f(x[i], y[i]) }
            }
        } else {
            let loop = _StridedLoop(shape: shape, strides: [
                strides,
                _Layout.broadcastStrides(a.shape, a.strides, to: shape),
                _Layout.broadcastStrides(b.shape, b.strides, to: shape),
            ])
            let s0 = loop.innerStride(0), s1 = loop.innerStride(1), s2 = loop.innerStride(2)
            loop.run(grain: grain) { offsets, count in
                let o = dst + offsets[0], p = x + offsets[1], q = y + offsets[2]
                if s0 == 1 && s1 == 1 && s2 == 1 {
                    for j in 0..<count { o[j] = f(p[j], q[j]) }
                } else if s0 == 1 && s1 == 1 && s2 == 0 {
                    let v = q[0]
                    for j in 0..<count { o[j] = f(p[j], v) }
                } else if s0 == 1 && s1 == 0 && s2 == 1 {
                    let u = p[0]
                    for j in 0..<count { o[j] = f(u, q[j]) }
                } else {
                    for j in 0..<count { o[j * s0] = f(p[j * s1], q[j * s2]) }
                }
            }
        }
        withExtendedLifetime((a, b)) {}
    }

    /// A new array of `f(a, b, c)` over the broadcast shape of all three.
    @inlinable
    static func _zip3<F: _NDTernaryFunction>(_ a: NDArray<F.First>, _ b: NDArray<F.Second>, _ c: NDArray<F.Third>,
                                             grain: Int = _Grain.cheap, _ f: F) -> NDArray<Element> where F.Output == Element {
        let shape = _Layout.broadcastOrTrap(_Layout.broadcastOrTrap(a.shape, b.shape), c.shape)
        var out = NDArray(_uninitializedShape: shape)
        out._assign3(a, b, c, grain: grain, f)
        return out
    }

    /// ``_zip3(_:_:_:grain:_:)`` with a closure.
    @inlinable
    static func _zip3<A, B, C>(_ a: NDArray<A>, _ b: NDArray<B>, _ c: NDArray<C>, grain: Int = _Grain.cheap,
                               _ f: (A, B, C) -> Element) -> NDArray<Element> {
        withoutActuallyEscaping(f) { _zip3(a, b, c, grain: grain, _Fn3($0)) }
    }

    /// Writes `f(a, b, c)` into `self`; the operands broadcast to `self.shape`.
    @inlinable
    mutating func _assign3<F: _NDTernaryFunction>(_ a: NDArray<F.First>, _ b: NDArray<F.Second>, _ c: NDArray<F.Third>,
                                                  grain: Int = _Grain.cheap, _ f: F) where F.Output == Element {
        let dst = _base, x = a._base, y = b._base, z = c._base
        if isContiguous && a.isContiguous && b.isContiguous && c.isContiguous
            && shape == a.shape && shape == b.shape && shape == c.shape {
            ForkJoin.parallelFor(count: count, grain: grain) { r in
                for i in r { dst[i] = f(x[i], y[i], z[i]) }
            }
        } else {
            let loop = _StridedLoop(shape: shape, strides: [
                strides,
                _Layout.broadcastStrides(a.shape, a.strides, to: shape),
                _Layout.broadcastStrides(b.shape, b.strides, to: shape),
                _Layout.broadcastStrides(c.shape, c.strides, to: shape),
            ])
            let s0 = loop.innerStride(0), s1 = loop.innerStride(1)
            let s2 = loop.innerStride(2), s3 = loop.innerStride(3)
            loop.run(grain: grain) { offsets, count in
                let o = dst + offsets[0], p = x + offsets[1], q = y + offsets[2], r = z + offsets[3]
                if s0 == 1 && s1 == 1 && s2 == 1 && s3 == 1 {
                    for j in 0..<count { o[j] = f(p[j], q[j], r[j]) }
                } else {
                    for j in 0..<count { o[j * s0] = f(p[j * s1], q[j * s2], r[j * s3]) }
                }
            }
        }
        withExtendedLifetime((a, b, c)) {}
    }
}
