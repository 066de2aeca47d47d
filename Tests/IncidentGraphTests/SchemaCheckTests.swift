import IncidentGraph
import Testing

@Suite("Schema checks on nodes and edges")
struct SchemaCheckTests {
    private func builder() throws -> GraphBuilder {
        var builder = GraphBuilder(schema: try SampleGraph.schema())
        try builder.addNode(id: "jaxa", kind: "org", properties: [:], provenance: SampleGraph.reported)
        try builder.addNode(id: "inc-1", kind: "incident", properties: [:], provenance: .synthetic)
        return builder
    }

    private func failure(_ body: (inout GraphBuilder) throws(GraphError) -> Void) throws -> GraphError {
        var builder = try builder()
        do {
            try body(&builder)
            _ = try builder.build()
        } catch {
            return error
        }
        Issue.record("expected a GraphError")
        return GraphError(.invalid, "none")
    }

    @Test("a schema of more edge labels than a label number holds is refused, saying how many it may have")
    func tooManyLabels() throws {
        let kinds = try SampleGraph.schema().kinds
        let labels = (0...Schema.maximumEdgeLabels).map {
            EdgeLabelSchema(name: "l\($0)", from: ["org"], to: ["org"], doc: "")
        }
        #expect(throws: GraphError.self) { try Schema(kinds: kinds, edgeLabels: labels, links: []) }
        do {
            _ = try Schema(kinds: kinds, edgeLabels: labels, links: [])
        } catch {
            #expect(error.message.contains("at most \(Schema.maximumEdgeLabels) edge labels"))
        }
        #expect(throws: Never.self) { try Schema(kinds: kinds, edgeLabels: Array(labels.dropLast()), links: []) }
    }

    @Test("a schema of more kinds than a node's kind number holds is refused; one of as many as it holds takes nodes")
    func tooManyKinds() throws {
        let kinds = try (0...Schema.maximumKinds).map {
            try KindSchema(name: "k\($0)", plural: "k\($0)", doc: "", properties: [], display: [])
        }
        #expect(throws: GraphError.self) { try Schema(kinds: kinds, edgeLabels: [], links: []) }
        do {
            _ = try Schema(kinds: kinds, edgeLabels: [], links: [])
        } catch {
            #expect(error.message.contains("at most \(Schema.maximumKinds) kinds"))
        }
        var builder = GraphBuilder(schema: try Schema(kinds: Array(kinds.dropLast()), edgeLabels: [], links: []))
        try builder.addNode(id: "last", kind: "k\(Schema.maximumKinds - 1)", properties: [:], provenance: .synthetic)
        let graph = try builder.build()
        #expect(graph.kind(of: NodeID(index: 0)).name == "k\(Schema.maximumKinds - 1)")
    }

    @Test("an unknown kind is refused with a suggestion")
    func unknownKind() throws {
        let error = try failure { b throws(GraphError) in
            try b.addNode(id: "x", kind: "incidnt", properties: [:], provenance: .synthetic)
        }
        #expect(error.message == "unknown node kind `incidnt`")
        #expect(error.hint == "did you mean `incident`?")
    }

    @Test("a value of the wrong type is refused")
    func wrongType() throws {
        let error = try failure { b throws(GraphError) in
            try b.addNode(id: "x", kind: "incident", properties: ["files": .string("many")], provenance: .synthetic)
        }
        #expect(error.message.contains("property `files` must be int, found string"))
    }

    @Test("an integer is accepted where a decimal is declared")
    func integerAsDecimal() throws {
        var builder = try builder()
        try builder.addNode(id: "x", kind: "incident", properties: ["score": .int(3)], provenance: .synthetic)
        let graph = try builder.build()
        #expect(graph.value("score", of: try #require(graph.node(id: "x"))) == .double(3))
    }

    @Test("an undeclared property is refused with a suggestion")
    func unknownProperty() throws {
        let error = try failure { b throws(GraphError) in
            try b.addNode(id: "x", kind: "incident", properties: ["file": .int(1)], provenance: .synthetic)
        }
        #expect(error.message == "kind `incident` has no property `file`")
        #expect(error.hint == "did you mean `files`?")
    }

    @Test("ids are unique across kinds")
    func duplicateID() throws {
        let error = try failure { b throws(GraphError) in
            try b.addNode(id: "jaxa", kind: "actor", properties: [:], provenance: .synthetic)
        }
        #expect(error.message == "id `jaxa` is already used by a node of kind `org`")
    }

    @Test("an edge to a missing node is refused when the graph is built")
    func danglingEdge() throws {
        let error = try failure { b throws(GraphError) in
            try b.addEdge(from: "inc-1", to: "jaxx", label: "targeted", provenance: .synthetic)
        }
        #expect(error.message.contains("its end `jaxx` is not a node"))
        #expect(error.hint == "did you mean `jaxa`?")
    }

    @Test("an edge between kinds its label does not allow is refused")
    func wrongEndKind() throws {
        let error = try failure { b throws(GraphError) in
            try b.addEdge(from: "jaxa", to: "inc-1", label: "targeted", provenance: .synthetic)
        }
        #expect(error.message.contains("`targeted` cannot start at kind `org`"))
    }

    @Test("an unknown label is refused")
    func unknownLabel() throws {
        let error = try failure { b throws(GraphError) in
            try b.addEdge(from: "inc-1", to: "jaxa", label: "targetted", provenance: .synthetic)
        }
        #expect(error.hint == "did you mean `targeted`?")
    }

    @Test("an edge may name a node added after it")
    func forwardReference() throws {
        var builder = try builder()
        try builder.addEdge(from: "inc-1", to: "mirrorface", label: "attributed_to", provenance: .synthetic)
        try builder.addNode(id: "mirrorface", kind: "actor", properties: [:], provenance: .synthetic)
        #expect(try builder.build().edgeCount == 1)
    }

    @Test("an inconsistent schema is refused")
    func badSchema() {
        #expect(throws: GraphError.self) {
            try Schema(kinds: [], edgeLabels: [EdgeLabelSchema(name: "x", from: ["ghost"], to: [], doc: "")], links: [])
        }
        #expect(throws: GraphError.self) {
            try KindSchema(
                name: "k", plural: "ks", doc: "", properties: [PropertySchema(name: "ts", type: .string, doc: "")],
                display: [], timeProperty: "ts")
        }
    }
}
