import ArgumentParser
import QuerySyntax
import Workbench

/// Runs statements without a prompt, printing each output. Stops at the first failure with
/// exit code 1, or with `keepGoing` reports it and goes on. An error names the file, line and
/// column of the failing statement (`tour.kagami:12:5: error: …`).
struct StatementRunner {
    let workspace: Workspace
    let keepGoing: Bool

    /// Runs the statements; returns how many failed (only ever 0 without `keepGoing`).
    func run(_ statements: [Script.Statement], origin: String) throws -> Int {
        var failures = 0
        for statement in statements {
            Presenter.prepare(&workspace.settings)
            let outcome = workspace.execute(
                statement.text, from: statement.line.map { SourceOrigin(name: origin, firstLine: $0) })
            Presenter.show(outcome, settings: workspace.settings)
            if let error = outcome.error {
                Output.error(statement.line == nil ? "\(origin): statement failed\n\(error)" : error)
                guard keepGoing else { throw ExitCode(1) }
                failures += 1
            }
            if outcome.quits { break }
        }
        return failures
    }
}
