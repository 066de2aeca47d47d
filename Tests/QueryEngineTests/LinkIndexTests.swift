import IncidentGraph
import PluginAPI
import QueryEngine
import QuerySyntax
import Testing
import Workbench

/// `where LINK == @id` read through the link index: the rows a scan gives, in the same order.
@Suite("The link index gives what a scan gives")
struct LinkIndexTests {
    /// 200 named organisations in 100 named sectors; incidents that target one, none, or two of them (a
    /// single-valued link with two edges reads the first node), in an order unlike the orgs'.
    /// Each org and sector is a small share of the incidents, as the link index needs.
    static func graph() throws -> IncidentGraph {
        let schema = try BundledData.mirrorFace().graph.schema
        var builder = GraphBuilder(schema: schema)
        for sector in 0..<100 {
            try builder.addNode(
                id: "s\(sector)", kind: "sector", properties: ["name": .string("Sector \(sector)")],
                provenance: .synthetic)
        }
        for org in 0..<200 {
            // Names shared by two orgs (`Org 3`: o3 and o153); o99 and o199 have none.
            let name: [String: Value] = org % 100 == 99 ? [:] : ["name": .string("Org \(org % 150)")]
            try builder.addNode(id: "o\(org)", kind: "org", properties: name, provenance: .synthetic)
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
        let indexed = try Self.rows(statement, graph)
        #expect(indexed == (try Self.rows(scanned, graph)), "\(statement)")
        #expect(!indexed.isEmpty)
        let plan = try Self.plan(statement, graph)
        guard case .linkIndex = plan.access else {
            Issue.record("\(statement) does not read the link index: \(plan.access)")
            return
        }
    }

    @Test(
        "a part that reads only the linked node: the index's rows are the scan's",
        arguments: [
            #"incidents | where target.name == "Org 3" | select id"#,
            #"incidents | where files_exfiltrated > 1 and "Org 4" == target.name | select id, files_exfiltrated"#,
            #"incidents | where target.sector.name == "Sector 7" | select id"#,
            #"incidents | where target.name == "nobody" | count"#,
            #"incidents | where files_exfiltrated > 2 and lower(target.name) == "org 9" | count by target"#,
            #"incidents | where target.name in ["Org 5", "Org 6"] and target.name ends with "5" | select id"#,
        ])
    func sameRowsForLinkedParts(statement: String) throws {
        let graph = try Self.graph()
        let scanned = statement.replacingOccurrences(of: "target", with: "coalesce(target)")
        let indexed = try Self.rows(statement, graph)
        #expect(indexed == (try Self.rows(scanned, graph)), "\(statement)")
        #expect(!indexed.isEmpty)
        guard case .linkCondition = try Self.plan(statement, graph).access else {
            Issue.record("\(statement) does not read the link index: \(try Self.plan(statement, graph).access)")
            return
        }
    }

    @Test("no index for a linked part that holds without a linked node, fails on one, or holds for many")
    func linkedPartsNotIndexed() throws {
        let graph = try Self.graph()
        for statement in [
            "incidents | where target.name is null | count", #"incidents | where target.name != "Org 3" | count"#,
            "incidents | where target.name * 2 > 1 | count", #"incidents | where target.name contains "1" | count"#,
            #"incidents | where target.name == "Org 3" or files_exfiltrated > 3 | count"#,
        ] {
            guard case .kindScan = try Self.plan(statement, graph).access else {
                Issue.record("\(statement) reads an index")
                continue
            }
            let scanned = statement.replacingOccurrences(of: "target", with: "coalesce(target)")
            #expect(Self.outcome(statement, graph) == Self.outcome(scanned, graph), "\(statement)")
        }
    }

    /// The rows of a statement, or its first error's message.
    private static func outcome(_ statement: String, _ graph: IncidentGraph) -> String {
        do { return "\(try rows(statement, graph))" } catch {
            return (error as? DiagnosticList)?.diagnostics.first?.message ?? "\(error)"
        }
    }

    private static func rows(_ text: String, _ graph: IncidentGraph) throws -> [[Value]] {
        switch QueryRunner.run(text, graph: graph, state: QueryState()) {
        case .success((.rows(let rows), _)): return rows.rows.map(\.values)
        case .success: throw PlanProblem.notRows
        case .failure(let failure): throw failure
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
