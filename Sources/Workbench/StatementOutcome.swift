/// What running one statement produced: its rendered output or its rendered error.
public struct StatementOutcome: Sendable {
    /// Rendered result (a table, a message); empty when there is nothing to show.
    public let output: String
    /// The rendered diagnostic when the statement failed; then nothing was changed.
    public let error: String?
    /// Whether the analyst asked to leave (`:quit`).
    public let quits: Bool

    /// A statement that succeeded.
    public static func succeeded(_ output: String) -> StatementOutcome {
        StatementOutcome(output: output, error: nil, quits: false)
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
