import Foundation
@testable import SwarmCluster
import SwarmCore
import Testing

@Suite("Cluster: long-lived server, remote clients and engines that join", .serialized)
struct RemoteClusterTests {
    private func temporaryFile() -> String {
        NSTemporaryDirectory() + "swarm-cluster-\(UUID().uuidString).json"
    }

    @Test("the connection file is private; a client in another connection runs tasks; engines join later and leave")
    func serverAndClient() throws {
        let path = temporaryFile()
        let server = try ClusterServer.start(engines: 1, connectionFile: path)
        defer { server.stop() }
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let file = try ClusterConnectionFile.read(path)
        #expect(file.host == "127.0.0.1")
        #expect(file.pid == getpid())

        let client = try Cluster.connect(path)
        defer { client.shutdown() }
        let view = client.loadBalancedView()
        #expect(try view.map(ClusterSquare(), Array(0..<200), chunksize: 3) == (0..<200).map { $0 * $0 })
        #expect(throws: ClusterFailure(reason: "no 5")) { try view.apply(ClusterThrow(), 5) }
        let first = try view.applyAsync(ClusterSquare(), 6)
        let second = try view.applyAsync(ClusterSquare(), 7, options: TaskOptions(after: [first]))
        #expect(try second.get(timeout: 10) == 49)

        // An engine joins over TCP: a process of this binary with --swarm-engine-connect.
        let joiner = Process()
        joiner.executableURL = URL(fileURLWithPath: WorkerProcess.executablePath)
        joiner.arguments = ["--swarm-engine-connect", path]
        try joiner.run()
        try client.waitForEngines(2, timeout: 30)
        #expect(client.engines.count == 2)
        let pids = Set(try client.directView().apply(ClusterPid(), 0))
        #expect(pids.contains(joiner.processIdentifier))
        // The state of a joined engine works as on a local one.
        let remoteID = try #require(client.engines.first { $0.pid == joiner.processIdentifier }?.id)
        try client[remoteID].push("v", [1.0, 2.0])
        #expect(try client[remoteID].execute(ClusterSum(name: "v")) == [3])

        // Cancel of a task running on a joined engine stops that engine.
        let running = try client[remoteID].applyAsync(ClusterSleep(seconds: 30), 0)
        usleep(200_000)
        running.cancel()
        #expect(throws: ClusterError.self) { try running.get(timeout: 5) }
        joiner.waitUntilExit()
        #expect(joiner.terminationStatus == 75)
        try client.waitForEngines(1, timeout: 5)
        #expect(try view.apply(ClusterSquare(), 3) == 9)
    }

    @Test("a wrong key is refused without harm; a disconnecting client does not hurt others; a dead controller fails results at once")
    func faults() throws {
        let path = temporaryFile()
        let server = try ClusterServer.start(engines: 1, connectionFile: path)
        var file = try ClusterConnectionFile.read(path)
        file.key = ClusterKey.random().hex
        let badPath = temporaryFile()
        try file.write(to: badPath)
        do {
            _ = try Cluster.connect(badPath)
            Issue.record("a wrong key was accepted")
        } catch let e as ClusterError {
            #expect(e.code == .authentication)
        }
        // Garbage on the socket: dropped, the server keeps serving.
        let fd = try TCPSocket.connect(host: file.host, port: file.port)
        let garbage: [UInt8] = [0xff, 0xff, 0xff, 0x7f, 1, 2, 3]
        _ = garbage.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        close(fd)

        let leaving = try Cluster.connect(path)
        _ = try leaving.loadBalancedView().applyAsync(ClusterSleep(seconds: 0.2), 0)
        leaving.shutdown()
        let staying = try Cluster.connect(path)
        #expect(try staying.loadBalancedView().apply(ClusterSquare(), 4) == 16)

        let pending = try staying.loadBalancedView().applyAsync(ClusterSleep(seconds: 30), 0)
        usleep(100_000)
        let start = Date()
        server.stop()
        do { _ = try pending.get(timeout: 10); Issue.record("finished after the controller died") } catch let e as ClusterError {
            #expect(e.code == .notRunning)
        }
        #expect(Date().timeIntervalSince(start) < 5)
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(throws: ClusterError.self) { try staying.loadBalancedView().apply(ClusterSquare(), 1) }
        try? FileManager.default.removeItem(atPath: badPath)
    }
}
