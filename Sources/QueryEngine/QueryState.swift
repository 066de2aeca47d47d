import IncidentGraph
import PluginAPI
import QuerySyntax

/// What statements leave behind for later ones: `let` bindings, user definitions, and the
/// analyst's tags and notes on nodes.
///
/// A value: the engine works on a copy and the workspace keeps it only when the statement
/// succeeded, so a failing statement changes nothing.
public struct QueryState: Sendable {
    /// `let NAME = QUERY` results.
    public var bindings: [String: RowSet] = [:]
    /// `def fn NAME(params) = EXPR`, with the text it was written in (a problem in the body is
    /// told in its words).
    public var functions: [String: (parameters: [String], body: QuerySyntax.Expression, source: String)] = [:]
    /// `def stage NAME(params) = STAGES`, with the text they were written in (columns are
    /// named after it).
    public var stages: [String: (parameters: [String], stages: [Stage], source: String)] = [:]

    /// `tag QUERY as "LABEL"`: each node's labels, in the order given.
    public var tags: [NodeID: [String]] = [:]
    /// `note @id "TEXT"`: each node's notes, oldest first.
    public var notes: [NodeID: [String]] = [:]

    /// An empty state.
    public init() {}
}
