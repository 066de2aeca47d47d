import IncidentGraph
import PluginAPI
import QueryEngine
import QuerySyntax
import Testing

/// `edges` read from the graph's edge arrays gives what the general form gives on the edges'
/// rows: a `let` of `edges` is a table of rows, which every stage reads row by row.
@Suite("The edge arrays answer as the edges' rows do")
struct EdgeScanTests {
    let session: Session

    init() throws {
        session = try Session()
        _ = try session.run("let e = edges")
    }

    /// What a statement gave: its table, or its error's code and message.
    private func outcome(_ statement: String) -> Result<RowSet, Diagnostic> {
        do {
            return .success(try session.rows(statement))
        } catch let failure as DiagnosticList {
            return .failure(failure.diagnostics[0])
        } catch {
            Issue.record("\(statement): \(error)")
            return .success(RowSet(columns: [], rows: [], carriesNodes: false))
        }
    }

    @Test(
        "counts, groups, conditions, sort, top and take on edges: the rows, provenance and errors of the general form",
        arguments: [
            "count", "count by label", "count by provenance", "count by status", "count by label, provenance",
            "count by to as target", "count by from | take 5", "take 4", "select label, to | take 3",
            "count by from, label | count", #"where label == "targeted" | count by to | count"#,
            #"where label == "targeted" | count"#, #"where label == "targeted" | count by to"#,
            #"where provenance == "synthetic" and label in ["targeted", "used_lure"] | count by label, status"#,
            #"where to == "mirrorface" | select from, label"#, #"where status == "REPORTED" | count by label"#,
            #"where from == to | count"#, #"where lower(label) contains "lure" | take 3"#,
            #"where label == "targeted" | where provenance == "reported" | count"#,
            #"where label == "targeted" | count by to | top 3 by count"#, "count by label | top 2 by count",
            #"where label == "nothing" | count"#, #"where label == "nothing" | count by label"#,
            #"where label == "targeted" | summarize count() as n by provenance"#,
            #"where label == "targeted" | sort to desc | take 3"#, #"where not (label == "targeted") | count"#,
            #"where label == 3 | count"#, "where label + 1 > 2 | count", "take -1",
            "sort from | take 3", "sort to desc, label | take 5", "sort status desc | take 4", "sort status | take 600",
            "sort provenance, from desc | take 7", "sort label | skip 2000",
            "sort status, label desc | select status, label",
            #"where "mirrorface" == to | count by label"#, #"where from != "campaign-a" | count by label"#,
            #"where to == "no-such-node" | count"#, #"where to != "no-such-node" | count"#,
            #"where to == "Kelvin" | count"#, "count by to | top 4 by count asc", "count by from | top 0 by count",
            "count by to, label | top 6 by count",
            #"where status is null | count"#,
            #"where label starts with "used" or status == "SECONDARY" | count by label"#,
            // One end's properties, worked out for every node at once.
            #"where from.id starts with "inc-00" | count"#, #"where to.id ends with "a""#,
            #"where not (from.id contains "0") | count by label"#, #"where to.kind == "lure" and to.is_lure"#,
            #"where to.language == "ja" or to.theme == "taiwan-strait" | count by provenance"#,
            "where from.true_phase == 2 | take 5", "where not (from.files_exfiltrated > 10) | count",
            "where from.files_exfiltrated is null | count by label",
            #"where from.vector != "spear-phishing-attachment" and from.provenance == "synthetic""#,
            #"where to.id in ["china", "jaxa", "no-such-node"] | select from, label"#,
            #"where label == "targeted" | where to.id starts with "j" | count"#,
            #"where from.files_exfiltrated contains "3" | count"#, #"where from.id starts with 3 | count"#,
            // Parts on either end, joined: nulls as the general form joins them.
            #"where from.kind == "incident" and to.kind == "actor" | count by label"#,
            #"where from.id starts with "inc-00" or not (to.kind == "org") | count by label"#,
            #"where not (from.true_phase == 2 and to.is_lure) | count"#,
            #"where from.files_exfiltrated > 10 or to.language == "ja" | count by provenance"#,
            #"where not (from.files_exfiltrated > 10) and not (to.is_lure) | select from, to"#,
            #"where label == "targeted" and to.id starts with "j" | count"#, "where from.id == to.id | count",
            "where to.id != from.id | count by label", "where to == from | select from, label",
            "where from != to | take 3", "where from == to.id | count",
            // Distinct columns, first met first; of a `select` of them too, and not of others.
            "distinct label", "distinct to, label", "distinct provenance, status", "distinct from | count",
            #"where label == "targeted" | distinct to | take 4"#, "select label | distinct",
            "select l = label, p = provenance | distinct", #"where to.kind == "actor" | select to, from | distinct"#,
            "distinct to.kind, label", "select label, to.id | distinct | count",
            // The kinds of the ends as group keys, read from the ends' node numbers.
            "count by label, from.kind", "count by to.kind | top 2 by count", "distinct from.kind",
            #"where label == "targeted" | count by from.kind, to.kind"#, "count by from.kind as k, provenance",
            // A field of an end, each node's value worked out once (a link's node, nulls, lists).
            "count by to.name", #"where label == "attributed_to" | count by to.name | top 2 by count"#,
            "count by from.true_phase, label", #"where label == "targeted" | count by to.sector, from.kind"#,
            "distinct from.true_phase, to.kind", "count by to.aliases", "count by from.tags",
            #"where label == "used_lure" | distinct to.language, from.vector | count"#,
            // Columns and ends' properties joined: each part worked out on its own, joined per edge.
            #"where label == "used_lure" and to.language == "ja" | count"#,
            #"where from.true_phase == 1 and label != "targeted" | count by label"#,
            #"where not (label == "used_lure" or to.language == "ja") | count"#,
            #"where provenance == "reported" or from.kind == "incident" | count by label"#,
            #"where label == "targeted" and not (to.id starts with "org-think") | select from, to"#,
            #"where (label == "in_sector" or label == "targeted") and to.name != "x" | count by to"#,
            #"where label == "used_lure" | where status == "reported" or to.is_lure | count"#,
            #"where label != "targeted" | where label == "used_lure" and to.is_lure | count by provenance"#,
            // An `and` tested part by part, left first; a left part null for some edges is not.
            #"where label == "targeted" and to == "jaxa" | count"#,
            #"where to == "mirrorface" and label == "attributed_to" | select from"#,
            #"where label == "nothing" and label + 1 > 2 | count"#,
            #"where label == "targeted" and label + 1 > 2 | count"#,
            #"where status == "REPORTED" and label + 1 > 2 | count"#,
            // Null where the status is missing: the right part is read there, and fails.
            #"where status == "REPORTED" and (status == "REPORTED" or label + 1 > 2) | count"#,
            #"where from.true_phase == 2 and (from.true_phase == 2 or label + 1 > 2) | count"#,
            #"where status == "REPORTED" and to == "mirrorface" | count by label"#,
        ])
    func sameAsRows(tail: String) throws {
        let scanned = outcome("edges | " + tail)
        let general = outcome("e | " + tail)
        switch (scanned, general) {
        case (.success(let a), .success(let b)):
            #expect(a.columns == b.columns, "\(tail)")
            #expect(a.rows.map(\.values) == b.rows.map(\.values), "\(tail)")
            #expect(a.rows.map(\.edge) == b.rows.map(\.edge), "\(tail)")
            #expect(a.computedFrom == b.computedFrom && a.isAggregate == b.isAggregate, "\(tail)")
        case (.failure(let a), .failure(let b)):
            #expect(a.code == b.code && a.message == b.message, "\(tail)")
        default:
            Issue.record("\(tail): \(scanned) against \(general)")
        }
    }

