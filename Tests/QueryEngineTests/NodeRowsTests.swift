import IncidentGraph
import PluginAPI
import QueryEngine
import Testing

/// Rows of nodes kept as node numbers — after a `where` on a kind's nodes, from the time index —
/// a `where` that stops once a `take` after it has its rows, and a `sort` that picks out only
/// the rows a `take` keeps, against the same rows made at once, tested in full and sorted in
/// full, on graphs of several thousand-row batches.
@Suite("Rows of nodes kept as numbers, and stages that stop early")
struct NodeRowsTests {
    /// Incidents on the bundled schema, three batches' worth: every seventh reported, the others
    /// generated (all generated when `allGenerated`); their times in node order or not; texts in
    /// English and Japanese, their order not the nodes' (`network 10` before `network 2`).
    private static func graph(timesInOrder: Bool, allGenerated: Bool = false) throws -> IncidentGraph {
        var builder = GraphBuilder(schema: try Session().graph.schema)
        let reported = Provenance.reported(sources: ["s1"], status: .reported)
        try builder.addNode(id: "apt10", kind: "actor", properties: [:], provenance: reported)
        let vectors = ["vpn-device", "spear-phishing-attachment", "web-application"]
        let start: Int64 = 1_546_300_800_000  // 2019-01-01
        for index in 0..<20_000 {
            let hours = Int64(timesInOrder ? index : (index * 7_919) % 20_000)
            try builder.addNode(
                id: "inc-\(index)", kind: "incident",
                properties: [
                    "ts": .instant(Instant(millisecondsSinceEpoch: start + hours * 9_000_000)),
                    "vector": .string(vectors[index % 3]), "files_exfiltrated": .int(index % 101),
                    "name": .string("incident \(index)"),
                    "network": .string(index % 5 == 0 ? "事案 \(index)" : "network \(index)"),
                    "outcome": .string(["stolen", "none", "viewed"][index % 3]),
                    // Missing on every fourth: conditions on it are unknown there.
                    "accounts_compromised": index % 4 == 0 ? .null : .int(Int(index % 9)),
                ],
                provenance: index % 7 == 0 && !allGenerated ? reported : .synthetic)
            if index % 2 == 0 {
                try builder.addEdge(from: "inc-\(index)", to: "apt10", label: "attributed_to", provenance: .synthetic)
            }
        }
        return try builder.build()
    }

    private static func rows(_ statement: String, on graph: IncidentGraph) throws -> RowSet {
        guard case .success((.rows(let rows), _)) = QueryRunner.run(statement, graph: graph, state: QueryState())
        else { throw GraphError(.invalid, "\(statement) failed") }
        return rows
    }

    /// Conditions the column-by-column test takes, and ones tested row by row.
    private static let conditions = [
        "files_exfiltrated > 60", #"vector == "vpn-device""#, "files_exfiltrated == 1000",
        #"name ends with "7""#, #"name ~ "^incident 1[0-9]*5$""#, "ts >= 2023-01-01", "ts < 2020-06-01",
        "accounts_compromised in [1, 3, 5]", "accounts_compromised > 4",
    ]

    @Test("a where with a take after it gives the first rows the where gives", arguments: [true, false])
    func whereThenTake(timesInOrder: Bool) throws {
        let graph = try Self.graph(timesInOrder: timesInOrder)
        for condition in Self.conditions {
            let all = try Self.rows("incidents | where \(condition)", on: graph).rows.map(\.node)
            for count in [0, 1, 3, 8_191, 8_192, 8_193, 9_000, 20_000] {
                let kept = try Self.rows("incidents | where \(condition) | take \(count)", on: graph)
                #expect(kept.rows.map(\.node) == Array(all.prefix(count)), "\(condition) | take \(count)")
            }
        }
    }

