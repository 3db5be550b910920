import Foundation
import Logging
import Synchronization
import SwarmCore
import SwarmScheduler

/// Starts engine processes on this machine (this same executable with
/// `--swarm-engine`) and replaces those that die, so that a crash or an
/// out-of-memory kill costs one task, not an engine.
final class LocalEngines: Sendable {
    private let controller: Controller
    private let capacity: Resources
    private let autoRestart: Bool
    private let state = Mutex(State())
    private let logger = Logger(label: "swarm.cluster.launcher")

    private struct State {
        var stopped = false
        var recentRestarts: [MonotonicInstant] = []
    }

    init(controller: Controller, capacity: Resources, autoRestart: Bool) {
        self.controller = controller
        self.capacity = capacity
        self.autoRestart = autoRestart
        controller.onEngineLost { [weak self] link, exit, reason in
            self?.engineLost(link, exit: exit, reason: reason)
        }
    }

    /// Starts `count` engines and waits until each has joined.
    ///
    /// - Throws: ``ClusterError`` `.spawnFailed` if one cannot start.
    func start(_ count: Int, timeout: Double) throws {
        // Spawn all first, then shake hands: the processes start in parallel.
        var spawned: [(WorkerProcess, [UInt8])] = []
        for _ in 0..<count { spawned.append(try spawn()) }
        for (process, session) in spawned { try handshake(process, session: session, timeout: timeout) }
    }

    /// Starts one more engine.
    func add(timeout: Double = 30) throws {
        let (process, session) = try spawn()
        try handshake(process, session: session, timeout: timeout)
    }

    func stop() { state.withLock { $0.stopped = true } }

    private func spawn() throws -> (WorkerProcess, [UInt8]) {
        let process: WorkerProcess
        do {
            process = try WorkerProcess.spawn(mode: "--swarm-engine")
        } catch {
            throw ClusterError(.spawnFailed, "could not start an engine process: \(error)")
        }
        let session = ClusterKey.random().bytes.prefix(16).map { $0 }
        let bootstrap = LocalBootstrap(session: session, key: controller.key.bytes, capacity: capacity)
        do {
            try process.connection.send(kind: ClusterMessage.sessionStart, body: BinaryEncoder().encode(bootstrap))
        } catch {
            _ = process.terminate(grace: 0)
            throw ClusterError(.spawnFailed, "engine process \(process.pid) did not take its bootstrap: \(error)")
        }
        return (process, session)
    }

    private func handshake(_ process: WorkerProcess, session: [UInt8], timeout: Double) throws {
        let channel = SecureChannel(connection: process.connection, key: controller.key, session: session, isAcceptor: true)
        let hello: EngineHello
        do {
            guard let message = try channel.receive(deadline: .after(seconds: timeout)),
                  message.kind == ClusterMessage.hello
            else { throw ClusterError(.spawnFailed, "no hello within \(timeout) s") }
            hello = try BinaryDecoder().decode(EngineHello.self, from: message.bytes, startingAt: message.payloadOffset)
        } catch {
            let exit = process.terminate(grace: 0)
            throw ClusterError(.spawnFailed, "engine process \(process.pid) failed to start (\(exit)): \(error)", exit: exit)
        }
        let link = EngineLink(id: controller.nextEngineID(), channel: channel, hello: hello, process: process)
        do {
            try controller.admit(link)
        } catch {
            _ = process.terminate(grace: 0)
            throw error
        }
    }

    private func engineLost(_ link: EngineLink, exit: WorkerExit?, reason: KillReason?) {
        guard link.process != nil, reason != .shutdown else { return }
        let delay: Double? = state.withLock { s in
            guard !s.stopped, autoRestart else { return nil }
            let now = MonotonicInstant.now
            s.recentRestarts = s.recentRestarts.filter { now.seconds(since: $0) < 10 } + [now]
            // A crash loop (the binary cannot run an engine at all) backs off.
            return s.recentRestarts.count > 20 ? 1.0 : 0
        }
        guard let delay else { return }
        logger.warning("engine \(link.id) (pid \(link.hello.pid)) \(exit.map { "\($0)" } ?? "left"); starting a replacement")
        let thread = Thread { [self] in
            if delay > 0 { usleep(UInt32(delay * 1_000_000)) }
            guard !state.withLock({ $0.stopped }) else { return }
            do { try add() } catch { logger.error("could not replace engine \(link.id): \(error)") }
        }
        thread.stackSize = 256 << 10
        thread.start()
    }
}
