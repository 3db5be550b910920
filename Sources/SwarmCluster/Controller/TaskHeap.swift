/// The controller's queue of tasks ready to place: highest priority first,
/// then first submitted first (a binary heap of ids).
///
/// Cancelled tasks are not searched for; they are skipped when they reach the
/// top (the caller checks that a popped id is still live).
struct TaskHeap {
    private struct Entry {
        var priority: Int
        var sequence: UInt64
        var id: UInt64
        func before(_ other: Entry) -> Bool {
            priority != other.priority ? priority > other.priority : sequence < other.sequence
        }
    }
    private var entries: [Entry] = []

    var count: Int { entries.count }
    var isEmpty: Bool { entries.isEmpty }

    mutating func push(id: UInt64, priority: Int, sequence: UInt64) {
        entries.append(Entry(priority: priority, sequence: sequence, id: id))
        var i = entries.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard entries[i].before(entries[parent]) else { break }
            entries.swapAt(i, parent)
            i = parent
        }
    }

    /// The ids in queue order, without removing them.
    var orderedIDs: [UInt64] { entries.sorted { $0.before($1) }.map(\.id) }

    mutating func popFirst() -> UInt64? {
        guard let first = entries.first else { return nil }
        let last = entries.removeLast()
        if !entries.isEmpty {
            entries[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var best = i
                if l < entries.count && entries[l].before(entries[best]) { best = l }
                if r < entries.count && entries[r].before(entries[best]) { best = r }
                if best == i { break }
                entries.swapAt(i, best)
                i = best
            }
        }
        return first.id
    }

    /// Keeps only the entries whose id passes `keep` (after many cancellations).
    mutating func filter(_ keep: (UInt64) -> Bool) {
        let kept = entries.filter { keep($0.id) }
        entries = []
        for e in kept { push(id: e.id, priority: e.priority, sequence: e.sequence) }
    }
}

/// Outcomes of recently finished tasks (success and engine), so that a task
/// submitted with `after:`/`follow:` a task that has just finished still
/// finds its result. Bounded: the controller keeps no per-task record after
/// delivery beyond the last `capacity` tasks (its memory stays flat).
struct RecentOutcomes {
    struct Outcome { var succeeded: Bool; var engineID: Int? }
    private var map: [UInt64: Outcome] = [:]
    private var ring: [UInt64]
    private var next = 0

    init(capacity: Int) { ring = Array(repeating: 0, count: capacity) }

    mutating func record(_ id: UInt64, _ outcome: Outcome) {
        let old = ring[next]
        if old != 0 { map.removeValue(forKey: old) }
        ring[next] = id
        next = (next + 1) % ring.count
        map[id] = outcome
    }

    subscript(id: UInt64) -> Outcome? { map[id] }
}
