import IncidentGraph

/// Graphviz DOT of a set of nodes and the edges among them: kinds drawn in different shapes,
/// labels on edges, ids as node names; synthetic nodes and edges dashed and grey, facts below
/// REPORTED dotted, so a picture never passes generated data off as reported. Deterministic:
/// nodes and edges in graph order.
public enum DotWriter {
    /// The DOT text, and how many nodes and edges it holds.
    public static func dot(of nodes: [NodeID], in graph: IncidentGraph) -> (text: String, nodes: Int, edges: Int) {
        let chosen = Set(nodes)
        let ordered = chosen.sorted()
        var lines = ["digraph kagami {", "  rankdir=LR;", "  node [fontname=\"Helvetica\"];"]
        for node in ordered {
            let kind = graph.kindName(of: node)
            let label = graph.value("name", of: node).stringValue ?? graph.id(of: node)
            let provenance = graph.provenance(of: node)
            let tag = provenance.isSynthetic ? ", synthetic" : ""
            lines.append(
                "  \(quote(graph.id(of: node))) [label=\(quote(label + "\n(" + kind + tag + ")")), shape=\(shape(kind))"
                    + style(provenance) + "];")
        }
        var edges = 0
        for node in ordered {
            for edgeID in graph.edges(at: node, direction: .out) {
                let edge = graph.edge(edgeID)
                guard chosen.contains(edge.to) else { continue }
                lines.append(
                    "  \(quote(graph.id(of: node))) -> \(quote(graph.id(of: edge.to))) [label=\(quote(edge.label))"
                        + style(edge.provenance) + "];")
                edges += 1
            }
        }
        lines.append("}")
        return (lines.joined(separator: "\n") + "\n", ordered.count, edges)
    }

    /// Dashed grey for generated records, dotted for facts only SECONDARY or UNCONFIRMED, dashed
    /// for imported or observed ones; nothing for reported facts.
    private static func style(_ provenance: Provenance) -> String {
        switch provenance.origin {
        case .synthetic: return ", style=dashed, color=gray50, fontcolor=gray40"
        case .imported, .observed: return ", style=dashed"
        case .reported: return provenance.status == .reported || provenance.status == nil ? "" : ", style=dotted"
        }
    }

    private static func shape(_ kind: String) -> String {
        switch kind {
        case "actor": "doubleoctagon"
        case "incident": "box"
        case "org": "ellipse"
        case "malware", "tool": "component"
        case "vulnerability": "diamond"
        case "lure": "note"
        case "campaign", "phase": "hexagon"
        case "source": "folder"
        default: "oval"
        }
    }

    /// A DOT string: quotes and backslashes escaped, newlines as `\n`.
    private static func quote(_ text: String) -> String {
        "\""
            + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n") + "\""
    }
}
