import Foundation
import TestSupport
import Testing

/// Where output goes: pure data when redirected, a pager at a terminal, errors on a full disk.
@Suite("Output to files, pipes and terminals", .serialized)
struct OutputTests {
    let state: String

    init() throws {
        state = try BuiltProgram.temporaryFolder()
    }

    @Test("redirected, acknowledgements and timings go to standard error, so the result is pure CSV")
    func pureData() throws {
        let run = try BuiltProgram.run([
            "-c", ":mode csv", "-c", ":timer on", "-c", "actors | select id | sort id", "-c", "let a = actors",
        ])
        #expect(run.status == 0)
        #expect(run.output == "id\r\napt31\r\nmenupass\r\nmirrorface\r\nsalt-typhoon\n")
        #expect(run.error.contains("mode: csv"))
        #expect(run.error.contains("timer: on"))
        #expect(run.error.contains("`a` is bound to 4 rows"))
        #expect(run.error.range(of: #"time: [0-9.]+ (ms|s) · 4 rows"#, options: .regularExpression) != nil)
    }

    @Test("--format sets the mode from the command line; an unknown one is a usage error")
    func formatFlag() throws {
        let jsonl = try BuiltProgram.run([
            "--format", "jsonl", "-c", "actors | select id, provenance | sort id | take 2",
        ])
        #expect(
            jsonl.output
                == "{\"id\": \"apt31\", \"provenance\": \"reported\"}\n{\"id\": \"menupass\", \"provenance\": \"reported\"}\n"
        )
        // A selected table of synthetic rows: pure data on standard output, its provenance beside it.
        let synthetic = try BuiltProgram.run(["--format", "csv", "-c", "incidents | select id | skip 4 | take 2"])
        #expect(synthetic.output == "id\r\ninc-0001\r\ninc-0002\n")
        #expect(synthetic.error.contains("2 rows from 2 incidents: 2 synthetic (generated; docs/synthetic-data.md)"))
        // Node rows carry provenance, status and sources.
        let nodes = try BuiltProgram.run(["--format", "jsonl", "-c", "incidents | skip 4 | take 1"])
        #expect(
            nodes.output.hasPrefix(
                #"{"id": "inc-0001", "provenance": "synthetic", "status": null, "sources": [], "ts": "#))
        let line = try BuiltProgram.run([
            "--format", "line", "-c", "@jaxa | in targeted | sort id | take 2 | select id, vector",
        ])
        #expect(
            line.output
                == "-[ row 1 ]-\nid      inc-jaxa-2023-06\nvector  vpn-device\n\n-[ row 2 ]-\nid      inc-jaxa-2024-01\nvector  vpn-device\n\n2 rows\n"
        )
        let unknown = try BuiltProgram.run(["--format", "xml", "-c", "actors"])
        #expect(unknown.status == 2)
        #expect(unknown.error.contains("unknown format `xml`"))
    }

    @Test("a full disk is an error with exit 1, not a crash")
    func fullDisk() throws {
        let run = try BuiltProgram.run(["-c", "actors"], standardOutput: "/dev/full")
        #expect(run.status == 1)
        #expect(run.error.contains("error: cannot write output: No space left on device"))
        #expect(!run.error.contains("crashed"))
    }

    @Test("a reader that stops early (| head -1) ends Kagami quietly")
    func closedPipe() throws {
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = [
            "-c", "\"$0\" -c incidents -c incidents -c incidents | head -1; echo \"status ${?}\"", BuiltProgram.kagami,
        ]
        let output = Pipe()
        let error = Pipe()
        shell.standardOutput = output
        shell.standardError = error
        try shell.run()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let complaints = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        shell.waitUntilExit()
        #expect(printed.hasPrefix("id "))
        #expect(printed.hasSuffix("status 0\n"))
        #expect(complaints.isEmpty, "\(complaints)")
    }

    /// A terminal whose pager marks every line it shows, so a test can tell paged output.
    private func terminal(pager: String = "sed 's/^/paged: /'") throws -> PseudoTerminal {
        try PseudoTerminal.kagami(state: state, environment: ["PAGER": pager, "NO_COLOR": "1"])
    }

    @Test("a result taller than the terminal goes through the pager; a short one and :set pager off do not")
    func pager() throws {
        let terminal = try terminal()
        terminal.send("incidents | take 40\r")
        try terminal.expect("paged: 40 incidents")
        try terminal.expectPrompt("kagami> ")
        terminal.send("actors\r")
        let short = try terminal.expect("4 actors")
        #expect(!short.contains("paged:"))
        try terminal.expectPrompt("kagami> ")
        terminal.send(":set pager off\r")
        try terminal.expect("pager: off")
        try terminal.expectPrompt("kagami> ")
        terminal.send("incidents | take 40\r")
        let unpaged = try terminal.expect("40 incidents")
        #expect(!unpaged.contains("paged:"))
        #expect(try terminal.quit() == 0)
    }

    @Test("a pager that is not installed does not lose the result")
    func missingPager() throws {
        let terminal = try terminal(pager: "no-such-pager-here")
        terminal.send("incidents | take 40\r")
        try terminal.expect("40 incidents")
        #expect(try terminal.quit() == 0)
    }

    @Test(":mode line shows one block per row; :timer shows time and rows at the terminal")
    func lineModeAndTimer() throws {
        let terminal = try terminal()
        terminal.send(":mode line\r")
        try terminal.expect("mode: line")
        try terminal.expectPrompt("kagami> ")
        terminal.send("actors | sort id | take 1 | select id, name\r")
        try terminal.expect("-[ row 1 ]-\r\nid    apt31\r\nname  APT31\r\n\r\n1 row")
        try terminal.expectPrompt("kagami> ")
        terminal.send(":timer on\r")
        try terminal.expect("timer: on")
        try terminal.expectPrompt("kagami> ")
        terminal.send("incidents | count\r")
        try terminal.expect("time: ")
        try terminal.expect("· 1 row")
        try terminal.expectPrompt("kagami> ")
        terminal.send(":timer off\r")
        try terminal.expectPrompt("kagami> ")
        terminal.send("actors | count\r")
        let untimed = try terminal.expect("count  4")
        #expect(!untimed.contains("time:"))
        #expect(try terminal.quit() == 0)
    }

    @Test("a journal that cannot be written is reported once")
    func journalFailure() throws {
        // A file-size limit makes writes past 2 KiB fail (EFBIG), as a full disk would.
        let terminal = try PseudoTerminal(
            executable: "/bin/sh",
            arguments: ["-c", "trap '' XFSZ; ulimit -f 4; exec \"$0\"", BuiltProgram.kagami],
            environment: [
                "TERM": "xterm", "PAGER": "cat", "HOME": state, "XDG_STATE_HOME": state, "PATH": "/usr/bin:/bin",
            ])
        try terminal.expectPrompt("kagami> ")
        let statement = "actors | where name != \"" + String(repeating: "x", count: 600) + "\" | count"
        for _ in 0..<6 {
            terminal.send(statement + "\r")
            try terminal.expect("1 row")
            try terminal.expectPrompt("kagami> ")
        }
        let warnings = terminal.transcript.components(separatedBy: "could not be written").count - 1
        #expect(warnings == 1, "\(terminal.transcript)")
        #expect(try terminal.quit() == 0)
        // The history could not grow past the limit either, but what it held was not lost.
        let history = try String(contentsOfFile: state + "/kagami/history", encoding: .utf8)
        #expect(history.hasPrefix("_HiStOrY_V2_\n") && history.hasSuffix("\n"))
        #expect(history.split(separator: "\n").count >= 2)
    }
}
