#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// The fork-join loop over cores that array kernels use.
///
/// `ForkJoin.run(chunks:_:)` calls a body once for each chunk index, spread
/// over one thread per core: the calling thread and a small team of helper
/// threads that live for the whole process. It returns when every chunk has
/// run. Work is claimed from a shared counter, so a core that is busy with
/// something else simply claims fewer chunks.
///
/// ```swift
/// let n = 10_000_000
/// ForkJoin.parallelFor(count: n, grain: 65_536) { range in
///     for i in range { out[i] = a[i] * b[i] }
/// }
/// ```
///
/// Calls do not nest: a `run` made while another is in progress (from a chunk
/// body, or from a second thread) runs its chunks on the calling thread. The
/// team's size is the number of cores, or `SWARM_NUM_THREADS` when set.
///
/// The body runs on several threads at once: it must only write state that no
/// other chunk touches (each chunk its own slice of an output buffer).
public enum ForkJoin {
    /// How many threads share a run: the caller and the helpers.
    public static var parallelism: Int { _ForkJoinTeam.shared.helpers + 1 }

    /// Calls `body(chunk)` for every chunk in `0..<chunks`, on all cores.
    ///
    /// - Parameters:
    ///   - chunks: how many pieces the work is cut into.
    ///   - body: runs once per chunk, on the calling thread or a helper.
    public static func run(chunks: Int, _ body: (Int) -> Void) {
        _ForkJoinTeam.shared.run(chunks: chunks, body)
    }

    /// Splits `0..<count` into ranges of at least `grain` items and calls
    /// `body` with each, on all cores. Counts below `2 * grain` run on the
    /// calling thread in one call, with no synchronisation at all.
    ///
    /// - Parameters:
    ///   - count: the number of items.
    ///   - grain: the smallest range worth handing to another core.
    ///   - body: runs once per range; ranges are disjoint and cover `0..<count`.
    @inlinable
    public static func parallelFor(count: Int, grain: Int, _ body: (Range<Int>) -> Void) {
        let pieces = chunkCount(count: count, grain: grain)
        if pieces <= 1 {
            if count > 0 { body(0..<count) }
            return
        }
        let size = (count + pieces - 1) / pieces
        run(chunks: pieces) { chunk in
            let start = chunk * size
            body(start..<Swift.min(count, start + size))
        }
    }

    /// The number of chunks `parallelFor` cuts `count` items into.
    @inlinable
    public static func chunkCount(count: Int, grain: Int) -> Int {
        // Small counts never touch the team (whose first use starts it).
        guard count >= 2 * Swift.max(grain, 1) else { return 1 }
        let threads = parallelism
        guard threads > 1 else { return 1 }
        // A few chunks per thread, so that a thread the kernel schedules late
        // costs little, but never chunks smaller than the grain.
        return Swift.min(threads * 4, count / Swift.max(grain, 1))
    }
}

/// One run: the body, and counters of claimed and finished chunks.
final class _ForkJoinJob: @unchecked Sendable {
    // Written by the caller before the job is published and cleared after
    // every chunk has finished; helpers read it only after claiming a chunk,
    // which can happen only between those two points.
    var body: ((Int) -> Void)?
    let chunks: Int
    let callerCPU: Int
    let next = Atomic<Int>(0)
    let done = Atomic<Int>(0)

    init(chunks: Int, body: @escaping (Int) -> Void) {
        self.chunks = chunks
        self.body = body
        self.callerCPU = SpinWait.currentCPU
    }

    /// Runs chunks until none is left; returns whether this call finished the last.
    func work() -> Bool {
        var finishedLast = false
        while true {
            let chunk = next.add(1, ordering: .relaxed).oldValue
            guard chunk < chunks else { return finishedLast }
            body.unsafelyUnwrapped(chunk)
            if done.add(1, ordering: .acquiringAndReleasing).newValue == chunks { finishedLast = true }
        }
    }

    var isFinished: Bool { done.load(ordering: .acquiring) == chunks }
}

/// The helper threads, created on first use and kept for the process's life.
final class _ForkJoinTeam: @unchecked Sendable {
    struct State {
        var job: _ForkJoinJob?
        var generation = 0
        var sleepingHelpers = 0
        var callerWaiting = false
    }

    static let shared = _ForkJoinTeam()

    let helpers: Int
    let lock = ConditionLock(State())
    /// The current generation, readable without the lock for spinning.
    let generation = Atomic<Int>(0)
    /// Whether a run is in progress; a second run meanwhile goes serial.
    let busy = Atomic<Bool>(false)

    init() {
        var threads = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        if let text = getenv("SWARM_NUM_THREADS"), let value = Int(String(cString: text)), value > 0 {
            threads = value
        }
        helpers = Swift.max(0, threads - 1)
        for index in 0..<helpers { startHelper(index) }
    }

    private func startHelper(_ index: Int) {
        let team = Unmanaged.passRetained(self)
        var thread = pthread_t()
        let rc = pthread_create(&thread, nil, { raw in
            let team = Unmanaged<_ForkJoinTeam>.fromOpaque(raw!).takeRetainedValue()
            team.helperLoop()
            return nil
        }, team.toOpaque())
        precondition(rc == 0, "ForkJoin: pthread_create failed with \(rc)")
        pthread_detach(thread)
    }

    private func helperLoop() {
        var seen = 0
        while true {
            // A kernel call usually follows another within microseconds:
            // check for a while before sleeping on the condition variable.
            if !SpinWait.spin(until: { generation.load(ordering: .acquiring) != seen }) {
                lock.withLock { $0.sleepingHelpers += 1 }
                lock.wait(until: { $0.generation != seen }) { state, _ in state.sleepingHelpers -= 1 }
            }
            let (job, current) = lock.withLock { ($0.job, $0.generation) }
            seen = current
            guard let job else { continue }
            // A helper on the caller's core would only take turns with it.
            if job.callerCPU >= 0 && SpinWait.currentCPU == job.callerCPU { SpinWait.moveOffCurrentCPU() }
            if job.work() {
                lock.withLock { state in if state.callerWaiting { lock.broadcast() } }
            }
        }
    }

    func run(chunks: Int, _ body: (Int) -> Void) {
        guard chunks > 1, helpers > 0,
              busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
        else {
            for chunk in 0..<Swift.max(chunks, 0) { body(chunk) }
            return
        }
        withoutActuallyEscaping(body) { body in
            let job = _ForkJoinJob(chunks: chunks, body: body)
            lock.withLock { state in
                state.job = job
                state.generation += 1
                generation.store(state.generation, ordering: .releasing)
                if state.sleepingHelpers > 0 { lock.broadcast() }
            }
            _ = job.work()
            if !job.isFinished && !SpinWait.spin(until: { job.isFinished }) {
                lock.withLock { $0.callerWaiting = true }
                lock.wait(until: { _ in job.isFinished }) { state, _ in state.callerWaiting = false }
            }
            // No chunk is left to claim, so no helper reads the body again.
            job.body = nil
            lock.withLock { $0.job = nil }
        }
        busy.store(false, ordering: .releasing)
    }
}
