import Testing
import Workbench

@Suite("Splitting a script into statements")
struct ScriptTests {
    @Test("comments and recorded output are skipped; continued statements are joined")
    func split() {
        let text = """
            # a session
            incidents
            #| id  ts
            #| 4 incidents

            incidents |
              take 3
            :stats
            """
        #expect(
            Script.statements(in: text) == [
                Script.Statement(text: "incidents", line: 2),
                Script.Statement(text: "incidents |\n  take 3", line: 6),
                Script.Statement(text: ":stats", line: 8),
            ])
    }

    @Test("an unfinished last statement is still returned, to fail with its error")
    func unfinished() {
        #expect(Script.statements(in: "incidents |") == [Script.Statement(text: "incidents |", line: 1)])
    }

    @Test("a file saved with Windows or old Mac line ends has one statement per line, as on Unix")
    func lineEnds() {
        let expected = [
            Script.Statement(text: "actors | count", line: 1), Script.Statement(text: "incidents |\n  take 3", line: 3),
        ]
        for end in ["\r\n", "\r"] {
            let text = ["actors | count", "#| 4", "incidents |", "  take 3", ""].joined(separator: end)
            #expect(Script.statements(in: text) == expected)
            #expect(SessionFile(parsing: text).entries.map(\.statement) == expected.map(\.text))
        }
    }
}
