import IncidentGraph
import QuerySyntax

/// The folders a statement may read files from (`:import`, `:load`).
///
/// What the analyst types reads anywhere. A replayed file — `kagami run`, `kagami check`, a
/// `:load`ed session — reads only inside the working folders (where Kagami started, the
/// sessions and exports folders, the replayed files' folders), with symbolic links resolved,
/// unless `--allow-reads` is given: a homework file must not be able to `:import
/// ~/.aws/credentials` and have `check --accept` write the keys into its outputs.
public struct ReadableFolders: Sendable {
    /// The folders, or nil for anywhere.
    public let folders: [String]?

    /// No confinement.
    public static let anywhere = ReadableFolders(folders: nil)

    /// Only files inside `folders` (and their subfolders, links resolved).
    public static func within(_ folders: [String]) -> ReadableFolders {
        ReadableFolders(folders: folders)
    }

    /// `path` when it may be read, else a diagnostic naming the flag that widens it.
    func permit(_ path: String, at span: SourceSpan) throws(Diagnostic) -> String {
        guard let folders else { return path }
        guard folders.contains(where: { RealPath.isInside(path, $0) }) else {
            throw Diagnostic(
                code: .readConfined,
                message: "a replayed file may not read \(path): it is outside the working folders", span: span,
                hint: "replayed and checked files read only inside \(folders.joined(separator: ", ")); "
                    + "run with --allow-reads if you trust this file")
        }
        return path
    }
}
