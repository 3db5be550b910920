import Foundation
import Synchronization
import SwarmArray
import SwarmCore

/// Scatter and gather of large arrays by process memory, on a cluster whose
/// controller runs in this process and whose engines are its children
/// (``Cluster/local(engines:)``): each engine reads its rows straight from
/// the caller's array, and a gather reads each engine's rows straight into
/// the result, one kernel copy per byte (see MemoryCalls.swift for the
/// engine's side and why this is as safe as the signed socket).
///
/// Anything else (a remote client, engines that connected over the network,
/// MPI ranks, small arrays, a kernel that refuses) takes the socket path.
enum MemoryTransfer {
    /// Arrays smaller than this go through the socket: below it, the extra
    /// round trip costs more than the copies it saves.
    static let threshold = 1 << 20

    /// Reads of at most this many bytes are spread over the cores.
    static let readChunk = 16 << 20

    /// Whether memory transfers may be used: `SWARM_CLUSTER_MEMORY=0` turns them off.
    static let allowed = ProcessInfo.processInfo.environment["SWARM_CLUSTER_MEMORY"] != "0"

    /// For each engine process asked, whether it could read this process's memory.
    static let readable = Mutex<[Int32: Bool]>([:])

    /// Random bytes that engines read to show they can (the probe).
    static let probe: [UInt8] = (0..<32).map { _ in UInt8.random(in: 0...255) }
    /// Where ``probe``'s bytes lie (a buffer that lives as long as the process).
    static let probeAddress: UInt64 = {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: probe.count, alignment: 8)
        buffer.copyBytes(from: probe)
        return UInt64(UInt(bitPattern: buffer.baseAddress))
    }()

    /// The engines' pids when `view` may move `bytes` through memory: the
    /// engines are this process's children and each has shown that it can
    /// read this process's memory (asked once per engine process).
    static func engines(of view: DirectView, _ engines: [Int], bytes: Int, needsEngineReads: Bool) -> [Int32]? {
        guard allowed, view.memoryTransfers, bytes >= threshold,
              let pids = view.controller.childProcessIDs(of: engines) else { return nil }
        guard needsEngineReads else { return pids }
        let unknown = readable.withLock { known in engines.indices.filter { known[pids[$0]] == nil } }
        if !unknown.isEmpty {
            let payload = try? BinaryEncoder().encode(MemoryProbeCall.Probe(address: probeAddress, expected: probe))
            let answers = try? view.submit(typeName: view.name(MemoryProbeCall.self), engines: unknown.map { engines[$0] },
                                           payloads: nil, shared: payload ?? []) { bytes in
                try BinaryDecoder().decode(Bool.self, from: bytes.bytes, startingAt: bytes.offset)
            }.get(timeout: 10)
            // No answer in time (a busy engine): the socket this time, and ask again next time.
            if let answers {
                readable.withLock { known in
                    for (k, i) in unknown.enumerated() { known[pids[i]] = answers[k] }
                }
            }
        }
        let all = readable.withLock { known in pids.allSatisfy { known[$0] == true } }
        return all ? pids : nil
    }
}

/// An array type that scatter and gather can move by process memory.
protocol MemoryTransferable {
    /// Scatters by memory, or nil when this value or view cannot.
    func scatterByMemory(_ name: String, view: DirectView, engines: [Int]) throws -> ClusterResult<[Bool]>?
    /// Gathers by memory, or nil when the view cannot (the caller then uses the socket).
    static func gatherByMemory(_ name: String, view: DirectView, engines: [Int]) throws -> Self?
}

extension NDArray: MemoryTransferable where Element: Codable {
    func scatterByMemory(_ name: String, view: DirectView, engines: [Int]) throws -> ClusterResult<[Bool]>? {
        let bytes = count * MemoryLayout<Element>.stride
        guard !shape.isEmpty,
              MemoryTransfer.engines(of: view, engines, bytes: bytes, needsEngineReads: true) != nil else { return nil }
        // The engines read the rows where they lie; `source` (sharing this
        // array's storage when it is contiguous) stays alive, unchanged
        // by copy on write, until every engine has answered.
        let source = contiguous()
        let rowBytes = bytes / Swift.max(shape[0], 1)
        let base = source.withUnsafeBufferPointer { UInt64(UInt(bitPattern: $0.baseAddress)) }
        let rest = Array(shape.dropFirst())
        let payloads = try scatterRanges(count: shape[0], parts: engines.count).map { rows in
            try BinaryEncoder().encode(MemoryBlock(name: name, shape: [rows.count] + rest,
                                                   address: base + UInt64(rows.lowerBound * rowBytes)))
        }
        return try view.submit(typeName: try view.name(MemoryPutCall<Element>.self), engines: engines,
                               payloads: payloads, shared: nil) { _ in withExtendedLifetime(source) { true } }
    }

