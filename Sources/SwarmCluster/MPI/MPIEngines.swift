#if MPI
#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Logging
import Synchronization
import SwarmCore
import SwarmScheduler

/// Rank 0's launcher under `mpirun`: every other rank of the world is an
/// engine of the cluster, reached by MPI messages instead of a socket.
///
/// MPI cannot replace a rank, so each rank runs its engine in a process of
/// its own (``MPIEngineRelay``): an engine that must be stopped (a running
/// task cancelled or past its timeout) or that crashes ends its session (its
/// task fails or is retried, its queue goes back to the controller) and the
/// rank joins again as a new engine with a new process.
final class MPIEngines: Sendable {
    private let controller: Controller
    private let capacity: Resources
    private let state = Mutex(State())
    private let logger = Logger(label: "swarm.cluster.mpi")

    private struct State {
        var stopped = false
        /// Engine id → rank, for the live engines.
        var rankOfEngine: [Int: Int] = [:]
        /// Each rank's current session.
        var sessions: [Int: MPITransport] = [:]
    }

    init(controller: Controller, capacity: Resources) {
        self.controller = controller
        self.capacity = capacity
        controller.onEngineLost { [weak self] link, _, reason in self?.engineLost(link, reason: reason) }
        controller.mpi.withLock { $0 = self }
        MPIEngines.live.withLock { $0.append(WeakController(controller: controller)) }
    }

    /// Starts a session with every engine rank and waits until each has joined.
    ///
    /// - Throws: ``ClusterError`` `.spawnFailed` if a rank does not answer in time.
    func start(timeout: Double) throws {
        // Boot every rank first, then shake hands: they start in parallel.
        let booted = try (1..<MPIWorld.size).map { try boot(rank: $0) }
        for (rank, transport, session) in booted {
            try handshake(rank: rank, transport: transport, session: session, deadline: .after(seconds: timeout))
        }
    }

    /// Ends every session; ranks go back to waiting (they exit when rank 0 does).
    func stop() {
        let sessions = state.withLock { s -> [MPITransport] in
            s.stopped = true
            return Array(s.sessions.values)
        }
        for session in sessions { session.shutdownSocket() }
        controller.mpi.withLock { $0 = nil }
    }

    /// The ranks of `engines`, in their order, when they are exactly the
    /// world's engine ranks (a collective needs every rank); nil otherwise.
    func ranks(of engines: [Int]) -> [Int]? {
        state.withLock { s in
            let ranks = engines.compactMap { s.rankOfEngine[$0] }
            guard ranks.count == engines.count, ranks.count == MPIWorld.size - 1,
                  Set(ranks).count == ranks.count else { return nil }
            return ranks
        }
    }

    private func boot(rank: Int) throws -> (Int, MPITransport, [UInt8]) {
        let epoch = MPIWorld.epochs.wrappingAdd(1, ordering: .relaxed).oldValue
        let session = Array(ClusterKey.random().bytes.prefix(16))
        let bootstrap = MPIBootstrap(epoch: epoch, local: LocalBootstrap(session: session, key: controller.key.bytes,
                                                                         capacity: capacity))
        do {
            try MPIWorld.send(try BinaryEncoder().encode(bootstrap), to: rank, tag: MPIWorld.Tag.boot)
        } catch {
            throw ClusterError(.spawnFailed, "could not start a session with MPI rank \(rank): \(error)")
        }
        let transport = MPITransport(peer: rank, epoch: epoch, isEngineSide: false)
        state.withLock { $0.sessions[rank] = transport }
        return (rank, transport, session)
    }

    private func handshake(rank: Int, transport: MPITransport, session: [UInt8], deadline: MonotonicInstant?) throws {
        let channel = SecureChannel(connection: transport, key: controller.key, session: session, isAcceptor: true)
        let hello: EngineHello
        do {
            guard let message = try channel.receive(deadline: deadline),
                  message.kind == ClusterMessage.hello
            else { throw ClusterError(.spawnFailed, "no hello in time") }
            hello = try BinaryDecoder().decode(EngineHello.self, from: message.bytes, startingAt: message.payloadOffset)
        } catch {
            transport.shutdownSocket()
            throw ClusterError(.spawnFailed, "MPI rank \(rank) did not join: \(error)")
        }
        let link = EngineLink(id: controller.nextEngineID(), channel: channel, hello: hello, process: nil)
        state.withLock { $0.rankOfEngine[link.id] = rank }
        do {
            try controller.admit(link)
        } catch {
            transport.shutdownSocket()
            throw error
        }
    }

