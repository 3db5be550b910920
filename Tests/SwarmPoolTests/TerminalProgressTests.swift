import Foundation
import SwarmPool
import Testing

@Suite("Terminal progress bar")
struct TerminalProgressTests {
    @Test("nothing is drawn when the output is not a terminal")
    func notATerminal() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        let bar = TerminalProgress(label: "work", fileDescriptor: fds[1])
        #expect(!bar.isEnabled)
        try withPool(threads: 2) { pool in
            _ = try pool.map(Sqr(), 0..<100, chunksize: 10, progress: bar.callback)
        }
        bar.finish()
        var pfd = pollfd(fd: fds[0], events: Int16(POLLIN), revents: 0)
        #expect(poll(&pfd, 1, 50) == 0)  // the pipe stayed empty
    }

    @Test("the bar is drawn, throttled, and ends at 100%")
    func drawn() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        #expect(TerminalProgress(label: "x", fileDescriptor: fds[1]).isEnabled == false)
        let bar = TerminalProgress(label: "work", fileDescriptor: fds[1], width: 10, drawsWithoutTerminal: true)
        try withPool(threads: 2) { pool in
            _ = try pool.map(Sqr(), 0..<100, chunksize: 10, progress: bar.callback)
        }
        bar.finish()
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = read(fds[0], &buffer, buffer.count)
        let text = String(decoding: buffer[0..<max(n, 0)], as: UTF8.self)
        #expect(text.hasPrefix("\rwork ["))
        #expect(text.hasSuffix("\rwork [##########] 100% 100/100\n"))
        #expect(text.components(separatedBy: "\r").count <= 11)  // at most one draw per chunk
    }
}