    @Test("an end equals a text its id is canonically equivalent to: the Kelvin sign's K, the Greek question mark's ;")
    func endEqualsEquivalentText() throws {
        var builder = GraphBuilder(schema: session.graph.schema)
        for id in ["\u{212A}elvin", "a\u{037E}b", "apt10"] {
            try builder.addNode(id: id, kind: "actor", properties: [:], provenance: .synthetic)
            try builder.addEdge(from: "apt10", to: id, label: "linked_to", provenance: .synthetic)
        }
        let graph = try builder.build()
        func count(_ statement: String) -> Value? {
            guard case .success((.rows(let rows), _)) = QueryRunner.run(statement, graph: graph, state: QueryState())
            else { return nil }
            return rows.rows.first?.values.last
        }
        for (text, expected) in [("Kelvin", 1), ("a;b", 1), ("apt10", 1), ("kelvin", 0), ("\u{212A}elvin", 1)] {
            #expect(count("edges | where to == \"\(text)\" | count") == .int(expected), "\(text)")
            #expect(count("edges | where to != \"\(text)\" | count") == .int(3 - expected), "\(text)")
        }
    }

    @Test("an edge from a node to itself: its ends, and their ids, compare equal")
    func selfLoops() throws {
        var builder = GraphBuilder(schema: session.graph.schema)
        for id in ["apt10", "apt41"] {
            try builder.addNode(id: id, kind: "actor", properties: [:], provenance: .synthetic)
        }
        try builder.addEdge(from: "apt10", to: "apt10", label: "linked_to", provenance: .synthetic)
        try builder.addEdge(from: "apt10", to: "apt41", label: "linked_to", provenance: .synthetic)
        let graph = try builder.build()
        func count(_ statement: String) -> Value? {
            guard case .success((.rows(let rows), _)) = QueryRunner.run(statement, graph: graph, state: QueryState())
            else { return nil }
            return rows.rows.first?.values.last
        }
        for (condition, expected) in [
            ("from == to", 1), ("from.id == to.id", 1), ("to != from", 1), ("to.id != from.id", 1),
        ] {
            #expect(count("edges | where \(condition) | count") == .int(expected), "\(condition)")
            #expect(count("edges | select from, to | where \(condition) | count") == .int(expected), "\(condition)")
        }
    }