    private func engineLost(_ link: EngineLink, reason: KillReason?) {
        guard let rank = state.withLock({ $0.rankOfEngine.removeValue(forKey: link.id) }) else { return }
        guard reason != .shutdown, !state.withLock({ $0.stopped }) else { return }
        logger.info("engine \(link.id) (MPI rank \(rank)) left its session; the rank joins again with a new engine process")
        let thread = Thread { [self] in
            do {
                let (_, transport, session) = try boot(rank: rank)
                // No deadline: the rank answers when the task it is running returns.
                try handshake(rank: rank, transport: transport, session: session, deadline: nil)
            } catch {
                logger.debug("MPI rank \(rank) did not rejoin: \(error)")
            }
        }
        thread.stackSize = 256 << 10
        thread.start()
    }

    // MARK: Process exit

    private struct WeakController: @unchecked Sendable {
        // @unchecked: a weak reference to a Sendable class, read under `live`'s lock.
        weak var controller: Controller?
    }

    /// The controllers of MPI clusters in this process, for the exit hook.
    private static let live = Mutex<[WeakController]>([])

    /// Shuts every MPI cluster down (rank 0's exit, before MPI_Finalize).
    static func shutDownAll() {
        let controllers = live.withLock { list -> [Controller] in
            defer { list.removeAll() }
            return list.compactMap(\.controller)
        }
        for controller in controllers {
            let engines = controller.mpi.withLock { $0 }
            engines?.stop()
            controller.shutdown()
        }
    }
}

/// Rank 0's exit hook, called by CSwarmMPI before it finalizes MPI.
@_cdecl("swarm_mpi_root_exit")
public func _swarmMPIRootExit() {
    MPIEngines.shutDownAll()
}

/// The main loop of an engine rank (every rank but 0 under `mpirun`), called
/// by CSwarmMPI's constructor before `main`: waits for rank 0 to start a
/// session, runs tasks until it ends, and waits again; returns when rank 0
/// finalizes MPI (the C side then finalizes and exits).
@_cdecl("swarm_mpi_engine_main")
public func _swarmMPIEngineMain() {
    signal(SIGPIPE, SIG_IGN)
    let host = MPIWorld.processorName
    while true {
        guard let pending = try? MPIWorld.wait(from: 0, deadline: nil, spinNanoseconds: 0,
                                               maxSleepMicroseconds: 1000, stop: { false }),
              let body = try? MPIWorld.receive(pending)
        else { return }
        switch pending.tag {
        case MPIWorld.Tag.finalize:
            return
        case MPIWorld.Tag.boot:
            guard let boot = try? BinaryDecoder().decode(MPIBootstrap.self, from: body) else { continue }
            // The engine runs in a process of its own, so that its crash ends
            // only this session (see MPIEngineRelay); in the rank itself only
            // if that process cannot be started.
            if ProcessInfo.processInfo.environment["SWARM_MPI_ENGINE_PROCESS"] != "0", let relay = MPIEngineRelay(boot: boot) {
                relay.run()
                continue
            }
            // Each session is a new engine: it starts with an empty namespace.
            EngineNamespace.current.withLock { $0 = EngineNamespace() }
            let transport = MPITransport(peer: 0, epoch: boot.epoch, isEngineSide: true)
            let channel = SecureChannel(connection: transport, key: ClusterKey(bytes: boot.local.key),
                                        session: boot.local.session, isAcceptor: false)
            let hello = EngineHello(pid: getpid(), host: host, capacity: boot.local.capacity)
            try? EngineLoop(channel: channel, hello: hello).run()
        default:
            continue  // a close for an ended session, or one of its late frames
        }
    }
}
#endif
