import QuerySyntax

/// The problems the checker and the executor report: statements that read well but name
/// something the graph does not have, mix types, or cannot run.
///
/// Each case's raw value is its stable code; `:help errors` lists them with their notes.
public enum QueryDiagnostic: String, DiagnosticCatalogue {
    /// A source that is not a kind, `nodes`, `edges` or a bound name.
    case unknownSource = "source.unknown"
    /// A name that is no column, property, link or variable, or one the rows' kind lacks.
    case unknownName = "name.unknown"
    /// A name that is not a column of the table the rows have become.
    case noColumn = "name.column"
    /// Two columns of one name in a table.
    case duplicateColumn = "name.duplicate-column"
    /// A function the language and its plugins do not have.
    case unknownFunction = "name.function"
    /// An aggregate used outside `summarize`.
    case aggregateOutsideSummarize = "name.aggregate"
    /// A node kind the graph's schema does not have.
    case unknownKind = "name.kind"
    /// An edge label the graph's schema does not have.
    case unknownLabel = "name.label"
    /// A definition that would replace a plugin's function or stage.
    case nameTaken = "name.taken"
    /// No node has this id.
    case unknownNode = "node.unknown"
    /// `x => …` outside `any()` or `all()`.
    case lambdaOutsideQuantifier = "syntax.lambda"
    /// A range `a..b` that does not follow `in`.
    case rangeOutsideIn = "syntax.range"
    /// A value of the wrong type for an operator or function.
    case typeMismatch = "type.mismatch"
    /// Two values that cannot be compared.
    case incomparable = "type.compare"
    /// A comparison with the literal `null`, which is null whatever the other side holds.
    case nullComparison = "type.null-compare"
    /// Arithmetic on values it does not apply to.
    case arithmetic = "type.arithmetic"
    /// A list index that is not a whole number.
    case index = "type.index"
    /// An aggregate over values of the wrong type.
    case aggregateType = "type.aggregate"
    /// A date or date-time that does not exist.
    case date = "value.date"
    /// A regular expression that is not valid or may run for ever.
    case regex = "value.regex"
    /// A regular expression that backtracked too long on one value.
    case regexBudget = "value.regex-budget"
    /// A time zone that is not an IANA name.
    case timeZone = "value.time-zone"
    /// Text that would grow beyond the size limit.
    case textTooLong = "value.too-long"
    /// A call with the wrong number of arguments.
    case arity = "call.arity"
    /// Functions or stages that use each other too deeply.
    case callDepth = "call.depth"
    /// `summarize` given something that is not an aggregate.
    case summarizeNeedsAggregate = "summarize.aggregate"
    /// A plugin stage given words it does not take.
    case stageWords = "stage.words"
    /// An `export` stage that cannot write these rows.
    case export = "stage.export"
    /// A chart that cannot be drawn from these rows.
    case chart = "stage.chart"
    /// A timeline that cannot be drawn from these rows.
    case timeline = "stage.timeline"
    /// A plugin reported a problem.
    case plugin = "plugin.error"
    /// Ctrl-C stopped the statement.
    case cancelled = "run.cancelled"
    /// A result too large to hold.
    case tooManyRows = "run.too-many-rows"
    /// A path search that visited too many nodes.
    case pathLimit = "run.path-limit"
    /// `tag` or `untag` given a query whose rows are a table.
    case tagNeedsNodes = "run.tag"

