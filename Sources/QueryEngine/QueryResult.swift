import IncidentGraph
import PluginAPI

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
}
