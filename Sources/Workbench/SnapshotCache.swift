import Foundation
import IncidentGraph

/// Snapshots of the graph files an analyst opens, kept in `$XDG_CACHE_HOME/kagami/` (or
/// `~/.cache/kagami/`) under the source's content digest and size: the first `--data
/// FILE.jsonl` reads the file and writes its snapshot; later ones read the snapshot. A
/// snapshot from another Kagami, truncated or damaged is removed and made again, never read
/// into wrong answers; two Kagamis writing the same one at once each write a whole file and
/// rename it into place. While the source's digest is worked out, the one snapshot cached for
/// a source of its size is read on the other core, and kept only if the digest names it.
public struct SnapshotCache: Sendable {
    /// The cache folder.
    public let folder: String

    /// The cache of this user: `$XDG_CACHE_HOME/kagami`, else `$HOME/.cache/kagami`; nil
    /// when neither is set.
    public init?(environment: [String: String]) {
        if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") {
            folder = cache + "/kagami"
        } else if let home = environment["HOME"], !home.isEmpty {
            folder = home + "/.cache/kagami"
        } else {
            return nil
        }
    }

    /// A cache in a given folder.
    public init(folder: String) {
        self.folder = folder
    }

    /// The snapshot file for a source, nil when the source cannot be read.
    public func snapshotPath(for source: String) -> String? {
        GraphSnapshot.contentKey(ofFile: source).map { folder + "/" + $0 + "." + GraphSnapshot.fileExtension }
    }

    /// A snapshot being written for next time on a worker thread, while the graph is used.
    public struct Write: Sendable {
        private let outcome: BackgroundValue<String?>

        /// Starts `work` on a worker thread: it writes a snapshot and says what went wrong, if anything.
        init(_ work: @escaping @Sendable () -> String?) {
            outcome = BackgroundValue(work)
        }

        /// Waits for the write to end: nil when the snapshot is in place, else what went
        /// wrong, in a sentence.
        public func finish() -> String? {
            outcome.wait()
        }
    }

    /// The graph in `source`: from its cached snapshot when there is a good one, otherwise
    /// read by `read`, with its snapshot for next time being written on a worker thread
    /// (`write`: wait for it before the process ends). `note` hears what happened to a snapshot
    /// that was not used (in a sentence).
    public func load(
        _ source: String, read: (String) throws(GraphError) -> GraphDocument, note: (String) -> Void
    ) throws(GraphError) -> (document: GraphDocument, write: Write?) {
        // The digest naming the snapshot takes a pass over the whole source: meanwhile the one
        // cached snapshot of a source of its size, if there is one, is read on another core,
        // and used only if the digest names it.
        let guess = onlySnapshot(ofSize: source).map { path in
            (path, BackgroundValue { Result { () throws(GraphSnapshot.Problem) in try Self.open(path) } })
        }
        let path = snapshotPath(for: source)
        // Waited for even when wrong: it is let go before the source is read.
        let guessed = guess.map { (path: $0.0, result: $0.1.wait()) }
        guard let snapshot = path else { return (try read(source), nil) }
        // The guess when the digest names it, else the named snapshot when there is one.
        let opened: Result<GraphDocument, GraphSnapshot.Problem>?
        if guessed?.path == snapshot {
            opened = guessed?.result
        } else if FileManager.default.fileExists(atPath: snapshot) {
            opened = Result { () throws(GraphSnapshot.Problem) in try Self.open(snapshot) }
        } else {
            opened = nil
        }
        if let opened {
            do {
                let document = try opened.get()
                utimes(snapshot, nil)  // used now: the last to be pruned
                return (document, nil)
            } catch {
                note("the cached snapshot of \(source) was \(error); reading \(source) and making it again")
                unlink(snapshot)
            }
        }
        let document = try read(source)
        return (document, Write { write(document, of: source, to: snapshot) })
    }

    /// Writes the snapshot of a source's graph into the cache and prunes it; nil when done,
    /// else what went wrong, in a sentence.
    private func write(_ document: GraphDocument, of source: String, to snapshot: String) -> String? {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            AtomicFileWriter.abandonedFiles(in: folder).forEach { unlink($0) }
            try GraphSnapshot.write(document, to: snapshot, producer: KagamiVersion.current)
            prune(keeping: snapshot)
            return nil
        } catch {
            return "could not cache a snapshot of \(source) in \(folder): \(error)"
        }
    }

    private static func open(_ snapshot: String) throws(GraphSnapshot.Problem) -> GraphDocument {
        try GraphSnapshot.read(path: snapshot, producer: KagamiVersion.current)
    }

    /// The cached snapshot of a source of the size of `source`, when there is exactly one.
    private func onlySnapshot(ofSize source: String) -> String? {
        guard let size = (try? FileManager.default.attributesOfItem(atPath: source)[.size]) as? Int else { return nil }
        let suffix = "-\(size)." + GraphSnapshot.fileExtension
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter {
            $0.hasSuffix(suffix)
        }
        return names.count == 1 ? folder + "/" + names[0] : nil
    }

    /// How many snapshots the cache keeps: the most recently used.
    public static let capacity = 8

    /// Removes the snapshots used least recently beyond ``capacity``.
    private func prune(keeping newest: String) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        let snapshots = names.filter { $0.hasSuffix("." + GraphSnapshot.fileExtension) }.map { folder + "/" + $0 }
        guard snapshots.count > Self.capacity else { return }
        func used(_ path: String) -> Date {
            (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? .distantPast
        }
        let oldestFirst = snapshots.filter { $0 != newest }.sorted { used($0) < used($1) }
        for path in oldestFirst.prefix(snapshots.count - Self.capacity) { unlink(path) }
    }
}
