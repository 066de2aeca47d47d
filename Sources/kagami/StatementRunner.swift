import ArgumentParser
import Workbench

/// Runs statements without a prompt, printing each output; stops at the first failure with
/// exit code 1 and the place of the failing statement.
struct StatementRunner {
    let workspace: Workspace

    func run(_ statements: [Script.Statement], origin: String) throws {
        for statement in statements {
            let outcome = workspace.execute(statement.text)
            if !outcome.output.isEmpty { Output.write(outcome.output) }
            if let error = outcome.error {
                Output.error("\(origin)\(statement.line.map { ":\($0)" } ?? ""): statement failed\n\(error)")
                throw ExitCode(1)
            }
            if outcome.quits { return }
        }
    }
}
