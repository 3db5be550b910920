import SwarmCore

/// What a ``Pool`` needs from a backend: a place to put jobs, and its
/// workers' lifecycle. The pool keeps the RUN/CLOSE/TERMINATE state and the
/// API; a backend only runs jobs.
protocol PoolBackend: Sendable {
    /// Queues jobs. Returns false if the backend no longer accepts work.
    func submit(_ jobs: [PoolJob]) -> Bool
    /// Queues one job. Returns false if the backend no longer accepts work.
    func submit(_ job: PoolJob) -> Bool
    /// Lets queued jobs finish, then stops the workers (does not wait).
    func close()
    /// Fails queued jobs with ``PoolError/Code/terminated`` and stops the
    /// workers now (running jobs on threads finish first: threads cannot be killed).
    func terminate()
    /// Waits until every worker has stopped.
    func join()
    /// Identifiers of the live workers: process ids, or thread serial numbers.
    var workerIdentifiers: [Int] { get }
}
