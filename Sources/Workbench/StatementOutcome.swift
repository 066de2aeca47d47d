/// What running one statement produced: its rendered output or its rendered error.
public struct StatementOutcome: Sendable {
    /// Rendered result (a table, a message); empty when there is nothing to show.
    public let output: String
    /// The rendered diagnostic when the statement failed; then nothing was changed.
    public let error: String?
    /// Whether the analyst asked to leave (`:quit`).
    public let quits: Bool
    /// Whether the output only acknowledges a change to the session (`mode: csv`, "`x` is bound
    /// to 3 rows", "wrote …"), not a result: a front end keeps it out of a data stream.
    public var isAcknowledgement = false
    /// Wall time and rows of the statement, with `:timer on` (`time: 12.3 ms · 38 rows`).
    public var timing: String?
    /// The statement as a session records it, when that differs from what was typed (a
    /// rating, pinned to the evidence result it was made against).
    public var recordedAs: String?
    /// Lines about the result that a data mode (`csv`, `json`, `jsonl`) keeps out of its output:
    /// what it was computed from, a plugin's verdict. (Tables show them under the rows.)
    public var remarks: [String] = []

    /// What a session records for the statement: its error, or its output with its remarks.
    public var transcript: String {
        error ?? ([output] + remarks).joined(separator: "\n")
    }

    /// A statement that succeeded.
    public static func succeeded(_ output: String) -> StatementOutcome {
        StatementOutcome(output: output, error: nil, quits: false)
    }

    /// A statement that succeeded and changed the session without producing a result.
    public static func acknowledged(_ message: String) -> StatementOutcome {
        StatementOutcome(output: message, error: nil, quits: false, isAcknowledgement: true)
    }

    /// A statement that failed, with its rendered diagnostic.
    public static func failed(_ error: String) -> StatementOutcome {
        StatementOutcome(output: "", error: error, quits: false)
    }

    /// The analyst asked to leave.
    public static let quit = StatementOutcome(output: "", error: nil, quits: true)

    /// Whether the statement succeeded.
    public var succeeded: Bool { error == nil }
}
