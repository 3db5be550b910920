#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SwarmCore
import SwarmScheduler
#if MPI
import CSwarmMPI
#endif

/// A running cluster: a controller and its engines, driven through views
/// (IPython Parallel's `Client`).
///
/// ```swift
/// let cluster = try Cluster.local(engines: 2)
/// let lview = cluster.loadBalancedView()
/// let squares = try lview.map(Square(), Array(0..<100))
/// let dview = cluster.directView()
/// try dview.scatter("xs", Array(0..<10).map(Double.init))
/// let sums = try dview.execute(SumOf(name: "xs"))   // one per engine
/// ```
///
/// The engines of ``local(engines:resources:highWaterMark:autoRestart:startTimeout:)``
/// are processes of this same executable, so they know every function type
/// in it. They are stopped by ``shutdown()`` or when the cluster is released.
public final class Cluster: Sendable {
    let controller: any ControllerLink
    private let launcher: LocalEngines?
    /// Ends the engines' sessions when they are not local processes (MPI ranks).
    private let stopRemoteEngines: (@Sendable () -> Void)?

    init(controller: any ControllerLink, launcher: LocalEngines?, stopRemoteEngines: (@Sendable () -> Void)? = nil) {
        self.controller = controller
        self.launcher = launcher
        self.stopRemoteEngines = stopRemoteEngines
    }

    /// The controller when it runs in this process.
    var localController: Controller? { controller as? Controller }

    /// Starts a controller in this process and `engines` engine processes on
    /// this machine, and waits until they have joined. Nothing to install or
    /// start by hand.
    ///
    /// Under `mpirun -n N` (with the package's `MPI` trait) the same call
    /// makes a cluster of the MPI job instead: this process is rank 0, and
    /// the other N − 1 ranks are its engines, whatever `engines` says (the
    /// launcher chose how many). Tasks travel as MPI messages, and
    /// ``DirectView``'s scatter, gather and broadcast to all engines use MPI
    /// collectives. Set `SWARM_MPI_CLUSTER=off` to keep local engines.
    ///
    /// - Parameters:
    ///   - engines: how many engines (default: one per core).
    ///   - resources: what each engine advertises to tasks that declare needs
    ///     (default: 1 core and an equal share of this machine's memory).
    ///   - highWaterMark: how many tasks an engine may hold at once (running
    ///     plus waiting on it); more hides the round trip of tiny tasks, 1
    ///     spreads long ones best.
    ///   - autoRestart: replace engines that die (crash, kill, out of memory).
    ///   - startTimeout: seconds to wait for each engine's hello.
    /// - Throws: ``ClusterError`` `.invalidArgument` for fewer than one engine,
    ///   `.spawnFailed` if an engine does not start.
    public static func local(engines: Int = ProcessInfo.processInfo.activeProcessorCount,
                             resources: Resources? = nil, highWaterMark: Int = 16,
                             autoRestart: Bool = true, startTimeout: Double = 60) throws -> Cluster {
        #if MPI
        if MPIWorld.isRoot {
            return try mpi(resources: resources, highWaterMark: highWaterMark, startTimeout: startTimeout)
        }
        #endif
        return try local(engines: engines, resources: resources, highWaterMark: highWaterMark, autoRestart: autoRestart,
                         startTimeout: startTimeout, allowNoEngines: false)
    }

    #if MPI
    /// A cluster whose engines are the other ranks of this MPI job (this process is rank 0).
    static func mpi(resources: Resources?, highWaterMark: Int, startTimeout: Double) throws -> Cluster {
        guard highWaterMark >= 1 else {
            throw ClusterError(.invalidArgument, "highWaterMark must be at least 1, got \(highWaterMark)")
        }
        let memory = Int(ProcessInfo.processInfo.physicalMemory) / max(MPIWorld.size - 1, 1)
        let controller = Controller(key: .random(), highWaterMark: highWaterMark)
        let engines = MPIEngines(controller: controller, capacity: resources ?? Resources(cores: 1, memory: memory))
        let cluster = Cluster(controller: controller, launcher: nil, stopRemoteEngines: { engines.stop() })
        do {
            try engines.start(timeout: startTimeout)
        } catch {
            cluster.shutdown()
            throw error
        }
        return cluster
    }
    #endif

    /// Where ``local(engines:resources:highWaterMark:autoRestart:startTimeout:)``
    /// finds its engines here, and why: MPI ranks (under `mpirun`, with the
    /// `MPI` trait) or local processes.
    public static var mpiStatus: String {
        #if MPI
        if let description = mpiDescription {
            return "MPI ranks 1-\(MPIWorld.size - 1) of this job (\(description)); this process is rank 0"
        }
        let reason = String(cString: cswarm_mpi_inactive_reason())
        return "local processes (built with MPI; \(reason.isEmpty ? "not under mpirun" : reason))"
        #else
        return "local processes (built without the MPI trait: swift build --traits MPI)"
        #endif
    }

    /// The MPI job this process is rank 0 of, when ``runsOnMPI``: its size
    /// and the MPI library's own description; nil otherwise.
    public static var mpiDescription: String? {
        #if MPI
        guard MPIWorld.isRoot else { return nil }
        let library = MPIWorld.libraryVersion.split(separator: ",").first.map(String.init) ?? "MPI"
        return "\(MPIWorld.size) ranks, \(library)"
        #else
        return nil
        #endif
    }

