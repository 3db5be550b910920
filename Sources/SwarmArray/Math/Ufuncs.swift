import ComplexModule
import RealModule

// NumPy's universal functions on real (`Float`, `Double`) arrays. Each has
// a form that returns a new array and one that writes into `out`, which must
// have the operand's shape (NumPy's `out=`). Temporaries are reused: in
// `sqrt(a * a)` the product's storage receives the roots.

/// Elementwise `sqrt` (NumPy's `numpy.sqrt`).
@inlinable
public func sqrt<T: NDArrayNumeric & Real>(_ a: consuming NDArray<T>) -> NDArray<T> {
    NDArray._unaryElided(a, grain: _Grain.cheap) { x in T.sqrt(x) }
}

/// Elementwise `sqrt` written into `out` (NumPy's `out=`).
@inlinable
public func sqrt<T: NDArrayNumeric & Real>(_ a: NDArray<T>, out: inout NDArray<T>) {
    out._write(from: a, grain: _Grain.cheap) { x in T.sqrt(x) }
}

/// Elementwise `exp` (NumPy's `numpy.exp`).
@inlinable
public func exp<T: NDArrayNumeric & Real>(_ a: consuming NDArray<T>) -> NDArray<T> {
    NDArray._unaryElided(a, grain: _Grain.costly) { x in T.exp(x) }
}

/// Elementwise `exp` written into `out` (NumPy's `out=`).
@inlinable
public func exp<T: NDArrayNumeric & Real>(_ a: NDArray<T>, out: inout NDArray<T>) {
    out._write(from: a, grain: _Grain.costly) { x in T.exp(x) }
}

/// Elementwise `expm1` (NumPy's `numpy.expm1`).
@inlinable
public func expm1<T: NDArrayNumeric & Real>(_ a: consuming NDArray<T>) -> NDArray<T> {
    NDArray._unaryElided(a, grain: _Grain.costly) { x in T.expMinusOne(x) }
}

/// Elementwise `expm1` written into `out` (NumPy's `out=`).
@inlinable
public func expm1<T: NDArrayNumeric & Real>(_ a: NDArray<T>, out: inout NDArray<T>) {
    out._write(from: a, grain: _Grain.costly) { x in T.expMinusOne(x) }
}

/// Elementwise `exp2` (NumPy's `numpy.exp2`).
@inlinable
public func exp2<T: NDArrayNumeric & Real>(_ a: consuming NDArray<T>) -> NDArray<T> {
    NDArray._unaryElided(a, grain: _Grain.costly) { x in T.exp2(x) }
}

/// Elementwise `exp2` written into `out` (NumPy's `out=`).
@inlinable
public func exp2<T: NDArrayNumeric & Real>(_ a: NDArray<T>, out: inout NDArray<T>) {
    out._write(from: a, grain: _Grain.costly) { x in T.exp2(x) }
}

/// Elementwise `log` (NumPy's `numpy.log`).
@inlinable
public func log<T: NDArrayNumeric & Real>(_ a: consuming NDArray<T>) -> NDArray<T> {
    NDArray._unaryElided(a, grain: _Grain.costly) { x in T.log(x) }
}

/// Elementwise `log` written into `out` (NumPy's `out=`).
@inlinable
public func log<T: NDArrayNumeric & Real>(_ a: NDArray<T>, out: inout NDArray<T>) {
    out._write(from: a, grain: _Grain.costly) { x in T.log(x) }
}

/// Elementwise `log1p` (NumPy's `numpy.log1p`).
@inlinable
public func log1p<T: NDArrayNumeric & Real>(_ a: consuming NDArray<T>) -> NDArray<T> {
    NDArray._unaryElided(a, grain: _Grain.costly) { x in T.log(onePlus: x) }
}

/// Elementwise `log1p` written into `out` (NumPy's `out=`).
@inlinable
public func log1p<T: NDArrayNumeric & Real>(_ a: NDArray<T>, out: inout NDArray<T>) {
    out._write(from: a, grain: _Grain.costly) { x in T.log(onePlus: x) }
}

/// Elementwise `log2` (NumPy's `numpy.log2`).
@inlinable
public func log2<T: NDArrayNumeric & Real>(_ a: consuming NDArray<T>) -> NDArray<T> {
    NDArray._unaryElided(a, grain: _Grain.costly) { x in T.log2(x) }
}

