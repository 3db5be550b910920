#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SwarmCore
import Synchronization

// FFTW, loaded at run time: the guru64 planner (any rank, any strides, any
// number of transforms in one plan), new-array execution, and the threads
// library for large transforms. Plans are made with FFTW_ESTIMATE (no
// measuring, so planning is quick and leaves the arrays alone) and kept in
// a cache keyed by everything a plan depends on; FFTW's planner is not
// thread-safe, so planning holds a lock, while executing plans does not.

/// `fftw_iodim64`: a dimension's length and its input and output strides (in elements).
@usableFromInline
struct _FFTWDim: Hashable, Sendable {
    @usableFromInline var n: Int
    @usableFromInline var inputStride: Int
    @usableFromInline var outputStride: Int
    @inlinable init(_ n: Int, _ inputStride: Int, _ outputStride: Int) {
        self.n = n
        self.inputStride = inputStride
        self.outputStride = outputStride
    }
}

/// One precision's FFTW functions.
@usableFromInline
final class _FFTW: @unchecked Sendable {
    // Safe: the function pointers are immutable; the plan cache sits behind a Mutex.
    typealias PlanDFT = @convention(c) (Int32, UnsafeRawPointer?, Int32, UnsafeRawPointer?, UnsafeMutableRawPointer?,
                                        UnsafeMutableRawPointer?, Int32, UInt32) -> OpaquePointer?
    typealias PlanReal = @convention(c) (Int32, UnsafeRawPointer?, Int32, UnsafeRawPointer?, UnsafeMutableRawPointer?,
                                         UnsafeMutableRawPointer?, UInt32) -> OpaquePointer?
    typealias Execute = @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?, UnsafeMutableRawPointer?) -> Void
    typealias Alignment = @convention(c) (UnsafeRawPointer?) -> Int32
    typealias InitThreads = @convention(c) () -> Int32
    typealias WithThreads = @convention(c) (Int32) -> Void

    enum Kind: Hashable { case forward, backward, realToComplex, complexToReal }

    struct Key: Hashable {
        var kind: Kind
        var dims: [_FFTWDim]
        var howmany: [_FFTWDim]
        var inPlace: Bool
        var inputAlignment: Int32
        var outputAlignment: Int32
        var threads: Int32
    }

    let library: LoadedLibrary
    let threadsLibrary: LoadedLibrary?
    let planDFT: PlanDFT, planR2C: PlanReal, planC2R: PlanReal
    let executeDFT: Execute, executeR2C: Execute, executeC2R: Execute
    let alignmentOf: Alignment
    let withThreads: WithThreads?
    /// A plan: FFTW lets any thread execute a plan once it is made.
    struct Plan: @unchecked Sendable { let pointer: OpaquePointer }

    let plans = Mutex<[Key: Plan]>([:])
    /// FFTW's planner is not thread-safe: one planner call at a time.
    let plannerLock = Mutex<Void>(())
    /// How many plans were made (for tests and `swarm bench`: a cached plan is not remade).
    let planCount = Atomic<Int>(0)

    init?(_ library: LoadedLibrary, threads: LoadedLibrary?, prefix p: String) {
        guard let pd = library.symbol("\(p)_plan_guru64_dft", as: PlanDFT.self),
              let pr = library.symbol("\(p)_plan_guru64_dft_r2c", as: PlanReal.self),
              let pc = library.symbol("\(p)_plan_guru64_dft_c2r", as: PlanReal.self),
              let ed = library.symbol("\(p)_execute_dft", as: Execute.self),
              let er = library.symbol("\(p)_execute_dft_r2c", as: Execute.self),
              let ec = library.symbol("\(p)_execute_dft_c2r", as: Execute.self),
              let al = library.symbol("\(p)_alignment_of", as: Alignment.self) else { return nil }
        self.library = library
        planDFT = pd; planR2C = pr; planC2R = pc
        executeDFT = ed; executeR2C = er; executeC2R = ec
        alignmentOf = al
        var with: WithThreads? = nil
        if let threads, let initThreads = threads.symbol("\(p)_init_threads", as: InitThreads.self), initThreads() != 0 {
            with = threads.symbol("\(p)_plan_with_nthreads", as: WithThreads.self)
        }
        withThreads = with
        threadsLibrary = with == nil ? nil : threads
    }

    /// FFTW for doubles, and for floats; nil when not installed (`SWARM_FFTW=none` disables both).
    static let double: _FFTW? = load(.fftw, threadSonames: ["libfftw3_threads.so.3", "libfftw3_threads.so"], prefix: "fftw")
    static let float: _FFTW? = load(.fftwFloat, threadSonames: ["libfftw3f_threads.so.3", "libfftw3f_threads.so"], prefix: "fftwf")

    static func load(_ library: SystemLibrary, threadSonames: [String], prefix: String) -> _FFTW? {
        if let choice = getenv("SWARM_FFTW"), String(cString: choice) == "none" { return nil }
        guard let lib = library.load() else { return nil }
        let threads = SystemLibrary(name: library.name + "_threads", sonames: threadSonames, overrideVariable: "",
                                    debianPackage: library.debianPackage).load()
        return _FFTW(lib, threads: threads, prefix: prefix)
    }

    static let flags: UInt32 = 1 << 6   // FFTW_ESTIMATE

    /// A plan for these dimensions and arrays, made once and cached.
    /// `work` (elements) decides whether FFTW's own threads are used; `threads`
    /// overrides it (1 inside our own parallel loops).
    func plan(_ kind: Kind, dims: [_FFTWDim], howmany: [_FFTWDim], input: UnsafeMutableRawPointer, output: UnsafeMutableRawPointer,
              work: Int, threads forced: Int? = nil) -> OpaquePointer? {
        let threads = Int32(forced ?? (work >= 1 << 16 && withThreads != nil ? ForkJoin.parallelism : 1))
        let key = Key(kind: kind, dims: dims, howmany: howmany, inPlace: input == output,
                      inputAlignment: alignmentOf(input), outputAlignment: alignmentOf(output), threads: threads)
        if let plan = plans.withLock({ $0[key] }) { return plan.pointer }
        let plan: Plan? = plannerLock.withLock { _ -> Plan? in
            if let plan = plans.withLock({ $0[key] }) { return plan }
            withThreads?(threads)
            let made: OpaquePointer? = dims.withUnsafeBytes { d in
                howmany.withUnsafeBytes { h in
                    let rank = Int32(dims.count), hr = Int32(howmany.count)
                    switch kind {
                    case .forward: return planDFT(rank, d.baseAddress, hr, h.baseAddress, input, output, -1, Self.flags)
                    case .backward: return planDFT(rank, d.baseAddress, hr, h.baseAddress, input, output, 1, Self.flags)
                    case .realToComplex: return planR2C(rank, d.baseAddress, hr, h.baseAddress, input, output, Self.flags)
                    case .complexToReal: return planC2R(rank, d.baseAddress, hr, h.baseAddress, input, output, Self.flags)
                    }
                }
            }
            guard let made else { return nil }
            let plan = Plan(pointer: made)
            planCount.add(1, ordering: .relaxed)
            plans.withLock { $0[key] = plan }
            return plan
        }
        return plan?.pointer
    }

    /// Runs a plan on (new) arrays with the layout it was made for.
    func execute(_ kind: Kind, _ plan: OpaquePointer, _ input: UnsafeMutableRawPointer, _ output: UnsafeMutableRawPointer) {
        switch kind {
        case .forward, .backward: executeDFT(plan, input, output)
        case .realToComplex: executeR2C(plan, input, output)
        case .complexToReal: executeC2R(plan, input, output)
        }
    }
}
