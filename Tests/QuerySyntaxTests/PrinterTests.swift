import Foundation
import QuerySyntax
import Testing

@Suite("Printing statements back")
struct PrinterTests {
    /// The parser's examples and the golden corpus's statements.
    static var statements: [String] {
        let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("QueryEngineTests/Corpus/golden.kagami")
        let lines = (try? String(contentsOf: corpus, encoding: .utf8))?.split(separator: "\n").map(String.init) ?? []
        return ParserTests.valid + lines.filter { !$0.hasPrefix("#") && !$0.hasPrefix(":") && !$0.isEmpty }
    }

    @Test("parse → print → parse → print is stable, for every example")
    func roundTrip() throws {
        #expect(Self.statements.count > 100)
        for text in Self.statements {
            let first = try #require(Parser.parse(text).statement, "\(text)")
            let printed = Printer.print(first)
            let second = try #require(Parser.parse(printed).statement, "printed: \(printed)")
            #expect(Printer.print(second) == printed, "\(text)")
        }
    }

    @Test("the canonical form")
    func canonical() throws {
        let statement = try #require(
            Parser.parse("incidents|where a==1 and not b or c in [1,2]|sort ts desc|top 3 by x|count by y").statement)
        #expect(
            Printer.print(statement)
                == "incidents | where ((a == 1) and (not b)) or (c in [1, 2]) | sort ts desc | top 3 by x | count by y")
    }
}
