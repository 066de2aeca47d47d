import Foundation
import IncidentGraph
import Testing

@testable import Interchange

@Suite("STIX 2.1 export")
struct StixWriterTests {
    @Test("SHA-1 and name-based UUIDs match their published test vectors")
    func vectors() {
        let abc = SHA1.hash(Array("abc".utf8)).map { String(format: "%02x", $0) }.joined()
        #expect(abc == "a9993e364706816aba3e25717850c26c9cd0d89d")
        let dns = NameBasedUUID.bytes(of: "6ba7b810-9dad-11d1-80b4-00c04fd430c8")
        #expect(NameBasedUUID.make(namespace: dns, name: "python.org") == "886313e1-3b8a-5372-9b90-0c9aee199e5d")
    }

    @Test("a bundle of the sample graph: stable ids, every relationship between exported objects, losses counted")
    func bundle() throws {
        let graph = try StixSample.graph()
        let first = try #require(try WholeBundle(of: graph.allNodes, in: graph))
        #expect(try first.json == WholeBundle(of: graph.allNodes.reversed(), in: graph)?.json)
        #expect(
            StixReader.isBundle(Array(first.json.prefix(40))), "the type comes first: a reader tells it by its head")
        let bundle = try #require(try JSONSerialization.jsonObject(with: Data(first.json)) as? [String: Any])
        #expect(bundle["type"] as? String == "bundle")
        let objects = try #require(bundle["objects"] as? [[String: Any]])
        let ids = objects.compactMap { $0["id"] as? String }
        #expect(Set(ids).count == ids.count)
        for object in objects where object["type"] as? String == "relationship" {
            #expect(
                ids.contains(object["source_ref"] as? String ?? "")
                    && ids.contains(object["target_ref"] as? String ?? ""))
        }
        #expect(objects.allSatisfy { $0["spec_version"] as? String == "2.1" })
        let pattern = try #require(objects.first { $0["type"] as? String == "attack-pattern" })
        #expect((pattern["external_references"] as? [[String: String]])?.first?["external_id"] == "T1566.001")
        #expect(first.leftOut.isEmpty)
        #expect(first.relationships == 2)
        // Every object of this synthetic graph says so: label, marking, provenance.
        let marking = try #require(objects.first { $0["type"] as? String == "marking-definition" })
        let markingID = try #require(marking["id"] as? String)
        for object in objects where !["identity", "marking-definition"].contains(object["type"] as? String ?? "") {
            #expect(object["x_kagami_provenance"] as? String == "synthetic", "\(object)")
            #expect((object["object_marking_refs"] as? [String]) == [markingID], "\(object)")
            if object["type"] as? String != "email-message" {
                #expect((object["labels"] as? [String]) == ["synthetic"], "\(object)")
                #expect(object["confidence"] == nil)
            }
        }
        let lure = try #require(objects.first { $0["type"] as? String == "email-message" })
        #expect(lure["subject"] as? String == "x")
    }

    @Test("properties no STIX field holds travel as typed x_kagami_ members; one that cannot is counted as left out")
    func customMembers() throws {
        let text = """
            {"format": "kagami-graph", "version": 1, "name": "orgs", "schema": {"kinds": [
              {"name": "org", "plural": "orgs", "doc": "", "display": ["name"], "properties": [
                {"name": "name", "type": "string", "doc": ""}, {"name": "founded", "type": "date", "doc": ""},
                {"name": "staff", "type": "int", "doc": ""}, {"name": "Status", "type": "string", "doc": ""},
                {"name": "tags", "type": "list", "doc": ""}]}],
              "edges": [], "links": []},
            "nodes": [{"id": "o", "kind": "org", "name": "Org O", "founded": "2001-04-01", "staff": 120,
                       "Status": "closed", "tags": ["jp", "think-tank"], "provenance": "synthetic"}],
            "edges": []}
            """
        let graph = try GraphFile.decode(Array(text.utf8), file: "orgs.json", format: .json).graph
        let exported = try #require(try WholeBundle(of: graph.allNodes, in: graph))
        let bundle = try #require(try JSONSerialization.jsonObject(with: Data(exported.json)) as? [String: Any])
        let objects = try #require(bundle["objects"] as? [[String: Any]])
        let org = try #require(objects.first { $0["x_kagami_id"] as? String == "o" })
        #expect(org["x_kagami_founded"] as? String == "2001-04-01")
        #expect(org["x_kagami_staff"] as? Int == 120)
        #expect(org["x_kagami_tags"] as? [String] == ["jp", "think-tank"])
        #expect(org["x_kagami_name"] == nil, "the name is the object's own")
        // STIX custom property names are lowercase: the property is left out, and said so.
        #expect(org["x_kagami_Status"] == nil)
        #expect(exported.leftOut == ["org.Status (a property name STIX does not allow)": 1])
    }
}

/// A small synthetic graph: an actor using a technique against an organisation, and a lure.
enum StixSample {
    static func graph() throws -> IncidentGraph {
        let text = """
            {"format": "kagami-graph", "version": 1, "name": "sample", "schema": {"kinds": [
              {"name": "actor", "plural": "actors", "doc": "", "display": ["name"], "properties": [{"name": "name", "type": "string", "doc": ""}]},
              {"name": "org", "plural": "orgs", "doc": "", "display": ["name"], "properties": [{"name": "name", "type": "string", "doc": ""}]},
              {"name": "technique", "plural": "techniques", "doc": "", "display": ["attack_id"], "properties": [{"name": "attack_id", "type": "string", "doc": ""}, {"name": "name", "type": "string", "doc": ""}]},
              {"name": "lure", "plural": "lures", "doc": "", "display": ["subject"], "properties": [{"name": "subject", "type": "string", "doc": ""}]}],
              "edges": [
              {"label": "targeted", "from": ["actor"], "to": ["org"], "doc": "", "properties": []},
              {"label": "uses_technique", "from": ["actor"], "to": ["technique"], "doc": "", "properties": []}],
              "links": []},
            "nodes": [
            {"id": "a", "kind": "actor", "name": "Actor A", "provenance": "synthetic"},
            {"id": "o", "kind": "org", "name": "Org O", "provenance": "synthetic"},
            {"id": "t", "kind": "technique", "attack_id": "T1566.001", "name": "Spearphishing Attachment", "provenance": "synthetic"},
            {"id": "l", "kind": "lure", "subject": "x", "provenance": "synthetic"}],
            "edges": [
            {"from": "a", "to": "o", "label": "targeted", "provenance": "synthetic"},
            {"from": "a", "to": "t", "label": "uses_technique", "provenance": "synthetic"}]}
            """
        return try GraphFile.decode(Array(text.utf8), file: "sample.json", format: .json).graph
    }
}

/// A bundle gathered whole from the pieces the writer hands over, with what it reported.
struct WholeBundle {
    let json: [UInt8]
    let leftOut: [String: Int]
    let relationships: Int

    init?(of nodes: [NodeID], in graph: IncidentGraph) throws {
        final class Pieces { var bytes: [UInt8] = [] }
        let pieces = Pieces()
        guard let export = try StixWriter.bundle(of: nodes, in: graph, to: { pieces.bytes += $0 }) else { return nil }
        (json, leftOut, relationships) = (pieces.bytes, export.leftOut, export.relationships)
    }
}
