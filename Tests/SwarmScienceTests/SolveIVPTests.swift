import Foundation
import SwarmScience
import Testing

/// Lorenz, Robertson and Van der Pol in Swift; the Python twins are in the scripts.
func lorenz(_ t: Double, _ y: UnsafeBufferPointer<Double>, _ dy: UnsafeMutableBufferPointer<Double>) {
    dy[0] = 10 * (y[1] - y[0]); dy[1] = y[0] * (28 - y[2]) - y[1]; dy[2] = y[0] * y[1] - 8.0 / 3 * y[2]
}
func robertson(_ t: Double, _ y: UnsafeBufferPointer<Double>, _ dy: UnsafeMutableBufferPointer<Double>) {
    dy[0] = -0.04 * y[0] + 1e4 * y[1] * y[2]
    dy[1] = 0.04 * y[0] - 1e4 * y[1] * y[2] - 3e7 * y[1] * y[1]
    dy[2] = 3e7 * y[1] * y[1]
}
func robertsonJacobian(_ t: Double, _ y: UnsafeBufferPointer<Double>, _ j: UnsafeMutableBufferPointer<Double>) {
    j[0] = -0.04; j[1] = 1e4 * y[2]; j[2] = 1e4 * y[1]
    j[3] = 0.04; j[4] = -1e4 * y[2] - 6e7 * y[1]; j[5] = -1e4 * y[1]
    j[6] = 0; j[7] = 6e7 * y[1]; j[8] = 0
}
func vanDerPol(_ t: Double, _ y: UnsafeBufferPointer<Double>, _ dy: UnsafeMutableBufferPointer<Double>) {
    dy[0] = y[1]; dy[1] = 1000 * (1 - y[0] * y[0]) * y[1] - y[0]
}

let pythonProblems = """
from scipy.integrate import solve_ivp, odeint
def lorenz(t, y): return [10*(y[1]-y[0]), y[0]*(28-y[2])-y[1], y[0]*y[1]-8/3*y[2]]
def rob(t, y): return [-0.04*y[0]+1e4*y[1]*y[2], 0.04*y[0]-1e4*y[1]*y[2]-3e7*y[1]**2, 3e7*y[1]**2]
def vdp(t, y): return [y[1], 1000*(1-y[0]**2)*y[1]-y[0]]

"""

