// Events (SciPy's `events=`): functions g(t, y) whose zeros are located on
// each step's interpolant by Brent's method, with SciPy's direction and
// terminal rules.

/// An event for ``solveIVP(_:tSpan:y0:method:tEval:denseOutput:events:rtol:atol:maxStep:firstStep:jacobian:)``:
/// the integration records the times where `g(t, y) = 0`, and may stop there.
///
/// ```swift
/// let ground = IVPEvent(terminal: true, direction: -1) { _, y in y[0] }
/// ```
///
/// The function runs on the caller's thread, during the integration.
public struct IVPEvent {
    /// After how many occurrences the integration stops; 0 never stops.
    public var terminalCount: Int
    /// Which crossings count: positive for g rising through zero,
    /// negative for falling, zero for both.
    public var direction: Double
    /// The event function, in place.
    let function: (Double, UnsafeBufferPointer<Double>) -> Double

    /// An event that stops the integration at its first occurrence when
    /// `terminal` is true.
    public init(terminal: Bool = false, direction: Double = 0, _ g: @escaping (Double, [Double]) -> Double) {
        self.init(terminalCount: terminal ? 1 : 0, direction: direction, inPlace: { t, y in g(t, Array(y)) })
    }

    /// An event that stops the integration at its `terminal`-th occurrence
    /// (0: never), as SciPy's integer `terminal` attribute.
    public init(terminal: Int, direction: Double = 0, _ g: @escaping (Double, [Double]) -> Double) {
        self.init(terminalCount: terminal, direction: direction, inPlace: { t, y in g(t, Array(y)) })
    }

    /// An event whose function reads the state in place (no allocation per call).
    public init(terminalCount: Int, direction: Double = 0,
                inPlace g: @escaping (Double, UnsafeBufferPointer<Double>) -> Double) {
        self.terminalCount = terminalCount
        self.direction = direction
        function = g
    }
}

/// SciPy's `find_active_events`: whether g crossed zero in an allowed direction.
@inline(__always)
func isActive(_ g: Double, _ gNew: Double, direction: Double) -> Bool {
    let up = g <= 0 && gNew >= 0
    let down = g >= 0 && gNew <= 0
    return (up && direction > 0) || (down && direction < 0) || ((up || down) && direction == 0)
}

/// Brent's root finder as SciPy's `brentq` (scipy/optimize/Zeros/brentq.c):
/// inverse quadratic interpolation or secant steps, bisection when they
/// are not short enough. `f(a)` and `f(b)` must not have the same sign.
func brentRoot(_ xa: Double, _ xb: Double, xtol: Double, rtol: Double, maxIterations: Int = 100,
               _ f: (Double) -> Double) -> Double {
    var xpre = xa, xcur = xb
    var fpre = f(xpre), fcur = f(xcur)
    var xblk = 0.0, fblk = 0.0, spre = 0.0, scur = 0.0
    if fpre == 0 { return xpre }
    if fcur == 0 { return xcur }
    for _ in 0..<maxIterations {
        if fpre != 0 && fcur != 0 && (fpre.sign != fcur.sign) {
            xblk = xpre
            fblk = fpre
            spre = xcur - xpre
            scur = spre
        }
        if Swift.abs(fblk) < Swift.abs(fcur) {
            xpre = xcur; xcur = xblk; xblk = xpre
            fpre = fcur; fcur = fblk; fblk = fpre
        }
        let delta = (xtol + rtol * Swift.abs(xcur)) / 2
        let sbis = (xblk - xcur) / 2
        if fcur == 0 || Swift.abs(sbis) < delta { return xcur }
        if Swift.abs(spre) > delta && Swift.abs(fcur) < Swift.abs(fpre) {
            let stry: Double
            if xpre == xblk {
                stry = -fcur * (xcur - xpre) / (fcur - fpre)
            } else {
                let dpre = (fpre - fcur) / (xpre - xcur)
                let dblk = (fblk - fcur) / (xblk - xcur)
                stry = -fcur * (fblk * dblk - fpre * dpre) / (dblk * dpre * (fblk - fpre))
            }
            if 2 * Swift.abs(stry) < Swift.min(Swift.abs(spre), 3 * Swift.abs(sbis) - delta) {
                spre = scur
                scur = stry
            } else {
                spre = sbis
                scur = sbis
            }
        } else {
            spre = sbis
            scur = sbis
        }
        xpre = xcur
        fpre = fcur
        xcur += Swift.abs(scur) > delta ? scur : (sbis > 0 ? delta : -delta)
        fcur = f(xcur)
    }
    return xcur
}
