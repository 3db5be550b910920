import SwarmArray
import SwarmPool

// Differential evolution (Storn & Price 1997) as SciPy's
// `differential_evolution`: a Latin-hypercube population in the unit cube,
// mutation from the best member or random ones with a dithered scale,
// binomial or exponential crossover, greedy selection, and a stop when the
// population's energies agree (std ≤ atol + tol·|mean|). The random draws
// come in SciPy's order from a NumPy-compatible `Generator`, so a seed gives
// SciPy's population. With `workers`, each generation's trials are
// evaluated together on a SwarmPool (SciPy's `workers=`, which also
// switches to deferred updating).

/// How a trial vector is made (SciPy's `strategy`).
public enum DifferentialEvolutionStrategy: String, Sendable, Hashable, CaseIterable {
    /// best + F·(r0 − r1), binomial crossover (SciPy's default).
    case best1bin
    /// best + F·(r0 − r1), exponential crossover.
    case best1exp
    /// r0 + F·(r1 − r2), binomial crossover.
    case rand1bin
    /// r0 + F·(r1 − r2), exponential crossover.
    case rand1exp
    /// best + F·(r0 + r1 − r2 − r3), binomial crossover.
    case best2bin
    /// r0 + F·(r1 + r2 − r3 − r4), binomial crossover.
    case rand2bin
    /// current + F·(best − current + r0 − r1), binomial crossover.
    case currenttobest1bin
    /// r0 + F·(best − r0 + r1 − r2), binomial crossover.
    case randtobest1bin

    var isBinomial: Bool { rawValue.hasSuffix("bin") }
}

/// Options of ``differentialEvolution(_:bounds:options:workers:)``, with SciPy's defaults.
public struct DifferentialEvolutionOptions: Sendable, Hashable {
    /// The trial-vector strategy.
    public var strategy = DifferentialEvolutionStrategy.best1bin
    /// Generations at most.
    public var maxiter = 1000
    /// Population = popsize · (number of variables that are not fixed), at least 5.
    public var popsize = 15
    /// Relative convergence tolerance on the population's energies.
    public var tol = 0.01
    /// Absolute convergence tolerance.
    public var atol = 0.0
    /// The mutation scale F, or a (low, high) range drawn each generation (dithering).
    public var mutation: ClosedRange<Double> = 0.5...1
    /// The crossover probability CR.
    public var recombination = 0.7
    /// The seed of the NumPy-compatible generator (nil: from the system).
    public var seed: UInt64?
    /// Objective evaluations at most (nil: no limit but `maxiter`).
    public var maxfun: Int?
    /// Finish with L-BFGS-B from the best member, inside the bounds.
    public var polish = true

    /// The default options.
    public init() {}
}

/// Finds the global minimum of `f` over a box, as
/// `scipy.optimize.differential_evolution`.
///
/// ```swift
/// var options = DifferentialEvolutionOptions()
/// options.seed = 1
/// let r = try differentialEvolution({ x in x[0] * x[0] + x[1] * x[1] }, bounds: [(-5, 5), (-5, 5)], options: options)
/// // r.x ≈ [0, 0]
/// ```
///
/// - Parameter workers: a pool on which each generation's trials are
///   evaluated together (the thread backend, for a closure); nil runs them
///   one at a time with immediate updating, as SciPy's `workers=1`.
/// - Throws: ``OptimizeError`` for empty or inverted bounds or bad options;
///   the pool's error if a worker fails.
public func differentialEvolution(_ f: @escaping @Sendable ([Double]) -> Double, bounds: [(Double, Double)],
                                  options: DifferentialEvolutionOptions = DifferentialEvolutionOptions(),
                                  workers: Pool? = nil) throws -> OptimizeResult {
    let evaluate: (([[Double]]) throws -> [Double])? = workers.map { pool in { try pool.map(f, $0) } }
    return try _differentialEvolution(f, bounds: bounds, options: options, evaluateMany: evaluate)
}

