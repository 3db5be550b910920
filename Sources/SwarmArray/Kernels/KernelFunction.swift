// Elementwise functions as types.
//
// A kernel loop runs inside a closure handed to the fork-join loop. If the
// element function were a closure too, the optimizer would call it through
// a pointer for every element (measured: half the speed of a hand-written
// loop, and no vectorization). As a type, it is part of the kernel's
// specialization, so its body is inlined into the loop. The engines in
// `Elementwise.swift` take these; closure forms (`_Fn1`…) remain for the
// few places where speed does not matter.

/// A function of one element.
@usableFromInline
protocol _NDUnaryFunction {
    associatedtype Input
    associatedtype Output
    func callAsFunction(_ x: Input) -> Output
    /// `y[i] = self(x[i])` for a contiguous block (`x` may equal `y`): a
    /// function with a vector kernel overrides it.
    func block(_ x: UnsafePointer<Input>, _ y: UnsafeMutablePointer<Output>, _ n: Int)
}

extension _NDUnaryFunction {
    /// The element loop.
    @inlinable @inline(__always)
    func block(_ x: UnsafePointer<Input>, _ y: UnsafeMutablePointer<Output>, _ n: Int) {
        for i in 0..<n { y[i] = self(x[i]) }
    }
}

/// A function of two elements.
@usableFromInline
protocol _NDBinaryFunction {
    associatedtype Left
    associatedtype Right
    associatedtype Output
    func callAsFunction(_ x: Left, _ y: Right) -> Output
}

/// A function of three elements.
@usableFromInline
protocol _NDTernaryFunction {
    associatedtype First
    associatedtype Second
    associatedtype Third
    associatedtype Output
    func callAsFunction(_ x: First, _ y: Second, _ z: Third) -> Output
}

/// A closure as a unary function (slow path: one indirect call per element).
@usableFromInline
struct _Fn1<Input, Output>: _NDUnaryFunction {
    @usableFromInline let body: (Input) -> Output
    @inlinable init(_ body: @escaping (Input) -> Output) { self.body = body }
    @inlinable func callAsFunction(_ x: Input) -> Output { body(x) }
}

/// A closure as a binary function (slow path).
@usableFromInline
struct _Fn2<Left, Right, Output>: _NDBinaryFunction {
    @usableFromInline let body: (Left, Right) -> Output
    @inlinable init(_ body: @escaping (Left, Right) -> Output) { self.body = body }
    @inlinable func callAsFunction(_ x: Left, _ y: Right) -> Output { body(x, y) }
}

/// A closure as a ternary function (slow path).
@usableFromInline
struct _Fn3<First, Second, Third, Output>: _NDTernaryFunction {
    @usableFromInline let body: (First, Second, Third) -> Output
    @inlinable init(_ body: @escaping (First, Second, Third) -> Output) { self.body = body }
    @inlinable func callAsFunction(_ x: First, _ y: Second, _ z: Third) -> Output { body(x, y, z) }
}

/// `f(x, s)` for a fixed right operand `s`.
@usableFromInline
struct _BindRight<F: _NDBinaryFunction>: _NDUnaryFunction {
    @usableFromInline let f: F
    @usableFromInline let s: F.Right
    @inlinable init(_ f: F, _ s: F.Right) { self.f = f; self.s = s }
    @inlinable @inline(__always) func callAsFunction(_ x: F.Left) -> F.Output { f(x, s) }
}

/// `f(s, x)` for a fixed left operand `s`.
@usableFromInline
struct _BindLeft<F: _NDBinaryFunction>: _NDUnaryFunction {
    @usableFromInline let f: F
    @usableFromInline let s: F.Left
    @inlinable init(_ f: F, _ s: F.Left) { self.f = f; self.s = s }
    @inlinable @inline(__always) func callAsFunction(_ x: F.Right) -> F.Output { f(s, x) }
}

/// The identity, for copies.
@usableFromInline
struct _Identity<T>: _NDUnaryFunction {
    @inlinable init() {}
    @inlinable @inline(__always) func callAsFunction(_ x: T) -> T { x }
}

/// NumPy's `astype`: a C cast between element types.
@usableFromInline
struct _Cast<A: NDArrayElement, R: NDArrayElement>: _NDUnaryFunction {
    @inlinable init() {}
    @inlinable @inline(__always) func callAsFunction(_ x: A) -> R { x._ndConverted(to: R.self) }
}
