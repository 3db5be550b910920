import Foundation
import SwarmArray
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

    @Test func nquadExample() throws {
        let r = try nquad({ v in v[0] * v[1] }, [{ outer in (0, outer[0]) }, { _ in (0, 1) }])
        #expect(abs(r.value - 0.125) < 1e-15)
    }
}
