#if canImport(Glibc)
import Glibc
#endif
import CSwarmCore

/// Brief spinning before a thread goes to sleep on a condition variable.
///
/// Waking a sleeping thread costs several microseconds on Linux (a futex
/// wake and a trip through the scheduler), which would dominate a pool's
/// round trip for small tasks. A waiter that expects its event within
/// microseconds checks a flag for a short while first, yielding the core on
/// each turn so that the thread it waits for can run, and only then sleeps.
public enum SpinWait {
    /// How long a waiter spins before sleeping, in nanoseconds.
    public static let budgetNanoseconds: UInt64 = 50_000

    /// Spins until `condition` is true or the budget runs out.
    ///
    /// - Returns: whether the condition became true.
    @inlinable
    public static func spin(until condition: () -> Bool) -> Bool {
        if condition() { return true }
        let deadline = MonotonicInstant.now.nanoseconds &+ budgetNanoseconds
        var turns = 0
        while MonotonicInstant.now.nanoseconds < deadline {
            turns += 1
            if turns & 63 == 0 { sched_yield() }
            if condition() { return true }
        }
        return false
    }

    /// The CPU the calling thread runs on now, or -1 if unknown.
    public static var currentCPU: Int { Int(cswarm_current_cpu()) }

    /// Moves the calling thread to another core it may run on, and leaves it
    /// free to move again. A thread that spins for work on the same core as
    /// the thread that submits the work only steals that thread's time; the
    /// kernel's balancer would take milliseconds to separate them.
    ///
    /// - Returns: whether the thread moved.
    @discardableResult
    public static func moveOffCurrentCPU() -> Bool { cswarm_move_off_current_cpu() == 0 }
}
