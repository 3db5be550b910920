import Foundation

/// Where a long-lived cluster's controller listens and the key to talk to it
/// (IPython's `ipcontroller-client.json`). Written with mode 0600: whoever
/// can read it can run code on the engines.
public struct ClusterConnectionFile: Codable, Sendable, Hashable {
    /// The controller's address.
    public var host: String
    /// The controller's TCP port.
    public var port: Int
    /// The cluster key, hexadecimal.
    public var key: String
    /// The controller's process id.
    public var pid: Int32

    /// The default place: `~/.swarm/cluster.json` (or `$SWARM_CLUSTER_FILE`).
    public static var defaultPath: String {
        if let path = ProcessInfo.processInfo.environment["SWARM_CLUSTER_FILE"] { return path }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".swarm/cluster.json").path
    }

    /// Reads a connection file.
    ///
    /// - Throws: ``ClusterError`` `.connection` if it is missing or malformed.
    public static func read(_ path: String) throws -> ClusterConnectionFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ClusterError(.connection, "no connection file at \(path) (is a cluster running? start one with `swarm cluster start`)")
        }
        do {
            let file = try JSONDecoder().decode(ClusterConnectionFile.self, from: data)
            _ = try ClusterKey(hex: file.key)
            guard (1...65535).contains(file.port) else { throw ClusterError(.connection, "port \(file.port) is out of range") }
            return file
        } catch let error as ClusterError {
            throw ClusterError(.connection, "connection file \(path): \(error.message)")
        } catch {
            throw ClusterError(.connection, "connection file \(path) is not valid: \(error)")
        }
    }

    /// Writes the file with mode 0600 (created so, never readable by others in between).
    ///
    /// - Throws: ``ClusterError`` `.connection` if it cannot be written.
    public func write(to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true,
                                                 attributes: [.posixPermissions: 0o700])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let temporary = path + ".\(getpid()).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: try encoder.encode(self),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw ClusterError(.connection, "could not write the connection file \(path)")
        }
        guard rename(temporary, path) == 0 else {
            throw ClusterError(.connection, "could not move the connection file into place at \(path): errno \(errno)")
        }
    }
}
