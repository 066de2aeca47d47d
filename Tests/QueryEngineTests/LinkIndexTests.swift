import IncidentGraph
import PluginAPI
import QueryEngine
import QuerySyntax
import Testing
import Workbench

/// `where LINK == @id` read through the link index: the rows a scan gives, in the same order.
@Suite("The link index gives what a scan gives")
struct LinkIndexTests {
    /// 200 organisations in 100 sectors; incidents that target one, none, or two of them (a
    /// single-valued link with two edges reads the first node), in an order unlike the orgs'.
    /// Each org and sector is a small share of the incidents, as the link index needs.
    static func graph() throws -> IncidentGraph {
        let schema = try BundledData.mirrorFace().graph.schema
        var builder = GraphBuilder(schema: schema)
        for sector in 0..<100 {
            try builder.addNode(id: "s\(sector)", kind: "sector", properties: [:], provenance: .synthetic)
        }
        for org in 0..<200 {
            try builder.addNode(id: "o\(org)", kind: "org", properties: [:], provenance: .synthetic)
            try builder.addEdge(from: "o\(org)", to: "s\(org % 100)", label: "in_sector", provenance: .synthetic)
        }
        for incident in 0..<3_200 {
            let id = "i\((incident * 7) % 3_200)"
            try builder.addNode(
                id: id, kind: "incident", properties: ["files_exfiltrated": .int(incident % 5)], provenance: .synthetic)
            if incident % 9 == 0 { continue }
            try builder.addEdge(from: id, to: "o\(incident % 200)", label: "targeted", provenance: .synthetic)
            if incident % 4 == 0 {
                try builder.addEdge(from: id, to: "o\((incident + 3) % 200)", label: "targeted", provenance: .synthetic)
            }
            if incident % 50 == 1 {  // two orgs of one sector: reached twice going back from it
                try builder.addEdge(
                    from: id, to: "o\((incident + 100) % 200)", label: "targeted", provenance: .synthetic)
            }
        }
        return try builder.build()
    }

    @Test(
        "a link or a chain of links equal to a node: the index's rows are the scan's",
        arguments: [
            "incidents | where target == @o3 | select id", "incidents | where @o3 == target | select id",
            #"incidents | where target == "o4" and files_exfiltrated > 1 | select id, files_exfiltrated"#,
            "incidents | where target.sector == @s1 | select id", "incidents | where target.sector == @s51 | count",
            "incidents | where files_exfiltrated == 2 and target == @o7 | count by target",
        ])
    func sameRows(statement: String) throws {
        let graph = try Self.graph()
        let scanned = statement.replacingOccurrences(of: "where ", with: "where true and coalesce(true) and ")
            .replacingOccurrences(of: "target", with: "coalesce(target)")
        func rows(_ text: String) throws -> [[Value]] {
            switch QueryRunner.run(text, graph: graph, state: QueryState()) {
            case .success((.rows(let rows), _)): return rows.rows.map(\.values)
            case .success: throw PlanProblem.notRows
            case .failure(let failure): throw failure
            }
        }
        let indexed = try rows(statement)
        #expect(indexed == (try rows(scanned)), "\(statement)")
        #expect(!indexed.isEmpty)
        let plan = try Self.plan(statement, graph)
        guard case .linkIndex = plan.access else {
            Issue.record("\(statement) does not read the link index: \(plan.access)")
            return
        }
    }

    @Test("no index for what it cannot read (another operator, a computed side, an unknown id), or for many rows")
    func notIndexed() throws {
        // Every bundled incident is MirrorFace's: the kind's table is read faster than an index.
        let bundled = try BundledData.mirrorFace().graph
        guard case .kindScan = try Self.plan("incidents | where actor == @mirrorface | count", bundled).access else {
            Issue.record("an index that reads every incident")
            return
        }
        let graph = try Self.graph()
        for statement in [
            "incidents | where target != @o3 | count", "incidents | where coalesce(target) == @o3 | count",
            "incidents | where target == @o3 or files_exfiltrated > 3 | count",
            #"incidents | where target == "nobody" | count"#,
        ] {
            guard case .kindScan = try Self.plan(statement, graph).access else {
                Issue.record("\(statement) reads an index")
                continue
            }
        }
    }

    static func plan(_ statement: String, _ graph: IncidentGraph) throws -> QueryPlan {
        guard case .query(let query)? = Parser.parse(statement).statement?.kind else { throw PlanProblem.notQuery }
        return try QueryRunner(graph: graph, state: QueryState(), source: statement).plan(query)
    }

    enum PlanProblem: Error { case notQuery, notRows }
}
