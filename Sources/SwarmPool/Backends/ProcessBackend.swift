#if canImport(Glibc)
import Glibc
#endif
import Foundation
import SwarmCore

/// Runs jobs in worker processes: this same executable, re-launched in worker
/// mode (see `WorkerProcess`), one per slot.
///
/// Each slot has a thread that owns its worker: it takes a batch of jobs,
/// writes their call frames in one go, and reads the replies, which come back
/// in order. Batching small jobs keeps the socket busy without giving up
/// crash isolation: the worker runs calls one at a time, so when it dies the
/// first unanswered job is the one that was running; it fails with an error
/// naming the worker and the signal, the rest go back to the queue, and a
/// fresh worker takes the slot. No job is lost or run twice.
///
/// A blocking `apply` skips the queue when a worker is idle: the calling
/// thread writes the call and reads the answer itself (`callDirect`), which
/// saves two thread hand-offs on the latency path.
final class ProcessBackend: PoolBackend {
    struct State {
        var liveSlots = 0
        var isTerminating = false
    }

    /// The initializer as it crosses to a worker: type name and encoded value.
    struct Initializer: Sendable {
        var typeName: String
        var payload: [UInt8]
    }

    let queue = JobQueue()
    let state = ConditionLock(State())
    let slots: [WorkerSlot]
    let initializer: Initializer?
    let maxTasksPerChild: Int?
    let taskTimeLimit: Double?

    /// Small jobs are batched up to this many per write...
    private static let batchLimit = 64
    /// ...and this many payload bytes, well under a socket's buffer, so that a
    /// batch is written completely before the slot starts reading replies.
    private static let batchBytes = 32 << 10

    init(count: Int, initializer: Initializer?, maxTasksPerChild: Int?, taskTimeLimit: Double?) throws(PoolError) {
        self.initializer = initializer
        self.maxTasksPerChild = maxTasksPerChild
        self.taskTimeLimit = taskTimeLimit
        // Start every worker before returning, so that a failure to start one is
        // thrown here and the workers already started are ended (CPython's
        // test_release_unused_processes).
        var started: [WorkerProcess] = []
        do {
            for _ in 0..<count {
                started.append(try Self.startWorker(slot: started.count, initializer: initializer))
            }
        } catch {
            for worker in started { worker.terminate(grace: 0.5) }
            throw error
        }
        slots = started.enumerated().map { WorkerSlot(index: $0, worker: $1) }
        state.withLock { $0.liveSlots = count }
        for slot in slots {
            let thread = Thread { [self] in
                CurrentThreadName.set("swarm-slot-\(slot.index)")  // from inside: corelibs drops a name set before start
                self.runSlot(slot)
            }
            thread.start()
        }
    }

    /// Spawns a worker and runs the initializer in it.
    static func startWorker(slot: Int, initializer: Initializer?) throws(PoolError) -> WorkerProcess {
        let worker: WorkerProcess
        do {
            worker = try WorkerProcess.spawn()
        } catch {
            throw PoolError(.spawnFailed, "could not start worker \(slot): \(error.message)", workerID: slot)
        }
        guard let initializer else { return worker }
        var frame: [UInt8] = []
        Self.appendCall(id: 0, typeName: initializer.typeName, payload: initializer.payload, to: &frame)
        do {
            try worker.connection.sendRaw(frame)
            guard let reply = try worker.connection.receive(), reply.kind == WorkerMessage.result || reply.kind == WorkerMessage.failure else {
                throw WireError(.malformed, "unexpected reply to the initializer")
            }
            if reply.kind == WorkerMessage.failure {
                let failure = try? BinaryDecoder().decode(RemoteFailure.self, from: reply.body, startingAt: 8)
                worker.terminate(grace: 0.5)
                throw PoolError(.initializerFailed,
                                "the worker initializer threw in worker \(slot) (pid \(worker.pid)): \(failure?.description ?? "unknown error")",
                                workerID: slot, pid: worker.pid, remote: failure)
            }
        } catch let error as PoolError {
            throw error
        } catch {
            let exit = worker.terminate(grace: 0.5)
            throw PoolError(.initializerFailed, "worker \(slot) (pid \(worker.pid)) died in its initializer: \(exit)",
                            workerID: slot, pid: worker.pid, exit: exit)
        }
        return worker
    }

