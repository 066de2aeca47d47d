import IncidentGraph
import PluginAPI
import QueryEngine
import Synchronization
import Testing
import Workbench

/// A pattern match rests on the edges it follows and the nodes a step of several hops passes
/// through, not only on the nodes it binds: a generated edge between two reported nodes is not
/// a reported fact.
@Suite("Pattern matches rest on their edges too")
struct MatchProvenanceTests {
    /// The tally of a statement's rows.
    private func tally(_ statement: String, in session: Session) throws -> ProvenanceTally {
        try #require(try session.rows(statement).computedFrom, "\(statement)")
    }

    @Test("a match over a generated or imported edge between reported nodes is generated or imported")
    func weakerEdge() throws {
        var builder = GraphBuilder(adding: try BundledData.mirrorFace().graph)
        // A reported incident attributed by a generated edge to a second reported actor, by an
        // imported one to a third, and by a generated one again to the actor its reported edge
        // names (the reported edge still makes that match).
        try builder.addEdge(from: "inc-jaxa-2023-06", to: "apt31", label: "attributed_to", provenance: .synthetic)
        try builder.addEdge(
            from: "inc-jaxa-2023-06", to: "salt-typhoon", label: "attributed_to",
            provenance: Provenance(origin: .imported, sources: [], status: nil))
        try builder.addEdge(from: "inc-jaxa-2023-06", to: "mirrorface", label: "attributed_to", provenance: .synthetic)
        let session = Session(graph: try builder.build())
        for pattern in [
            "match (i:incident)-[:attributed_to]->(a:actor)", "match (a:actor)<-[:attributed_to]-(i:incident)",
            "match (i:incident)-[:attributed_to]-(a:actor)", "match (i:incident)-->(a:actor)",
        ] {
            for tail in [
                "count", #"where a.provenance == "reported" | skip 0 | count"#, "select a, i | skip 0 | count",
                "extend n = a.name | sort n | count",
            ] {
                let statement = "\(pattern) | \(tail)"
                let matches = try tally(statement, in: session)
                #expect(matches.count(of: .reported) == 4, "\(statement): \(matches.summary(kind: nil))")
                #expect(matches.count(of: .imported) == 1, "\(statement): \(matches.summary(kind: nil))")
                #expect(matches.count(of: .synthetic) == 207, "\(statement): \(matches.summary(kind: nil))")
            }
        }
    }

