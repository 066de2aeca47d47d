import Foundation
import IncidentGraph
import PluginAPI
import QueryEngine
import QuerySyntax
import Testing

/// The compiled fast paths give exactly what the general evaluation gives. Writing the literal
/// as `"…" + ""` defeats each fast path, so both forms are run and compared.
@Suite("Fast paths agree with the general evaluation")
struct FastPathTests {
    let session: Session

    init() throws {
        session = try Session()
    }

    private func count(_ statement: String) throws -> [Value] {
        try session.rows(statement).rows.map { $0.values.last ?? .null }
    }

    /// Each pair of statements gives the same rows (and, with `nonEmpty`, some).
    private func expectSameRows(_ pairs: [(String, String)], nonEmpty: Bool) throws {
        for (fast, general) in pairs {
            let a = try session.rows(fast).rows.map(\.values)
            let b = try session.rows(general).rows.map(\.values)
            #expect(a == b && (!nonEmpty || !a.isEmpty), "\(fast)")
        }
    }

    /// The rows a statement gives on a graph built for a test.
    /// A statement that fails and its general form give the same error: that of the first row
    /// it fails on, as row by row.
    private func expectSameError(_ failing: String, _ general: String) {
        #expect(session.diagnostic(failing) != nil, "\(failing)")
        #expect(session.diagnostic(failing)?.message == session.diagnostic(general)?.message, "\(failing)")
    }

    private func values(_ statement: String, on graph: IncidentGraph) throws -> [[Value]] {
        guard case .success((.rows(let rows), _)) = QueryRunner.run(statement, graph: graph, state: QueryState())
        else { throw GraphError(.invalid, "\(statement) failed") }
        return rows.rows.map(\.values)
    }

    /// The first diagnostic of a statement that fails on a graph built for a test.
    private func failure(_ statement: String, on graph: IncidentGraph) -> Diagnostic? {
        guard case .failure(let failure) = QueryRunner.run(statement, graph: graph, state: QueryState()) else {
            return nil
        }
        return failure.diagnostics.first
    }

    @Test(
        "lower(X) and upper(X) compared with a literal, on ASCII and Japanese text",
        arguments: ["contains", "starts with", "ends with", "=="])
    func lowercase(op: String) throws {
        for literal in ["think tank", "inc", "jaxa intrusion 2024-05", "", "org", "日米", "tank 0", "0608", " tank", "-"]
        {
            for (function, literal) in [("lower", literal), ("upper", literal.uppercased())] {
                for source in [
                    "incidents | where \(function)(name) \(op) LIT", "lures | where \(function)(subject) \(op) LIT",
                ] {
                    let fast = source.replacingOccurrences(of: "LIT", with: "\"\(literal)\"")
                    let general = source.replacingOccurrences(of: "LIT", with: "coalesce(\"\(literal)\")")
                    #expect(try count(fast + " | count") == count(general + " | count"), "\(fast)")
                }
            }
        }
    }

    @Test("changing the case of a character beyond ASCII gives ASCII only where the byte comparisons say it may")
    func caseChangesToASCII() {
        func givesASCII(_ scalar: Unicode.Scalar, _ change: (String) -> String) -> Bool {
            change(String(Character(scalar))).utf8.contains { $0 < 0x80 }
        }
        let all = (0x80...0x10FFFF).compactMap(Unicode.Scalar.init)
        let lowered = all.filter { givesASCII($0) { $0.lowercased() } }.map(\.value)
        #expect(lowered == [0x130, 0x212A])
        let raised = all.filter { givesASCII($0) { $0.uppercased() } }.map(\.value)
        #expect(!raised.isEmpty && raised.allSatisfy { $0 < 0x3000 || (0xFB00..<0xFB80).contains($0) })
    }

    @Test(
        "a text property tested against a literal, text by text, on ASCII and Japanese text",
        arguments: ["contains", "starts with", "ends with", "~"])
    func textAgainstLiteral(op: String) throws {
        let literals = [
            "Taiwan", "台湾", "【至急】", "Re: ", "org", "", "n", "資料", "(?i)taiwan", "^Re:", "0$", "tank|台湾", "海峡", "漢字なし",
        ]
        for literal in literals where op != "~" || !literal.isEmpty {  // `~ ""` is refused (no pattern)
            for source in ["lures | where subject \(op) LIT", "incidents | where name \(op) LIT"] {
                let fast = source.replacingOccurrences(of: "LIT", with: "\"\(literal)\"")
                let general = source.replacingOccurrences(of: "LIT", with: "coalesce(\"\(literal)\")")
                #expect(try count(fast + " | count") == count(general + " | count"), "\(fast)")
            }
        }
        // Some of the literals are found, some not: the comparison is not of two empty answers.
        let found = try literals.dropLast(1).filter { !$0.isEmpty }.map {
            try count("lures | where subject \(op) \"\($0)\" | count")
        }
        #expect(found.contains([.int(0)]) && found.contains { $0 != [.int(0)] })
    }

    @Test(
        "lower() and upper() of text beyond ASCII against an ASCII literal: İ and the Kelvin sign lower to ASCII letters, ß and ﬁ raise to them"
    )
    func lowercaseBeyondASCII() throws {
        let cases = [
            ("\u{130}stanbul", "contains", "i", true), ("\u{130}stanbul", "starts with", "i", true),
            ("\u{212A}elvin", "==", "kelvin", true), ("日本TAIWAN", "contains", "taiwan", true),
            ("台湾TAIWAN", "ends with", "taiwan", true), ("日本taiwan", "==", "taiwan", false),
            ("Ｔａｉｗａｎ", "contains", "taiwan", false),
            // Upper case: ß, ı, ſ and the ligatures from U+FB00 raise to ASCII letters.
            ("stra\u{DF}e", "contains", "STRASSE", true), ("\u{131}nk", "starts with", "INK", true),
            ("\u{17F}tar", "==", "STAR", true), ("\u{FB01}le", "==", "FILE", true),
            ("日本taiwan", "==", "TAIWAN", false), ("台湾taiwan", "ends with", "TAIWAN", true),
            ("ｔａｉｗａｎ", "contains", "TAIWAN", false), ("Jazz", "==", "JAZZ", true), ("ZULU", "==", "zulu", true),
        ]
        for (text, op, literal, expected) in cases {
            let function = literal == literal.lowercased() ? "lower" : "upper"
            let source = "incidents | take 1 | extend t = \"\(text)\" | where \(function)(t) \(op) LIT | count"
            let fast = source.replacingOccurrences(of: "LIT", with: "\"\(literal)\"")
            let general = source.replacingOccurrences(of: "LIT", with: "coalesce(\"\(literal)\")")
            #expect(try count(fast) == [.int(expected ? 1 : 0)], "\(fast)")
            #expect(try count(fast) == count(general), "\(fast)")
        }
    }

