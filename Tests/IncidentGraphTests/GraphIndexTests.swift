import IncidentGraph
import Testing

@Suite("Graph storage and indexes")
struct GraphIndexTests {
    @Test("ids map to nodes and back, across kinds")
    func idIndex() throws {
        let graph = try SampleGraph.graph()
        let jaxa = try #require(graph.node(id: "jaxa"))
        #expect(graph.id(of: jaxa) == "jaxa")
        #expect(graph.kind(of: jaxa).name == "org")
        #expect(graph.value("name", of: jaxa) == .string("宇宙航空研究開発機構"))
        #expect(graph.node(id: "nobody") == nil)
        #expect(graph.nodes(ofKind: "incidents").map { graph.id(of: $0) } == ["inc-0", "inc-1", "inc-2"])
        #expect(graph.nodes(ofKind: "incident").count == 3)
        #expect(graph.nodes(ofKind: "unknown").isEmpty)
    }

    /// Forty incidents targeting seven organisations, edges in no particular order, some nodes
    /// with several, some with none.
    private static func targetingGraph() throws -> IncidentGraph {
        var builder = GraphBuilder(schema: try SampleGraph.schema())
        for index in 0..<40 {
            try builder.addNode(id: "i\(index)", kind: "incident", properties: [:], provenance: .synthetic)
        }
        for index in 0..<7 {
            try builder.addNode(id: "o\(index)", kind: "org", properties: [:], provenance: .synthetic)
        }
        for index in 0..<40 where index % 5 != 0 {
            for org in [(index * 3) % 7, (index * 5 + 1) % 7] where index % 2 == 0 || org == (index * 3) % 7 {
                try builder.addEdge(from: "i\(index)", to: "o\(org)", label: "targeted", provenance: .synthetic)
            }
        }
        return try builder.build()
    }

