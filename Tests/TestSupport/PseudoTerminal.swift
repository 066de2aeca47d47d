import Foundation
import Glibc

/// Runs a program on a pseudo-terminal so tests can type at it as a person would: keys,
/// arrows, Tab, Ctrl-C, Ctrl-D. Everything the program writes is kept in ``transcript``.
public final class PseudoTerminal {
    /// Raised when the expected output does not appear in time, with what did appear.
    public struct Timeout: Error, CustomStringConvertible {
        /// What was awaited.
        public let awaited: String
        /// The output so far.
        public let transcript: String
        /// What was awaited and everything the program wrote.
        public var description: String {
            "timed out waiting for \(awaited.debugDescription); output so far:\n\(transcript)"
        }
    }

    private let master: Int32
    private let process: pid_t
    private var output: [UInt8] = []
    private var consumed = 0
    private var exitStatus: Int32?

    /// Everything the program has written so far.
    public var transcript: String { String(decoding: output, as: UTF8.self) }

    /// Starts `executable` with `arguments` on a new 100×30 terminal.
    public init(executable: String, arguments: [String] = [], environment: [String: String]) throws {
        var master: Int32 = 0
        var slave: Int32 = 0
        var size = winsize(ws_row: 30, ws_col: 100, ws_xpixel: 0, ws_ypixel: 0)
        guard openpty(&master, &slave, nil, nil, &size) == 0 else { throw POSIXError(.EIO) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        for target in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] {
            posix_spawn_file_actions_adddup2(&actions, slave, target)
        }
        posix_spawn_file_actions_addclose(&actions, master)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        posix_spawnattr_setflags(&attributes, 0x80)  // POSIX_SPAWN_SETSID (glibc, not imported into Swift)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        close(slave)
        guard result == 0 else {
            close(master)
            throw POSIXError(POSIXErrorCode(rawValue: result) ?? .EIO)
        }
        self.master = master
        process = pid
        _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
    }

    deinit {
        if exitStatus == nil {
            kill(process, SIGKILL)
            var status: Int32 = 0
            waitpid(process, &status, 0)
        }
        close(master)
    }

    /// Types text (use `\t` for Tab, `\u{1B}[A` for Up, `\u{03}` for Ctrl-C, `\u{04}` for Ctrl-D).
    public func send(_ text: String) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { buffer in
            _ = write(master, buffer.baseAddress, buffer.count)
        }
    }

    /// Waits until `text` appears in output written after the previous `expect`, and returns
    /// that output up to and including it.
    @discardableResult
    public func expect(_ text: String, timeout: TimeInterval = 15) throws -> String {
        let needle = Array(text.utf8)
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let range = find(needle) {
                let found = String(decoding: output[consumed..<range.upperBound], as: UTF8.self)
                consumed = range.upperBound
                return found
            }
            guard Date() < deadline, readAvailable(until: deadline) else {
                throw Timeout(awaited: text, transcript: transcript)
            }
        }
    }

    /// Waits for `prompt`, then until the program has put the terminal into its line-editing
    /// mode (canonical input off), so that keys typed next reach the line editor, as a
    /// person's keys do, rather than the terminal's own line discipline.
    public func expectPrompt(_ prompt: String, timeout: TimeInterval = 15) throws {
        try expect(prompt, timeout: timeout)
        try waitForLineEditing(after: prompt, timeout: timeout)
    }

    /// Waits until the program's line editor has the terminal (canonical input off).
    private func waitForLineEditing(after prompt: String, timeout: TimeInterval = 15) throws {
        let deadline = Date().addingTimeInterval(timeout)
        var settings = termios()
        while tcgetattr(master, &settings) == 0, settings.c_lflag & tcflag_t(ICANON) != 0 {
            guard Date() < deadline else {
                throw Timeout(awaited: "line-editing mode after \(prompt)", transcript: transcript)
            }
            _ = readAvailable(until: Date().addingTimeInterval(0.005))
        }
    }

    /// `kagami` on a new terminal with its state (history, journal) in `state`, `PAGER=cat` and
    /// `LANG` unset unless `environment` says otherwise, waited for until it prompts.
    public static func kagami(state: String, arguments: [String] = [], environment: [String: String] = [:]) throws
        -> PseudoTerminal
    {
        let base = ["TERM": "xterm", "PAGER": "cat", "HOME": state, "XDG_STATE_HOME": state, "PATH": "/usr/bin:/bin"]
        let terminal = try PseudoTerminal(
            executable: BuiltProgram.kagami, arguments: arguments, environment: base.merging(environment) { $1 })
        try terminal.expectPrompt("kagami> ")
        return terminal
    }

    /// Waits until the line editor is reading (a prompt already awaited), types Ctrl-D and
    /// returns the exit status.
    public func quit() throws -> Int32 {
        try waitForLineEditing(after: "the last prompt")
        send("\u{04}")
        return try waitForExit()
    }

    /// Kills the program at once (SIGKILL), as a crash or `kill -9` would.
    public func killNow() {
        kill(process, SIGKILL)
        var status: Int32 = 0
        waitpid(process, &status, 0)
        exitStatus = status
    }

    /// Waits for the program to end and returns its exit code (128 + n for signal n).
    public func waitForExit(timeout: TimeInterval = 15) throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            var status: Int32 = 0
            if waitpid(process, &status, WNOHANG) == process {
                let code = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
                exitStatus = code
                _ = readAvailable(until: Date().addingTimeInterval(0.1))
                return code
            }
            _ = readAvailable(until: min(deadline, Date().addingTimeInterval(0.05)))
        }
        throw Timeout(awaited: "the program to exit", transcript: transcript)
    }

    private func find(_ needle: [UInt8]) -> Range<Int>? {
        guard !needle.isEmpty, output.count - consumed >= needle.count else { return nil }
        for start in consumed...(output.count - needle.count) where output[start] == needle[0] {
            if Array(output[start..<start + needle.count]) == needle { return start..<start + needle.count }
        }
        return nil
    }

    /// Reads what is available, waiting until the deadline for something; `false` at end of output.
    private func readAvailable(until deadline: Date) -> Bool {
        var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        let milliseconds = Int32(max(0, min(deadline.timeIntervalSinceNow, 1)) * 1000)
        guard poll(&descriptor, 1, milliseconds) > 0 else { return true }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
        if count > 0 {
            output.append(contentsOf: buffer[0..<count])
            return true
        }
        return count < 0 && errno == EAGAIN
    }
}
