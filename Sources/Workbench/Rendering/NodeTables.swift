import IncidentGraph
import PluginAPI
import QueryEngine
import QuerySyntax

/// Tables made from nodes: a set of nodes as rows of their key properties, one node as a card.
enum NodeTables {
    /// The provenance columns data written out carries for every node.
    static let fullProvenance = ["provenance", "status", "sources"]

    /// A row per node: `id`, the `provenance` columns asked for, then the kind's display
    /// properties (for mixed kinds: `kind`, `name`).
    static func table(
        of nodes: [NodeID], in graph: IncidentGraph, kind: KindSchema?, provenance: [String],
        cancellation: CancellationCheck
    ) throws(Diagnostic) -> Table {
        let display = (kind?.display ?? ["kind", "name"]).filter { !provenance.contains($0) }
        let columns = ["id"] + provenance + display
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
            throw Diagnostic(QueryDiagnostic.cancelled, message: "cancelled (Ctrl-C); nothing was changed", span: nil)
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
            var byLabel: [(label: String, ids: [String], synthetic: [String])] = []
            for edgeID in graph.edges(at: node, direction: direction) {
                let edge = graph.edge(edgeID)
                let otherNode = direction == .out ? edge.to : edge.from
                let other = graph.id(of: otherNode)
                let generated = graph.origin(of: otherNode) == .synthetic
                if byLabel.last?.label != edge.label { byLabel.append((edge.label, [], [])) }
                if generated {
                    byLabel[byLabel.count - 1].synthetic.append(other)
                } else {
                    byLabel[byLabel.count - 1].ids.append(other)
                }
            }
            for (label, ids, synthetic) in byLabel {
                let name = direction == .out ? "\(label) →" : "← \(label)"
                rows.append([.string(name), .string(linkText(ids, synthetic))])
            }
        }
        return Table(columns: ["@" + graph.id(of: node), ""], rows: rows)
    }

    /// The neighbours over one label: reported (or imported, observed) ones first, then the
    /// synthetic ones counted apart, so a reported node's card never passes generated records
    /// off as its own (`@inc-jaxa-2023-06; 154 synthetic: @inc-0001 @inc-0002 …`).
    private static func linkText(_ ids: [String], _ synthetic: [String]) -> String {
        func listed(_ ids: [String], shown: Int) -> String {
            let text = ids.prefix(shown).map { "@" + $0 }.joined(separator: " ")
            return ids.count > shown ? text + " … \(ids.count) in all" : text
        }
        guard !synthetic.isEmpty else { return listed(ids, shown: 4) }
        let generated = "\(synthetic.count) synthetic: " + listed(synthetic, shown: 2)
        return ids.isEmpty ? generated : listed(ids, shown: 4) + "; " + generated
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