    @Test("rows a later stage no longer tells to be a match's rest on the least firm way any match was made")
    func renamedColumns() throws {
        var builder = GraphBuilder(adding: try BundledData.mirrorFace().graph)
        try builder.addEdge(from: "inc-jaxa-2023-06", to: "apt31", label: "attributed_to", provenance: .synthetic)
        let session = Session(graph: try builder.build())
        let pattern = #"match (i:incident {provenance: "reported"})-[:attributed_to]->(a:actor)"#
        // Told apart by name: four reported, one generated.
        let kept = try tally("\(pattern) | select a, i | skip 0 | count", in: session)
        #expect(kept.count(of: .reported) == 4 && kept.count(of: .synthetic) == 1, "\(kept.summary(kind: nil))")
        // `i` renamed, then the rows reordered: which match a row is can no longer be read, and
        // none is counted reported.
        let renamed = try tally("\(pattern) | select x = i, a | sort a | count", in: session)
        #expect(
            renamed.count(of: .reported) == 0 && renamed.count(of: .synthetic) == 5, "\(renamed.summary(kind: nil))")
        // Renamed but neither dropped nor reordered: each row is still its match.
        let selected = try tally("\(pattern) | select x = i, a | count", in: session)
        #expect(selected == kept, "\(selected.summary(kind: nil))")
    }

    @Test("a step of several hops rests on the firmest way it can be made, nodes passed included")
    func severalHops() throws {
        var builder = GraphBuilder(adding: try BundledData.mirrorFace().graph)
        // menuPass reaches APT31 only through a generated actor, over reported edges.
        try builder.addNode(id: "ghost", kind: "actor", properties: ["name": .string("Ghost")], provenance: .synthetic)
        try builder.addEdge(
            from: "menupass", to: "ghost", label: "linked_to", provenance: .reported(sources: ["s1"], status: .reported)
        )
        try builder.addEdge(
            from: "ghost", to: "apt31", label: "linked_to", provenance: .reported(sources: ["s1"], status: .reported))
        let through = Session(graph: try builder.build())
        let statement = #"match (a:actor {id: "menupass"})-[:linked_to*2..2]->(b:actor {id: "apt31"}) | count"#
        #expect(try tally(statement, in: through).count(of: .synthetic) == 1)
        // A second way, through a reported actor, makes the same match a reported one.
        try builder.addEdge(
            from: "menupass", to: "salt-typhoon", label: "linked_to",
            provenance: .reported(sources: ["s1"], status: .reported))
        try builder.addEdge(
            from: "salt-typhoon", to: "apt31", label: "linked_to",
            provenance: .reported(sources: ["s1"], status: .reported))
        let twoWays = Session(graph: try builder.build())
        #expect(try tally(statement, in: twoWays).count(of: .reported) == 1)
        #expect(try tally(statement, in: twoWays).total == 1)
    }

    @Test("on the bundled data, whose edges are as firm as their ends, matches rest on their nodes")
    func bundled() throws {
        let session = try Session()
        let matches = try tally("match (i:incident)-[:targeted]->(o:org)-[:in_sector]->(s:sector) | count", in: session)
        #expect(matches.count(of: .reported) == 4 && matches.count(of: .synthetic) == 206)
    }

    /// A selected property or an unnamed node: the rows no longer show every node of the match.
    @Test(
        "rows that no longer show all their match's nodes are not counted firmer than the matches",
        arguments: [
            // The reported sectors reached from 206 generated incidents.
            "match (i:incident)-[:targeted]->(o:org) | select o.sector",
            "match (s:sector)<-[:in_sector]-(:org)<-[:targeted]-(:incident)",
            "match (s:sector)<-[:in_sector]-(:org)<-[:targeted]-(i:incident) | select s",
        ])
    func reachedReportedNodes(rows: String) throws {
        let session = try Session()
        // Kept by a stage that drops some (read row by row) or made into a table.
        for tail in ["take 200 | count", "sort 1 | take 200 | count", "distinct | count"] {
            let statement = "\(rows) | \(tail)"
            let counted = try tally(statement, in: session)
            // No more rows reported than there are reported matches.
            #expect(counted.count(of: .reported) <= 4, "\(statement): \(counted.summary(kind: nil))")
            #expect(counted.total >= 200, "\(statement): \(counted.summary(kind: nil))")
        }
        // Rows as they stand are counted as the matches are.
        let all = try tally("\(rows) | count", in: session)
        #expect(all.count(of: .reported) == 4 && all.count(of: .synthetic) == 206, "\(all.summary(kind: nil))")
    }

    /// Matches that differ only in their unnamed nodes show the same nodes: kept by a later
    /// stage, none is counted firmer than the same match with every node named.
    @Test("rows of a pattern with unnamed nodes are never counted firmer than their own matches")
    func unnamedNodes() throws {
        let session = try Session()
        let unnamed = "match (s:sector)<-[:in_sector]-(:org)<-[:targeted]-(:incident)"
        let named = "match (s:sector)<-[:in_sector]-(o:org)<-[:targeted]-(i:incident)"
        for tail in ["take 200", "sort s | take 200", "sort s | take 30", #"where s.name != "x" | sort s | take 100"#] {
            let counted = try tally("\(unnamed) | \(tail) | count", in: session)
            let matches = try tally("\(named) | \(tail) | count", in: session)
            #expect(counted.total == matches.total, "\(tail)")
            #expect(
                counted.count(of: .reported) <= matches.count(of: .reported),
                "\(tail): \(counted.summary(kind: nil)) against \(matches.summary(kind: nil))")
        }
        // Where every match showing a sector is reported, its rows are counted reported.
        let reported = #"match (s:sector)<-[:in_sector]-(:org)<-[:targeted]-(:incident {provenance: "reported"})"#
        let kept = try tally("\(reported) | sort s | take 3 | count", in: session)
        #expect(kept.count(of: .reported) == 3, "\(kept.summary(kind: nil))")
    }

    /// Ten thousand reported incidents attributed to a reported actor, by edges that are
    /// `imported` (less firm than their ends) or reported.
    private static func attributed(by origin: Provenance.Origin) throws -> IncidentGraph {
        var builder = GraphBuilder(schema: try Session().graph.schema)
        let reported = Provenance.reported(sources: ["s1"], status: .reported)
        try builder.addNode(id: "apt10", kind: "actor", properties: [:], provenance: reported)
        for index in 0..<10_000 {
            try builder.addNode(id: "inc-\(index)", kind: "incident", properties: [:], provenance: reported)
            try builder.addEdge(
                from: "inc-\(index)", to: "apt10", label: "attributed_to",
                provenance: origin == .reported ? reported : Provenance(origin: origin, sources: [], status: nil))
        }
        return try builder.build()
    }

    @Test("reading what ten thousand matches rest on stops at Ctrl-C, as matching them does")
    func cancelled() throws {
        let statement = "match (i:incident)-[:attributed_to]->(a:actor) | count"
        // How often the statement asks whether it is cancelled, where no edge is read.
        let asked = Atomic(0)
        let counting = CancellationCheck {
            asked.add(1, ordering: .relaxed)
            return false
        }
        let plain = try Self.attributed(by: .reported)
        guard case .success = QueryRunner.run(statement, graph: plain, state: QueryState(), cancellation: counting)
        else { Issue.record("\(statement) failed"); return }
        let matching = asked.load(ordering: .relaxed)
        // With the edges to read, Ctrl-C pressed once the matching is done stops the statement.
        let weak = try Self.attributed(by: .imported)
        let after = Atomic(0)
        let pressedLate = CancellationCheck { after.add(1, ordering: .relaxed).newValue > matching }
        guard
            case .failure(let errors) = QueryRunner.run(
                statement, graph: weak, state: QueryState(), cancellation: pressedLate)
        else { Issue.record("\(statement) was not stopped"); return }
        #expect(errors.diagnostics.first?.message.hasPrefix("cancelled (Ctrl-C)") == true)
        // And, not pressed, it counts the matches as imported.
        guard case .success((.rows(let rows), _)) = QueryRunner.run(statement, graph: weak, state: QueryState())
        else { Issue.record("\(statement) failed"); return }
        #expect(rows.computedFrom?.count(of: .imported) == 10_000)
    }
}
