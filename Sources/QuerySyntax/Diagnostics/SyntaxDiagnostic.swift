/// The problems the lexer and the parser report: text that is not a statement.
///
/// Each case's raw value is its stable code; `:help errors` lists them with their notes.
public enum SyntaxDiagnostic: String, DiagnosticCatalogue {
    /// A character the language does not use.
    case unexpectedCharacter = "lex.unexpected-character"
    /// Text in quotes that is never closed.
    case unclosedString = "lex.unclosed-string"
    /// A backslash escape the language does not know.
    case badEscape = "lex.bad-escape"
    /// Text that starts like a number but is not one.
    case badNumber = "lex.bad-number"
    /// A whole number or duration too large to hold.
    case numberTooLarge = "lex.number-too-large"
    /// `@` with no node id after it.
    case emptyNodeReference = "lex.empty-node-reference"
    /// Something other than what the grammar needs here.
    case expected = "syntax.expected"
    /// The statement ends before it is complete.
    case incomplete = "syntax.incomplete"
    /// A value is missing where an expression must be.
    case expectedValue = "syntax.expected-value"
    /// `=` written where a comparison is meant.
    case assignment = "syntax.assignment"
    /// A `def` that is neither a stage nor a function.
    case definition = "syntax.definition"
    /// A construct of another query language.
    case foreign = "syntax.foreign"
    /// A hop count a pattern cannot use.
    case hops = "syntax.hops"
    /// A `match` pattern that is not well formed.
    case pattern = "syntax.pattern"
    /// A statement that does not start with a source.
    case source = "syntax.source"
    /// A stage that is not well formed.
    case stage = "syntax.stage"
    /// Words left over after a complete stage.
    case stageTrailing = "syntax.stage-trailing"
    /// An expression nested too deeply to read.
    case tooDeep = "syntax.too-deep"
    /// Text left over after a complete statement.
    case trailing = "syntax.trailing"
    /// An `extend` column without a name.
    case extendName = "syntax.extend-name"
    /// A stage the language and its plugins do not have.
    case unknownStage = "name.stage"
    /// Another query language's word used as a stage.
    case foreignStage = "name.stage-foreign"

    /// What the problem is, and why it usually happens and how to fix it.
    public var explanation: (summary: String, note: String) {
        switch self {
        case .unexpectedCharacter:
            (
                "a character the language does not use",
                "Outside quotes a statement is made of names, numbers, operators and punctuation. Put other text, Japanese included, in double quotes: `subject contains \"台湾\"`."
            )
        case .unclosedString:
            (
                "text in quotes that is never closed",
                "Every `\"` that opens text needs a second one to close it; write `\\\"` for a quote inside the text. At the prompt an unclosed quote asks for the next line."
            )
        case .badEscape:
            (
                "a backslash escape the language does not know",
                "Inside quotes `\\n`, `\\t`, `\\\\`, `\\\"` and `\\u{3042}` are escapes; write `\\\\` for a backslash itself."
            )
        case .badNumber:
            (
                "text that starts like a number but is not one",
                "Numbers are `42` or `3.5`, durations `90d`, `12h`, `30m`, `2w`, `15s`, dates `2023-02-01`; a name cannot start with a digit."
            )
        case .numberTooLarge:
            (
                "a whole number or duration too large to hold",
                "Whole numbers and durations are 64-bit; write a smaller number, or a decimal such as `1.5`."
            )
        case .emptyNodeReference:
            (
                "`@` with no node id after it",
                "`@` names one node by its id, as in `@mirrorface`; Tab after `@` completes ids."
            )
        case .expected:
            (
                "something other than what the grammar needs here",
                "The message names what was expected; the caret shows what was found instead. `:help` and `:help STAGE` show each stage's form."
            )
        case .incomplete:
            (
                "the statement ends before it is complete",
                "A stage, value or closing bracket is missing at the end. At the prompt such a line asks for a continuation line; in a script the statement must be complete."
            )
        case .expectedValue:
            (
                "a value is missing where an expression must be",
                "An expression is a name, a literal (`42`, `\"text\"`, `2023-02-01`, `@id`), a call or a bracketed expression; an operator needs one on each side."
            )
        case .assignment:
            (
                "`=` written where a comparison is meant",
                "`=` names a column (`select sector = target.sector`) or defines something; compare with `==`."
            )
        case .definition:
            (
                "a `def` that is neither a stage nor a function",
                "Define a stage with `def stage NAME(n) = STAGES` or a function with `def fn NAME(x) = EXPRESSION`."
            )
        case .foreign:
            (
                "a construct of another query language",
                "Kagami's statements are pipes of stages; the hint shows how Kagami writes what SQL, Cypher or KQL would."
            )
        case .hops:
            (
                "a hop count a pattern cannot use",
                "A variable-length edge takes `*N` or `*N..M` with 0 ≤ N ≤ M and M ≥ 1: `-[:uses*1..3]->`; `*0..M` includes the start."
            )
        case .pattern:
            (
                "a `match` pattern that is not well formed",
                "A pattern is `(name:kind)-[:label]->(name:kind)`: nodes in round brackets, edges in square brackets with one direction or none."
            )
        case .source:
            (
                "a statement that does not start with a source",
                "A query starts with a kind (`incidents`), `nodes`, `edges`, `@id`, `path`, `match` or a name bound with `let`."
            )
        case .stage:
            (
                "a stage that is not well formed",
                "The caret shows where the stage stops making sense; `:help STAGE` shows its form."
            )
        case .stageTrailing:
            (
                "words left over after a complete stage",
                "Stages are separated by `|`; a stage's own words end where the next `|` should be."
            )
        case .tooDeep:
            (
                "an expression nested too deeply to read",
                "Brackets and operators nest to a fixed depth; split the expression with `let`, or write a long chain of alternatives as `in [...]`."
            )
        case .trailing:
            (
                "text left over after a complete statement",
                "One line is one statement; put a second statement on its own line, or join stages with `|`."
            )
        case .extendName:
            (
                "an `extend` column without a name",
                "`extend` adds columns, and each needs a name: `extend local_hour = hour(ts, \"Asia/Tokyo\")`."
            )
        case .unknownStage:
            (
                "a stage the language and its plugins do not have",
                "Built-in stages are `where`, `select`, `count`, `summarize`, `sort`, `top` …; plugins add more (`:plugins` lists them). The hint suggests the nearest name."
            )
        case .foreignStage:
            (
                "another query language's word used as a stage",
                "The message shows the Kagami stage that does what the word does in SQL, KQL or Cypher."
            )
        }
    }
}

extension Diagnostic {
    /// A diagnostic of one of this module's codes.
    init(code: SyntaxDiagnostic, message: String, span: SourceSpan?, hint: String? = nil) {
        self.init(code, message: message, span: span, hint: hint)
    }
}