/// Elementwise `log2` written into `out` (NumPy's `out=`).
@inlinable
public func log2<T: NDArrayNumeric & Real>(_ a: NDArray<T>, out: inout NDArray<T>) {
    out._write(from: a, grain: _Grain.costly) { x in T.log2(x) }
}

/// Elementwise `log10` (NumPy's `numpy.log10`).
@inlinable
public func log10<T: NDArrayNumeric & Real>(_ a: consuming NDArray<T>) -> NDArray<T> {
    NDArray._unaryElided(a, grain: _Grain.costly) { x in T.log10(x) }
}

/// Elementwise `log10` written into `out` (NumPy's `out=`).
@inlinable
public func log10<T: NDArrayNumeric & Real>(_ a: NDArray<T>, out: inout NDArray<T>) {
    out._write(from: a, grain: _Grain.costly) { x in T.log10(x) }
}

/// Elementwise `sin` (NumPy's `numpy.sin`).
@inlinable
public func sin<T: NDArrayNumeric & Real>(_ a: consuming NDArray<T>) -> NDArray<T> {
    NDArray._unaryElided(a, grain: _Grain.costly) { x in T.sin(x) }
}

/// Elementwise `sin` written into `out` (NumPy's `out=`).
@inlinable
public func sin<T: NDArrayNumeric & Real>(_ a: NDArray<T>, out: inout NDArray<T>) {
    out._write(from: a, grain: _Grain.costly) { x in T.sin(x) }
}

/// Elementwise `cos` (NumPy's `numpy.cos`).
@inlinable
public func cos<T: NDArrayNumeric & Real>(_ a: consuming NDArray<T>) -> NDArray<T> {
    NDArray._unaryElided(a, grain: _Grain.costly) { x in T.cos(x) }
}

/// Elementwise `cos` written into `out` (NumPy's `out=`).
@inlinable
public func cos<T: NDArrayNumeric & Real>(_ a: NDArray<T>, out: inout NDArray<T>) {
    out._write(from: a, grain: _Grain.costly) { x in T.cos(x) }
}

/// Elementwise `tan` (NumPy's `numpy.tan`).
@inlinable
public func tan<T: NDArrayNumeric & Real>(_ a: consuming NDArray<T>) -> NDArray<T> {
    NDArray._unaryElided(a, grain: _Grain.costly) { x in T.tan(x) }
}

/// Elementwise `tan` written into `out` (NumPy's `out=`).
@inlinable
public func tan<T: NDArrayNumeric & Real>(_ a: NDArray<T>, out: inout NDArray<T>) {
    out._write(from: a, grain: _Grain.costly) { x in T.tan(x) }
}

/// Elementwise `arcsin` (NumPy's `numpy.arcsin`).
@inlinable
public func arcsin<T: NDArrayNumeric & Real>(_ a: consuming NDArray<T>) -> NDArray<T> {
    NDArray._unaryElided(a, grain: _Grain.costly) { x in T.asin(x) }
}

/// Elementwise `arcsin` written into `out` (NumPy's `out=`).
@inlinable
public func arcsin<T: NDArrayNumeric & Real>(_ a: NDArray<T>, out: inout NDArray<T>) {
    out._write(from: a, grain: _Grain.costly) { x in T.asin(x) }
}

/// Elementwise `arccos` (NumPy's `numpy.arccos`).
@inlinable
public func arccos<T: NDArrayNumeric & Real>(_ a: consuming NDArray<T>) -> NDArray<T> {
    NDArray._unaryElided(a, grain: _Grain.costly) { x in T.acos(x) }
}

/// Elementwise `arccos` written into `out` (NumPy's `out=`).
@inlinable
public func arccos<T: NDArrayNumeric & Real>(_ a: NDArray<T>, out: inout NDArray<T>) {
    out._write(from: a, grain: _Grain.costly) { x in T.acos(x) }
}

/// Elementwise `arctan` (NumPy's `numpy.arctan`).
@inlinable
public func arctan<T: NDArrayNumeric & Real>(_ a: consuming NDArray<T>) -> NDArray<T> {
    NDArray._unaryElided(a, grain: _Grain.costly) { x in T.atan(x) }
}