@Suite("solveIVP against scipy.integrate.solve_ivp")
struct SolveIVPTests {
    @Test("explicit methods take SciPy's steps on Lorenz", arguments: [IVPMethod.rk23, .rk45, .dop853])
    func lorenzSteps(method: IVPMethod) throws {
        guard let s = try scipy(pythonProblems + """
        r = solve_ivp(lorenz, (0, 10), [1.0, 1.0, 1.0], method='\(method.rawValue)')
        print(json.dumps(clean({'t': r.t, 'y': r.y, 'nfev': r.nfev})))
        """) as? [String: Any] else { return }
        let r = try solveIVP(lorenz, tSpan: (0, 10), y0: [1, 1, 1], method: method)
        let t = flat(s["t"])
        #expect(r.t.count == t.count, "\(method): \(r.t.count) steps vs scipy \(t.count)")
        #expect(r.nfev == Int(number(s["nfev"])))
        for (a, b) in zip(r.t, t) { #expect(close(a, b, rtol: 1e-8), "t \(a) vs \(b)") }
        let y = (s["y"] as! [Any]).map(flat)
        for i in 0..<3 { #expect(close(r.y[i].last!, y[i].last!, rtol: 1e-6, atol: 1e-6)) }
        #expect(r.status == .reachedEnd && r.success)
    }

    @Test("exponential decay, tEval, dense output, backwards")
    func decay() throws {
        guard let s = try scipy(pythonProblems + """
        f = lambda t, y: [-0.5*y[0], -2*y[1]]
        out = {}
        for m in ['RK23', 'RK45', 'DOP853', 'Radau', 'BDF']:
            r = solve_ivp(f, (0, 10), [2.0, 4.0], method=m, t_eval=[0, 0.5, 1.7, 3, 9.9, 10], dense_output=True, rtol=1e-6, atol=1e-9)
            b = solve_ivp(f, (10, 0), [2.0, 4.0], method=m)
            out[m] = [r.y.tolist(), r.sol([0.25, 4.4, 7.7]).tolist(), b.t.tolist(), b.y[0].tolist(), r.nfev]
        print(json.dumps(clean(out)))
        """) as? [String: [Any]] else { return }
        for m in IVPMethod.allCases {
            let f: (Double, [Double]) -> [Double] = { _, y in [-0.5 * y[0], -2 * y[1]] }
            let r = try solveIVP(f, tSpan: (0, 10), y0: [2, 4], method: m, tEval: [0, 0.5, 1.7, 3, 9.9, 10],
                                 denseOutput: true, rtol: 1e-6, atol: 1e-9)
            let e = s[m.rawValue]!
            let tol = m.isImplicit ? 1e-5 : 1e-9
            for (a, b) in zip(r.y.flatMap { $0 }, flat(e[0])) { #expect(close(a, b, rtol: tol, atol: 1e-9), "\(m) tEval \(a) vs \(b)") }
            let d = r.sol!([0.25, 4.4, 7.7]).flatMap { $0 }
            for (a, b) in zip(d, flat(e[1])) { #expect(close(a, b, rtol: tol, atol: 1e-9), "\(m) dense \(a) vs \(b)") }
            #expect(close(r.y[0][3], 2 * exp(-1.5), rtol: 1e-5))
            let b = try solveIVP(f, tSpan: (10, 0), y0: [2, 4], method: m)
            if !m.isImplicit {
                #expect(b.t.count == flat(e[2]).count)
                #expect(r.nfev == Int(number(e[4])), "\(m) nfev \(r.nfev) vs \(number(e[4]))")
            }
            #expect(close(b.y[0].last!, flat(e[3]).last!, rtol: 1e-3))
        }
    }

    @Test("Robertson, stiff: BDF and Radau, with and without the Jacobian")
    func robertsonStiff() throws {
        guard let s = try scipy(pythonProblems + """
        ref = solve_ivp(rob, (0, 1e5), [1.0, 0, 0], method='Radau', rtol=1e-12, atol=1e-16).y[:, -1]
        out = {'ref': ref}
        for m in ['BDF', 'Radau']:
            r = solve_ivp(rob, (0, 1e5), [1.0, 0, 0], method=m, rtol=1e-6, atol=1e-10)
            out[m] = [r.y[:, -1], len(r.t), r.nfev, r.njev, r.nlu]
        print(json.dumps(clean(out)))
        """) as? [String: Any] else { return }
        let ref = flat(s["ref"])
        for m in [IVPMethod.bdf, .radau] {
            let e = s[m.rawValue] as! [Any]
            for jac in [nil, robertsonJacobian as ODEJacobian] {
                let r = try solveIVP(robertson, tSpan: (0, 1e5), y0: [1, 0, 0], method: m, rtol: 1e-6, atol: 1e-10,
                                     jacobian: jac)
                #expect(r.success)
                for i in 0..<3 { #expect(close(r.y[i].last!, ref[i], rtol: 1e-4, atol: 1e-9), "\(m) y\(i) \(r.y[i].last!) vs \(ref[i])") }
                let steps = Double(r.t.count), theirs = number(e[1])
                #expect(abs(steps - theirs) <= 0.02 * theirs + 1, "\(m) steps \(steps) vs scipy \(theirs)")
                // Same algorithm, same decisions: the counts agree (to rounding-level flips).
                #expect(abs(Double(r.nfev) - number(e[2])) <= 0.02 * number(e[2]) + 2, "\(m) nfev \(r.nfev) vs \(number(e[2]))")
                #expect(abs(Double(r.njev) - number(e[3])) <= 2, "\(m) njev \(r.njev) vs \(number(e[3]))")
                #expect(abs(Double(r.nlu) - number(e[4])) <= 0.02 * number(e[4]) + 2, "\(m) nlu \(r.nlu) vs \(number(e[4]))")
            }
        }
    }

    @Test("Van der Pol mu = 1000 with Radau and BDF")
    func vanDerPolStiff() throws {
        guard let s = try scipy(pythonProblems + """
        ref = solve_ivp(vdp, (0, 3000), [2.0, 0], method='Radau', rtol=1e-10, atol=1e-10).y[:, -1]
        out = {'ref': ref}
        for m in ['BDF', 'Radau']:
            r = solve_ivp(vdp, (0, 3000), [2.0, 0], method=m)
            out[m] = [len(r.t), r.y[:, -1]]
        print(json.dumps(clean(out)))
        """) as? [String: Any] else { return }
        let ref = flat(s["ref"])
        for m in [IVPMethod.bdf, .radau] {
            let r = try solveIVP(vanDerPol, tSpan: (0, 3000), y0: [2, 0], method: m)
            let e = s[m.rawValue] as! [Any]
            #expect(r.success)
            let theirs = number(e[0])
            #expect(abs(Double(r.t.count) - theirs) <= 0.02 * theirs + 1, "\(m) \(r.t.count) steps vs \(theirs)")
            // At the default rtol 1e-3 each SciPy method is itself ~1% off the
            // tight reference: compare with SciPy's own result of the method.
            let theirsY = flat(e[1])
            #expect(close(r.y[0].last!, theirsY[0], rtol: 2e-3), "\(m) \(r.y[0].last!) vs scipy \(theirsY[0])")
            #expect(close(r.y[0].last!, ref[0], rtol: 3e-2), "\(m) \(r.y[0].last!) vs \(ref[0])")
        }
    }

    @Test("events: a falling ball, terminal and direction, and a counted terminal")
    func events() throws {
        guard let s = try scipy(pythonProblems + """
        f = lambda t, y: [y[1], -9.81]
        def ground(t, y): return y[0]
        ground.terminal = True; ground.direction = -1
        def apex(t, y): return y[1]
        r = solve_ivp(f, (0, 10), [10.0, 5.0], events=[ground, apex])
        def cross(t, y): return y[0]
        cross.terminal = 3
        s = solve_ivp(lambda t, y: [y[1], -y[0]], (0, 20), [1.0, 0.0], events=cross, method='DOP853')
        print(json.dumps(clean({'t': r.t, 'te': [list(x) for x in r.t_events], 'ye': [x.tolist() for x in r.y_events],
                                'status': r.status, 'st': s.t_events[0], 'sstatus': s.status, 'stend': s.t[-1]})))
        """) as? [String: Any] else { return }
        let ground = IVPEvent(terminal: true, direction: -1) { _, y in y[0] }
        let apex = IVPEvent { _, y in y[1] }
        let r = try solveIVP({ _, y in [y[1], -9.81] }, tSpan: (0, 10), y0: [10, 5], events: [ground, apex])
        #expect(r.status == .terminalEvent && r.message == "A termination event occurred.")
        let te = s["te"] as! [Any]
        for (k, ours) in r.tEvents.enumerated() {
            let theirs = flat(te[k])
            #expect(ours.count == theirs.count)
            for (a, b) in zip(ours, theirs) { #expect(close(a, b, rtol: 1e-12)) }
        }
        let tt = flat(s["t"])
        #expect(r.t.count == tt.count && close(r.t.last!, tt.last!, rtol: 1e-12))
        #expect(abs(r.yEvents[0][0][0]) < 1e-9)
        let cross = IVPEvent(terminal: 3) { _, y in y[0] }
        let c = try solveIVP({ _, y in [y[1], -y[0]] }, tSpan: (0, 20), y0: [1, 0], method: .dop853, events: [cross])
        #expect(c.status == .terminalEvent)
        let st = flat(s["st"])
        #expect(c.tEvents[0].count == 3 && st.count == 3)
        for (a, b) in zip(c.tEvents[0], st) { #expect(close(a, b, rtol: 1e-10)) }
        #expect(close(c.t.last!, number(s["stend"]), rtol: 1e-12))
    }

    @Test("odeint agrees with scipy.integrate.odeint")
    func odeintMatches() throws {
        guard let s = try scipy(pythonProblems + """
        t = np.linspace(0, 2, 9)
        a = odeint(lambda y, t: lorenz(t, y), [1.0, 1.0, 1.0], t)
        b = odeint(lambda y, t: rob(t, y), [1.0, 0, 0], [0, 1, 10, 100, 1000])
        print(json.dumps(clean([a, b])))
        """) as? [Any] else { return }
        let t = (0..<9).map { Double($0) * 0.25 }
        let a = try odeint({ y, _ in [10 * (y[1] - y[0]), y[0] * (28 - y[2]) - y[1], y[0] * y[1] - 8.0 / 3 * y[2]] },
                           y0: [1, 1, 1], t: t)
        for (x, y) in zip(a.flatMap { $0 }, flat(s[0])) { #expect(close(x, y, rtol: 1e-5, atol: 1e-6), "\(x) vs \(y)") }
        let b = try odeint({ y, _ in [-0.04 * y[0] + 1e4 * y[1] * y[2], 0.04 * y[0] - 1e4 * y[1] * y[2] - 3e7 * y[1] * y[1],
                                      3e7 * y[1] * y[1]] }, y0: [1, 0, 0], t: [0, 1, 10, 100, 1000])
        for (x, y) in zip(b.flatMap { $0 }, flat(s[1])) { #expect(close(x, y, rtol: 1e-5, atol: 1e-10), "\(x) vs \(y)") }
    }

    @Test("invalid input throws SciPy's errors; an empty state succeeds as in SciPy")
    func errors() throws {
        let f: (Double, [Double]) -> [Double] = { _, y in y }
        #expect(throws: IVPError.nonFiniteInitialState) { try solveIVP(f, tSpan: (0, 1), y0: [.nan]) }
        #expect(throws: IVPError.invalidTimeSpan(0, .infinity)) { try solveIVP(f, tSpan: (0, .infinity), y0: [1]) }
        #expect(throws: IVPError.tEvalOutsideSpan) { try solveIVP(f, tSpan: (0, 1), y0: [1], tEval: [0.5, 2]) }
        #expect(throws: IVPError.tEvalNotSorted) { try solveIVP(f, tSpan: (0, 1), y0: [1], tEval: [0.5, 0.2]) }
        #expect(throws: IVPError.invalidMaxStep(0)) { try solveIVP(f, tSpan: (0, 1), y0: [1], maxStep: 0) }
        #expect(throws: IVPError.firstStepExceedsBounds(2)) { try solveIVP(f, tSpan: (0, 1), y0: [1], firstStep: 2) }
        #expect(throws: IVPError.negativeAbsoluteTolerance) { try solveIVP(f, tSpan: (0, 1), y0: [1], atol: -1) }
        #expect(throws: IVPError.toleranceShape(expected: 1, got: 2)) { try solveIVP(f, tSpan: (0, 1), y0: [1], atol: [1e-6, 1e-6]) }
        let empty = try solveIVP(f, tSpan: (0, 1), y0: [])
        #expect(empty.success && empty.t == [0, 1] && empty.y.isEmpty)
        let blowUp = try solveIVP({ _, y in [y[0] * y[0]] }, tSpan: (0, 2), y0: [1])
        #expect(blowUp.status == .failed && blowUp.message == "Required step size is less than spacing between numbers.")
    }
}
