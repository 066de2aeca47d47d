import Foundation

/// Paths with every symbolic link resolved, for deciding whether a file lies inside a folder:
/// the text of a name says nothing about where `sessions/cfg/x` really is when `cfg` is a link.
enum RealPath {
    /// The real path of `path`, or, for a path that does not exist yet, the real path of its
    /// deepest existing folder with the rest appended; nil when even that cannot be resolved.
    static func resolve(_ path: String) -> String? {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var missing: [String] = []
        var existing = absolute
        while true {
            if let resolved = realPath(existing) {
                return ([resolved == "/" ? "" : resolved] + missing.reversed()).joined(separator: "/")
            }
            let url = URL(fileURLWithPath: existing)
            let parent = url.deletingLastPathComponent().path
            guard parent != existing, !parent.isEmpty else { return nil }
            let last = url.lastPathComponent
            // A name that does not exist yet may not climb out of its folder.
            guard last != "..", last != "." else { return nil }
            missing.append(last)
            existing = parent
        }
    }

    /// Whether `path` (resolved) is `folder` (resolved) or inside it.
    static func isInside(_ path: String, _ folder: String) -> Bool {
        guard let file = resolve(path), let root = resolve(folder) else { return false }
        return file == root || file.hasPrefix(root == "/" ? "/" : root + "/")
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