/// Elementwise `arctan` written into `out` (NumPy's `out=`).
@inlinable
public func arctan<T: NDArrayNumeric & Real>(_ a: NDArray<T>, out: inout NDArray<T>) {
    out._write(from: a, grain: _Grain.costly) { x in T.atan(x) }
}

/// Elementwise `sinh` (NumPy's `numpy.sinh`).
@inlinable
public func sinh<T: NDArrayNumeric & Real>(_ a: consuming NDArray<T>) -> NDArray<T> {
    NDArray._unaryElided(a, grain: _Grain.costly) { x in T.sinh(x) }
}

/// Elementwise `sinh` written into `out` (NumPy's `out=`).
@inlinable
public func sinh<T: NDArrayNumeric & Real>(_ a: NDArray<T>, out: inout NDArray<T>) {
    out._write(from: a, grain: _Grain.costly) { x in T.sinh(x) }
}

/// Elementwise `cosh` (NumPy's `numpy.cosh`).
@inlinable
public func cosh<T: NDArrayNumeric & Real>(_ a: consuming NDArray<T>) -> NDArray<T> {
    NDArray._unaryElided(a, grain: _Grain.costly) { x in T.cosh(x) }
}

/// Elementwise `cosh` written into `out` (NumPy's `out=`).
@inlinable
public func cosh<T: NDArrayNumeric & Real>(_ a: NDArray<T>, out: inout NDArray<T>) {
    out._write(from: a, grain: _Grain.costly) { x in T.cosh(x) }
}

/// Elementwise `tanh` (NumPy's `numpy.tanh`).
@inlinable
public func tanh<T: NDArrayNumeric & Real>(_ a: consuming NDArray<T>) -> NDArray<T> {
    NDArray._unaryElided(a, grain: _Grain.costly) { x in T.tanh(x) }
}

/// Elementwise `tanh` written into `out` (NumPy's `out=`).
@inlinable
public func tanh<T: NDArrayNumeric & Real>(_ a: NDArray<T>, out: inout NDArray<T>) {
    out._write(from: a, grain: _Grain.costly) { x in T.tanh(x) }
}

/// Elementwise `arcsinh` (NumPy's `numpy.arcsinh`).
@inlinable
public func arcsinh<T: NDArrayNumeric & Real>(_ a: consuming NDArray<T>) -> NDArray<T> {
    NDArray._unaryElided(a, grain: _Grain.costly) { x in T.asinh(x) }
}

/// Elementwise `arcsinh` written into `out` (NumPy's `out=`).
@inlinable
public func arcsinh<T: NDArrayNumeric & Real>(_ a: NDArray<T>, out: inout NDArray<T>) {
    out._write(from: a, grain: _Grain.costly) { x in T.asinh(x) }
}

/// Elementwise `arccosh` (NumPy's `numpy.arccosh`).
@inlinable
public func arccosh<T: NDArrayNumeric & Real>(_ a: consuming NDArray<T>) -> NDArray<T> {
    NDArray._unaryElided(a, grain: _Grain.costly) { x in T.acosh(x) }
}

/// Elementwise `arccosh` written into `out` (NumPy's `out=`).
@inlinable
public func arccosh<T: NDArrayNumeric & Real>(_ a: NDArray<T>, out: inout NDArray<T>) {
    out._write(from: a, grain: _Grain.costly) { x in T.acosh(x) }
}

/// Elementwise `arctanh` (NumPy's `numpy.arctanh`).
@inlinable
public func arctanh<T: NDArrayNumeric & Real>(_ a: consuming NDArray<T>) -> NDArray<T> {
    NDArray._unaryElided(a, grain: _Grain.costly) { x in T.atanh(x) }
}

/// Elementwise `arctanh` written into `out` (NumPy's `out=`).
@inlinable
public func arctanh<T: NDArrayNumeric & Real>(_ a: NDArray<T>, out: inout NDArray<T>) {
    out._write(from: a, grain: _Grain.costly) { x in T.atanh(x) }
}

/// Elementwise `cbrt` (NumPy's `numpy.cbrt`).
@inlinable
public func cbrt<T: NDArrayNumeric & Real>(_ a: consuming NDArray<T>) -> NDArray<T> {
    NDArray._unaryElided(a, grain: _Grain.costly) { x in T.root(x, 3) }
}

