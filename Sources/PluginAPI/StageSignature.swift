/// How a stage is written and what it does to the columns, so that the checker, `:help` and
/// completion know it before it runs.
public struct StageSignature: Sendable {
    /// The words that name it (`["classify", "phases"]`).
    public let words: [String]
    /// Its arguments, written after the name (`discover phases 4`) or in parentheses.
    public let parameters: [Parameter]
    /// Words that may follow the name (`on`, `subject`), checked by the stage itself.
    public let acceptsOptionWords: Bool
    /// The grammar as `:help` shows it (`discover phases [k]`).
    public let grammar: String
    /// One line saying what it does.
    public let summary: String
    /// What it does to the columns.
    public let columns: Columns

    /// A signature.
    public init(
        words: [String], parameters: [Parameter] = [], acceptsOptionWords: Bool = false, grammar: String? = nil,
        summary: String, columns: Columns
    ) {
        self.words = words
        self.parameters = parameters
        self.acceptsOptionWords = acceptsOptionWords
        self.grammar =
            grammar
            ?? (words + parameters.map { $0.isOptional ? "[\($0.name)]" : $0.name }).joined(separator: " ")
        self.summary = summary
        self.columns = columns
    }

    /// The stage's name as written (`classify phases`).
    public var name: String { words.joined(separator: " ") }

    /// What a stage does to the columns of its input.
    public enum Columns: Sendable, Equatable {
        /// Keeps the rows' columns and adds these (`classify phases` adds `phase`, `phase_p`, `phase_why`).
        case adds([String])
        /// Produces a new table with these columns (`discover phases`).
        case replaces([String])
        /// Depends on the arguments; the built-in stages of the language, whose columns the
        /// engine works out from the statement.
        case fromStatement
    }
}

/// One argument of a stage or function.
public struct Parameter: Sendable, Equatable {
    /// Its name, for help and messages.
    public let name: String
    /// The type it must have; nil accepts any value.
    public let type: ValueType?
    /// Whether it may be left out.
    public let isOptional: Bool

    /// A parameter.
    public init(_ name: String, _ type: ValueType? = nil, optional: Bool = false) {
        self.name = name
        self.type = type
        self.isOptional = optional
    }
}
