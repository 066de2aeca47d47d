import Foundation
import LineEditor
import PluginAPI
import QuerySyntax
import Workbench

/// The REPL wiring: libedit at a terminal, plain lines from a pipe, the workspace as host.
enum Interactive {
    /// Whether a person is typing (stdin is a terminal).
    static var isTerminal: Bool { TerminalSize.standardInputIsTerminal }

    /// Runs the REPL until Ctrl-D or `:quit`; returns how many statements failed.
    static func run(_ workspace: Workspace) -> Int {
        let host = WorkspaceHost(workspace: workspace)
        workspace.cancellation = CancellationCheck { InterruptSignal.isPending }
        let reader: LineReader
        let history = HistoryFile.standard()
        if isTerminal, let editor = LibEditLineReader(historyFile: history, completionSource: host) {
            editor.warnings.forEach(Output.error)
            Output.write(workspace.banner)
            // Every statement is journaled as it runs; a session killed before :quit can be recovered.
            if let folder = history.map({ ($0.path as NSString).deletingLastPathComponent }) {
                workspace.journal = SessionJournal(folder: folder)
                if workspace.journal == nil {
                    Output.error(
                        "warning: the autosave journal cannot be written in \(folder) (read-only or full); "
                            + "statements are not journaled: :save NAME keeps the session")
                }
                if let unsaved = workspace.journal?.recoverableCount, unsaved > 0 {
                    Output.write(
                        "The last session ended without :quit; :recover runs its \(unsaved) statement\(unsaved == 1 ? "" : "s") again."
                    )
                }
            }
            // Ctrl-C cancels the running statement and returns to the prompt; without a
            // prompt to return to (a pipe), it keeps its usual meaning and stops the program.
            InterruptSignal.install()
            reader = editor
        } else {
            reader = PlainLineReader()
        }
        let failures = REPL(reader: reader, host: host, write: Output.write, writeError: Output.error).run()
        workspace.journal?.close()
        return failures
    }
}

/// Lets the REPL drive a workspace: the layout is refreshed from the terminal before each
/// statement, and the output is shown here (paged, or kept out of a redirected result) rather
/// than returned to the REPL, which writes only errors.
final class WorkspaceHost: REPLHost {
    let workspace: Workspace

    init(workspace: Workspace) {
        self.workspace = workspace
    }

    func isIncomplete(_ statement: String) -> Bool {
        workspace.isIncomplete(statement)
    }

    func run(_ statement: String, line: Int?) -> (output: String, error: String?, quits: Bool) {
        Presenter.prepare(&workspace.settings)
        let outcome = workspace.execute(statement, from: line.map { SourceOrigin(name: "<stdin>", firstLine: $0) })
        if let journalFailure = workspace.journal?.takeFailureReport() { Output.error(journalFailure) }
        Presenter.show(outcome, settings: workspace.settings)
        return ("", outcome.error, outcome.quits)
    }

    func completions(of word: String, after textBefore: String) -> [String] {
        workspace.completions(of: word, after: textBefore)
    }
}
