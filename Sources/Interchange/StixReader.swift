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

        /// Adds the counts of another report.
        mutating func add(_ other: LossReport) {
            nodes.merge(other.nodes, uniquingKeysWith: +)
            edges += other.edges
            skippedObjects.merge(other.skippedObjects, uniquingKeysWith: +)
            skippedRelationships.merge(other.skippedRelationships, uniquingKeysWith: +)
            droppedProperties.merge(other.droppedProperties, uniquingKeysWith: +)
        }
    }

    /// Whether JSON text is a STIX bundle (rather than a Kagami graph file), of any size: a
    /// bundle says `"type": "bundle"` at its top level, which is looked for in its first 64 KiB
    /// (where writers put it) before the top level is scanned for it.
    public static func isBundle(_ bytes: [UInt8]) -> Bool {
        isBundle(head: bytes.prefix(headSize)) ?? isBundleWhole(bytes)
    }

    /// How much of a file's start says what it is, as writers lay it out.
    private static let headSize = 1 << 16

    /// Whether a file is a bundle, told from its first bytes: nil when they do not say.
    private static func isBundle(head bytes: ArraySlice<UInt8>) -> Bool? {
        let head = String(decoding: bytes, as: UTF8.self)
        if head.range(of: #"^\s*\{\s*"type"\s*:\s*"bundle""#, options: .regularExpression) != nil { return true }
        if head.range(of: #"^\s*\{\s*"format"\s*:\s*"kagami-graph"#, options: .regularExpression) != nil {
            return false
        }
        return nil
    }

    /// Whether JSON text is a bundle, by its top level's `type`.
    private static func isBundleWhole(_ bytes: [UInt8]) -> Bool {
        guard let type = JSONScan.members(bytes)?.last(where: { $0.key == "type" }),
            case .string("bundle")? = try? JSONParser.parse(bytes, in: type.value).content
        else { return false }
        return true
    }

    /// Objects read at a time on a worker thread, and between two calls of a progress closure.
    public static let progressInterval = 4_096

    /// The bytes of the file at `path` when it holds a STIX bundle, nil when it holds other JSON.
    /// Its first 64 KiB are read first: they say it of every file Kagami or a STIX tool writes,
    /// so that a large graph document is not read in full just to be told from a bundle.
    public static func bundle(at path: String) throws(GraphError) -> [UInt8]? {
        if let verdict = isBundle(head: try GraphFile.contents(of: path, upTo: headSize)[...]) {
            return verdict ? try GraphFile.contents(of: path) : nil
        }
        let bytes = try GraphFile.contents(of: path)
        return isBundleWhole(bytes) ? bytes : nil
    }

    /// The graph of a bundle, with `base`'s kinds and labels (each kind also gets `stix_id`
    /// and `references`). The objects are read in runs of ``progressInterval`` on worker
    /// threads, each parsed and let go of in turn, and taken in the order written;
    /// relationships are kept as numbers until every object they may refer to is known.
    /// `progress` hears after each whole run.
    public static func read(
        _ bytes: [UInt8], file: String, base: Schema, progress: GraphFile.Progress? = nil
    ) throws(GraphError) -> (document: GraphDocument, report: LossReport) {
        try read(bytes, file: file, base: base, batchSize: progressInterval, progress: progress)
    }

    /// ``read(_:file:base:progress:)`` in runs of `batchSize` objects.
    static func read(
        _ bytes: [UInt8], file: String, base: Schema, batchSize: Int, progress: GraphFile.Progress? = nil
    ) throws(GraphError) -> (document: GraphDocument, report: LossReport) {
        let bundle = try StixBundle(bytes, file: file)
        if let version = bundle.specVersion, version != "2.1" {
            throw GraphError(
                .format, "\(file) is a STIX \(version) bundle; Kagami reads STIX 2.1",
                hint: "convert it to 2.1 (the OASIS stix2-elevator does)")
        }
        let schema = try extended(base)
        let objects = try readObjects(of: bundle, schema: schema, batchSize: batchSize, progress: progress)
        var report = objects.report
        var references = objects.references
        let relationships = objects.relationships
        var taken = TakenIDs()
        var ends: [Int32: (id: String, kind: String)] = [:]
        var nodes: [(id: String, node: StixNode)] = []
        for node in objects.reports + objects.others {
            let id = Self.uniqueID(for: node.wantedID, keepingIDs: node.keepsID, taken: &taken)
            ends[references.number(of: node.stixID)] = (id, node.kind)
            nodes.append((id, node))
        }
        let bundleSource = Self.uniqueID(for: "stix-bundle", keepingIDs: true, taken: &taken)
        let sourceIDs = Set(nodes.filter { $0.node.kind == "source" }.map(\.id))
        let imported = Provenance(origin: .imported, sources: [bundleSource], status: .unconfirmed)
        /// The provenance an object's own `x_kagami_*` gives, when its sources came along too.
        func provenance(_ written: Provenance?) -> Provenance {
            guard let written, written.sources.allSatisfy(sourceIDs.contains) else { return imported }
            return written
        }
        let relationshipProvenance = references.provenances.map(provenance)
        var builder = GraphBuilder(schema: schema)
        // The bundle is cited only by what does not say where it comes from.
        if nodes.contains(where: { provenance($0.node.provenance) == imported })
            || relationshipProvenance.contains(imported)
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
        for (id, node) in nodes {
            try builder.addNode(
                id: id, kind: node.kind, properties: node.properties, provenance: provenance(node.provenance))
            report.nodes[node.kind, default: 0] += 1
        }
        for relationship in relationships {
            guard let source = relationship.source.flatMap({ ends[$0] }),
                let target = relationship.target.flatMap({ ends[$0] }),
                let label = Self.label(
                    relationship.type, written: relationship.writtenLabel, from: source.kind, to: target.kind,
                    in: schema)
            else {
                let ends = [relationship.source, relationship.target].map {
                    $0.map { references.stixIDs[Int($0)] }?.split(separator: "-").first ?? "?"
                }
                report.skippedRelationships["\(relationship.type): \(ends[0]) → \(ends[1])", default: 0] += 1
                continue
            }
            try builder.addEdge(
                from: source.id, to: target.id, label: label,
                properties: Self.properties(of: relationship, label: label, in: schema, report: &report),
                provenance: relationshipProvenance[Int(relationship.provenance)])
            report.edges += 1
        }
        let name = (file as NSString).deletingPathExtension
        return (
            GraphDocument(
                name: (name as NSString).lastPathComponent, about: "imported from \(file)", graph: try builder.build()),
            report
        )
    }

    /// Every object of a bundle, read in runs of `batchSize` on worker threads (a few runs
    /// ahead) and taken in the order written; the first error in the bundle is thrown.
    private static func readObjects(
        of bundle: StixBundle, schema: Schema, batchSize: Int, progress: GraphFile.Progress?
    ) throws(GraphError) -> StixObjectBatch {
        var objects = StixObjectBatch()
        let count = bundle.objectCount
        try BackgroundValue.inOrder((count + batchSize - 1) / batchSize) { run in
            readBatch(run * batchSize..<min((run + 1) * batchSize, count), of: bundle, schema: schema)
        } take: { batch throws(GraphError) in
            if let error = batch.error { throw error }
            objects.append(batch)
            if batch.objectCount == batchSize { try progress?(batch.bytesRead, bundle.totalBytes, objects.objectCount) }
        }
        return objects
    }

    /// The objects at `positions` of a bundle, read one at a time; a syntax error stops the
    /// batch and is kept in it.
    private static func readBatch(_ positions: Range<Int>, of bundle: StixBundle, schema: Schema) -> StixObjectBatch {
        var batch = StixObjectBatch()
        do throws(GraphError) {
            try bundle.forEachObject(at: positions) { value, bytesRead in
                batch.objectCount += 1
                batch.bytesRead = bytesRead
                read(value, schema: schema, into: &batch)
            }
        } catch {
            batch.error = error
        }
        return batch
    }

    /// Reads one object: a node, a relationship, or something counted as skipped.
    private static func read(_ value: JSONValue, schema: Schema, into batch: inout StixObjectBatch) {
        guard let object = StixObject(value) else {
            batch.report.skippedObjects["(not an object)", default: 0] += 1
            return
        }
        // An object of another STIX version is not read as if it were 2.1.
        let version = object.string("spec_version") ?? "2.1"
        guard version == "2.1" else {
            batch.report.skippedObjects["(spec_version \(version))", default: 0] += 1
            return
        }
        let type = object.string("type") ?? "?"
        if type == "relationship" {
            batch.relationships.append(StixRelationship(object, references: &batch.references))
            return
        }
        guard let stixID = object.string("id"), let kind = Self.kind(of: object, in: schema) else {
            batch.report.skippedObjects[type, default: 0] += 1
            return
        }
        var properties = Self.properties(of: object, kind: kind, report: &batch.report)
        properties["stix_id"] = .string(stixID)
        let node = StixNode(
            stixID: stixID, wantedID: object.string("x_kagami_id") ?? object.string("name") ?? stixID,
            keepsID: object.has("x_kagami_id"), kind: kind.name, properties: properties,
            provenance: StixProvenance.read(object))
        // Reports first: the sources other objects cite.
        if type == "report" { batch.reports.append(node) } else { batch.others.append(node) }
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
    private static func kind(of object: StixObject, in schema: Schema) -> KindSchema? {
        if let written = object.string("x_kagami_kind"), let kind = schema.kind(named: written) { return kind }
        let name: String? =
            switch object.string("type") {
            case "intrusion-set", "threat-actor": "actor"
            case "campaign": "campaign"
            case "malware": "malware"
            case "tool": "tool"
            case "attack-pattern": "technique"
            case "vulnerability": "vulnerability"
            case "identity":
                switch object.string("identity_class") {
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
    private static func properties(of object: StixObject, kind: KindSchema, report: inout LossReport) -> [String:
        Value]
    {
        let type = object.string("type") ?? "?"
        // An object Kagami wrote carries every property it had, in a STIX field or an
        // `x_kagami_*` member: a field with no place here (a vulnerability's name, the CVE id
        // again) lost nothing.
        let writtenByKagami = object.has("x_kagami_kind")
        var values: [String: Value] = [:]
        func keep(_ property: String, _ value: Value?, from field: String) {
            guard let value, !value.isNull else { return }
            if let declared = kind.property(named: property), let actual = value.type, declared.type.accepts(actual) {
                values[property] = value
            } else if !writtenByKagami {
                report.droppedProperties["\(type).\(field)", default: 0] += 1
            }
        }
        let name = object.string("name") ?? object.string("abstract")
        keep(kind.name == "source" ? "title" : "name", name.map(Value.string), from: "name")
        keep("subject", object.string("subject").map(Value.string), from: "subject")
        // A note Kagami wrote says its summary in `x_kagami_summary`; its content adds the date and count.
        if !writtenByKagami {
            keep("summary", object.string("content").map(Value.string), from: "content")
        }
        keep("summary", object.string("description").map(Value.string), from: "description")
        keep("aliases", object.strings("aliases").map { .list($0.map(Value.string)) }, from: "aliases")
        if type == "location" { keep("iso", object.string("country").map(Value.string), from: "country") }
        if type == "campaign" {
            func day(_ field: String) -> Value? {
                object.string(field).flatMap { Instant(iso8601: $0) }.map { .date($0.day) }
            }
            keep("start", day("first_seen"), from: "first_seen")
            keep("end", day("last_seen"), from: "last_seen")
        }
        if let phases = object.objects("kill_chain_phases") {
            keep(
                "tactic", .string(phases.compactMap { $0.string("phase_name") }.joined(separator: ", ")),
                from: "kill_chain_phases")
        }
        var others: [Value] = []
        for reference in object.objects("external_references") ?? [] {
            let source = reference.string("source_name") ?? ""
            if kind.name == "source", values["key"] == nil {
                values["key"] = .string(source)
                if let url = reference.string("url") { values["url"] = .string(url) }
                continue
            }
            if source == "mitre-attack", let id = reference.string("external_id"),
                kind.property(named: "attack_id") != nil
            {
                values["attack_id"] = .string(id)
            } else if source == "cve", let id = reference.string("external_id"), kind.property(named: "cve") != nil {
                values["cve"] = .string(id)
            } else {
                let text = [source, reference.string("external_id"), reference.string("url")].compactMap { $0 }
                    .filter { !$0.isEmpty }.joined(separator: " ")
                others.append(.string(text))
            }
        }
        if !others.isEmpty { values["references"] = .list(others) }
        // Kagami's own values last: they are exact where the STIX fields above are not.
        let custom = StixCustomProperties.values(in: object, declared: kind.properties, relationship: false)
        values.merge(custom.values) { $1 }
        for name in custom.misfits { report.droppedProperties["\(type).x_kagami_\(name)", default: 0] += 1 }
        return values
    }

    /// The properties the label declares, from the relationship: its description as the note,
    /// its `x_kagami_*` members by their declared types; the rest counted as dropped.
    private static func properties(
        of relationship: StixRelationship, label: String, in schema: Schema, report: inout LossReport
    ) -> [String: Value] {
        let declared = schema.edgeLabel(named: label)?.properties ?? []
        var values: [String: Value] = [:]
        if let note = relationship.description {
            if declared.contains(where: { $0.name == "note" }) {
                values["note"] = .string(note)
            } else {
                report.droppedProperties["relationship.description", default: 0] += 1
            }
        }
        guard
            let custom = relationship.custom.map({
                StixCustomProperties.values(in: $0, declared: declared, relationship: true)
            })
        else {
            return values
        }
        values.merge(custom.values) { $1 }
        for name in custom.misfits { report.droppedProperties["relationship.x_kagami_\(name)", default: 0] += 1 }
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