/// Elementwise `cbrt` written into `out` (NumPy's `out=`).
@inlinable
public func cbrt<T: NDArrayNumeric & Real>(_ a: NDArray<T>, out: inout NDArray<T>) {
    out._write(from: a, grain: _Grain.costly) { x in T.root(x, 3) }
}

/// Elementwise `floor` (NumPy's `numpy.floor`).
@inlinable
public func floor<T: NDArrayNumeric & Real>(_ a: consuming NDArray<T>) -> NDArray<T> {
    NDArray._unaryElided(a, grain: _Grain.cheap) { x in x.rounded(.down) }
}

/// Elementwise `floor` written into `out` (NumPy's `out=`).
@inlinable
public func floor<T: NDArrayNumeric & Real>(_ a: NDArray<T>, out: inout NDArray<T>) {
    out._write(from: a, grain: _Grain.cheap) { x in x.rounded(.down) }
}

/// Elementwise `ceil` (NumPy's `numpy.ceil`).
@inlinable
public func ceil<T: NDArrayNumeric & Real>(_ a: consuming NDArray<T>) -> NDArray<T> {
    NDArray._unaryElided(a, grain: _Grain.cheap) { x in x.rounded(.up) }
}

/// Elementwise `ceil` written into `out` (NumPy's `out=`).
@inlinable
public func ceil<T: NDArrayNumeric & Real>(_ a: NDArray<T>, out: inout NDArray<T>) {
    out._write(from: a, grain: _Grain.cheap) { x in x.rounded(.up) }
}

/// Elementwise `trunc` (NumPy's `numpy.trunc`).
@inlinable
public func trunc<T: NDArrayNumeric & Real>(_ a: consuming NDArray<T>) -> NDArray<T> {
    NDArray._unaryElided(a, grain: _Grain.cheap) { x in x.rounded(.towardZero) }
}

/// Elementwise `trunc` written into `out` (NumPy's `out=`).
@inlinable
public func trunc<T: NDArrayNumeric & Real>(_ a: NDArray<T>, out: inout NDArray<T>) {
    out._write(from: a, grain: _Grain.cheap) { x in x.rounded(.towardZero) }
}

/// Elementwise `rint` (NumPy's `numpy.rint`).
@inlinable
public func rint<T: NDArrayNumeric & Real>(_ a: consuming NDArray<T>) -> NDArray<T> {
    NDArray._unaryElided(a, grain: _Grain.cheap) { x in x.rounded(.toNearestOrEven) }
}

/// Elementwise `rint` written into `out` (NumPy's `out=`).
@inlinable
public func rint<T: NDArrayNumeric & Real>(_ a: NDArray<T>, out: inout NDArray<T>) {
    out._write(from: a, grain: _Grain.cheap) { x in x.rounded(.toNearestOrEven) }
}

/// Elementwise `square` (NumPy's `numpy.square`).
@inlinable
public func square<T: NDArrayNumeric & Real>(_ a: consuming NDArray<T>) -> NDArray<T> {
    NDArray._unaryElided(a, grain: _Grain.cheap) { x in x * x }
}

/// Elementwise `square` written into `out` (NumPy's `out=`).
@inlinable
public func square<T: NDArrayNumeric & Real>(_ a: NDArray<T>, out: inout NDArray<T>) {
    out._write(from: a, grain: _Grain.cheap) { x in x * x }
}

/// Elementwise `reciprocal` (NumPy's `numpy.reciprocal`).
@inlinable
public func reciprocal<T: NDArrayNumeric & Real>(_ a: consuming NDArray<T>) -> NDArray<T> {
    NDArray._unaryElided(a, grain: _Grain.cheap) { x in 1 / x }
}

/// Elementwise `reciprocal` written into `out` (NumPy's `out=`).
@inlinable
public func reciprocal<T: NDArrayNumeric & Real>(_ a: NDArray<T>, out: inout NDArray<T>) {
    out._write(from: a, grain: _Grain.cheap) { x in 1 / x }
}

/// Elementwise `deg2rad` (NumPy's `numpy.deg2rad`).
@inlinable
public func deg2rad<T: NDArrayNumeric & Real>(_ a: consuming NDArray<T>) -> NDArray<T> {
    NDArray._unaryElided(a, grain: _Grain.cheap) { x in x * (T.pi / 180) }
}

