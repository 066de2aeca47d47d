import ArgumentParser
import Workbench

/// Runs statements without a prompt, printing each output. Stops at the first failure with
/// exit code 1 and the place of the failing statement, or with `keepGoing` reports it and goes on.
struct StatementRunner {
    let workspace: Workspace
    let keepGoing: Bool

    /// Runs the statements; returns how many failed (only ever 0 without `keepGoing`).
    func run(_ statements: [Script.Statement], origin: String) throws -> Int {
        var failures = 0
        for statement in statements {
            let outcome = workspace.execute(statement.text)
            if !outcome.output.isEmpty { Output.write(outcome.output) }
            if let error = outcome.error {
                Output.error("\(origin)\(statement.line.map { ":\($0)" } ?? ""): statement failed\n\(error)")
                guard keepGoing else { throw ExitCode(1) }
                failures += 1
            }
            if outcome.quits { break }
        }
        return failures
    }
}