    @Test("a count of some edges rests on those edges' provenance, not on every edge's")
    func filteredProvenance() throws {
        for condition in [#"label == "targeted""#, #"provenance == "reported""#, #"to == "mirrorface""#] {
            let kept = try session.rows("edges | where \(condition)")
            #expect(!kept.rows.isEmpty && kept.rows.count < session.graph.edgeCount, "\(condition)")
            let column = try #require(kept.columns.firstIndex(of: "provenance"))
            for tail in ["count", "count by label", "select from, to"] {
                let rows = try session.rows("edges | where \(condition) | \(tail)")
                let tally = try #require(
                    rows.isAggregate ? rows.computedFrom : ProvenanceTally.ofRows(rows, in: session.graph))
                for origin in Provenance.Origin.allCases {
                    let expected = kept.rows.count { $0.values[column] == .string(origin.rawValue) }
                    #expect(tally.count(of: origin) == expected, "\(condition) | \(tail): \(origin)")
                }
                #expect(tally.noun == "edges", "\(condition) | \(tail)")
            }
        }
    }

    @Test(
        "groups of edges whose combinations outnumber what is counted in place (labels by 20,000 ends): numbered as met, the general groups"
    )
    func groupsPastTheDenseKeys() throws {
        // Incidents, each targeting one of 50 orgs, one in ten using a lure of its own.
        var builder = GraphBuilder(schema: session.graph.schema)
        for org in 0..<50 { try builder.addBareNode("org-\(org)", kind: "org") }
        for index in 0..<20_000 {
            try builder.addBareNode("inc-\(index)", kind: "incident")
            if index % 10 == 0 {
                try builder.addBareNode("lure-\(index)", kind: "lure")
                try builder.addEdge(
                    from: "inc-\(index)", to: "lure-\(index)", label: "used_lure", provenance: .synthetic)
            }
            try builder.addEdge(
                from: "inc-\(index)", to: "org-\((index * 7) % 50)", label: "targeted", provenance: .synthetic)
        }
        let graph = try builder.build()
        var state = QueryState()
        if case .success((_, let bound)) = QueryRunner.run("let e = edges", graph: graph, state: state) {
            state = bound
        }
        func rows(_ statement: String) -> [[Value]]? {
            guard case .success((.rows(let rows), _)) = QueryRunner.run(statement, graph: graph, state: state)
            else { return nil }
            return rows.rows.map(\.values)
        }
        for tail in [
            // The labels by the ends' 20,000 nodes pass the slots counted in place; the ends met fit.
            "count by label, to | top 5 by count", "count by to, label | sort count desc, to | take 7",
            "distinct label, to | count",
            // Neither fits: the combinations met are numbered.
            "count by from, to | sort from desc | take 4", "distinct to, from | count",
            #"where label == "targeted" | count by to, from | top 3 by count"#,
            // Only the groups a take keeps picked out, ties (every count is 1) by key.
            "count by from, to | take 6", #"where label == "targeted" | count by to, from | skip 2 | take 3"#,
            // Only the groups counted.
            "count by from, to | count", "count by label | count", #"where label == "targeted" | count by to | count"#,
        ] {
            let (scanned, general) = (rows("edges | " + tail), rows("e | " + tail))
            #expect(scanned != nil && scanned?.isEmpty == false && scanned == general, "\(tail)")
        }
    }
}
