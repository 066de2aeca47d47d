import Foundation
import LineEditor
import Workbench

/// Where a statement's output goes. Results go to standard output, through the pager when
/// they are taller than the terminal; acknowledgements (`mode: csv`, "wrote …") and `:timer`
/// lines go to standard error when standard output is not a terminal, and the remarks of a
/// data mode (a verdict, the rows' provenance) always, so that a redirected result is pure
/// data (`kagami -c ':mode csv' -c 'incidents' > out.csv`).
enum Presenter {
    /// Refreshes the layout from the terminal before a statement runs: width and colour.
    static func prepare(_ settings: inout RenderSettings) {
        settings.width = TerminalSize.columns()
        let noColour = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        settings.colour = settings.width != nil && !noColour
    }

    /// Shows the outcome's output and timing (its error is the caller's).
    static func show(_ outcome: StatementOutcome, settings: RenderSettings) {
        let toTerminal = TerminalSize.rows() != nil
        if !outcome.output.isEmpty {
            if outcome.isAcknowledgement, !toTerminal {
                Output.error(outcome.output)
            } else if !(toTerminal && settings.pager && page(outcome.output)) {
                Output.write(outcome.output)
            }
        }
        // A data mode's remarks (a verdict, what the rows were computed from) never vanish, and
        // never mix into the data.
        outcome.remarks.forEach(Output.error)
        if let timing = outcome.timing { toTerminal ? Output.write(timing) : Output.error(timing) }
    }

    /// Shows text taller than the terminal through the pager; `false` when it was not paged.
    private static func page(_ text: String) -> Bool {
        guard let rows = TerminalSize.rows() else { return false }
        var lines = 1
        for character in text.utf8 where character == UInt8(ascii: "\n") {
            lines += 1
            if lines >= rows { break }
        }
        let environment = ProcessInfo.processInfo.environment
        guard lines >= rows, let command = Pager.command(environment: environment) else { return false }
        return Pager.show(text + "\n", command: command, environment: environment)
    }
}
