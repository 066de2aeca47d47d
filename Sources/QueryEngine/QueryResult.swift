import IncidentGraph
import PluginAPI
import QuerySyntax

/// What a statement produced.
public enum QueryResult: Sendable {
    /// Rows (a query).
    case rows(RowSet)
    /// One node asked for by itself (`@jaxa`), shown with its properties and links.
    case node(NodeID)
    /// One value (a bare expression).
    case value(Value)
    /// A short confirmation (`let`, `def`).
    case message(String)
    /// Rows to write to a file (`export FORMAT "PATH"`): the workbench writes them.
    case export(RowSet, format: String, path: String, at: SourceSpan)
}
