#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SwarmCore
import SwarmScheduler

/// An engine that joins a running cluster over the network
/// (`swarm engine --file …`, or any binary started with
/// `--swarm-engine-connect FILE`, which then knows that binary's function types).
public enum Engine {
    /// Connects to the controller named in `connectionFile` and runs tasks
    /// until the controller shuts down or goes away.
    ///
    /// - Parameter resources: what this engine offers to tasks that declare
    ///   needs (default: 1 core and this machine's memory divided by its cores).
    /// - Throws: ``ClusterError`` if the file is bad, the controller cannot be
    ///   reached, or it refuses the key.
    public static func run(connectionFile: String = ClusterConnectionFile.defaultPath,
                           resources: Resources? = nil) throws {
        signal(SIGPIPE, SIG_IGN)
        let file = try ClusterConnectionFile.read(connectionFile)
        let key = try ClusterKey(hex: file.key)
        let channel = try RemoteController.openChannel(file, key: key, timeout: 10)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let capacity = resources ?? Resources(cores: 1, memory: Int(ProcessInfo.processInfo.physicalMemory) / max(cores, 1))
        let hello = EngineHello(pid: getpid(), host: ProcessInfo.processInfo.hostName, capacity: capacity)
        try EngineLoop(channel: channel, hello: hello, readsAhead: true).run()
    }
}

/// `EXE --swarm-engine-connect FILE`: SwarmCore's C constructor calls this
/// before `main`, so any binary that links SwarmCluster can be an engine.
@_cdecl("swarm_engine_connect_main")
public func _swarmEngineConnectMain(_ path: UnsafePointer<CChar>) {
    do {
        try Engine.run(connectionFile: String(cString: path))
    } catch {
        FileHandle.standardError.write(Data("swarm engine: \(error)\n".utf8))
        _exit(1)
    }
}
