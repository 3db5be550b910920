import CSwarmCore

/// Which cores this process may run on, and binding a thread to one of them.
public enum CPUAffinity {
    /// The cores this process may run on (its affinity mask), in order.
    public static func allowedCPUs() -> [Int] {
        var buffer = [Int32](repeating: 0, count: 1024)
        let n = Int(cswarm_allowed_cpus(&buffer, Int32(buffer.count)))
        return buffer[0..<n].map(Int.init)
    }

    /// Binds the calling thread to `cpu`.
    ///
    /// - Returns: whether the kernel accepted the binding.
    @discardableResult
    public static func pinCurrentThread(to cpu: Int) -> Bool {
        cswarm_pin_current_thread(Int32(cpu)) == 0
    }
}
