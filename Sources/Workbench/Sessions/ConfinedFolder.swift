import Foundation
import IncidentGraph
import QuerySyntax

/// A folder that files are written into by name (sessions, exports): names stay inside it —
/// `../x` and absolute paths are refused — unless it is unconfined (`--allow-writes`).
public struct ConfinedFolder: Sendable {
    /// The folder.
    public let path: String
    /// Whether names must stay inside it.
    public let isConfined: Bool
    /// Whether writes are checked but not made (`kagami check`, the replay `:save` records
    /// outputs with): a replay must not overwrite what the analyst saved or edited.
    public private(set) var writesNothing = false

    /// A folder; unconfined, a name may also be any path (`../shared/x`, `/tmp/x`).
    public init(_ path: String, confined: Bool = true) {
        self.path = path
        isConfined = confined
    }

    /// The same folder, where writes are checked and reported but not made.
    public var writingNothing: ConfinedFolder {
        var folder = self
        folder.writesNothing = true
        return folder
    }

    /// The file a name stands for (with `fileExtension` added when missing), or a diagnostic
    /// when the name would leave the folder.
    func file(for name: String, fileExtension: String, what: String, at span: SourceSpan) throws(Diagnostic) -> String {
        let withExtension = name.hasSuffix("." + fileExtension) ? name : name + "." + fileExtension
        if !isConfined, !name.isEmpty {
            return name.hasPrefix("/") ? withExtension : path + "/" + withExtension
        }
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        let allowed = parts.allSatisfy { part in
            !part.isEmpty && part != "." && part != ".."
                && part.unicodeScalars.allSatisfy {
                    CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_" || $0 == "."
                }
        }
        guard allowed, !name.hasPrefix("/") else {
            throw Diagnostic(
                code: .fileName, message: "`\(name)` does not name a file inside \(path)/", span: span,
                hint:
                    "letters, digits, - _ . and / between folder names; no .. and no leading / (unless --allow-writes)")
        }
        let file = path + "/" + withExtension
        guard RealPath.isInside(file, path) else {
            throw Diagnostic(
                code: .fileName, message: "`\(name)` leads outside \(path)/ through a symbolic link", span: span,
                hint: "write to a folder inside \(path)/ that is not a link (unless --allow-writes)")
        }
        return file
    }

    /// Writes text atomically (a temporary file, flushed, then renamed), creating folders.
    func write(_ text: String, to file: String, at span: SourceSpan) throws(Diagnostic) {
        try write(to: file, at: span) { append throws(Diagnostic) in
            do { try append(Array(text.utf8)) } catch { throw writeFailure(file, error, at: span) }
        }
    }

    /// Writes a file made in pieces, atomically: `make` is given the function that appends
    /// to it (in large pieces), and the file appears only when `make` returns. When `make`
    /// throws, nothing was changed — a cancelled export writes nothing.
    func write(
        to file: String, at span: SourceSpan,
        _ make: (_ append: @escaping ([UInt8]) throws(GraphError) -> Void) throws(Diagnostic) -> Void
    ) throws(Diagnostic) {
        guard !writesNothing else { return try make { _ in } }
        // The folders made for the file are removed again if it is not written.
        let parent = (file as NSString).deletingLastPathComponent
        var made: [String] = []
        var folder = (parent as NSString).standardizingPath
        while !folder.isEmpty, folder != "/", !FileManager.default.fileExists(atPath: folder) {
            made.append(folder)
            folder = (folder as NSString).deletingLastPathComponent
        }
        var writer: AtomicFileWriter?
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
            let file = try AtomicFileWriter(path: file)
            writer = file
            try make { bytes throws(GraphError) in try file.write(bytes) }
            try file.commit()
        } catch {
            writer?.abandon()
            for folder in made { rmdir(folder) }
            throw error as? Diagnostic ?? writeFailure(file, error, at: span)
        }
    }

    /// The diagnostic for a file that could not be written.
    func writeFailure(_ file: String, _ error: any Error, at span: SourceSpan) -> Diagnostic {
        Diagnostic(
            code: .write, message: "could not write \(file): \(error)", span: span,
            hint: "check the folder exists and can be written; nothing was changed")
    }
}
