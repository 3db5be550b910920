// The arithmetic operators. Every binary operator broadcasts its operands
// (trapping with both shapes when they do not broadcast), takes a scalar on
// either side, and has a compound form that writes into the left operand's
// own storage. The left operand is `consuming`: when it is a temporary, such
// as `a * b` in `a * b + c`, its storage is reused for the result instead of
// allocating another (NumPy's temporary elision).

extension NDArray where Element: NDArrayNumeric {

    /// Elementwise `+` with broadcasting (NumPy's `add`).
    @inlinable
    public static func + (lhs: consuming NDArray, rhs: NDArray) -> NDArray {
        _binary(lhs, rhs, _Add<Element>())
    }

    /// `+` with a scalar on the right.
    @inlinable
    public static func + (lhs: consuming NDArray, rhs: Element) -> NDArray {
        _scalarRight(lhs, rhs, _Add<Element>())
    }

    /// `+` with a scalar on the left.
    @inlinable
    public static func + (lhs: Element, rhs: consuming NDArray) -> NDArray {
        _scalarLeft(lhs, rhs, _Add<Element>())
    }

    /// In-place `+`: writes into `lhs`'s storage; `rhs` broadcasts to `lhs.shape`.
    @inlinable
    public static func += (lhs: inout NDArray, rhs: NDArray) {
        lhs._update(with: rhs, _Add<Element>())
    }

    /// In-place `+` with a scalar.
    @inlinable
    public static func += (lhs: inout NDArray, rhs: Element) {
        lhs._update(scalar: rhs, _Add<Element>())
    }

    /// Elementwise `-` with broadcasting (NumPy's `subtract`).
    @inlinable
    public static func - (lhs: consuming NDArray, rhs: NDArray) -> NDArray {
        _binary(lhs, rhs, _Subtract<Element>())
    }

    /// `-` with a scalar on the right.
    @inlinable
    public static func - (lhs: consuming NDArray, rhs: Element) -> NDArray {
        _scalarRight(lhs, rhs, _Subtract<Element>())
    }

    /// `-` with a scalar on the left.
    @inlinable
    public static func - (lhs: Element, rhs: consuming NDArray) -> NDArray {
        _scalarLeft(lhs, rhs, _Subtract<Element>())
    }

    /// In-place `-`: writes into `lhs`'s storage; `rhs` broadcasts to `lhs.shape`.
    @inlinable
    public static func -= (lhs: inout NDArray, rhs: NDArray) {
        lhs._update(with: rhs, _Subtract<Element>())
    }

    /// In-place `-` with a scalar.
    @inlinable
    public static func -= (lhs: inout NDArray, rhs: Element) {
        lhs._update(scalar: rhs, _Subtract<Element>())
    }

    /// Elementwise `*` with broadcasting (NumPy's `multiply`).
    @inlinable
    public static func * (lhs: consuming NDArray, rhs: NDArray) -> NDArray {
        _binary(lhs, rhs, _Multiply<Element>())
    }

    /// `*` with a scalar on the right.
    @inlinable
    public static func * (lhs: consuming NDArray, rhs: Element) -> NDArray {
        _scalarRight(lhs, rhs, _Multiply<Element>())
    }

    /// `*` with a scalar on the left.
    @inlinable
    public static func * (lhs: Element, rhs: consuming NDArray) -> NDArray {
        _scalarLeft(lhs, rhs, _Multiply<Element>())
    }

    /// In-place `*`: writes into `lhs`'s storage; `rhs` broadcasts to `lhs.shape`.
    @inlinable
    public static func *= (lhs: inout NDArray, rhs: NDArray) {
        lhs._update(with: rhs, _Multiply<Element>())
    }

    /// In-place `*` with a scalar.
    @inlinable
    public static func *= (lhs: inout NDArray, rhs: Element) {
        lhs._update(scalar: rhs, _Multiply<Element>())
    }

    /// Elementwise negation.
    @inlinable
    public static prefix func - (operand: consuming NDArray) -> NDArray {
        _unaryElided(operand, _Negate<Element>())
    }
}
