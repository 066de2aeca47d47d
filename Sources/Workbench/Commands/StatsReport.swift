import IncidentGraph
import PluginAPI

/// The text of `:stats`: node counts per kind and layer, edge counts per label.
enum StatsReport {
    static func render(workspace: Workspace) -> String {
        let graph = workspace.document.graph
        let rows = graph.nodeCountsByKind.filter { $0.count > 0 }.map { entry -> [Value] in
            let nodes = graph.nodes(ofKind: entry.kind)
            let synthetic = nodes.filter { graph.provenance(of: $0).origin == .synthetic }.count
            return [.string(entry.kind), .int(entry.count), .int(entry.count - synthetic), .int(synthetic)]
        }
        let kinds = Table(columns: ["kind", "nodes", "reported", "synthetic"], rows: rows)
        let labels = Table(
            columns: ["edge label", "edges"],
            rows: graph.edgeCountsByLabel.filter { $0.count > 0 }.map { [.string($0.label), .int($0.count)] })
        let name = workspace.document.name.isEmpty ? "this graph" : "`\(workspace.document.name)`"
        return "\(name): \(graph.nodeCount) nodes, \(graph.edgeCount) edges\n\n"
            + workspace.renderer.render(kinds, noun: ("kind", "kinds")) + "\n\n"
            + workspace.renderer.render(labels, noun: ("edge label", "edge labels"))
    }
}
