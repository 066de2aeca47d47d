import Foundation
import IncidentGraph
import Testing
import Workbench

@testable import Interchange

@Suite("STIX 2.1 import")
struct StixReaderTests {
    /// MITRE ATT&CK's MirrorFace and menuPass objects (© The MITRE Corporation, see the licence beside it).
    static let attackBundle = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/attack-mirrorface-bundle.json").path

    static func schema() throws -> Schema { try BundledData.mirrorFace().graph.schema }

    /// A bundle of `objects` (JSON text), which start on its second line.
    static func bundle(_ objects: String) -> [UInt8] {
        Array(("{\"type\": \"bundle\", \"id\": \"bundle--1\", \"objects\": [\n" + objects + "]}").utf8)
    }

    @Test("the ATT&CK bundle imports completely: every object with a Kagami kind, every relationship, ids kept")
    func attack() throws {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: Self.attackBundle)))
        #expect(StixReader.isBundle(bytes))
        let (document, report) = try StixReader.read(bytes, file: "attack.json", base: try Self.schema())
        #expect(
            report.nodes == [
                "actor": 2, "campaign": 1, "malware": 19, "org": 2, "source": 1, "technique": 69, "tool": 18,
            ])
        #expect(report.edges == 134 && report.skippedRelationships.isEmpty)
        #expect(report.skippedObjects == ["marking-definition": 1])
        let graph = document.graph
        let mirrorface = try #require(graph.node(id: "mirrorface"))
        #expect(graph.value("attack_id", of: mirrorface) == .string("G1054"))
        #expect(graph.value("stix_id", of: mirrorface).stringValue?.hasPrefix("intrusion-set--") == true)
        #expect(graph.neighbours(of: mirrorface, direction: .out, label: "uses_technique").count == 43)
        let tactics = graph.nodes(ofKind: "technique").compactMap { graph.value("tactic", of: $0).stringValue }
        #expect(tactics.count == 69 && tactics.contains("initial-access"))
    }

    @Test("import → export → import keeps every node STIX can hold and every edge between them")
    func roundTrip() throws {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: Self.attackBundle)))
        let first = try StixReader.read(bytes, file: "attack.json", base: try Self.schema()).document.graph
        let exported = try #require(try WholeBundle(of: first.allNodes, in: first))
        let second = try StixReader.read(exported.json, file: "again.json", base: try Self.schema())
        let graph = second.document.graph
        #expect(graph.nodeCountsByKind.map(\.count) == first.nodeCountsByKind.map(\.count))
        #expect(graph.edgeCount == first.edgeCount)
        let ids = { (g: IncidentGraph) in
            Set(g.nodes(ofKind: "technique").compactMap { g.value("attack_id", of: $0).stringValue })
        }
        #expect(ids(graph) == ids(first))
        // A bundle from elsewhere is imported, not reported, and cites the bundle.
        let mirrorface = try #require(first.node(id: "mirrorface"))
        #expect(
            first.provenance(of: mirrorface)
                == Provenance(origin: .imported, sources: ["stix-bundle"], status: .unconfirmed))
        #expect(graph.provenance(of: try #require(graph.node(id: "mirrorface"))) == first.provenance(of: mirrorface))
    }

    @Test("the bundled graph: export → import keeps each node's and edge's provenance, status and sources")
    func provenanceRoundTrip() throws {
        let original = try BundledData.mirrorFace().graph
        let exported = try #require(try WholeBundle(of: original.allNodes, in: original))
        // No synthetic object without its label and marking; every reported one with a confidence.
        let bundle = try #require(try JSONSerialization.jsonObject(with: Data(exported.json)) as? [String: Any])
        let objects = try #require(bundle["objects"] as? [[String: Any]])
        let observables = ["email-message", "file"]
        for object in objects {
            switch object["x_kagami_provenance"] as? String {
            case "synthetic":
                #expect(object["object_marking_refs"] != nil, "\(object["id"] ?? "")")
                #expect(
                    observables.contains(object["type"] as? String ?? "")
                        || (object["labels"] as? [String])?.contains("synthetic") == true)
            case "reported":
                #expect(
                    observables.contains(object["type"] as? String ?? "") || object["confidence"] as? Int != nil)
            default:
                #expect(["identity", "marking-definition"].contains(object["type"] as? String ?? ""))
            }
        }
        #expect(objects.contains { $0["type"] as? String == "report" && $0["x_kagami_id"] as? String == "s20" })
        let again = try StixReader.read(exported.json, file: "mirrorface.json", base: original.schema)
        let graph = again.document.graph
        var compared = 0
        for node in original.allNodes {
            guard let copy = graph.node(id: original.id(of: node)) else { continue }
            #expect(graph.provenance(of: copy) == original.provenance(of: node), "\(original.id(of: node))")
            compared += 1
        }
        #expect(compared >= 700)
        // Edges keep theirs too: the count of synthetic and of UNCONFIRMED edges is unchanged.
        func tally(_ g: IncidentGraph) -> [String: Int] {
            var counts: [String: Int] = [:]
            for index in 0..<g.edgeCount where g.edge(EdgeID(index: index)).label != "reported_by" {
                let provenance = g.edge(EdgeID(index: index)).provenance
                counts[provenance.origin.rawValue + (provenance.status?.rawValue ?? ""), default: 0] += 1
            }
            return counts
        }
        #expect(tally(graph) == tally(original))
        #expect(graph.node(id: "stix-bundle") == nil)
    }

    @Test("what is not a bundle is an error, and nothing is made")
    func notABundle() throws {
        #expect(!StixReader.isBundle(Array("{\"format\": \"kagami-graph\"}".utf8)))
        #expect(throws: GraphError.self) {
            try StixReader.read(Array("[1, 2]".utf8), file: "x.json", base: try Self.schema())
        }
        #expect(throws: GraphError.self) {
            try StixReader.read([0xFF, 0x00, 0x13], file: "x.json", base: try Self.schema())
        }
    }

    @Test("a bundle of any size is recognised as one; STIX 2.0 is refused and 2.0 objects are left out, said")
    func versionsAndSize() throws {
        // 80 MiB of padding after the head: recognised from the head, not parsed to find out.
        let large =
            Array(#"{"type": "bundle", "id": "bundle--1", "objects": ["#.utf8) + Array(repeating: 0x20, count: 80 << 20)
        #expect(StixReader.isBundle(large))
        #expect(!StixReader.isBundle(Array(#"{"format": "kagami-graph", "version": 1}"#.utf8)))
        let base = try BundledData.mirrorFace().graph.schema
        let old = Array(#"{"type": "bundle", "id": "bundle--2", "spec_version": "2.0", "objects": []}"#.utf8)
        #expect(throws: GraphError.self) { try StixReader.read(old, file: "old.json", base: base) }
        let mixed = Self.bundle(
            #"""
              {"type": "malware", "spec_version": "2.1", "id": "malware--1", "name": "LODEINFO", "is_family": true},
              {"type": "malware", "spec_version": "2.0", "id": "malware--2", "name": "OLD"}
            """#)
        let (document, report) = try StixReader.read(mixed, file: "mixed.json", base: base)
        let malware = document.graph.nodes(ofKind: "malware").map { document.graph.value("name", of: $0) }
        #expect(malware == [.string("LODEINFO")])
        #expect(report.skippedObjects["(spec_version 2.0)"] == 1)
    }

    @Test("relationships may come before the objects they join; each object is read one at a time")
    func relationshipsFirst() throws {
        let bundle = Self.bundle(
            #"""
              {"type": "relationship", "spec_version": "2.1", "id": "relationship--1", "relationship_type": "uses",
               "source_ref": "intrusion-set--1", "target_ref": "malware--1"},
              {"type": "relationship", "spec_version": "2.1", "id": "relationship--2", "relationship_type": "uses",
               "source_ref": "intrusion-set--1", "target_ref": "malware--9"},
              {"type": "malware", "spec_version": "2.1", "id": "malware--1", "name": "LODEINFO", "is_family": true},
              {"type": "intrusion-set", "spec_version": "2.1", "id": "intrusion-set--1", "name": "MirrorFace"}
            """#)
        let (document, report) = try StixReader.read(bundle, file: "late.json", base: try Self.schema())
        let graph = document.graph
        let mirrorface = try #require(graph.node(id: "mirrorface"))
        let used = graph.neighbours(of: mirrorface, direction: .out, label: "used_malware")
        #expect(used.map { graph.id(of: $0) } == ["lodeinfo"])
        #expect(report.edges == 1 && report.skippedRelationships == ["uses: intrusion → malware": 1])
        // What came from the bundle cites it, edges included.
        #expect(graph.edge(EdgeID(index: 0)).provenance.sources == ["stix-bundle"])
    }

    @Test("a syntax error in one object is refused at its line, and nothing is made")
    func syntaxErrorAtItsLine() throws {
        let broken = Self.bundle(
            #"""
              {"type": "malware", "spec_version": "2.1", "id": "malware--1", "name": "LODEINFO"},
              {"type": "malware", "spec_version": "2.1", "id": "malware--2", "name": "NOOPDOOR", "is_family": tru}
            """#)
        let error = try #require(throws: GraphError.self) {
            try StixReader.read(broken, file: "broken.json", base: try Self.schema())
        }
        #expect(error.location?.line == 3 && error.message.contains("broken.json is not valid JSON"))
        // A top level the quick scan does not follow (an escaped key) is parsed whole instead.
        let escaped = Array(
            #"""
            {"type": "bundle", "\u0069d": "bundle--6", "objects": [
              {"type": "malware", "spec_version": "2.1", "id": "malware--1", "name": "LODEINFO"}]}
            """#.utf8)
        #expect(StixReader.isBundle(escaped))
        #expect(
            try StixReader.read(escaped, file: "escaped.json", base: try Self.schema()).report.nodes["malware"] == 1)
    }

    @Test(
        "export → import gives back every property value of every exported node and edge; exporting again gives the same bundle"
    )
    func everyValueRoundTrip() throws {
        let original = try BundledData.mirrorFace().graph
        let exported = try #require(try WholeBundle(of: original.allNodes, in: original))
        let (document, report) = try StixReader.read(exported.json, file: "m.json", base: original.schema)
        let graph = document.graph
        // Nothing lost, so the loss report says nothing was.
        #expect(report.droppedProperties.isEmpty && report.skippedRelationships.isEmpty)
        var compared = 0
        var differing: [String] = []
        for node in original.allNodes {
            // Only sources no exported fact cites are left out (a report must refer to something).
            guard let copy = graph.node(id: original.id(of: node)) else {
                #expect(original.kindName(of: node) == "source")
                continue
            }
            for property in try #require(original.schema.kind(named: original.kindName(of: node))).properties {
                let value = original.value(property.name, of: node)
                guard !value.isNull else { continue }
                if graph.value(property.name, of: copy) != value {
                    differing.append("\(original.id(of: node)).\(property.name)")
                }
                compared += 1
            }
        }
        #expect(compared > 3_000)
        // The times timing attribution needs, and an attribution's own confidence, among them.
        #expect(differing.isEmpty, "\(differing.count) values differ: \(differing.prefix(10))")
        var edgesWithProperties = 0
        for index in 0..<original.edgeCount {
            let edge = original.edge(EdgeID(index: index))
            guard !edge.properties.isEmpty, edge.label != "reported_by",
                let from = graph.node(id: original.id(of: edge.from)), let to = graph.node(id: original.id(of: edge.to))
            else { continue }
            let kept = graph.edges(at: from, direction: .out).map { graph.edge($0) }.contains {
                $0.to == to && $0.label == edge.label && $0.properties == edge.properties
            }
            if !kept { differing.append("edge \(index)") }
            edgesWithProperties += 1
        }
        #expect(edgesWithProperties > 20 && differing.isEmpty, "\(differing.prefix(10))")
        let again = try #require(try WholeBundle(of: graph.allNodes, in: graph))
        let same = again.json == exported.json
        #expect(same, "the second export differs from the first")
    }

    @Test("a Kagami value that does not fit its declared type is counted as not kept, never read as another")
    func customValueOfWrongType() throws {
        let bundle = Self.bundle(
            #"""
              {"type": "incident", "spec_version": "2.1", "id": "incident--1", "name": "one",
               "x_kagami_kind": "incident", "x_kagami_id": "inc-1", "x_kagami_ts": "2023-06-01T09:30:00Z",
               "x_kagami_files_exfiltrated": "many", "x_kagami_provenance": "synthetic"}
            """#)
        let (document, report) = try StixReader.read(bundle, file: "typed.json", base: try Self.schema())
        let incident = try #require(document.graph.node(id: "inc-1"))
        #expect(
            document.graph.value("ts", of: incident) == .instant(try #require(Instant(iso8601: "2023-06-01T09:30:00Z")))
        )
        #expect(document.graph.value("files_exfiltrated", of: incident).isNull)
        #expect(report.droppedProperties["incident.x_kagami_files_exfiltrated"] == 1)
        #expect(document.graph.provenance(of: incident) == .synthetic)
    }

    @Test("a large bundle's import reports its progress: bytes read of all, objects so far")
    func progress() throws {
        let objects = (1...10_000).map {
            #"{"type": "malware", "spec_version": "2.1", "id": "malware--\#($0)", "name": "M\#($0)", "is_family": true}"#
        }
        let bundle = Array(
            (#"{"type": "bundle", "id": "bundle--8", "objects": ["# + objects.joined(separator: ",\n") + "]}").utf8)
        final class Heard { var calls: [(bytes: Int, total: Int, records: Int)] = [] }
        let heard = Heard()
        let (_, report) = try StixReader.read(bundle, file: "many.json", base: try Self.schema()) {
            heard.calls.append(($0, $1, $2))
        }
        #expect(report.nodes["malware"] == 10_000)
        #expect(heard.calls.map(\.records) == [StixReader.progressInterval, 2 * StixReader.progressInterval])
        #expect(heard.calls.allSatisfy { $0.total == bundle.count && $0.bytes < bundle.count })
        #expect(heard.calls[0].bytes < heard.calls[1].bytes)
    }

    @Test(
        "a bundle from elsewhere: a location's country is its iso, a campaign's first and last seen its start and end")
    func foreignFields() throws {
        let bundle = Self.bundle(
            #"""
              {"type": "location", "spec_version": "2.1", "id": "location--1", "name": "Japan", "country": "JP"},
              {"type": "campaign", "spec_version": "2.1", "id": "campaign--1", "name": "Operation Z",
               "first_seen": "2022-11-01T00:00:00.000Z", "last_seen": "2023-06-30T23:59:59.999Z"}
            """#)
        let (document, report) = try StixReader.read(bundle, file: "vendor.json", base: try Self.schema())
        let graph = document.graph
        #expect(graph.value("iso", of: try #require(graph.node(id: "japan"))) == .string("JP"))
        let campaign = try #require(graph.node(id: "operation-z"))
        #expect(graph.value("start", of: campaign) == .date(try #require(Day(iso8601: "2022-11-01"))))
        #expect(graph.value("end", of: campaign) == .date(try #require(Day(iso8601: "2023-06-30"))))
        #expect(graph.provenance(of: campaign).origin == .imported)
        #expect(report.droppedProperties.isEmpty)
    }

    @Test("read in runs of any size on worker threads, a bundle gives the same graph, report and first error")
    func runs() throws {
        let original = try BundledData.mirrorFace().graph
        let exported = try #require(try WholeBundle(of: original.allNodes, in: original)).json
        let whole = try StixReader.read(exported, file: "mirrorface.json", base: original.schema, batchSize: 1 << 20)
        let text = GraphFile.encode(whole.document, format: .jsonl)
        for size in [1, 2, 7, 100] {
            let runs = try StixReader.read(exported, file: "mirrorface.json", base: original.schema, batchSize: size)
            let same = GraphFile.encode(runs.document, format: .jsonl) == text && runs.report == whole.report
            #expect(same, "runs of \(size)")
        }
        let broken = Self.bundle(
            (1...9).map { #"{"type": "malware", "spec_version": "2.1", "id": "malware--\#($0)", "name": "M\#($0)"}"# }
                .joined(separator: ",\n") + ",\n" + #"{"type": "malware", "id": }, {"type": "tool"}"#)
        var errors: Set<String> = []
        for size in [1, 3, 4, 100] {
            do {
                _ = try StixReader.read(broken, file: "broken.json", base: original.schema, batchSize: size)
                Issue.record("read in runs of \(size)")
            } catch {
                errors.insert("\(error)")
            }
        }
        #expect(errors.count == 1 && errors.first?.contains("broken.json:11:") == true, "\(errors)")
    }

    @Test("a file is told a bundle or not from its head when the head says, else from its top level")
    func bundleFiles() throws {
        let folder = NSTemporaryDirectory() + "kagami-bundles-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let document = GraphFile.encode(try BundledData.mirrorFace(), format: .json)
        let small = String(
            decoding: Self.bundle(#"{"type": "malware", "id": "malware--1", "name": "X"}"#), as: UTF8.self)
        let cases: [(name: String, text: String, bundle: Bool)] = [
            ("graph", document, false),
            ("bundle", small, true),
            ("padded", String(repeating: " ", count: 70_000) + small, true),
            ("type-last", #"{"id": "bundle--2", "objects": [], "type": "bundle"}"#, true),
            ("other", #"{"id": "x", "objects": [], "type": "report"}"#, false),
        ]
        for (name, text, bundle) in cases {
            let path = folder + "/" + name + ".json"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            let found = try StixReader.bundle(at: path)
            #expect((found != nil) == bundle && found.map { $0 == Array(text.utf8) } != false, "\(name)")
        }
    }
}
