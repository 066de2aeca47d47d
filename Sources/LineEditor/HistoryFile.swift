import Foundation

/// Where the REPL's history lives and what to do when it cannot be read.
///
/// `$XDG_STATE_HOME/kagami/history`, falling back to `~/.local/state/kagami/history`.
/// The file is libedit's own format; it is saved atomically (temporary file, then rename),
/// and a file libedit refuses is moved aside with a warning instead of being overwritten.
public struct HistoryFile: Sendable {
    /// Full path of the history file.
    public let path: String

    /// The history file at an explicit path.
    public init(path: String) {
        self.path = path
    }

    /// The standard location for the current user, from the environment.
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> HistoryFile? {
        let state: String
        if let xdg = environment["XDG_STATE_HOME"], xdg.hasPrefix("/") {
            state = xdg
        } else if let home = environment["HOME"], !home.isEmpty {
            state = home + "/.local/state"
        } else {
            return nil
        }
        return HistoryFile(path: state + "/kagami/history")
    }

    /// Creates the folder the file lives in; returns a warning when that is impossible.
    func prepareFolder() -> String? {
        let folder = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            return nil
        } catch {
            return "warning: history will not be kept: cannot create \(folder)"
        }
    }

    /// Moves a history file that could not be read out of the way, keeping it for the analyst.
    /// Returns the warning to print.
    func setAside() -> String {
        let damaged = path + ".damaged-\(Int(Date().timeIntervalSince1970))"
        if rename(path, damaged) == 0 {
            return "warning: the history file could not be read; it was kept as \(damaged) and a new history started"
        }
        return "warning: the history file \(path) could not be read; history will not be saved this session"
    }

    /// A temporary path beside the file, for atomic saves.
    var temporaryPath: String {
        path + ".\(getpid()).tmp"
    }

    /// What is at the path.
    enum State {
        case missing
        case regular
        /// A FIFO, a device, a folder or a file too large to be a history: not read, not written.
        case unusable(String)
    }

    /// Largest history file read (1,000 entries are far smaller).
    static let largestFile: Int64 = 16 << 20

    var state: State {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .missing }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            return .unusable("warning: \(path) is not a regular file; history is not kept this session")
        }
        guard Int64(info.st_size) <= Self.largestFile else {
            return .unusable("warning: \(path) is larger than 16 MiB; history is not kept this session")
        }
        return .regular
    }

    /// Whether a saved history file is complete: its header line and one line per entry, each
    /// ending in a newline, and flushed to disk. A write that failed part-way (a full disk)
    /// leaves fewer lines, and the file is not used.
    static func holds(_ path: String, entries: Int) -> Bool {
        guard let data = FileManager.default.contents(atPath: path) else { return false }
        guard data.filter({ $0 == UInt8(ascii: "\n") }).count == entries + 1 else { return false }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        return fsync(descriptor) == 0
    }
}
