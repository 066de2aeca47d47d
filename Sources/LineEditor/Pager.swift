import Foundation
import Glibc

/// Shows a result taller than the terminal through a pager, as psql and git do: `$PAGER`, or
/// `less -FRX` (quit at once when the text fits, keep colours, leave the text on the screen).
public enum Pager {
    /// The pager to run: `$PAGER` when set and not empty, else `less -FRX` when `less` is on
    /// the `PATH`; `nil` when there is none.
    public static func command(environment: [String: String]) -> String? {
        if let pager = environment["PAGER"], pager.contains(where: { !$0.isWhitespace }) { return pager }
        let folders = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return folders.contains { access("\($0)/less", X_OK) == 0 } ? "less -FRX" : nil
    }

    /// Writes `text` to `command` (run by `/bin/sh`) and waits until the reader quits it.
    /// `false` when the pager could not be started or was not found, so nothing was shown and
    /// the caller writes the text itself. Quitting the pager early is not an error.
    public static func show(_ text: String, command: String, environment: [String: String]) -> Bool {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return false }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_adddup2(&actions, ends[0], STDIN_FILENO)
        posix_spawn_file_actions_addclose(&actions, ends[0])
        posix_spawn_file_actions_addclose(&actions, ends[1])
        let arguments = ["/bin/sh", "-c", command].map { (word: String) in strdup(word) } + [nil]
        let variables = pagerEnvironment(environment).map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            posix_spawn_file_actions_destroy(&actions)
            arguments.forEach { free($0) }
            variables.forEach { free($0) }
        }
        var process: pid_t = 0
        let spawned = posix_spawn(&process, "/bin/sh", &actions, nil, arguments, variables)
        close(ends[0])
        guard spawned == 0 else {
            close(ends[1])
            return false
        }
        // A reader who quits before the end closes the pipe: that must not end Kagami.
        let previous = signal(SIGPIPE, SIG_IGN)
        writeAll(text, to: ends[1])
        close(ends[1])
        signal(SIGPIPE, previous)
        var status: Int32 = 0
        while waitpid(process, &status, 0) < 0, errno == EINTR {}
        let exitedNormally = status & 0x7F == 0
        let code = (status >> 8) & 0xFF
        return !(exitedNormally && (code == 126 || code == 127))
    }

    /// The environment with `LESSCHARSET=utf-8` added when the locale it names is not UTF-8
    /// (no `LANG` at all, as on a minimal machine): Kagami writes UTF-8 whatever the locale, and
    /// less would otherwise show box lines and Japanese as `<E2><94><80>`.
    private static func pagerEnvironment(_ environment: [String: String]) -> [String: String] {
        let locale = ["LC_ALL", "LC_CTYPE", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty } ?? ""
        let utf8 = locale.lowercased().replacingOccurrences(of: "-", with: "").contains("utf8")
        guard !utf8, environment["LESSCHARSET"] == nil else { return environment }
        return environment.merging(["LESSCHARSET": "utf-8"]) { old, _ in old }
    }

    private static func writeAll(_ text: String, to descriptor: Int32) {
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            guard let start = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, start + offset, buffer.count - offset)
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }
}
