import Foundation
import SwarmPool
import SwarmScience
import Testing

/// The Ackley function, a classic many-minima test (global minimum 0 at 0).
@Sendable func ackley(_ x: [Double]) -> Double {
    let a = (0.5 * (x[0] * x[0] + x[1] * x[1])).squareRoot()
    let b = 0.5 * (cos(2 * .pi * x[0]) + cos(2 * .pi * x[1]))
    return -20 * exp(-0.2 * a) - exp(b) + M_E + 20
}

/// Rosenbrock: pure arithmetic, so Swift and NumPy evaluate it to the same bits.
@Sendable func rosenbrock2(_ x: [Double]) -> Double {
    let a = x[1] - x[0] * x[0], b = 1 - x[0]
    return 100 * a * a + b * b
}

/// Rastrigin in any dimension (global minimum 0 at 0).
struct Rastrigin: PoolFunction {
    func callAsFunction(_ x: [Double]) -> Double {
        x.reduce(10 * Double(x.count)) { $0 + $1 * $1 - 10 * cos(2 * .pi * $1) }
    }
}

@Suite("differentialEvolution against scipy.optimize.differential_evolution")
struct DifferentialEvolutionTests {
    static let ackleyPython = "lambda x: -20*np.exp(-0.2*np.sqrt(0.5*(x[0]**2+x[1]**2))) - np.exp(0.5*(np.cos(2*np.pi*x[0])+np.cos(2*np.pi*x[1]))) + np.e + 20"

    @Test("a seed gives SciPy's generations: same x, nit, nfev (no polish) for every strategy, immediate and deferred")
    func sameStreamAsSciPy() throws {
        let script = """
        from scipy.optimize import differential_evolution
        f = lambda x: 100*(x[1]-x[0]*x[0])*(x[1]-x[0]*x[0]) + (1-x[0])*(1-x[0])
        out = []
        for strategy in ['best1bin', 'rand1exp', 'currenttobest1bin', 'rand1bin', 'best1exp', 'best2bin', 'rand2bin', 'randtobest1bin']:
            r = differential_evolution(f, [(-5, 5), (-5, 5)], rng=7, polish=False, strategy=strategy)
            out.append(clean([r.x, r.fun, int(r.nit), int(r.nfev), bool(r.success)]))
        r = differential_evolution(f, [(-5, 5), (-5, 5)], rng=7, polish=False, updating='deferred')
        out.append(clean([r.x, r.fun, int(r.nit), int(r.nfev), bool(r.success)]))
        r = differential_evolution(\(Self.ackleyPython), [(-5, 5), (-5, 5)], rng=7)
        out.append(clean([r.x, r.fun, int(r.nit), int(r.nfev), bool(r.success)]))
        print(json.dumps(out))
        """
        guard let ref = try scipy(script) as? [[Any]] else { return }
        var options = DifferentialEvolutionOptions()
        options.seed = 7
        options.polish = false
        for (k, strategy) in [DifferentialEvolutionStrategy.best1bin, .rand1exp, .currenttobest1bin, .rand1bin, .best1exp, .best2bin, .rand2bin, .randtobest1bin].enumerated() {
            options.strategy = strategy
            let r = try differentialEvolution(rosenbrock2, bounds: [(-5, 5), (-5, 5)], options: options)
            let theirs = ref[k]
            let label = "\(strategy): ours \(r.x) \(r.fun) nit \(r.nit) nfev \(r.nfev); scipy \(theirs)"
            #expect(r.nit == Int(number(theirs[2])) && r.nfev == Int(number(theirs[3])), "\(label)")
            for (a, b) in zip(r.x, flat(theirs[0])) { #expect(close(a, b, rtol: 1e-12, atol: 1e-15), "\(label)") }
        }
        // Deferred updating, as SciPy uses with workers: run it on a thread pool.
        options.strategy = .best1bin
        let pool = try Pool(threads: 2)
        defer { pool.terminate() }
        let deferred = try differentialEvolution(rosenbrock2, bounds: [(-5, 5), (-5, 5)], options: options, workers: pool)
        let theirs = ref[8]
        #expect(deferred.nit == Int(number(theirs[2])) && deferred.nfev == Int(number(theirs[3])), "\(deferred) vs \(theirs)")
        for (a, b) in zip(deferred.x, flat(theirs[0])) { #expect(close(a, b, rtol: 1e-12, atol: 1e-15), "\(deferred) vs \(theirs)") }
        // Ackley (whose cos and exp differ from NumPy's in the last bits, so the runs
        // drift apart), polished: the same global minimum.
        options.polish = true
        let polished = try differentialEvolution(ackley, bounds: [(-5, 5), (-5, 5)], options: options)
        #expect(polished.fun < 1e-12 && Swift.abs(polished.fun - number(ref[9][1])) < 1e-12, "\(polished) vs \(ref[9])")
    }

    @Test("the population can be evaluated on worker processes")
    func processWorkers() throws {
        var options = DifferentialEvolutionOptions()
        options.seed = 3
        let serial = try differentialEvolution(Rastrigin(), bounds: Array(repeating: (-5.12, 5.12), count: 3),
                                               options: options)
        let pool = try Pool(processes: 2)
        defer { pool.terminate() }
        let parallel = try differentialEvolution(Rastrigin(), bounds: Array(repeating: (-5.12, 5.12), count: 3),
                                                 options: options, workers: pool)
        #expect(serial.fun < 1e-9 && parallel.fun < 1e-9, "\(serial) \(parallel)")
        for v in parallel.x { #expect(Swift.abs(v) < 1e-6) }
    }

    @Test("bad bounds and options throw")
    func badInput() {
        #expect(throws: OptimizeError.self) { try differentialEvolution(ackley, bounds: []) }
        #expect(throws: OptimizeError.self) { try differentialEvolution(ackley, bounds: [(1, 0), (0, 1)]) }
        #expect(throws: OptimizeError.self) { try differentialEvolution(ackley, bounds: [(0, .infinity), (0, 1)]) }
        var o = DifferentialEvolutionOptions()
        o.recombination = 2
        #expect(throws: OptimizeError.self) { try differentialEvolution(ackley, bounds: [(0, 1), (0, 1)], options: o) }
    }
}
