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
        _binary(lhs, rhs) { Element._add($0, $1) }
    }

    /// `+` with a scalar on the right.
    @inlinable
    public static func + (lhs: consuming NDArray, rhs: Element) -> NDArray {
        _scalarRight(lhs, rhs) { Element._add($0, $1) }
    }

    /// `+` with a scalar on the left.
    @inlinable
    public static func + (lhs: Element, rhs: consuming NDArray) -> NDArray {
        _scalarLeft(lhs, rhs) { Element._add($0, $1) }
    }

    /// In-place `+`: writes into `lhs`'s storage; `rhs` broadcasts to `lhs.shape`.
    @inlinable
    public static func += (lhs: inout NDArray, rhs: NDArray) {
        lhs._update(with: rhs) { Element._add($0, $1) }
    }

    /// In-place `+` with a scalar.
    @inlinable
    public static func += (lhs: inout NDArray, rhs: Element) {
        lhs._update(scalar: rhs) { Element._add($0, $1) }
    }

    /// Elementwise `-` with broadcasting (NumPy's `subtract`).
    @inlinable
    public static func - (lhs: consuming NDArray, rhs: NDArray) -> NDArray {
        _binary(lhs, rhs) { Element._subtract($0, $1) }
    }

    /// `-` with a scalar on the right.
    @inlinable
    public static func - (lhs: consuming NDArray, rhs: Element) -> NDArray {
        _scalarRight(lhs, rhs) { Element._subtract($0, $1) }
    }

    /// `-` with a scalar on the left.
    @inlinable
    public static func - (lhs: Element, rhs: consuming NDArray) -> NDArray {
        _scalarLeft(lhs, rhs) { Element._subtract($0, $1) }
    }

    /// In-place `-`: writes into `lhs`'s storage; `rhs` broadcasts to `lhs.shape`.
    @inlinable
    public static func -= (lhs: inout NDArray, rhs: NDArray) {
        lhs._update(with: rhs) { Element._subtract($0, $1) }
    }

    /// In-place `-` with a scalar.
    @inlinable
    public static func -= (lhs: inout NDArray, rhs: Element) {
        lhs._update(scalar: rhs) { Element._subtract($0, $1) }
    }

    /// Elementwise `*` with broadcasting (NumPy's `multiply`).
    @inlinable
    public static func * (lhs: consuming NDArray, rhs: NDArray) -> NDArray {
        _binary(lhs, rhs) { Element._multiply($0, $1) }
    }

    /// `*` with a scalar on the right.
    @inlinable
    public static func * (lhs: consuming NDArray, rhs: Element) -> NDArray {
        _scalarRight(lhs, rhs) { Element._multiply($0, $1) }
    }

    /// `*` with a scalar on the left.
    @inlinable
    public static func * (lhs: Element, rhs: consuming NDArray) -> NDArray {
        _scalarLeft(lhs, rhs) { Element._multiply($0, $1) }
    }

    /// In-place `*`: writes into `lhs`'s storage; `rhs` broadcasts to `lhs.shape`.
    @inlinable
    public static func *= (lhs: inout NDArray, rhs: NDArray) {
        lhs._update(with: rhs) { Element._multiply($0, $1) }
    }

    /// In-place `*` with a scalar.
    @inlinable
    public static func *= (lhs: inout NDArray, rhs: Element) {
        lhs._update(scalar: rhs) { Element._multiply($0, $1) }
    }

    /// Elementwise negation.
    @inlinable
    public static prefix func - (operand: consuming NDArray) -> NDArray {
        _unaryElided(operand) { Element._subtract(.zero, $0) }
    }
}
