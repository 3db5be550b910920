#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Foundation
import Swarm
import SwarmDashboard

/// `swarm cluster start|status|stop`: a long-lived cluster in a daemon.
struct ClusterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster",
        abstract: "Start, inspect and stop a long-lived cluster.",
        subcommands: [Start.self, Status.self, Stop.self, Dashboard.self, Serve.self, ClusterCheck.self]
    )

    struct FileOption: ParsableArguments {
        @Option(name: .long, help: "The connection file (default ~/.swarm/cluster.json or $SWARM_CLUSTER_FILE).")
        var file: String = ClusterConnectionFile.defaultPath
    }

    /// Where the controller listens and how many local engines it starts.
    struct ServeOptions: ParsableArguments {
        @Option(name: [.customShort("n"), .long], help: "Local engines to start.")
        var engines: Int = ProcessInfo.processInfo.activeProcessorCount
        @Option(help: "The IPv4 address to listen on (loopback unless told otherwise).") var host = "127.0.0.1"
        @Option(help: "The TCP port (0: any free port).") var port = 0
    }

    /// Starts the daemon and waits until its connection file is written.
    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Start a controller and engines in the background.")
        @OptionGroup var serve: ServeOptions
        @OptionGroup var options: FileOption

        func run() throws {
            if let existing = try? ClusterConnectionFile.read(options.file), kill(existing.pid, 0) == 0 {
                throw ValidationError("a cluster is already running (pid \(existing.pid), \(options.file)); stop it first")
            }
            try? FileManager.default.removeItem(atPath: options.file)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/proc/self/exe")
            process.arguments = ["cluster", "serve", "-n", "\(serve.engines)", "--host", serve.host, "--port", "\(serve.port)",
                                 "--file", options.file]
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            let log = options.file + ".log"
            _ = FileManager.default.createFile(atPath: log, contents: nil, attributes: [.posixPermissions: 0o600])
            process.standardError = FileHandle(forWritingAtPath: log)
            try process.run()
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline {
                if let file = try? ClusterConnectionFile.read(options.file) {
                    print("cluster started: pid \(file.pid), \(serve.engines) engines, controller on \(file.host):\(file.port)")
                    print("connection file: \(options.file) (log: \(log))")
                    return
                }
                if !process.isRunning { throw ValidationError("the cluster daemon exited; see \(log)") }
                usleep(20_000)
            }
            throw ValidationError("the cluster did not start within 60 s; see \(log)")
        }
    }

    /// The daemon itself: runs until `swarm cluster stop` or SIGTERM.
    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run a controller and engines in the foreground.")
        @OptionGroup var serve: ServeOptions
        @OptionGroup var options: FileOption

        func run() throws {
            _ = setsid()  // outlive the shell that started us
            let server = try ClusterServer.start(engines: serve.engines, connectionFile: options.file,
                                                 host: serve.host, port: serve.port)
            // SIGTERM and SIGINT stop the cluster cleanly (engines, file).
            for sig in [SIGTERM, SIGINT] {
                signal(sig, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
                source.setEventHandler { server.stop() }
                source.resume()
                ClusterCommand.signalSources.append(source)
            }
            server.waitUntilStopped()
        }
    }

    nonisolated(unsafe) static var signalSources: [any DispatchSourceSignal] = []
    // nonisolated(unsafe): written only by `serve`'s main thread, before it blocks.

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the engines and task counts of a running cluster.")
        @OptionGroup var options: FileOption
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let cluster = try Cluster.connect(options.file)
            defer { cluster.shutdown() }
            let stats = cluster.statistics
            let engines = cluster.engines
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try encoder.encode(ClusterSnapshot(statistics: stats, engines: engines)), as: UTF8.self))
                return
            }
            print("engines: \(stats.engines)  queued: \(stats.queued)  running: \(stats.running)  succeeded: \(stats.succeeded)  failed: \(stats.failed)  restarts: \(stats.engineRestarts)")
            for e in engines {
                print("  engine \(e.id): pid \(e.pid) on \(e.host), \(e.resources), \(e.assignedTasks) assigned, \(e.completedTasks) done")
            }
        }
    }

    /// Serves the live web page of a running cluster until interrupted.
    struct Dashboard: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Serve a live web page of a running cluster (Ctrl-C stops it).")
        @OptionGroup var options: FileOption
        @Option(help: "The IPv4 address to listen on.") var host = "127.0.0.1"
        @Option(help: "The TCP port.") var port = 8787

        func run() throws {
            let cluster = try Cluster.connect(options.file)
            defer { cluster.shutdown() }
            let done = DispatchSemaphore(value: 0)
            let started = DispatchSemaphore(value: 0)
            let outcome = LockedBox<Result<SwarmDashboard.Dashboard, any Error>?>(nil)
            let host = self.host, port = self.port
            Task.detached {
                do {
                    outcome.set(.success(try await SwarmDashboard.Dashboard.start(cluster: cluster, host: host, port: port)))
                } catch {
                    outcome.set(.failure(error))
                }
                started.signal()
            }
            started.wait()
            let dashboard = try outcome.get()!.get()
            print("dashboard of \(options.file) at http://\(host):\(dashboard.port)/ (Ctrl-C to stop)")
            fflush(nil)
            for sig in [SIGTERM, SIGINT] {
                signal(sig, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
                source.setEventHandler { done.signal() }
                source.resume()
                ClusterCommand.signalSources.append(source)
            }
            done.wait()
            let stopped = DispatchSemaphore(value: 0)
            Task.detached { await dashboard.stop(); stopped.signal() }
            stopped.wait()
        }
    }

    struct Stop: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop a running cluster (controller and engines).")
        @OptionGroup var options: FileOption

        func run() throws {
            let file = try ClusterConnectionFile.read(options.file)
            let cluster = try Cluster.connect(options.file)
            cluster.stopController()
            let deadline = Date().addingTimeInterval(15)
            while kill(file.pid, 0) == 0 && Date() < deadline { usleep(20_000) }
            if kill(file.pid, 0) == 0 { throw ValidationError("the cluster (pid \(file.pid)) did not stop within 15 s") }
            print("cluster stopped (pid \(file.pid))")
        }
    }
}

/// `swarm engine --file F`: join a running cluster as one more engine.
struct EngineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine", abstract: "Join a running cluster as an engine (runs until the cluster stops).")
    @OptionGroup var options: ClusterCommand.FileOption
    @Option(help: "Cores this engine offers.") var cores: Double = 1
    @Option(help: "Memory this engine offers, in MiB (default: this machine's memory divided by its cores).") var memory: Int?
    @Option(help: "GPUs this engine offers.") var gpus: Double = 0

    func run() throws {
        let defaultMemory = Int(ProcessInfo.processInfo.physicalMemory) / max(1, ProcessInfo.processInfo.activeProcessorCount)
        try Engine.run(connectionFile: options.file,
                       resources: Resources(cores: cores, memory: memory.map { $0 << 20 } ?? defaultMemory, gpus: gpus))
    }
}

/// A value handed from a task to the waiting main thread.
final class LockedBox<T: Sendable>: @unchecked Sendable {
    // @unchecked: `value` is only touched under `lock`.
    private let lock = NSLock()
    private var value: T
    init(_ value: T) { self.value = value }
    func set(_ v: T) { lock.lock(); value = v; lock.unlock() }
    func get() -> T { lock.lock(); defer { lock.unlock() }; return value }
}
