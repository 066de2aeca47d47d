import IncidentGraph
import PluginAPI

/// The text of `:stats`: node counts per kind and layer, edge counts per label.
enum StatsReport {
    static func render(workspace: Workspace) -> String {
        let graph = workspace.document.graph
        var tallies: [ProvenanceTally] = []
        for entry in graph.nodeCountsByKind where entry.count > 0 {
            var tally = ProvenanceTally()
            for node in graph.nodes(ofKind: entry.kind) { tally.add(graph.origin(of: node), kindIndex: 0) }
            tallies.append(tally)
        }
        // Imported and observed columns only when the graph has such nodes.
        let origins = Provenance.Origin.allCases.filter { origin in
            origin == .reported || origin == .synthetic || tallies.contains { $0.count(of: origin) > 0 }
        }
        let rows = zip(graph.nodeCountsByKind.filter { $0.count > 0 }, tallies).map { entry, tally -> [Value] in
            [.string(entry.kind), .int(entry.count)] + origins.map { .int(tally.count(of: $0)) }
        }
        let kinds = Table(columns: ["kind", "nodes"] + origins.map(\.rawValue), rows: rows)
        let labels = Table(
            columns: ["edge label", "edges"],
            rows: graph.edgeCountsByLabel.filter { $0.count > 0 }.map { [.string($0.label), .int($0.count)] })
        let name = workspace.document.name.isEmpty ? "this graph" : "`\(workspace.document.name)`"
        return "\(name): \(graph.nodeCount) nodes, \(graph.edgeCount) edges\n\n"
            + workspace.renderer.render(kinds, noun: ("kind", "kinds")) + "\n\n"
            + workspace.renderer.render(labels, noun: ("edge label", "edge labels"))
    }
}
