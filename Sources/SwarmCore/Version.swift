/// Facts about this build of Swarm.
public enum Swarm {
    /// The package version.
    public static let version = "0.1.0"
}