/// Elementwise `deg2rad` written into `out` (NumPy's `out=`).
@inlinable
public func deg2rad<T: NDArrayNumeric & Real>(_ a: NDArray<T>, out: inout NDArray<T>) {
    out._write(from: a, grain: _Grain.cheap) { x in x * (T.pi / 180) }
}

/// Elementwise `rad2deg` (NumPy's `numpy.rad2deg`).
@inlinable
public func rad2deg<T: NDArrayNumeric & Real>(_ a: consuming NDArray<T>) -> NDArray<T> {
    NDArray._unaryElided(a, grain: _Grain.cheap) { x in x * (180 / T.pi) }
}

/// Elementwise `rad2deg` written into `out` (NumPy's `out=`).
@inlinable
public func rad2deg<T: NDArrayNumeric & Real>(_ a: NDArray<T>, out: inout NDArray<T>) {
    out._write(from: a, grain: _Grain.cheap) { x in x * (180 / T.pi) }
}

/// Elementwise complex `sqrt`.
@inlinable
public func sqrt<R: NDArrayElement & Real & BinaryFloatingPoint>(_ a: consuming NDArray<Complex<R>>) -> NDArray<Complex<R>> {
    NDArray._unaryElided(a, grain: _Grain.costly) { x in Complex<R>.sqrt(x) }
}

/// Elementwise complex `exp`.
@inlinable
public func exp<R: NDArrayElement & Real & BinaryFloatingPoint>(_ a: consuming NDArray<Complex<R>>) -> NDArray<Complex<R>> {
    NDArray._unaryElided(a, grain: _Grain.costly) { x in Complex<R>.exp(x) }
}

/// Elementwise complex `log`.
@inlinable
public func log<R: NDArrayElement & Real & BinaryFloatingPoint>(_ a: consuming NDArray<Complex<R>>) -> NDArray<Complex<R>> {
    NDArray._unaryElided(a, grain: _Grain.costly) { x in Complex<R>.log(x) }
}

/// Elementwise complex `sin`.
@inlinable
public func sin<R: NDArrayElement & Real & BinaryFloatingPoint>(_ a: consuming NDArray<Complex<R>>) -> NDArray<Complex<R>> {
    NDArray._unaryElided(a, grain: _Grain.costly) { x in Complex<R>.sin(x) }
}

/// Elementwise complex `cos`.
@inlinable
public func cos<R: NDArrayElement & Real & BinaryFloatingPoint>(_ a: consuming NDArray<Complex<R>>) -> NDArray<Complex<R>> {
    NDArray._unaryElided(a, grain: _Grain.costly) { x in Complex<R>.cos(x) }
}

/// Elementwise complex `tan`.
@inlinable
public func tan<R: NDArrayElement & Real & BinaryFloatingPoint>(_ a: consuming NDArray<Complex<R>>) -> NDArray<Complex<R>> {
    NDArray._unaryElided(a, grain: _Grain.costly) { x in Complex<R>.tan(x) }
}

/// Elementwise complex `sinh`.
@inlinable
public func sinh<R: NDArrayElement & Real & BinaryFloatingPoint>(_ a: consuming NDArray<Complex<R>>) -> NDArray<Complex<R>> {
    NDArray._unaryElided(a, grain: _Grain.costly) { x in Complex<R>.sinh(x) }
}

/// Elementwise complex `cosh`.
@inlinable
public func cosh<R: NDArrayElement & Real & BinaryFloatingPoint>(_ a: consuming NDArray<Complex<R>>) -> NDArray<Complex<R>> {
    NDArray._unaryElided(a, grain: _Grain.costly) { x in Complex<R>.cosh(x) }
}

/// Elementwise complex `tanh`.
@inlinable
public func tanh<R: NDArrayElement & Real & BinaryFloatingPoint>(_ a: consuming NDArray<Complex<R>>) -> NDArray<Complex<R>> {
    NDArray._unaryElided(a, grain: _Grain.costly) { x in Complex<R>.tanh(x) }
}

/// Elementwise complex `expm1`.
@inlinable
public func expm1<R: NDArrayElement & Real & BinaryFloatingPoint>(_ a: consuming NDArray<Complex<R>>) -> NDArray<Complex<R>> {
    NDArray._unaryElided(a, grain: _Grain.costly) { x in Complex<R>.expMinusOne(x) }
}

