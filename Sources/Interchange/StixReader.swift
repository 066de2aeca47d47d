import Foundation
import IncidentGraph

/// Reads a STIX 2.1 bundle into a graph with Kagami's schema: intrusion sets become actors,
/// attack patterns techniques (their ATT&CK ids and tactics kept), malware, tools, campaigns,
/// vulnerabilities and identities their kinds, reports sources, e-mail messages lures, notes
/// events; relationships become edges. Every node keeps its STIX id (`stix_id`) and its other
/// external references (`references`). An object Kagami exported keeps its id, kind and
/// provenance (`x_kagami_*`); any other is `imported`, citing one `source` node standing for
/// the bundle, status UNCONFIRMED — a bundle is as good as whoever wrote it. What has no place
/// is counted in the loss report.
public enum StixReader {
    /// What an import kept and what it could not.
    public struct LossReport: Sendable, Equatable {
        /// Nodes made, by kind.
        public var nodes: [String: Int] = [:]
        /// Edges made.
        public var edges = 0
        /// Objects skipped, by STIX type.
        public var skippedObjects: [String: Int] = [:]
        /// Relationships skipped, by `type: source → target`.
        public var skippedRelationships: [String: Int] = [:]
        /// Properties dropped, by `type.property`.
        public var droppedProperties: [String: Int] = [:]

        /// One paragraph for the analyst.
        public var summary: String {
            func list(_ counts: [String: Int]) -> String {
                counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
            }
            var lines = ["imported \(nodes.values.reduce(0, +)) nodes (\(list(nodes))) and \(edges) edges"]
            if !skippedObjects.isEmpty { lines.append("skipped objects: " + list(skippedObjects)) }
            if !skippedRelationships.isEmpty { lines.append("skipped relationships: " + list(skippedRelationships)) }
            if !droppedProperties.isEmpty { lines.append("properties not kept: " + list(droppedProperties)) }
            return lines.joined(separator: "\n")
        }
    }