    static func gatherByMemory(_ name: String, view: DirectView, engines: [Int]) throws -> NDArray? {
        // The size is not known before the engines answer: each lends a
        // large block and sends a small one in its reply.
        guard let pids = MemoryTransfer.engines(of: view, engines, bytes: Int.max, needsEngineReads: false) else { return nil }
        let replies = try view.submit(typeName: try view.name(MemoryLendCall<Element>.self), engines: engines, payloads: nil,
                                      shared: try BinaryEncoder().encode(name), options: nil) { bytes -> GatherPart in
            var at = bytes.offset
            if try BinaryDecoder().decode(Bool.self, from: bytes.bytes, offset: &at) {
                return .loan(try BinaryDecoder().decode(MemoryLoan.self, from: bytes.bytes, offset: &at))
            }
            return .inline(try BinaryDecoder().decode(NDArray.self, from: bytes.bytes, offset: &at))
        }
        // Every loan that was made is returned, whatever else fails.
        var parts: [GatherPart?] = []
        var firstError: (any Error)?
        for k in engines.indices {
            do {
                parts.append(try replies.nextPart(after: k, ordered: true)!.piece as? GatherPart)
            } catch {
                parts.append(nil)
                if firstError == nil { firstError = error }
            }
        }
        let loans = parts.map { part -> MemoryLoan? in if case .loan(let loan)? = part { return loan } else { return nil } }
        defer { returnLoans(loans, view: view, engines: engines) }
        if let firstError { throw firstError }
        let shapes = parts.map { $0!.shape }
        for part in shapes where part.isEmpty || Array(part.dropFirst()) != Array(shapes[0].dropFirst()) {
            throw ClusterError(.encoding, "'\(name)' has parts of shapes \(shapes), which cannot be joined along axis 0")
        }
        let shape = [shapes.reduce(0) { $0 + $1[0] }] + shapes[0].dropFirst()
        let sizes = try shapes.map { try memoryBlockBytes($0, elementSize: MemoryLayout<Element>.stride) }
        do {
            return try NDArray(unsafeUninitializedShape: shape) { buffer in
                guard let target = UnsafeMutableRawPointer(buffer.baseAddress) else { return }
                var reads: [(pid: Int32, from: UInt64, to: UnsafeMutableRawPointer, count: Int)] = []
                var at = 0
                for (k, part) in parts.enumerated() {
                    switch part! {
                    case .loan(let loan): reads.append((pids[k], loan.address, target + at, sizes[k]))
                    case .inline(let array) where sizes[k] > 0:
                        array.withUnsafeBufferPointer { target.advanced(by: at).copyMemory(from: UnsafeRawPointer($0.baseAddress!), byteCount: sizes[k]) }
                    case .inline: break
                    }
                    at += sizes[k]
                }
                try readBlocks(reads)
            }
        } catch is WireError {
            return nil  // the kernel refused: the socket path still works
        }
    }

    /// A part of a gather: lent for reading, or small and sent in the reply.
    enum GatherPart: Sendable {
        case loan(MemoryLoan)
        case inline(NDArray)

        var shape: [Int] {
            switch self {
            case .loan(let loan): return loan.shape
            case .inline(let array): return array.shape
            }
        }
    }

    /// Reads every engine's block into place, in pieces spread over the cores.
    private static func readBlocks(_ blocks: [(pid: Int32, from: UInt64, to: UnsafeMutableRawPointer, count: Int)]) throws {
        var pieces: [(pid: Int32, from: UInt64, to: UnsafeMutableRawPointer, count: Int)] = []
        for block in blocks {
            var done = 0
            while done < block.count {
                let n = Swift.min(MemoryTransfer.readChunk, block.count - done)
                pieces.append((block.pid, block.from + UInt64(done), block.to + done, n))
                done += n
            }
        }
        let failure = Mutex<WireError?>(nil)
        ForkJoin.run(chunks: pieces.count) { k in
            let piece = pieces[k]
            do throws(WireError) {
                try ProcessMemory.read(from: piece.pid, address: piece.from, into: piece.to, count: piece.count)
            } catch {
                failure.withLock { $0 = $0 ?? error }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
    }

    /// Ends the loans the engines made (each engine its own).
    private static func returnLoans(_ loans: [MemoryLoan?], view: DirectView, engines: [Int]) {
        let owners = engines.indices.filter { loans[$0] != nil }
        guard !owners.isEmpty,
              let payloads = try? owners.map({ try BinaryEncoder().encode([loans[$0]!.token]) }),
              let name = try? view.name(MemoryReturnCall.self) else { return }
        // Not waited for: the engines free the arrays when they get to it.
        _ = try? view.submit(typeName: name, engines: owners.map { engines[$0] }, payloads: payloads, shared: nil) { _ in true }
    }
}
