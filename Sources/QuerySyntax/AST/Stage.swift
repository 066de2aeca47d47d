/// One pipeline stage, with its source span.
public struct Stage: Hashable, Sendable {
    /// The stage and its arguments.
    public let kind: Kind
    /// Where it is.
    public let span: SourceSpan

    /// A stage.
    public init(_ kind: Kind, _ span: SourceSpan) {
        self.kind = kind
        self.span = span
    }

    /// The stages of QUERY.md. Stages the language does not know by name (plugin stages such
    /// as `classify phases`, user `def stage`s) parse as `.named` and are resolved against
    /// the registry by the checker.
    public enum Kind: Hashable, Sendable {
        /// `where EXPR`.
        case filter(Expression)
        /// `select ITEM, …` (`EXPR [as NAME]` or `NAME = EXPR`).
        case select([SelectItem])
        /// `extend NAME = EXPR, …`.
        case extend([SelectItem])
        /// `sort [by] EXPR [asc|desc], …`.
        case sort([SortKey])
        /// `take N` (N may be a `def stage` parameter).
        case take(Expression)
        /// `skip N`.
        case skip(Expression)
        /// `top N by EXPR [asc|desc]`: largest first unless `asc` is written.
        case top(Expression, SortKey)
        /// `distinct [EXPR, …]`.
        case distinct([Expression])
        /// `count [by EXPR, …]`.
        case count(by: [SelectItem])
        /// `summarize AGG [as NAME], … [by EXPR, …]`.
        case summarize([SelectItem], by: [SelectItem])
        /// `out|in|both [LABEL] [*N|*N..M]`.
        case traverse(PatternDirection, label: String?, hops: ClosedRange<Int>)
        /// `path TARGET [via LABEL, …] [max N]`.
        case path(target: Expression, via: [String], maximum: Int?)
        /// `timeline [by day|week|month|quarter|year]`.
        case timeline(unit: String?)
        /// `chart bar [by EXPR]`.
        case chart(String, by: Expression?)
        /// `heatmap EXPR by EXPR`.
        case heatmap(Expression, by: Expression)
        /// `export FORMAT "PATH"`.
        case export(format: String, path: String)
        /// Any other stage: its words (`classify phases`), then arguments
        /// (`on subject`, `(3)`), resolved by the registry.
        case named(words: [String], arguments: [Expression])
    }
}

/// `EXPR [as NAME]` or `NAME = EXPR`.
public struct SelectItem: Hashable, Sendable {
    /// The value.
    public let expression: Expression
    /// The column name given, if any.
    public let alias: String?

    /// A select item.
    public init(expression: Expression, alias: String?) {
        self.expression = expression
        self.alias = alias
    }
}

/// `EXPR [asc|desc]`.
public struct SortKey: Hashable, Sendable {
    /// What to sort by.
    public let expression: Expression
    /// Largest first.
    public let descending: Bool

    /// A sort key.
    public init(expression: Expression, descending: Bool) {
        self.expression = expression
        self.descending = descending
    }
}
