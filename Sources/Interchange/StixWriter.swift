import Foundation
import IncidentGraph

/// A STIX 2.1 bundle of nodes and the edges among them. Ids are name-based UUIDs of the Kagami
/// ids, so exporting twice gives the same bundle; kinds without a STIX counterpart (lures,
/// sources, events, phases, assets) are left out and counted in the loss report.
public enum StixWriter {
    /// What was written and what was left out.
    public struct Export: Sendable {
        /// The bundle's JSON.
        public let json: String
        /// STIX objects other than relationships and the exporting identity.
        public let objects: Int
        /// Relationships.
        public let relationships: Int
        /// Nodes left out, by kind.
        public let leftOut: [String: Int]
    }

    /// STIX's namespace for deterministic identifiers.
    private static let namespace = NameBasedUUID.bytes(of: "00abedb4-aa42-466c-9c01-fed23315a9b7")
    /// Created and modified time of every object: the NPA advisory's date, so bundles are stable.
    private static let timestamp = "2025-01-08T00:00:00.000Z"

    /// The bundle of `nodes` (in graph order, each once) and the edges among them.
    public static func bundle(of nodes: [NodeID], in graph: IncidentGraph) -> Export {
        let creator = "identity--" + NameBasedUUID.make(namespace: namespace, name: "kagami")
        var objects: [[String: Any]] = [
            common("identity", id: creator) + ["name": "Kagami export", "identity_class": "system"]
        ]
        var stixIDs: [NodeID: String] = [:]
        var leftOut: [String: Int] = [:]
        let chosen = Set(nodes).sorted()
        for node in chosen {
            guard let object = object(for: node, in: graph) else {
                leftOut[graph.kindName(of: node), default: 0] += 1
                continue
            }
            let id = object["id"] as? String ?? ""
            stixIDs[node] = id
            objects.append(object + ["created_by_ref": creator, "x_kagami_id": graph.id(of: node)])
        }
        var relationships = 0
        for node in chosen {
            guard let source = stixIDs[node] else { continue }
            for edgeID in graph.edges(at: node, direction: .out) {
                let edge = graph.edge(edgeID)
                guard let target = stixIDs[edge.to] else { continue }
                let id = "relationship--" + NameBasedUUID.make(namespace: namespace, name: source + edge.label + target)
                objects.append(
                    common("relationship", id: id) + [
                        "relationship_type": relationshipType(edge.label, to: target), "source_ref": source,
                        "target_ref": target, "created_by_ref": creator, "x_kagami_label": edge.label,
                    ])
                relationships += 1
            }
        }
        let bundle: [String: Any] = [
            "type": "bundle",
            "id": "bundle--"
                + NameBasedUUID.make(namespace: namespace, name: objects.compactMap { $0["id"] as? String }.joined()),
            "objects": objects,
        ]
        let data =
            (try? JSONSerialization.data(withJSONObject: bundle, options: [.prettyPrinted, .sortedKeys])) ?? Data()
        return Export(
            json: String(decoding: data, as: UTF8.self) + "\n", objects: objects.count - 1 - relationships,
            relationships: relationships, leftOut: leftOut)
    }

    /// The STIX object for a node, or nil for kinds STIX has no object for.
    private static func object(for node: NodeID, in graph: IncidentGraph) -> [String: Any]? {
        func text(_ property: String) -> String? { graph.value(property, of: node).stringValue }
        let name = text("name") ?? graph.id(of: node)
        let described = text("summary").map { ["description": $0] } ?? [:]
        func make(_ type: String, _ fields: [String: Any]) -> [String: Any] {
            common(type, id: type + "--" + NameBasedUUID.make(namespace: namespace, name: graph.id(of: node))) + fields
                + described
        }
        switch graph.kindName(of: node) {
        case "actor": return make("intrusion-set", ["name": name])
        case "campaign":
            var fields: [String: Any] = ["name": name]
            if case .date(let start) = graph.value("start", of: node) {
                fields["first_seen"] = start.iso8601 + "T00:00:00Z"
            }
            if case .date(let end) = graph.value("end", of: node) { fields["last_seen"] = end.iso8601 + "T00:00:00Z" }
            return make("campaign", fields)
        case "malware": return make("malware", ["name": name, "is_family": true])
        case "tool": return make("tool", ["name": name])
        case "technique":
            guard let attackID = text("attack_id") else { return nil }
            return make(
                "attack-pattern",
                ["name": name, "external_references": [["source_name": "mitre-attack", "external_id": attackID]]])
        case "vulnerability":
            let cve = text("cve") ?? name
            return make(
                "vulnerability", ["name": cve, "external_references": [["source_name": "cve", "external_id": cve]]])
        case "org": return make("identity", ["name": name, "identity_class": "organization"])
        case "sector": return make("identity", ["name": name, "identity_class": "class"])
        case "country":
            guard let iso = text("iso") else { return nil }
            return make("location", ["name": name, "country": iso])
        case "incident": return make("incident", ["name": name])
        default: return nil
        }
    }

    private static func common(_ type: String, id: String) -> [String: Any] {
        ["type": type, "spec_version": "2.1", "id": id, "created": timestamp, "modified": timestamp]
    }

    /// STIX's relationship vocabulary where it fits, `related-to` elsewhere.
    private static func relationshipType(_ label: String, to target: String) -> String {
        switch label {
        case "attributed_to" where target.hasPrefix("intrusion-set--"): "attributed-to"
        case "targeted", "exploited": "targets"
        case "uses_technique", "used_malware", "used_tool": "uses"
        case "located_in": "located-at"
        default: "related-to"
        }
    }
}

extension Dictionary where Key == String, Value == Any {
    fileprivate static func + (lhs: [String: Any], rhs: [String: Any]) -> [String: Any] {
        lhs.merging(rhs) { $1 }
    }
}
