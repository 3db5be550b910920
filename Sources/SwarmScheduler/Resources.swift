/// What a task needs, or what an engine offers: cores, memory and GPUs.
///
/// Cores and GPUs are fractional (`gpus: 0.5` is half a device, as Run:ai
/// shares them); memory is in bytes. A task with the default `Resources()`
/// asks for nothing and runs anywhere.
///
/// ```swift
/// let need = Resources(cores: 1, memory: 2 << 30, gpus: 1)
/// let engine = Resources(cores: 4, memory: 16 << 30, gpus: 1)
/// need.fits(in: engine)  // true
/// ```
public struct Resources: Hashable, Sendable, Codable, CustomStringConvertible {
    /// CPU cores (fractions allowed).
    public var cores: Double
    /// Memory in bytes.
    public var memory: Int
    /// GPUs (fractions allowed).
    public var gpus: Double

    /// Creates a resource amount; every part defaults to zero.
    public init(cores: Double = 0, memory: Int = 0, gpus: Double = 0) {
        precondition(cores >= 0 && memory >= 0 && gpus >= 0,
                     "Resources cannot be negative: cores \(cores), memory \(memory), gpus \(gpus)")
        self.cores = cores
        self.memory = memory
        self.gpus = gpus
    }

    /// Nothing at all: the default request of a task.
    public static let none = Resources()

    /// Whether every part of `self` is at most the same part of `available`.
    public func fits(in available: Resources) -> Bool {
        cores <= available.cores && memory <= available.memory && gpus <= available.gpus
    }

    /// "cores 1, memory 2.0 GiB, gpus 0.5" (parts that are zero are left out).
    public var description: String {
        var parts: [String] = []
        if cores > 0 { parts.append("cores \(cores.formatted)") }
        if memory > 0 { parts.append("memory \(Resources.formatBytes(memory))") }
        if gpus > 0 { parts.append("gpus \(gpus.formatted)") }
        return parts.isEmpty ? "nothing" : parts.joined(separator: ", ")
    }

    static func formatBytes(_ bytes: Int) -> String {
        let gib = Double(bytes) / Double(1 << 30)
        if gib >= 1 { return "\((gib * 10).rounded() / 10) GiB" }
        let mib = Double(bytes) / Double(1 << 20)
        return "\((mib * 10).rounded() / 10) MiB"
    }
}

private extension Double {
    var formatted: String { self == rounded() ? String(Int(self)) : String(self) }
}
