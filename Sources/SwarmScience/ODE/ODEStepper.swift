// What the driver needs of a method (SciPy's `OdeSolver`): take one step,
// expose the state, and describe the last step's interpolant.

/// How a call to ``ODEStepper/step()`` ended.
enum StepOutcome {
    /// A step was taken (or the end had already been reached).
    case running
    /// The step ended on the interval's end.
    case finished
    /// No acceptable step exists; SciPy's message says why.
    case failed(String)
}

/// One integration method, stepping from `t` towards `tBound`.
///
/// Steppers own unsafe scratch buffers (so hot loops do not allocate) and
/// are used from one thread at a time.
protocol ODEStepper: AnyObject {
    /// The system, with its counters.
    var system: ODESystem { get }
    /// The current time.
    var t: Double { get }
    /// The time before the last step.
    var tOld: Double { get }
    /// The current state (n entries).
    var y: UnsafeMutableBufferPointer<Double> { get }
    /// +1 forwards, -1 backwards.
    var direction: Double { get }
    /// Advances by one accepted step (SciPy's `_step_impl`); false and a
    /// message when the step size underflows.
    func advance() -> (Bool, String?)
    /// The last step's interpolant into `segment` (reusing its storage).
    /// May evaluate `f` (DOP853's extra stages), so call once per step.
    func fillDense(_ segment: inout DenseSegment)
    /// A segment of the right kind and size for ``fillDense(_:)``.
    func makeSegment() -> DenseSegment
}

/// SciPy's `OdeSolver.step` around a stepper: the state that says whether
/// it has finished, and the empty-state and zero-length cases.
final class SteppingState<Stepper: ODEStepper> {
    let stepper: Stepper
    let tBound: Double
    /// For an empty state or a zero-length interval the driver "steps"
    /// straight to the end, as SciPy does.
    private(set) var t: Double
    private(set) var tOld: Double
    private(set) var trivial = false

    init(_ stepper: Stepper, tBound: Double) {
        self.stepper = stepper
        self.tBound = tBound
        t = stepper.t
        tOld = stepper.t
    }

    /// One step: `.finished` once `t` reaches `tBound`.
    func step() -> StepOutcome {
        if stepper.system.n == 0 || t == tBound {
            tOld = t
            t = tBound
            trivial = true
            return .finished
        }
        let before = stepper.t
        let (ok, message) = stepper.advance()
        guard ok else { return .failed(message ?? tooSmallStepMessage) }
        tOld = before
        t = stepper.t
        return stepper.direction * (t - tBound) >= 0 ? .finished : .running
    }

    /// The last step's interpolant; constant for a zero-length step.
    func fillDense(_ segment: inout DenseSegment) {
        if trivial || t == tOld {
            segment.kind = .constant
            segment.tOld = tOld
            segment.t = t
            for i in 0..<stepper.system.n { segment.yOld[i] = stepper.y[i] }
        } else {
            stepper.fillDense(&segment)
        }
    }
}
