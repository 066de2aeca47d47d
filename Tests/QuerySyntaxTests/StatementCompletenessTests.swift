import QuerySyntax
import Testing

@Suite("When a statement continues on the next line")
struct StatementCompletenessTests {
    @Test(
        "finished statements",
        arguments: [
            "incidents", "incidents | take 3", ":schema incident", "@\"a | b\"", "x # comment |", "[1, 2]", "f(\"(\")",
            ":help |",
        ])
    func complete(statement: String) {
        #expect(!StatementCompleteness.isIncomplete(statement))
    }

    @Test(
        "unfinished statements",
        arguments: [
            "incidents |", "incidents |  ", "incidents |\u{3000}", "incidents | where x in [1,", "select f(",
            "where subject == \"日米",
            "incidents | # more\n",
        ])
    func incomplete(statement: String) {
        #expect(StatementCompleteness.isIncomplete(statement))
    }

    @Test("runaway input stops accumulating at the length limit")
    func runaway() {
        let open = "[" + String(repeating: "x", count: StatementCompleteness.maximumLength)
        #expect(StatementCompleteness.isTooLong(open))
        #expect(!StatementCompleteness.isIncomplete(open))
    }

    @Test("comment-only text holds nothing to run")
    func empty() {
        #expect(StatementCompleteness.isEmpty("# note\n#| 4 incidents\n  "))
        #expect(!StatementCompleteness.isEmpty("# note\nincidents"))
        #expect(StatementCompleteness.isEmpty(""))
        #expect(StatementCompleteness.isEmpty(" \t\r\n\u{3000}\n"))
        #expect(StatementCompleteness.isEmpty("\u{3000} # note"))
        #expect(!StatementCompleteness.isEmpty("\u{3000} incidents"))
        #expect(!StatementCompleteness.isEmpty("\n  incidents # note"))
    }
}
