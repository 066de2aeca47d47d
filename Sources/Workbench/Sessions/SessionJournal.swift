import Foundation
import IncidentGraph

/// The autosave journal: every statement of an interactive session is appended and flushed to
/// disk as it runs, so a crash or a kill loses nothing. Each running Kagami has its own
/// journal (`journal-PID.kagami`), locked while it runs; a clean exit removes it. At start, a
/// journal whose lock nobody holds was left by a session that ended without `:quit`: its
/// statements are set aside for `:recover`. A second Kagami running beside the first leaves
/// the first one's journal alone.
public final class SessionJournal {
    /// The journal of the running session.
    public let path: String
    /// Where a journal left by a session that did not end cleanly waits for `:recover`.
    public let recoverablePath: String
    private let handle: FileHandle
    /// Why the journal stopped being written, until the analyst has been told once.
    private var unreportedFailure: String?
    /// Whether a write has failed (nothing more is appended after that).
    private var failed = false

    /// Opens a fresh, locked journal in `folder`, first setting aside those left behind.
    public init?(folder: String) {
        path = folder + "/journal-\(getpid()).kagami"
        recoverablePath = folder + "/journal-unsaved.kagami"
        let files = FileManager.default
        try? files.createDirectory(atPath: folder, withIntermediateDirectories: true)
        Self.setAsideAbandoned(in: folder, into: recoverablePath)
        guard
            files.createFile(
                atPath: path, contents: Data("# Kagami journal: this session's statements as they ran\n".utf8)),
            let handle = FileHandle(forWritingAtPath: path)
        else { return nil }
        guard flock(handle.fileDescriptor, LOCK_EX | LOCK_NB) == 0 else { return nil }
        do { try handle.seekToEnd() } catch { return nil }
        self.handle = handle
    }

    /// Moves the statements of every journal in `folder` whose lock nobody holds (its session
    /// ended without `:quit`) into `recoverable`, after any already waiting there.
    private static func setAsideAbandoned(in folder: String, into recoverable: String) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for name in names.sorted()
        where name.hasPrefix("journal") && name.hasSuffix(".kagami") && name != "journal-unsaved.kagami" {
            let file = folder + "/" + name
            let descriptor = open(file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
            guard descriptor >= 0 else { continue }
            defer { Foundation.close(descriptor) }
            // Held: another Kagami is running with it.
            guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else { continue }
            if let left = try? String(contentsOfFile: file, encoding: .utf8), !SessionFile(parsing: left).entries.isEmpty {
                let waiting = (try? String(contentsOfFile: recoverable, encoding: .utf8)) ?? ""
                guard (try? AtomicFile.write(waiting + left, to: recoverable)) != nil else { continue }
            }
            unlink(file)
        }
    }

    /// Statements waiting for `:recover`, if a previous session ended without `:quit`.
    public var recoverableCount: Int {
        guard let text = try? String(contentsOfFile: recoverablePath, encoding: .utf8) else { return 0 }
        return SessionFile(parsing: text).entries.count
    }

    /// Appends a statement (a failed one as a comment) and flushes it to disk. After a failed
    /// write the journal is off; ``takeFailureReport()`` says so once.
    func append(_ statement: String, succeeded: Bool) {
        guard !failed else { return }
        let text = succeeded ? statement : "# failed: " + statement.replacingOccurrences(of: "\n", with: "\n# ")
        do {
            try handle.write(contentsOf: Data((text + "\n").utf8))
            try handle.synchronize()
        } catch {
            failed = true
            unreportedFailure =
                "warning: the autosave journal \(path) could not be written (\(Self.reason(error))); "
                + "statements from here on are not journaled: :save NAME keeps the session"
        }
    }

    /// The failure to write the journal, the first time it is asked for after it happened.
    public func takeFailureReport() -> String? {
        defer { unreportedFailure = nil }
        return unreportedFailure
    }

    private static func reason(_ error: any Error) -> String {
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
        return underlying?.localizedDescription ?? error.localizedDescription
    }

    /// The session ended cleanly: nothing to recover from it.
    public func close() {
        try? handle.close()
        try? FileManager.default.removeItem(atPath: path)
    }
}
