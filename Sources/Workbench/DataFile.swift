import IncidentGraph
import Interchange

/// A data file an analyst opens (`kagami --data FILE`, `:import FILE`): a Kagami graph file, its
/// snapshot (`.kgs`), or a STIX 2.1 bundle read into a schema.
public enum DataFile {
    /// What opening a data file gave: the data, what a STIX bundle could not keep, and the
    /// snapshot of a graph file being written for next time (wait for it before the process ends).
    public struct Opened: Sendable {
        public let document: GraphDocument
        public let report: StixReader.LossReport?
        public let snapshotWrite: SnapshotCache.Write?
    }

    /// Opens the data file at `path`: a snapshot as it is, a STIX bundle into the schema `base`
    /// gives (asked for only then), a graph file through `cache` when one is given (read from its
    /// snapshot, or read and its snapshot written; `note` hears about a snapshot that was not
    /// used). `progress` hears how far the reading of a bundle or a graph file has come.
    public static func open(
        _ path: String, base: () throws(GraphError) -> Schema, cache: SnapshotCache? = nil,
        progress: GraphFile.Progress? = nil, note: (String) -> Void = { _ in }
    ) throws(GraphError) -> Opened {
        defer { HeapSettings.returnFreeMemory() }
        if SnapshotFile.holds(path: path) {
            return Opened(document: try SnapshotFile.read(path: path), report: nil, snapshotWrite: nil)
        }
        if path.hasSuffix(".json"), let bundle = try StixReader.bundle(at: path) {
            let (document, report) = try StixReader.read(bundle, file: path, base: try base(), progress: progress)
            return Opened(document: document, report: report, snapshotWrite: nil)
        }
        guard let cache else {
            return Opened(document: try GraphFile.read(path: path, progress: progress), report: nil, snapshotWrite: nil)
        }
        let loaded = try cache.load(
            path, read: { source throws(GraphError) in try GraphFile.read(path: source, progress: progress) },
            note: note)
        return Opened(document: loaded.document, report: nil, snapshotWrite: loaded.write)
    }
}
