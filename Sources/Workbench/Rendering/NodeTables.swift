import IncidentGraph
import PluginAPI
import QueryEngine
import QuerySyntax

/// Tables made from nodes: a set of nodes as rows of their key properties, one node as a card.
enum NodeTables {
    /// A row per node: `id`, then the kind's display properties (for mixed kinds: `kind`, `name`).
    static func table(
        of nodes: [NodeID], in graph: IncidentGraph, kind: KindSchema?, cancellation: CancellationCheck
    ) throws(Diagnostic) -> Table {
        let columns = ["id"] + (kind?.display ?? ["kind", "name"])
        var rows: [[Value]] = []
        rows.reserveCapacity(nodes.count)
        for (position, node) in nodes.enumerated() {
            if position % cancellationInterval == 0 { try stopIfCancelled(cancellation) }
            rows.append(
                columns.map { column in
                    column == "name" && kind == nil ? displayName(of: node, in: graph) : graph.value(column, of: node)
                })
        }
        return Table(columns: columns, rows: rows)
    }

    /// Rows built between two looks at the cancellation check.
    static let cancellationInterval = 4096

    /// Throws the "cancelled" diagnostic when the analyst pressed Ctrl-C.
    static func stopIfCancelled(_ cancellation: CancellationCheck) throws(Diagnostic) {
        if cancellation.isCancelled {
            throw Diagnostic(code: "run.cancelled", message: "cancelled (Ctrl-C); nothing was changed", span: nil)
        }
    }

    /// A node's properties, one per row, then the analyst's tags and notes, then its links
    /// grouped by label and direction.
    static func card(of node: NodeID, in graph: IncidentGraph, state: QueryState) -> Table {
        let kind = graph.kind(of: node)
        var rows: [[Value]] = [[.string("kind"), .string(kind.name)]]
        for property in kind.properties {
            let value = graph.value(property.name, of: node)
            if !value.isNull { rows.append([.string(property.name), value]) }
        }
        for name in ["provenance", "status", "sources"] {
            let value = graph.value(name, of: node)
            if !value.isNull, value != .list([]) { rows.append([.string(name), value]) }
        }
        if let tags = state.tags[node] { rows.append([.string("tags"), .list(tags.map(Value.string))]) }
        for note in state.notes[node] ?? [] { rows.append([.string("note"), .string(note)]) }
        for direction in [Direction.out, .in] {
            var byLabel: [(label: String, ids: [String])] = []
            for edgeID in graph.edges(at: node, direction: direction) {
                let edge = graph.edge(edgeID)
                let other = graph.id(of: direction == .out ? edge.to : edge.from)
                if byLabel.last?.label == edge.label {
                    byLabel[byLabel.count - 1].ids.append(other)
                } else {
                    byLabel.append((edge.label, [other]))
                }
            }
            for (label, ids) in byLabel {
                let name = direction == .out ? "\(label) →" : "← \(label)"
                let shown = ids.prefix(4).map { "@" + $0 }.joined(separator: " ")
                rows.append([.string(name), .string(ids.count > 4 ? shown + " … \(ids.count) in all" : shown)])
            }
        }
        return Table(columns: ["@" + graph.id(of: node), ""], rows: rows)
    }

    /// The most readable label of a node: `name`, else its first display property, else its id.
    static func displayName(of node: NodeID, in graph: IncidentGraph) -> Value {
        let kind = graph.kind(of: node)
        for property in ["name"] + kind.display {
            let value = graph.value(property, of: node)
            if !value.isNull { return value }
        }
        return .string(graph.id(of: node))
    }
}
