import IncidentGraph
import PluginAPI
import QueryEngine
import QuerySyntax

/// Query results as tables: node rows show their id and their kind's display properties,
/// then any computed columns; other rows show their columns.
enum ResultTables {
    static func table(
        _ rows: RowSet, in graph: IncidentGraph, cancellation: CancellationCheck
    ) throws(Diagnostic) -> (table: Table, noun: (singular: String, plural: String)) {
        guard rows.carriesNodes else {
            return (Table(columns: rows.columns, rows: rows.rows.map(\.values)), ("row", "rows"))
        }
        let nodes = rows.rows.compactMap(\.node)
        let kinds = Set(nodes.lazy.map { graph.kind(of: $0).name })
        let kind = kinds.count == 1 ? kinds.first.flatMap { graph.schema.kind(named: $0) } : nil
        let base = try NodeTables.table(of: nodes, in: graph, kind: kind, cancellation: cancellation)
        let table = Table(
            columns: base.columns + rows.columns,
            rows: zip(base.rows, rows.rows).map { $0 + $1.values })
        return (table, kind.map { ($0.name, $0.plural) } ?? ("node", "nodes"))
    }
}