    /// Whether ``local(engines:resources:highWaterMark:autoRestart:startTimeout:)``
    /// makes its engines of MPI ranks here: this process is rank 0 of a job of
    /// two or more ranks under `mpirun`, and the package was built with the
    /// `MPI` trait.
    public static var runsOnMPI: Bool {
        #if MPI
        return MPIWorld.isRoot
        #else
        return false
        #endif
    }

    static func local(engines: Int, resources: Resources?, highWaterMark: Int, autoRestart: Bool = true,
                      startTimeout: Double = 60, allowNoEngines: Bool) throws -> Cluster {
        guard engines >= (allowNoEngines ? 0 : 1) else {
            throw ClusterError(.invalidArgument, "a cluster needs at least one engine, got \(engines)")
        }
        guard highWaterMark >= 1 else {
            throw ClusterError(.invalidArgument, "highWaterMark must be at least 1, got \(highWaterMark)")
        }
        let memory = Int(ProcessInfo.processInfo.physicalMemory) / max(engines, 1)
        let capacity = resources ?? Resources(cores: 1, memory: memory)
        let controller = Controller(key: .random(), highWaterMark: highWaterMark)
        let launcher = LocalEngines(controller: controller, capacity: capacity, autoRestart: autoRestart)
        let cluster = Cluster(controller: controller, launcher: launcher)
        do {
            try launcher.start(engines, timeout: startTimeout)
        } catch {
            cluster.shutdown()
            throw error
        }
        return cluster
    }

    /// Starts `count` more local engines.
    ///
    /// - Throws: ``ClusterError`` `.spawnFailed`, or `.notRunning` after shutdown.
    public func addEngines(_ count: Int, timeout: Double = 60) throws {
        guard let launcher else { throw ClusterError(.invalidArgument, "this cluster has no local launcher") }
        for _ in 0..<count { try launcher.add(timeout: timeout) }
    }

    /// The live engines' ids, ascending.
    public var engineIDs: [Int] { controller.engineIDs }

    /// Waits until at least `count` engines are live (after a restart, or
    /// while engines join).
    ///
    /// - Throws: ``ClusterError`` `.timeout` if they are not there in time.
    public func waitForEngines(_ count: Int, timeout: Double = 30) throws {
        guard controller.waitForEngines(count, timeout: timeout) else {
            throw ClusterError(.timeout, "\(engineIDs.count) engines after \(timeout) s, waited for \(count)")
        }
    }

    /// The live engines: id, process, host, what they offer and their load.
    public var engines: [EngineInfo] {
        controller.engineInfos
    }

    /// Task and engine counters.
    public var statistics: ClusterStatistics { controller.statistics }

    /// A view on some engines (all live engines at each call when `targets` is nil).
    public func directView(_ targets: [Int]? = nil, options: TaskOptions = TaskOptions()) -> DirectView {
        DirectView(controller: controller, targets: targets, options: options)
    }

    /// A view on one engine.
    public subscript(engine: Int) -> DirectView { directView([engine]) }

    /// A view that sends each task to the least-loaded engine that can hold it.
    public func loadBalancedView(options: TaskOptions = TaskOptions()) -> LoadBalancedView {
        LoadBalancedView(controller: controller, options: options)
    }

    /// Connects to a running cluster (`swarm cluster start`, or a
    /// ``ClusterServer``) through its connection file. Views work as on a
    /// local cluster; if the controller dies, every unfinished result fails
    /// at once with `.notRunning`.
    ///
    /// - Throws: ``ClusterError`` `.connection` if the file is missing or the
    ///   controller unreachable, `.authentication` if it refuses the key.
    public static func connect(_ connectionFile: String = ClusterConnectionFile.defaultPath,
                               timeout: Double = 10) throws -> Cluster {
        let file = try ClusterConnectionFile.read(connectionFile)
        let remote = try RemoteController.connect(file, timeout: timeout)
        return Cluster(controller: remote, launcher: nil)
    }

    /// Stops the whole cluster: for a connected cluster, asks its controller
    /// to shut down (engines and all); for a local one, the same as ``shutdown()``.
    public func stopController() {
        if let remote = controller as? RemoteController { remote.requestStop() }
        shutdown()
    }

    /// Stops the engines and the controller (a local cluster), or disconnects
    /// (a connected one, which keeps running); unfinished tasks fail with
    /// `.notRunning`. Safe to call more than once.
    public func shutdown() {
        launcher?.stop()
        controller.shutdown()
        stopRemoteEngines?()
    }

    deinit { shutdown() }
}

/// One engine as ``Cluster/engines`` reports it.
public struct EngineInfo: Sendable, Hashable, Codable {
    /// The engine's id in the cluster.
    public var id: Int
    /// Its process id (on its host).
    public var pid: Int32
    /// Its host name.
    public var host: String
    /// What it offers to tasks that declare needs.
    public var resources: Resources
    /// Tasks on it now (running plus waiting there).
    public var assignedTasks: Int
    /// Tasks it has finished.
    public var completedTasks: Int
}
