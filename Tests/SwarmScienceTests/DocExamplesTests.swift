import Foundation
import SwarmArray
import SwarmPool
import SwarmScience
import Testing

/// The examples of SwarmScience's DocC article and the README, run.
@Suite struct ScienceDocExamplesTests {
    @Test func overviewExample() throws {
        let r = try quad({ x in log(x) / x.squareRoot() }, 0, 1)
        let g = try quad({ x in exp(-x * x) }, -.infinity, .infinity)
        let kinked = try quad({ x in abs(x - 0.3) }, 0, 1, points: [0.3])
        let d = try dblquad({ y, x in x * y }, 0, 1, { _ in 0 }, { x in x })
        let x = NDArray<Double>.linspace(0, Double.pi, num: 101)
        let s = try simpson(sin(x), x: x)
        #expect(r.isConverged && abs(r.value + 4) < 1e-12 && r.abserr < 1e-10)
        #expect(abs(g.value - Double.pi.squareRoot()) < 1e-13)
        #expect(abs(kinked.value - (0.3 * 0.3 + 0.7 * 0.7) / 2) < 1e-15)
        #expect(abs(d.value - 0.125) < 1e-15)
        #expect(abs(s[] - 2) < 1e-7)
        let spline = try CubicSpline([0, 1, 2, 3], [0, 1, 8, 27])
        #expect(abs(spline(1.5, nu: 1) - 6.75) < 1e-13 && abs(spline(1.5) - 3.375) < 1e-13)
        #expect(abs(spline.integrate(0, 3) - 20.25) < 1e-12)
        let monotone = try PchipInterpolator([0, 1, 2, 3], [0, 0, 1, 1])
        #expect(monotone(x).toArray().allSatisfy { $0 >= 0 && $0 <= 1 })
    }

    @Test func optimizeExample() throws {
        let rosen: ([Double]) -> Double = { x in
            let a = x[1] - x[0] * x[0], b = 1 - x[0]
            return 100 * a * a + b * b
        }
        let m = try minimize(rosen, x0: [-1.2, 1], method: .bfgs)
        let boxed = try minimize(rosen, x0: [-1.2, 1], bounds: [(-2, 0.5), (0, 2)])
        var options = DifferentialEvolutionOptions()
        options.seed = 7
        let pool = try Pool(threads: 2)
        let global = try differentialEvolution({ x in x[0] * x[0] + x[1] * x[1] }, bounds: [(-5, 5), (-5, 5)],
                                               options: options, workers: pool)
        pool.terminate()
        let lg = Special.gammaln(50.5)
        let p = Special.gammainc(3.5, NDArray<Double>.linspace(0, 10, num: 5))
        #expect(m.success && abs(m.x[0] - 1) < 1e-4 && abs(m.x[1] - 1) < 1e-4, "\(m)")
        #expect(boxed.success && abs(boxed.x[0] - 0.5) < 1e-12 && abs(boxed.x[1] - 0.25) < 1e-7)
        #expect(global.fun < 1e-12)
        #expect(abs(lg - 146.51925549072064) < 1e-10 && p.shape == [5] && p.toArray()[0] == 0)
    }

    @Test func readmeAndODEExample() throws {
        let vdp = try solveIVP({ _, y in [y[1], 1000 * (1 - y[0] * y[0]) * y[1] - y[0]] },
                               tSpan: (0, 3000), y0: [2, 0], method: .bdf)
        #expect(vdp.success && vdp.t.last == 3000 && vdp.t.count > 100)
        #expect(abs(Special.gamma(4.5) - 11.631728396567448) < 1e-13)
        let decay = try solveIVP({ _, y in [-0.5 * y[0]] }, tSpan: (0, 10), y0: [2], tEval: [0, 1, 2],
                                 denseOutput: true, rtol: 1e-8, atol: 1e-10)
        #expect(abs(decay.y[0][2] - 2 * exp(-1.0)) < 1e-7)
        #expect(abs(decay.sol!(5.0)[0] - 2 * exp(-2.5)) < 1e-7)
        let root = try rootScalar({ x in cos(x) - x }, method: .brentq(0, 1))
        #expect(root.converged && abs(root.root - 0.7390851332151607) < 1e-12)
        let lp = try linprog(c: [-1, -2], aUb: [[1, 1], [1, -1]], bUb: [4, 2])
        #expect(lp.status == 0 && abs(lp.fun + 8) < 1e-12)
        let lpSimplex = try linprog(c: [-1, -2], aUb: [[1, 1], [1, -1]], bUb: [4, 2], method: .simplex)
        #expect(lpSimplex.status == 0 && abs(lpSimplex.fun + 8) < 1e-12)
    }

    @Test func nquadExample() throws {
        let r = try nquad({ v in v[0] * v[1] }, [{ outer in (0, outer[0]) }, { _ in (0, 1) }])
        #expect(abs(r.value - 0.125) < 1e-15)
    }
}
