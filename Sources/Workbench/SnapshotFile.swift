import IncidentGraph

/// A snapshot file (`.kgs`, made by `kagami snapshot`) an analyst opens by name: `--data
/// FILE.kgs` or `:import FILE.kgs`.
public enum SnapshotFile {
    /// Whether the file at `path` is a snapshot (by its first bytes, whatever its name).
    public static func holds(path: String) -> Bool {
        GraphSnapshot.isSnapshot(path: path)
    }

    /// The graph in the snapshot at `path`; a snapshot made by another Kagami, truncated or
    /// damaged is refused, with how to make it again.
    public static func read(path: String) throws(GraphError) -> GraphDocument {
        do {
            return try GraphSnapshot.read(path: path, producer: KagamiVersion.current)
        } catch {
            throw GraphError(
                .format, "\(path) is \(error)", hint: "make it again from its source: kagami snapshot SOURCE \(path)")
        }
    }
}
