// The explicit Runge–Kutta pairs of SciPy's rk.py: Bogacki–Shampine 3(2),
// Dormand–Prince 5(4) and DOP853, with their error weights and the
// matrices of their dense output.

/// An embedded explicit Runge–Kutta pair with its continuous extension.
struct RungeKuttaTableau: Sendable {
    /// Stages per step, not counting the FSAL evaluation at the new point.
    let stages: Int
    /// The order of the error estimator (which sets the step controller's exponent).
    let errorEstimatorOrder: Int
    /// Nodes, `stages` entries (DOP853: all 16, for the extra stages).
    let c: [Double]
    /// Row-major coefficient matrix with `width` columns.
    let a: [Double]
    let width: Int
    /// Weights, `stages` entries.
    let b: [Double]
    /// Error weights, `stages + 1` entries (unused by DOP853, which has e3 and e5).
    let e: [Double]
    /// Dense output matrix, row-major (stages + 1) × (order + 1) (not DOP853).
    let p: [Double]
    let denseColumns: Int
    /// Whether this is DOP853 (its own error norm and dense output).
    let isDOP853: Bool

    /// Bogacki–Shampine 3(2) (SciPy's `RK23`).
    static let rk23 = RungeKuttaTableau(
        stages: 3, errorEstimatorOrder: 2,
        c: [0, 1.0 / 2, 3.0 / 4],
        a: [0, 0, 0,
            1.0 / 2, 0, 0,
            0, 3.0 / 4, 0],
        width: 3,
        b: [2.0 / 9, 1.0 / 3, 4.0 / 9],
        e: [5.0 / 72, -1.0 / 12, -1.0 / 9, 1.0 / 8],
        p: [1, -4.0 / 3, 5.0 / 9,
            0, 1, -2.0 / 3,
            0, 4.0 / 3, -8.0 / 9,
            0, -1, 1],
        denseColumns: 3, isDOP853: false)

    /// Dormand–Prince 5(4) (SciPy's `RK45`), with Shampine's quartic
    /// dense output.
    static let rk45 = RungeKuttaTableau(
        stages: 6, errorEstimatorOrder: 4,
        c: [0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1],
        a: [0, 0, 0, 0, 0,
            1.0 / 5, 0, 0, 0, 0,
            3.0 / 40, 9.0 / 40, 0, 0, 0,
            44.0 / 45, -56.0 / 15, 32.0 / 9, 0, 0,
            19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729, 0,
            9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656],
        width: 5,
        b: [35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84],
        e: [-71.0 / 57600, 0, 71.0 / 16695, -71.0 / 1920, 17253.0 / 339200, -22.0 / 525, 1.0 / 40],
        p: [1, -8048581381.0 / 2820520608, 8663915743.0 / 2820520608, -12715105075.0 / 11282082432,
            0, 0, 0, 0,
            0, 131558114200.0 / 32700410799, -68118460800.0 / 10900136933, 87487479700.0 / 32700410799,
            0, -1754552775.0 / 470086768, 14199869525.0 / 1410260304, -10690763975.0 / 1880347072,
            0, 127303824393.0 / 49829197408, -318862633887.0 / 49829197408, 701980252875.0 / 199316789632,
            0, -282668133.0 / 205662961, 2019193451.0 / 616988883, -1453857185.0 / 822651844,
            0, 40617522.0 / 29380423, -110615467.0 / 29380423, 69997945.0 / 29380423],
        denseColumns: 4, isDOP853: false)

    /// Hairer's DOP853 (SciPy's `DOP853`).
    static let dop853 = RungeKuttaTableau(
        stages: DOP853Coefficients.stages, errorEstimatorOrder: 7,
        c: DOP853Coefficients.c, a: DOP853Coefficients.a, width: DOP853Coefficients.extendedStages,
        b: DOP853Coefficients.b, e: [], p: [], denseColumns: 0, isDOP853: true)

    /// The tableau for an explicit method.
    static func forMethod(_ method: IVPMethod) -> RungeKuttaTableau {
        switch method {
        case .rk23: return .rk23
        case .rk45: return .rk45
        case .dop853: return .dop853
        case .radau, .bdf: preconditionFailure("\(method) is not an explicit Runge–Kutta method")
        }
    }

    /// Row `s` of A as (column, coefficient) pairs without the zeros, which
    /// add nothing to the sums and cost a multiply each.
    func sparseRow(_ s: Int) -> [(Int, Double)] {
        (0..<s).compactMap { j in a[s * width + j] == 0 ? nil : (j, a[s * width + j]) }
    }
}
