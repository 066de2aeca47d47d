import IncidentGraph
import QueryEngine
import Testing
import Workbench

/// A single-valued link (`target`) read on a graph where a node has several: the rows say so.
@Suite("A link read as one node, where a node has several")
struct SeveralTargetsTests {
    /// The bundled graph, with the first reported incident given a second target, and one
    /// incident's target given again (an edge to the node it has: still one target).
    static func graph() throws -> IncidentGraph {
        let bundled = try BundledData.mirrorFace().graph
        var builder = GraphBuilder(adding: bundled)
        try builder.addEdge(from: "inc-jaxa-2023-06", to: "mofa", label: "targeted", provenance: .synthetic)
        let again = try #require(bundled.nodes(ofKind: "incident").last)
        let target = try #require(bundled.firstNeighbour(of: again, direction: .out, label: "targeted"))
        try builder.addEdge(
            from: bundled.id(of: again), to: bundled.id(of: target), label: "targeted", provenance: .synthetic)
        return try builder.build()
    }

    @Test("a statement reading the link says which nodes have more than one, and which is read")
    func noted() throws {
        let session = Session(graph: try Self.graph())
        let expected =
            "`target` names one node of an incident, but 1 incident has more than one over `targeted` "
            + "(`inc-jaxa-2023-06`): the first of each, in node order, is read — "
            + "`@inc-jaxa-2023-06 | out targeted` lists them"
        #expect(try session.rows("incidents | count by target.name").notes == [expected])
        #expect(try session.rows("incidents | where target.sector.name == \"Aerospace\" | count").notes == [expected])
        // Through a function that reads it, and only when a statement reads it.
        _ = try session.run("def fn aim() = target.name")
        #expect(try session.rows("incidents | extend t = aim() | take 1").notes == [expected])
        #expect(try session.rows("incidents | count").notes.isEmpty)
        // A pattern follows every `targeted` edge, and names kinds, not links.
        #expect(try session.rows("match (i:incident)-[:targeted]->(o:org) | count").notes.isEmpty)
        #expect(try session.rows("incidents | count by actor.name").notes.isEmpty)
    }

    @Test("on the bundled data, where every incident has one target, nothing is said")
    func quietWhenSingle() throws {
        let session = try Session()
        #expect(try session.rows("incidents | count by target.name").notes.isEmpty)
        let graph = try Self.graph()
        let link = try #require(graph.schema.links.first { $0.kind == "incident" && $0.name == "target" })
        #expect(graph.nodesReachingSeveral(through: link).map { graph.id(of: $0) } == ["inc-jaxa-2023-06"])
    }
}
