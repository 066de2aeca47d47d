import IncidentGraph
import PluginAPI

/// The text of `:sources`: each `source` node with how many nodes and edges cite it.
enum SourcesReport {
    static func render(workspace: Workspace) -> String {
        let graph = workspace.document.graph
        var citations: [String: Int] = [:]
        for node in graph.allNodes where graph.kind(of: node).name != "source" {
            for key in graph.provenance(of: node).sources { citations[key, default: 0] += 1 }
        }
        for index in 0..<graph.edgeCount {
            for key in graph.edge(EdgeID(index: index)).provenance.sources { citations[key, default: 0] += 1 }
        }
        let rows = graph.nodes(ofKind: "source").map { node -> [Value] in
            [.string(graph.id(of: node)), .int(citations[graph.id(of: node)] ?? 0), graph.value("title", of: node)]
        }
        let table = Table(columns: ["source", "cited by", "title"], rows: rows)
        return workspace.renderer.render(table, noun: ("source", "sources"))
            + "\n@ID shows one source with its address; status words: REPORTED, SECONDARY, UNCONFIRMED."
    }
}
