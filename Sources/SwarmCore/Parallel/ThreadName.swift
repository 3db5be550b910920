import CSwarmCore
import Foundation

/// The name of the calling thread.
public enum CurrentThreadName {
    /// Names the calling thread, both for Foundation and for the kernel
    /// (`top -H`, debuggers, `Thread.current.name`).
    ///
    /// Foundation's name alone is not enough on Linux: when a new thread
    /// asks for `Thread.current` before its starter has registered it,
    /// corelibs-foundation hands out a second `Thread` object, the name lands
    /// on that one, and later reads fall back to the kernel's name, which a
    /// thread inherits from its creator. Setting both makes every read agree.
    /// The kernel keeps the first 15 bytes.
    public static func set(_ name: String) {
        Thread.current.name = name
        _ = cswarm_set_thread_name(name)
    }
}
