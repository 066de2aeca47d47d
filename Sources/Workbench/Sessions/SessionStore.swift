import Foundation
import IncidentGraph
import QuerySyntax

/// The sessions folder: where `:save NAME` writes `NAME.kagami` and what `:sessions` lists.
/// Names stay inside the folder: `../x` and absolute paths are refused (unless `--allow-writes`).
public struct SessionStore: Sendable {
    /// The folder and its confinement.
    public let folder: ConfinedFolder

    /// A store over a folder; unconfined, a name may also be any path.
    public init(folder: String, confined: Bool = true) {
        self.folder = ConfinedFolder(folder, confined: confined)
    }

    private init(_ folder: ConfinedFolder) {
        self.folder = folder
    }

    /// The same store, where `:save` is checked and reported but writes nothing.
    public var writingNothing: SessionStore { SessionStore(folder.writingNothing) }

    /// The file a session name stands for, or a diagnostic when the name would leave the folder.
    func path(for name: String, at span: SourceSpan) throws(Diagnostic) -> String {
        try folder.file(for: name, fileExtension: "kagami", what: "session", at: span)
    }

    /// Writes a session atomically.
    func write(_ session: SessionFile, to path: String, at span: SourceSpan) throws(Diagnostic) {
        try folder.write(session.text, to: path, at: span)
    }

    /// The saved sessions: name, statement count, and when each was created.
    func list() -> [(name: String, statements: Int, created: String)] {
        // The folder may be a link (the repository's `sessions/` is): walk what it points to.
        let root = URL(fileURLWithPath: folder.path).resolvingSymlinksInPath().path
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        var found: [(String, Int, String)] = []
        while let relative = walker.nextObject() as? String {
            guard relative.hasSuffix(".kagami"),
                let text = try? String(contentsOfFile: root + "/" + relative, encoding: .utf8)
            else { continue }
            let session = SessionFile(parsing: text)
            found.append((String(relative.dropLast(7)), session.entries.count, session.headerValue("created") ?? "-"))
        }
        return found.sorted { $0.0 < $1.0 }
    }
}
