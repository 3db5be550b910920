#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A point on the monotonic clock, in nanoseconds, cheap to read and compare.
///
/// Used for deadlines of waits and per-task time limits: the monotonic clock
/// does not jump when the wall clock is set.
public struct MonotonicInstant: Comparable, Hashable, Sendable {
    /// Nanoseconds since an arbitrary fixed point (the machine's boot).
    public var nanoseconds: UInt64

    /// Creates an instant from nanoseconds on the monotonic clock.
    public init(nanoseconds: UInt64) { self.nanoseconds = nanoseconds }

    /// The current instant.
    public static var now: MonotonicInstant {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return MonotonicInstant(nanoseconds: UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec))
    }

    /// The instant `seconds` after this one (negative values clamp to this one).
    public func advanced(bySeconds seconds: Double) -> MonotonicInstant {
        guard seconds > 0 else { return self }
        let ns = min(seconds * 1e9, Double(UInt64.max / 2))
        return MonotonicInstant(nanoseconds: nanoseconds &+ UInt64(ns))
    }

    /// Seconds from `earlier` to this instant (negative if `earlier` is later).
    public func seconds(since earlier: MonotonicInstant) -> Double {
        Double(Int64(bitPattern: nanoseconds &- earlier.nanoseconds)) / 1e9
    }

    /// The deadline `seconds` from now.
    public static func after(seconds: Double) -> MonotonicInstant { now.advanced(bySeconds: seconds) }

    /// Whether `a` comes before `b`.
    public static func < (a: MonotonicInstant, b: MonotonicInstant) -> Bool { a.nanoseconds < b.nanoseconds }

    @usableFromInline var cTimespec: timespec {
        timespec(tv_sec: Int(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000))
    }

    /// Milliseconds from now until this instant, clamped to `0...Int32.max`, for `poll`.
    public var millisecondsFromNow: Int32 {
        let now = MonotonicInstant.now
        guard self > now else { return 0 }
        let ms = (nanoseconds - now.nanoseconds + 999_999) / 1_000_000
        return Int32(clamping: ms)
    }
}
