import Foundation
import LureScorer
import PhaseClassifier
import Testing
import TimingAttributor
import Workbench

@Suite("The examples in docs/")
struct LanguageDocTests {
    /// The ```kagami blocks of a file in docs/, one statement per line.
    static func examples(in file: String) throws -> [String] {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/" + file).path
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
        return statements
    }

    @Test("every example in the language reference runs, in order, on the bundled data")
    func languageExamples() throws {
        let statements = try Self.examples(in: "language.md")
        #expect(statements.count >= 20)
        let workspace = Workspace(document: try BundledData.mirrorFace())
        for statement in statements {
            let outcome = workspace.execute(statement)
            #expect(outcome.succeeded, "\(statement)\n\(outcome.error ?? "")")
        }
    }

    @Test("every example of competing hypotheses (docs/ach.md) runs, in order, on the bundled data")
    func achExamples() throws {
        let statements = try Self.examples(in: "ach.md")
        #expect(statements.count >= 8)
        let workspace = Workspace(document: try BundledData.mirrorFace())
        for statement in statements {
            let outcome = workspace.execute(statement)
            #expect(outcome.succeeded, "\(statement)\n\(outcome.error ?? "")")
        }
    }

    @Test("every example in the plugin reference runs with the plugins loaded")
    func pluginExamples() throws {
        let statements = try Self.examples(in: "plugins.md")
        #expect(statements.count >= 5)
        let registry = PluginLoader(configurationFolder: nil).registry(
            [PhaseClassifierPlugin(), LureScorerPlugin(), TimingAttributorPlugin()], selection: .all)
        let workspace = Workspace(document: try BundledData.mirrorFace(), registry: registry)
        for statement in statements {
            let outcome = workspace.execute(statement)
            #expect(outcome.succeeded, "\(statement)\n\(outcome.error ?? "")")
        }
    }
}
