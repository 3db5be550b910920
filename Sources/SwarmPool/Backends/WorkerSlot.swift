import SwarmCore

/// One worker process of a process pool, and who is using it now: the slot's
/// own thread (running a batch from the queue) or a caller making a direct
/// call (see `ProcessBackend.callDirect`). Whoever holds the slot owns the
/// worker's socket; the other waits.
final class WorkerSlot: Sendable {
    struct State {
        var worker: WorkerProcess?
        var inUse = false
    }

    /// The slot's number, used in error messages as the worker id.
    let index: Int
    private let state = ConditionLock(State())

    init(index: Int, worker: WorkerProcess?) {
        self.index = index
        state.withLock { $0.worker = worker }
    }

    /// The current worker, if any (nil between a death and its replacement).
    var worker: WorkerProcess? { state.withLock { $0.worker } }

    /// Puts `worker` in the slot (nil after a death). Call while holding the slot.
    func install(_ worker: WorkerProcess?) {
        state.withLock { $0.worker = worker }
    }

    /// Waits until no one else holds the slot, takes it, and returns its worker.
    func acquire() -> WorkerProcess? {
        state.wait(until: { !$0.inUse }) { s, _ in
            s.inUse = true
            return s.worker
        }
    }

    /// Takes the slot only if it is free and has a worker.
    func tryAcquire() -> WorkerProcess? {
        state.withLock { s in
            guard !s.inUse, let worker = s.worker else { return nil }
            s.inUse = true
            return worker
        }
    }

    /// Gives the slot back.
    func release() {
        state.withLock { $0.inUse = false }
        state.broadcast()
    }
}
