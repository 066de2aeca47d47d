import Foundation
import Testing
import Workbench

@Suite("docs/language.md")
struct LanguageDocTests {
    @Test("every example in the reference runs, in order, on the bundled data")
    func examplesRun() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/language.md").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var statements: [String] = []
        var inBlock = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") {
                inBlock = line == "```kagami"
                continue
            }
            if inBlock, !line.isEmpty { statements.append(String(line)) }
        }
        #expect(statements.count >= 20)
        let workspace = Workspace(document: try BundledData.mirrorFace())
        for statement in statements {
            let outcome = workspace.execute(statement)
            #expect(outcome.succeeded, "\(statement)\n\(outcome.error ?? "")")
        }
    }
}
