import Foundation

/// The autosave journal: every statement of an interactive session is appended and flushed to
/// disk as it runs, so a crash or a kill loses nothing. A clean exit removes it; a journal left
/// behind is set aside at the next start for `:recover`.
public final class SessionJournal {
    /// The journal of the running session.
    public let path: String
    /// Where a journal left by a session that did not end cleanly waits for `:recover`.
    public let recoverablePath: String
    private let handle: FileHandle

    /// Opens a fresh journal in `folder`, first setting aside one left behind.
    public init?(folder: String) {
        path = folder + "/journal.kagami"
        recoverablePath = folder + "/journal-unsaved.kagami"
        let files = FileManager.default
        try? files.createDirectory(atPath: folder, withIntermediateDirectories: true)
        if let left = try? String(contentsOfFile: path, encoding: .utf8), !SessionFile(parsing: left).entries.isEmpty {
            try? files.removeItem(atPath: recoverablePath)
            try? files.moveItem(atPath: path, toPath: recoverablePath)
        }
        guard
            files.createFile(
                atPath: path, contents: Data("# Kagami journal: this session's statements as they ran\n".utf8)),
            let handle = FileHandle(forWritingAtPath: path)
        else { return nil }
        handle.seekToEndOfFile()
        self.handle = handle
    }

    /// Statements waiting for `:recover`, if a previous session ended without `:quit`.
    public var recoverableCount: Int {
        guard let text = try? String(contentsOfFile: recoverablePath, encoding: .utf8) else { return 0 }
        return SessionFile(parsing: text).entries.count
    }

    /// Appends a statement (a failed one as a comment) and flushes it to disk.
    func append(_ statement: String, succeeded: Bool) {
        let text = succeeded ? statement : "# failed: " + statement.replacingOccurrences(of: "\n", with: "\n# ")
        handle.write(Data((text + "\n").utf8))
        try? handle.synchronize()
    }

    /// The session ended cleanly: nothing to recover from it.
    public func close() {
        try? handle.close()
        try? FileManager.default.removeItem(atPath: path)
    }
}
