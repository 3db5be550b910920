#if canImport(Glibc)
import Glibc
#endif
import SwarmCore
import Synchronization

/// A progress bar for long `map` and `imap` calls, drawn on a terminal.
///
/// The library never draws one by itself: pass ``TerminalProgress/callback``
/// as the `progress:` argument to opt in. It draws only when its file
/// descriptor (standard error by default) is a terminal, so output piped to a
/// file or to CI stays clean, and it redraws at most 20 times a second.
///
/// ```swift
/// let bar = TerminalProgress(label: "primes")
/// let counts = try pool.map(CountPrimes(), inputs, chunksize: 1, progress: bar.callback)
/// bar.finish()
/// ```
public final class TerminalProgress: Sendable {
    /// The text shown before the bar.
    public let label: String
    /// Whether anything is drawn: the file descriptor is a terminal.
    public let isEnabled: Bool
    private let fd: Int32
    private let width: Int
    private let lastDraw = Mutex<(done: Int, at: UInt64)>((-1, 0))

    /// Creates a progress bar.
    ///
    /// - Parameters:
    ///   - label: text shown before the bar.
    ///   - fileDescriptor: where to draw; standard error by default.
    ///   - width: the bar's width in characters.
    ///   - drawsWithoutTerminal: draw even when the descriptor is not a terminal
    ///     (for tests and for callers that know better); false by default.
    public init(label: String, fileDescriptor: Int32 = STDERR_FILENO, width: Int = 30,
                drawsWithoutTerminal: Bool = false) {
        self.label = label
        self.fd = fileDescriptor
        self.width = max(width, 5)
        self.isEnabled = drawsWithoutTerminal || isatty(fileDescriptor) == 1
    }

    /// The function to pass as a pool call's `progress:` argument. It may be
    /// called from any pool thread.
    public var callback: @Sendable (Int, Int) -> Void {
        { [self] done, total in self.update(done: done, total: total) }
    }

    /// Draws the bar for `done` of `total` items (throttled; always draws the last).
    public func update(done: Int, total: Int) {
        guard isEnabled else { return }
        let now = MonotonicInstant.now.nanoseconds
        let shouldDraw = lastDraw.withLock { last -> Bool in
            guard done > last.done else { return false }
            guard done >= total || now &- last.at >= 50_000_000 else { return false }
            last = (done, now)
            return true
        }
        if shouldDraw { draw(done: done, total: total) }
    }

    /// Ends the bar's line.
    public func finish() {
        guard isEnabled else { return }
        write("\n")
    }

    private func draw(done: Int, total: Int) {
        let fraction = total > 0 ? Double(min(done, total)) / Double(total) : 1
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        write("\r\(label) [\(bar)] \(Int(fraction * 100))% \(done)/\(total)")
    }

    private func write(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
    }
}