/// Elementwise complex `log1p`.
@inlinable
public func log1p<R: NDArrayElement & Real & BinaryFloatingPoint>(_ a: consuming NDArray<Complex<R>>) -> NDArray<Complex<R>> {
    NDArray._unaryElided(a, grain: _Grain.costly) { x in Complex<R>.log(onePlus: x) }
}

/// Elements rounded to `decimals` places, halves to even (NumPy's `round`/`around`).
@inlinable
public func round<T: NDArrayNumeric & Real>(_ a: NDArray<T>, decimals: Int = 0) -> NDArray<T> {
    if decimals == 0 { return a._map { $0.rounded(.toNearestOrEven) } }
    let scale = T.pow(10, T(decimals))
    return decimals > 0 ? a._map { ($0 * scale).rounded(.toNearestOrEven) / scale }
                        : a._map { ($0 / T.pow(10, T(-decimals))).rounded(.toNearestOrEven) * T.pow(10, T(-decimals)) }
}

/// Absolute values.
@inlinable
public func abs<T: NDArrayNumeric & Real>(_ a: consuming NDArray<T>) -> NDArray<T> {
    NDArray._unaryElided(a) { Swift.abs($0) }
}

/// Absolute values; the most negative integer stays itself, as in NumPy.
@inlinable
public func abs<T: NDArrayNumeric & FixedWidthInteger & SignedInteger>(_ a: consuming NDArray<T>) -> NDArray<T> {
    NDArray._unaryElided(a) { $0 < 0 ? 0 &- $0 : $0 }
}

/// Magnitudes of complex elements, as a real array (C's `hypot` of the
/// parts: infinite if either part is, else NaN if either is).
@inlinable
public func abs<R: NDArrayElement & Real & BinaryFloatingPoint>(_ a: NDArray<Complex<R>>) -> NDArray<R> {
    a._map(grain: _Grain.costly) { R.hypot($0.rawStorage.x, $0.rawStorage.y) }
}

/// -1, 0 or 1 by the sign of each element; NaN stays NaN (NumPy's `sign`).
@inlinable
public func sign<T: NDArrayNumeric & Real>(_ a: NDArray<T>) -> NDArray<T> {
    a._map { $0 > 0 ? 1 : ($0 < 0 ? -1 : ($0 == 0 ? 0 : $0)) }
}

/// -1, 0 or 1 by the sign of each element.
@inlinable
public func sign<T: NDArrayNumeric & FixedWidthInteger>(_ a: NDArray<T>) -> NDArray<T> {
    a._map { $0 > 0 ? 1 : ($0 == 0 ? 0 : 0 &- 1) }
}

/// The angle of the point `(x, y)`, elementwise (NumPy's `arctan2(y, x)`).
@inlinable
public func arctan2<T: NDArrayNumeric & Real>(_ y: NDArray<T>, _ x: NDArray<T>) -> NDArray<T> {
    NDArray._zip(y, x, grain: _Grain.costly) { T.atan2(y: $0, x: $1) }
}

/// `sqrt(a² + b²)` without undue overflow, elementwise.
@inlinable
public func hypot<T: NDArrayNumeric & Real>(_ a: NDArray<T>, _ b: NDArray<T>) -> NDArray<T> {
    NDArray._zip(a, b, grain: _Grain.costly) { T.hypot($0, $1) }
}

/// The larger of each pair; NaN wins (NumPy's `maximum`).
@inlinable
public func maximum<T: NDArrayNumeric & Comparable>(_ a: NDArray<T>, _ b: NDArray<T>) -> NDArray<T> {
    NDArray._zip(a, b) { x, y in (x != x || x >= y) ? x : y }
}

/// The smaller of each pair; NaN wins (NumPy's `minimum`).
@inlinable
public func minimum<T: NDArrayNumeric & Comparable>(_ a: NDArray<T>, _ b: NDArray<T>) -> NDArray<T> {
    NDArray._zip(a, b) { x, y in (x != x || x <= y) ? x : y }
}

/// The larger of each pair, ignoring NaN (NumPy's `fmax`).
@inlinable
public func fmax<T: NDArrayNumeric & Real>(_ a: NDArray<T>, _ b: NDArray<T>) -> NDArray<T> {
    NDArray._zip(a, b) { x, y in (y.isNaN || x >= y) ? x : y }
}

