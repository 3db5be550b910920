import Foundation
@testable import SwarmScience
import Testing

// 100 points of 2.5·exp(−1.3 x) + 0.5 with deterministic noise.
let fitX = (0..<100).map { Double($0) * 0.04 }
let fitY = fitX.enumerated().map { i, x in 2.5 * exp(-1.3 * x) + 0.5 + 0.02 * sin(13 * Double(i)) }
let fitSigma = fitX.map { 0.01 + 0.02 * $0 }
let expModel: @Sendable (Double, [Double]) -> Double = { x, p in p[0] * exp(-p[1] * x) + p[2] }
let pyFitData = """
X = np.array([i*0.04 for i in range(100)])
Y = np.array([2.5*math.exp(-1.3*x) + 0.5 + 0.02*math.sin(13*i) for i, x in enumerate(X)])
S = 0.01 + 0.02*X
def model(x, a, b, c): return a*np.exp(-b*x) + c
"""

@Suite("curveFit vs scipy.optimize.curve_fit")
struct CurveFitTests {
    @Test("popt and pcov, weighted and bounded")
    func fits() throws {
        guard let e = try scipy(pyFitData + "\n" + """
        from scipy.optimize import curve_fit
        out = {}
        for k, kw in dict(plain={}, sigma=dict(sigma=S), absolute=dict(sigma=S, absolute_sigma=True),
                          bounded=dict(bounds=([0, 1.4, 0], [10, 10, 10]))).items():
            p, c = curve_fit(model, X, Y, p0=[1, 1.5, 1] if k == "bounded" else [1, 1, 1], method="trf", **kw)
            out[k] = dict(p=p, c=c)
        p, c = curve_fit(model, X, Y, p0=[1, 1, 1])
        out['lm'] = dict(p=p, c=c)
        p, c = curve_fit(model, X, Y, p0=[1, 1, 1], sigma=S)
        out['lm_sigma'] = dict(p=p, c=c)
        p, c = curve_fit(model, X, Y, p0=[1, 1.5, 1], bounds=([0, 1.4, 0], [10, 10, 10]), method='dogbox')
        out['dogbox'] = dict(p=p, c=c)
        p, c = curve_fit(model, X[:3], Y[:3], p0=[1, 1, 1], method='trf')
        out['square'] = dict(p=p, c=c)
        print(json.dumps(clean(out)))
        """) as? [String: Any] else { return }
        let runs: [(String, CurveFitResult, Double)] = [
            ("plain", try curveFit(expModel, xdata: fitX, ydata: fitY, p0: [1, 1, 1], method: .trf), 1e-8),
            ("sigma", try curveFit(expModel, xdata: fitX, ydata: fitY, p0: [1, 1, 1], sigma: fitSigma, method: .trf), 1e-8),
            ("absolute", try curveFit(expModel, xdata: fitX, ydata: fitY, p0: [1, 1, 1], sigma: fitSigma,
                                      absoluteSigma: true, method: .trf), 1e-8),
            ("bounded", try curveFit(expModel, xdata: fitX, ydata: fitY, p0: [1, 1.5, 1],
                                     bounds: ([0, 1.4, 0], [10, 10, 10])), 1e-8),
            // SciPy's default without bounds: MINPACK LM through leastsq.
            ("lm", try curveFit(expModel, xdata: fitX, ydata: fitY, p0: [1, 1, 1]), 1e-8),
            ("lm_sigma", try curveFit(expModel, xdata: fitX, ydata: fitY, p0: [1, 1, 1], sigma: fitSigma), 1e-8),
            ("dogbox", try curveFit(expModel, xdata: fitX, ydata: fitY, p0: [1, 1.5, 1],
                                    bounds: ([0, 1.4, 0], [10, 10, 10]), method: .dogbox), 1e-8),
        ]
        for (name, r, tol) in runs {
            let ep = flat((e[name] as! [String: Any])["p"]), ec = flat((e[name] as! [String: Any])["c"])
            for i in 0..<3 { #expect(close(r.popt[i], ep[i], rtol: tol, atol: 1e-12), "\(name) popt[\(i)] \(r.popt[i]) vs \(ep[i])") }
            for i in 0..<9 { #expect(close(r.pcov[i], ec[i], rtol: 100 * tol, atol: 1e-15), "\(name) pcov[\(i)] \(r.pcov[i]) vs \(ec[i])") }
        }
        let sq = try curveFit(expModel, xdata: Array(fitX[..<3]), ydata: Array(fitY[..<3]), p0: [1, 1, 1], method: .trf)
        let esq = flat((e["square"] as! [String: Any])["c"])
        #expect(sq.pcov.allSatisfy { $0 == .infinity } && esq.allSatisfy { $0 == .infinity })
    }

    @Test("non-finite data throws")
    func nonFinite() {
        #expect(throws: CurveFitError.notFinite) {
            try curveFit(expModel, xdata: [0, 1, .nan], ydata: [1, 2, 3], p0: [1, 1, 1])
        }
    }
}