    static func appendCall(id: UInt64, typeName: String, payload: [UInt8], to buffer: inout [UInt8]) {
        // Built in place: length, kind, call id, the type name in the wire
        // format's string form (varint length, UTF-8), then the payload.
        let start = buffer.count
        buffer.reserveCapacity(start + payload.count + typeName.utf8.count + 24)
        buffer.append(contentsOf: [0, 0, 0, 0, WorkerMessage.call])
        withUnsafeBytes(of: id.littleEndian) { buffer.append(contentsOf: $0) }
        var n = UInt64(typeName.utf8.count)
        while n >= 0x80 { buffer.append(UInt8(truncatingIfNeeded: n) | 0x80); n >>= 7 }
        buffer.append(UInt8(n))
        buffer.append(contentsOf: typeName.utf8)
        buffer.append(contentsOf: payload)
        let length = UInt32(truncatingIfNeeded: buffer.count - start - 4)
        withUnsafeBytes(of: length.littleEndian) { raw in
            for i in 0..<4 { buffer[start + i] = raw[i] }
        }
    }

    var isTerminating: Bool { state.withLock { $0.isTerminating } }

    /// A slot's thread: keeps one worker alive and feeds it jobs until the
    /// queue closes or the pool is terminated.
    private func runSlot(_ slot: WorkerSlot) {
        var tasksDone = 0
        defer {
            state.withLock { $0.liveSlots -= 1 }
            state.broadcast()
        }
        while true {
            if slot.worker == nil {
                if isTerminating { return }
                _ = slot.acquire()
                defer { slot.release() }
                if slot.worker == nil {
                    do {
                        slot.install(try Self.startWorker(slot: slot.index, initializer: initializer))
                        tasksDone = 0
                    } catch {
                        // Without a worker this slot cannot run jobs; fail one so that
                        // callers hear of it instead of waiting, then try again.
                        guard let job = queue.take().first else { return }
                        job.fail(error)
                        usleep(100_000)
                        continue
                    }
                }
            }
            let allowance = maxTasksPerChild.map { $0 - tasksDone } ?? Self.batchLimit
            let jobs = queue.take(maximum: min(Self.batchLimit, allowance), byteBudget: Self.batchBytes,
                                  consumers: slots.count)
            // A direct call may hold the worker for a moment: wait for it.
            let worker = slot.acquire()
            defer { slot.release() }
            guard let worker else {
                queue.putFront(jobs)  // it died in a direct call; start a new one first
                continue
            }
            if jobs.isEmpty {
                // Closed and drained: let the worker exit cleanly.
                retire(worker, slot: slot)
                return
            }
            let answered = runBatch(jobs, on: worker, slot: slot)
            tasksDone += answered
            if answered == jobs.count, let limit = maxTasksPerChild, tasksDone >= limit {
                retire(worker, slot: slot)
            }
        }
    }

    /// Sends a batch and reads its replies. Returns how many jobs were answered;
    /// fewer than `jobs.count` means the worker is gone.
    private func runBatch(_ jobs: [PoolJob], on worker: WorkerProcess, slot: WorkerSlot) -> Int {
        var frames: [UInt8] = []
        for (index, job) in jobs.enumerated() {
            guard let remote = job.remote else { continue }
            Self.appendCall(id: UInt64(index), typeName: remote.typeName, payload: remote.payload, to: &frames)
        }
        do {
            try worker.connection.sendRaw(frames)
        } catch {
            // The worker died before reading: its first job may have started.
            workerLost(worker, slot: slot, jobs: jobs, at: 0, timedOut: false)
            return 0
        }
        var index = 0
        var started = MonotonicInstant.now
        while index < jobs.count {
            let deadline = taskTimeLimit.map { started.advanced(bySeconds: $0) }
            let frame: Frame
            do {
                guard let received = try worker.connection.receive(deadline: deadline) else {
                    workerLost(worker, slot: slot, jobs: jobs, at: index, timedOut: true)
                    return index
                }
                frame = received
            } catch {
                workerLost(worker, slot: slot, jobs: jobs, at: index, timedOut: false)
                return index
            }
            deliver(frame, to: jobs[index], expectedID: UInt64(index), worker: worker, slot: slot)
            index += 1
            started = .now
        }
        return index
    }

    private func deliver(_ frame: Frame, to job: PoolJob, expectedID: UInt64, worker: WorkerProcess, slot: WorkerSlot) {
        job.remote?.complete(Self.readReply(frame, expectedID: expectedID, worker: worker, slot: slot.index))
    }

