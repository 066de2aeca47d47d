import IncidentGraph
import PluginAPI
import QueryEngine
import QuerySyntax

/// Query results as tables: node rows show their id, their provenance and their kind's display
/// properties, then any computed columns; other rows show their columns.
enum ResultTables {
    /// How much of each row's provenance a table shows.
    enum ProvenanceDetail {
        /// `provenance` alone, beside the id (tables read by a person).
        case origin
        /// `provenance`, `status` and `sources` beside each node's id (`:mode csv|json|jsonl`);
        /// a table the statement `select`ed keeps exactly its columns, and its provenance is
        /// said beside it (a remark on standard error).
        case nodes
        /// As `nodes`, and appended to a `select`ed table whose rows still stand for nodes
        /// (files written by `export`, which carry their provenance whatever the columns).
        case full
    }

    static func table(
        _ rows: RowSet, in graph: IncidentGraph, provenance: ProvenanceDetail = .origin,
        cancellation: CancellationCheck
    ) throws(Diagnostic) -> (table: Table, noun: (singular: String, plural: String)) {
        guard rows.carriesNodes else {
            let table = Table(columns: rows.columns, rows: rows.rows.map(\.values))
            guard case .full = provenance, !rows.rows.isEmpty, rows.rows.allSatisfy({ $0.node != nil }) else {
                return (table, ("row", "rows"))
            }
            let added = NodeTables.fullProvenance.filter { !rows.columns.contains($0) }
            return (
                Table(
                    columns: rows.columns + added,
                    rows: rows.rows.map { row in
                        row.values + added.map { name in row.node.map { graph.value(name, of: $0) } ?? .null }
                    }),
                ("row", "rows")
            )
        }
        let nodes = rows.rows.compactMap(\.node)
        let kinds = Set(nodes.lazy.map { graph.kind(of: $0).name })
        let kind = kinds.count == 1 ? kinds.first.flatMap { graph.schema.kind(named: $0) } : nil
        let base = try NodeTables.table(
            of: nodes, in: graph, kind: kind,
            provenance: provenance == .origin ? ["provenance"] : NodeTables.fullProvenance, cancellation: cancellation)
        // A column computed with a node column's name (`extend vector = upper(vector)`) takes
        // its place: one key per name in JSON and CSV.
        let replacing = rows.columns.map { base.columns.firstIndex(of: $0) }
        let table = Table(
            columns: base.columns + zip(rows.columns, replacing).filter { $0.1 == nil }.map(\.0),
            rows: zip(base.rows, rows.rows).map { base, row in
                var values = base
                for (value, position) in zip(row.values, replacing) {
                    if let position { values[position] = value } else { values.append(value) }
                }
                return values
            })
        return (table, kind.map { ($0.name, $0.plural) } ?? ("node", "nodes"))
    }
}
