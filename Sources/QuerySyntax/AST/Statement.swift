/// A parsed statement.
public struct Statement: Hashable, Sendable {
    /// What the statement does.
    public let kind: Kind
    /// The whole statement.
    public let span: SourceSpan

    /// A statement.
    public init(_ kind: Kind, _ span: SourceSpan) {
        self.kind = kind
        self.span = span
    }

    /// The statement forms of QUERY.md.
    public enum Kind: Hashable, Sendable {
        /// `SOURCE | STAGE | …`: run and render.
        case query(Query)
        /// A bare expression, evaluated and printed: `hour(2024-06-03T01:30Z, "Asia/Shanghai")`.
        case expression(Expression)
        /// `let NAME = QUERY`.
        case bind(name: String, query: Query)
        /// `def stage NAME(params) = STAGES`.
        case defineStage(name: String, parameters: [String], stages: [Stage])
        /// `def fn NAME(params) = EXPR`.
        case defineFunction(name: String, parameters: [String], body: Expression)
        /// `tag QUERY as "LABEL"` or `untag QUERY as "LABEL"` (`remove`).
        case tag(query: Query, label: String, remove: Bool)
        /// `note @id "TEXT"`.
        case note(node: String, text: String)
    }
}

/// `SOURCE | STAGE | …`.
public struct Query: Hashable, Sendable {
    /// Where rows come from.
    public let source: Source
    /// What is done to them, in order.
    public let stages: [Stage]
    /// The whole query.
    public let span: SourceSpan

    /// A query.
    public init(source: Source, stages: [Stage], span: SourceSpan) {
        self.source = source
        self.stages = stages
        self.span = span
    }
}

/// Where a query's rows come from.
public struct Source: Hashable, Sendable {
    /// The kind of source.
    public let kind: Kind
    /// Where it is.
    public let span: SourceSpan

    /// A source.
    public init(_ kind: Kind, _ span: SourceSpan) {
        self.kind = kind
        self.span = span
    }

    /// Source forms.
    public enum Kind: Hashable, Sendable {
        /// A node kind (`incidents`), `nodes`, `edges`, or a `let` binding.
        case name(String)
        /// `@id`.
        case node(String)
        /// `match PATTERN, … [where EXPR]`.
        case match([Pattern], Expression?)
        /// `path @a -> @b [via LABEL, …] [max N]`.
        case path(from: String, to: String, via: [String], maximum: Int?)
    }
}
