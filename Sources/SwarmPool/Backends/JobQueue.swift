import SwarmCore

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

    /// Adds a job at the back.
    /// - Returns: false if the queue is closed (the job was not added).
    func put(_ job: PoolJob) -> Bool {
        put([job])
    }

    /// Adds jobs at the back, all or none.
    /// - Returns: false if the queue is closed.
    func put(_ jobs: [PoolJob]) -> Bool {
        let ok = state.withLock { s -> Bool in
            guard !s.isClosed else { return false }
            s.jobs.append(contentsOf: jobs)
            return true
        }
        if ok { jobs.count == 1 ? state.signal() : state.broadcast() }
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
        }
        state.broadcast()
    }

    /// Takes up to `maximum` jobs, blocking while the queue is empty and open,
    /// and stopping once the jobs taken carry `byteBudget` bytes of payload.
    ///
    /// - Returns: at least one job, or an empty array once the queue is closed and empty.
    func take(maximum: Int = 1, byteBudget: Int = .max) -> [PoolJob] {
        state.wait(until: { $0.count > 0 || $0.isClosed }) { s, _ in
            var taken: [PoolJob] = []
            var bytes = 0
            while s.count > 0 && taken.count < maximum && (taken.isEmpty || bytes < byteBudget) {
                let job = s.jobs[s.head]
                s.head += 1
                bytes += job.remote?.payload.count ?? 0
                taken.append(job)
            }
            if s.head > 1024 && s.head * 2 > s.jobs.count {
                s.jobs.removeSubrange(0..<s.head)
                s.head = 0
            } else if s.count == 0 {
                s.jobs.removeAll(keepingCapacity: true)
                s.head = 0
            }
            return taken
        }
    }

    /// Stops accepting jobs; those queued are still handed out.
    func close() {
        state.withLock { $0.isClosed = true }
        state.broadcast()
    }

    /// Closes the queue and removes every queued job, returning them.
    func drain() -> [PoolJob] {
        let jobs = state.withLock { s -> [PoolJob] in
            s.isClosed = true
            defer { s.jobs.removeAll(); s.head = 0 }
            return Array(s.jobs[s.head...])
        }
        state.broadcast()
        return jobs
    }

    /// The number of jobs waiting.
    var count: Int { state.withLock { $0.count } }
}
