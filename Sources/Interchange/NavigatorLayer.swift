import Foundation
import IncidentGraph

/// An ATT&CK Navigator layer (format 4.5) of the techniques the given nodes use
/// (`uses_technique` edges from actors, campaigns, incidents, malware, tools), each scored by
/// how many of those nodes use it on a reported (or imported, observed) footing, with the
/// procedures as comments. Synthetic use never counts in a score: it is listed apart in each
/// technique's metadata, so a layer cannot rank techniques by generated records.
public enum NavigatorLayer {
    /// The layer's JSON, and how many techniques it scores.
    public static func layer(of nodes: [NodeID], in graph: IncidentGraph, name: String) -> (
        json: String, techniques: Int
    ) {
        var users: [NodeID: Set<NodeID>] = [:]
        var syntheticUsers: [NodeID: Set<NodeID>] = [:]
        var procedures: [NodeID: [String]] = [:]
        for node in Set(nodes) {
            for edgeID in graph.edges(at: node, direction: .out, label: "uses_technique") {
                let edge = graph.edge(edgeID)
                if edge.provenance.isSynthetic || graph.origin(of: node) == .synthetic {
                    syntheticUsers[edge.to, default: []].insert(node)
                    continue
                }
                users[edge.to, default: []].insert(node)
                if let procedure = edge.properties["procedure"]?.stringValue {
                    procedures[edge.to, default: []].append(procedure)
                }
            }
        }
        let used = Set(users.keys).union(syntheticUsers.keys).sorted()
        let techniques = used.compactMap { technique -> [String: Any]? in
            guard let id = graph.value("attack_id", of: technique).stringValue else { return nil }
            let reported = users[technique]?.count ?? 0
            let synthetic = syntheticUsers[technique]?.count ?? 0
            var entry: [String: Any] = [
                "techniqueID": id, "score": reported, "enabled": true,
                "metadata": [
                    ["name": "users (reported, imported, observed)", "value": String(reported)],
                    ["name": "users (synthetic, not scored)", "value": String(synthetic)],
                ],
            ]
            if let notes = procedures[technique], !notes.isEmpty { entry["comment"] = notes.joined(separator: " ") }
            return entry
        }
        let highest = techniques.compactMap { $0["score"] as? Int }.max() ?? 1
        let layer: [String: Any] = [
            "name": name,
            "versions": ["attack": "19", "navigator": "5.1.0", "layer": "4.5"],
            "domain": "enterprise-attack",
            "description":
                "Techniques used by \(Set(nodes).count) selected nodes, exported by Kagami; score = how many of them use each on a reported, imported or observed footing; synthetic (generated) use is listed in each technique's metadata and never scored",
            "sorting": 3,
            "hideDisabled": false,
            "techniques": techniques,
            "gradient": ["colors": ["#ffe766ff", "#ff6666ff"], "minValue": 0, "maxValue": highest],
            "legendItems": [],
            "metadata": [],
            "links": [],
            "showTacticRowBackground": false,
            "selectTechniquesAcrossTactics": true,
        ]
        let data =
            (try? JSONSerialization.data(withJSONObject: layer, options: [.prettyPrinted, .sortedKeys])) ?? Data()
        return (String(decoding: data, as: UTF8.self) + "\n", techniques.count)
    }
}
