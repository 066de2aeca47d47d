import IncidentGraph
import PluginAPI
import QueryEngine
import Testing

/// `path` searches from both ends; on random graphs its answer is checked against a plain
/// breadth-first search from each end written here: the same number of hops, every step an
/// edge of the graph in the stated direction, and at each hop the node's first edge that still
/// lies on a shortest path (the path a search from the start alone finds).
@Suite("Shortest paths agree with a plain breadth-first search")
struct PathFinderTests {
    /// Incidents, organisations and actors joined at random by `targeted`, `attributed_to` and
    /// `linked_to` edges (some pairs by two labels), plus `reported_by` edges a path must not use.
    private static func randomGraph(seed: UInt64, schema: Schema) throws -> IncidentGraph {
        var random = SampleRandom(seed: seed)
        var builder = GraphBuilder(schema: schema)
        let (incidents, orgs, actors) = (160, 40, 12)
        for index in 0..<incidents {
            try builder.addNode(id: "i\(index)", kind: "incident", properties: [:], provenance: .synthetic)
        }
        for index in 0..<orgs {
            try builder.addNode(id: "o\(index)", kind: "org", properties: [:], provenance: .synthetic)
        }
        for index in 0..<actors {
            try builder.addNode(id: "a\(index)", kind: "actor", properties: [:], provenance: .synthetic)
        }
        try builder.addNode(id: "src", kind: "source", properties: [:], provenance: .synthetic)
        for index in 0..<incidents {
            if random.below(10) < 7 {
                try builder.addEdge(
                    from: "i\(index)", to: "o\(random.below(orgs))", label: "targeted", provenance: .synthetic)
            }
            if random.below(10) < 3 {
                try builder.addEdge(
                    from: "i\(index)", to: "a\(random.below(actors))", label: "attributed_to",
                    provenance: .synthetic)
            }
            if random.below(10) == 0 {
                try builder.addEdge(from: "i\(index)", to: "src", label: "reported_by", provenance: .synthetic)
            }
        }
        for _ in 0..<8 {
            let (a, b) = (random.below(actors), random.below(actors))
            try builder.addEdge(from: "a\(a)", to: "a\(b)", label: "linked_to", provenance: .synthetic)
            try builder.addEdge(from: "a\(a)", to: "o\(b)", label: "targeted", provenance: .synthetic)
        }
        return try builder.build()
    }

    /// The edges at a node, outgoing then incoming, as (node at the other end, label, forwards),
    /// leaving out `reported_by`.
    private static func steps(from node: NodeID, in graph: IncidentGraph) -> [(NodeID, String, Bool)] {
        graph.edges(at: node, direction: .both).map(graph.edge).filter { $0.label != "reported_by" }.map { edge in
            edge.from == node ? (edge.to, edge.label, true) : (edge.from, edge.label, false)
        }
    }

    /// Hops from `node` to every node, following edges either way except `reported_by`.
    private static func hops(from node: NodeID, in graph: IncidentGraph) -> [Int] {
        var hops = [Int](repeating: -1, count: graph.nodeCount)
        hops[node.index] = 0
        var queue = [node]
        var next = 0
        while next < queue.count {
            let current = queue[next]
            next += 1
            for (other, _, _) in steps(from: current, in: graph) where hops[other.index] < 0 {
                hops[other.index] = hops[current.index] + 1
                queue.append(other)
            }
        }
        return hops
    }

    @Test("random graphs: hops, steps and the choice among equally short paths", arguments: 0..<6)
    func randomPaths(seed: Int) throws {
        let schema = try Session().graph.schema
        let graph = try Self.randomGraph(seed: UInt64(seed), schema: schema)
        var random = SampleRandom(seed: UInt64(seed) + 100)
        for _ in 0..<40 {
            let start = NodeID(index: random.below(graph.nodeCount - 1))
            let goal = NodeID(index: random.below(graph.nodeCount - 1))
            let maximum = 1 + random.below(7)
            let statement = "path @\(graph.id(of: start)) -> @\(graph.id(of: goal)) max \(maximum)"
            guard case .success((.rows(let rows), _)) = QueryRunner.run(statement, graph: graph, state: QueryState())
            else {
                Issue.record("\(statement) failed")
                continue
            }
            let (fromStart, toGoal) = (Self.hops(from: start, in: graph), Self.hops(from: goal, in: graph))
            let expected = fromStart[goal.index]
            guard expected >= 0, expected <= maximum else {
                #expect(rows.rows.isEmpty, "\(statement)")
                continue
            }
            let nodes = rows.rows.compactMap { row -> NodeID? in
                guard case .node(let reference) = row.values[1] else { return nil }
                return reference.node
            }
            #expect(nodes.count == expected + 1 && nodes.first == start && nodes.last == goal, "\(statement)")
            for (hop, pair) in zip(nodes, nodes.dropFirst()).enumerated() {
                let (from, to) = pair
                let first = Self.steps(from: from, in: graph).first { toGoal[$0.0.index] == expected - hop - 1 }
                #expect(to == first?.0, "\(statement): hop \(hop + 1)")
                let reachedBy = first.map { $0.2 ? "\($0.1) →" : "← \($0.1)" }
                #expect(rows.rows[hop + 1].values[3] == reachedBy.map(Value.string), "\(statement)")
            }
        }
    }

    @Test("the same node at both ends is a path of no hops; `@x | path @y` searches once per row")
    func trivialAndPerRow() throws {
        let session = try Session()
        #expect(try session.rows("path @jaxa -> @jaxa").rows.count == 1)
        let perRow = try session.rows("orgs | take 5 | path @mss max 6 | select hops")
        let single = try session.rows("orgs | take 5 | select id").rows.map { row in
            try session.rows("path @\(row.values[0].displayText) -> @mss max 6").rows.count - 1
        }
        #expect(perRow.rows.map { $0.values[0] } == single.map { $0 < 0 ? .null : .int($0) })
    }
}

extension SampleRandom {
    /// A whole number in `0..<bound`.
    fileprivate mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
