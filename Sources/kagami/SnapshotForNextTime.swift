import Foundation
import Synchronization
import Workbench

/// The snapshot of `--data` being written for next time on a worker thread: the prompt comes
/// as soon as the graph is read, and the process waits for the write as it ends (`atexit`, so
/// every way out waits), so that the snapshot is made whole; a write that failed is noted then.
/// Ctrl-C while it waits ends the process at once (the statements' handler is let go): a process
/// ended meanwhile leaves only a temporary file, removed by the next write, and no snapshot.
enum SnapshotForNextTime {
    private static let pending = Mutex<(write: SnapshotCache.Write, source: String)?>(nil)

    /// The write kept, if any.
    static var write: SnapshotCache.Write? {
        pending.withLock { $0?.write }
    }

    /// Keeps a write to wait for when the process ends.
    static func keep(_ write: SnapshotCache.Write, of source: String) {
        pending.withLock { $0 = (write, source) }
        atexit { SnapshotForNextTime.finish() }
    }

    /// Waits for the write, with a line saying so on a terminal while it is not done.
    private static func finish() {
        let kept = pending.withLock { pending in
            defer { pending = nil }
            return pending
        }
        guard let kept else { return }
        signal(SIGINT, SIG_DFL)
        let progress = LoadProgress(name: kept.source, after: 0)
        progress.step("making a snapshot for next time (Ctrl-C skips it)")
        let problem = kept.write.finish()
        progress.finish()
        if let problem { Output.error("note: " + problem) }
    }
}