/// The smaller of each pair, ignoring NaN (NumPy's `fmin`).
@inlinable
public func fmin<T: NDArrayNumeric & Real>(_ a: NDArray<T>, _ b: NDArray<T>) -> NDArray<T> {
    NDArray._zip(a, b) { x, y in (y.isNaN || x <= y) ? x : y }
}

/// Every element limited to `[low, high]` (NumPy's `clip`; NaN passes through).
@inlinable
public func clip<T: NDArrayNumeric & Comparable>(_ a: NDArray<T>, _ low: T, _ high: T) -> NDArray<T> {
    a._map { x in x < low ? low : (x > high ? high : x) }
}

/// Every element limited to bounds that broadcast against it.
@inlinable
public func clip<T: NDArrayNumeric & Comparable>(_ a: NDArray<T>, _ low: NDArray<T>, _ high: NDArray<T>) -> NDArray<T> {
    NDArray._zip3(a, low, high) { x, l, h in x < l ? l : (x > h ? h : x) }
}

/// Every element limited to `[low, high]`, written into `out`.
@inlinable
public func clip<T: NDArrayNumeric & Comparable>(_ a: NDArray<T>, _ low: T, _ high: T, out: inout NDArray<T>) {
    out._write(from: a) { x in x < low ? low : (x > high ? high : x) }
}

/// Elements of `x` where `condition` holds and of `y` elsewhere, all three
/// broadcast together (NumPy's three-argument `where`).
@inlinable
public func `where`<T>(_ condition: NDArray<Bool>, _ x: NDArray<T>, _ y: NDArray<T>) -> NDArray<T> {
    NDArray._zip3(condition, x, y) { $0 ? $1 : $2 }
}

/// `where` with a scalar for the false case.
@inlinable
public func `where`<T>(_ condition: NDArray<Bool>, _ x: NDArray<T>, _ y: T) -> NDArray<T> {
    NDArray._zip(condition, x) { $0 ? $1 : y }
}

/// Which elements are NaN.
@inlinable
public func isnan<T: NDArrayNumeric & FloatingPoint>(_ a: NDArray<T>) -> NDArray<Bool> { a._map { $0.isNaN } }
/// Which elements are infinite.
@inlinable
public func isinf<T: NDArrayNumeric & FloatingPoint>(_ a: NDArray<T>) -> NDArray<Bool> { a._map { $0.isInfinite } }
/// Which elements are neither infinite nor NaN.
@inlinable
public func isfinite<T: NDArrayNumeric & FloatingPoint>(_ a: NDArray<T>) -> NDArray<Bool> { a._map { $0.isFinite } }

/// Whether `a` and `b` are equal within `atol + rtol * |b|`, elementwise (NumPy's `isclose`).
@inlinable
public func isclose<T: NDArrayNumeric & Real & BinaryFloatingPoint>(_ a: NDArray<T>, _ b: NDArray<T>, rtol: T = 1e-5, atol: T = 1e-8,
                                              equalNaN: Bool = false) -> NDArray<Bool> {
    NDArray<Bool>._zip(a, b) { x, y in
        if x == y { return true }
        if x.isNaN || y.isNaN { return equalNaN && x.isNaN && y.isNaN }
        return Swift.abs(x - y) <= atol + rtol * Swift.abs(y)
    }
}

/// Whether every pair is ``isclose(_:_:rtol:atol:equalNaN:)`` (NumPy's `allclose`).
@inlinable
public func allclose<T: NDArrayNumeric & Real & BinaryFloatingPoint>(_ a: NDArray<T>, _ b: NDArray<T>, rtol: T = 1e-5, atol: T = 1e-8,
                                               equalNaN: Bool = false) -> Bool {
    isclose(a, b, rtol: rtol, atol: atol, equalNaN: equalNaN).toArray().allSatisfy { $0 }
}

extension NDArray {
    /// Writes `f(source)` into `self` (an `out=` argument): `self` must have
    /// the shape `source` broadcasts to, as NumPy requires.
    @inlinable
    mutating func _write<S>(from source: NDArray<S>, grain: Int = _Grain.cheap, _ f: (S) -> Element) {
        guard let b = _Layout.broadcast(shape, source.shape), b == shape else {
            preconditionFailure("non-broadcastable output operand with shape \(_Layout.describe(shape)) doesn't match the broadcast shape \(_Layout.describe(source.shape))")
        }
        _makeUnique()
        _assign(from: source, grain: grain, f)
    }
}
