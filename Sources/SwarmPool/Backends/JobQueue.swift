import SwarmCore
import Synchronization

/// The pool's FIFO of jobs waiting for a worker, shared by all of a backend's threads.
///
/// `take` blocks while the queue is empty and open; after `close()` the
/// remaining jobs are still handed out and then `take` returns nothing, which
/// tells each worker thread to finish; `drain()` removes the jobs instead
/// (terminate). Jobs that a crashed worker had not started go back to the front.
final class JobQueue: Sendable {
    struct State {
        var jobs: [PoolJob] = []
        var head = 0
        var isClosed = false
        var count: Int { jobs.count - head }
    }

    private let state = ConditionLock(State())
    /// Mirrors `state.count` (and -1 once closed) so that an idle worker can
    /// spin on it without the lock; updated under the lock.
    private let available = Atomic<Int>(0)
    /// At most one idle worker spins; the others sleep at once.
    private let spinners = Atomic<Int>(0)
    /// The CPU the last job was submitted from. A worker spinning on that same
    /// CPU only steals time from the submitter: it moves to another core.
    private let submitterCPU = Atomic<Int>(-1)
    /// Workers inside `take` and not asleep: spinning for work or about to
    /// take it. While one is, a new job needs no wake-up: that worker will
    /// find it (and wakes the next one itself if it leaves jobs behind).
    private let lookers = Atomic<Int>(0)

    /// Wakes a sleeping worker unless one is already looking for work: waking
    /// a second would only make two threads fight for a core.
    private func wakeIfNeeded() {
        if lookers.load(ordering: .acquiring) == 0 { state.signal() }
    }

    private func publish(_ s: State) {
        available.store(s.isClosed ? -1 : s.count, ordering: .releasing)
    }

    /// Adds a job at the back.
    /// - Returns: false if the queue is closed (the job was not added).
    func put(_ job: PoolJob) -> Bool {
        submitterCPU.store(SpinWait.currentCPU, ordering: .relaxed)
        let ok = state.withLock { s -> Bool in
            guard !s.isClosed else { return false }
            s.jobs.append(job)
            publish(s)
            return true
        }
        if ok { wakeIfNeeded() }
        return ok
    }

    /// Adds jobs at the back, all or none.
    /// - Returns: false if the queue is closed.
    func put(_ jobs: [PoolJob]) -> Bool {
        let ok = state.withLock { s -> Bool in
            guard !s.isClosed else { return false }
            s.jobs.append(contentsOf: jobs)
            publish(s)
            return true
        }
        if ok { wakeIfNeeded() }
        return ok
    }

    /// Puts jobs back at the front, in order, even if the queue is closed
    /// (they were accepted before the close).
    func putFront(_ jobs: [PoolJob]) {
        guard !jobs.isEmpty else { return }
        state.withLock { s in
            s.jobs.replaceSubrange(0..<s.head, with: [])
            s.head = 0
            s.jobs.insert(contentsOf: jobs, at: 0)
            publish(s)
        }
        state.broadcast()
    }

    /// Takes up to `maximum` jobs, blocking while the queue is empty and open,
    /// and stopping once the jobs taken carry `byteBudget` bytes of payload.
    /// With `consumers` threads taking from the queue, a batch is at most a
    /// quarter of each one's share of what is queued, so that a few long jobs
    /// are not batched onto one worker while the others idle.
    ///
    /// - Returns: at least one job, or an empty array once the queue is closed and empty.
    func take(maximum: Int = 1, byteBudget: Int = .max, consumers: Int = 1) -> [PoolJob] {
        lookers.add(1, ordering: .acquiringAndReleasing)
        if available.load(ordering: .acquiring) == 0,
           spinners.compareExchange(expected: 0, desired: 1, ordering: .acquiringAndReleasing).exchanged {
            var turns = 0
            var moved = false
            _ = SpinWait.spin {
                turns += 1
                if !moved, turns & 255 == 0, SpinWait.currentCPU == submitterCPU.load(ordering: .relaxed) {
                    // Sharing the submitter's core: move to another one and
                    // spin there (or, if there is none, stop spinning).
                    moved = true
                    if !SpinWait.moveOffCurrentCPU() { return true }
                }
                return available.load(ordering: .acquiring) != 0
            }
            spinners.store(0, ordering: .releasing)
        }
        // About to sleep (if the queue is still empty): no longer looking.
        lookers.subtract(1, ordering: .acquiringAndReleasing)
        return state.wait(until: { $0.count > 0 || $0.isClosed }) { s, _ in
            var taken: [PoolJob] = []
            var bytes = 0
            let share = max(1, min(maximum, s.count / (4 * max(consumers, 1))))
            while s.count > 0 && taken.count < share && (taken.isEmpty || bytes < byteBudget) {
                let job = s.jobs[s.head]
                s.head += 1
                bytes += job.remote?.payload.count ?? 0
                taken.append(job)
            }
            if s.count > 0 { state.signal() }  // more work: pass the wake-up on
            if s.head > 1024 && s.head * 2 > s.jobs.count {
                s.jobs.removeSubrange(0..<s.head)
                s.head = 0
            } else if s.count == 0 {
                s.jobs.removeAll(keepingCapacity: true)
                s.head = 0
            }
            publish(s)
            return taken
        }
    }

    /// Stops accepting jobs; those queued are still handed out.
    func close() {
        state.withLock { s in
            s.isClosed = true
            publish(s)
        }
        state.broadcast()
    }

    /// Closes the queue and removes every queued job, returning them.
    func drain() -> [PoolJob] {
        let jobs = state.withLock { s -> [PoolJob] in
            s.isClosed = true
            defer { s.jobs.removeAll(); s.head = 0; publish(s) }
            return Array(s.jobs[s.head...])
        }
        state.broadcast()
        return jobs
    }

    /// The number of jobs waiting.
    var count: Int { state.withLock { $0.count } }
}
