import SwarmScheduler
import Testing

@Suite("Scheduler: resources and placement")
struct PlacementTests {
    let engines = [
        PlacementCandidate(id: 0, capacity: Resources(cores: 1, memory: 4 << 30), assigned: 3, limit: 4),
        PlacementCandidate(id: 1, capacity: Resources(cores: 1, memory: 4 << 30, gpus: 1), assigned: 1, limit: 4),
        PlacementCandidate(id: 2, capacity: Resources(cores: 4, memory: 16 << 30), assigned: 1, limit: 4),
    ]

    @Test("the least-loaded engine that fits wins; ties go to the lowest id")
    func leastLoaded() {
        #expect(Placement.choose(request: .none, among: engines) == 1)
        #expect(Placement.choose(request: Resources(gpus: 1), among: engines) == 1)
        #expect(Placement.choose(request: Resources(gpus: 0.5), among: engines) == 1)
        #expect(Placement.choose(request: Resources(cores: 2), among: engines) == 2)
        #expect(Placement.choose(request: Resources(memory: 8 << 30), among: engines) == 2)
        #expect(Placement.choose(request: Resources(cores: 8), among: engines) == nil)
        #expect(Placement.choose(request: .none, among: engines, allowed: [0]) == 0)
        #expect(Placement.choose(request: Resources(gpus: 1), among: engines, allowed: [0, 2]) == nil)
    }

    @Test("full engines take nothing; satisfiability looks at capacity, not load")
    func fullAndSatisfiable() {
        var full = engines
        for i in full.indices { full[i].assigned = full[i].limit }
        #expect(Placement.choose(request: .none, among: full) == nil)
        #expect(Placement.isSatisfiable(Resources(gpus: 1), by: full.map(\.capacity)))
        #expect(!Placement.isSatisfiable(Resources(gpus: 2), by: full.map(\.capacity)))
    }

    @Test("a simulated stream of tasks spreads evenly over equal engines")
    func simulation() {
        var pool = (0..<4).map { PlacementCandidate(id: $0, capacity: Resources(cores: 1), assigned: 0, limit: 1000) }
        for _ in 0..<1000 {
            let id = Placement.choose(request: Resources(cores: 1), among: pool)!
            pool[id].assigned += 1
        }
        #expect(pool.map(\.assigned) == [250, 250, 250, 250])
    }

    @Test("descriptions name the parts")
    func describe() {
        #expect(Resources(cores: 1, memory: 2 << 30, gpus: 0.5).description == "cores 1, memory 2.0 GiB, gpus 0.5")
        #expect(Resources.none.description == "nothing")
    }
}
