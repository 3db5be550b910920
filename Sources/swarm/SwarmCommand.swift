import ArgumentParser
import Swarm

/// The `swarm` command line: demos, benchmarks against the Python peers, and
/// what this machine offers.
@main
struct SwarmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swarm",
        abstract: "Parallel and scientific computing for Swift.",
        version: Swarm.version,
        subcommands: [DemoCommand.self, InfoCommand.self, BenchCommand.self, ClusterCommand.self, EngineCommand.self,
                      PoolChildCommand.self],
        defaultSubcommand: DemoCommand.self
    )
}
