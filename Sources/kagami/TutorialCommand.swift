import ArgumentParser
import Foundation
import QuerySyntax
import Workbench

/// `kagami tutorial`: runs the course's tutorial, each step's explanation, then its statement
/// as typed at the prompt, then what it gives now.
struct TutorialCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tutorial", abstract: "Run the tutorial: each step's explanation, statement and result.")

    @OptionGroup var dataOptions: DataOptions

    func run() throws {
        guard let path = Course.tutorial, let text = try? Output.text(of: path) else {
            throw ValidationError("this installation has no tutorial")
        }
        let workspace = try dataOptions.openWorkspace()
        workspace.reads = dataOptions.replayReads(besides: [path])
        // The tutorial shows what :save and export would write; it writes nothing of its own.
        workspace.sessions = workspace.sessions.writingNothing
        workspace.exports = workspace.exports.writingNothing
        let session = SessionFile(parsing: text)
        var failures = 0
        for (index, entry) in session.entries.enumerated() {
            let explanation = (index == 0 ? session.header : entry.leading).drop { $0.isEmpty }
            if !explanation.isEmpty { Output.write("\n" + explanation.joined(separator: "\n")) }
            Output.write("kagami> " + entry.statement.replacingOccurrences(of: "\n", with: "\n   ...> "))
            Presenter.prepare(&workspace.settings)
            let outcome = workspace.execute(entry.statement, from: SourceOrigin(name: path, firstLine: entry.line))
            Presenter.show(outcome, settings: workspace.settings)
            if let error = outcome.error {
                Output.error(error)
                failures += 1
            }
        }
        Output.write("\nThat was the tutorial. Start your own session with: kagami; try an exercise: kagami exercise")
        if failures > 0 { throw ExitCode(1) }
    }
}
