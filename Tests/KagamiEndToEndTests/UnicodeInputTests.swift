import Foundation
import TestSupport
import Testing

/// Text beyond ASCII typed at the prompt, through a real pseudo-terminal. Each statement
/// compares what was typed with the same text written as `\u{…}` escapes, so the result
/// (`true`) proves the characters reached the statement intact; the echo alone would not.
@Suite("Unicode typed at the prompt", .serialized)
struct UnicodeInputTests {
    let state: String

    init() throws {
        state = try BuiltProgram.temporaryFolder()
    }

    /// Starts the REPL with `LANG` unset, as on a minimal machine or a fresh container.
    private func start(arguments: [String] = []) throws -> PseudoTerminal {
        try PseudoTerminal.kagami(state: state, arguments: arguments)
    }

    /// Types `keys`, then Enter, and returns what the statement printed before the next prompt.
    private func type(_ keys: String, at terminal: PseudoTerminal) throws -> String {
        let mark = terminal.transcript.utf8.count
        terminal.send(keys + "\r")
        try terminal.expectPrompt("kagami> ")
        return String(decoding: Array(terminal.transcript.utf8).dropFirst(mark), as: UTF8.self)
    }

    @Test(
        "Japanese, Chinese, full-width punctuation, emoji and combining marks reach the statement",
        arguments: [
            ("台湾海峡", "\\u{53F0}\\u{6E7E}\\u{6D77}\\u{5CE1}"),
            (
                "【至急】日米同盟に関する勉強会のご案内",
                "\\u{3010}\\u{81F3}\\u{6025}\\u{3011}\\u{65E5}\\u{7C73}\\u{540C}\\u{76DF}\\u{306B}\\u{95A2}\\u{3059}\\u{308B}\\u{52C9}\\u{5F37}\\u{4F1A}\\u{306E}\\u{3054}\\u{6848}\\u{5185}"
            ),
            ("春节放假通知", "\\u{6625}\\u{8282}\\u{653E}\\u{5047}\\u{901A}\\u{77E5}"),
            ("ＡＢＣ！？", "\\u{FF21}\\u{FF22}\\u{FF23}\\u{FF01}\\u{FF1F}"),
            ("🇯🇵🔥", "\\u{1F1EF}\\u{1F1F5}\\u{1F525}"),
            ("e\u{301}が\u{3099}", "e\\u{301}\\u{304C}\\u{3099}"),
        ])
    func typedText(typed: String, escaped: String) throws {
        let terminal = try start()
        let output = try type("\"\(typed)\" == \"\(escaped)\" and len(\"\(typed)\") > 0", at: terminal)
        #expect(output.contains("true"), "\(typed): \(output)")
        #expect(try terminal.quit() == 0)
    }

    @Test("a Japanese filter typed at the prompt counts what the same statement piped counts")
    func japaneseFilter() throws {
        let statement = "lures | where subject contains \"台湾\" | count"
        let piped = try BuiltProgram.run(["-c", statement])
        #expect(piped.status == 0)
        let expected = try #require(piped.output.split(separator: "\n").dropFirst(2).first)
        #expect(Int(expected) ?? 0 > 0)
        let terminal = try start()
        let output = try type(statement, at: terminal)
        #expect(output.contains("\r\n\(expected)\r\n"), "\(output)")
        #expect(try terminal.quit() == 0)
    }

    @Test("backspace, Ctrl-W and the arrow keys move over wide characters one character at a time")
    func editingWideCharacters() throws {
        let terminal = try start()
        // Backspace removes 海 whole.
        #expect(try type("\"台湾海\u{7F}\" == \"\\u{53F0}\\u{6E7E}\"", at: terminal).contains("true"))
        // Ctrl-W removes the word 台湾海峡 and nothing before it.
        #expect(try type("\"abc 台湾海峡\u{17}\" == \"abc \"", at: terminal).contains("true"))
        // Two Left arrows step back over `"` and 湾; 台 goes in before 湾; Ctrl-E returns to the end.
        #expect(
            try type("\"湾\"\u{1B}[D\u{1B}[D台\u{05} == \"\\u{53F0}\\u{6E7E}\"", at: terminal).contains("true"))
        // Ctrl-A goes to the start, over wide characters, for `len(`.
        let length = try type("\"日本語\")\u{01}len(", at: terminal)
        #expect(length.contains("\r\n3\r\n"), "\(length)")
        #expect(try terminal.quit() == 0)
    }

    @Test("history keeps Japanese across runs: Up recalls the statement and it runs the same")
    func historyAcrossRuns() throws {
        let first = try start()
        #expect(
            try type("\"【至急】台湾\" == \"\\u{3010}\\u{81F3}\\u{6025}\\u{3011}\\u{53F0}\\u{6E7E}\"", at: first).contains(
                "true"))
        #expect(try first.quit() == 0)

        let second = try start()
        #expect(try type("\u{1B}[A", at: second).contains("true"))
        #expect(try second.quit() == 0)
    }

    @Test("Tab completes a property value in Japanese and an @id in Japanese")
    func completion() throws {
        let terminal = try start(arguments: ["--data", try Self.graphWithJapaneseIDs(in: state)])
        terminal.send("orgs | where name == \"宇宙\t")
        try terminal.expect("航空研究開発機構\" ")
        #expect(try type("| count", at: terminal).contains("\r\n1\r\n"))
        terminal.send("@防衛\t")
        try terminal.expect("省 ")
        #expect(try type("", at: terminal).contains("防衛省の本省"))
        #expect(try terminal.quit() == 0)
    }

    /// A small graph whose ids and names are Japanese.
    static func graphWithJapaneseIDs(in folder: String) throws -> String {
        let path = folder + "/japanese.json"
        let text = """
            {"format": "kagami-graph", "version": 1, "name": "japanese",
             "schema": {"kinds": [{"name": "org", "plural": "orgs", "display": ["name"],
                                   "properties": [{"name": "name", "type": "string"}]}],
                        "edges": [], "links": []},
             "nodes": [
               {"id": "防衛省", "kind": "org", "name": "防衛省の本省", "provenance": "synthetic"},
               {"id": "jaxa", "kind": "org", "name": "宇宙航空研究開発機構", "provenance": "synthetic"},
               {"id": "nisc", "kind": "org", "name": "内閣サイバーセキュリティセンター", "provenance": "synthetic"}],
             "edges": []}
            """
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
