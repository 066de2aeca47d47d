import Foundation
import Synchronization
import Workbench

/// The snapshots of the graph files opened (`--data`, `:import`) being written for next time on
/// worker threads: the prompt comes as soon as a graph is read, and the process waits for the
/// writes as it ends (`atexit`, so every way out waits), so that each snapshot is made whole; a
/// write that failed is noted then. Ctrl-C while it waits ends the process at once (the
/// statements' handler is let go): a process ended meanwhile leaves only a temporary file,
/// removed by the next write, and no snapshot.
enum SnapshotForNextTime {
    private static let pending = Mutex<[(write: SnapshotCache.Write, source: String)]>([])
    /// The wait as the process ends, arranged once.
    private static let waitAtExit: Void = { atexit { SnapshotForNextTime.finish() } }()

    /// The write kept last, if any.
    static var write: SnapshotCache.Write? {
        pending.withLock { $0.last?.write }
    }

    /// Keeps a write to wait for when the process ends.
    static func keep(_ write: SnapshotCache.Write, of source: String) {
        pending.withLock { $0.append((write, source)) }
        _ = waitAtExit
    }

    /// Waits for the writes, with a line saying so on a terminal while one is not done.
    private static func finish() {
        let kept = pending.withLock { pending in
            defer { pending = [] }
            return pending
        }
        guard !kept.isEmpty else { return }
        signal(SIGINT, SIG_DFL)
        for (write, source) in kept {
            let progress = LoadProgress(name: source, after: 0)
            progress.step("making a snapshot for next time (Ctrl-C skips it)")
            let problem = write.finish()
            progress.finish()
            if let problem { Output.error("note: " + problem) }
        }
    }
}
