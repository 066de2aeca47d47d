import IncidentGraph
import PluginAPI
import QuerySyntax

/// What statements leave behind for later ones: `let` bindings and user definitions.
///
/// A value: the engine works on a copy and the workspace keeps it only when the statement
/// succeeded, so a failing statement changes nothing.
public struct QueryState: Sendable {
    /// `let NAME = QUERY` results.
    public var bindings: [String: RowSet] = [:]
    /// `def fn NAME(params) = EXPR`.
    public var functions: [String: (parameters: [String], body: QuerySyntax.Expression)] = [:]
    /// `def stage NAME(params) = STAGES`, with the text they were written in (columns are
    /// named after it).
    public var stages: [String: (parameters: [String], stages: [Stage], source: String)] = [:]

    /// An empty state.
    public init() {}
}
