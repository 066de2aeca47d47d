import Foundation
import TestSupport
import Testing

/// The REPL through a real pseudo-terminal, typed at as a person would.
@Suite("The REPL at a terminal", .serialized)
struct TerminalSessionTests {
    /// A fresh state folder, so history starts empty and stays inside the test.
    let state: String

    init() throws {
        state = try BuiltProgram.temporaryFolder()
    }

    private func start() throws -> PseudoTerminal {
        let terminal = try PseudoTerminal.kagami(state: state)
        #expect(terminal.transcript.contains("type :help"))
        return terminal
    }

    /// Waits for the prompt, types Ctrl-D and returns the exit status.
    private func quitWithCtrlD(_ terminal: PseudoTerminal) throws -> Int32 {
        try terminal.expectPrompt("kagami> ")
        return try terminal.quit()
    }

    @Test("a load longer than a second shows a progress line on the terminal, cleared at the prompt; none in a pipe")
    func loadProgress() throws {
        let state = try BuiltProgram.temporaryFolder()
        let data = state + "/big.jsonl"
        // Large enough to take about two seconds to load in a debug build (20,000 came under one).
        #expect(try BuiltProgram.run(["generate", "--incidents", "50000", "--out", data]).status == 0)
        let terminal = try PseudoTerminal.kagami(state: state, arguments: ["--no-cache", "--data", data], environment: [:])
        let shown = terminal.transcript
        #expect(shown.contains("big.jsonl: ") && shown.contains(" records · ") && shown.contains(" s left"), "\(shown)")
        #expect(shown.contains("\r\u{1B}[K"))
        #expect(try terminal.quit() == 0)
        let piped = try BuiltProgram.run(["--no-cache", "--data", data, "-c", "actors | count"])
        #expect(piped.status == 0 && !piped.error.contains("records ·"))
    }

    @Test("the banner names the data, a command runs, Ctrl-D exits 0")
    func commandAndExit() throws {
        let terminal = try start()
        #expect(terminal.transcript.contains("Kagami 0.1.0 · mirrorface:"))
        terminal.send(":stats\r")
        try terminal.expect("technique      44")
        #expect(try quitWithCtrlD(terminal) == 0)
    }

    @Test("headers are bold on a terminal, plain with NO_COLOR")
    func colour() throws {
        for noColour in [false, true] {
            var environment = ["TERM": "xterm", "PAGER": "cat", "HOME": state, "XDG_STATE_HOME": state]
            if noColour { environment["NO_COLOR"] = "1" }
            let terminal = try PseudoTerminal(executable: BuiltProgram.kagami, environment: environment)
            try terminal.expectPrompt("kagami> ")
            terminal.send("actors\r")
            try terminal.expect("4 actors")
            try terminal.expectPrompt("kagami> ")
            #expect(terminal.transcript.contains("\u{1B}[1mid") != noColour)
            terminal.send("\u{04}")
            #expect(try terminal.waitForExit() == 0)
        }
    }

    @Test("Up-arrow recalls a command from the previous session")
    func historyAcrossSessions() throws {
        let first = try start()
        first.send("@jaxa\r")
        try first.expect("宇宙航空研究開発機構")
        try first.expectPrompt("kagami> ")
        first.send(":quit\r")
        #expect(try first.waitForExit() == 0)
        #expect(FileManager.default.fileExists(atPath: state + "/kagami/history"))

        let second = try start()
        second.send("\u{1B}[A\u{1B}[A\r")
        try second.expect("宇宙航空研究開発機構")
        #expect(try quitWithCtrlD(second) == 0)
    }

    @Test("Tab completes :sch to :schema")
    func tabCompletion() throws {
        let terminal = try start()
        terminal.send(":sch\t")
        try terminal.expect("ema ")
        terminal.send("\r")
        try terminal.expect("15 kinds")
        #expect(try quitWithCtrlD(terminal) == 0)
    }

    @Test("Ctrl-C clears the line and the REPL keeps running")
    func interrupt() throws {
        let terminal = try start()
        terminal.send("incidents |")
        try terminal.expect("incidents |")
        terminal.send("\u{03}")
        try terminal.expectPrompt("kagami> ")
        terminal.send("actors\r")
        try terminal.expect("4 actors")
        #expect(try quitWithCtrlD(terminal) == 0)
    }

    @Test("a statement continues after a trailing | with the continuation prompt")
    func continuation() throws {
        let terminal = try start()
        terminal.send("incidents |\r")
        try terminal.expectPrompt("...> ")
        terminal.send("\u{03}")
        #expect(try quitWithCtrlD(terminal) == 0)
    }