    /// What the problem is, and why it usually happens and how to fix it.
    public var explanation: (summary: String, note: String) {
        switch self {
        case .unknownSource:
            (
                "a source that is not a kind, `nodes`, `edges` or a bound name",
                "`:schema` lists the kinds (plural, as in `incidents`); `let NAME = …` binds a name to use as a source."
            )
        case .unknownName:
            (
                "a name that is no column, property, link or variable, or one the rows' kind lacks",
                "Names are read from the row: its columns first, then its node's properties and links (`:schema KIND` lists them). When every row is of one kind (`incidents`, `(i:incident)`), a property only other kinds have is refused too: it would be null on every row; the hint names the kinds that have it. After `count`, `summarize` or `select` the rows are a table with only its columns."
            )
        case .noColumn:
            (
                "a name that is not a column of the table the rows have become",
                "After `count`, `summarize`, `distinct` or `heatmap` the rows no longer stand for nodes; compute what you need before that stage, or use one of the table's columns."
            )
        case .duplicateColumn:
            (
                "two columns of one name in a table",
                "JSON and CSV cannot hold two columns of one name; name one of them: `select n2 = …`."
            )
        case .unknownFunction:
            (
                "a function the language and its plugins do not have",
                "`:help NAME` describes a built-in function; plugins add more (`:plugins` lists them), and `def fn` defines your own."
            )
        case .aggregateOutsideSummarize:
            (
                "an aggregate used outside `summarize`",
                "`count()`, `sum(x)`, `avg(x)` … work out one value from many rows; use them in `summarize … by …`."
            )
        case .unknownKind:
            (
                "a node kind the graph's schema does not have",
                "`:schema` lists the kinds; a pattern names a kind in the singular: `(i:incident)`."
            )
        case .unknownLabel:
            (
                "an edge label the graph's schema does not have",
                "`:schema` lists the edge labels and which kinds they join."
            )
        case .nameTaken:
            (
                "a definition that would replace a plugin's function or stage",
                "Plugins' names stay what they are; choose another name for your definition."
            )
        case .unknownNode:
            (
                "no node has this id",
                "Ids are case-sensitive; Tab after `@` completes them, and `nodes | where id contains \"…\"` finds them."
            )
        case .lambdaOutsideQuantifier:
            (
                "`x => …` outside `any()` or `all()`",
                "A condition on each element of a list is only an argument of `any` or `all`: `any(malware, m => m.name == \"LODEINFO\")`."
            )
        case .rangeOutsideIn:
            (
                "a range `a..b` that does not follow `in`",
                "A range is tested with `in`: `ts in 2023-02..2023-10` (a month as the upper bound covers the whole month)."
            )
        case .typeMismatch:
            (
                "a value of the wrong type for an operator or function",
                "The message names what was needed and what was found; `null` is always accepted and gives `null`."
            )
        case .incomparable:
            (
                "two values that cannot be compared",
                "Numbers compare with numbers, text with text, dates and date-times with each other; write dates without quotes (`ts >= 2024-06-01`) and nodes as `@id`."
            )
        case .nullComparison:
            (
                "a comparison with the literal `null`, which is null whatever the other side holds",
                "`where lure == null` would keep no row, `where lure != null` none either; a missing value is tested with `is null` (`where lure is null`) and `is not null`."
            )
        case .arithmetic:
            (
                "arithmetic on values it does not apply to",
                "`+ - * / %` work on numbers; `+` also joins text, and dates and date-times take durations (`ts + 7d`)."
            )
        case .index:
            (
                "a list index that is not a whole number",
                "Elements of a list are read with a whole number from 0: `malware[0]`."
            )
        case .aggregateType:
            (
                "an aggregate over values of the wrong type",
                "`sum`, `avg` and `median` need numbers (or durations); filter the other values out first or convert them."
            )
        case .date:
            (
                "a date or date-time that does not exist",
                "Dates are `2023-02-28`, months `2023-02`, date-times `2023-02-01T09:30Z` or with an offset `+08:00`."
            )
        case .regex:
            (
                "a regular expression that is not valid or may run for ever",
                "`~` takes an ICU regular expression in quotes; nested repetitions such as `(a+)+` are refused because they can take exponential time."
            )
        case .regexBudget:
            (
                "a regular expression that backtracked too long on one value",
                "Repetitions side by side that can match the same text (`a*a*`) backtrack without end on long text; write one. Only patterns ICU matches backtrack (with look-around, back-references, `\\b` …): the others are read in one pass."
            )
        case .timeZone:
            (
                "a time zone that is not an IANA name",
                "Time zones are IANA names in quotes: \"Asia/Tokyo\", \"Asia/Shanghai\", \"Asia/Taipei\", \"UTC\"."
            )
        case .textTooLong:
            (
                "text that would grow beyond the size limit",
                "Joined text is limited in size so that a runaway definition cannot fill memory."
            )
        case .arity:
            (
                "a call with the wrong number of arguments",
                "`:help FUNCTION` shows a function's arguments; optional ones are in square brackets."
            )
        case .callDepth:
            (
                "functions or stages that use each other too deeply",
                "A definition that uses itself without end is stopped at this depth; check for recursion."
            )
        case .summarizeNeedsAggregate:
            (
                "`summarize` given something that is not an aggregate",
                "`summarize` takes aggregates (`count()`, `sum(x)`, `avg(x)` …), optionally named, then `by` and the group keys."
            )
        case .stageWords:
            (
                "a plugin stage given words it does not take",
                "`:help STAGE` shows the stage's form, with the words it takes after its name."
            )
        case .export:
            (
                "an `export` stage that cannot write these rows",
                "`export` is the last stage and writes csv, json, jsonl, dot, navigator, stix or svg; `dot` and `stix` need rows of nodes, `svg` a chart, `navigator` rows that use ATT&CK techniques."
            )
        case .chart:
            (
                "a chart that cannot be drawn from these rows",
                "The message names what the chart needs; `chart bar` draws a label column against a number column."
            )
        case .timeline:
            (
                "a timeline that cannot be drawn from these rows",
                "`timeline` counts rows of nodes with a time (incidents) by day, week, month, quarter or year, at most 100,000 periods."
            )
        case .plugin:
            (
                "a plugin reported a problem",
                "The message starts with the plugin's name; `:plugins NAME` shows what it needs."
            )
        case .cancelled:
            (
                "Ctrl-C stopped the statement",
                "Nothing the statement would have changed or written was changed; the session is as before it."
            )
        case .tooManyRows:
            (
                "a result too large to hold",
                "Narrow the rows with `where` or `take` before the stage that multiplies them (a pattern, a traversal)."
            )
        case .pathLimit:
            (
                "a path search that visited too many nodes",
                "Name the edge labels to follow (`via`), or lower the hop limit."
            )
        case .tagNeedsNodes:
            (
                "`tag` or `untag` given a query whose rows are a table",
                "Tags are put on nodes: the query must end with rows of nodes, without `select`, `count` or `summarize`."
            )
        }
    }
}

extension Diagnostic {
    /// A diagnostic of one of this module's codes.
    init(code: QueryDiagnostic, message: String, span: SourceSpan?, hint: String? = nil) {
        self.init(code, message: message, span: span, hint: hint)
    }
}
