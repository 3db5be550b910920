import Foundation
import Testing

/// Runs Python with NumPy and SciPy to produce expected values at test time.
///
/// `scipy(script)` returns the script's standard output parsed as JSON, or
/// nil when scipy cannot be imported here: the calling test then returns
/// early. With `SWARM_REQUIRE_BACKENDS=1` (set by CI) a missing scipy is a
/// test failure instead, so CI always checks against the real peer.
enum SciPyOracle {
    static let isAvailable: Bool = (try? run("import scipy")) != nil

    /// Runs `script` after `import numpy as np, scipy, json, math`.
    static func run(_ script: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import numpy as np, scipy, json, math, warnings\n"
                             + "warnings.simplefilter('ignore')\n" + cleaner + script]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw OracleError(message: String(decoding: errData, as: UTF8.self))
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// `clean(obj)`: JSON-ready, with NumPy scalars and arrays as lists and
    /// non-finite numbers as strings ("nan", "inf"), which `number` reads.
    static let cleaner = """
    def clean(o):
        if isinstance(o, dict): return {k: clean(v) for k, v in o.items()}
        if isinstance(o, (list, tuple)): return [clean(v) for v in o]
        if isinstance(o, np.ndarray): return clean(o.tolist())
        if isinstance(o, (float, np.floating)):
            return float(o) if math.isfinite(o) else repr(float(o))
        return o

    """

    struct OracleError: Error, CustomStringConvertible {
        var message: String
        var description: String { "python failed: \(message)" }
    }
}

/// The JSON a SciPy script prints, or nil (after recording an issue under
/// `SWARM_REQUIRE_BACKENDS=1`) when scipy is missing.
func scipy(_ script: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Any? {
    guard SciPyOracle.isAvailable else {
        if ProcessInfo.processInfo.environment["SWARM_REQUIRE_BACKENDS"] == "1" {
            Issue.record("scipy is required (SWARM_REQUIRE_BACKENDS=1) but `python3 -c 'import scipy'` failed",
                         sourceLocation: sourceLocation)
        }
        return nil
    }
    let text = try SciPyOracle.run(script)
    return try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
}

/// Numbers from JSON (NaN and infinities arrive as strings).
func number(_ any: Any?) -> Double {
    if let n = any as? NSNumber { return n.doubleValue }
    if let s = any as? String { return Double(s) ?? .nan }
    return .nan
}

/// Whether `a` and `b` agree to `rtol` relative, or `atol` absolute.
func close(_ a: Double, _ b: Double, rtol: Double, atol: Double = 0) -> Bool {
    if a.isNaN && b.isNaN { return true }
    if a == b { return true }
    return Swift.abs(a - b) <= atol + rtol * Swift.max(Swift.abs(a), Swift.abs(b))
}

/// The flattened values of a nested JSON array.
func flat(_ any: Any?) -> [Double] {
    if let a = any as? [Any] { return a.flatMap(flat) }
    return [number(any)]
}