    @Test("a damaged history file is set aside with a warning")
    func damagedHistory() throws {
        try FileManager.default.createDirectory(atPath: state + "/kagami", withIntermediateDirectories: true)
        try Data([0x00, 0xFF, 0x13, 0x37]).write(to: URL(fileURLWithPath: state + "/kagami/history"))
        let terminal = try PseudoTerminal(
            executable: BuiltProgram.kagami,
            environment: ["TERM": "xterm", "PAGER": "cat", "HOME": state, "XDG_STATE_HOME": state])
        try terminal.expect("the history file could not be read; it was kept as")
        try terminal.expectPrompt("kagami> ")
        terminal.send(":stats\r")
        #expect(try quitWithCtrlD(terminal) == 0)
        let kept = try FileManager.default.contentsOfDirectory(atPath: state + "/kagami").filter {
            $0.hasPrefix("history.damaged-")
        }
        #expect(kept.count == 1)
    }

    @Test("a statement typed over two lines is recalled as one history entry")
    func multiLineHistory() throws {
        let first = try start()
        first.send("incidents |\r")
        try first.expectPrompt("...> ")
        first.send("count\r")
        try first.expect("210")
        #expect(try quitWithCtrlD(first) == 0)
        let saved = try String(contentsOfFile: state + "/kagami/history", encoding: .utf8)
        #expect(saved.hasPrefix("_HiStOrY_V2_\n"))
        #expect(saved.split(separator: "\n").count == 2)

        let second = try start()
        second.send("\u{1B}[A\r")
        try second.expect("210")
        #expect(try quitWithCtrlD(second) == 0)
    }

    @Test("a session killed with SIGKILL is recovered statement for statement at the next start")
    func recoverAfterKill() throws {
        let first = try start()
        first.send("let vpn = incidents | where vector == \"vpn-device\"\r")
        try first.expect("`vpn` is bound to 18 rows")
        try first.expectPrompt("kagami> ")
        first.send("def fn twice(x) = x * 2\r")
        try first.expect("defined function")
        try first.expectPrompt("kagami> ")
        first.send("actrs\r")
        try first.expect("did you mean")
        try first.expectPrompt("kagami> ")
        first.killNow()

        let second = try PseudoTerminal(
            executable: BuiltProgram.kagami,
            environment: [
                "TERM": "xterm", "PAGER": "cat", "HOME": state, "XDG_STATE_HOME": state, "PATH": "/usr/bin:/bin",
            ])
        try second.expect(":recover runs its 2 statements again")
        try second.expectPrompt("kagami> ")
        second.send(":recover\r")
        try second.expect("recovered 2 statements; :save NAME keeps them")
        try second.expectPrompt("kagami> ")
        second.send("vpn | where twice(1) == 2 | count\r")
        try second.expect("18")
        #expect(try quitWithCtrlD(second) == 0)

        // A clean exit leaves nothing to recover.
        let third = try start()
        #expect(!third.transcript.contains(":recover"))
        third.send("\u{04}")
        #expect(try third.waitForExit() == 0)
    }

    @Test("two REPLs at once: neither takes the other's journal for a crashed one, and both keep their history")
    func twoAtOnce() throws {
        let first = try start()
        first.send("actors | count\r")
        try first.expect("1 row")
        try first.expectPrompt("kagami> ")
        let second = try start()
        #expect(!second.transcript.contains(":recover"))
        second.send("vulnerabilities | count\r")
        try second.expect("1 row")
        // The second quits cleanly while the first is still at work: the first's journal stays.
        #expect(try quitWithCtrlD(second) == 0)
        first.send("incidents | count\r")
        try first.expect("1 row")
        #expect(try quitWithCtrlD(first) == 0)
        let history = try String(contentsOfFile: state + "/kagami/history", encoding: .utf8)
        for line in ["actors | count", "vulnerabilities | count", "incidents | count"] {
            #expect(history.contains(line.replacingOccurrences(of: " ", with: "\\040")) || history.contains(line))
        }
        let third = try start()
        #expect(!third.transcript.contains(":recover"))
        third.send("\u{04}")
        #expect(try third.waitForExit() == 0)
    }

    @Test("a FIFO as the history file neither hangs the start nor is written")
    func historyNotAFile() throws {
        try FileManager.default.createDirectory(atPath: state + "/kagami", withIntermediateDirectories: true)
        #expect(mkfifo(state + "/kagami/history", 0o600) == 0)
        let terminal = try start()
        #expect(terminal.transcript.contains("is not a regular file; history is not kept this session"))
        terminal.send("actors | count\r")
        try terminal.expect("1 row")
        #expect(try quitWithCtrlD(terminal) == 0)
    }

    @Test("a state folder that cannot be written says once that the journal is off, and the REPL works")
    func unwritableState() throws {
        // A file where the folder should be: no journal or history can be made there, even by
        // root (for whom a read-only folder is writable).
        try "".write(toFile: state + "/kagami", atomically: true, encoding: .utf8)
        let terminal = try start()
        #expect(terminal.transcript.components(separatedBy: "autosave journal cannot be written").count == 2)
        terminal.send("actors | count\r")
        try terminal.expect("1 row")
        #expect(try quitWithCtrlD(terminal) == 0)
    }
}
