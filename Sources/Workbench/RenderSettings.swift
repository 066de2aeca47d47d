import QuerySyntax

/// How results are laid out: the terminal width and how much of a long result is shown.
public struct RenderSettings: Sendable {
    /// Columns available; `nil` when output is not a terminal (no column is left out then).
    public var width: Int?
    /// Rows shown before the rest is summarised.
    public var maxRows: Int
    /// Widest a single cell may be before it is cut (and marked with `…`).
    public var maxCellWidth: Int
    /// Table, line, JSON, JSON Lines or CSV (`:mode`).
    public var format = ResultFormat.table
    /// Whether to use colour (bold headers): only on a terminal, and never with `NO_COLOR`.
    public var colour = false
    /// Whether a result taller than the terminal goes through a pager (`:set pager off`).
    public var pager = true
    /// Whether each statement's wall time and row count are shown (`:timer on`).
    public var timer = false
    /// Whether charts are drawn with ASCII only (`#`, `:`), not Unicode blocks: with `NO_COLOR`.
    public var ascii = false

    /// Settings; the defaults suit an 80-column terminal and golden transcripts alike.
    public init(width: Int? = nil, maxRows: Int = 50, maxCellWidth: Int = 48) {
        self.width = width
        self.maxRows = maxRows
        self.maxCellWidth = maxCellWidth
    }

    /// A line of prose said with a result (a verdict, a footer, what the rows were computed
    /// from) broken between words to the terminal's width, its later lines indented, so that
    /// the terminal never breaks it inside a word; whole when the output is not a terminal
    /// (a pipe, a saved session).
    func fitted(_ text: String) -> String {
        TextWidth.fitted(text, toWidth: width)
    }
}