    /// Whether JSON text is a STIX bundle (rather than a Kagami graph file), of any size: a
    /// bundle says `"type": "bundle"` at its top level, which is looked for in its first 64 KiB
    /// (where writers put it) before the whole text is parsed.
    public static func isBundle(_ bytes: [UInt8]) -> Bool {
        let head = String(decoding: bytes.prefix(1 << 16), as: UTF8.self)
        if head.range(of: #"^\s*\{\s*"type"\s*:\s*"bundle""#, options: .regularExpression) != nil { return true }
        if head.range(of: #"^\s*\{\s*"format"\s*:\s*"kagami-graph"#, options: .regularExpression) != nil { return false }
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
            return false
        }
        return object["type"] as? String == "bundle"
    }

    /// The graph of a bundle, with `base`'s kinds and labels (each kind also gets `stix_id`
    /// and `references`).
    public static func read(_ bytes: [UInt8], file: String, base: Schema) throws(GraphError) -> (
        document: GraphDocument, report: LossReport
    ) {
        guard let bundle = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
            bundle["type"] as? String == "bundle", let entries = bundle["objects"] as? [Any]
        else {
            throw GraphError(
                .format, "\(file) is not a STIX 2.1 bundle", hint: "a JSON object with type \"bundle\" and objects")
        }
        if let version = bundle["spec_version"] as? String, version != "2.1" {
            throw GraphError(
                .format, "\(file) is a STIX \(version) bundle; Kagami reads STIX 2.1",
                hint: "convert it to 2.1 (the OASIS stix2-elevator does)")
        }
        let schema = try extended(base)
        var builder = GraphBuilder(schema: schema)
        var report = LossReport()
        let all = entries.compactMap { $0 as? [String: Any] }
        if all.count < entries.count { report.skippedObjects["(not an object)"] = entries.count - all.count }
        // An object of another STIX version is not read as if it were 2.1.
        let objects = all.filter { ($0["spec_version"] as? String ?? "2.1") == "2.1" }
        for object in all where (object["spec_version"] as? String ?? "2.1") != "2.1" {
            report.skippedObjects["(spec_version \(object["spec_version"] as? String ?? "?"))", default: 0] += 1
        }
        var kagamiIDs: [String: (id: String, kind: String)] = [:]
        var taken = TakenIDs()
        // Reports first: the sources other objects cite.
        let ordered =
            objects.filter { $0["type"] as? String == "report" }
            + objects.filter { !["report", "relationship"].contains($0["type"] as? String ?? "") }
        var nodes: [(id: String, kind: String, properties: [String: Value], provenance: Provenance?)] = []
        for object in ordered {
            let type = object["type"] as? String ?? "?"
            guard let stixID = object["id"] as? String, let kind = Self.kind(of: object, in: schema) else {
                report.skippedObjects[type, default: 0] += 1
                continue
            }
            var properties = Self.properties(of: object, kind: kind, report: &report)
            properties["stix_id"] = .string(stixID)
            let wanted = object["x_kagami_id"] as? String ?? object["name"] as? String ?? stixID
            let id = Self.uniqueID(for: wanted, keepingIDs: object["x_kagami_id"] != nil, taken: &taken)
            kagamiIDs[stixID] = (id, kind.name)
            nodes.append((id, kind.name, properties, StixProvenance.read(object)))
        }
        let bundleSource = Self.uniqueID(for: "stix-bundle", keepingIDs: true, taken: &taken)
        let sourceIDs = Set(nodes.filter { $0.kind == "source" }.map(\.id))
        let imported = Provenance(origin: .imported, sources: [bundleSource], status: .unconfirmed)
        /// The provenance an object's own `x_kagami_*` gives, when its sources came along too.
        func provenance(_ written: Provenance?) -> Provenance {
            guard let written, written.sources.allSatisfy(sourceIDs.contains) else { return imported }
            return written
        }
        // The bundle is cited only by what does not say where it comes from.
        let relationships = objects.filter { $0["type"] as? String == "relationship" }
        if nodes.contains(where: { provenance($0.provenance) == imported })
            || relationships.contains(where: { provenance(StixProvenance.read($0)) == imported })
        {
            try builder.addNode(
                id: bundleSource, kind: "source",
                properties: [
                    "key": .string("STIX"),
                    "title": .string("STIX 2.1 bundle \((file as NSString).lastPathComponent)"),
                ],
                provenance: imported)
            report.nodes["source", default: 0] += 1
        }
        for node in nodes {
            try builder.addNode(
                id: node.id, kind: node.kind, properties: node.properties, provenance: provenance(node.provenance))
            report.nodes[node.kind, default: 0] += 1
        }
        for object in relationships {
            let type = object["relationship_type"] as? String ?? "?"
            guard let source = (object["source_ref"] as? String).flatMap({ kagamiIDs[$0] }),
                let target = (object["target_ref"] as? String).flatMap({ kagamiIDs[$0] }),
                let label = Self.label(
                    type, written: object["x_kagami_label"] as? String, from: source.kind, to: target.kind, in: schema)
            else {
                let ends = [object["source_ref"], object["target_ref"]].map {
                    ($0 as? String)?.split(separator: "-").first ?? "?"
                }
                report.skippedRelationships["\(type): \(ends[0]) → \(ends[1])", default: 0] += 1
                continue
            }
            try builder.addEdge(
                from: source.id, to: target.id, label: label,
                provenance: provenance(StixProvenance.read(object)))
            report.edges += 1
        }
        let name = (file as NSString).deletingPathExtension
        return (
            GraphDocument(
                name: (name as NSString).lastPathComponent, about: "imported from \(file)", graph: try builder.build()),
            report
        )
    }

    /// `base` with `stix_id` and `references` on every kind.
    private static func extended(_ base: Schema) throws(GraphError) -> Schema {
        var kinds: [KindSchema] = []
        for kind in base.kinds {
            var properties = kind.properties
            if kind.property(named: "stix_id") == nil {
                properties.append(
                    PropertySchema(name: "stix_id", type: .string, doc: "the STIX id it was imported from"))
            }
            if kind.property(named: "references") == nil {
                properties.append(PropertySchema(name: "references", type: .list, doc: "external references (STIX)"))
            }
            kinds.append(
                try KindSchema(
                    name: kind.name, plural: kind.plural, doc: kind.doc, properties: properties, display: kind.display,
                    timeProperty: kind.timeProperty))
        }
        return try Schema(kinds: kinds, edgeLabels: base.edgeLabels, links: base.links)
    }

    /// The kind a STIX object becomes, if any: the kind Kagami exported it from, else by type.
    private static func kind(of object: [String: Any], in schema: Schema) -> KindSchema? {
        if let written = object["x_kagami_kind"] as? String, let kind = schema.kind(named: written) { return kind }
        let name: String? =
            switch object["type"] as? String {
            case "intrusion-set", "threat-actor": "actor"
            case "campaign": "campaign"
            case "malware": "malware"
            case "tool": "tool"
            case "attack-pattern": "technique"
            case "vulnerability": "vulnerability"
            case "identity":
                switch object["identity_class"] as? String {
                case "class": "sector"
                case "system": nil  // the tool that made the bundle (Kagami's own exports say so)
                default: "org"
                }
            case "location": "country"
            case "incident": "incident"
            case "report": "source"
            case "email-message", "file": "lure"
            case "note": "event"
            case "grouping": "phase"
            default: nil
            }
        return name.flatMap(schema.kind(named:))
    }

    /// The properties the kind declares, from the object; the rest counted as dropped.
    private static func properties(of object: [String: Any], kind: KindSchema, report: inout LossReport) -> [String:
        Value]
    {
        let type = object["type"] as? String ?? "?"
        var values: [String: Value] = [:]
        func keep(_ property: String, _ value: Value?, from field: String) {
            guard let value, !value.isNull else { return }
            if kind.property(named: property) != nil {
                values[property] = value
            } else {
                report.droppedProperties["\(type).\(field)", default: 0] += 1
            }
        }
        let name = object["name"] as? String ?? object["abstract"] as? String
        keep(kind.name == "source" ? "title" : "name", name.map(Value.string), from: "name")
        keep("subject", (object["subject"] as? String).map(Value.string), from: "subject")
        keep("summary", (object["content"] as? String).map(Value.string), from: "content")
        for (field, written) in object where field.hasPrefix("x_kagami_") {
            let property = String(field.dropFirst(9))
            guard kind.property(named: property) != nil, let text = written as? String else { continue }
            values[property] = .string(text)
        }
        keep("summary", (object["description"] as? String).map(Value.string), from: "description")
        keep("aliases", (object["aliases"] as? [String]).map { .list($0.map(Value.string)) }, from: "aliases")
        if let phases = object["kill_chain_phases"] as? [[String: String]] {
            keep(
                "tactic", .string(phases.compactMap { $0["phase_name"] }.joined(separator: ", ")),
                from: "kill_chain_phases")
        }
        var others: [Value] = []
        for reference in object["external_references"] as? [[String: Any]] ?? [] {
            let source = reference["source_name"] as? String ?? ""
            if kind.name == "source", values["key"] == nil {
                values["key"] = .string(source)
                if let url = reference["url"] as? String { values["url"] = .string(url) }
                continue
            }
            if source == "mitre-attack", let id = reference["external_id"] as? String,
                kind.property(named: "attack_id") != nil
            {
                values["attack_id"] = .string(id)
            } else if source == "cve", let id = reference["external_id"] as? String, kind.property(named: "cve") != nil
            {
                values["cve"] = .string(id)
            } else {
                let text = [source, reference["external_id"] as? String, reference["url"] as? String].compactMap { $0 }
                    .filter { !$0.isEmpty }.joined(separator: " ")
                others.append(.string(text))
            }
        }
        if !others.isEmpty { values["references"] = .list(others) }
        return values
    }

    /// The edge label a relationship becomes between two kinds, if the schema allows it: the
    /// label Kagami exported it from, else by relationship type.
    private static func label(
        _ type: String, written: String?, from source: String, to target: String, in schema: Schema
    )
        -> String?
    {
        let candidates: [String] =
            switch (type, target) {
            case ("uses", "technique"): ["uses_technique"]
            case ("uses", "malware"): ["used_malware"]
            case ("uses", "tool"): ["used_tool"]
            case ("attributed-to", _): ["attributed_to"]
            case ("targets", "vulnerability"): ["exploited"]
            case ("targets", _): ["targeted"]
            case ("located-at", _): ["located_in"]
            case ("related-to", _): ["linked_to"]
            default: []
            }
        return ([written].compactMap { $0 } + candidates).first { name in
            guard let label = schema.edgeLabel(named: name) else { return false }
            return label.from.contains(source) && label.to.contains(target)
        }
    }

    /// A readable id from a name (`MirrorFace` → `mirrorface`), made unique; an id Kagami
    /// wrote is kept as it is unless taken.
    private static func uniqueID(for name: String, keepingIDs: Bool, taken: inout TakenIDs) -> String {
        if keepingIDs, !name.isEmpty, !taken.ids.contains(name),
            name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) })
        {
            taken.ids.insert(name)
            return name
        }
        let slug = String(
            name.lowercased().unicodeScalars.map {
                CharacterSet.alphanumerics.contains($0) && $0.isASCII ? Character($0) : "-"
            }
        )
        .split(separator: "-").joined(separator: "-")
        let base = slug.isEmpty ? "stix" : String(slug.prefix(60))
        var id = base
        // Numbered from where the last one of this base stopped: 50,000 objects of one name
        // would otherwise search 1 + 2 + … + 50,000 numbers.
        var number = taken.nextNumber[base] ?? 2
        while taken.ids.contains(id) {
            id = "\(base)-\(number)"
            number += 1
        }
        taken.nextNumber[base] = number
        taken.ids.insert(id)
        return id
    }
}

/// The node ids given out so far, and for each base the next number to try.
private struct TakenIDs {
    var ids: Set<String> = []
    var nextNumber: [String: Int] = [:]
}
