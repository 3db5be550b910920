/// One engine as the placement policy sees it.
public struct PlacementCandidate: Sendable, Hashable {
    /// The engine's id.
    public var id: Int
    /// What the engine advertises.
    public var capacity: Resources
    /// Tasks assigned to it and not yet finished (running or waiting in its queue).
    public var assigned: Int
    /// How many tasks it may hold at once (running plus queued on the engine).
    public var limit: Int

    /// Creates a candidate.
    public init(id: Int, capacity: Resources, assigned: Int, limit: Int) {
        self.id = id
        self.capacity = capacity
        self.assigned = assigned
        self.limit = limit
    }
}

/// Where a task goes: the placement policy of SwarmCluster's load-balanced view.
///
/// An engine runs one task at a time, so a task's request is compared with an
/// engine's whole capacity, not with what is left of it. Among the engines
/// whose capacity holds the request and that have room in their queue, the
/// least loaded wins (fewest assigned tasks; ties go to the lowest id, so the
/// choice is deterministic and testable).
///
/// Pure logic, no I/O: quotas and fair share between projects build on it.
public enum Placement {
    /// The engine to give a task to now, or nil if none can take it yet.
    ///
    /// - Parameters:
    ///   - request: what the task needs.
    ///   - candidates: the live engines.
    ///   - allowed: if given, only these engine ids may be chosen (a task that
    ///     must follow another onto its engine).
    public static func choose(request: Resources, among candidates: [PlacementCandidate],
                              allowed: Set<Int>? = nil) -> Int? {
        var best: PlacementCandidate?
        for candidate in candidates where candidate.assigned < candidate.limit {
            if let allowed, !allowed.contains(candidate.id) { continue }
            guard request.fits(in: candidate.capacity) else { continue }
            if let current = best {
                if candidate.assigned < current.assigned
                    || (candidate.assigned == current.assigned && candidate.id < current.id) {
                    best = candidate
                }
            } else {
                best = candidate
            }
        }
        return best?.id
    }

    /// Whether any of `capacities` could ever hold `request` (if none can, the
    /// task would wait for ever, and the caller should fail it instead).
    public static func isSatisfiable(_ request: Resources, by capacities: [Resources]) -> Bool {
        capacities.contains { request.fits(in: $0) }
    }
}
