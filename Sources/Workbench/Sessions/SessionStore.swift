import Foundation
import IncidentGraph
import QuerySyntax

/// The sessions folder: where `:save NAME` writes `NAME.kagami` and what `:sessions` lists.
/// Names stay inside the folder: `../x` and absolute paths are refused.
public struct SessionStore: Sendable {
    /// The folder (`sessions` beside where Kagami starts, or `--sessions-dir`).
    public let folder: String
    /// Whether names must stay inside the folder (not with `--allow-writes`).
    public let isConfined: Bool

    /// A store over a folder; unconfined, a name may also be any path (`../shared/x`, `/tmp/x`).
    public init(folder: String, confined: Bool = true) {
        self.folder = folder
        isConfined = confined
    }

    /// The file a session name stands for, or a diagnostic when the name would leave the folder.
    func path(for name: String, at span: SourceSpan) throws(Diagnostic) -> String {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        let allowed = parts.allSatisfy { part in
            !part.isEmpty && part != "." && part != ".."
                && part.unicodeScalars.allSatisfy {
                    CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_" || $0 == "."
                }
        }
        if !isConfined, !name.isEmpty {
            let path = name.hasPrefix("/") ? name : folder + "/" + name
            return name.hasSuffix(".kagami") ? path : path + ".kagami"
        }
        guard allowed, !name.hasPrefix("/") else {
            throw Diagnostic(
                code: "session.name", message: "`\(name)` is not a session name inside \(folder)/", span: span,
                hint:
                    "letters, digits, - _ . and / between folder names; no .. and no leading / (unless --allow-writes)")
        }
        return folder + "/" + (name.hasSuffix(".kagami") ? name : name + ".kagami")
    }

    /// Writes a session atomically (a temporary file, flushed, then renamed), creating folders.
    func write(_ session: SessionFile, to path: String, at span: SourceSpan) throws(Diagnostic) {
        do {
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try AtomicFile.write(session.text, to: path)
        } catch {
            throw Diagnostic(
                code: "session.write", message: "could not write \(path): \(error)", span: span,
                hint: "check the folder exists and can be written; nothing was changed")
        }
    }

    /// The saved sessions: name, statement count, and when each was created.
    func list() -> [(name: String, statements: Int, created: String)] {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return [] }
        var found: [(String, Int, String)] = []
        while let relative = walker.nextObject() as? String {
            guard relative.hasSuffix(".kagami"),
                let text = try? String(contentsOfFile: folder + "/" + relative, encoding: .utf8)
            else { continue }
            let session = SessionFile(parsing: text)
            found.append((String(relative.dropLast(7)), session.entries.count, session.headerValue("created") ?? "-"))
        }
        return found.sorted { $0.0 < $1.0 }
    }
}
