import Foundation
import SwarmScience
import Testing

@Suite("curveFit against scipy.optimize.curve_fit")
struct CurveFitTests {
    /// Noisy exponential decay, the same points on both sides.
    static let xs = (0..<100).map { Double($0) * 0.05 }
    static let ys = xs.enumerated().map { i, x in 2.5 * exp(-1.3 * x) + 0.5 + 0.05 * sin(7.0 * Double(i)) }
    static let model: @Sendable (Double, [Double]) -> Double = { x, p in p[0] * exp(-p[1] * x) + p[2] }

    @Test("popt and pcov match SciPy, with and without sigma")
    func decay() throws {
        let sigma = Self.xs.map { 0.1 + 0.02 * $0 }
        guard let out = try scipy("""
        from scipy.optimize import curve_fit
        xs = np.array(\(Self.xs)); ys = np.array(\(Self.ys)); sg = np.array(\(sigma))
        f = lambda x, a, b, c: a*np.exp(-b*x) + c
        res = []
        for kw in [dict(), dict(sigma=sg), dict(sigma=sg, absolute_sigma=True)]:
            p, c = curve_fit(f, xs, ys, p0=[1, 1, 1], **kw)
            res.append([p, c])
        print(json.dumps(clean(res)))
        """) as? [[Any]] else { return }
        let fits = [
            try curveFit(Self.model, xdata: Self.xs, ydata: Self.ys, p0: [1, 1, 1]),
            try curveFit(Self.model, xdata: Self.xs, ydata: Self.ys, p0: [1, 1, 1], sigma: sigma),
            try curveFit(Self.model, xdata: Self.xs, ydata: Self.ys, p0: [1, 1, 1], sigma: sigma, absoluteSigma: true),
        ]
        for (fit, e) in zip(fits, out) {
            #expect(zip(fit.popt, flat(e[0])).allSatisfy { close($0, $1, rtol: 1e-7) }, "\(fit.popt) vs \(e[0])")
            #expect(zip(fit.pcov, flat(e[1])).allSatisfy { close($0, $1, rtol: 1e-5) }, "\(fit.pcov) vs \(e[1])")
        }
    }

    @Test("as many points as parameters: infinite covariance, as SciPy")
    func exactlyDetermined() throws {
        guard let out = try scipy("""
        from scipy.optimize import curve_fit
        p, c = curve_fit(lambda x, a, b: a*x + b, [0.0, 1.0], [1.0, 3.0], p0=[1, 1])
        print(json.dumps(clean([p, c])))
        """) as? [Any] else { return }
        let fit = try curveFit({ x, p in p[0] * x + p[1] }, xdata: [0, 1], ydata: [1, 3], p0: [1, 1])
        #expect(zip(fit.popt, flat(out[0])).allSatisfy { close($0, $1, rtol: 1e-9) })
        #expect(fit.pcov.allSatisfy { $0 == .infinity } && flat(out[1]).allSatisfy { $0 == .infinity })
    }

    @Test("a parameter the model ignores: singular R, infinite covariance")
    func singular() throws {
        let fit = try curveFit({ x, p in p[0] * x }, xdata: [0, 1, 2, 3], ydata: [0, 1.1, 1.9, 3.2], p0: [1, 5])
        #expect(fit.pcov.allSatisfy { $0 == .infinity })
    }
}
