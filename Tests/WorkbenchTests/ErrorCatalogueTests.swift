import Foundation
import IncidentGraph
import QueryEngine
import QuerySyntax
import Testing

@testable import Workbench

/// The catalogue of diagnostic codes: every code explained once, at the prompt and in docs/.
@Suite("The catalogue of error codes")
struct ErrorCatalogueTests {
    @Test("codes are unique, spelt domain.name, and each has a summary and a note")
    func wellFormed() {
        let codes = ErrorCatalogue.all.map(\.code)
        #expect(codes.count >= 80)
        #expect(Set(codes).count == codes.count, "a code is in two catalogues")
        for entry in ErrorCatalogue.all {
            #expect(entry.code.wholeMatch(of: /[a-z]+\.[a-z-]+/) != nil, "\(entry.code)")
            #expect(!entry.summary.isEmpty && !entry.note.isEmpty, "\(entry.code)")
        }
    }

    @Test("docs/errors.md lists each code with its summary, and no other code")
    func documented() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/errors.md").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let documented = text.split(separator: "\n").filter { $0.hasPrefix("| `") }.compactMap {
            $0.firstMatch(of: #/^\| `([^`]+)` \| /#).map { String($0.1) }
        }
        #expect(documented == ErrorCatalogue.all.map(\.code))
        for entry in ErrorCatalogue.all {
            #expect(text.contains("| `\(entry.code)` | \(entry.summary.replacingOccurrences(of: "|", with: "\\|")) |"))
        }
    }

    @Test(":help errors lists every code; :help CODE explains one within the terminal's width")
    func help() throws {
        let workspace = Workspace(document: try BundledData.mirrorFace())
        workspace.settings.width = 60
        let list = workspace.execute(":help errors")
        #expect(list.error == nil)
        for entry in ErrorCatalogue.all { #expect(list.output.contains(entry.code)) }
        let one = workspace.execute(":help name.column")
        #expect(one.error == nil)
        let explanation = try #require(ErrorCatalogue.entry(code: "name.column"))
        #expect(one.output.hasPrefix("name.column: " + explanation.summary.prefix(20)))
        #expect(one.output.split(separator: "\n").allSatisfy { TextWidth.of($0) <= 60 }, "\(one.output)")
        #expect(one.output.replacingOccurrences(of: "\n  ", with: " ").contains(explanation.note))
    }

    @Test("the diagnostics of bad statements carry catalogued codes")
    func diagnosticsAreCatalogued() throws {
        let graph = try BundledData.mirrorFace().graph
        let statements = [
            "incidnets | take 3", "incidents | where vectr == 1", "incidents | count by sector | where ts > 1",
            "incidents | where lower(1, 2) == 1", "incidents | where x = 1", "incidents | \"open",
            "incidents | in nosuch", "@nosuch", "incidents | summarize sum(1) | where count() > 1",
        ]
        var codes: Set<String> = []
        for statement in statements {
            guard case .failure(let failure) = QueryRunner.run(statement, graph: graph, state: QueryState()) else {
                Issue.record("\(statement) ran")
                continue
            }
            codes.formUnion(failure.diagnostics.map(\.code))
        }
        #expect(codes.count >= 6)
        for code in codes { #expect(ErrorCatalogue.entry(code: code) != nil, "\(code) is not in the catalogue") }
    }
}