    @Test("a link's targets as an array give each node's first neighbour, every label and direction")
    func linkTargets() throws {
        let graph = try Self.targetingGraph()
        for position in graph.schema.edgeLabels.indices {
            for direction in [Direction.out, .in, .both] {
                let targets = graph.linkTargets(direction: direction, labelPosition: position)
                for node in graph.allNodes {
                    #expect(
                        targets.target(of: node)
                            == graph.firstNeighbour(of: node, direction: direction, labelPosition: position))
                }
            }
        }
        let first = try #require(graph.node(id: "o0"))
        #expect(graph.linkTargets(direction: .in, labelPosition: 1).target(of: first) != nil)
    }

    @Test("the neighbour lists give each node's edges, every label and direction, in the edges' order")
    func neighbourLists() throws {
        let graph = try Self.targetingGraph()
        let neighbourhood = graph.neighbourhood()
        for node in graph.allNodes {
            for direction in [Direction.out, .in, .both] {
                for label in [nil] + graph.schema.edgeLabels.map(\.name) {
                    let expected = graph.edges(at: node, direction: direction, label: label).map(graph.edge).map {
                        edge in
                        edge.from == node && direction != .in
                            ? "\(graph.id(of: edge.to)) \(edge.label) →" : "\(graph.id(of: edge.from)) ← \(edge.label)"
                    }
                    var listed: [String] = []
                    neighbourhood.forEachNeighbour(
                        of: node, direction: direction, labelPosition: label.flatMap(graph.schema.labelPosition)
                    ) { other, position, forward in
                        let name = graph.schema.edgeLabels[position].name
                        listed.append(forward ? "\(graph.id(of: other)) \(name) →" : "\(graph.id(of: other)) ← \(name)")
                    }
                    #expect(listed == expected, "\(graph.id(of: node)) \(direction) \(label ?? "any")")
                }
            }
        }
    }

    @Test("every node's origin and kind, kept one byte each, are its provenance's and its kind's")
    func nodeOrigins() throws {
        let graph = try SampleGraph.graph()
        let origins = graph.origins()
        #expect(Set(graph.allNodes.map(graph.origin(of:))).count > 1)
        for node in graph.allNodes {
            #expect(origins.origin(of: node) == graph.origin(of: node))
            #expect(origins.kindIndex(of: node) == graph.kindIndex(of: node))
        }
    }

    @Test("built-in properties expose identity and provenance")
    func builtIns() throws {
        let graph = try SampleGraph.graph()
        let jaxa = try #require(graph.node(id: "jaxa"))
        #expect(graph.value("provenance", of: jaxa) == .string("reported"))
        #expect(graph.value("sources", of: jaxa) == .list([.string("s1")]))
        #expect(graph.value("status", of: jaxa) == .string("REPORTED"))
        let synthetic = try #require(graph.node(id: "think-tank-07"))
        #expect(graph.value("provenance", of: synthetic) == .string("synthetic"))
        #expect(graph.value("status", of: synthetic) == .null)
        #expect(graph.value("no-such-property", of: synthetic) == .null)
    }

    @Test("edges are found from both ends, by label")
    func adjacencyBothWays() throws {
        let graph = try SampleGraph.graph()
        let jaxa = try #require(graph.node(id: "jaxa"))
        let incident = try #require(graph.node(id: "inc-0"))
        let attackers = graph.neighbours(of: jaxa, direction: .in, label: "targeted").map { graph.id(of: $0) }
        #expect(attackers == ["inc-0", "inc-1"])
        #expect(graph.neighbours(of: jaxa, direction: .out).map { graph.id(of: $0) } == ["aerospace"])
        #expect(graph.neighbours(of: jaxa, direction: .both).count == 3)
        #expect(graph.neighbours(of: incident, direction: .out, label: "targeted").map { graph.id(of: $0) } == ["jaxa"])
        #expect(graph.neighbours(of: incident, direction: .in).isEmpty)
        #expect(graph.neighbours(of: incident, direction: .out, label: "no-such-label").isEmpty)
        let attribution = try #require(graph.edges(at: incident, direction: .out, label: "attributed_to").first)
        #expect(graph.edge(attribution).properties["confidence"] == .string("high"))
        #expect(graph.id(of: graph.edge(attribution).to) == "mirrorface")
        #expect(graph.edgeCountsByLabel.map(\.count) == [3, 3, 1])
    }

    @Test("the time index answers ranges in node order (the times are not), offsets converted to UTC")
    func timeIndex() throws {
        let graph = try SampleGraph.graph()
        func ids(from: String, to: String) throws -> [String]? {
            let range = try #require(Instant(iso8601: from))...(try #require(Instant(iso8601: to)))
            return graph.nodeNumbers(ofKind: "incident", timeIn: range)?.map { graph.id(of: NodeID(index: Int($0))) }
        }
        #expect(try ids(from: "2000-01-01T00:00:00Z", to: "2030-01-01T00:00:00Z") == ["inc-0", "inc-1", "inc-2"])
        #expect(try ids(from: "2023-06-15T01:30:00Z", to: "2024-01-10T02:00:00Z") == ["inc-0", "inc-2"])
        #expect(try ids(from: "2024-01-01T00:00:00Z", to: "2024-01-31T23:59:59Z") == ["inc-0"])
        #expect(try ids(from: "2023-06-15T01:30:01Z", to: "2024-01-10T01:59:59Z") == [])
        let from = try #require(Instant(iso8601: "2024-01-01T00:00:00Z"))
        #expect(graph.nodeNumbers(ofKind: "org", timeIn: from...from) == nil)
        let inc2 = try #require(graph.node(id: "inc-2"))
        #expect(graph.value("ts", of: inc2) == .instant(try #require(Instant(iso8601: "2023-06-15T01:30:00Z"))))
        #expect(graph.timeIndex(ofKind: "incident")?.count == 3)
    }
}

@Suite("Node marks")
struct NodeMarksTests {
    @Test("a node is marked once, whatever word it falls in, and marked nodes come back in order")
    func marks() {
        var marks = NodeMarks(count: 200)
        for number: Int32 in [199, 0, 63, 64, 127, 5, 64] { marks.insert(number) }
        #expect(marks.numbers == [0, 5, 63, 64, 127, 199])
        #expect(marks.contains(63) && marks.contains(199) && !marks.contains(62) && !marks.contains(128))
        #expect(!marks.insert(5) && marks.insert(6))
        #expect(NodeMarks(count: 0).numbers.isEmpty)
    }
}