/// Differential evolution with a ``PoolFunction`` objective, so that the
/// population can be evaluated on worker processes (`Pool(processes:)`).
///
/// - Throws: as the closure form.
public func differentialEvolution<F: PoolFunction>(_ f: F, bounds: [(Double, Double)],
                                                   options: DifferentialEvolutionOptions = DifferentialEvolutionOptions(),
                                                   workers: Pool? = nil) throws -> OptimizeResult
    where F.Input == [Double], F.Output == Double {
    let evaluate: (([[Double]]) throws -> [Double])? = workers.map { pool in { try pool.map(f, $0) } }
    var failure: (any Error)?
    let result = try _differentialEvolution({ x in
        do { return try f(x) } catch {
            failure = failure ?? error
            return .nan
        }
    }, bounds: bounds, options: options, evaluateMany: evaluate)
    if let failure { throw failure }
    return result
}

func _differentialEvolution(_ f: ([Double]) -> Double, bounds: [(Double, Double)], options: DifferentialEvolutionOptions,
                            evaluateMany: (([[Double]]) throws -> [Double])?) throws -> OptimizeResult {
    let n = bounds.count
    guard n > 0 else { throw OptimizeError.emptyStart }
    for (i, b) in bounds.enumerated() where !(b.0.isFinite && b.1.isFinite) || b.0 > b.1 {
        throw OptimizeError.invalidBounds("bound \(i) (\(b.0), \(b.1)) must be finite with lower <= upper")
    }
    guard options.popsize > 0, options.maxiter >= 0, options.tol >= 0, options.atol >= 0,
          (0...1).contains(options.recombination), options.mutation.lowerBound >= 0, options.mutation.upperBound <= 2 else {
        throw OptimizeError.invalidOption("popsize > 0, 0 <= recombination <= 1, mutation within [0, 2] are required")
    }
    let fixed = bounds.filter { $0.0 == $0.1 }.count
    let members = Swift.max(5, options.popsize * Swift.max(1, n - fixed))
    let maxfun = options.maxfun ?? Int.max
    let center = bounds.map { 0.5 * ($0.0 + $0.1) }, width = bounds.map { Swift.abs($0.0 - $0.1) }
    func scaled(_ trial: [Double]) -> [Double] { (0..<n).map { center[$0] + (trial[$0] - 0.5) * width[$0] } }
    var rng = Generator(seed: options.seed)

    // Latin hypercube: one point per stratum and coordinate, strata permuted per column.
    let segment = 1.0 / Double(members)
    var samples = [[Double]](repeating: [Double](repeating: 0, count: n), count: members)
    for i in 0..<members { for j in 0..<n { samples[i][j] = segment * rng.random() + Double(i) * segment } }
    var population = samples
    for j in 0..<n {
        let order = rng.permutation(members).toArray()
        for i in 0..<members { population[i][j] = samples[order[i]][j] }
    }
    var nfev = 0
    func energies(_ trials: [[Double]]) throws -> [Double] {
        let count = Swift.min(trials.count, maxfun - nfev)
        var result = [Double](repeating: .infinity, count: trials.count)
        guard count > 0 else { return result }
        let params = trials[0..<count].map(scaled)
        let values = try evaluateMany?(params) ?? params.map(f)
        for i in 0..<count { result[i] = values[i] }
        nfev += count
        return result
    }
    var energy = try energies(population)
    func promoteLowest() {
        var l = 0
        for i in 1..<members where energy[i] < energy[l] { l = i }  // np.argmin: first lowest
        energy.swapAt(0, l)
        population.swapAt(0, l)
    }
    promoteLowest()
    var index = Array(0..<members)
    func selectSamples(_ candidate: Int) -> [Int] {
        rng.shuffle(&index)
        return Array(index.prefix(6).filter { $0 != candidate }.prefix(5))
    }
    var scale = options.mutation.lowerBound
    let dither = options.mutation.lowerBound != options.mutation.upperBound
    func mutant(_ candidate: Int, _ r: [Int]) -> [Double] {
        let p = population
        return (0..<n).map { j in
            switch options.strategy {
            case .best1bin, .best1exp: return p[0][j] + scale * (p[r[0]][j] - p[r[1]][j])
            case .rand1bin, .rand1exp: return p[r[0]][j] + scale * (p[r[1]][j] - p[r[2]][j])
            case .best2bin: return p[0][j] + scale * (p[r[0]][j] + p[r[1]][j] - p[r[2]][j] - p[r[3]][j])
            case .rand2bin: return p[r[0]][j] + scale * (p[r[1]][j] + p[r[2]][j] - p[r[3]][j] - p[r[4]][j])
            case .currenttobest1bin:
                return p[candidate][j] + scale * (p[0][j] - p[candidate][j] + p[r[0]][j] - p[r[1]][j])
            case .randtobest1bin:
                // Two updates, in SciPy's order, so that rounding matches.
                var b = p[r[0]][j]
                b += scale * (p[0][j] - b)
                return b + scale * (p[r[1]][j] - p[r[2]][j])
            }
        }
    }
    func crossover(_ candidate: Int, _ bprime: [Double], fill: Int, draws: [Double]) -> [Double] {
        var trial = population[candidate]
        if options.strategy.isBinomial {
            for j in 0..<n where draws[j] < options.recombination || j == fill { trial[j] = bprime[j] }
        } else {
            var cross = draws.map { $0 < options.recombination }
            cross[0] = true
            var j = fill, i = 0
            while i < n && cross[i] {
                trial[j] = bprime[j]
                j = (j + 1) % n
                i += 1
            }
        }
        return trial
    }
    func ensureInside(_ trial: inout [Double]) {
        for j in 0..<n where trial[j] > 1 || trial[j] < 0 { trial[j] = rng.random() }
    }
    func converged() -> Bool {
        guard energy.allSatisfy({ $0 != .infinity }) else { return false }
        let mean = energy.reduce(0, +) / Double(members)
        let variance = energy.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(members)
        return variance.squareRoot() <= options.atol + options.tol * Swift.abs(mean)
    }

    var nit = 0
    var message = _OptimizeMessage.success
    var warning = false
    generations: for generation in 1...Swift.max(1, options.maxiter) {
        nit = generation
        if options.maxiter == 0 { break }
        if dither { scale = rng.uniform(low: options.mutation.lowerBound, high: options.mutation.upperBound) }
        if evaluateMany == nil {
            for candidate in 0..<members {
                if nfev > maxfun {
                    warning = true
                    message = _OptimizeMessage.maxfev
                    break generations
                }
                let fill = rng.integers(0, n)
                let r = selectSamples(candidate)
                let bprime = mutant(candidate, r)
                let draws = (0..<n).map { _ in rng.random() }
                var trial = crossover(candidate, bprime, fill: fill, draws: draws)
                ensureInside(&trial)
                let e = f(scaled(trial))
                nfev += 1
                if e <= energy[candidate] {
                    population[candidate] = trial
                    energy[candidate] = e
                    if e <= energy[0] { promoteLowest() }
                }
            }
        } else {
            if nfev >= maxfun {
                warning = true
                message = nfev == maxfun ? "Maximum number of function evaluations has been reached."
                    : _OptimizeMessage.maxfev
                break
            }
            let picks = (0..<members).map { selectSamples($0) }
            let bprimes = (0..<members).map { mutant($0, picks[$0]) }
            let fills = rng.integers(0, n, shape: [members]).toArray()  // one array draw, as NumPy's
            let draws = (0..<members).map { _ in (0..<n).map { _ in rng.random() } }
            var trials = (0..<members).map { crossover($0, bprimes[$0], fill: fills[$0], draws: draws[$0]) }
            for i in 0..<members { ensureInside(&trials[i]) }
            let trialEnergies = try energies(trials)
            for i in 0..<members where trialEnergies[i] <= energy[i] {
                population[i] = trials[i]
                energy[i] = trialEnergies[i]
            }
            promoteLowest()
        }
        if converged() { break }
        if generation == options.maxiter {
            warning = true
            message = _OptimizeMessage.maxiter
        }
    }
    var result = OptimizeResult(x: scaled(population[0]), fun: energy[0], nit: nit, nfev: nfev,
                                success: !warning, status: warning ? 1 : 0, message: message)
    if options.polish {
        let polished = try minimize(f, x0: result.x, method: .lbfgsb, bounds: bounds)
        result.nfev += polished.nfev
        let inside = (0..<n).allSatisfy { bounds[$0].0 <= polished.x[$0] && polished.x[$0] <= bounds[$0].1 }
        if polished.fun < result.fun && polished.success && inside {
            result.x = polished.x
            result.fun = polished.fun
            result.jac = polished.jac
        }
    }
    return result
}
