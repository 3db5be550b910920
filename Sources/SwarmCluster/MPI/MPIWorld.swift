#if MPI
#if canImport(Glibc)
import Glibc
#endif
import CSwarmMPI
import Synchronization
import SwarmCore

/// The MPI world this process runs in, as CSwarmMPI's constructor set it up:
/// under `mpirun -n N` (N ≥ 2) rank 0 is the client and controller and the
/// other ranks are engines (see ``MPIEngines`` and `swarm_mpi_engine_main`).
///
/// Messages between the controller (rank 0) and an engine rank travel on
/// MPI_COMM_WORLD with these tags: the engine's session data on a tag of its
/// epoch (so that a late frame of an ended session is never read by the
/// next one), and three control tags. Collectives run on a duplicate
/// communicator, one at a time (``collectiveLock``).
enum MPIWorld {
    /// Whether this process is a rank of a multi-rank MPI job that Swarm runs.
    static var isActive: Bool { cswarm_mpi_active() != 0 }
    /// This process's rank.
    static var rank: Int { Int(cswarm_mpi_rank()) }
    /// The number of ranks.
    static var size: Int { Int(cswarm_mpi_size()) }
    /// Whether this process is rank 0 of an active world: the client.
    static var isRoot: Bool { isActive && rank == 0 }
    /// The MPI library's own description of itself.
    static var libraryVersion: String { String(cString: cswarm_mpi_library_version()) }
    /// This rank's processor (host) name.
    static var processorName: String { String(cString: cswarm_mpi_processor_name()) }

    enum Tag {
        /// Rank 0 is exiting: engines finalize MPI and exit (sent by the C shim).
        static let finalize: Int32 = 1
        /// A new session: the body is an ``MPIBootstrap``.
        static let boot: Int32 = 2
        /// The session of the epoch in the body (`UInt64`) is over.
        static let close: Int32 = 3
        /// The frames of session `epoch`; `data + 1` marks the leading pieces of a
        /// message over 1 GiB (CSwarmMPI splits them).
        static func data(epoch: UInt64) -> Int32 { 16 + 2 * Int32(epoch % 8000) }
    }

    /// Session numbers, one per engine start (rank 0 only).
    static let epochs = Atomic<UInt64>(1)

    /// Held by rank 0 around each collective (its control tasks and its own
    /// MPI call), so that every rank meets the collectives in the same order.
    static let collectiveLock = Mutex<Void>(())

    /// Throws ``ClusterError`` `.connection` for a failed MPI call.
    static func check(_ code: Int32, _ what: @autoclosure () -> String) throws {
        guard code != 0 else { return }
        if code == CSWARM_MPI_CLOSED { throw WireError(.closed, "MPI is finalized") }
        throw ClusterError(.connection, "MPI \(what()) failed: \(String(cString: cswarm_mpi_error_string(code)))")
    }

    static func send(_ bytes: [UInt8], to rank: Int, tag: Int32) throws {
        let code = bytes.withUnsafeBytes { cswarm_mpi_send(Int32(rank), tag, $0.baseAddress, $0.count) }
        try check(code, "send of \(bytes.count) bytes to rank \(rank)")
    }

    /// A message waiting to be received.
    struct Pending {
        var source: Int
        var tag: Int32
        var count: Int
    }

    /// Probes once for a message from `source` (any tag).
    static func probe(source: Int) throws -> Pending? {
        var found: Int32 = 0, from: Int32 = 0, tag: Int32 = 0, count = 0
        try check(cswarm_mpi_iprobe(Int32(source), -1, &found, &from, &tag, &count), "probe")
        return found != 0 ? Pending(source: Int(from), tag: tag, count: count) : nil
    }

    /// Receives the message `pending` describes.
    static func receive(_ pending: Pending) throws -> [UInt8] {
        try [UInt8](unsafeUninitializedCapacity: pending.count) { buffer, initialized in
            try check(cswarm_mpi_recv(Int32(pending.source), pending.tag, buffer.baseAddress, pending.count),
                      "receive of \(pending.count) bytes from rank \(pending.source)")
            initialized = pending.count
        }
    }

    /// Waits for a message from `source`, polling (MPI has no way to sleep
    /// until a message comes): first for `spinNanoseconds` with yields, then
    /// with sleeps that grow to `maxSleepMicroseconds`, so that an idle rank
    /// costs little CPU on an oversubscribed machine.
    ///
    /// - Returns: the message, or nil if `deadline` passed or `stop` said so.
    static func wait(from source: Int, deadline: MonotonicInstant?, spinNanoseconds: UInt64,
                     maxSleepMicroseconds: UInt32 = 200, stop: () -> Bool) throws -> Pending? {
        let spinUntil = MonotonicInstant.now.nanoseconds &+ spinNanoseconds
        var sleep: UInt32 = 5
        var turns = 0
        while true {
            if let pending = try probe(source: source) { return pending }
            if stop() { return nil }
            if let deadline, !(MonotonicInstant.now < deadline) { return nil }
            turns += 1
            if MonotonicInstant.now.nanoseconds < spinUntil {
                if turns & 7 == 0 { sched_yield() }
            } else {
                usleep(sleep)
                sleep = min(sleep * 2, maxSleepMicroseconds)
            }
        }
    }
}

/// What an engine rank learns when rank 0 starts a session with it.
struct MPIBootstrap: Codable {
    var epoch: UInt64
    var local: LocalBootstrap
}
#endif
