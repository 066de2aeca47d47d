import Foundation
import LineEditor
import PluginAPI
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

/// Lets the REPL drive a workspace, refreshing the terminal width before each statement.
final class WorkspaceHost: REPLHost {
    let workspace: Workspace

    init(workspace: Workspace) {
        self.workspace = workspace
    }

    func isIncomplete(_ statement: String) -> Bool {
        workspace.isIncomplete(statement)
    }

    func run(_ statement: String) -> (output: String, error: String?, quits: Bool) {
        workspace.settings.width = TerminalSize.columns()
        let noColour = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        workspace.settings.colour = workspace.settings.width != nil && !noColour
        let outcome = workspace.execute(statement)
        return (outcome.output, outcome.error, outcome.quits)
    }

    func completions(of word: String, after textBefore: String) -> [String] {
        workspace.completions(of: word, after: textBefore)
    }
}
