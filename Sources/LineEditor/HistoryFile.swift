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
}