    /// Reads a reply frame for call `expectedID`.
    static func readReply(_ frame: Frame, expectedID: UInt64, worker: WorkerProcess, slot: Int) -> RemoteAnswer {
        var id: UInt64 = .max
        if frame.body.count >= 8 {
            id = frame.body.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        }
        guard id == expectedID else {
            return .error(PoolError(.workerCrashed, "worker \(slot) (pid \(worker.pid)) answered call \(id), expected \(expectedID)",
                                    workerID: slot, pid: worker.pid))
        }
        switch frame.kind {
        case WorkerMessage.result:
            return .reply(RemoteReply(bytes: frame.body, offset: 8))
        case WorkerMessage.failure:
            return .failure((try? BinaryDecoder().decode(RemoteFailure.self, from: frame.body, startingAt: 8))
                ?? RemoteFailure(WireError(.malformed, "undecodable failure report"), kind: .thrown, pid: worker.pid))
        default:
            return .error(PoolError(.workerCrashed, "worker \(slot) (pid \(worker.pid)) sent frame kind \(frame.kind)",
                                    workerID: slot, pid: worker.pid))
        }
    }

    /// The worker died (or overran its time limit and is killed here): the job
    /// it was running fails with the reason, the batch's later jobs go back to
    /// the front of the queue (they never started), and the worker is reaped.
    private func workerLost(_ worker: WorkerProcess, slot: WorkerSlot, jobs: [PoolJob], at index: Int, timedOut: Bool) {
        jobs[index].fail(bury(worker, slot: slot, timedOut: timedOut))
        let rest = Array(jobs[(index + 1)...])
        if isTerminating {
            for job in rest { job.fail(PoolError(.terminated, "the pool was terminated before the task ran")) }
        } else {
            queue.putFront(rest)
        }
    }

    /// Reaps a worker that died (killing it first if it overran its time
    /// limit), empties its slot, and returns the error for the task it ran.
    /// Call while holding the slot.
    func bury(_ worker: WorkerProcess, slot: WorkerSlot, timedOut: Bool) -> PoolError {
        if timedOut { worker.kill(signal: SIGKILL) }
        let exit = worker.reap(timeout: 2) ?? worker.terminate(grace: 0)
        slot.install(nil)
        let id = slot.index
        if isTerminating {
            return PoolError(.terminated, "the pool was terminated while the task ran in worker \(id) (pid \(worker.pid))",
                             workerID: id, pid: worker.pid, exit: exit)
        } else if timedOut {
            return PoolError(.timeLimitExceeded,
                             "the task ran longer than \(taskTimeLimit ?? 0) s; worker \(id) (pid \(worker.pid)) was killed",
                             workerID: id, pid: worker.pid, exit: exit)
        } else {
            return PoolError(.workerCrashed, "worker \(id) (pid \(worker.pid)) \(exit) while running the task",
                             workerID: id, pid: worker.pid, exit: exit)
        }
    }

    /// Asks a worker to exit and reaps it (killing it if it does not go).
    /// Call while holding the slot.
    private func retire(_ worker: WorkerProcess, slot: WorkerSlot) {
        try? worker.connection.send(kind: WorkerMessage.shutdown, body: [])
        if worker.reap(timeout: 2) == nil { worker.terminate(grace: 1) }
        slot.install(nil)
    }

    func submit(_ jobs: [PoolJob]) -> Bool { queue.put(jobs) }

    func submit(_ job: PoolJob) -> Bool { queue.put(job) }

    func close() { queue.close() }

    func terminate() {
        state.withLock { $0.isTerminating = true }
        let workers = slots.compactMap(\.worker)
        for job in queue.drain() {
            job.fail(PoolError(.terminated, "the pool was terminated before the task ran"))
        }
        // Busy workers get SIGTERM, then SIGKILL after a grace period; their slot
        // threads see the end of stream, fail the running job and stop.
        for worker in workers { worker.kill(signal: SIGTERM) }
        let deadline = MonotonicInstant.after(seconds: 1)
        let done = state.wait(until: { $0.liveSlots == 0 }, deadline: deadline) { _, done in done }
        if !done {
            for worker in workers { worker.kill(signal: SIGKILL) }
        }
    }

    func join() {
        state.wait(until: { $0.liveSlots == 0 }) { _, _ in }
    }

    var workerIdentifiers: [Int] {
        slots.compactMap { $0.worker.map { Int($0.pid) } }.sorted()
    }
}
