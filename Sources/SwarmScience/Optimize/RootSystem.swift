// Systems of nonlinear equations, as `scipy.optimize.root`. Method 'hybr'
// runs MINPACK's hybrd (see Hybrid.swift); method 'lm' solves f(x) = 0 as least squares with MINPACK's lmdif, as SciPy's
// `_root_leastsq` does through `leastsq`.

import Foundation

/// Which solver `root` runs.
public enum RootMethod: Sendable, Hashable {
    /// Powell's hybrid method (MINPACK hybrd), SciPy's default; m = n.
    case hybr
    /// Levenberg–Marquardt (MINPACK lmdif) on ‖f(x)‖².
    case lm
}

/// What `root` found, with the fields of SciPy's result.
public struct RootSystemResult: Sendable, Hashable {
    /// The solution estimate.
    public var x: [Double]
    /// f(x).
    public var fun: [Double]
    /// Calls to f as SciPy's `root` reports them: MINPACK's count
    /// (finite-difference calls included) plus the 2 calls SciPy's wrappers
    /// add (its shape check, and one more).
    public var nfev: Int
    /// MINPACK's info code.
    public var status: Int
    /// `status` in 1...4.
    public var success: Bool
    /// `leastsq`'s message for `status`.
    public var message: String
}

/// Solves f(x) = 0, as `scipy.optimize.root`: n equations in n unknowns for
/// 'hybr', m ≥ n for 'lm'.
///
/// `xtol` and `ftol` default to SciPy's 1.49012e-8, `gtol` to 0, and
/// `maxfev` to 200·(n + 1); 'hybr' uses only xtol and maxfev.
///
/// - Throws: `OptimizeError.emptyStart`, or `.invalidOption` when f has
///   fewer equations than unknowns.
public func root(_ f: ([Double]) -> [Double], x0: [Double], method: RootMethod = .hybr, xtol: Double = 1.49012e-8,
                 ftol: Double = 1.49012e-8, gtol: Double = 0, maxfev: Int? = nil) throws -> RootSystemResult {
    let n = x0.count
    guard n > 0 else { throw OptimizeError.emptyStart }
    let m = f(x0).count
    guard n <= m else {
        throw OptimizeError.invalidOption("Improper input: func input vector length N=\(n) must not exceed func output vector length M=\(m)")
    }
    let maxfev = maxfev ?? 200 * (n + 1)
    if method == .hybr {
        guard m == n else {
            throw OptimizeError.invalidOption("fsolve: there is a mismatch between the input and output shape of the 'func' argument.")
        }
        let run = _hybrd(f, x0: x0, xtol: xtol, maxfev: maxfev)
        let messages = [
            1: "The solution converged.",
            2: "The number of calls to function has reached maxfev = \(maxfev).",
            3: "xtol=\(String(format: "%f", xtol)) is too small, no further improvement in the approximate\n solution is possible.",
            4: "The iteration is not making good progress, as measured by the \n improvement from the last five Jacobian evaluations.",
            5: "The iteration is not making good progress, as measured by the \n improvement from the last ten iterations.",
        ]
        return RootSystemResult(x: run.x, fun: run.fvec, nfev: run.nfev + 2, status: run.info, success: run.info == 1,
                                message: messages[run.info] ?? "An error occurred.")
    }
    let run = _lmder(f, { x, fx in _fdjac2(f, x, fx) }, x0: x0, m: m, ftol: ftol, xtol: xtol, gtol: gtol,
                     maxfev: maxfev, jacobianCost: n)
    let fmt = { (v: Double) in String(format: "%f", v) }
    let messages = [
        1: "Both actual and predicted relative reductions in the sum of squares\n  are at most \(fmt(ftol))",
        2: "The relative error between two consecutive iterates is at most \(fmt(xtol))",
        3: "Both actual and predicted relative reductions in the sum of squares\n  are at most \(fmt(ftol)) and the "
            + "relative error between two consecutive iterates is at \n  most \(fmt(xtol))",
        4: "The cosine of the angle between func(x) and any column of the\n  Jacobian is at most \(fmt(gtol)) in absolute value",
        5: "Number of calls to function has reached maxfev = \(maxfev).",
        6: "ftol=\(fmt(ftol)) is too small, no further reduction in the sum of squares\n  is possible.",
        7: "xtol=\(fmt(xtol)) is too small, no further improvement in the approximate\n  solution is possible.",
        8: "gtol=\(fmt(gtol)) is too small, func(x) is orthogonal to the columns of\n  the Jacobian to machine precision.",
    ]
    return RootSystemResult(x: run.x, fun: run.fvec, nfev: run.nfev + 2, status: run.info,
                            success: (1...4).contains(run.info), message: messages[run.info] ?? "Improper input parameters.")
}
