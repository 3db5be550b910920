import Foundation
import SwarmCore

/// One line of a side-by-side benchmark, in the form that
/// `shared/reference/bench-json.md` describes.
struct BenchRow: Encodable {
    var benchmark: String
    var unit: String
    var higherIsBetter: Bool
    /// Our median.
    var swarm: Double
    /// The peer's median, or nil when the peer could not run.
    var peer: Double?
    var peerName: String
    /// The ratio the issue asks for, or nil for a row shown for information.
    var target: Double?
    var runs: Int
    var note: String?

    /// How many times better Swarm is than the peer.
    var ratio: Double? {
        guard let peer, peer > 0, swarm > 0 else { return nil }
        return higherIsBetter ? swarm / peer : peer / swarm
    }

    var met: Bool? {
        guard let target else { return nil }
        guard let ratio else { return false }
        return ratio >= target
    }

    enum CodingKeys: String, CodingKey {
        case benchmark, unit, higherIsBetter = "higher_is_better", swarm, peer, peerName = "peer_name"
        case ratio, target, met, runs, note
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(benchmark, forKey: .benchmark)
        try c.encode(unit, forKey: .unit)
        try c.encode(higherIsBetter, forKey: .higherIsBetter)
        try c.encode(swarm, forKey: .swarm)
        try c.encode(peer, forKey: .peer)  // null when the peer did not run
        try c.encode(peerName, forKey: .peerName)
        try c.encode(ratio, forKey: .ratio)
        try c.encode(target, forKey: .target)
        try c.encode(met, forKey: .met)
        try c.encode(runs, forKey: .runs)
        try c.encodeIfPresent(note, forKey: .note)
    }
}

/// The whole output of one `swarm bench <area>` run.
struct BenchReport: Encodable {
    struct Machine: Encodable {
        var cores: Int
        var cpu: String
        var swift: String
        var peerVersions: [String: String]
        enum CodingKeys: String, CodingKey { case cores, cpu, swift, peerVersions = "peer_versions" }
    }

    var area: String
    var machine: Machine
    var rows: [BenchRow]

    /// The report as JSON.
    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// The report as an aligned table.
    func table() -> String {
        var lines = ["swarm bench \(area): \(machine.cores) cores, \(machine.cpu), Swift \(machine.swift)"]
        let header = ["benchmark", "unit", "swarm", "peer", "peer name", "ratio", "target", "met"]
        var cells: [[String]] = [header]
        for row in rows {
            cells.append([
                row.benchmark, row.unit, formatNumber(row.swarm), row.peer.map(formatNumber) ?? "n/a",
                row.peerName, row.ratio.map { String(format: "%.2f×", $0) } ?? "n/a",
                row.target.map { String(format: "≥ %g×", $0) } ?? "-",
                row.met.map { $0 ? "yes" : "NO" } ?? "-",
            ])
        }
        let widths = (0..<header.count).map { col in cells.map { $0[col].count }.max() ?? 0 }
        for (index, row) in cells.enumerated() {
            lines.append(zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  "))
            if index == 0 { lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")) }
        }
        for row in rows where row.note != nil { lines.append("note (\(row.benchmark)): \(row.note!)") }
        return lines.joined(separator: "\n")
    }
}

func formatNumber(_ x: Double) -> String {
    let a = abs(x)
    if a >= 1e9 { return String(format: "%.2fG", x / 1e9) }
    if a >= 1e6 { return String(format: "%.2fM", x / 1e6) }
    if a >= 1e4 { return String(format: "%.1fk", x / 1e3) }
    if a >= 100 { return String(format: "%.0f", x) }
    if a >= 1 { return String(format: "%.2f", x) }
    return String(format: "%.3g", x)
}

/// A progress line on stderr (the table or JSON goes to stdout).
func benchProgress(_ message: String) {
    FileHandle.standardError.write(Data("[bench] \(message)\n".utf8))
}

/// How long `body` takes, in seconds, on the monotonic clock.
func benchSeconds(_ body: () throws -> Void) rethrows -> Double {
    let start = MonotonicInstant.now
    try body()
    return MonotonicInstant.now.seconds(since: start)
}

/// The median of a non-empty list.
func median(_ values: [Double]) -> Double {
    precondition(!values.isEmpty, "median of no values")
    let s = values.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

/// What we know of this machine, for the report header.
func machineDescription(peerVersions: [String: String]) -> BenchReport.Machine {
    var cpu = "unknown"
    if let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
       let line = info.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
       let colon = line.firstIndex(of: ":") {
        cpu = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    #if swift(>=6.3)
    let swift = "6.3"
    #else
    let swift = "6.x"
    #endif
    return .init(cores: ProcessInfo.processInfo.activeProcessorCount, cpu: cpu, swift: swift, peerVersions: peerVersions)
}

/// Runs a Python peer script and returns its one JSON object, or nil (with the
/// reason) when Python or the script is missing or fails.
func runPythonPeer(script: String, arguments: [String], python: String) -> (json: [String: Any]?, problem: String?) {
    guard let path = locateBenchmarkFile(script) else { return (nil, "peer script \(script) not found") }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [python, path] + arguments
    let output = Pipe()
    process.standardOutput = output
    do { try process.run() } catch { return (nil, "could not run \(python): \(error)") }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
        return (nil, "\(script) exited with \(process.terminationStatus) and printed no JSON")
    }
    return (object, nil)
}

/// Finds `Benchmarks/python/<name>` from the working directory or the executable's.
func locateBenchmarkFile(_ name: String) -> String? {
    var roots: [URL] = [URL(fileURLWithPath: FileManager.default.currentDirectoryPath)]
    if let env = ProcessInfo.processInfo.environment["SWARM_BENCHMARKS"] { roots.insert(URL(fileURLWithPath: env), at: 0) }
    roots.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
    for root in roots {
        var dir = root
        for _ in 0..<6 {
            for candidate in [dir.appendingPathComponent("Benchmarks/python/\(name)"), dir.appendingPathComponent("python/\(name)")] {
                if FileManager.default.fileExists(atPath: candidate.path) { return candidate.path }
            }
            dir.deleteLastPathComponent()
        }
    }
    return nil
}
