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

    /// The table of `rows`, or of their `first` ones: a result shown fifty rows at a time is not
    /// all made into a table (`incidents` on a million made every row's values first: 0.6 s). The
    /// columns are those of every row (a node table's kind is read from all its nodes).
    static func table(
        _ rows: RowSet, in graph: IncidentGraph, provenance: ProvenanceDetail = .origin, first: Int? = nil,
        cancellation: CancellationCheck
    ) throws(Diagnostic) -> (table: Table, noun: (singular: String, plural: String)) {
        let madeRows = first.map { (0..<min($0, rows.count)).map(rows.row(at:)) } ?? rows.rows
        guard rows.carriesNodes else {
            let table = Table(columns: rows.columns, rows: madeRows.map(\.values))
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
        var (kinds, someNode) = (Set<Int>(), NodeID?.none)
        for index in 0..<rows.count {
            guard let node = rows.row(at: index).node else { continue }
            kinds.insert(graph.kindIndex(of: node))
            someNode = node
        }
        let kind = kinds.count == 1 ? someNode.map(graph.kind(of:)) : nil
        let nodes = madeRows.compactMap(\.node)
        let base = try NodeTables.table(
            of: nodes, in: graph, kind: kind,
            provenance: provenance == .origin ? ["provenance"] : NodeTables.fullProvenance, cancellation: cancellation)
        // A column computed with a node column's name (`extend vector = upper(vector)`) takes
        // its place: one key per name in JSON and CSV.
        let replacing = rows.columns.map { base.columns.firstIndex(of: $0) }
        let table = Table(
            columns: base.columns + zip(rows.columns, replacing).filter { $0.1 == nil }.map(\.0),
            rows: zip(base.rows, madeRows).map { base, row in
                var values = base
                for (value, position) in zip(row.values, replacing) {
                    if let position { values[position] = value } else { values.append(value) }
                }
                return values
            })
        return (table, kind.map { ($0.name, $0.plural) } ?? ("node", "nodes"))
    }
}