    @Test(
        "a value compared for equality with a text literal, as the general comparison: texts alike at the start, of other lengths, empty, in two forms of é, and values that are no text"
    )
    func textEquality() throws {
        let texts = [
            "Taiwan", "Taiwa", "Taiwan ", "taiwan", "", "台湾", "台湾 ", "caf\u{E9}", "cafe\u{301}", "a\u{0}b",
            "Re: symposium on Taiwan and Japan",
        ]
        for text in texts {
            for literal in texts {
                for op in ["==", "!="] {
                    let (t, l) = ("\"\(text)\"", "\"\(literal)\"")
                    for condition in ["t \(op) LIT", "LIT \(op) t", "any(split(t, \" \"), w => w \(op) LIT)"] {
                        let source = "incidents | take 2 | extend t = \(t) | where \(condition) | count"
                        let fast = source.replacingOccurrences(of: "LIT", with: l)
                        let general = source.replacingOccurrences(of: "LIT", with: "coalesce(\(l))")
                        #expect(try count(fast) == count(general), "\(fast)")
                    }
                }
            }
        }
        // The comparison is not always false: a text equals itself.
        #expect(try count("incidents | take 2 | extend t = \"Taiwan\" | where t == \"Taiwan\" | count") == [.int(2)])
        #expect(session.diagnostic("incidents | extend t = 1 | where t == \"1\" | count") != nil)
        // Values that are no text: null (no row), a node (its id), a number (an error, at the same place).
        for value in ["null", "target", "1"] {
            for literal in ["\"jaxa\"", "\"1\""] {
                let source = "incidents | extend t = \(value) | where t == LIT | count"
                let fast = source.replacingOccurrences(of: "LIT", with: literal)
                let general = source.replacingOccurrences(of: "LIT", with: "coalesce(\(literal))")
                let (a, b) = (session.diagnostic(fast), session.diagnostic(general))
                // The comparison's place (the general form's is longer by its `coalesce(…)`).
                #expect(a?.message == b?.message && a?.span?.start == b?.span?.start, "\(fast)")
                if a == nil { #expect(try count(fast) == count(general), "\(fast)") }
            }
        }
    }

    @Test("a condition on a linked node's properties, remembered per node, gives what it gives row by row")
    func rememberedPerNode() throws {
        let pairs = [
            (
                #"incidents | where lower(lure.subject) contains "taiwan" | count"#,
                #"incidents | where lower(coalesce(lure.subject)) contains "taiwan" | count"#
            ),
            (
                #"incidents | where len(target.name) > 12 and true_phase == 2 | count"#,
                #"incidents | where len(coalesce(target.name)) > 12 and true_phase == 2 | count"#
            ),
            (
                "incidents | extend s = lower(lure.subject) | select id, s",
                "incidents | extend s = lower(coalesce(lure.subject)) | select id, s"
            ),
            (
                "incidents | count by upper(target.sector.name)",
                "incidents | count by upper(coalesce(target.sector.name))"
            ),
            // Grouped by a link chain followed as node numbers, as by the same chain read as values
            // (few rows on this graph: the groups are found by hashing).
            ("incidents | count by target", "incidents | count by coalesce(target)"),
            ("incidents | count by target.sector", "incidents | count by coalesce(target.sector)"),
            ("nodes | count by target.sector", "nodes | count by coalesce(target.sector)"),
            (
                "incidents | where true_phase == 2 | summarize sum(files_exfiltrated) as f, count() as n by target",
                "incidents | where true_phase == 2 | summarize sum(files_exfiltrated) as f, count() as n by coalesce(target)"
            ),
        ]
        try expectSameRows(pairs, nonEmpty: true)
    }

    @Test("top N by an aggregate kept while grouping gives the rows of the groups sorted and cut")
    func topWhileGrouping() throws {
        let pairs = [
            (
                "incidents | summarize sum(files_exfiltrated) as f, count() as n by target | top 5 by f",
                "incidents | summarize sum(files_exfiltrated) as f, count() as n by target | sort f desc | take 5"
            ),
            (
                "incidents | where true_phase == 2 | count by vector | top 2 by count",
                "incidents | where true_phase == 2 | count by vector | sort count desc | take 2"
            ),
            // Decimals, a key column and a median are not kept while grouping: all rows, then top.
            (
                "incidents | summarize avg(files_exfiltrated) as a by vector | top 2 by a",
                "incidents | summarize avg(files_exfiltrated) as a by vector | sort a desc | take 2"
            ),
            (
                "incidents | count by vector | top 2 by vector",
                "incidents | count by vector | sort vector desc | take 2"
            ),
            (
                "incidents | summarize median(files_exfiltrated) as m, max(files_exfiltrated) as x by vector | top 1 by x",
                "incidents | summarize median(files_exfiltrated) as m, max(files_exfiltrated) as x by vector | sort x desc | take 1"
            ),
        ]
        try expectSameRows(pairs, nonEmpty: true)
        #expect(try session.rows("incidents | count by lure | top 0 by count").rows.isEmpty)
        // A median over text fails for every group, kept or not.
        let failing = "incidents | summarize median(vector) as m, count() as n by lure | top 1 by n"
        #expect(session.diagnostic(failing)?.code == "type.aggregate")
    }

    @Test("count by then count gives how many groups there are, resting on what the groups rest on")
    func groupsCounted() throws {
        for tail in [
            "incidents | count by target", "incidents | where outcome == \"stolen\" | count by target, vector",
            "nodes | count by lower(coalesce(name, id))", "lures | count by language", "edges | count by label, to",
            "incidents | count by nosuch_link.name",
        ] {
            // A `where true` between them keeps the count a stage of its own, on the groups' rows.
            let (fused, general) = (tail + " | count", tail + " | where true | count")
            if let failure = session.diagnostic(general) {
                #expect(session.diagnostic(fused)?.message == failure.message, "\(fused)")
                continue
            }
            let (a, b) = (try session.rows(fused), try session.rows(general))
            #expect(a.columns == b.columns && a.rows.map(\.values) == b.rows.map(\.values), "\(fused)")
            #expect(a.computedFrom == b.computedFrom && a.computedFrom != nil, "\(fused)")
            #expect(a.rows.first?.values.first.map { $0 != .int(0) } == true, "\(fused)")
        }
        let plan = try LinkIndexTests.plan("incidents | count by target | count", session.graph)
        #expect(plan.operators.count == 1 && plan.operators[0].countsGroups)
    }

    @Test("a match's conditions on a property several kinds declare, on the variable's kind, give the general rows")
    func patternConditionsOnSharedNames() throws {
        let conditions = [
            #"i.name contains "JAXA""#, #"i.vector == "vpn-device" and o.name contains "a""#,
            #"not (i.summary is null) or i.name starts with "Targeted""#, #"o.name_ja is not null"#,
        ]
        for condition in conditions {
            let general = condition.replacingOccurrences(
                of: #"\b([io]\.\w+)"#, with: "coalesce($1)", options: .regularExpression)
            try expectSameRows(
                [
                    (
                        "match (i:incident)-[:targeted]->(o:org) where \(condition) | select i, o",
                        "match (i:incident)-[:targeted]->(o:org) where \(general) | select i, o"
                    ),
                    (
                        "match (i:incident {vector: \"spear-phishing-attachment\"})-[:targeted]->(o:org) where \(condition) | count",
                        "match (i:incident)-[:targeted]->(o:org) where coalesce(i.vector) == \"spear-phishing-attachment\" and (\(general)) | count"
                    ),
                ], nonEmpty: true)
        }
    }

    @Test("rows kept of a kind's scan (a `where`, a time range, a `take`) read a shared property as the general form")
    func keptRowsOnSharedNames() throws {
        let sources = [
            "incidents | where files_exfiltrated > 1", "incidents | where ts in 2019-01-01..2022-12-31",
            "incidents | take 60", "incidents | where ts >= 2023-01-01 | where true_phase != 1",
        ]
        for source in sources {
            try expectSameRows(
                [
                    ("\(source) | count by vector", "\(source) | count by coalesce(vector)"),
                    (
                        #"\#(source) | where name contains "a" | count"#,
                        #"\#(source) | where coalesce(name) contains "a" | count"#
                    ),
                    (
                        "\(source) | sort name, id | select id, name",
                        "\(source) | sort coalesce(name), id | select id, name"
                    ),
                    (
                        "\(source) | summarize max(summary) by vector",
                        "\(source) | summarize max(coalesce(summary)) by vector"
                    ),
                ], nonEmpty: true)
        }
    }

    @Test("remembered per node past the first few thousand nodes: the same answers as row by row")
    func rememberedPerNodeAtScale() throws {
        var builder = GraphBuilder(schema: session.graph.schema)
        let subjects = ["台湾情勢に関する意見交換会", "Taiwan Strait briefing", "会議のご案内", "TAIWAN policy memo"]
        for index in 0..<6_000 {
            try builder.addNode(
                id: "lure-\(index)", kind: "lure",
                properties: ["subject": .string(subjects[index % 4] + " \(index % 7)")], provenance: .synthetic)
        }
        for index in 0..<15_000 {
            // Numbers for conditions worked out column by column over several batches of rows.
            let numbers: [String: Value] = [
                "files_exfiltrated": index % 11 == 0 ? .null : .int(index % 97), "true_phase": .int(index % 3 + 1),
            ]
            try builder.addNode(id: "inc-\(index)", kind: "incident", properties: numbers, provenance: .synthetic)
            if index % 5 != 0 {
                try builder.addEdge(
                    from: "inc-\(index)", to: "lure-\((index * 7) % 6_000)", label: "used_lure",
                    provenance: .synthetic)
            }
        }
        let graph = try builder.build()
        for (remembered, rowByRow) in [
            (
                #"incidents | where lower(lure.subject) contains "taiwan" | count"#,
                #"incidents | where lower(coalesce(lure.subject)) contains "taiwan" | count"#
            ),
            (
                "incidents | extend s = upper(lure.subject) | select id, s",
                "incidents | extend s = upper(coalesce(lure.subject)) | select id, s"
            ),
            // Conditions through one link, worked out once per lure for thousands of rows.
            (
                #"incidents | where lure.subject == "TAIWAN policy memo 3" or lure.subject == "会議のご案内 5" | select id"#,
                #"incidents | where coalesce(lure.subject) == "TAIWAN policy memo 3" or coalesce(lure.subject) == "会議のご案内 5" | select id"#
            ),
            (
                #"incidents | where not (lure.subject starts with "会議") | count"#,
                #"incidents | where not (coalesce(lure.subject) starts with "会議") | count"#
            ),
            (
                "incidents | where lure.subject is null | count",
                "incidents | where coalesce(lure.subject) is null | count"
            ),
            // Thousands of node keys are ordered by the graph's id ranks, not by sorting their ids.
            ("incidents | count by lure", "incidents | count by lure | sort count desc, lure"),
            ("incidents | summarize count() as n by lure", "incidents | summarize count() as n by lure | sort lure"),
            // Grouped by a link followed as node numbers (an array over the graph's nodes here),
            // as by the same link read as values.
            ("incidents | count by lure", "incidents | count by coalesce(lure)"),
            ("nodes | count by lure", "nodes | count by coalesce(lure)"),
            (
                #"incidents | where id contains "7" | summarize count() as n by lure"#,
                #"incidents | where id contains "7" | summarize count() as n by coalesce(lure)"#
            ),
            // `top N by` an aggregate kept while grouping, as the groups sorted and cut: ties in
            // key order (many groups tie on one count here), nulls last, both directions.
            ("incidents | count by lure | top 3 by count", "incidents | count by lure | sort count desc | take 3"),
            ("incidents | count by lure | top 7 by count asc", "incidents | count by lure | sort count | take 7"),
            (
                #"incidents | where id contains "3" | count by lure | top 1000 by count"#,
                #"incidents | where id contains "3" | count by lure | sort count desc | take 1000"#
            ),
            (
                "nodes | summarize max(files_exfiltrated) as m, count() as n by lure | top 4 by m",
                "nodes | summarize max(files_exfiltrated) as m, count() as n by lure | sort m desc | take 4"
            ),
            (
                "nodes | summarize max(files_exfiltrated) as m by lure | top 4 by m asc",
                "nodes | summarize max(files_exfiltrated) as m by lure | sort m | take 4"
            ),
            // By id, grouped as the rows' nodes: as by the ids' texts.
            ("incidents | count by id | take 5", "incidents | count by coalesce(id) | take 5"),
            (
                #"nodes | where id contains "7" | count by id"#,
                #"nodes | where id contains "7" | count by coalesce(id)"#
            ),
            (
                "nodes | summarize count() as n by id | skip 100 | take 3",
                "nodes | summarize count() as n by coalesce(id) | skip 100 | take 3"
            ),
            ("incidents | select id | count by id | take 3", "incidents | count by coalesce(id) | take 3"),
            // Every group in order: by count then key, or by key, over two key columns.
            (
                "incidents | count by true_phase, lure",
                "incidents | count by true_phase, lure | sort count desc, true_phase, lure"
            ),
            (
                "nodes | summarize count() as n by lure, true_phase",
                "nodes | summarize count() as n by lure, true_phase | sort lure, true_phase"
            ),
            // A take after a grouping: only the groups it keeps picked out, by count then key
            // (thousands of groups tie), or by key (the null group, the largest, last).
            ("incidents | count by lure | take 5", "incidents | count by lure | sort count desc, lure | take 5"),
            (
                "nodes | count by lure | skip 2 | take 6",
                "nodes | count by lure | sort count desc, lure | skip 2 | take 6"
            ),
            (
                "incidents | count by true_phase, lure | take 5",
                "incidents | count by true_phase, lure | sort count desc, true_phase, lure | take 5"
            ),
            (
                #"incidents | where id contains "3" | count by upper(lure.subject) as s | take 4"#,
                #"incidents | where id contains "3" | count by upper(lure.subject) as s | sort count desc, s | take 4"#
            ),
            (
                "nodes | summarize max(files_exfiltrated) as m by lure | take 4",
                "nodes | summarize max(files_exfiltrated) as m by lure | sort lure | take 4"
            ),
            (
                "incidents | summarize count() as n by files_exfiltrated, lure | skip 3 | take 5",
                "incidents | summarize count() as n by files_exfiltrated, lure | sort files_exfiltrated, lure | skip 3 | take 5"
            ),
            // Column by column, batch after batch.
            (
                "incidents | where files_exfiltrated > 50 and true_phase in [1, 3] | select id",
                "incidents | where coalesce(files_exfiltrated) > 50 and coalesce(true_phase) in [1, 3] | select id"
            ),
            (
                "incidents | where files_exfiltrated * 2 + true_phase > 100 or files_exfiltrated is null | count",
                "incidents | where coalesce(files_exfiltrated) * 2 + true_phase > 100 or coalesce(files_exfiltrated) is null | count"
            ),
            (
                "incidents | where files_exfiltrated between 20 and 40 or not (true_phase == 2) | select id",
                "incidents | where coalesce(files_exfiltrated) between 20 and 40 or not (coalesce(true_phase) == 2) | select id"
            ),
            (
                "incidents | where files_exfiltrated is not null and true_phase != 1 | count",
                "incidents | where coalesce(files_exfiltrated) is not null and coalesce(true_phase) != 1 | count"
            ),
            // A walk's nodes in node order, many (read out of marks) or few (sorted).
            ("lures | in used_lure | select id", "incidents | where lure is not null | select id"),
            ("@lure-7 | in used_lure | select id", "incidents | where lure == @lure-7 | select id"),
        ] {
            let (a, b) = (try values(remembered, on: graph), try values(rowByRow, on: graph))
            #expect(!a.isEmpty && a == b, "\(remembered)")
        }
        // A condition that fails on some lures fails with the message of the first row that meets one
        // (text compared with a number the checker cannot see: `lure.subject > 3` it refuses first).
        func message(_ statement: String) -> String? { failure(statement, on: graph)?.message }
        let once = message(#"incidents | where lure.subject contains "6" and lure.subject > coalesce(3) | count"#)
        let rowByRow = message(
            #"incidents | where coalesce(lure.subject) contains "6" and coalesce(lure.subject) > 3 | count"#)
        #expect(once != nil && once == rowByRow)
        // Rows that pass before the condition fails are grouped first: a key failing on one of them
        // comes first, as row by row.
        let keyFirst = message(
            #"incidents | where lure.subject contains "0" or lure.subject > coalesce(3) | count by 1 + id"#)
        let keyFirstRowByRow = message(
            #"incidents | where coalesce(lure.subject) contains "0" or coalesce(lure.subject) > 3 | count by 1 + id"#)
        #expect(keyFirst != nil && keyFirst == keyFirstRowByRow)
        // A take after a grouping does not hide an aggregate failing on a group it leaves out (the
        // median of the lures' subjects; the incidents' group comes first).
        let median = "summarize median(coalesce(subject, files_exfiltrated)) as m by kind | take 1"
        #expect(try values(#"nodes | where kind == "incident" | "# + median, on: graph).count == 1)
        #expect(failure("nodes | " + median, on: graph)?.code == "type.aggregate")
    }

    @Test("conditions worked out column by column give the rows the general form gives row by row")
    func columnConditions() throws {
        let beyondDecimals =
            "(files_exfiltrated" + String(repeating: " * 1000000000000000000000000000000.0", count: 11) + ")"
        let conditions = [
            "files_exfiltrated > 100", "3 < true_phase", "true_phase > 1", "true_phase <= 1",
            "files_exfiltrated >= 2 and true_phase < 3", "not (true_phase == 1 and files_exfiltrated > 1)",
            "not (true_phase == 1 or accounts_compromised > 1)",
            "files_exfiltrated * 2 + accounts_compromised > 30 and true_phase != 2",
            "not (true_phase == 1) or files_exfiltrated % 3 == 0", "files_exfiltrated % 0 == 0 or true_phase == 3",
            "9223372036854775807 + files_exfiltrated > 0 or not (accounts_compromised - 1 < 0)",
            #"vector == "vpn-device" or vector != "spear-phishing-link""#,
            #""vpn-device" == vector and ts >= 2023-06-01"#,
            "ts < 2022-01-01T00:00:00Z or ts in 2023-02..2023-10", "ts not in 2021-01-01..2022-06-30",
            "files_exfiltrated in 1..100", "accounts_compromised not in 0..0", "is_lure", "not is_lure",
            #"is_lure and language == "ja""#, "kev_added >= 2023-01-01", "kev_added == 2023-06-13",
            "actor == @mirrorface", #"not (actor == "mirrorface") or true_phase == 2"#,
            "target.sector != @ict and files_exfiltrated > 1", "@ict == target.sector", #"lure == "no-such-lure""#,
            #"lure != "no-such-lure""#, "lure is null", "lure is not null and files_exfiltrated > 1",
            "target.sector is null or true_phase == 1", "files_exfiltrated is null", "not (vector is not null)",
            "kev_added is not null", "is_lure is null", "is_lure == true", "false == is_lure", "is_lure != true",
            "is_lure != false and language == \"ja\"", "is_lure is not null or ts == 2024-05-01", "year(ts) == 2023",
            #"hour(ts, "Asia/Tokyo") >= 9 and hour(ts, "Asia/Tokyo") < 18"#, #"weekday(ts, "Asia/Shanghai") in 1..5"#,
            "month(ts) * 100 + day(ts) > 615", "quarter(ts) != 2 or week(ts) == 10", "minute(ts) == 0",
            #"hour(ts, "America/New_York") == 21 or weekday(ts, "Europe/London") == 7"#,
            "true_phase in [1, 3]", "true_phase not in [2]", #"vector in ["vpn-device", "spear-phishing-link"]"#,
            #"vector not in ["vpn-device"] and true_phase in [1]"#, "files_exfiltrated * 2 in [0, 4, 10]",
            "kev_added in [2023-06-13, 2021-01-01]", "ts in [2024-01-01T00:00:00Z]", #"language in ["ja", 3]"#,
            "true_phase in []", "true_phase not in []", "accounts_compromised in [1, 2.0]",
            "files_exfiltrated not in [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 3]",
            "true_phase in [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]", "files_exfiltrated between 10 and 20",
            "files_exfiltrated in [0, 63]", "files_exfiltrated in [0, 64]", "files_exfiltrated - 50 in [-3, 2, 40]",
            "files_exfiltrated in [9223372036854775807, 0]", "files_exfiltrated - 9223372036854775807 in [0, 3]",
            "files_exfiltrated not in [4611686018427387904, 4611686018427387905]",
            "files_exfiltrated in [-4611686018427387904, 9223372036854775807]",
            "files_exfiltrated between -9223372036854775807 and 9223372036854775807",
            "files_exfiltrated between 9223372036854775806 and 9223372036854775807",
            "accounts_compromised between -9223372036854775807 and 1", "files_exfiltrated between 5 and 5",
            "files_exfiltrated > 1.5", "files_exfiltrated >= 1.5", "files_exfiltrated < 2.5",
            "2.5 >= files_exfiltrated",
            "files_exfiltrated == 3.0", "files_exfiltrated == 3.5", "files_exfiltrated != 3.5",
            "-0.5 < accounts_compromised",
            "files_exfiltrated <= -0.5", "files_exfiltrated > 100000000000000000000000.5",
            "files_exfiltrated < 9007199254740993.0",
            "not (accounts_compromised between 1 and 2)", "files_exfiltrated * 2 between 0 and 7 or true_phase == 3",
            "year(ts) between 2021 and 2022", "true_phase between 3 and 1",
            "ts between 2023-06-01T00:00:00Z and 2024-01-01T12:00:00Z", "ts between 2022-01-01 and 2023-06",
            "not (ts between 2021-05-01 and 2022-01-01T00:00:00Z)", "kev_added between 2022-01-01 and 2023-12-31",
            "ts between 2023-01-01 and 5", "kev_added between 2022-01-01T00:00:00Z and 2024-01-01",
            "date(ts) == 2023-10-30", "date(ts) != 2019-12-19", "2023-06-01 <= date(ts)",
            #"date(ts, "Asia/Tokyo") < 2022-01-01 or true_phase == 2"#, #"date(ts, "America/New_York") > 2023-10-29"#,
            "date(ts) == 2023-10-30T00:00:00Z",
            "-files_exfiltrated < -100", "-(files_exfiltrated * 2) >= -7 or -true_phase == -3",
            "-(-9223372036854775807 - files_exfiltrated) > 0", "-accounts_compromised in [-1, -2]",
            "(files_exfiltrated > 100) == true", "(files_exfiltrated > 100) != true", "false == (true_phase < 2)",
            "(is_lure and language == \"ja\") != false", "(true_phase in [1, 3]) == (files_exfiltrated > 1)",
            "days_between(ts, 2024-12-31) < 400", "days_between(2023-01-01T12:00:00Z, ts) % 7 == -3 or true_phase == 2",
            "days_between(ts, ts) == 0", "days_between(kev_added, 2024-01-01) > 100",
            "ts > now() - 1000d", "days_between(ts, now()) > 900 or ts < now()",
            "abs(files_exfiltrated - accounts_compromised * 3) > 3", "abs(files_exfiltrated - 9223372036854775807) > 0",
            "coalesce(files_exfiltrated, 0) > 1", "coalesce(files_exfiltrated, accounts_compromised, 7) == 7",
            "round(files_exfiltrated) > 2 and floor(accounts_compromised) == ceil(accounts_compromised)",
            #"actor in [@mirrorface, "menupass"]"#, #"target not in ["jaxa", "no-such-node"] and true_phase == 2"#,
            #"target.sector in ["media", @ict]"#, "lure in []", #"actor in ["Kelvin", @mirrorface]"#,
            "actor in [@mirrorface, 3]", #"not (lure not in ["no-such-lure"])"#,
            // The ids' bytes: a part at either end, in the middle, the whole id, none.
            #"id starts with "inc-2023""#, #"id ends with "-06" or true_phase == 1"#, #"id contains "jaxa""#,
            #"not (id contains "0")"#, #"id starts with "inc-jaxa-2023-06""#, #"id ends with """#,
            #"id starts with "inc-jaxa-2023-06-and-more""#, #"id contains "台湾""#,
            // Decimal arithmetic: divisions by zero and nulls are null, whole parts stay whole.
            "files_exfiltrated / 10 > 5", "files_exfiltrated / accounts_compromised >= 2",
            "accounts_compromised / files_exfiltrated < 0.5 or true_phase == 2", "files_exfiltrated / 0 == 0",
            "round(files_exfiltrated / 100) == 3", "round((files_exfiltrated - 250) / 100) == -2",
            "floor(files_exfiltrated / 3) != ceil(files_exfiltrated / 3)", "abs(1.5 - files_exfiltrated) < 10",
            "files_exfiltrated * 1.5 > accounts_compromised / 2", "files_exfiltrated % 2.5 == 0.5",
            "files_exfiltrated % 0.0 == 0 or true_phase == 1", "(files_exfiltrated + 0.5) * 2 <= 2 * 50 + 1",
            "9223372036854775807 * files_exfiltrated / 2 > 0", "files_exfiltrated * 9223372036854775807.0 > 1.0",
            "1.0 / (files_exfiltrated - files_exfiltrated) == 1", "not (files_exfiltrated / 0 > 1)",
            "not (1.0 / (files_exfiltrated - files_exfiltrated) == 1)",
            // Each comparison, with decimals equal to the constant for some rows.
            "files_exfiltrated / 2 <= 3", "files_exfiltrated / 2 >= 3", "files_exfiltrated / 2 < 3",
            "files_exfiltrated / 2 > 3", "files_exfiltrated / 2 == 3", "files_exfiltrated / 2 != 3",
            // Halves rounded away from zero: 2.5 to 3, not to the even 2.
            "round(files_exfiltrated / 2) * 2 > files_exfiltrated",
            "round(-files_exfiltrated / 2) * 2 < -files_exfiltrated",
            // Past the largest decimal (infinite), and infinite less infinite (not a number).
            "\(beyondDecimals) > 1.0", "\(beyondDecimals) - \(beyondDecimals) == 5",
            // `not` of a comparison, a range or a list, read as their opposites (nulls stay null).
            "not (true_phase > 2)", "not (true_phase >= 2) or not (true_phase <= 1)", "not (files_exfiltrated < 3)",
            "not (true_phase != 2)", "not (true_phase in [1, 3])", "not (files_exfiltrated not in [0, 1])",
            "not (files_exfiltrated in 1..100)", "not (kev_added in [2023-06-13, 2021-01-01])",
            // The built-ins a node's kind and provenance record decide, worked out once per record.
            #"kind in ["incident", "vulnerability"]"#, #"kind not in ["vulnerability"] or true_phase != 1"#,
            #"kind in ["incident", 3]"#,
            #"provenance in ["reported", "imported"]"#, #"provenance == "synthetic" or status == "SECONDARY""#,
            #"status == "REPORTED""#, "status is null", #"status in ["SECONDARY", "UNCONFIRMED"] or true_phase == 2"#,
            #"status starts with "UN""#, "size(sources) > 1", #"not (status != "REPORTED")"#,
            #"kind == "incident" and status is not null and size(sources) >= 1"#, "target.name is null",
            "not (target.name is not null) or lure.subject is null",
            // `any` and `all` over a list of one property or built-in: worked out once per text
            // or record.
            #"any([outcome], o => o starts with "st")"#, #"any(sources, s => s == "s8")"#,
            #"all(sources, s => s != "s1") and kind == "incident""#,
            // A condition on the elements that reads the row too: worked out row by row.
            "any([outcome], o => files_exfiltrated > 3)",
            // A property several kinds declare, read from the kind's column when the rows are
            // that kind's table.
            #"name == "JAXA intrusion 2023-06""#, #"lower(name) contains "jaxa" or true_phase == 2"#,
            #"name starts with "Targeted" and vector != "vpn-device""#, "name is null",
            #"not (name in ["JAXA intrusion 2023-06", "no such name"])"#,
        ]
        let properties = [
            "files_exfiltrated", "accounts_compromised", "true_phase", "vector", "ts", "is_lure", "language",
            "kev_added", "actor", "target", "lure", "outcome", "name",
        ]
        for condition in conditions {
            // coalesce(x) reads the same value (a linked node's `target.name` left as it is), but
            // only the general form takes it; a calendar
            // field keeps reading the property by name (its recorded precision with it) and takes
            // its zone through coalesce instead.
            var general = condition
            for name in properties {
                general = general.replacingOccurrences(
                    of: "(?<!\\.)\\b\(name)\\b", with: "coalesce(\(name))", options: .regularExpression)
            }
            // A built-in read as an element of a list beside the id is left to the general form,
            // and keeps its value, null included.
            general = general.replacingOccurrences(
                of: #"\b(kind|provenance|status|sources)\b"#, with: "[$1, id][0]", options: .regularExpression)
            general = general.replacingOccurrences(
                of: #"(\w+)\(coalesce\(ts\), ("[^"]+")\)"#, with: "$1(ts, coalesce($2))", options: .regularExpression
            ).replacingOccurrences(
                of: #"(\w+)\(coalesce\(ts\)\)"#, with: #"$1(ts, coalesce("UTC"))"#, options: .regularExpression)
            for kind in [nil, "incident", "lure", "vulnerability"] {
                // A kind's own source refuses a name only other kinds have (it would read null on
                // every row); its nodes read from `nodes`, which may be of any kind, still read null.
                let own = kind.map { session.graph.schema.kind(named: $0)?.plural ?? $0 } ?? "nodes"
                let refused = session.diagnostic("\(own) | where \(condition) | count")?.code == "name.unknown"
                let source = refused ? "nodes | where kind == \"\(kind ?? "")\"" : own
                let a = try session.rows("\(source) | where \(condition) | select id").rows.map(\.values)
                let b = try session.rows("\(source) | where \(general) | select id").rows.map(\.values)
                #expect(a == b, "\(source) | where \(condition)")
                let counted = try count("\(source) | where \(condition) | count")
                #expect(counted == [.int(a.count)], "\(source) | where \(condition) | count")
            }
        }
        let mismatch = session.diagnostic("incidents | where vector > 3 or files_exfiltrated > 1 | count")
        #expect(mismatch?.code == "type.compare")
        let textAgainstNumber = session.diagnostic("incidents | where name > 3 | count")
        #expect(textAgainstNumber?.message == "cannot compare `name` (text) with a number")
    }

    @Test(
        "group keys read as numbers (texts, flags, kinds, origins, small whole numbers) and int min, max, first, last give the general answers"
    )
    func numberedGroupKeys() throws {
        let pairs = [
            // Three and four keys, grouped two at a time: link chains, texts, numbers, nulls (a
            // text of one kind only: `vector` of the bundled data is a campaign's too).
            (
                "incidents | count by actor, true_phase, outcome",
                "incidents | count by coalesce(actor), coalesce(true_phase), coalesce(outcome)"
            ),
            (
                "incidents | distinct outcome, true_phase, year(ts), target",
                "incidents | distinct coalesce(outcome), coalesce(true_phase), coalesce(year(ts)), coalesce(target)"
            ),
            (
                "incidents | where files_exfiltrated > 1 | summarize n = count(), f = sum(files_exfiltrated) by target, outcome, true_phase",
                "incidents | where files_exfiltrated > 1 | summarize n = count(), f = sum(files_exfiltrated) by coalesce(target), coalesce(outcome), coalesce(true_phase)"
            ),
            // A property of the node a link reaches, beside other keys: read on the nodes reached.
            (
                "incidents | count by lure.is_lure, true_phase",
                "incidents | count by coalesce(lure.is_lure), coalesce(true_phase)"
            ),
            (
                "incidents | count by lure.language, outcome, year(ts)",
                "incidents | count by coalesce(lure.language), coalesce(outcome), coalesce(year(ts))"
            ),
            (
                "incidents | where files_exfiltrated > 2 | summarize n = count() by target.name, true_phase",
                "incidents | where files_exfiltrated > 2 | summarize n = count() by coalesce(target.name), coalesce(true_phase)"
            ),
            // Rows the `where` leaves out while grouping (rows with a column, not bare nodes).
            (
                "incidents | extend x = 1 | skip 0 | where files_exfiltrated > 1 | count by actor, outcome, true_phase",
                "incidents | extend x = 1 | skip 0 | where files_exfiltrated > 1 | count by coalesce(actor), coalesce(outcome), coalesce(true_phase)"
            ),
            (
                "nodes | count by kind, provenance, true_phase",
                "nodes | count by coalesce(kind), coalesce(provenance), coalesce(true_phase)"
            ),
            (
                "match (i:incident)-[:targeted]->(o:org) | count by o.name, i.true_phase, i.vector",
                "match (i:incident)-[:targeted]->(o:org) | count by coalesce(o.name), coalesce(i.true_phase), coalesce(i.vector)"
            ),
            ("incidents | count by vector", "incidents | count by coalesce(vector)"),
            ("nodes | count by vector", "nodes | count by coalesce(vector)"),
            ("lures | count by language", "lures | count by coalesce(language)"),
            (
                "incidents | count by true_phase, vector",
                "incidents | count by coalesce(true_phase), coalesce(vector)"
            ),
            (
                "incidents | count by true_phase, outcome",
                "incidents | count by coalesce(true_phase), coalesce(outcome)"
            ),
            ("lures | count by language, theme", "lures | count by coalesce(language), coalesce(theme)"),
            ("lures | count by is_lure", "lures | count by coalesce(is_lure)"),
            ("nodes | count by kind, provenance", "nodes | count by coalesce(kind), coalesce(provenance)"),
            ("incidents | count by provenance", "incidents | count by coalesce(provenance)"),
            // A provenance record's status and sources, coded once per record (nulls included).
            ("nodes | count by status", "nodes | count by coalesce(status)"),
            ("nodes | count by status, kind", "nodes | count by coalesce(status), coalesce(kind)"),
            ("nodes | count by sources", "nodes | count by coalesce(sources)"),
            (
                "incidents | where files_exfiltrated > 1 | summarize n = count() by status, true_phase, outcome",
                "incidents | where files_exfiltrated > 1 | summarize n = count() by coalesce(status), coalesce(true_phase), coalesce(outcome)"
            ),
            ("nodes | distinct sources, provenance", "nodes | distinct coalesce(sources), coalesce(provenance)"),
            (
                "nodes | where is_lure is not null | summarize count() as n by provenance, is_lure",
                "nodes | where is_lure is not null | summarize count() as n by coalesce(provenance), coalesce(is_lure)"
            ),
            (
                "lures | count by language, is_lure",
                "lures | count by coalesce(language), coalesce(is_lure)"
            ),
            (
                "lures | summarize count() as n by is_lure, theme",
                "lures | summarize count() as n by coalesce(is_lure), coalesce(theme)"
            ),
            (
                "incidents | count by weekday(ts) as w, hour(ts) as h",
                "incidents | count by coalesce(weekday(ts)) as w, coalesce(hour(ts)) as h"
            ),
            ("incidents | count by year(ts) as y", "incidents | count by coalesce(year(ts)) as y"),
            (
                "incidents | count by weekday(ts, \"Asia/Tokyo\") as w",
                "incidents | count by coalesce(weekday(ts, \"Asia/Tokyo\")) as w"
            ),
            (
                "incidents | count by files_exfiltrated * 100 - 7 as f",
                "incidents | count by coalesce(files_exfiltrated * 100 - 7) as f"
            ),
            (
                "nodes | count by true_phase - 2 as p, month(ts) as m",
                "nodes | count by coalesce(true_phase - 2) as p, coalesce(month(ts)) as m"
            ),
            (
                "incidents | count by accounts_compromised * 300 as a, vector",
                "incidents | count by coalesce(accounts_compromised * 300) as a, coalesce(vector)"
            ),
            ("incidents | distinct year(ts), vector", "incidents | distinct coalesce(year(ts)), vector"),
            (
                "match (i:incident)-[:targeted]->(o:org) | count by o.name",
                "match (i:incident)-[:targeted]->(o:org) | count by coalesce(o.name)"
            ),
            (
                "match (i:incident)-[:attributed_to]->(a:actor) | count by a.name",
                "match (i:incident)-[:attributed_to]->(a:actor) | count by coalesce(a.name)"
            ),
            (
                "match (i:incident)-[:targeted]->(o:org) | count by o | select count",
                "match (i:incident)-[:targeted]->(o:org) | count by coalesce(o) | select count"
            ),
            (
                "match (l:lure)<-[:used_lure]-(i:incident) | count by i.vector",
                "match (l:lure)<-[:used_lure]-(i:incident) | count by coalesce(i.vector)"
            ),
            // Properties of two variables' nodes, read from the matches' node numbers.
            (
                "match (i:incident)-[:targeted]->(o:org)-[:in_sector]->(s:sector) | count by s.name, i.true_phase",
                "match (i:incident)-[:targeted]->(o:org)-[:in_sector]->(s:sector) | count by coalesce(s.name), coalesce(i.true_phase)"
            ),
            (
                "match (i:incident)-[:used_lure]->(l:lure) | summarize count(), max(i.ts) by l.is_lure, i.vector",
                "match (i:incident)-[:used_lure]->(l:lure) | summarize count(), max(i.ts) by coalesce(l.is_lure), coalesce(i.vector)"
            ),
            (
                "match (i:incident)-[:targeted]->(o:org) | count by i.true_phase",
                "match (i:incident)-[:targeted]->(o:org) | count by coalesce(i.true_phase)"
            ),
            (
                "match (i:incident)-[:used_lure]->(l:lure) | distinct l.language, i.outcome",
                "match (i:incident)-[:used_lure]->(l:lure) | distinct coalesce(l.language), coalesce(i.outcome)"
            ),
            (
                "match (n)-[:targeted]->(m) | count by m.name, n.true_phase",
                "match (n)-[:targeted]->(m) | count by coalesce(m.name), coalesce(n.true_phase)"
            ),
            // A comparison of a stored number as a key: true, false, or null where the node has
            // no value (or is of a kind without the property).
            (
                "nodes | count by files_exfiltrated > 3 as big, kind",
                "nodes | count by coalesce(files_exfiltrated > 3) as big, kind"
            ),
            (
                "nodes | count by ts < 2023-01-01 as early, true_phase",
                "nodes | count by coalesce(ts < 2023-01-01) as early, coalesce(true_phase)"
            ),
            (
                "incidents | summarize sum(files_exfiltrated) as s by ts >= 2023-06-01T00:00Z as late",
                "incidents | summarize sum(files_exfiltrated) as s by coalesce(ts >= 2023-06-01T00:00Z) as late"
            ),
            // A key reading properties and linked nodes' properties only, merged from the groups
            // of what it reads (an incident without an actor: null).
            (
                #"incidents | count by vector + "/" + actor.name as k, true_phase"#,
                #"incidents | count by coalesce(vector + "/" + actor.name) as k, coalesce(true_phase)"#
            ),
            (
                #"nodes | count by upper(target.sector.name) + ":" + coalesce(outcome, "-") as k"#,
                #"nodes | count by coalesce(upper(target.sector.name) + ":" + coalesce(outcome, "-")) as k"#
            ),
            (
                #"incidents | count by split(vector, "-")[0] as v, lower(actor.name) as a"#,
                #"incidents | count by coalesce(split(vector, "-")[0]) as v, coalesce(lower(actor.name)) as a"#
            ),
            // `median` and `distinct_count` of whole numbers worked out a batch at a time (a date
            // as its day's number).
            (
                "incidents | summarize median(hour(ts)) as m, distinct_count(date(ts)) as d by true_phase",
                "incidents | summarize median(coalesce(hour(ts))) as m, distinct_count(coalesce(date(ts))) as d by true_phase"
            ),
            (
                "nodes | summarize median(files_exfiltrated * 2 - 1) as m, distinct_count(year(ts)) as y",
                "nodes | summarize median(coalesce(files_exfiltrated * 2 - 1)) as m, distinct_count(coalesce(year(ts))) as y"
            ),
            // Any condition VectorCondition works out as a key, its truths its values: text tests,
            // links, calendar fields, `and`, `or`, `not`, `is null`; parts worked out once per
            // linked node or text (`lure.language`, `subject contains`) over every row first.
            (
                #"nodes | count by true_phase == 2 or outcome == "stolen" as x, kind"#,
                #"nodes | count by coalesce(true_phase == 2 or outcome == "stolen") as x, kind"#
            ),
            (
                #"incidents | count by lure.language == "ja" as ja, true_phase"#,
                #"incidents | count by coalesce(lure.language == "ja") as ja, coalesce(true_phase)"#
            ),
            (
                #"nodes | count by subject contains "台湾" as t"#,
                #"nodes | count by coalesce(subject contains "台湾") as t"#
            ),
            (
                #"incidents | count by not (vector starts with "spear") as s, actor == @mirrorface as m"#,
                #"incidents | count by coalesce(not (vector starts with "spear")) as s, coalesce(actor == @mirrorface) as m"#
            ),
            (
                #"incidents | summarize count() as c by hour(ts, "Asia/Tokyo") between 9 and 18 as office, outcome is null as o"#,
                #"incidents | summarize count() as c by coalesce(hour(ts, "Asia/Tokyo") between 9 and 18) as office, coalesce(outcome is null) as o"#
            ),
            // Link chains from a variable's nodes, followed as node numbers (nulls where an
            // incident has no actor).
            (
                "match (n)-[:targeted]->(m) | count by n.actor",
                "match (n)-[:targeted]->(m) | count by coalesce(n.actor)"
            ),
            (
                "match (i:incident)-[:targeted]->(o:org) where i.true_phase == 2 | count by o.sector",
                "match (i:incident)-[:targeted]->(o:org) where i.true_phase == 2 | count by coalesce(o.sector)"
            ),
            (
                "match (i:incident)-[:targeted]->(o:org) | count by i.target.sector.name, i.true_phase",
                "match (i:incident)-[:targeted]->(o:org) | count by coalesce(i.target.sector.name), coalesce(i.true_phase)"
            ),
            (
                "match (n)-[:targeted]->(m) | count by m.sector, n.actor, n.vector",
                "match (n)-[:targeted]->(m) | count by coalesce(m.sector), coalesce(n.actor), coalesce(n.vector)"
            ),
            (
                "match (i:incident)-[:used_lure]->(l:lure) | summarize max(i.ts) by i.actor.name",
                "match (i:incident)-[:used_lure]->(l:lure) | summarize max(i.ts) by coalesce(i.actor.name)"
            ),
            // Aggregates of a variable's stored numbers, read on the nodes of its column (an org
            // has no `files_exfiltrated`: null, skipped).
            (
                "match (i:incident)-[:targeted]->(o:org) | summarize sum(i.files_exfiltrated) as s, avg(i.files_exfiltrated) as a, max(i.ts) as m, first(i.ts) as f by o.sector",
                "match (i:incident)-[:targeted]->(o:org) | summarize sum(coalesce(i.files_exfiltrated)) as s, avg(coalesce(i.files_exfiltrated)) as a, max(coalesce(i.ts)) as m, first(coalesce(i.ts)) as f by coalesce(o.sector)"
            ),
            (
                "match (n)-[:targeted]->(m) | summarize sum(n.files_exfiltrated) as s, max(m.files_exfiltrated) as x, min(n.target.sector.name) as t",
                "match (n)-[:targeted]->(m) | summarize sum(coalesce(n.files_exfiltrated)) as s, max(coalesce(m.files_exfiltrated)) as x, min(coalesce(n.target.sector.name)) as t"
            ),
            (
                "match (i:incident)-[:targeted]->(o:org) where i.true_phase == 3 | summarize last(i.files_exfiltrated) as l, min(i.ts) as m by i.actor",
                "match (i:incident)-[:targeted]->(o:org) where i.true_phase == 3 | summarize last(coalesce(i.files_exfiltrated)) as l, min(coalesce(i.ts)) as m by coalesce(i.actor)"
            ),
            ("incidents | select x = vector | count by x", "incidents | select x = vector | count by coalesce(x)"),
            (
                "incidents | summarize min(files_exfiltrated) as a, max(files_exfiltrated) as b, max(true_phase) as c by vector",
                "incidents | summarize min(coalesce(files_exfiltrated)) as a, max(coalesce(files_exfiltrated)) as b, max(coalesce(true_phase)) as c by coalesce(vector)"
            ),
            (
                "incidents | summarize min(ts) as a, max(ts) as b by actor",
                "incidents | summarize min(coalesce(ts)) as a, max(coalesce(ts)) as b by actor"
            ),
            (
                "nodes | summarize min(kev_added) as a, max(kev_added) as b, max(ts) as c",
                "nodes | summarize min(coalesce(kev_added)) as a, max(coalesce(kev_added)) as b, max(coalesce(ts)) as c"
            ),
            (
                "nodes | summarize max(files_exfiltrated) as m, min(accounts_compromised) as n",
                "nodes | summarize max(coalesce(files_exfiltrated)) as m, min(coalesce(accounts_compromised)) as n"
            ),
            // min, max, first and last of a text property: by the places of its texts in order
            // when they repeat (vector, outcome, cue), row by row when they rarely do (name, subject).
            (
                "incidents | summarize min(vector) as a, max(name) as b, first(outcome) as c, last(vector) as d by true_phase",
                "incidents | summarize min(coalesce(vector)) as a, max(coalesce(name)) as b, first(coalesce(outcome)) as c, last(coalesce(vector)) as d by true_phase"
            ),
            (
                "lures | summarize min(subject) as a, max(subject) as b, first(subject) as c, last(cue) as d by language",
                "lures | summarize min(coalesce(subject)) as a, max(coalesce(subject)) as b, first(coalesce(subject)) as c, last(coalesce(cue)) as d by language"
            ),
            (
                "nodes | summarize min(subject) as a, max(vector) as b, first(outcome) as c",
                "nodes | summarize min(coalesce(subject)) as a, max(coalesce(vector)) as b, first(coalesce(outcome)) as c"
            ),
            // A linked node's text property, read through the link (none where it reaches no node).
            (
                "incidents | summarize min(lure.subject) as a, max(lure.subject) as b, first(lure.cue) as c, last(lure.subject) as d by true_phase",
                "incidents | summarize min(coalesce(lure.subject)) as a, max(coalesce(lure.subject)) as b, first(coalesce(lure.cue)) as c, last(coalesce(lure.subject)) as d by true_phase"
            ),
            (
                "incidents | where files_exfiltrated > 1 | summarize max(lure.subject) as a, first(lure.subject) as b",
                "incidents | where files_exfiltrated > 1 | summarize max(coalesce(lure.subject)) as a, first(coalesce(lure.subject)) as b"
            ),
            // `count(x)`: rows whose link chain reaches a node, or whose node has a value of x.
            (
                "incidents | summarize count(lure) as a, count(target.sector) as b, count(outcome) as c, count(ts) as d by true_phase",
                "incidents | summarize count(coalesce(lure)) as a, count(coalesce(target.sector)) as b, count(coalesce(outcome)) as c, count(coalesce(ts)) as d by true_phase"
            ),
            (
                "nodes | summarize count(lure) as a, count(kev_added) as b, count(subject) as c, count(target) as d",
                "nodes | summarize count(coalesce(lure)) as a, count(coalesce(kev_added)) as b, count(coalesce(subject)) as c, count(coalesce(target)) as d"
            ),
            (
                "incidents | where files_exfiltrated > 1 | summarize count(lure) as a, count(outcome) as b",
                "incidents | where files_exfiltrated > 1 | summarize count(coalesce(lure)) as a, count(coalesce(outcome)) as b"
            ),
            // A `where` tested row by row: the rows that fail are left out of the groups.
            (
                "incidents | where coalesce(files_exfiltrated) > 1 | summarize count(lure) as a, count(outcome) as b by vector",
                "incidents | where coalesce(files_exfiltrated) > 1 | summarize count(coalesce(lure)) as a, count(coalesce(outcome)) as b by vector"
            ),
            (
                "incidents | sort ts desc | take 150 | summarize count(target) as a, count(files_exfiltrated) as b by vector",
                "incidents | sort ts desc | take 150 | summarize count(coalesce(target)) as a, count(coalesce(files_exfiltrated)) as b by vector"
            ),
            (
                "nodes | summarize sum(files_exfiltrated) as s, avg(accounts_compromised) as a, first(ts) as f, last(kev_added) as l, count() as n",
                "nodes | summarize sum(coalesce(files_exfiltrated)) as s, avg(coalesce(accounts_compromised)) as a, first(coalesce(ts)) as f, last(coalesce(kev_added)) as l, count() as n"
            ),
            // The first and last value in row order, nulls skipped.
            (
                "incidents | summarize first(ts) as a, last(ts) as b, first(files_exfiltrated) as c, last(true_phase) as d by vector",
                "incidents | summarize first(coalesce(ts)) as a, last(coalesce(ts)) as b, first(coalesce(files_exfiltrated)) as c, last(coalesce(true_phase)) as d by coalesce(vector)"
            ),
            (
                "nodes | summarize first(kev_added) as a, last(files_exfiltrated) as b, first(year(ts)) as c, last(kev_added) as d by kind",
                "nodes | summarize first(coalesce(kev_added)) as a, last(coalesce(files_exfiltrated)) as b, first(coalesce(year(ts))) as c, last(coalesce(kev_added)) as d by kind"
            ),
            // Whole-number arithmetic and calendar fields: a result past 64 bits is skipped as a null.
            (
                "incidents | extend t = files_exfiltrated + accounts_compromised | summarize max(t) as m, min(t) as n, sum(t) as s, avg(t) as a by vector",
                "incidents | summarize max(coalesce(files_exfiltrated + accounts_compromised)) as m, min(coalesce(files_exfiltrated + accounts_compromised)) as n, sum(coalesce(files_exfiltrated + accounts_compromised)) as s, avg(coalesce(files_exfiltrated + accounts_compromised)) as a by vector"
            ),
            (
                "nodes | summarize min(year(ts)) as y, max(hour(ts, \"Asia/Tokyo\") * 60 + minute(ts)) as h, sum(files_exfiltrated % 7 - 3) as s by kind",
                "nodes | summarize min(coalesce(year(ts))) as y, max(coalesce(hour(ts, \"Asia/Tokyo\") * 60 + minute(ts))) as h, sum(coalesce(files_exfiltrated % 7 - 3)) as s by kind"
            ),
            // Decimal arithmetic: summed in row order, divisions by zero skipped as nulls.
            (
                "incidents | summarize avg(files_exfiltrated * 1.5) as a, sum(files_exfiltrated / (accounts_compromised - 1)) as s, avg(round(files_exfiltrated / 7)) as r by vector",
                "incidents | summarize avg(coalesce(files_exfiltrated * 1.5)) as a, sum(coalesce(files_exfiltrated / (accounts_compromised - 1))) as s, avg(coalesce(round(files_exfiltrated / 7))) as r by coalesce(vector)"
            ),
            (
                "incidents | summarize max(files_exfiltrated * 9223372036854775807) as m, sum(9223372036854775807 - true_phase + 2) as s, avg(1) as a",
                "incidents | summarize max(coalesce(files_exfiltrated * 9223372036854775807)) as m, sum(coalesce(9223372036854775807 - true_phase + 2)) as s, avg(coalesce(1)) as a"
            ),
        ]
        try expectSameRows(pairs, nonEmpty: true)
        // A column of texts read as a node's: the general error.
        let notNodes = session.diagnostic("incidents | select x = vector | count by x.name")
        #expect(
            notNodes != nil
                && notNodes?.message
                    == session.diagnostic("incidents | select x = vector | count by coalesce(x.name)")?.message
        )
        // Only min, max, first and last read an instant's number: a sum of instants is the general error.
        let sum = session.diagnostic("incidents | summarize sum(ts) as s by vector")
        #expect(
            sum != nil
                && sum?.message == session.diagnostic("incidents | summarize sum(coalesce(ts)) as s by vector")?.message
        )
    }

    @Test(
        "groups by one whole number, an instant or a date give the general groups: numbers close, spreading both ways, far apart, at the ends of 64 bits"
    )
    func wholeNumberGroups() throws {
        /// Incidents whose files_exfiltrated `number` gives for each place (none for nil), and
        /// whose time is that many minutes after 2023-11-14T22:13:20Z.
        func graph(_ count: Int, _ number: (Int) -> Int?) throws -> IncidentGraph {
            var builder = GraphBuilder(schema: session.graph.schema)
            for index in 0..<count {
                let files = number(index)
                let ts = files.flatMap { Int64(exactly: $0).flatMap { $0.multipliedReportingOverflow(by: 60_000) } }
                    .flatMap { $0.overflow ? nil : $0.partialValue.addingReportingOverflow(1_700_000_000_000) }
                    .flatMap { $0.overflow ? nil : Value.instant(Instant(millisecondsSinceEpoch: $0.partialValue)) }
                try builder.addNode(
                    id: "n\(index)", kind: "incident",
                    properties: ["files_exfiltrated": files.map(Value.int) ?? .null, "ts": ts ?? .null],
                    provenance: Provenance(origin: .synthetic, sources: [], status: nil))
            }
            return try builder.build()
        }
        let graphs = [
            ("bundled", session.graph),
            // Within the first array's 1,024 numbers, a few repeated, some rows without one.
            ("close", try graph(3_000) { $0 % 13 == 0 ? nil : ($0 * 31) % 900 }),
            // Growing away from the first number: the array widens, then gives way to the table.
            ("rising", try graph(3_000) { $0 * 7 % 20_011 }),
            ("falling", try graph(3_000) { 50_000 - $0 * 5 }),
            ("both ways", try graph(3_000) { $0 % 2 == 0 ? 10_000 + $0 : 10_000 - 3 * $0 }),
            // Far apart from the start, and at the ends of 64 bits.
            ("far", try graph(2_000) { ($0 % 97) * 1_000_003 - 40_000_000 }),
            ("ends", try graph(600) { [Int.min, Int.max, Int.min + 1, Int.max - 1, 0, -1, nil][$0 % 7] }),
            // Close together near the ends: the array widens up to them, not past them.
            ("near the top", try graph(1_000) { Int.max - [100, 700, 5, 0, 1_500][$0 % 5] - $0 % 3 }),
            ("near the bottom", try graph(1_000) { Int.min + [600, 10, 2_000, 0, 1][$0 % 5] + $0 % 3 }),
        ]
        let statements = [
            ("count by files_exfiltrated", "count by coalesce(files_exfiltrated)"),
            ("count by ts", "count by coalesce(ts)"),
            ("count by files_exfiltrated | top 5 by count", "count by coalesce(files_exfiltrated) | top 5 by count"),
            (
                "summarize max(ts) as m, count() as n by files_exfiltrated",
                "summarize max(coalesce(ts)) as m, count() as n by coalesce(files_exfiltrated)"
            ),
            ("where files_exfiltrated != 100 | count by ts", "where files_exfiltrated != 100 | count by coalesce(ts)"),
            ("distinct files_exfiltrated", "distinct coalesce(files_exfiltrated)"),
        ]
        for (name, graph) in graphs {
            for (fast, general) in statements {
                let grouped = try values("incidents | " + fast, on: graph)
                #expect(grouped == (try values("incidents | " + general, on: graph)), "\(name): \(fast)")
                #expect(!grouped.isEmpty, "\(name): \(fast)")
            }
        }
        // A date property as the key.
        try expectSameRows(
            [("nodes | count by kev_added", "nodes | count by coalesce(kev_added)")], nonEmpty: true)
    }

    @Test(
        "groups by two link chains or match variables whose pairs outnumber a small array (201 actors by 601 orgs, 40,000 incidents): the general groups, nulls too"
    )
    func manyLinkedPairs() throws {
        var builder = GraphBuilder(schema: session.graph.schema)
        for actor in 0..<200 { try builder.addBareNode("a\(actor)", kind: "actor") }
        for org in 0..<600 { try builder.addBareNode("o\(org)", kind: "org") }
        for index in 0..<40_000 {
            try builder.addBareNode("i\(index)", kind: "incident")
            // Some incidents without an actor or an org: null keys.
            if index % 17 != 0 {
                try builder.addEdge(
                    from: "i\(index)", to: "a\((index * 7) % 200)", label: "attributed_to", provenance: .synthetic)
            }
            if index % 23 != 0 {
                try builder.addEdge(
                    from: "i\(index)", to: "o\((index * 13) % 600)", label: "targeted", provenance: .synthetic)
            }
        }
        let graph = try builder.build()
        let matches = "match (a:actor)<-[:attributed_to]-(i:incident)-[:targeted]->(o:org) | "
        for (fast, general) in [
            (
                "incidents | distinct actor, target | count",
                "incidents | distinct coalesce(actor), coalesce(target) | count"
            ),
            (
                "incidents | count by target, actor | sort count desc, target, actor | take 30",
                "incidents | count by coalesce(target) as target, coalesce(actor) as actor | sort count desc, target, actor | take 30"
            ),
            (
                "incidents | distinct actor, target | take 50",
                "incidents | distinct coalesce(actor), coalesce(target) | take 50"
            ),
            // The variables of a match: their columns' nodes.
            (matches + "distinct a, o | count", matches + "distinct coalesce(a), coalesce(o) | count"),
            (
                matches + "count by o, a | sort count desc, o, a | take 30",
                matches + "count by coalesce(o) as o, coalesce(a) as a | sort count desc, o, a | take 30"
            ),
        ] {
            let grouped = try values(fast, on: graph)
            let plain = try values(general, on: graph)
            #expect(!grouped.isEmpty && grouped == plain, "\(fast)")
        }
    }

    @Test(
        "sum, avg, min, max, first and last of stored whole numbers give the general values: sums past 64 bits null, and exact when they come back"
    )
    func wholeNumberAggregates() throws {
        /// Incidents a minute apart, in three phases, whose files_exfiltrated `files` gives.
        func graph(_ count: Int, files: @escaping (Int) -> Int?) throws -> IncidentGraph {
            try incidents(count, minute: { $0 }) {
                ["files_exfiltrated": files($0).map(Value.int) ?? .null, "true_phase": .int($0 % 3)]
            }
        }
        let graphs = [
            ("bundled", session.graph),
            ("small", try graph(5_000) { $0 % 11 == 0 ? nil : ($0 * 37) % 1_000 - 300 }),
            // Sums past 2^53, where decimals lose digits, and past 2^63 one way, then back.
            ("large", try graph(3_000) { $0 % 5 == 0 ? nil : Int.max / 1_000 + $0 }),
            ("ends", try graph(600) { [Int.max, Int.max, Int.min, Int.min, 7, nil][$0 % 6] }),
            ("past the top", try graph(90) { $0 % 3 == 0 ? Int.max - $0 : nil }),
            // With no `by`, runs of 2^13 numbers within ±2^48 are added as plain integers: three
            // runs, one of them with a number past the bound; numbers at the bound either way.
            ("runs", try graph(20_000) { $0 % 11 == 0 ? nil : $0 == 12_345 ? Int.max / 3 : ($0 * 37) % 1_000 - 300 }),
            ("at the bound", try graph(9_000) { [1 << 48, -(1 << 48), (1 << 48) - 1, nil, -(1 << 48) - 1][$0 % 5] }),
        ]
        let aggregates =
            "sum(X) as s, avg(X) as a, min(X) as lo, max(X) as hi, first(X) as f, last(X) as l, count() as n"
        func statement(_ argument: String, by key: String) -> String {
            "summarize " + aggregates.replacingOccurrences(of: "X", with: argument) + key
        }
        for (name, graph) in graphs {
            for (filter, key) in [
                ("", ""), ("", " by true_phase"), ("where files_exfiltrated != 7 | ", " by ts"),
                ("sort ts desc | ", ""), ("where files_exfiltrated != 7 | ", ""),
            ] {
                let fast = "incidents | \(filter)\(statement("files_exfiltrated", by: key))"
                let general = "incidents | \(filter)\(statement("coalesce(files_exfiltrated)", by: key))"
                let summarized = try values(fast, on: graph)
                #expect(summarized == (try values(general, on: graph)), "\(name): \(fast)")
                #expect(!summarized.isEmpty, "\(name): \(fast)")
            }
        }
        // Past 2^63 and not back: null; past and back within: the exact sum.
        let sum = "incidents | summarize s = sum(files_exfiltrated)"
        #expect(try values(sum, on: try graph(4) { [Int.max, Int.max, Int.min, Int.min][$0] }) == [[.int(-2)]])
        #expect(try values(sum, on: try graph(2) { _ in Int.max }) == [[.null]])
    }

    @Test("count(x) of a link counts the rows whose link reaches a node, the graph's first node among them")
    func countOfLinks() throws {
        var builder = GraphBuilder(schema: session.graph.schema)
        let synthetic = Provenance(origin: .synthetic, sources: [], status: nil)
        try builder.addNode(id: "o0", kind: "org", properties: [:], provenance: synthetic)
        for index in 0..<3 {
            try builder.addNode(id: "i\(index)", kind: "incident", properties: [:], provenance: synthetic)
        }
        for incident in ["i0", "i2"] {
            try builder.addEdge(from: incident, to: "o0", label: "targeted", provenance: synthetic)
        }
        let graph = try builder.build()
        #expect(try values("incidents | summarize count(target)", on: graph) == [[.int(2)]])
        #expect(
            try values("incidents | summarize count(target) by id", on: graph)
                == [[.string("i0"), .int(1)], [.string("i1"), .int(0)], [.string("i2"), .int(1)]])
    }

    @Test("a where then count over nodes of one origin counts the rows that pass, whatever the batches' lengths")
    func countsOfOneOrigin() throws {
        for size in [13, 2_041, 20_003] {
            let files: (Int) -> Int? = { $0 % 7 == 3 ? nil : ($0 * 7_919) % 1_000 }
            let graph = try incidents(size, minute: { $0 }) { ["files_exfiltrated": files($0).map(Value.int) ?? .null] }
            for bound in [0, 1, 250, 999, 1_000] {
                let expected = (0..<size).count { files($0).map { $0 < bound } ?? false }
                let counted = try values("incidents | where files_exfiltrated < \(bound) | count", on: graph)
                #expect(counted == [[.int(expected)]], "\(size) incidents, bound \(bound)")
            }
            // Every row passing: as many yes in a row as a lane holds, and more.
            let every = "incidents | where files_exfiltrated < 1000 or files_exfiltrated is null | count"
            #expect(try values(every, on: graph) == [[.int(size)]], "\(size) incidents")
        }
    }

    @Test("sort and top by stored whole numbers and by id give the general order, nulls last both ways")
    func integerSortKeys() throws {
        let pairs = [
            (
                "incidents | sort files_exfiltrated desc, ts | select id",
                "incidents | sort coalesce(files_exfiltrated) desc, coalesce(ts) | select id"
            ),
            ("nodes | sort kev_added | select id", "nodes | sort coalesce(kev_added) | select id"),
            ("nodes | sort true_phase desc | select id", "nodes | sort coalesce(true_phase) desc | select id"),
            ("nodes | top 30 by ts | select id", "nodes | top 30 by coalesce(ts) | select id"),
            (
                "incidents | top 15 by files_exfiltrated asc | select id",
                "incidents | top 15 by coalesce(files_exfiltrated) asc | select id"
            ),
            ("nodes | sort id desc | select id", "nodes | sort coalesce(id) desc | select id"),
            ("nodes | sort kind, id | take 40 | select id", "nodes | sort kind, coalesce(id) | take 40 | select id"),
            ("lures | top 7 by id | select id", "lures | top 7 by coalesce(id) | select id"),
            (
                "incidents | sort true_phase desc, id desc | take 9 | select id",
                "incidents | sort coalesce(true_phase) desc, coalesce(id) desc | take 9 | select id"
            ),
        ]
        try expectSameRows(pairs, nonEmpty: true)
        // Several keys a batch at a time: ties on the first, nulls, other kinds, decimals, texts.
        let keys = [
            "true_phase desc, files_exfiltrated", "files_exfiltrated desc, ts", "ts desc, id",
            "true_phase, files_exfiltrated / (true_phase + 1) desc, id", "outcome, ts desc", "network desc, id",
            "true_phase + 1, hour(ts) desc, id desc", "accounts_compromised desc, outcome desc, id",
        ]
        var several: [(String, String)] = []
        for key in keys {
            let general = key.split(separator: ",").map { part in
                let words = part.split(separator: " ")
                let last = words.last.map(String.init)
                let direction = last == "desc" ? " desc" : ""
                let expression = (direction.isEmpty ? words : words.dropLast()).joined(separator: " ")
                return "coalesce(\(expression))\(direction)"
            }.joined(separator: ", ")
            for (source, taken) in [("incidents", 7), ("nodes", 40), ("incidents | where true_phase != 2", 1)] {
                several.append(
                    (
                        "\(source) | sort \(key) | take \(taken) | select id",
                        "\(source) | sort \(general) | take \(taken) | select id"
                    ))
            }
        }
        try expectSameRows(several, nonEmpty: true)
    }

    @Test("sort and top by a built-in the provenance record decides give the general order, nulls last both ways")
    func recordSortKeys() throws {
        // Statuses of every kind and none, sources lists of several lengths, several kinds.
        let keys = [
            "status", "status desc", "kind desc, status, id", "provenance, status desc, id desc", "sources",
            "sources desc, id", "status, ts desc", "kind, sources, id desc",
        ]
        var pairs: [(String, String)] = []
        for key in keys {
            let general = key.replacingOccurrences(
                of: #"\b(kind|provenance|status|sources)\b"#, with: "coalesce($1)", options: .regularExpression)
            pairs.append(("nodes | sort \(key) | select id", "nodes | sort \(general) | select id"))
            for taken in [1, 9, 60] {
                pairs.append(
                    (
                        "nodes | sort \(key) | take \(taken) | select id",
                        "nodes | sort \(general) | take \(taken) | select id"
                    ))
            }
        }
        for key in ["status", "status asc", "provenance", "kind asc", "sources"] {
            let general = key.replacingOccurrences(
                of: #"^([a-z]+)"#, with: "coalesce($1)", options: .regularExpression)
            pairs.append(("nodes | top 12 by \(key) | select id", "nodes | top 12 by \(general) | select id"))
            pairs.append(
                (
                    "incidents | where true_phase != 2 | top 5 by \(key) | select id",
                    "incidents | where true_phase != 2 | top 5 by \(general) | select id"
                ))
        }
        try expectSameRows(pairs, nonEmpty: true)
    }

    @Test("sort and top by a linked node's property give the general order: equal values by position, nulls last")
    func linkedPropertySortKeys() throws {
        // Incidents without a lure, or whose lure has no subject, read null; targets share names.
        let keys = [
            "target.name", "target.name desc", "lure.subject", "lure.subject desc", "target.sector.name",
            "actor.name desc, id", "target.country", "lure.is_lure desc, target.name", "campaign.name",
        ]
        var pairs: [(String, String)] = []
        for key in keys {
            let general = key.replacingOccurrences(
                of: #"([a-z_]+\.[a-z_.]+)"#, with: "coalesce($1)", options: .regularExpression)
            pairs.append(("incidents | sort \(key) | select id", "incidents | sort \(general) | select id"))
            pairs.append(
                ("incidents | sort \(key) | take 5 | select id", "incidents | sort \(general) | take 5 | select id"))
        }
        pairs.append(
            ("incidents | top 4 by target.name | select id", "incidents | top 4 by coalesce(target.name) | select id"))
        pairs.append(
            ("lures | sort subject | take 3 | select id", "lures | sort coalesce(subject) | take 3 | select id"))
        // The linked node itself, placed by its id.
        for key in ["target", "target desc", "lure", "actor desc, id", "target.sector", "campaign desc"] {
            let general = key.replacingOccurrences(
                of: #"^([a-z_.]+)"#, with: "coalesce($1)", options: .regularExpression)
            pairs.append(("incidents | sort \(key) | select id", "incidents | sort \(general) | select id"))
            pairs.append(
                ("incidents | top 6 by \(key) | select id", "incidents | top 6 by \(general) | select id"))
        }
        try expectSameRows(pairs, nonEmpty: true)
    }

    @Test(
        "an extend or select worked out inside the where, sort, top, take, skip, count or summarize after it gives their rows, names, provenance and errors"
    )
    func extendPushedDown() throws {
        // `skip 0` right after the extend (or select) keeps it a stage of its own, its rows made.
        let tails = [
            "extend y = year(ts) | count by y",
            "extend y = year(ts), f = files_exfiltrated * 2 | where y > 2022 and f > 10 | summarize max(f), count() by y",
            "extend v = vector | count by v, true_phase",
            "extend files_exfiltrated = files_exfiltrated * 2 | where files_exfiltrated > 10 | count",
            "where true_phase == 1 | extend h = hour(ts, \"Asia/Tokyo\") | count by h as hour",
            "extend y = year(ts) | where y > 2022 | select id, y",
            "extend y = year(ts) | count by y + 1 | select count",
            "extend y = year(ts) | where y + name > 1 | count",
            "extend y = year(ts) | where any([2023], x => x == y) | count",
            "extend s = lower(vector) | count by s",
            // Text functions of a text property of one kind: never failing, moved as the others.
            "extend s = upper(outcome) | where s == \"STOLEN\" | count by s",
            "select id, o = upper(outcome), n = len(network) | where n > 10 or o == \"VIEWED\" | sort o, id | take 5",
            "extend t = trim(network) | top 3 by t", "select n = len(outcome) | where n > 4 | count",
            "select id, p = lower(ts_precision) | where p starts with \"mon\" | count by p",
            // Texts joined from text properties and literals: never failing while the longest
            // texts the properties hold fit in the longest text `+` makes.
            "extend s = lower(outcome) + \"/\" + ts_precision | count by s",
            "extend s = upper(outcome) + \":\" + trim(ts_precision) | where s starts with \"STOLEN\" | count by s",
            "select id, k = outcome + \"-\" + lower(network) | sort k desc, id | take 4",
            "extend s = outcome + ts_precision | top 3 by s",
            "extend s = \"x\" + upper(outcome + schedule) | count by s",
            // `vector` is a property of two kinds: not read as one property, and the extend stays.
            "extend s = lower(vector) + \"/\" + outcome | count by s",
            // `split` by a text that is not empty cannot fail; by an empty one it can, and stays.
            "extend v = split(outcome, \"e\") | count by size(v)",
            "select id, p = split(name, \" \") | where size(p) > 3 | count",
            "extend v = split(outcome, \"\") | count by size(v)",
            "extend y = year(ts) | summarize sum(y) by vector",
            "extend t = files_exfiltrated + accounts_compromised | sort t desc, id | take 5",
            "extend r = files_exfiltrated / (accounts_compromised + 1) | top 3 by r",
            "extend r = round(files_exfiltrated * 1.5) | where r > 10 | count by r",
            "extend h = hour(ts, \"Asia/Tokyo\") | top 4 by h",
            // The day of a stored instant: a date, not a whole number, and no more able to fail.
            "extend d = date(ts) | count by d | top 3 by count",
            "extend d = date(ts, \"Asia/Tokyo\") | where d >= 2023-01-01 | sort d, id | take 4 | select id, d",
            "extend y = year(ts), f = true_phase | sort y desc, f | take 9 | select id, y, f",
            "extend t = files_exfiltrated * accounts_compromised | take 3",
            "extend t = files_exfiltrated + 1 | sort t + name | take 2",
            "extend t = true_phase * 2 | where t > 2 | sort t, ts desc | take 6 | count by t",
            "where files_exfiltrated >= 2 | select id, files_exfiltrated | sort files_exfiltrated desc, id | take 5",
            "select id, f = files_exfiltrated * 2, kind | where f > 4 | top 3 by f",
            "select id, y = year(ts) | count by y", "select id, provenance | take 4",
            "select id | sort ts desc | take 3",
            "select n = name, ts | sort n desc | take 3", "select id, v = vector | summarize count() by v, true_phase",
            // Unnamed items, and linked fields: named as written, read as node numbers.
            "where files_exfiltrated > 5 | select id, target.name, ts | sort ts desc | take 10",
            "select id, target.sector, lure.subject | sort target.sector, id | take 7",
            "select id, files_exfiltrated * 2 | sort files_exfiltrated * 2 desc, id | take 4",
            "select actor.name, target | where target.name contains \"a\" | count by actor.name",
            "select id, t = target.name | where t contains \"JAXA\" | select id",
            "select target.country, campaign.name | take 3", "select lure.is_lure, id | top 3 by lure.is_lure",
            // A page of the rows: skipped and taken before the rows are made.
            "select id, ts, vector | skip 5 | take 3", "extend y = year(ts) | skip 7 | where y > 2022 | count by y",
            "select id, f = files_exfiltrated * 2 | skip 150 | take 5 | sort f desc, id",
            // Conditions worked out column by column that cannot fail: true, false or null each.
            "extend big = files_exfiltrated > 3 | count by big, true_phase",
            "extend r = ts >= 2023-01-01 and not (outcome == \"stolen\") | where r | count by outcome",
            "select id, b = files_exfiltrated > 3 or accounts_compromised > 1 | sort b desc, id | take 6",
            "extend b = files_exfiltrated * 2 > accounts_compromised | summarize count() by b",
            // A condition that reads a link's node is not one of them, and stays.
            "extend m = actor == @mirrorface | count by m",
        ]
        for tail in tails {
            let (words, rest) = (tail.components(separatedBy: " | "), "incidents | ")
            let extend = words.firstIndex { $0.hasPrefix("extend") || $0.hasPrefix("select") } ?? 0
            var plain = words
            plain.insert("skip 0", at: extend + 1)
            let pushed = rest + tail
            let general = rest + plain.joined(separator: " | ")
            if let failure = session.diagnostic(general) {
                #expect(session.diagnostic(pushed)?.message == failure.message, "\(pushed)")
                continue
            }
            let (a, b) = (try session.rows(pushed), try session.rows(general))
            #expect(a.columns == b.columns && a.rows.map(\.values) == b.rows.map(\.values), "\(pushed)")
            #expect(a.computedFrom == b.computedFrom && !a.rows.isEmpty, "\(pushed)")
        }
        // Worked out inside: no extend is left to run before a count.
        let plan = try LinkIndexTests.plan(
            "incidents | extend y = year(ts) | where y > 2022 | count by y", session.graph)
        #expect(plan.query.stages.count == 2 && plan.operators.count == 1)
        let text = try LinkIndexTests.plan(
            #"incidents | extend s = upper(outcome) | where s == "STOLEN" | count by s"#, session.graph)
        #expect(text.query.stages.count == 2 && text.operators.count == 1)
        let joined = try LinkIndexTests.plan(
            #"incidents | extend s = lower(outcome) + "/" + ts_precision | count by s"#, session.graph)
        #expect(joined.query.stages.count == 1)
        let day = try LinkIndexTests.plan("incidents | extend d = date(ts) | count by d", session.graph)
        #expect(day.query.stages.count == 1)
        let condition = try LinkIndexTests.plan(
            "incidents | extend big = files_exfiltrated > 3 | count by big", session.graph)
        #expect(condition.query.stages.count == 1)
        let page = try LinkIndexTests.plan("incidents | select id, ts | skip 100 | take 3", session.graph)
        // Skipped and taken first: only the three rows kept are made.
        let skipsFirst = if case .skip = page.query.stages.first?.kind { true } else { false }
        #expect(skipsFirst && page.query.stages.count == 3)
    }

    @Test("texts joined by an extend that could pass the longest text + makes are made on every row, and fail")
    func extendJoinTooLong() throws {
        // One subject of 9 MiB: joined with itself, it passes 16 MiB. A `where` that keeps no
        // row must not be moved before the extend, whose join fails on that row.
        var builder = GraphBuilder(schema: session.graph.schema)
        try builder.addLures(subjects: ["short", String(repeating: "a", count: 9 << 20)])
        let graph = try builder.build()
        for statement in [
            "lures | extend s = subject + subject | where false | count",
            "lures | extend s = lower(subject) + subject | where false | count",
        ] {
            #expect(failure(statement, on: graph)?.code == "value.too-long", "\(statement)")
        }
        // Within the limit, the same join is moved: the where keeps no row, and nothing is made.
        #expect(try values("lures | extend s = subject + \"!\" | where false | count", on: graph) == [[.int(0)]])
    }

    @Test("sort and top by whole-number arithmetic or a calendar field give the general order, nulls last")
    func sortByNumbers() throws {
        // `coalesce(…)` of the same key is worked out row by row.
        let keys = [
            (
                "files_exfiltrated + accounts_compromised desc",
                "coalesce(files_exfiltrated + accounts_compromised) desc"
            ),
            ("true_phase * 10 - accounts_compromised", "coalesce(true_phase * 10 - accounts_compromised)"),
            ("hour(ts, \"Asia/Tokyo\") desc", "coalesce(hour(ts, \"Asia/Tokyo\")) desc"),
            ("year(ts), files_exfiltrated % 7 desc", "coalesce(year(ts)), coalesce(files_exfiltrated % 7) desc"),
            ("weekday(ts)", "coalesce(weekday(ts))"),
            ("days_between(2023-06-01, ts) desc", "coalesce(days_between(2023-06-01, ts)) desc"),
            // Decimals: negative, zero and negative zero alike, nulls (a division by zero) last.
            (
                "files_exfiltrated / (accounts_compromised - 1) desc",
                "coalesce(files_exfiltrated / (accounts_compromised - 1)) desc"
            ),
            ("(true_phase - 2) * -0.5, id", "coalesce((true_phase - 2) * -0.5), id"),
            (
                "(true_phase - 2) * 1.0 * (files_exfiltrated - 40)",
                "coalesce((true_phase - 2) * 1.0 * (files_exfiltrated - 40))"
            ),
            ("files_exfiltrated * -1.5", "coalesce(files_exfiltrated * -1.5)"),
            ("round(files_exfiltrated / 3) - 0.25", "coalesce(round(files_exfiltrated / 3) - 0.25)"),
            // Infinite and not a number: left to the general sort.
            (
                "(files_exfiltrated\(String(repeating: " * 1000000000000000000000000000000.0", count: 11))) desc",
                "coalesce(files_exfiltrated\(String(repeating: " * 1000000000000000000000000000000.0", count: 11))) desc"
            ),
        ]
        for (key, general) in keys {
            for shape in ["incidents | sort KEY, id", "incidents | sort KEY | take 7", "nodes | sort KEY | take 40"] {
                let (a, b) = (
                    shape.replacingOccurrences(of: "KEY", with: key),
                    shape.replacingOccurrences(of: "KEY", with: general)
                )
                let (x, y) = (try session.rows(a).rows, try session.rows(b).rows)
                #expect(x.map(\.node) == y.map(\.node) && !x.isEmpty, "\(a) against \(b)")
            }
        }
        for key in ["true_phase * accounts_compromised", "files_exfiltrated / (accounts_compromised - 1)"] {
            let top = try session.rows("incidents | top 5 by \(key)").rows
            let sorted = try session.rows("incidents | sort coalesce(\(key)) desc | take 5").rows
            #expect(top.map(\.node) == sorted.map(\.node) && top.count == 5, "\(key)")
        }
    }

    @Test("sort then take picks out the first rows the whole sort gives; select then take makes the same rows")
    func firstRowsOnly() throws {
        // Two `skip 0` between the stages keep the plan from fusing them (a sort reads ahead
        // through one `skip K` to the `take M`).
        let firsts = [
            "incidents | sort files_exfiltrated desc | take 7", "incidents | sort true_phase, ts desc | take 12",
            "incidents | sort true_phase desc, accounts_compromised | take 60",
            "nodes | sort kev_added, true_phase desc | take 40", "lures | sort subject desc | take 9",
            "incidents | sort coalesce(vector), files_exfiltrated | take 25", "nodes | sort name | take 500",
            "incidents | sort ts | take 0", "incidents | select id, ts, target.name | extend n = 1 | take 6",
            "incidents | extend hour = hour(ts) | select id, hour | take 300", "incidents | sort ts desc, id | take 4",
            "incidents | sort true_phase, name | take 30", "nodes | sort true_phase desc, id | take 50",
            // Through the rows `select` and `extend` make, one from each row at its place.
            "incidents | sort ts desc | select id, actor.name, target.name | take 5",
            "incidents | sort files_exfiltrated desc | extend n = 1 | select id, n, lure.subject | take 8",
        ]
        let pairs = firsts.map { fused in
            (fused, fused.replacingOccurrences(of: " | take", with: " | skip 0 | skip 0 | take"))
        }
        for (fused, plain) in pairs {
            let (a, b) = (try session.rows(fused).rows, try session.rows(plain).rows)
            #expect(a.map(\.node) == b.map(\.node) && a.map(\.values) == b.map(\.values), "\(fused)")
            #expect(a.isEmpty == fused.hasSuffix("take 0"), "\(fused)")
        }
        func explained(_ statement: String) throws -> String {
            try LinkIndexTests.plan(statement, session.graph).lines(text: statement).joined(separator: "\n")
        }
        for (fused, plain) in pairs {
            #expect(try explained(fused).contains("only the first"), "\(fused)")
            #expect(try !explained(plain).contains("only the first"), "\(plain)")
            // A sort picks out only the first rows, through any `select` and `extend` after it.
            #expect(try explained(fused).contains("picked out") == fused.contains("| sort "), "\(fused)")
        }
    }

    @Test("skip then take keeps the rows of the whole rows at those places, after a scan, a where, a sort or a match")
    func skipThenTake() throws {
        let pages: [(rows: String, skipped: Int, taken: Int)] = [
            ("incidents", 5, 7), ("incidents | where true_phase == 1", 3, 4),
            ("incidents | sort files_exfiltrated desc, id", 10, 5), ("incidents | sort ts", 2, 3),
            ("match (i:incident)-[:targeted]->(o:org)", 2, 3), ("incidents | where vector is not null", 4, 6),
            ("edges | sort from", 2, 3), ("lures | sort subject desc", 1, 2), ("incidents", 100_000, 3),
            ("incidents", 3, 0), ("nodes", 0, 2), ("incidents | sort files_exfiltrated", 5, Int.max),
            ("incidents | where true_phase == 2", Int.max, 3),
            ("incidents | sort ts desc | select id, target.name", 2, 3),
            ("incidents | sort files_exfiltrated | extend n = 2", 4, 5),
        ]
        for (statement, skipped, taken) in pages {
            let page = "\(statement) | skip \(skipped) | take \(taken)"
            let (whole, read) = (try session.rows(statement), try session.rows(page))
            let expected = Array(whole.rows.dropFirst(skipped).prefix(taken))
            #expect(
                read.rows.map(\.node) == expected.map(\.node) && read.rows.map(\.values) == expected.map(\.values),
                "\(page)")
            #expect(read.columns == whole.columns, "\(page)")
            #expect(read.rows.isEmpty == (skipped >= whole.rows.count || taken == 0), "\(page)")
            // What the rows rest on is counted as a skip and a take apart count it.
            let apart = try session.rows("\(statement) | skip \(skipped) | skip 0 | take \(taken)")
            #expect(ProvenanceTally.ofRows(read, in: session.graph) == ProvenanceTally.ofRows(apart, in: session.graph))
        }
        // A skip alone keeps the rows after it; of bare nodes, their numbers (not copies of the rows).
        for statement in ["incidents", "nodes", "incidents | where true_phase == 1", "incidents | select id"] {
            let whole = try session.rows(statement)
            let rest = try session.rows("\(statement) | skip 7")
            let expected = RowSet(
                columns: whole.columns, rows: Array(whole.rows.dropFirst(7)), carriesNodes: whole.carriesNodes)
            #expect(rest.count == expected.count, "\(statement)")
            #expect(rest.rows.map(\.node) == expected.rows.map(\.node), "\(statement)")
            #expect(rest.rows.map(\.values) == expected.rows.map(\.values), "\(statement)")
            let tally = ProvenanceTally.ofRows(rest, in: session.graph)
            #expect(tally == ProvenanceTally.ofRows(expected, in: session.graph), "\(statement)")
        }
        for tail in [
            "where true_phase == 2 | count", "sort ts desc | take 3 | select id", "distinct vector", "count by vector",
        ] {
            // After `select`, the rows have a column and are copied: the general form.
            let general = try session.rows("incidents | select id, true_phase, ts, vector | skip 9 | \(tail)")
            let read = try session.rows("incidents | skip 9 | \(tail)")
            #expect(read.rows.map(\.values.last) == general.rows.map(\.values.last), "\(tail)")
        }
        let explained = try LinkIndexTests.plan("incidents | sort ts desc | skip 10 | take 5", session.graph)
            .lines(text: "incidents | sort ts desc | skip 10 | take 5").joined(separator: "\n")
        #expect(
            explained.contains("only the first 15 picked out") && explained.contains("only the 5 rows after them kept"))
    }

    @Test(
        "a where on the nodes' ids gives what the general form gives: equal, in a list, starting, ending, containing, ordered"
    )
    func nodeIDConditions() throws {
        // `coalesce(id)` is the general form: no fast path reads it.
        let conditions = [
            "id starts with \"inc-00\"", "id ends with \"7\"", "id contains \"-01\"", "id contains \"\"",
            "id starts with \"\"", "id ends with \"typhoon\"", "id == \"apt31\"", "id != \"apt31\"",
            "\"menupass\" == id", "id in [\"apt31\", \"inc-0007\", \"no-such-node\", \"mirrorface\"]",
            "id not in [\"apt31\", \"inc-0007\"]", "id in []", "not (id starts with \"inc\") and id ends with \"a\"",
            "id starts with \"inc-001\" or id == \"menupass\"", "id ends with \"inc-0001-longer-than-any-id\"",
            // Parts of eight bytes and more, compared eight at a time.
            "id starts with \"campaign-\"", "id ends with \"-typhoon\"", "id starts with \"semiconductor\"",
            "id ends with \"secretariat\"", "id starts with \"inc-0001\"",
            // Ordered as texts: by their bytes, a text before the longer ones it starts.
            "id > \"inc-0100\"", "id >= \"inc-0100\"", "id < \"inc\"", "id <= \"inc-0007\"", "id > \"\"",
            "id < \"台湾\" and id >= \"m\"",
            // Eight bytes alike, then longer ids: ordered by the whole ids.
            "id > \"campaign\"", "id <= \"campaign\"", "id < \"campaign-\"",
        ]
        for condition in conditions {
            for source in ["nodes", "incidents", "actors"] {
                let general = condition.replacingOccurrences(of: "id ", with: "coalesce(id) ")
                    .replacingOccurrences(of: "== id", with: "== coalesce(id)")
                let (fast, plain) = (
                    "\(source) | where \(condition) | select id", "\(source) | where \(general) | select id"
                )
                #expect(try session.rows(fast).rows.map(\.values) == session.rows(plain).rows.map(\.values), "\(fast)")
            }
        }
        // A column named `id` is the column, not the node's id.
        let renamed = "incidents | select id = vector, ts | where id starts with \"spear\" | count"
        #expect(try count(renamed) == count("incidents | where vector starts with \"spear\" | count"))
        #expect(try count("nodes | where id in [\"apt31\", \"inc-0007\"] | count") == [.int(2)])
    }

    /// Incidents whose times (a minute apart from 2023-11-14T22:13:20Z) come in the order
    /// `minute` gives for each place, some shared, none where it gives nil; with the other
    /// properties `properties` gives.
    private func incidents(
        _ count: Int, minute: (Int) -> Int?, properties: (Int) -> [String: Value] = { _ in [:] }
    ) throws -> IncidentGraph {
        var builder = GraphBuilder(schema: session.graph.schema)
        for index in 0..<count {
            let ts = minute(index).map {
                Value.instant(Instant(millisecondsSinceEpoch: 1_700_000_000_000 + Int64($0) * 60_000))
            }
            try builder.addNode(
                id: "t\(index)", kind: "incident",
                properties: properties(index).merging(["ts": ts ?? .null]) { $1 },
                provenance: Provenance(origin: .synthetic, sources: [], status: nil))
        }
        return try builder.build()
    }

    @Test(
        "sort by the time read in time order from the index gives the order of the whole sort: equal times in graph order, nodes without a time last, both ways"
    )
    func timeOrderedReads() throws {
        let graphs = [
            ("bundled", session.graph),
            // Out of time order, with equal times and nodes without one.
            ("shuffled", try incidents(60) { $0 % 9 == 4 ? nil : ($0 * 37) % 11 }),
            // In time order, with equal times.
            ("in order", try incidents(60) { $0 / 4 }),
        ]
        let statements = [
            "incidents | sort ts | take 7", "incidents | sort ts desc | take 7", "incidents | sort ts | take 1000",
            "incidents | sort ts desc | take 1000", "incidents | sort ts | take 0",
            // `top N by` the time, largest first unless `asc`: the first N of that sort.
            "incidents | top 5 by ts", "incidents | top 8 by ts asc", "incidents | top 1000 by ts",
            "incidents | top 0 by ts",
            "incidents | where ts in 2023-11-14T22:13:00Z..2023-11-14T22:17:30Z | sort ts",
            "incidents | where ts >= 2023-11-14T22:20:00Z and vector is null | sort ts | take 5",
            "incidents | where ts >= 2023-01-01 | sort ts",
            // The `ts` an extend defines is not the kind's time (the extend is worked out in the sort).
            "incidents | extend ts = files_exfiltrated | sort ts | take 6",
            "incidents | where ts < 2023-11-14T22:16:00Z | sort ts | take 9",
            // Tested only until the rows taken pass, the rows coming in time order.
            "incidents | where ts >= 2023-11-14T22:22:00Z | sort ts | skip 2 | take 3",
            "incidents | where ts in 2023-11-14T22:22:00Z..2023-11-14T22:40:00Z and ts != 2023-11-14T22:22:20Z"
                + " | sort ts | take 4",
            // The first K + M read for `skip K | take M`, through `select` and `extend`.
            "incidents | sort ts | skip 1 | take 7", "incidents | sort ts desc | extend n = 1 | skip 55 | take 9",
            "incidents | sort ts desc | select id, ts, vector | take 6",
        ]
        for (name, graph) in graphs {
            for statement in statements {
                let general =
                    statement.replacingOccurrences(of: "sort ts", with: "sort coalesce(ts)")
                    .replacingOccurrences(of: "by ts", with: "by coalesce(ts)") + " | select id, ts"
                let read = try values(statement + " | select id, ts", on: graph)
                #expect(read == (try values(general, on: graph)), "\(name): \(statement)")
                #expect(
                    !read.isEmpty || statement.hasSuffix("take 0") || statement.hasSuffix("top 0 by ts")
                        || name == "bundled", "\(name): \(statement)")
            }
        }
        // A condition that fails on a later row than those taken fails as the whole sort makes
        // it fail, read in time order or not.
        for minute in [{ (index: Int) in index }, { (index: Int) in 59 - index }] {
            let graph = try incidents(60, minute: minute) { $0 == 50 || $0 == 9 ? ["vector": .string("x")] : [:] }
            let failing = "incidents | where ts >= 2023-11-14T22:45:00Z and (vector is null or trim(vector) * 2 > 2)"
            let read = failure(failing + " | sort ts | take 3", on: graph)
            let general = failure(failing + " | sort coalesce(ts) | take 3", on: graph)
            #expect(read != nil && read?.message == general?.message)
        }
        // Rows that pass in later batches of thousands than the first, read in time order.
        let many = try incidents(30_000, minute: { $0 / 3 }) { ["files_exfiltrated": .int($0 % 4_500 == 7 ? 1 : 0)] }
        for taken in [2, 3, 4] {
            let statement = #"incidents | where ts >= 2023-11-19T02:13:20Z and files_exfiltrated == 1 | sort ts"#
            let read = try values(statement + " | take \(taken) | select id", on: many)
            let plain = statement.replacingOccurrences(of: "sort ts", with: "sort coalesce(ts)")
            let general = try values(plain + " | take \(taken) | select id", on: many)
            #expect(read == general && read.count == min(taken, 3), "take \(taken)")
        }
        // The plans read the index in time order and leave the sort out.
        let plan = { (statement: String) in
            try LinkIndexTests.plan(statement, graphs[2].1).lines(text: statement).joined(separator: "\n")
        }
        #expect(try plan("incidents | sort ts desc | take 7").contains("latest first, the first 7"))
        #expect(try plan("incidents | sort ts | take 7").contains("earliest first, the first 7"))
        let ranged = try plan("incidents | where ts in 2023-11-14T22:13:00Z..2023-11-14T22:17:30Z | sort ts")
        #expect(ranged.contains("in time order if it is graph order") && ranged.contains("not sorted again"))
        #expect(try plan("incidents | sort ts | skip 1 | take 7").contains("earliest first, the first 8"))
        #expect(try plan("incidents | sort ts desc | select id | take 3").contains("latest first, the first 3"))
        // A page past the first thousand rows (equal times among them): read in time order as well.
        for statement in ["incidents | sort ts | skip 1200 | take 5", "incidents | sort ts desc | skip 2400 | take 9"] {
            let general = statement.replacingOccurrences(of: "sort ts", with: "sort coalesce(ts)") + " | select id, ts"
            let (read, sorted) = (try values(statement + " | select id, ts", on: many), try values(general, on: many))
            #expect(!read.isEmpty && read == sorted, "\(statement)")
            let steps = try LinkIndexTests.plan(statement, many).lines(text: statement).joined(separator: "\n")
            #expect(steps.contains("through the time index"), "\(steps)")
        }
    }

    @Test("a timeline counts each row once by its kind's time, whatever order the rows come in")
    func timelineInAnyOrder() throws {
        for unit in ["day", "week", "month", "year"] {
            let inTimeOrder = try session.rows("nodes | sort ts | timeline by \(unit)").rows.map(\.values)
            let shuffled = try session.rows("nodes | sort files_exfiltrated desc, id | timeline by \(unit)").rows
            #expect(shuffled.map(\.values) == inTimeOrder && !inTimeOrder.isEmpty, "\(unit)")
            let counted = shuffled.reduce(0) { total, row in
                if case .int(let count) = row.values[1] { total + count } else { total }
            }
            // The four incidents known only to the month are left out of days and weeks, and said so.
            let leftOut = try session.rows("nodes | timeline by \(unit)").notes.first.flatMap {
                Int($0.prefix { $0.isNumber })
            }
            #expect(leftOut == (["day", "week"].contains(unit) ? 4 : nil), "\(unit)")
            #expect(try count("nodes | where ts is not null | count") == [.int(counted + (leftOut ?? 0))], "\(unit)")
        }
    }

    @Test("a pattern matched from its rarest node gives the matches and order of matching from its first node")
    func patternFromPivot() throws {
        // Its first node alone as a pattern before it keeps the matcher on that node: a pattern
        // of no step is matched node by node, and a pattern after another from the nodes bound.
        let patterns = [
            "(i:incident)-[:targeted]->(o:org)-[:in_sector]->(s:sector {name: \"Think tanks\"})",
            "(i:incident)-[:targeted]->(o:org)-[:in_sector]->(s:sector)",
            "(i:incident)-[:used_malware]->(m:malware {id: \"lodeinfo\"})",
            "(i:incident)-[:attributed_to]->(a:actor)<-[:attributed_to]-(j:incident)",
            "(i:incident)-[:attributed_to]->(a:actor)<-[:attributed_to]-(i)",
            // From the one malware node, back to its incidents and on to the same one again.
            "(i:incident)-[:used_malware]->(m:malware {id: \"hiddenface\"})<-[:used_malware]-(i)",
            "(i:incident)-[:used_malware]->(m:malware {id: \"hiddenface\"})<-[:used_malware]-(j:incident)",
            "(i:incident)-[:part_of]-(c:campaign {id: \"campaign-a\"})",
            // Walked from the few vulnerabilities, whose incidents come interleaved in node order.
            "(i:incident)-[:exploited]->(v:vulnerability)",
            "(i:incident)-[:exploited]->(v:vulnerability)<-[:exploited]-(j:incident)",
            "(o:org)<-[:targeted]-(i:incident)-[:used_malware]->(m:malware)",
            "(x)-[:in_sector]->(s:sector {id: \"media\"})",
            "(i:incident)-[:targeted]->(o:org)-[:in_sector]->(s:sector {name: \"nothing\"})",
            // The first of several patterns; the ones after it go on from its matches.
            "(i:incident)-[:used_malware]->(m:malware {id: \"hiddenface\"}), (i)-[:targeted]->(o:org)",
            "(i:incident)-[:part_of]-(c:campaign {id: \"campaign-a\"}), (i)-[:used_lure]->(l:lure), (l)-[]-(j)",
        ]
        for pattern in patterns {
            let pivot = try session.rows("match \(pattern)")
            let firstNode = try #require(pattern.firstIndex(of: ")").map { String(pattern[...$0]) })
            let first = try session.rows("match \(firstNode), \(pattern)")
            #expect(pivot.columns == first.columns, "\(pattern)")
            #expect(pivot.rows.map(\.values) == first.rows.map(\.values), "\(pattern)")
            #expect(pivot.rows.isEmpty == pattern.contains("nothing"), "\(pattern)")
            #expect(pivot.computedFrom == first.computedFrom, "\(pattern)")
        }
    }

    @Test("distinct gives each key once in the order first met, as the selected values compared whole")
    func distinctKeys() throws {
        let cases = [
            "incidents | distinct vector", "incidents | distinct true_phase, vector", "incidents | distinct target",
            "incidents | distinct hour(ts), coalesce(vector)", "incidents | distinct actor.name, outcome",
            "incidents | distinct files_exfiltrated", "lures | distinct language", "nodes | distinct kind, provenance",
            "incidents | where true_phase == 9 | distinct vector",
        ]
        for statement in cases {
            let distinct = try session.rows(statement)
            let all = try session.rows(statement.replacingOccurrences(of: "distinct", with: "select"))
            var seen = Set<[Value]>()
            #expect(
                distinct.rows.map(\.values) == all.rows.map(\.values).filter { seen.insert($0).inserted },
                "\(statement)")
            #expect(
                distinct.columns == all.columns && distinct.rows.isEmpty == statement.contains("== 9"), "\(statement)")
        }
    }

    @Test(
        "select then distinct gives the rows that show different values once, as distinct of the items does",
        arguments: [
            ("incidents | select v = vector, p = true_phase", "incidents | distinct vector, true_phase"),
            ("incidents | select target.sector", "incidents | distinct target.sector"),
            ("incidents | select year(ts), actor", "incidents | distinct year(ts), actor"),
            ("incidents | where true_phase == 2 | select lure.language", "incidents | distinct lure.language"),
            ("lures | select language, n = 1", "lures | distinct language, 1"),
            ("edges | select label", "edges | distinct label"),
            ("match (i:incident)-[:targeted]->(o:org) | select o.sector", "incidents | distinct target.sector"),
        ])
    func selectThenDistinct(selected: String, keys: String) throws {
        let fused = try session.rows(selected + " | distinct")
        // `skip 0` between them: the selected rows made, then compared whole.
        let general = try session.rows(selected + " | skip 0 | distinct")
        let selectedRows = try session.rows(selected)
        var seen = Set<[Value]>()
        #expect(fused.rows.map(\.values) == selectedRows.rows.map(\.values).filter { seen.insert($0).inserted })
        #expect(fused.rows.map(\.values) == general.rows.map(\.values))
        #expect(fused.columns == selectedRows.columns && general.columns == selectedRows.columns)
        #expect(fused.rows.allSatisfy { $0.node == nil } && !fused.carriesNodes)
        // Both rest on every row selected.
        #expect(fused.computedFrom == general.computedFrom && fused.computedFrom != nil)
        #expect(fused.computedFrom?.total == selectedRows.count)
        if !selected.contains("where") {
            #expect(Set(fused.rows.map(\.values)) == Set(try session.rows(keys).rows.map(\.values)))
        }
    }

    @Test("rows kept of a kind whose nodes share one origin rest on as many of its nodes as the general tally counts")
    func keptRowsOfOneOrigin() throws {
        // Incidents all synthetic, then one of them reported: the tally counted whole, and node by node.
        for reported in [nil, "i7"] {
            var builder = GraphBuilder(schema: session.graph.schema)
            for index in 0..<300 {
                try builder.addNode(
                    id: "i\(index)", kind: "incident",
                    properties: ["true_phase": .int(index % 3 + 1), "outcome": .string(["a", "b"][index % 2])],
                    provenance: "i\(index)" == reported ? .reported(sources: ["S1"], status: .reported) : .synthetic)
            }
            let graph = try builder.build()
            for statement in [
                "incidents | where true_phase > 1 | count by outcome",
                "incidents | where outcome == \"a\" | summarize count() by true_phase",
                "incidents | take 250 | count by outcome", "incidents | where true_phase == 3 | distinct outcome",
            ] {
                // A sort makes the rows anew: their tally is counted node by node.
                let general = statement.replacingOccurrences(
                    of: #" \| (count|summarize|distinct)"#, with: " | sort id | $1", options: .regularExpression)
                let run = { (text: String) in QueryRunner.run(text, graph: graph, state: QueryState()) }
                guard case .success((.rows(let fast), _)) = run(statement),
                    case .success((.rows(let slow), _)) = run(general)
                else { throw GraphError(.invalid, "\(statement) failed") }
                #expect(fast.computedFrom == slow.computedFrom && fast.computedFrom != nil, "\(statement)")
                // The sort orders the groups by their first row's id: the same groups, in another order.
                #expect(Set(fast.rows.map(\.values)) == Set(slow.rows.map(\.values)), "\(statement)")
            }
            // No row passes: the groups rest on no incident.
            guard
                case .success((.rows(let none), _)) = QueryRunner.run(
                    "incidents | where true_phase == 9 | count by outcome", graph: graph, state: QueryState())
            else { throw GraphError(.invalid, "the count of no row failed") }
            #expect(none.rows.isEmpty && (none.computedFrom?.total ?? 0) == 0)
        }
    }

    @Test("groups by linked nodes' properties, worked out once per node, are the groups row by row")
    func linkedPropertyGroups() throws {
        // coalesce() reads the same values, but only row by row.
        let keyed = [
            ("incidents | count by ", ["lure.language"]), ("incidents | count by ", ["target.sector.name"]),
            ("incidents | where true_phase == 1 | count by ", ["lure.language"]),
            ("incidents | distinct ", ["lure.language"]),
            ("incidents | summarize sum(files_exfiltrated), collect(id) by ", ["target.name"]),
            ("incidents | count by ", ["campaign.name"]), ("orgs | count by ", ["sector.tags"]),
            // One text property that several kinds declare, read as the reached kind's texts.
            ("incidents | count by ", ["target.name"]),
            ("orgs | count by ", ["sector.provenance"]), ("incidents | count by ", ["actor.name", "vector"]),
            ("incidents | count by ", ["true_phase", "target.sector.name"]),
            ("incidents | summarize count() by ", ["lure.language", "campaign.name"]),
            ("incidents | distinct ", ["actor.name", "lure.language"]),
            // A linked node beside a column key, its nodes numbered first.
            ("incidents | count by ", ["actor", "year(ts)"]), ("incidents | count by ", ["true_phase", "lure"]),
            ("incidents | where true_phase == 2 | count by ", ["target.sector", "vector"]),
            ("incidents | summarize max(ts) by ", ["actor.name", "year(ts)"]),
        ]
        _ = try session.run("tag sectors | where id == \"media\" as \"watched\"")
        for (stages, keys) in keyed {
            let statement = stages + keys.joined(separator: ", ")
            let general = stages + keys.map { "coalesce(\($0))" }.joined(separator: ", ")
            let (a, b) = (try session.rows(statement), try session.rows(general))
            #expect(a.rows.map(\.values) == b.rows.map(\.values) && a.rows.count > 1, "\(statement)")
            #expect(a.computedFrom == b.computedFrom, "\(statement)")
        }
    }

    @Test("where id == \"…\" read from the id index gives the rows and provenance of the scan")
    func idIndex() throws {
        for id in ["inc-jaxa-2023-06", "mirrorface", "no-such-node", ""] {
            for condition in [
                "id == \"\(id)\"", "\"\(id)\" == id and summary is not null",
                "provenance != \"imported\" and id == \"\(id)\"",
            ] {
                for source in ["incidents", "actors", "nodes"] {
                    let indexed = "\(source) | where \(condition) | select id, name"
                    let scanned = indexed.replacingOccurrences(of: "id ==", with: "coalesce(id) ==")
                        .replacingOccurrences(of: "== id", with: "== coalesce(id)")
                    let (a, b) = (try session.rows(indexed), try session.rows(scanned))
                    #expect(a.rows.map(\.values) == b.rows.map(\.values), "\(indexed)")
                    let (counted, countedByScan) = (
                        try session.rows(indexed + " | count"), try session.rows(scanned + " | count")
                    )
                    #expect(counted.rows.map(\.values) == countedByScan.rows.map(\.values), "\(indexed)")
                    #expect(counted.computedFrom == countedByScan.computedFrom, "\(indexed)")
                    let plan = try LinkIndexTests.plan(indexed, session.graph)
                    if case .idIndex = plan.access { continue }
                    #expect(source == "nodes", "\(indexed): \(plan.access)")
                }
            }
        }
    }

    @Test("built-in fields and annotations read by name give each node's own")
    func builtInFields() throws {
        _ = try session.run("tag actors as \"watched\"")
        _ = try session.run("note @mirrorface \"seen again\"")
        let rows = try session.rows(
            "nodes | select id, kind, provenance, status, sources, name, tags, notes, kev_added")
        let graph = session.graph
        #expect(rows.rows.count == graph.nodeCount)
        for (index, row) in rows.rows.enumerated() {
            let node = NodeID(index: index)
            let tags: Value = .list(graph.kindName(of: node) == "actor" ? [.string("watched")] : [])
            let notes: Value = .list(graph.id(of: node) == "mirrorface" ? [.string("seen again")] : [])
            let stored = ["provenance", "status", "sources", "name"].map { graph.value($0, of: node) }
            let expected: [Value] =
                [.string(graph.id(of: node)), .string(graph.kindName(of: node))] + stored
                + [tags, notes, graph.value("kev_added", of: node)]
            #expect(row.values == expected, "\(graph.id(of: node))")
        }
    }

    @Test("whole numbers of the node a link chain reaches, worked out on its columns, give the general answers")
    func linkedNumbers() throws {
        let statements = [
            "incidents | top 5 by len(lure.subject)",
            "incidents | extend n = len(lure.subject) * 2 - len(target.name) | sort n, id | select id, n",
            "incidents | count by len(target.name)",
            "incidents | summarize avg(len(lure.subject)), max(len(target.sector.name)) by true_phase",
            "incidents | where len(lure.subject) + true_phase > 20 | select id",
        ]
        // The general form reads each linked text through coalesce, which no fast path takes.
        func general(_ text: String) -> String {
            text.replacingOccurrences(
                of: #"\b(lure\.subject|target\.name|target\.sector\.name)\b"#, with: "coalesce($1)",
                options: .regularExpression)
        }
        for statement in statements {
            let (a, b) = (try session.rows(statement), try session.rows(general(statement)))
            #expect(a.rows.map(\.values) == b.rows.map(\.values) && !a.rows.isEmpty, "\(statement)")
            #expect(a.computedFrom == b.computedFrom, "\(statement)")
            #expect(a.notes.map(general) == b.notes, "\(statement)")
        }
    }

    @Test("a count of every node, or of a kind's, by the provenance record alone gives the general count and tally")
    func countsByRecord() throws {
        for condition in [
            #"kind == "lure""#, #"kind in ["lure", "actor"] or status is null"#, #"provenance == "reported""#,
            #"not (provenance == "synthetic") and status != "SECONDARY""#, "size(sources) > 1",
            #"any(sources, s => s == "s8")"#, #"status starts with "UN""#, #"kind == "nothing""#,
        ] {
            let general = condition.replacingOccurrences(
                of: #"\b(kind|provenance|status|sources)\b"#, with: "[$1, id][0]", options: .regularExpression)
            for source in ["nodes", "incidents", "sources", "lures"] {
                let fast = try session.rows("\(source) | where \(condition) | count")
                let slow = try session.rows("\(source) | where \(general) | count")
                #expect(fast.rows.map(\.values) == slow.rows.map(\.values), "\(source) | where \(condition)")
                #expect(fast.computedFrom == slow.computedFrom, "\(source) | where \(condition)")
            }
        }
        // A condition that fails on a record gives the general form's error.
        let failing = #"nodes | where kind == "incident" or date(status) == 2024-01-01 | count"#
        #expect(session.diagnostic(failing)?.message.hasPrefix("`date` needs a date or date-time") == true)
    }

    @Test("conditions on tags and notes, worked out once per annotated node, give the general form's rows")
    func annotationConditions() throws {
        _ = try session.run("tag incidents | where true_phase == 2 as \"lead\"")
        _ = try session.run("tag actors as \"watched\"")
        _ = try session.run("tag @mirrorface as \"lead\"")
        _ = try session.run("note @inc-jaxa-2023-06 \"call back\"")
        for condition in [
            #""lead" in tags"#, #""lead" not in tags"#, "size(tags) == 0", #"size(tags) > 1 or "lead" in tags"#,
            "size(notes) > 0", #""call back" in notes or "watched" in tags"#, #"not ("lead" in tags)"#,
            // `any` and `all` of the annotations, their element's name no name of the row.
            #"any(tags, t => t starts with "le")"#, #"all(tags, t => t == "lead")"#,
            #"any(notes, n => n contains "back") or any(tags, t => t == "watched")"#,
            #"not all(tags, t => t != "watched") and size(notes) == 0"#,
        ] {
            // Read beside the id, the annotations are left to the general form.
            let general = condition.replacingOccurrences(
                of: #"\b(tags|notes)\b"#, with: "[$1, id][0]", options: .regularExpression)
            for source in ["incidents", "actors", "nodes"] {
                let (a, b) = (
                    try session.rows("\(source) | where \(condition) | select id"),
                    try session.rows("\(source) | where \(general) | select id")
                )
                #expect(a.rows.map(\.values) == b.rows.map(\.values), "\(source) | where \(condition)")
                let counted = try session.rows("\(source) | where \(condition) | count")
                #expect(counted.rows.map(\.values) == [[.int(a.rows.count)]], "\(source) | where \(condition) | count")
            }
        }
        // An element named as the row's tags reads the element inside the condition.
        let (shadowed, general) = (
            try session.rows(#"nodes | where any(tags, tags => tags == "lead") | select id"#),
            try session.rows(#"nodes | where any([tags, id][0], t => t == "lead") | select id"#)
        )
        #expect(shadowed.rows.map(\.values) == general.rows.map(\.values) && !general.rows.isEmpty)
    }

    @Test("median, distinct_count and collect read from columns and links give the values' answers")
    func numberAggregates() throws {
        let statements = [
            "incidents | summarize median(files_exfiltrated), distinct_count(files_exfiltrated) by true_phase",
            "incidents | summarize distinct_count(target), distinct_count(lure), distinct_count(ts) by vector",
            "incidents | where true_phase == 1 | summarize median(accounts_compromised), distinct_count(actor)",
            "nodes | summarize distinct_count(kev_added), median(true_phase), distinct_count(target.sector) by kind",
            "incidents | where true_phase == 9 | summarize median(files_exfiltrated), distinct_count(target)",
            "lures | summarize distinct_count(language), distinct_count(subject), distinct_count(theme) by is_lure",
            "incidents | summarize distinct_count(vector), distinct_count(summary) by true_phase",
        ]
        var severalDistinct = 0
        for statement in statements {
            let general = statement.replacingOccurrences(
                of: #"(median|distinct_count)\(([a-z_.]+)\)"#, with: "$1(coalesce($2))", options: .regularExpression)
            let (a, b) = (try session.rows(statement), try session.rows(general))
            #expect(a.rows.map(\.values) == b.rows.map(\.values) && !a.rows.isEmpty, "\(statement)")
            if a.rows.contains(where: { $0.values.contains { if case .int(let n) = $0 { n > 1 } else { false } } }) {
                severalDistinct += 1
            }
        }
        #expect(severalDistinct >= 5)
        // Texts Swift strings equate (é written two ways) are one value, as in a set of values.
        let graph = try cafeLures()
        let distinct = try values("lures | summarize distinct_count(subject)", on: graph)
        #expect(distinct == [[.int(2)]])
        #expect(distinct == (try values("lures | summarize distinct_count(coalesce(subject))", on: graph)))
        // `collect` of a text property: each row's own text, in row order, nulls skipped.
        for statement in [
            "lures | summarize collect(subject), collect(language) by is_lure",
            "incidents | where true_phase == 2 | summarize collect(outcome) by actor",
            "nodes | summarize collect(language) by kind",
            "incidents | where true_phase == 9 | summarize collect(outcome)",
        ] {
            let general = statement.replacingOccurrences(
                of: #"collect\(([a-z_.]+)\)"#, with: "collect(coalesce($1))", options: .regularExpression)
            let (a, b) = (try session.rows(statement), try session.rows(general))
            #expect(a.rows.map(\.values) == b.rows.map(\.values) && !a.rows.isEmpty, "\(statement)")
        }
        // Texts Swift strings equate are each kept as written, scalar for scalar.
        let collected = try values("lures | summarize collect(subject)", on: graph).first?.first
        guard case .list(let subjects) = collected else {
            Issue.record("collect gave \(String(describing: collected))")
            return
        }
        #expect(
            subjects.map { if case .string(let text) = $0 { Array(text.unicodeScalars) } else { [] } }
                == ["caf\u{E9}", "cafe\u{301}", "cafe", "caf\u{E9}"].map { Array($0.unicodeScalars) })
    }

    @Test("a part of a where read once per text or linked node gives the rows and errors of the general form")
    func perKeyConditions() throws {
        // Each condition, then the same with every keyed read wrapped in coalesce(), read row by row.
        let pairs = [
            (#"vector starts with "spear""#, #"coalesce(vector) starts with "spear""#),
            (
                #"lower(vector) contains "link" and true_phase == 1"#,
                #"lower(coalesce(vector)) contains "link" and true_phase == 1"#
            ),
            (#"lure.language == "ja" and true_phase == 2"#, #"coalesce(lure.language) == "ja" and true_phase == 2"#),
            (
                #"target.sector.name contains "a" or files_exfiltrated > 5"#,
                #"coalesce(target.sector.name) contains "a" or files_exfiltrated > 5"#
            ),
            (
                #"not (actor.name == "MirrorFace") and vector != "x""#,
                #"not (coalesce(actor.name) == "MirrorFace") and vector != "x""#
            ),
            (#"ts < 2000-01-01 and lure.subject * 2 > 2"#, #"ts < 2000-01-01 and coalesce(lure.subject) * 2 > 2"#),
            (#"vector == "none" and trim(vector) * 2 > 2"#, #"vector == "none" and trim(coalesce(vector)) * 2 > 2"#),
            (
                #"lure.subject ~ "(?i)taiwan|台湾" or vector ends with "link""#,
                #"coalesce(lure.subject) ~ "(?i)taiwan|台湾" or coalesce(vector) ends with "link""#
            ),
            (#"len(vector) > 20"#, #"len(coalesce(vector)) > 20"#),
            (#"lure.language is null and true_phase == 1"#, #"coalesce(lure.language) is null and true_phase == 1"#),
            (
                #"target.sector == @media or lure.language != "ja""#,
                #"target.sector == @media or coalesce(lure.language) != "ja""#
            ),
            (
                #"true_phase == 1 and campaign.name in ["NPA campaign A", "x"]"#,
                #"true_phase == 1 and coalesce(campaign.name) in ["NPA campaign A", "x"]"#
            ),
            (#"provenance == "synthetic""#, #"coalesce(provenance) == "synthetic""#),
            (
                #"kind in ["lure", "org"] and provenance != "reported""#,
                #"coalesce(kind) in ["lure", "org"] and coalesce(provenance) != "reported""#
            ),
            (
                #"upper(kind) starts with "IN" or files_exfiltrated > 5"#,
                #"upper(coalesce(kind)) starts with "IN" or files_exfiltrated > 5"#
            ),
            // An element of a list made of one property.
            (#"split(vector, "-")[0] == "spear""#, #"split(coalesce(vector), "-")[0] == "spear""#),
            (
                #"split(vector, "-")[1] starts with "p" and true_phase != 3"#,
                #"split(coalesce(vector), "-")[1] starts with "p" and true_phase != 3"#
            ),
            // The element's place read from another property: both read.
            (
                #"split(vector, "-")[len(id) % 3] starts with "d""#,
                #"split(coalesce(vector), "-")[len(id) % 3] starts with "d""#
            ),
        ]
        for (condition, general) in pairs {
            for source in condition.contains("2 > 2") ? ["incidents"] : ["incidents", "nodes"] {
                let keyed = "\(source) | where \(condition) | select id"
                let plain = "\(source) | where \(general) | select id"
                #expect(
                    try session.rows(keyed).rows.map(\.values) == session.rows(plain).rows.map(\.values), "\(keyed)")
            }
        }
        // A part that fails where the general form would reach it fails with its error.
        for failing in [#"true_phase == 1 and lure.subject * 2 > 2"#, #"trim(vector) * 2 > 2 or true_phase == 1"#] {
            let keyed = session.diagnostic("incidents | where \(failing) | count")
            #expect(keyed != nil, "\(failing)")
            #expect(keyed?.message == session.diagnostic("incidents | where \(failing) | skip 0 | count")?.message)
        }
    }

    @Test("a match's where tried on one variable's nodes while matching keeps the rows and errors of where after it")
    func wherePushedIntoMatch() throws {
        let matches = [
            "match (i:incident)-[:used_lure]->(l:lure) where i.true_phase == 1",
            #"match (i:incident)-[:used_lure]->(l:lure) where i.true_phase == 1 and l.language == "ja""#,
            #"match (i:incident)-[:used_lure]->(l:lure {language: "ja"}) where l.language == "en" or i.true_phase == 1"#,
            "match (i:incident)-[:targeted]->(o:org) where i.true_phase is null",
            "match (i:incident)-[:targeted]->(o:org)-[:in_sector]->(s:sector) where i.files_exfiltrated > 3",
            #"match (a:actor)<-[:attributed_to]-(i:incident) where a.name == "MirrorFace" and i.true_phase == 3"#,
            #"match (i:incident)-[:attributed_to]->(a:actor) where lower(a.name) contains "face""#,
            // Tests of several variables, each tried on its own variable's nodes.
            #"match (i:incident)-[:used_lure]->(l:lure) where l.language == "ja" and i.true_phase == 1"#,
            #"match (i:incident)-[:used_lure]->(l:lure) where l.language == "ja" and i.true_phase != 2"#,
            #"match (i:incident)-[:used_lure]->(l:lure) where l.language == "ja" and i.true_phase != 2 and i.ts > 2019-01-01 or l.language == "en""#,
            #"match (i:incident)-[:targeted]->(o:org)-[:in_sector]->(s:sector) where s.name != "x" and i.files_exfiltrated > 3 and o.name contains "a""#,
            #"match (a:actor)<-[:attributed_to]-(i:incident) where i.true_phase == 3 and a.name == "MirrorFace" and i.vector != "x""#,
            #"match (i:incident)-[:used_lure]->(l:lure) where l.language == "ja" and lower(l.theme) contains "a" and i.true_phase == 1"#,
            #"match (i:incident)-[:used_lure]->(l:lure) where l.language == "ja" and l.theme == i.vector or i.true_phase == 1"#,
            // A test of two variables after them is tried on the matches.
            #"match (i:incident)-[:targeted]->(o:org) where i.true_phase == 1 and lower(o.name) < i.vector"#,
            // A text property several kinds declare (no column reads it), compared with a text:
            // tried on each of the kind's nodes once; most orgs have no summary.
            #"match (i:incident)-[:targeted]->(o:org) where o.name contains "a""#,
            #"match (i:incident)-[:targeted]->(o:org) where o.summary contains "e" or i.true_phase != 2"#,
            #"match (i:incident)-[:targeted]->(o:org) where "JAXA" != o.name and o.caveat starts with "n""#,
            #"match (i:incident)-[:targeted]->(o:org) where o.summary < "x" or o.summary is null"#,
            #"match (i:incident)-[:attributed_to]->(a:actor) where a.summary >= "M""#,
        ]
        // `skip 0` keeps the `where` a stage of its own: the general form.
        for statement in matches {
            let after = statement.replacingOccurrences(of: " where ", with: " | skip 0 | where ")
            let (a, b) = (try session.rows(statement), try session.rows(after))
            #expect(a.rows.map(\.values) == b.rows.map(\.values) && !a.rows.isEmpty, "\(statement)")
            // Written right after the match, the `where` is made the match's own: the same
            // rows, and the same provenance under a count of them.
            let written = statement.replacingOccurrences(of: " where ", with: " | where ")
            #expect(try session.rows(written).rows.map(\.values) == a.rows.map(\.values), "\(written)")
            let (counted, general) = (try session.rows(written + " | count"), try session.rows(after + " | count"))
            #expect(counted.rows.map(\.values) == general.rows.map(\.values), "\(written)")
            #expect(counted.computedFrom == general.computedFrom, "\(written)")
        }
        // Properties written in the pattern (compared with the stored text or number) match
        // as the same tests in a where.
        let constrained = [
            (
                #"match (i:incident {true_phase: 1})-[:used_lure]->(l:lure {language: "ja"})"#,
                #"match (i:incident)-[:used_lure]->(l:lure) | skip 0 | where i.true_phase == 1 and l.language == "ja""#
            ),
            (
                #"match (c:campaign {name: "NPA campaign A"})<-[:part_of]-(i:incident {files_exfiltrated: 2})"#,
                #"match (c:campaign)<-[:part_of]-(i:incident) | skip 0 | where c.name == "NPA campaign A" and i.files_exfiltrated == 2"#
            ),
        ]
        for (pattern, filtered) in constrained {
            let (a, b) = (try session.rows(pattern), try session.rows(filtered))
            #expect(a.rows.map(\.values) == b.rows.map(\.values) && !a.rows.isEmpty, "\(pattern)")
        }
        // A test that fails gives its error, whichever variable's tests come before it; one
        // after a test false for every match is never tried.
        for (failing, fails) in [
            (#"match (i:incident)-[:used_lure]->(l:lure) where i.vector * 2 > 1 and l.language == "ja""#, true),
            (#"match (i:incident)-[:used_lure]->(l:lure) where l.language == "ja" and i.vector * 2 > 1"#, true),
            (#"match (i:incident)-[:used_lure]->(l:lure) where i.vector * 2 > 1 and l.language == "xx""#, true),
            (#"match (i:incident)-[:used_lure]->(l:lure) where l.language == "xx" and i.vector * 2 > 1"#, false),
        ] {
            let error = session.diagnostic(failing)?.message
            #expect((error != nil) == fails, "\(failing)")
            for written in [" | where ", " | skip 0 | where "] {
                #expect(
                    error == session.diagnostic(failing.replacingOccurrences(of: " where ", with: written))?.message)
            }
        }
        // A match with a `where` of its own keeps the one after it a stage, and so does a
        // `where` that reads more than the pattern's variables.
        for statement in [
            "match (i:incident)-[:targeted]->(o:org) where i.true_phase == 1 | where o.name contains \"a\"",
            "match (i:incident)-[:targeted]->(o:org) | where any(i.malware, m => m.name == \"LODEINFO\")",
        ] {
            let plan = try LinkIndexTests.plan(statement, session.graph)
            #expect(plan.query.stages.count == 1, "\(statement)")
            let general = statement.replacingOccurrences(of: " | where ", with: " | skip 0 | where ")
            #expect(try session.rows(statement).rows.map(\.values) == session.rows(general).rows.map(\.values))
        }
        let pushed = try LinkIndexTests.plan(
            "match (o:org)<-[:targeted]-(i:incident) | where i.true_phase == 2", session.graph)
        #expect(pushed.query.stages.isEmpty)
    }

    @Test(
        "groups by date() packed as day numbers, by kind and provenance, and keys like the row before's, are the groups by values"
    )
    func dateGroups() throws {
        let statements = [
            "incidents | count by date(ts)", "incidents | count by date(ts), vector",
            #"nodes | count by date(ts, "Asia/Tokyo")"#, "incidents | summarize count() by true_phase, date(ts)",
            "incidents | distinct date(ts)", "edges | count by label, provenance", "nodes | count by kind",
            "nodes | count by kind, provenance", "incidents | count by provenance, true_phase",
            "nodes | distinct provenance, kind", "nodes | select id | count by kind",
        ]
        for statement in statements {
            let general = statement.replacingOccurrences(
                of: #"date\(([^)]*)\)"#, with: "coalesce(date($1))", options: .regularExpression
            ).replacingOccurrences(of: "by label, provenance", with: "by coalesce(label), provenance")
                .replacingOccurrences(
                    of: #"\b(kind|provenance)\b(?!\))"#, with: "coalesce($1)", options: .regularExpression)
            let (a, b) = (try session.rows(statement), try session.rows(general))
            #expect(a.rows.map(\.values) == b.rows.map(\.values) && a.rows.count > 2, "\(statement)")
        }
        // Pairs of keys whose numbers spread past an array's room are looked up by both numbers.
        let spread = try session.rows("incidents | count by files_exfiltrated * 1000, true_phase").rows
        let general = try session.rows("incidents | count by coalesce(files_exfiltrated * 1000), true_phase").rows
        #expect(spread.map(\.values) == general.map(\.values) && spread.count > 2)
    }

    /// Four lures whose subjects are `café` written with é as one scalar, as e and a combining
    /// accent, `cafe`, and `café` with one scalar again: equal as Swift strings, not as Kagami's texts.
    @Test("a condition as a key that fails on a row gives the general form's error")
    func failingConditionKey() throws {
        for (fast, general) in [
            (
                #"incidents | count by lure.subject contains 5"#,
                #"incidents | count by coalesce(lure.subject contains 5)"#
            ),
            (#"lures | count by subject ~ "(" "#, #"lures | count by coalesce(subject ~ "(")"#),
        ] {
            let failure = try #require(session.diagnostic(general), "\(general)")
            #expect(session.diagnostic(fast)?.message == failure.message, "\(fast)")
        }
    }

    @Test("keys and aggregates of a match variable's nodes past one batch of rows give the general answers")
    func variableNodesPastOneBatch() throws {
        let bundled = session.graph
        let orgs = bundled.nodes(ofKind: "org").map { bundled.id(of: $0) }
        let actors = bundled.nodes(ofKind: "actor").map { bundled.id(of: $0) }
        var builder = GraphBuilder(adding: bundled)
        var random = SampleRandom(seed: 11)
        // Twenty thousand incidents, each on an org and most by an actor: matches in three
        // batches, the variables' nodes in no order.
        for index in 0..<20_000 {
            let id = "inc-extra-\(index)"
            let ts = Instant(millisecondsSinceEpoch: 1_600_000_000_000 + Int64(random.next() % 1_000_000_000))
            var properties: [String: Value] = [
                "ts": .instant(ts),
                "vector": .string(random.pick(["vpn-device", "spearphishing-link", "watering-hole"])),
            ]
            if random.next() % 10 != 0 { properties["files_exfiltrated"] = .int(Int(random.next() % 1_000)) }
            try builder.addNode(id: id, kind: "incident", properties: properties, provenance: .synthetic)
            try builder.addEdge(from: id, to: random.pick(orgs), label: "targeted", provenance: .synthetic)
            if random.next() % 5 != 0 {
                try builder.addEdge(from: id, to: random.pick(actors), label: "attributed_to", provenance: .synthetic)
            }
        }
        let graph = try builder.build()
        for (fast, general) in [
            (
                "match (i:incident)-[:targeted]->(o:org) | summarize sum(i.files_exfiltrated) as s, max(i.ts) as m by o.sector",
                "match (i:incident)-[:targeted]->(o:org) | summarize sum(coalesce(i.files_exfiltrated)) as s, max(coalesce(i.ts)) as m by coalesce(o.sector)"
            ),
            (
                "match (i:incident)-[:targeted]->(o:org) | count by i.actor",
                "match (i:incident)-[:targeted]->(o:org) | count by coalesce(i.actor)"
            ),
            (
                #"incidents | count by vector + "/" + actor.name"#,
                #"incidents | count by coalesce(vector + "/" + actor.name)"#
            ),
            (
                "match (i:incident)-[:targeted]->(o:org) | count by o.sector, i.actor.name",
                "match (i:incident)-[:targeted]->(o:org) | count by coalesce(o.sector), coalesce(i.actor.name)"
            ),
            (
                "match (i:incident)-[:targeted]->(o:org) | sort i.files_exfiltrated desc, i.ts | take 50",
                "match (i:incident)-[:targeted]->(o:org) | sort coalesce(i.files_exfiltrated) desc, coalesce(i.ts) | take 50"
            ),
            (
                "match (i:incident)-[:targeted]->(o:org) | top 20 by i.ts",
                "match (i:incident)-[:targeted]->(o:org) | top 20 by coalesce(i.ts)"
            ),
            (
                "match (i:incident)-[:targeted]->(o:org) | summarize distinct_count(i.actor) as a, count(i.actor) as c, distinct_count(o) as o by o.sector",
                "match (i:incident)-[:targeted]->(o:org) | summarize distinct_count(coalesce(i.actor)) as a, count(coalesce(i.actor)) as c, distinct_count(coalesce(o)) as o by coalesce(o.sector)"
            ),
        ] {
            #expect(try values(fast, on: graph) == values(general, on: graph), "\(fast)")
        }
    }

    @Test(
        "a computed text key groups its texts as Swift strings do (é and が written two ways as one), keyed as first met, whatever the order texts come in"
    )
    func computedTextGroups() throws {
        // Texts in normal form C, and texts canonically equivalent to some of them that are not.
        let composed = ["caf\u{E9}", "CAFE", "\u{304C}", "台湾情勢", "Re: Taiwan", "re: taiwan", "ｶﾞ", "\u{C5}"]
        let decomposed = ["Cafe\u{301}", "\u{304B}\u{3099}", "\u{212B}", "A\u{30A}"]
        var random = SampleRandom(seed: 7)
        for round in 0..<12 {
            // Three hundred subjects drawn in an order of their own each time: the first 0, 100,
            // 200 or all 300 in normal form C, the others from every text.
            let subjects = (0..<300).map { index in
                random.pick(index < 100 * (round % 4) ? composed : composed + decomposed)
            }
            var builder = GraphBuilder(schema: session.graph.schema)
            try builder.addLures(subjects: subjects)
            let graph = try builder.build()
            for (statement, key) in [
                ("lures | count by lower(coalesce(subject, id))", { (text: String) in text.lowercased() }),
                ("lures | count by coalesce(subject, id)", { (text: String) in text }),
            ] {
                // Grouped by `String` equality, each group keyed by its first text, largest first,
                // then by the keys' bytes.
                var groups: [(key: String, count: Int)] = []
                for subject in subjects {
                    if let group = groups.firstIndex(where: { $0.key == key(subject) }) {
                        groups[group].count += 1
                    } else {
                        groups.append((key(subject), 1))
                    }
                }
                groups.sort {
                    $0.count != $1.count
                        ? $0.count > $1.count : Array($0.key.utf8).lexicographicallyPrecedes($1.key.utf8)
                }
                let expected = groups.map { [Value.string($0.key), .int($0.count)] }
                #expect(exactly(try values(statement, on: graph)) == exactly(expected), "\(statement)")
            }
        }
    }

    @Test("a split, one of its pieces or their count is the general form's, on random subjects, nulls and errors")
    func splitPieces() throws {
        let words = ["Re:", " ", "a", "b", "-", "台湾", "か\u{3099}", "\r\n", "e\u{301}", "é", "（速報）", "  "]
        var random = SampleRandom(seed: 31)
        let subjects = (0..<400).map { _ in (0..<Int(random.next() % 8)).map { _ in random.pick(words) }.joined() }
        var builder = GraphBuilder(schema: session.graph.schema)
        try builder.addLures(subjects: subjects)
        try builder.addBareNode("lure-without", kind: "lure")
        let graph = try builder.build()
        for (fast, general) in [
            ("split(subject, \" \")[0]", "coalesce(split(subject, \" \"))[0]"),
            ("split(subject, \"-\")[2]", "coalesce(split(subject, \"-\"))[2]"),
            ("split(subject, \"Re:\")[1]", "coalesce(split(subject, \"Re:\"))[1]"),
            ("split(subject, \"台湾\")[1]", "coalesce(split(subject, \"台湾\"))[1]"),
            ("size(split(subject, \" \"))", "size(coalesce(split(subject, \" \")))"),
            ("len(split(subject, \"a\"))", "len(coalesce(split(subject, \"a\")))"),
            ("split(subject, \" \")[0] == \"Re:\"", "coalesce(split(subject, \" \"))[0] == \"Re:\""),
            ("split(subject, \" \")", "coalesce(split(subject, \" \"))"),
            ("split(subject, \"台湾\")", "coalesce(split(subject, \"台湾\"))"),
            ("any(split(subject, \"-\"), w => w == \"a\")", "any(coalesce(split(subject, \"-\")), w => w == \"a\")"),
            // The body compares the piece with a literal: tried on the piece's bytes.
            (
                "all(split(subject, \" \"), w => \"Re:\" != w)",
                "all(coalesce(split(subject, \" \")), w => \"Re:\" != w)"
            ),
            ("any(split(subject, \" \"), w => \"\" == w)", "any(coalesce(split(subject, \" \")), w => \"\" == w)"),
            ("all(split(subject, \"-\"), w => w == \"台湾\")", "all(coalesce(split(subject, \"-\")), w => w == \"台湾\")"),
            (
                "any(split(subject, \" \"), subject => subject == \"b\")",
                "any(coalesce(split(subject, \" \")), subject => subject == \"b\")"
            ),
            // A lambda over the pieces as they are found: each piece until one decides.
            ("all(split(subject, \" \"), w => len(w) < 3)", "all(coalesce(split(subject, \" \")), w => len(w) < 3)"),
            (
                "any(split(subject, \" \"), w => w starts with \"台\")",
                "any(coalesce(split(subject, \" \")), w => w starts with \"台\")"
            ),
            (
                "any(split(subject, \" \"), w => any(split(w, \"a\"), w => w == \"b\"))",
                "any(coalesce(split(subject, \" \")), w => any(coalesce(split(w, \"a\")), w => w == \"b\"))"
            ),
        ] {
            let statement = { (key: String) in "lures | select id, k = \(key) | sort id" }
            #expect(
                exactly(try values(statement(fast), on: graph)) == exactly(try values(statement(general), on: graph)),
                "\(fast)")
        }
        // A value that is no text fails as the general form does.
        for (fast, general) in [
            ("split(id + 1, \" \")[0]", "coalesce(split(id + 1, \" \"))[0]"),
            ("size(split(len(id), \" \"))", "size(coalesce(split(len(id), \" \")))"),
            ("split(len(id), \" \")", "coalesce(split(len(id), \" \"))"),
            // A lambda that fails on some pieces: `date("Re:")`, `len("a") + "x"`.
            (
                "any(split(subject, \" \"), w => w == \"Re:\" and date(w) == 2024-01-01)",
                "any(coalesce(split(subject, \" \")), w => w == \"Re:\" and date(w) == 2024-01-01)"
            ),
            (
                "all(split(subject, \"-\"), w => w != \"a\" or len(w) + \"x\" > 0)",
                "all(coalesce(split(subject, \"-\")), w => w != \"a\" or len(w) + \"x\" > 0)"
            ),
        ] {
            let fails = { (key: String) in self.failure("lures | select k = \(key)", on: graph)?.message }
            #expect(fails(fast) != nil && fails(fast) == fails(general), "\(fast)")
        }
        // A lambda that fails on a piece of a text split byte by byte, the only lure's.
        var oneLure = GraphBuilder(schema: session.graph.schema)
        try oneLure.addLures(subjects: ["Re: a-b 台湾"])
        let one = try oneLure.build()
        for quantifier in [
            "any(LIST, w => w == \"Re:\" and date(w) == 2024-01-01)",
            "all(LIST, w => w == \"Re:\" or len(w) + \"x\" > 0)",
        ] {
            let fails = { (list: String) in
                self.failure(
                    "lures | where \(quantifier.replacingOccurrences(of: "LIST", with: list)) | count", on: one)
            }
            let (fast, general) = (fails("split(subject, \" \")"), fails("coalesce(split(subject, \" \"))"))
            #expect(fast != nil && fast?.message == general?.message, "\(quantifier)")
        }
    }

    @Test("the first of many groups by a text key are the sorted groups' first: texts alike at the start, nulls")
    func firstTextGroups() throws {
        let starts = ["Re: Japan-U.S.", "Re: Japan-U.K.", "", "\u{0}", "Re: Japan", "é", "e\u{301}", "台湾情勢", "Re:"]
        var random = SampleRandom(seed: 37)
        // About 1,500 groups of 1 to 6 rows: many tie on their count.
        let subjects = (0..<3_000).map { _ in
            random.pick(starts) + random.pick(["", "a", "b", "\u{0}", " 1", "台"])
                + (random.next() % 3 == 0 ? "" : String(random.next() % 50))
        }
        var builder = GraphBuilder(schema: session.graph.schema)
        try builder.addLures(subjects: subjects)
        for index in 0..<40 { try builder.addBareNode("lure-without-\(index)", kind: "lure") }
        let graph = try builder.build()
        for page in ["take 1", "take 7", "skip 3 | take 4", "take 40"] {
            let (fast, general) = (
                "lures | count by subject | \(page)", "lures | count by subject | sort count desc, subject | \(page)"
            )
            #expect(exactly(try values(fast, on: graph)) == exactly(try values(general, on: graph)), "\(page)")
            let (keyOrder, sorted) = (
                "lures | summarize n = count() by subject | \(page)",
                "lures | summarize n = count() by subject | sort subject | \(page)"
            )
            #expect(exactly(try values(keyOrder, on: graph)) == exactly(try values(sorted, on: graph)), "\(keyOrder)")
        }
    }

    @Test("a list of literals made once gives the rows of a list made on every row, in any, all and select")
    func literalLists() throws {
        try expectSameRows(
            [
                (
                    #"incidents | where any(["JAXA", "jaxa", "net"], w => name contains w) | count"#,
                    #"incidents | where any([coalesce("JAXA"), "jaxa", "net"], w => name contains w) | count"#
                ),
                (
                    "incidents | where all([1, 2], x => x < files_exfiltrated) | count",
                    "incidents | where all([coalesce(1), 2], x => x < files_exfiltrated) | count"
                ),
                (
                    #"incidents | select id, l = [1, "a", null, 2.5, 2024-01-01] | take 2"#,
                    #"incidents | select id, l = [coalesce(1), "a", null, 2.5, 2024-01-01] | take 2"#
                ),
            ], nonEmpty: true)
    }

    private func cafeLures() throws -> IncidentGraph {
        var builder = GraphBuilder(schema: session.graph.schema)
        try builder.addLures(subjects: ["caf\u{E9}", "cafe\u{301}", "cafe", "caf\u{E9}"])
        return try builder.build()
    }

    @Test(
        "groups by a key that reads one property alone (lower(vector), round(files_exfiltrated / 10)), merged from the property's groups, are the general groups and errors"
    )
    func propertyFunctionGroups() throws {
        let statements = [
            "incidents | count by lower(vector)", "lures | count by upper(subject), language",
            "nodes | count by trim(name) | top 5 by count",
            "incidents | where true_phase == 1 | count by lower(outcome)", "lures | distinct lower(theme)",
            "incidents | summarize count() as n, max(ts) as t by upper(vector), true_phase",
            "incidents | count by round(files_exfiltrated / 10)", "incidents | count by files_exfiltrated > 1, vector",
            "incidents | summarize sum(accounts_compromised) as s by vector + \"!\", accounts_compromised * 1.5",
            "lures | count by len(subject) > 30, language", "nodes | count by is_lure == false",
            "incidents | count by split(vector, \"-\")[0]",
            // The element's place read from the id too: not one property alone.
            "incidents | count by split(vector, \"-\")[len(id) % 3]",
        ]
        let function = #"(lower|upper|trim|round|split)\((\w+)"#
        try expectSameRows(
            statements.map { fast in
                var general = fast.replacingOccurrences(
                    of: function, with: "$1(coalesce($2)", options: .regularExpression)
                for (written, plain) in [
                    ("by files_exfiltrated", "by coalesce(files_exfiltrated)"), ("by vector", "by coalesce(vector)"),
                    ("accounts_compromised *", "coalesce(accounts_compromised) *"),
                    ("by is_lure", "by coalesce(is_lure)"),
                ] {
                    general = general.replacingOccurrences(of: written, with: plain)
                }
                return (fast, general)
            }, nonEmpty: true)
        // A key that fails: the error of the first row it fails on, as row by row.
        expectSameError(
            "incidents | count by true_phase, split(vector, \"\")",
            "incidents | count by true_phase, split(coalesce(vector), \"\")")
        // é written two ways, and texts that trim alike.
        var builder = GraphBuilder(schema: session.graph.schema)
        // Four lures of each: the texts few enough beside the rows to be grouped first.
        try builder.addLures(
            subjects: ["caf\u{E9}", " Cafe\u{301} ", "CAFE", "cafe ", "caf\u{E9}", "cafe\u{301}"], copies: 4)
        let graph = try builder.build()
        // A test of the bytes tells the two ways apart (`e` then U+0301 holds an `e`).
        for key in ["lower(S)", "upper(S)", "trim(S)", #"S contains "e""#, "len(S) > 4"] {
            let fast = try values("lures | count by " + key.replacingOccurrences(of: "S", with: "subject"), on: graph)
            let general = try values(
                "lures | count by " + key.replacingOccurrences(of: "S", with: "coalesce(subject)"), on: graph)
            #expect(fast.count > 1 && exactly(fast) == exactly(general), "\(key)")
        }
    }

    @Test(
        "groups by a key that reads a text property of linked nodes too many to group by (lower(lure.language)), merged from the text's groups, are the general groups and errors"
    )
    func linkedTextFunctionGroups() throws {
        let statements = [
            "incidents | count by lower(lure.language)", "incidents | count by upper(lure.theme), true_phase",
            "incidents | summarize count() as n, max(ts) as t by trim(lure.cue)",
            "incidents | count by lure.language + \"/\" + vector", "incidents | distinct lower(lure.delivery)",
            "incidents | where true_phase != 1 | count by split(lure.theme, \"-\")[0]",
            "incidents | count by lower(lure.language), upper(lure.language)",
        ]
        try expectSameRows(
            statements.map { fast in
                (
                    fast,
                    fast.replacingOccurrences(of: #"\b(lure\.\w+)"#, with: "coalesce($1)", options: .regularExpression)
                )
            }, nonEmpty: true)
        // A key that fails: the error of the first row it fails on, as row by row.
        expectSameError(
            "incidents | count by split(lure.language, \"\")",
            "incidents | count by split(coalesce(lure.language), \"\")")
        // Lures two incidents each used (too many to group by): é written two ways, which a key
        // tells apart, and plain texts that fold or trim alike.
        for subjects in [
            ["caf\u{E9}", " Cafe\u{301} ", "CAFE", "cafe ", "caf\u{E9}", "cafe\u{301}", "tea", "Tea"],
            ["tea", " Tea ", "TEA", "tea ", "tea", "coffee", "Coffee", "tea"],
        ] {
            var builder = GraphBuilder(schema: session.graph.schema)
            try builder.addLures(subjects: subjects)
            for index in 0..<2 * subjects.count {
                try builder.addNode(id: "i\(index)", kind: "incident", properties: [:], provenance: .synthetic)
                try builder.addEdge(
                    from: "i\(index)", to: "lure-\(index % subjects.count)", label: "used_lure", provenance: .synthetic)
            }
            let graph = try builder.build()
            for key in ["lower(S)", "upper(S)", "trim(S)", #"S contains "e""#] {
                let fast = try values(
                    "incidents | count by " + key.replacingOccurrences(of: "S", with: "lure.subject"), on: graph)
                let general = try values(
                    "incidents | count by " + key.replacingOccurrences(of: "S", with: "coalesce(lure.subject)"),
                    on: graph)
                #expect(fast.count > 1 && exactly(fast) == exactly(general), "\(key) \(subjects)")
            }
        }
    }

    @Test("sort by a key that reads one text property alone, placed once per text, gives the general order and errors")
    func textFunctionSortKeys() throws {
        let statements = [
            "incidents | sort upper(outcome), id | select id", "incidents | sort lower(outcome), id | select id",
            "incidents | sort split(outcome, \"e\")[1] desc, ts | take 20 | select id",
            "lures | sort len(subject) > 30, lower(theme) desc, id | select id",
        ]
        try expectSameRows(
            statements.map { fast in
                (
                    fast,
                    fast.replacingOccurrences(
                        of: #"\((vector|outcome|theme)"#, with: "(coalesce($1)", options: .regularExpression)
                )
            }, nonEmpty: true)
        expectSameError(
            "incidents | sort split(outcome, \"\"), id", "incidents | sort split(coalesce(outcome), \"\"), id")
        // é written two ways: one text number, but texts a sort places apart (by their scalars).
        var builder = GraphBuilder(schema: session.graph.schema)
        try builder.addLures(
            subjects: ["caf\u{E9}", "Cafe\u{301}", "CAFE", "b", "caf\u{E9}", "cafe\u{301}"], copies: 4)
        let graph = try builder.build()
        let fast = try values("lures | sort upper(subject) desc, id | select id", on: graph)
        #expect(fast == (try values("lures | sort upper(coalesce(subject)) desc, id | select id", on: graph)))
        // Texts first met past the first batch of rows (8,192); `outcome` is the incidents' own
        // (`vector` is a campaign's too, which no fast path reads).
        var many = GraphBuilder(schema: session.graph.schema)
        for index in 0..<12_000 {
            let outcome = index < 9_000 ? "a-x" : ["b-y", "c-z", "a-x"][index % 3]
            try many.addNode(
                id: "i\(index)", kind: "incident", properties: ["outcome": .string(outcome)], provenance: .synthetic)
        }
        let manyGraph = try many.build()
        let sorted = try values("incidents | sort upper(outcome) desc, id | take 5 | select id", on: manyGraph)
        let general = try values(
            "incidents | sort upper(coalesce(outcome)) desc, id | take 5 | select id", on: manyGraph)
        #expect(sorted == general)
    }

    @Test("texts equal as Swift strings (é written two ways) fall in one group, keyed as first met")
    func textGroupsByEquality() throws {
        let graph = try cafeLures()
        let numbered = try values("lures | sort id desc | count by subject", on: graph)
        #expect(numbered == [[.string("caf\u{E9}"), .int(3)], [.string("cafe"), .int(1)]])
        #expect(numbered == (try values("lures | sort id desc | count by coalesce(subject)", on: graph)))
    }

    @Test("a text compared by its distinct texts tells apart texts Swift strings equate (é written two ways)")
    func textEqualityByScalars() throws {
        let graph = try cafeLures()
        for condition in ["subject == \"caf\u{E9}\"", "subject != \"cafe\u{301}\"", "subject == \"cafe\""] {
            let general = condition.replacingOccurrences(of: "subject", with: "coalesce(subject)")
            let fast = try values("lures | where \(condition) | select id", on: graph)
            let slow = try values("lures | where \(general) | select id", on: graph)
            #expect(fast == slow, "\(condition)")
        }
        let composed = try values("lures | where subject == \"caf\u{E9}\" | select id", on: graph)
        #expect(composed.count == 2)
        // On texts no two ways of writing share a number, each distinct text is compared once.
        let plain = try values(#"incidents | where vector == "vpn-device" | select id"#, on: session.graph)
        let general = try values(#"incidents | where coalesce(vector) == "vpn-device" | select id"#, on: session.graph)
        #expect(!plain.isEmpty && plain == general)
    }

    @Test(
        "a match's where comparing a property several kinds declare with a text gives its error where one kind declares it a number"
    )
    func textTestOfMixedProperty() throws {
        // `code` is a text on a box and a whole number on a tag; a box holds tags.
        func kind(_ name: String, code type: ValueType) throws -> KindSchema {
            let code = PropertySchema(name: "code", type: type, doc: "")
            return try KindSchema(name: name, plural: name + "s", doc: "", properties: [code], display: [])
        }
        let schema = try Schema(
            kinds: [kind("box", code: .string), kind("tag", code: .int)],
            edgeLabels: [EdgeLabelSchema(name: "holds", from: ["box"], to: ["tag"], doc: "")], links: [])
        var builder = GraphBuilder(schema: schema)
        for index in 0..<6 {
            let (box, tag) = ("b\(index)", "t\(index)")
            try builder.addNode(
                id: box, kind: "box", properties: ["code": .string("x\(index)")], provenance: .synthetic)
            try builder.addNode(id: tag, kind: "tag", properties: ["code": .int(index)], provenance: .synthetic)
            try builder.addEdge(from: box, to: tag, label: "holds", provenance: .synthetic)
        }
        let graph = try builder.build()
        // A test after one that fails on a tag is not tried first: the error comes as row by row.
        for condition in [
            #"t.code contains "1""#, #"b.code contains "1""#, #"t.code contains "1" and b.code == "none""#,
        ] {
            let pushed = failure("match (b:box)-[:holds]->(t) where \(condition) | count", on: graph)?.message
            let after = failure("match (b:box)-[:holds]->(t) | skip 0 | where \(condition) | count", on: graph)?.message
            #expect(pushed == after, "\(condition)")
        }
        #expect(failure(#"match (b:box)-[:holds]->(t) where t.code contains "1" | count"#, on: graph) != nil)
    }

    @Test(
        "min, max, first and last of id or of texts that rarely repeat, and len(id), give what the general form gives: texts past a shared first eight bytes, é written two ways, groups and a where"
    )
    func textChoicesAndIDLengths() throws {
        // Texts that agree in their first eight bytes, end there or go on, or are not ASCII (é as
        // one scalar and as two, an emoji with a skin tone: one character of two scalars), in no
        // order; as ids, and as the lures' subjects in another order (some lures without one).
        let texts = [
            "abcdefgh", "abcdefgh-a", "abcdefghi", "abcdefgg", "a", "日本", "日", "\u{E9}", "e\u{301}", "Z",
            "abcdefgh.", "\u{1F44D}\u{1F3FD}", "zz",
        ]
        var builder = GraphBuilder(schema: session.graph.schema)
        for (index, id) in texts.enumerated() {
            let subject = index % 4 == 3 ? [:] : ["subject": Value.string(texts[(index * 5) % texts.count])]
            try builder.addNode(id: id, kind: "lure", properties: subject, provenance: .synthetic)
        }
        for (index, id) in texts.enumerated() where index % 3 != 1 {
            try builder.addNode(id: "inc-\(index)", kind: "incident", properties: [:], provenance: .synthetic)
            try builder.addEdge(from: "inc-\(index)", to: id, label: "used_lure", provenance: .synthetic)
        }
        let graph = try builder.build()
        let statements = [
            "nodes | summarize min(id) as a, max(id) as b, first(id) as c, last(id) as d by kind",
            "lures | summarize min(id) as a, max(id) as b, first(id) as c, last(id) as d, count() as n",
            "lures | where len(id) > 1 | summarize min(id) as a, max(id) as b",
            // All alike in their first eight bytes: ordered by the rest.
            "lures | where id starts with \"abcdefgh\" | summarize min(id) as a, max(id) as b, last(id) as c",
            "lures | where coalesce(len(id)) > 1 | summarize max(id) as a, first(id) as b by len(id)",
            "lures | sort id desc | take 6 | summarize min(id) as a, last(id) as b",
            "lures | summarize min(subject) as a, max(subject) as b, first(subject) as c, last(subject) as d",
            "nodes | summarize min(subject) as a, max(subject) as b, last(subject) as c by kind",
            "lures | where id starts with \"a\" | summarize min(subject) as a, max(subject) as b by len(id)",
            "lures | sort id | take 9 | summarize max(subject) as a, first(subject) as b",
            "nodes | count by len(id) | sort 1", "lures | summarize sum(len(id)) as s, max(len(id)) as m",
            "lures | where len(id) == 1 | select id", "nodes | sort len(id) desc, id | take 5 | select id",
        ]
        for statement in statements {
            let general = statement.replacingOccurrences(of: "(id)", with: "(coalesce(id))")
                .replacingOccurrences(of: "(subject)", with: "(coalesce(subject))")
            let (fast, slow) = (try values(statement, on: graph), try values(general, on: graph))
            #expect(!fast.isEmpty && exactly(fast) == exactly(slow), "\(statement)")
        }
        let extremes = try values("lures | summarize min(id), max(id)", on: graph)
        #expect(extremes == [[.string("Z"), .string("\u{1F44D}\u{1F3FD}")]])
    }

    @Test("sort by a text, directly and through a link: texts ordered by their bytes past a shared first eight")
    func textPlaces() throws {
        // Texts that agree in their first eight bytes, end there, hold a NUL, or are not ASCII,
        // in no order; incidents link to them in another order.
        let subjects = [
            "abcdefgh", "abcdefgh\u{0}", "abcdefghi", "abcdefgg", "", "a", "a\u{0}", "a\u{0}b", "abcdefgh\u{0}a",
            "日本", "日", "\u{E9}", "e", "abcdefghi", "Z", "abcdefgh ",
        ]
        var builder = GraphBuilder(schema: session.graph.schema)
        for (index, subject) in subjects.enumerated() {
            try builder.addNode(
                id: "lure-\(index)", kind: "lure", properties: ["subject": .string(subject)], provenance: .synthetic)
        }
        try builder.addNode(id: "lure-none", kind: "lure", properties: [:], provenance: .synthetic)
        for index in 0...subjects.count {
            let lure = index == subjects.count ? "lure-none" : "lure-\((index * 7) % subjects.count)"
            try builder.addNode(id: "inc-\(index)", kind: "incident", properties: [:], provenance: .synthetic)
            try builder.addEdge(from: "inc-\(index)", to: lure, label: "used_lure", provenance: .synthetic)
        }
        let graph = try builder.build()
        for statement in [
            "lures | sort subject | select id", "lures | sort subject desc | select id",
            "lures | top 5 by subject asc | select id", "incidents | sort lure.subject | select id",
            "incidents | sort lure.subject desc, id | select id", "incidents | top 4 by lure.subject | select id",
        ] {
            let general = statement.replacingOccurrences(
                of: #"(lure\.subject|subject)"#, with: "coalesce($1)", options: .regularExpression)
            let (fast, slow) = (try values(statement, on: graph), try values(general, on: graph))
            #expect(fast.count > 3 && fast == slow, "\(statement)")
        }
    }

    @Test("len of a text property of one kind, as a number per row: conditions, groups, sums and sorts as row by row")
    func textLengths() throws {
        // Subjects in Japanese and English, some null; nodes of other kinds have none.
        let statements = [
            "lures | where len(subject) > 20 | select id", "nodes | where len(subject) <= 12 | select id",
            "lures | where len(subject) is null | select id", "lures | count by len(subject) | sort count desc, 1",
            "lures | summarize sum(len(subject)), max(len(subject_en)), avg(len(subject))",
            "lures | sort len(subject) desc, id | select id", "nodes | top 6 by len(subject) | select id",
            "lures | where len(subject) - len(subject_en) > 0 or len(file_name) == 9 | select id",
            "lures | extend n = len(subject) * 2 | where n > 40 | select id, n",
        ]
        try expectSameRows(
            statements.map {
                (
                    $0,
                    $0.replacingOccurrences(
                        of: #"len\(([a-z_]+)\)"#, with: "len(coalesce($1))", options: .regularExpression)
                )
            }, nonEmpty: true)
        // `café` with é as one scalar and as two: four characters either way.
        let graph = try cafeLures()
        #expect(try values("lures | where len(subject) == 4 | count", on: graph) == [[.int(4)]])
    }

    @Test("a where fused into count by or summarize gives the rows and provenance of the where as a stage of its own")
    func passingNodesGrouped() throws {
        let statements = [
            "incidents | where true_phase == 2 | count by vector",
            #"incidents | where outcome == "stolen" | summarize sum(files_exfiltrated), median(accounts_compromised) by true_phase"#,
            #"nodes | where kind == "lure" | count by language"#,
            "incidents | where true_phase != 2 | count by outcome | top 2 by count",
            "incidents | where files_exfiltrated > 3 | summarize first(ts), distinct_count(target) by actor",
            "incidents | where true_phase == 9 | count by vector",
        ]
        for statement in statements {
            let general = statement.replacingOccurrences(of: " | count", with: " | skip 0 | count")
                .replacingOccurrences(of: " | summarize", with: " | skip 0 | summarize")
            let (fused, apart) = (try session.rows(statement), try session.rows(general))
            #expect(fused.rows.map(\.values) == apart.rows.map(\.values), "\(statement)")
            #expect(fused.rows.isEmpty || fused.computedFrom == apart.computedFrom, "\(statement)")
        }
        // None passing: no group and no key read, and what the filter tested row by row gives,
        // provenance line (none) included.
        for statement in [
            #"incidents | where outcome == "no-such-outcome" | count by true_phase"#,
            #"incidents | where outcome == "no-such-outcome" | summarize avg(files_exfiltrated), count() by vector"#,
            #"incidents | where outcome == "no-such-outcome" | summarize max(ts), count()"#,
            #"incidents | where outcome == "no-such-outcome" | count by target | top 2 by count"#,
        ] {
            let rowByRow = statement.replacingOccurrences(of: "outcome ==", with: "coalesce(outcome) ==")
            let (fused, tested) = (try session.rows(statement), try session.rows(rowByRow))
            #expect(fused.rows.map(\.values) == tested.rows.map(\.values), "\(statement)")
            #expect(fused.computedFrom == tested.computedFrom, "\(statement)")
        }
        let failing = "incidents | where true_phase == 2 | summarize sum(vector) by outcome"
        let message = session.diagnostic(failing)?.message
        #expect(
            message != nil
                && message
                    == session.diagnostic(
                        failing.replacingOccurrences(of: " | summarize", with: " | skip 0 | summarize"))?.message
        )
    }

    @Test("groups by one int property read from its column: the general groups, large, negative and null keys too")
    func integerColumnGroups() throws {
        var builder = GraphBuilder(schema: session.graph.schema)
        let numbers: [Int?] = [3, nil, -7, 2_000, Int.max, 3, Int.min, nil, 1_023, 1_024, -7, 0]
        for (index, number) in numbers.enumerated() {
            try builder.addNode(
                id: "inc-\(index)", kind: "incident",
                properties: number.map {
                    [
                        "files_exfiltrated": .int($0), "true_phase": .int(index % 3),
                        "name": .string(index % 4 == 0 ? "x" : "y"),
                    ]
                } ?? [:],
                provenance: .synthetic)
        }
        let graph = try builder.build()
        for (fast, general) in [
            ("incidents | count by files_exfiltrated", "incidents | count by coalesce(files_exfiltrated)"),
            (
                "incidents | count by true_phase, files_exfiltrated",
                "incidents | count by coalesce(true_phase), coalesce(files_exfiltrated)"
            ),
            ("incidents | count by name, true_phase", "incidents | count by coalesce(name), coalesce(true_phase)"),
            (
                "incidents | where true_phase != 1 | summarize max(true_phase) as m by files_exfiltrated",
                "incidents | where true_phase != 1 | summarize max(coalesce(true_phase)) as m by coalesce(files_exfiltrated)"
            ),
        ] {
            let (a, b) = (try values(fast, on: graph), try values(general, on: graph))
            #expect(a.count > 5 && a == b, "\(fast)")
        }
        try expectSameRows(
            [
                ("incidents | count by true_phase", "incidents | count by coalesce(true_phase)"),
                (
                    #"incidents | where vector != "vpn-device" | summarize avg(files_exfiltrated) as a by accounts_compromised"#,
                    #"incidents | where vector != "vpn-device" | summarize avg(files_exfiltrated) as a by coalesce(accounts_compromised)"#
                ),
                ("nodes | count by true_phase", "nodes | count by coalesce(true_phase)"),
            ], nonEmpty: true)
        // Two whole numbers spread too far for an array: pairs packed into one number when both
        // fit in 32 bits (null beside them), the others kept as they are.
        var spread = GraphBuilder(schema: session.graph.schema)
        var random = SampleRandom(seed: 11)
        for index in 0..<3_000 {
            let files = random.pick([nil, 0, -1, 5_000, -40_000, 1 << 31, -(1 << 31), 1 << 40, Int.min, 7, 70_000])
            let accounts = random.pick([nil, 0, 1, -1, 3, 1 << 33, 2_147_483_647, 90_000] as [Int?])
            var properties: [String: Value] = [:]
            properties["files_exfiltrated"] = files.map(Value.int)
            properties["accounts_compromised"] = accounts.map(Value.int)
            try spread.addNode(id: "inc-\(index)", kind: "incident", properties: properties, provenance: .synthetic)
        }
        let spreadGraph = try spread.build()
        let pairs = try values("incidents | count by files_exfiltrated, accounts_compromised", on: spreadGraph)
        let general = "incidents | count by coalesce(files_exfiltrated), coalesce(accounts_compromised)"
        let generalPairs = try values(general, on: spreadGraph)
        #expect(pairs.count > 80 && pairs == generalPairs)
    }

    @Test("a filtered count or aggregate rests on the kept nodes' provenance, of one kind only when all are")
    func filteredProvenance() throws {
        let origins = session.graph.origins()
        for (condition, source) in [
            ("files_exfiltrated > 1", "incidents"), ("files_exfiltrated > 1 or is_lure", "nodes"),
            (#"vector == "vpn-device""#, "incidents"), ("true_phase == 2", "nodes"),
        ] {
            let kept = try session.rows("\(source) | where \(condition)").rows.compactMap(\.node)
            for tail in ["count", "summarize max(files_exfiltrated) as m"] {
                let tally = try session.rows("\(source) | where \(condition) | \(tail)").computedFrom
                for origin in Provenance.Origin.allCases {
                    let expected = kept.count { origins.origin(of: $0) == origin }
                    #expect(tally?.count(of: origin) == expected, "\(condition) | \(tail): \(origin)")
                }
                let kinds = Set(kept.map(origins.kindIndex(of:)))
                #expect(tally?.kindIndex == (kinds.count == 1 ? kinds.first : nil), "\(condition) | \(tail)")
            }
        }
    }

    @Test("a count or grouping of every node rests on every node's provenance, of one kind only when the graph has one")
    func everyNodeProvenance() throws {
        let oneKind = try incidents(30, minute: { $0 }) { ["true_phase": .int($0 % 2)] }
        for graph in [session.graph, oneKind] {
            let origins = graph.origins()
            let nodes = (0..<graph.nodeCount).map { NodeID(index: $0) }
            let kinds = Set(nodes.map(origins.kindIndex(of:)))
            for statement in ["nodes | count", "nodes | count by kind", "nodes | summarize n = count() by provenance"] {
                let run = QueryRunner.run(statement, graph: graph, state: QueryState())
                guard case .success((.rows(let rows), _)) = run else {
                    throw GraphError(.invalid, "\(statement) failed")
                }
                for origin in Provenance.Origin.allCases {
                    let expected = nodes.count { origins.origin(of: $0) == origin }
                    #expect(rows.computedFrom?.count(of: origin) == expected, "\(statement): \(origin)")
                }
                #expect(rows.computedFrom?.kindIndex == (kinds.count == 1 ? kinds.first : nil), "\(statement)")
            }
        }
    }

    @Test("rows read as a kind's table in order stop being read so once they change")
    func kindTableOrder() throws {
        let position = try #require(session.graph.schema.kindPosition(of: "incident"))
        var rows = RowSet.kindTable(position, of: session.graph)
        #expect(rows.kindTable == position && rows.rows.count == session.graph.nodeCount(ofKind: "incident"))
        rows.rows.append(rows.rows[0])
        #expect(rows.kindTable == nil)
        var replaced = RowSet.kindTable(position, of: session.graph)
        replaced.rows = Array(replaced.rows.reversed())
        #expect(replaced.kindTable == nil && !replaced.nodesAreDistinct)
        var reached = RowSet.distinctNodes(numbered: [3, 1, 2])
        #expect(reached.nodesAreDistinct)
        reached.rows.append(reached.rows[0])
        #expect(!reached.nodesAreDistinct)
        // Stages that reorder or cut the rows before a column is read by position.
        try expectSameRows(
            [
                (
                    "incidents | sort ts desc | where files_exfiltrated > 1 | select id",
                    "incidents | sort ts desc | where coalesce(files_exfiltrated) > 1 | select id"
                ),
                (
                    "incidents | sort id desc | take 50 | top 5 by files_exfiltrated | select id",
                    "incidents | sort id desc | take 50 | top 5 by coalesce(files_exfiltrated) | select id"
                ),
                (
                    "incidents | sort ts | where vector != \"vpn-device\" | summarize max(ts) as m by true_phase, vector",
                    "incidents | sort ts | where coalesce(vector) != \"vpn-device\" | summarize max(coalesce(ts)) as m by coalesce(true_phase), coalesce(vector)"
                ),
            ], nonEmpty: true)
    }

    @Test("aggregates worked out one at a time fail as row by row: the first failing row's error")
    func aggregateFailures() throws {
        var builder = GraphBuilder(schema: session.graph.schema)
        try builder.addNode(
            id: "inc-0", kind: "incident", properties: ["files_exfiltrated": .int(1), "name": .string("x")],
            provenance: .synthetic)
        try builder.addNode(id: "inc-1", kind: "incident", properties: ["name": .string("y")], provenance: .synthetic)
        let graph = try builder.build()
        func code(_ statement: String) -> String? { failure(statement, on: graph)?.code }
        // Row 0: the first aggregate sums 1, the second fails; row 1 would fail the first.
        #expect(
            code("incidents | summarize sum(coalesce(files_exfiltrated, name)) as a, sum(1 + name) as b")
                == "type.arithmetic")
        #expect(code("incidents | summarize sum(coalesce(files_exfiltrated, name)) as a") == "type.aggregate")
        // Row 1: the fused filter fails before the aggregate would.
        #expect(
            code(
                "incidents | where files_exfiltrated > 0 or name + 1 > 0 | summarize sum(coalesce(files_exfiltrated, name)) as a"
            ) == "type.arithmetic")
    }

    @Test("a range with constant bounds, worked out once, gives what the general form gives row by row")
    func constantRange() throws {
        for condition in [
            "ts in 2023-02..2023-10", "ts not in 2021-01-01..2022-06-30", "files_exfiltrated in 1..100",
            "true_phase in 2..3", "ts in 2023-07-12T00:00:00Z..2024-01", "name in \"A\"..\"M\"",
        ] {
            // A lower bound read through coalesce() is not constant to the compiler: the general way.
            let parts = condition.components(separatedBy: " in ")
            let general = parts[0] + " in coalesce(" + parts[1].replacingOccurrences(of: "..", with: ")..")
            let a = try session.rows("incidents | where \(condition) | select id").rows.map(\.values)
            let b = try session.rows("incidents | where \(general) | select id").rows.map(\.values)
            #expect(!a.isEmpty && a == b, "\(condition)")
        }
        let mismatch = session.diagnostic("incidents | where name in 1..3 | count")
        let general = session.diagnostic("incidents | where name in coalesce(1)..3 | count")
        #expect(mismatch != nil && mismatch?.message == general?.message)
    }

    @Test("a whole-number property compared with a literal reads the column's integers: the general form's answers")
    func integerComparison() throws {
        for condition in [
            "files_exfiltrated == 0", "files_exfiltrated != 3", "true_phase < 2", "true_phase >= 2", "ts > 2023-06-01",
            "ts <= 2023-06-01T09:00Z", "ts == 2024-05-01T00:00:00Z", "ts != 2024-05-01T00:00:00Z",
            "files_exfiltrated > 1.5", "ts == 2024-05-01", "true_phase != 2", "accounts_compromised >= 1",
        ] {
            // A literal read through coalesce() is the general way.
            let parts = condition.split(separator: " ", maxSplits: 2).map(String.init)
            let general = "\(parts[0]) \(parts[1]) coalesce(\(parts[2]))"
            let a = try session.rows("incidents | where \(condition) | select id").rows.map(\.values)
            let b = try session.rows("incidents | where \(general) | select id").rows.map(\.values)
            #expect(a == b, "\(condition)")
        }
        #expect(try !session.rows("incidents | where ts == 2024-05-01T00:00:00Z | select id").rows.isEmpty)
        // Text compared with the numbers: the checker refuses the literal before anything runs,
        // the general form fails on the first row.
        let mismatch = session.diagnostic("incidents | where files_exfiltrated < \"a\" | count")
        let general = session.diagnostic("incidents | where files_exfiltrated < coalesce(\"a\") | count")
        #expect(mismatch?.code == "type.compare" && general?.code == "type.compare")
    }

    @Test("operations on constants are worked out once: the general answers, and their errors only where they run")
    func foldedConstants() throws {
        for condition in ["ts > 2023-05-01 + 31d", "files_exfiltrated > 2 * 3", "accounts_compromised >= abs(-1)"] {
            let parts = condition.split(separator: " ", maxSplits: 2).map(String.init)
            let general = "\(parts[0]) \(parts[1]) coalesce(\(parts[2]))"
            let a = try session.rows("incidents | where \(condition) | select id").rows.map(\.values)
            let b = try session.rows("incidents | where \(general) | select id").rows.map(\.values)
            #expect(!a.isEmpty && a == b, "\(condition)")
        }
        // A constant that fails fails only on rows that evaluate it.
        let skipped = try session.rows(#"incidents | where false and 1 + "a" > 0 | count"#)
        #expect(skipped.rows.first?.values.first == .int(0))
        #expect(session.diagnostic(#"incidents | where true and 1 + "a" > 0 | count"#)?.code == "type.arithmetic")
    }

    @Test("calendar fields of an instant property read its milliseconds: the same as through an expression")
    func calendarOfStoredInstant() throws {
        // A zone that is not written as text is looked up row by row: the general form, which
        // still reads the property by name (and so its recorded precision).
        try expectSameRows(
            [
                (
                    #"incidents | count by weekday(ts, "Asia/Shanghai"), hour(ts, "Asia/Shanghai")"#,
                    #"incidents | count by weekday(ts, coalesce("Asia/Shanghai")), hour(ts, coalesce("Asia/Shanghai"))"#
                ),
                (
                    #"incidents | extend h = hour(ts, "America/New_York"), d = date(ts) | select id, h, d"#,
                    #"incidents | extend h = hour(ts, coalesce("America/New_York")), d = date(ts, coalesce("UTC")) | select id, h, d"#
                ),
                (
                    "incidents | extend m = month(ts), y = year(ts) | select id, m, y",
                    "incidents | extend m = month(coalesce(ts)), y = year(coalesce(ts)) | select id, m, y"
                ),
            ], nonEmpty: true)
    }

    @Test("sum and avg of an int property read its integers: the same as through an expression")
    func integerSums() throws {
        try expectSameRows(
            [
                (
                    "incidents | summarize sum(files_exfiltrated) as f, avg(accounts_compromised) as a by target",
                    "incidents | summarize sum(coalesce(files_exfiltrated)) as f, avg(coalesce(accounts_compromised)) as a by target"
                ),
                (
                    "incidents | summarize sum(true_phase) as s, count() as n",
                    "incidents | summarize sum(true_phase + 0) as s, count() as n"
                ),
            ], nonEmpty: true)
    }

    @Test("distinct on node rows keeps each node once, in first-seen order, as distinct by id does")
    func distinctNodes() throws {
        for source in [
            "incidents | out targeted", "@jaxa | in | out", "incidents | out", "lures | in used_lure | out targeted",
            "incidents | take 40 | out used_lure", "incidents", "@jaxa | in | out | sort id desc",
        ] {
            let a = try session.rows(source + " | distinct | select id").rows.map(\.values)
            let b = try session.rows(source + " | distinct id | select id").rows.map(\.values)
            #expect(!a.isEmpty && a == b, "\(source)")
        }
    }

    @Test("groups come in the order sort gives them: ids and Japanese text by Unicode scalars, nulls last, mixed kinds")
    func groupOrder() throws {
        let groupings = [
            ("incidents | count by lure", "count desc, lure"),
            ("incidents | count by target, vector", "count desc, target, vector"),
            ("lures | count by subject", "count desc, subject"),
            ("incidents | count by coalesce(lure, vector) as k, true_phase", "count desc, k, true_phase"),
            ("incidents | summarize count() as n by lure.subject as s, true_phase", "s, true_phase"),
            ("incidents | summarize max(ts) as last by coalesce(lure.subject, target) as k", "k"),
        ]
        for (grouped, order) in groupings {
            let direct = try session.rows(grouped).rows.map(\.values)
            let sorted = try session.rows(grouped + " | sort " + order).rows.map(\.values)
            #expect(direct.count > 1 && direct == sorted, "\(grouped)")
        }
    }

    @Test("links compared with @id or an id's text, and links as group keys")
    func links() throws {
        let pairs = [
            ("incidents | where target == @jaxa | count", "incidents | where target == coalesce(@jaxa) | count"),
            (
                #"incidents | where target.sector != "media" | count"#,
                #"incidents | where target.sector != coalesce("media") | count"#
            ),
            (
                #"incidents | where target.sector == "no-such-sector" | count"#,
                #"incidents | where target.sector == coalesce("no-such-sector") | count"#
            ),
            ("incidents | count by target.sector", "incidents | count by coalesce(target.sector)"),
            (
                "incidents | summarize sum(files_exfiltrated), max(ts), count() by target, true_phase",
                "incidents | summarize sum(files_exfiltrated), max(ts), count() by coalesce(target), true_phase"
            ),
            (
                "incidents | where vector == \"vpn-device\" | count by hour(ts, \"Asia/Shanghai\"), weekday(ts)",
                "incidents | where vector == coalesce(\"vpn-device\") | extend h = hour(ts, \"Asia/Shanghai\"), w = weekday(ts) | count by h, w"
            ),
        ]
        try expectSameRows(pairs, nonEmpty: false)
    }
}
