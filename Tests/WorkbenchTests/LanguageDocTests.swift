import Foundation
import LureScorer
import PhaseClassifier
import PluginAPI
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

    /// Runs a file's examples in order in one workspace; each must succeed.
    static func runExamples(in file: String, atLeast count: Int, registry: PluginRegistry? = nil) throws {
        let statements = try examples(in: file)
        #expect(statements.count >= count)
        let document = try BundledData.mirrorFace()
        let workspace = registry.map { Workspace(document: document, registry: $0) } ?? Workspace(document: document)
        for statement in statements {
            let outcome = workspace.execute(statement)
            #expect(outcome.succeeded, "\(file): \(statement)\n\(outcome.error ?? "")")
        }
    }

    @Test("every example in the language reference runs, in order, on the bundled data")
    func languageExamples() throws {
        try Self.runExamples(in: "language.md", atLeast: 20)
    }

    @Test("every example of competing hypotheses (docs/ach.md) runs, in order, on the bundled data")
    func achExamples() throws {
        try Self.runExamples(in: "ach.md", atLeast: 8)
    }

    @Test("every example in the plugin reference runs with the plugins loaded")
    func pluginExamples() throws {
        let registry = PluginLoader(configurationFolder: nil).registry(
            [PhaseClassifierPlugin(), LureScorerPlugin(), TimingAttributorPlugin()], selection: .all)
        try Self.runExamples(in: "plugins.md", atLeast: 5, registry: registry)
    }
}
