import ArgumentParser
import Foundation
import IncidentGraph
import Workbench

/// `kagami check FILE…`: replays sessions and compares each statement's output with the one
/// recorded under it (exit 3 on a difference), or records them anew with `--accept`.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Replay sessions and compare each output with the recorded one (exit 3 on a difference).")

    @OptionGroup var dataOptions: DataOptions

    @Flag(help: "Rewrite the recorded outputs with the ones produced now.")
    var accept = false

    @Flag(help: "With --accept, record a failing statement's error as its expected output.")
    var allowErrors = false

    @Flag(help: "Treat a session recorded on other data as an error (exit 1), not a warning.")
    var strict = false

    @Argument(help: ArgumentHelp("The session files.", valueName: "file"))
    var files: [String]

    func run() throws {
        var differing = 0
        for file in files {
            let text = try Output.text(of: file)
            let session = SessionFile(parsing: text)
            let workspace = try dataOptions.openWorkspace()
            workspace.reads = dataOptions.replayReads(besides: [file])
            // Checking writes nothing but the file being accepted.
            workspace.sessions = workspace.sessions.writingNothing
            workspace.exports = workspace.exports.writingNothing
            workspace.settings = RenderSettings()  // outputs are recorded as files lay them out
            if let recorded = session.headerValue("data")?.split(separator: " ").last,
                String(recorded) != workspace.dataFingerprint
            {
                let message =
                    "\(file) was recorded on other data (fingerprint \(recorded), now \(workspace.dataFingerprint))"
                Output.error((strict ? "error: " : "warning: ") + message)
                if strict { throw ExitCode(1) }
            }
            let check = SessionCheck(session, in: workspace)
            if accept {
                // An error is not an output to expect (unless the session is about errors):
                // nothing is recorded while a statement fails.
                let failures = allowErrors ? [] : check.mismatches.filter(\.failed)
                for failure in failures {
                    Output.error(
                        "\(file):\(failure.line): statement failed: \(failure.statement)\n"
                            + failure.diff.filter { $0.hasPrefix("+ ") || $0.hasPrefix("  ") }.map { String($0.dropFirst(2)) }
                            .joined(separator: "\n"))
                }
                guard failures.isEmpty else {
                    Output.error(
                        "\(file): nothing was recorded; fix the failing statements, then --accept again "
                            + "(or --accept --allow-errors to record their errors as expected)")
                    throw ExitCode(1)
                }
                var accepted = check.accepted
                if session.headerValue("data") != nil {
                    accepted.setHeaderValue("data", workspace.dataLine)
                }
                do {
                    try AtomicFile.write(accepted.text, to: file)
                } catch {
                    Output.error("error: could not write \(file): \(error)")
                    throw ExitCode(1)
                }
                Output.write("\(file): recorded the outputs of \(check.statements) statements")
                continue
            }
            for mismatch in check.mismatches {
                Output.write(
                    "\(file):\(mismatch.line): \(mismatch.failed ? "statement failed" : "output differs"): \(mismatch.statement)")
                Output.write((["--- recorded", "+++ now"] + mismatch.diff).joined(separator: "\n"))
            }
            differing += check.mismatches.count
            if check.tasks.isEmpty {
                let verdict = check.mismatches.isEmpty ? "all match" : "\(check.mismatches.count) differ"
                Output.write("\(file): \(check.statements) statements, \(verdict)")
                continue
            }
            Output.write(TaskReport.lines(check.tasks, file: file).joined(separator: "\n"))
            differing += check.tasks.filter { !$0.verdict.isRight }.count
        }
        if differing > 0 { throw ExitCode(3) }
    }
}
