// The loop of SciPy's `solve_ivp`: step, detect and locate events, sample
// `tEval`, collect the dense output. Generic over the stepper so that each
// method's step is called directly.

/// The options of one integration, checked.
struct IVPProblem {
    var t0: Double
    var tf: Double
    var tEval: [Double]?
    var denseOutput: Bool
    var events: [IVPEvent]
    var alternateSide: Bool
}

/// Runs `stepper` to the end of the interval, a terminal event or failure.
func driveIntegration<Stepper: ODEStepper>(_ stepper: Stepper, _ problem: IVPProblem) -> IVPResult {
    let system = stepper.system
    let n = system.n
    let t0 = problem.t0, tf = problem.tf
    let state = SteppingState(stepper, tBound: tf)
    let forward = tf > t0

    // tEval in the direction of integration (SciPy reverses a descending one
    // and walks it from the end).
    let tEval = problem.tEval
    var tEvalIndex = 0
    var tsOut: [Double] = []
    var rows: [[Double]] = Array(repeating: [], count: n)
    func appendState(_ time: Double, _ y: UnsafeMutableBufferPointer<Double>) {
        tsOut.append(time)
        for i in 0..<n { rows[i].append(y[i]) }
    }
    let scratch = allocateScratch(n)
    defer { freeScratch(scratch) }
    if tEval == nil { appendState(t0, stepper.y) }

    var segment = stepper.makeSegment()
    var interpolants: [DenseSegment] = []
    var segmentTimes: [Double] = [t0]

    let events = problem.events
    var eventCount = Array(repeating: 0, count: events.count)
    var g = events.map { $0.function(t0, UnsafeBufferPointer(stepper.y)) }
    var tEvents = Array(repeating: [Double](), count: events.count)
    var yEvents = Array(repeating: [[Double]](), count: events.count)
    var gNew = g

    var status: IVPStatus? = nil
    var failure: String? = nil
    while status == nil {
        switch state.step() {
        case .running: break
        case .finished: status = .reachedEnd
        case .failed(let message):
            status = .failed
            failure = message
        }
        if status == .failed { break }
        let tOld = state.tOld
        var t = state.t
        var endState = stepper.y
        var haveSegment = false
        func ensureSegment() {
            if !haveSegment {
                state.fillDense(&segment)
                haveSegment = true
            }
        }
        if problem.denseOutput {
            ensureSegment()
            interpolants.append(segment)
        }
        if !events.isEmpty {
            for e in events.indices { gNew[e] = events[e].function(t, UnsafeBufferPointer(stepper.y)) }
            var active: [Int] = []
            for e in events.indices where isActive(g[e], gNew[e], direction: events[e].direction) { active.append(e) }
            if !active.isEmpty {
                ensureSegment()
                for e in active { eventCount[e] += 1 }
                var roots: [(event: Int, root: Double)] = active.map { e in
                    let root = brentRoot(tOld, t, xtol: 4 * Double.ulpOfOne, rtol: 4 * Double.ulpOfOne) { time in
                        segment.evaluate(time, into: scratch)
                        return events[e].function(time, UnsafeBufferPointer(scratch))
                    }
                    return (e, root)
                }
                // SciPy: once an event reaches its terminal count, keep the
                // roots up to the first such event in the direction of time.
                let terminate = roots.contains { events[$0.event].terminalCount > 0
                    && eventCount[$0.event] >= events[$0.event].terminalCount }
                if terminate {
                    roots.sort { t > tOld ? $0.root < $1.root : $0.root > $1.root }
                    let first = roots.firstIndex { events[$0.event].terminalCount > 0
                        && eventCount[$0.event] >= events[$0.event].terminalCount }!
                    roots = Array(roots[...first])
                }
                for (e, root) in roots {
                    tEvents[e].append(root)
                    segment.evaluate(root, into: scratch)
                    yEvents[e].append(Array(scratch))
                }
                if terminate {
                    status = .terminalEvent
                    t = roots.last!.root
                    segment.evaluate(t, into: scratch)
                    endState = scratch
                }
            }
            swap(&g, &gNew)
        }
        if let tEval {
            // The tEval points passed in this step (SciPy's searchsorted).
            var end = tEvalIndex
            if forward {
                while end < tEval.count && tEval[end] <= t { end += 1 }
            } else {
                while end < tEval.count && tEval[end] >= t { end += 1 }
            }
            if end > tEvalIndex {
                ensureSegment()
                for j in tEvalIndex..<end {
                    segment.evaluate(tEval[j], into: scratch)
                    appendState(tEval[j], scratch)
                }
                tEvalIndex = end
            }
            if problem.denseOutput { segmentTimes.append(t) }
        } else {
            // SciPy drops a repeated final time with dense output (a terminal
            // event at the end of a step), with its interpolant.
            if tsOut.count > 1 && tsOut.last! == t && problem.denseOutput {
                interpolants.removeLast()
            } else {
                appendState(t, endState)
                if problem.denseOutput { segmentTimes.append(t) }
            }
        }
    }

    let message: String
    switch status! {
    case .reachedEnd: message = "The solver successfully reached the end of the integration interval."
    case .terminalEvent: message = "A termination event occurred."
    case .failed: message = failure ?? tooSmallStepMessage
    }
    var solution: IVPSolution? = nil
    if problem.denseOutput && !interpolants.isEmpty {
        solution = IVPSolution(ts: segmentTimes, segments: interpolants, alternateSide: problem.alternateSide)
    }
    return IVPResult(t: tsOut, y: rows, sol: solution, tEvents: tEvents, yEvents: yEvents,
                     nfev: system.nfev, njev: system.njev, nlu: system.nlu, status: status!, message: message)
}
