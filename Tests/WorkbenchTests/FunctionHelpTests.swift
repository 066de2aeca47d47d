import QueryEngine
import Testing
import Workbench

/// `:help NAME` for every built-in function and aggregate, with an example that runs.
@Suite("Help on functions and aggregates")
struct FunctionHelpTests {
    @Test("every built-in function and aggregate has help whose example runs on the bundled data")
    func everyFunction() throws {
        let workspace = Workspace(document: try BundledData.mirrorFace())
        let functions = workspace.registry.functions.filter { $0.definition.run == nil }.map(\.definition.name)
        #expect(functions.count >= 25)
        for name in functions + QueryRunner.aggregateNames {
            let help = workspace.execute(":help \(name)")
            #expect(help.error == nil, "\(name): \(help.error ?? "")")
            let entry = try #require(BuiltInHelp.entry(named: name), "no help for \(name)")
            #expect(help.output.contains(entry.synopsis + "\n") && help.output.contains("example: " + entry.example))
            let example = workspace.execute(entry.example)
            #expect(example.error == nil, "\(name): \(entry.example)\n\(example.error ?? "")")
            #expect(!example.output.isEmpty)
        }
    }

    @Test("a misspelt function name gets a suggestion")
    func misspelt() throws {
        let workspace = Workspace(document: try BundledData.mirrorFace())
        #expect(workspace.execute(":help houre").error?.contains("did you mean `:help hour`?") == true)
    }
}
