import Foundation
import Testing

/// Runs Python with NumPy (and SciPy when asked) to produce expected values
/// at test time.
///
/// `numpy(script)` returns the script's standard output, or nil when numpy
/// cannot be imported here: the calling test then returns early. With
/// `SWARM_REQUIRE_BACKENDS=1` (set by CI) a missing numpy is a test failure
/// instead, so CI always checks against the real peer.
enum NumPyOracle {
    static let isAvailable: Bool = {
        (try? run("import numpy")) != nil
    }()

    /// Runs `script` with `import numpy as np` and `import json` already done.
    static func run(_ script: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import numpy as np, json, sys\n" + script]
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

    struct OracleError: Error, CustomStringConvertible {
        var message: String
        var description: String { "python failed: \(message)" }
    }
}

/// The output of a NumPy script, or nil (after recording an issue under
/// `SWARM_REQUIRE_BACKENDS=1`) when numpy is missing.
func numpy(_ script: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String? {
    guard NumPyOracle.isAvailable else {
        if ProcessInfo.processInfo.environment["SWARM_REQUIRE_BACKENDS"] == "1" {
            Issue.record("numpy is required (SWARM_REQUIRE_BACKENDS=1) but `python3 -c 'import numpy'` failed",
                         sourceLocation: sourceLocation)
        }
        return nil
    }
    return try NumPyOracle.run(script)
}

/// The output of a NumPy script parsed as JSON.
func numpyJSON(_ script: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Any? {
    guard let text = try numpy(script, sourceLocation: sourceLocation) else { return nil }
    return try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
}
