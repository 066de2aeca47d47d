import IncidentGraph
import PluginAPI
import QueryEngine
import Testing

/// `match` against matches found here by plain loops over the graph's neighbours, and the rows
/// a match leaves to be made against the same rows made at once.
@Suite("Pattern matches")
struct PatternMatchTests {
    let session: Session

    init() throws {
        session = try Session()
    }

    /// One step of a pattern as the loops below follow it.
    struct Step {
        let direction: Direction
        let label: String
        /// The kind of the node reached, or nil for any.
        let kind: String?
        /// The variable it binds: the place of an earlier node it must be, when it names one.
        let sameAs: Int?
    }

    /// Every match of a pattern of one-hop steps from the nodes of `kind`, each as the ids of
    /// the nodes at its places, in the order Kagami gives: by the node at each place in turn,
    /// each in node order.
    private func expected(from kind: String, _ steps: [Step]) -> [[String]] {
        let graph = session.graph
        var partial = graph.nodes(ofKind: kind).map { [$0] }
        for step in steps {
            var longer: [[NodeID]] = []
            for nodes in partial {
                for next in graph.neighbours(of: nodes[nodes.count - 1], direction: step.direction, label: step.label)
                where step.kind.map({ graph.kind(of: next).name == $0 }) ?? true
                    && step.sameAs.map({ nodes[$0] == next }) ?? true
                {
                    longer.append(nodes + [next])
                }
            }
            partial = longer
        }
        return partial.map { $0.map(graph.id(of:)) }
    }

    /// The ids in a match's rows, in order.
    private func ids(_ rows: RowSet) -> [[String]] {
        rows.rows.map { row in
            row.values.map { value in
                if case .node(let reference) = value { reference.id } else { "?" }
            }
        }
    }

    @Test("each match of one-hop patterns, in order: forwards, backwards, either way, a variable met twice")
    func everyMatchInOrder() throws {
        let cases: [(String, String, [Step], (([String]) -> [String]))] = [
            (
                "(i:incident)-[:targeted]->(o:org)", "incident",
                [Step(direction: .out, label: "targeted", kind: "org", sameAs: nil)], { $0 }
            ),
            (
                "(i:incident)-[:attributed_to]->(a:actor)<-[:attributed_to]-(j:incident)", "incident",
                [
                    Step(direction: .out, label: "attributed_to", kind: "actor", sameAs: nil),
                    Step(direction: .in, label: "attributed_to", kind: "incident", sameAs: nil),
                ], { $0 }
            ),
            (
                "(o:org)-[:in_sector]-(s)", "org", [Step(direction: .both, label: "in_sector", kind: nil, sameAs: nil)],
                { $0 }
            ),
            (
                "(i:incident)-[:used_malware]->(m)", "incident",
                [Step(direction: .out, label: "used_malware", kind: nil, sameAs: nil)], { $0 }
            ),
            (
                "(i:incident)-[:attributed_to]->(a:actor)<-[:attributed_to]-(i)", "incident",
                [
                    Step(direction: .out, label: "attributed_to", kind: "actor", sameAs: nil),
                    Step(direction: .in, label: "attributed_to", kind: "incident", sameAs: 0),
                ], { Array($0.prefix(2)) }
            ),
            // An unnamed node is matched, not shown.
            (
                "(i:incident)-[:targeted]->(:org)-[:in_sector]->(s:sector)", "incident",
                [
                    Step(direction: .out, label: "targeted", kind: "org", sameAs: nil),
                    Step(direction: .out, label: "in_sector", kind: "sector", sameAs: nil),
                ], { [$0[0], $0[2]] }
            ),
        ]
        for (pattern, kind, steps, shown) in cases {
            let matches = expected(from: kind, steps).map(shown)
            #expect(!matches.isEmpty, "\(pattern)")
            #expect(ids(try session.rows("match \(pattern)")) == matches, "\(pattern)")
            #expect(try session.rows("match \(pattern) | count").rows.first?.values == [.int(matches.count)])
        }
    }

    @Test("a step either way meets each neighbour once, in node order, edges out and in together")
    func eitherWayInNodeOrder() throws {
        var builder = GraphBuilder(schema: session.graph.schema)
        for id in ["a", "b", "c", "d"] {
            try builder.addNode(id: id, kind: "actor", properties: [:], provenance: .synthetic)
        }
        // `a` links out to `c` and `b`, and in from `b` (twice) and `d`.
        for (from, to) in [("a", "c"), ("b", "a"), ("a", "b"), ("d", "a"), ("b", "a")] {
            try builder.addEdge(from: from, to: to, label: "linked_to", provenance: .synthetic)
        }
        let graph = Session(graph: try builder.build())
        let expected = [["a", "b"], ["a", "c"], ["a", "d"], ["b", "a"], ["c", "a"], ["d", "a"]]
        #expect(ids(try graph.rows("match (x:actor)-[:linked_to]-(y:actor)")) == expected)
        // A test on `y` takes the walk node by node: the same matches.
        #expect(ids(try graph.rows(#"match (x:actor)-[:linked_to]-(y:actor) where y.id != "§""#)) == expected)
        let toA = #"match (x:actor)-[:linked_to]-(y:actor {id: "a"})"#
        #expect(ids(try graph.rows(toA)) == [["b", "a"], ["c", "a"], ["d", "a"]])
    }

    @Test("a match's rows read as numbers give what the same rows made at once give")
    func rowsLeftToBeMade() throws {
        let pattern = "match (i:incident)-[:targeted]->(o:org)"
        for tail in [
            "count", "count by o", "count by o.name", "count by o.sector", "count by i.vector", "take 3",
            "take 500 | count", "summarize n = count(), f = sum(i.files_exfiltrated) by o", "distinct o",
            "top 2 by o.name", "select o | take 2", "count by o | top 3 by count", "where i.true_phase == 2 | count",
            "where i.true_phase == 2 | count by o",
        ] {
            let (left, made) = (
                try session.rows("\(pattern) | \(tail)"), try session.rows("\(pattern) | skip 0 | \(tail)")
            )
            #expect(left.columns == made.columns, "\(tail)")
            #expect(left.rows.map(\.values) == made.rows.map(\.values) && !left.rows.isEmpty, "\(tail)")
            #expect(left.computedFrom == made.computedFrom, "\(tail)")
        }
    }

    @Test("a match rests on every node it binds, named or not")
    func unnamedNodes() throws {
        let named = try session.rows("match (i:incident)-[:attributed_to]->(a:actor) | count")
        let unnamed = try session.rows("match (:incident)-[:attributed_to]->(:actor) | count")
        #expect(unnamed.rows.map(\.values) == named.rows.map(\.values) && named.rows.first?.values != [.int(0)])
        #expect(unnamed.computedFrom == named.computedFrom)
        // Generated incidents attributed to reported actors: generated matches, unnamed or not.
        let tally = try #require(
            try session.rows(
                #"match (:incident)-[:attributed_to]->(a:actor) | where a.provenance == "reported" | count"#
            )
            .computedFrom)
        #expect(tally.count(of: .synthetic) == 206 && tally.count(of: .reported) == 4)
        let leftUnfiltered = try #require(
            try session.rows("match (:incident)-[:attributed_to]->(a:actor) | count by a").computedFrom)
        #expect(leftUnfiltered.count(of: .synthetic) == 206 && leftUnfiltered.count(of: .reported) == 4)
    }
}
