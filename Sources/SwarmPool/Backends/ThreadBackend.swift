import Foundation
import SwarmCore
import Synchronization

/// Runs jobs on threads that the pool owns (never on Swift's cooperative pool,
/// which must not be blocked by long computations).
///
/// `maxTasksPerChild` retires a thread after that many jobs and starts a fresh
/// one, which runs the initializer again, like a replaced worker process.
/// Threads cannot be killed: `terminate()` drops queued jobs, and jobs already
/// running finish first.
final class ThreadBackend: PoolBackend {
    private struct State {
        var liveThreads = 0
        var nextSerial = 0
        var serials: Set<Int> = []
        var isStopping = false
    }

    private let queue = JobQueue()
    private let state = ConditionLock(State())
    private let initializer: (@Sendable () throws -> Void)?
    private let maxTasksPerChild: Int?
    private let threadCount: Int
    /// Set by `terminate()`; threads check it between the jobs of a batch.
    private let isTerminated = Atomic<Bool>(false)
    /// The most jobs a thread takes at once.
    private static let batchLimit = 32

    init(count: Int, initializer: (@Sendable () throws -> Void)?, maxTasksPerChild: Int?) throws(PoolError) {
        self.initializer = initializer
        self.maxTasksPerChild = maxTasksPerChild
        self.threadCount = count
        // Run the first initializers synchronously so that a failing one is
        // reported by the pool's initializer, as Python's would loop for ever.
        let firstErrors = ConditionLock<(done: Int, errors: [String])>((0, []))
        for _ in 0..<count {
            startThread { error in
                firstErrors.withLock { s in
                    s.done += 1
                    if let error { s.errors.append(String(describing: error)) }
                }
                firstErrors.broadcast()
            }
        }
        let errors = firstErrors.wait(until: { $0.done == count }) { s, _ in s.errors }
        if let first = errors.first {
            terminate()
            join()
            throw PoolError(.initializerFailed, "the worker initializer threw: \(first)")
        }
    }

    /// Starts a worker thread. A replacement inherits the live count of the
    /// thread it replaces, so that `join` never sees zero in between.
    private func startThread(isReplacement: Bool = false, reportInitializer: (@Sendable ((any Error)?) -> Void)? = nil) {
        let serial = state.withLock { s -> Int in
            if !isReplacement { s.liveThreads += 1 }
            s.nextSerial += 1
            s.serials.insert(s.nextSerial)
            return s.nextSerial
        }
        let thread = Thread { [self] in
            CurrentThreadName.set("swarm-pool-\(serial)")  // from inside: corelibs drops a name set before start
            self.run(serial: serial, reportInitializer: reportInitializer)
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    private func run(serial: Int, reportInitializer: (@Sendable ((any Error)?) -> Void)?) {
        var initError: (any Error)?
        do { try initializer?() } catch { initError = error }
        reportInitializer?(initError)
        var done = 0
        var replace = false
        loop: while true {
            // Several small jobs per take when many are queued: fewer trips through the lock.
            let allowance = maxTasksPerChild.map { $0 - done } ?? Self.batchLimit
            let jobs = queue.take(maximum: min(allowance, Self.batchLimit), consumers: threadCount)
            if jobs.isEmpty { break }
            for job in jobs {
                if isTerminated.load(ordering: .relaxed) {
                    // terminate() came while this batch waited: its jobs never started.
                    job.fail(PoolError(.terminated, "the pool was terminated before the task ran"))
                    continue
                }
                if let initError {
                    job.fail(PoolError(.initializerFailed, "the worker initializer threw: \(initError)", workerID: serial))
                } else if case .local(let body) = job.work {
                    body(nil)
                } else {
                    job.fail(PoolError(.unsupported, "a process job reached a thread pool"))
                }
                done += 1
            }
            if let limit = maxTasksPerChild, done >= limit {
                replace = true
                break loop
            }
        }
        let startReplacement = state.withLock { s -> Bool in
            s.serials.remove(serial)
            if replace && !s.isStopping { return true }
            s.liveThreads -= 1
            return false
        }
        if startReplacement { startThread(isReplacement: true) }
        state.broadcast()
    }

    func submit(_ jobs: [PoolJob]) -> Bool { queue.put(jobs) }

    func submit(_ job: PoolJob) -> Bool { queue.put(job) }

    func close() { queue.close() }

    func terminate() {
        isTerminated.store(true, ordering: .relaxed)
        state.withLock { $0.isStopping = true }
        for job in queue.drain() {
            job.fail(PoolError(.terminated, "the pool was terminated before the task ran"))
        }
    }

    func join() {
        state.wait(until: { $0.liveThreads == 0 }) { _, _ in }
    }

    var workerIdentifiers: [Int] { state.withLock { $0.serials.sorted() } }
}
