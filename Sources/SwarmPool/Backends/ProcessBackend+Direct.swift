#if canImport(Glibc)
import Glibc
#endif
import SwarmCore

extension ProcessBackend {
    /// Runs one call on an idle worker from the calling thread, bypassing the
    /// queue and the slot's thread: the caller writes the call, polls the
    /// socket briefly, then blocks on it. This is the latency path of a
    /// blocking `apply`; it keeps every guarantee of the queued path (time
    /// limit, crash report, replacement of a dead worker).
    ///
    /// - Returns: the worker's answer, or nil when no worker is idle, work is
    ///   queued, or the pool retires workers after a number of tasks (then the
    ///   call goes through the queue as usual).
    func callDirect(typeName: String, payload: [UInt8]) -> RemoteAnswer? {
        guard maxTasksPerChild == nil, queue.count == 0, !isTerminating else { return nil }
        for slot in slots {
            guard let worker = slot.tryAcquire() else { continue }
            defer { slot.release() }
            var frame: [UInt8] = []
            Self.appendCall(id: 0, typeName: typeName, payload: payload, to: &frame)
            do {
                try worker.connection.sendRaw(frame)
                let deadline = taskTimeLimit.map { MonotonicInstant.after(seconds: $0) }
                guard let reply = try worker.connection.receive(deadline: deadline, spinNanoseconds: SpinWait.budgetNanoseconds) else {
                    return .error(replace(worker, slot: slot, timedOut: true))
                }
                return Self.readReply(reply, expectedID: 0, worker: worker, slot: slot.index)
            } catch {
                return .error(replace(worker, slot: slot, timedOut: false))
            }
        }
        return nil
    }

    /// Buries a worker that died in a direct call and starts its replacement
    /// at once, so that the pool is whole again when the caller hears of it.
    private func replace(_ worker: WorkerProcess, slot: WorkerSlot, timedOut: Bool) -> PoolError {
        let error = bury(worker, slot: slot, timedOut: timedOut)
        if !isTerminating, let fresh = try? Self.startWorker(slot: slot.index, initializer: initializer) {
            slot.install(fresh)
        }
        return error
    }
}