    @Test(
        "stages after a where read its rows as numbers and give what the rows made at once give",
        arguments: [true, false])
    func stagesAfterWhere(timesInOrder: Bool) throws {
        let graph = try Self.graph(timesInOrder: timesInOrder)
        let tails = [
            "count", "count by vector", "sort ts | take 3", "sort ts desc | take 3", "top 2 by files_exfiltrated",
            "select id, ts | take 2", "take 3", "distinct vector", "summarize n = count(), f = sum(files_exfiltrated)",
            "out attributed_to | count", "where files_exfiltrated > 10 | count", "timeline by year",
            "extend f = files_exfiltrated * 2 | sort f desc | take 4", "skip 9000 | take 2", "where true",
        ]
        // What a table was computed from, a tally of nothing read as none (a `where` tested
        // while counting counts the rows it left out; the same count of no rows has nothing).
        func computedFrom(_ rows: RowSet) -> ProvenanceTally? {
            guard let tally = rows.computedFrom else { return nil }
            return Provenance.Origin.allCases.allSatisfy { tally.count(of: $0) == 0 } ? nil : tally
        }
        for condition in Self.conditions {
            for tail in tails {
                let statement = "incidents | where \(condition) | \(tail)"
                let made = "incidents | where \(condition) | skip 0 | \(tail)"
                guard let left = try? Self.rows(statement, on: graph) else {
                    // Only where the rows made at once fail too (a timeline of no rows).
                    #expect(throws: GraphError.self, "\(statement)") { try Self.rows(made, on: graph) }
                    continue
                }
                let right = try Self.rows(made, on: graph)
                #expect(left.columns == right.columns, "\(statement)")
                #expect(left.rows.map(\.values) == right.rows.map(\.values), "\(statement)")
                #expect(left.rows.map(\.node) == right.rows.map(\.node), "\(statement)")
                #expect(computedFrom(left) == computedFrom(right), "\(statement)")
                #expect(
                    ProvenanceTally.ofRows(left, in: graph) == ProvenanceTally.ofRows(right, in: graph), "\(statement)")
            }
        }
    }

    @Test(
        "a count of the nodes a where passes, and what it rests on, as the row-by-row test gives them",
        arguments: [false, true])
    func countOfPassingNodes(allGenerated: Bool) throws {
        let graph = try Self.graph(timesInOrder: false, allGenerated: allGenerated)
        for condition in Self.conditions {
            // `and coalesce(true)` is no column operation: the condition is tested row by row.
            let (counted, byRow) = (
                try Self.rows("incidents | where \(condition) | count", on: graph),
                try Self.rows("incidents | where \(condition) and coalesce(true) | count", on: graph)
            )
            #expect(counted.rows.map(\.values) == byRow.rows.map(\.values), "\(condition)")
            #expect(counted.computedFrom == byRow.computedFrom, "\(condition)")
        }
    }

    @Test(
        "a sort with a take after it picks out the rows a full sort of the values themselves puts first",
        arguments: [true, false])
    func sortThenTake(timesInOrder: Bool) throws {
        let graph = try Self.graph(timesInOrder: timesInOrder)
        // `coalesce` hides each key's property: its values are made and compared one by one.
        let keys = [
            ("ts", "coalesce(ts)"), ("ts desc", "coalesce(ts) desc"),
            ("files_exfiltrated", "coalesce(files_exfiltrated)"),
            ("files_exfiltrated desc", "coalesce(files_exfiltrated) desc"), ("id desc", "coalesce(id) desc"),
            ("network", "coalesce(network)"), ("network desc", "coalesce(network) desc"),
            ("outcome desc, ts desc", "coalesce(outcome) desc, coalesce(ts) desc"),
            ("vector, files_exfiltrated desc", "coalesce(vector), coalesce(files_exfiltrated) desc"),
        ]
        for (key, general) in keys {
            let all = try Self.rows("incidents | sort \(general)", on: graph).rows.map(\.node)
            #expect(try Self.rows("incidents | sort \(key)", on: graph).rows.map(\.node) == all, "sort \(key)")
            for count in [1, 3, 10, 101, 1_000] {
                let picked = try Self.rows("incidents | sort \(key) | take \(count)", on: graph)
                #expect(picked.rows.map(\.node) == Array(all.prefix(count)), "sort \(key) | take \(count)")
            }
        }
    }

    @Test("nodes read from the time index are the nodes a scan finds, in node order", arguments: [true, false])
    func timeIndexRows(timesInOrder: Bool) throws {
        let graph = try Self.graph(timesInOrder: timesInOrder)
        for range in [
            "ts >= 2023-01-01", "ts < 2020-06-01", "ts between 2020-01-01T00:00Z and 2020-03-01T00:00Z",
            "year(ts) == 2021", "year(ts) == 2030",
        ] {
            // `coalesce` hides the property from the time index: every incident is scanned.
            let scanned = range.replacingOccurrences(of: "ts ", with: "coalesce(ts) ")
                .replacingOccurrences(of: "(ts)", with: "(coalesce(ts))")
            for tail in ["", " | take 5", " | count", " | sort ts | take 3"] {
                let (indexed, all) = (
                    try Self.rows("incidents | where \(range)\(tail)", on: graph),
                    try Self.rows("incidents | where \(scanned)\(tail)", on: graph)
                )
                #expect(indexed.rows.map(\.node) == all.rows.map(\.node), "\(range)\(tail)")
                #expect(indexed.rows.map(\.values) == all.rows.map(\.values), "\(range)\(tail)")
                #expect(!all.rows.isEmpty || (range.contains("2030") && tail != " | count"), "\(range)\(tail)")
            }
        }
    }
}
