import LineEditor
import Testing

/// Lines typed in advance, and what was recorded in history.
final class ScriptedReader: LineReader {
    var inputs: [LineInput]
    var prompts: [String] = []
    var history: [String] = []
    let isInteractive: Bool

    init(_ inputs: [LineInput], interactive: Bool = true) {
        self.inputs = inputs
        isInteractive = interactive
    }

    func readLine(prompt: String) -> LineInput {
        prompts.append(prompt)
        return inputs.isEmpty ? .endOfInput : inputs.removeFirst()
    }

    func addToHistory(_ statement: String) {
        history.append(statement)
    }
}

/// A host whose statements continue after a trailing `|` and fail when they contain `bad`.
final class EchoHost: REPLHost {
    var ran: [String] = []
    var lines: [Int?] = []

    func isIncomplete(_ statement: String) -> Bool {
        statement.hasSuffix("|")
    }

    func run(_ statement: String, line: Int?) -> (output: String, error: String?, quits: Bool) {
        ran.append(statement)
        lines.append(line)
        return ("ran \(statement)", statement.contains("bad") ? "error: bad" : nil, statement == ":quit")
    }

    func completions(of word: String, after textBefore: String) -> [String] { [] }
}

@Suite("The read–run–print loop")
struct REPLTests {
    private func run(_ inputs: [LineInput], interactive: Bool = true) -> (
        reader: ScriptedReader, host: EchoHost, output: [String], errors: [String], failures: Int
    ) {
        let reader = ScriptedReader(inputs, interactive: interactive)
        let host = EchoHost()
        var output: [String] = []
        var errors: [String] = []
        let failures = REPL(reader: reader, host: host, write: { output.append($0) }, writeError: { errors.append($0) })
            .run()
        return (reader, host, output, errors, failures)
    }

    @Test("continued lines make one statement and one history entry")
    func continuation() {
        let result = run([.line("incidents |"), .line("take 3"), .line(":stats")])
        #expect(result.host.ran == ["incidents |\ntake 3", ":stats"])
        #expect(result.reader.history == ["incidents |\ntake 3", ":stats"])
        #expect(result.reader.prompts == [REPL.prompt, REPL.continuationPrompt, REPL.prompt, REPL.prompt])
    }

    @Test("from a pipe, each statement is given the input line it starts on; at a terminal, none")
    func inputLines() {
        let inputs: [LineInput] = [.line("actors"), .line(""), .line("incidents |"), .line("take 3"), .line("bad")]
        #expect(run(inputs, interactive: false).host.lines == [1, 3, 5])
        #expect(run(inputs).host.lines == [nil, nil, nil])
    }

    @Test("Ctrl-C abandons the statement being typed and the loop goes on")
    func interrupt() {
        let result = run([.line("incidents |"), .interrupted, .line("actors")])
        #expect(result.host.ran == ["actors"])
        #expect(result.reader.prompts[2] == REPL.prompt)
    }

    @Test("failures are counted and their errors go to the error stream")
    func failures() {
        let result = run([.line("bad one"), .line("good"), .line("bad two")])
        #expect(result.failures == 2)
        #expect(result.errors == ["error: bad", "error: bad"])
        #expect(result.output == ["ran bad one", "ran good", "ran bad two"])
    }

    @Test(":quit ends the loop; blank lines run nothing")
    func quit() {
        let result = run([.line(""), .line("   "), .line(":quit"), .line("never")])
        #expect(result.host.ran == [":quit"])
        #expect(result.reader.history == [":quit"])
    }

    @Test("an unfinished statement at end of input is still run")
    func endOfInput() {
        let result = run([.line("incidents |")])
        #expect(result.host.ran == ["incidents |"])
    }
}
