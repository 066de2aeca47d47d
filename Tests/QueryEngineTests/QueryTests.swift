import Foundation
import IncidentGraph
import PluginAPI
import QueryEngine
import QuerySyntax
import SyntheticData
import TestSupport
import Testing
import WorkSchedules
import Workbench

/// Runs statements on the bundled data, keeping the state between them.
final class Session {
    let graph: IncidentGraph
    var state = QueryState()

    init() throws {
        graph = try BundledData.mirrorFace().graph
    }

    init(graph: IncidentGraph) {
        self.graph = graph
    }

    func run(_ text: String) throws -> QueryResult {
        switch QueryRunner.run(text, graph: graph, state: state) {
        case .success((let result, let newState)):
            state = newState
            return result
        case .failure(let failure):
            throw failure
        }
    }

    func rows(_ text: String) throws -> RowSet {
        guard case .rows(let rows) = try run(text) else {
            Issue.record("\(text) gave no rows")
            return RowSet(columns: [], rows: [], carriesNodes: false)
        }
        return rows
    }

    func value(_ text: String) throws -> Value {
        guard case .value(let value) = try run(text) else {
            Issue.record("\(text) gave no value")
            return .null
        }
        return value
    }

    func diagnostic(_ text: String) -> Diagnostic? {
        diagnostics(text).first
    }

    /// Every diagnostic of a failing statement, in order; empty when it runs.
    func diagnostics(_ text: String) -> [Diagnostic] {
        if case .failure(let failure) = QueryRunner.run(text, graph: graph, state: state) {
            return failure.diagnostics
        }
        return []
    }
}

/// The synthetic incidents as the CSV writer produces them: an independent path to the same facts.
enum RawIncidents {
    static func rows() throws -> [[String: String]] {
        let layer = try SyntheticLayer(options: GeneratorOptions(), schedules: try ScheduleBook.shipped())
        var text = ""
        layer.write(format: .csv, reported: try BundledData.reportedLayer(), emit: { text += $0 })
        let lines = CSVRows.parse(text)
        let header = lines[0]
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }
}

@Suite("Queries over the bundled data")
struct QueryTests {
    let session: Session

    init() throws {
        session = try Session()
    }

    @Test("a kind's rows are made once and shared: a statement that changes them leaves the next one's alone")
    func sharedKindRows() throws {
        let first = try session.rows("incidents | select id")
        _ = try session.rows("incidents | extend x = 1 | sort id desc | take 3")
        _ = try session.rows("incidents | extend lure_subject = lure.subject | where lure_subject is not null")
        let again = try session.rows("incidents")
        #expect(again.columns.isEmpty && again.rows.allSatisfy { $0.values.isEmpty })
        #expect(try session.rows("incidents | select id").rows.map(\.values) == first.rows.map(\.values))
    }

    @Test("counting and grouping agree with an independent reading of the generated records")
    func crossChecked() throws {
        let raw = try RawIncidents.rows()
        #expect(raw.count == 206)
        let byCampaign = Dictionary(grouping: raw, by: { $0["campaign"] ?? "" }).mapValues(\.count)
        let counted = try session.rows(#"incidents | where provenance == "synthetic" | count by campaign"#)
        #expect(counted.columns == ["campaign", "count"])
        for row in counted.rows {
            guard case .node(let campaign) = row.values[0] else {
                Issue.record("campaign is not a node")
                continue
            }
            #expect(row.values[1] == .int(byCampaign[campaign.id] ?? -1), "\(campaign.id)")
        }
        let stolenFiles = raw.filter { $0["outcome"] == "stolen" }.compactMap { Int($0["files_exfiltrated"] ?? "") }
            .reduce(0, +)
        let summed = try session.rows(
            #"incidents | where outcome == "stolen" | summarize sum(files_exfiltrated) as files, count() as n"#)
        #expect(summed.rows.first?.values == [.int(stolenFiles), .int(raw.filter { $0["outcome"] == "stolen" }.count)])
        let in2023 = raw.filter { ($0["ts"] ?? "").hasPrefix("2023-") }.count
        let viaIndex = try session.rows(
            #"incidents | where ts in 2023-01..2023-12 and provenance == "synthetic" | count"#)
        #expect(viaIndex.rows.first?.values == [.int(in2023)])
        let bySector = Dictionary(grouping: raw.filter { $0["campaign"] == "campaign-b" }, by: { $0["sector"] ?? "" })
            .mapValues(\.count)
        let sectors = try session.rows("incidents | where campaign == @campaign-b | count by target.sector")
        for row in sectors.rows {
            guard case .node(let sector) = row.values[0] else { continue }
            #expect(row.values[1] == .int(bySector[sector.id] ?? -1), "\(sector.id)")
        }
    }

    @Test(
        "the QUERY.md examples run",
        arguments: [
            #"incidents | where campaign.phase == 2 and target.sector in ["semiconductor", "academia"] | count by target.sector"#,
            "incidents | where ts in 2023-02..2023-10 | sort ts desc | take 5 | select id, ts, target.name, lure.subject",
            "@jaxa | in targeted | select id, ts, vector, files_exfiltrated",
            "@mirrorface | out linked_to *1..2 | select name, kind",
            #"hour(2024-06-03T01:30Z, "Asia/Shanghai")"#,
        ])
    func examples(statement: String) throws {
        _ = try session.run(statement)
    }

    @Test("the time index and a scan give the same rows in the same order, for each way of writing a time range")
    func indexMatchesScan() throws {
        // `coalesce(ts)` reads the same instants, but only by scanning.
        let ranges = [
            ("ts in 2023-02..2023-10", "coalesce(ts) >= 2023-02-01 and coalesce(ts) <= 2023-10-31T23:59:59.999Z"),
            ("ts between 2023-02-01 and 2023-10", "coalesce(ts) between 2023-02-01 and 2023-10"),
            ("ts >= 2023-06-01T00:00:00Z", "coalesce(ts) >= 2023-06-01T00:00:00Z"),
            ("ts > 2023-10-30", "coalesce(ts) > 2023-10-30"), ("ts < 2020-03-01", "coalesce(ts) < 2020-03-01"),
            ("ts <= 2020-02", "coalesce(ts) <= 2020-02"),
            ("date(ts) == 2023-10-30", "date(coalesce(ts)) == 2023-10-30"),
            (
                "ts >= 2023-01-01 and files_exfiltrated > 0",
                "coalesce(ts) >= 2023-01-01 and files_exfiltrated > 0"
            ),
            (
                "ts >= 2020-01-01 and files_exfiltrated >= 0 and ts < 2020-07",
                "coalesce(ts) >= 2020-01-01 and files_exfiltrated >= 0 and coalesce(ts) < 2020-07"
            ),
        ]
        for (indexed, scanned) in ranges {
            let statement = "incidents | where \(indexed) | select id"
            let a = try session.rows(statement).rows.map(\.values)
            let b = try session.rows("incidents | where \(scanned) | select id").rows.map(\.values)
            #expect(a == b && !a.isEmpty, "\(indexed)")
            let plan = try LinkIndexTests.plan(statement, session.graph).lines(text: statement).joined(separator: "\n")
            #expect(plan.contains("time index"), "\(indexed): \(plan)")
        }
        #expect(try session.rows("incidents | where ts in 2023-02..2023-10").rows.count > 37)
        // Ranges that do not meet: no row, read from the index all the same.
        let disjoint = "incidents | where ts >= 2023-01-01 and ts < 2022-01-01 | select id"
        #expect(try session.rows(disjoint).rows.isEmpty)
        #expect(try LinkIndexTests.plan(disjoint, session.graph).lines(text: disjoint).joined().contains("time index"))
        // Most of the kind: scanned, not read back through the index.
        let most = "incidents | where ts >= 2020-01-01 | select id"
        #expect(try !LinkIndexTests.plan(most, session.graph).lines(text: most).joined().contains("time index"))
    }

    @Test("now() is the instant the statement began, the same on every row, and a later statement's is later")
    func nowIsTheStatementsInstant() throws {
        let before = Date().timeIntervalSince1970
        // 44,100 rows: read row by row, the clock would move on between them.
        let rows = try session.rows("match (a:incident), (b:incident) | select n = now() | distinct n")
        let after = Date().timeIntervalSince1970
        #expect(rows.count == 1)
        guard case .instant(let now)? = rows.rows.first?.values.first else {
            Issue.record("now() gave \(rows.rows)")
            return
        }
        let seconds = Double(now.millisecondsSinceEpoch) / 1000
        #expect(seconds >= before.rounded(.down) && seconds <= after)
        guard case .instant(let later) = try session.value("now()") else { return }
        #expect(later.millisecondsSinceEpoch >= now.millisecondsSinceEpoch)
    }

    @Test("sorting is stable, nulls last, descending too")
    func sorting() throws {
        let rows = try session.rows("incidents | sort files_exfiltrated desc | select id, files_exfiltrated")
        let values = rows.rows.map { $0.values[1] }
        let firstNull = values.firstIndex(of: .null) ?? values.count
        #expect(values[firstNull...].allSatisfy { $0 == .null })
        let numbers = values[..<firstNull].compactMap { if case .int(let n) = $0 { n } else { nil } }
        #expect(numbers == numbers.sorted(by: >))
        #expect(
            try session.rows("incidents | sort vector | select id").rows.map(\.values)
                == (try session.rows("incidents | sort vector | select id").rows.map(\.values)))
    }

    @Test("null: missing values compare as neither true nor false, and `is null` finds them")
    func nulls() throws {
        let all = try session.rows("incidents | count").rows[0].values[0]
        let some = try session.rows("incidents | where files_exfiltrated >= 0 | count").rows[0].values[0]
        let none = try session.rows("incidents | where files_exfiltrated is null | count").rows[0].values[0]
        #expect(Arithmetic(all) == Arithmetic(some) + Arithmetic(none))
        #expect(try session.value("null == null") == .null)
        #expect(try session.value("coalesce(null, 3)") == .int(3))
    }

    @Test("time zones: the same instant in Shanghai, Tokyo and UTC")
    func timeZones() throws {
        #expect(try session.value(#"hour(2024-06-03T01:30Z, "Asia/Shanghai")"#) == .int(9))
        #expect(try session.value(#"hour(2024-06-03T01:30Z, "Asia/Tokyo")"#) == .int(10))
        #expect(try session.value("hour(2024-06-03T01:30Z)") == .int(1))
        #expect(try session.value(#"weekday(2025-01-08T20:00Z, "Asia/Tokyo")"#) == .int(4))
        #expect(
            try session.value(#"date(2024-06-03T20:00Z, "Asia/Shanghai")"#)
                == .date(try #require(Day(iso8601: "2024-06-04"))))
        #expect(try session.value("week(2021-01-03)") == .int(53))
        #expect(try session.value("quarter(2024-06-03)") == .int(2))
        #expect(try session.value(#"minute(2016-01-01T00:00Z, "Asia/Pyongyang")"#) == .int(30))
        #expect(try session.value(#"hour(2019-01-01T00:00Z, "Asia/Pyongyang")"#) == .int(9))
        #expect(try session.value(#"hour(2023-07-01T12:00Z, "America/New_York")"#) == .int(8))
        #expect(try session.value(#"hour(2023-01-01T12:00Z, "America/New_York")"#) == .int(7))
    }

    @Test("strings compare by Unicode scalars; case-insensitive matching goes through lower() or (?i)")
    func strings() throws {
        #expect(try session.value(#""台湾海峡" < "日米同盟""#) == .bool(true))  // U+53F0 before U+65E5
        #expect(try session.value(#"lower("LODEINFO") == "lodeinfo""#) == .bool(true))
        #expect(try session.value(#""Taiwan Strait" ~ "(?i)taiwan""#) == .bool(true))
        #expect(try session.value(#""【至急】日米同盟" contains "日米""#) == .bool(true))
    }

    @Test("let, def fn and def stage are remembered; a failing statement changes nothing")
    func bindings() throws {
        _ = try session.run("let p3 = incidents | where ts >= 2024-06-01")
        #expect(try session.rows("p3 | count").rows[0].values == [.int(24)])
        _ = try session.run(#"def fn cn_hour(t) = hour(t, "Asia/Shanghai")"#)
        _ = try session.run("def stage recent(n) = sort ts desc | take n")
        let recent = try session.rows("p3 | recent(3) | select id, h = cn_hour(ts)")
        #expect(recent.rows.count == 3)
        #expect(recent.columns == ["id", "h"])
        #expect(session.diagnostic("let p3 = incidents | where nonsense > 1") != nil)
        #expect(try session.rows("p3 | count").rows[0].values == [.int(24)])
    }

    @Test("summarize aggregates by group, groups in key order")
    func summarize() throws {
        let rows = try session.rows(
            #"incidents | where provenance == "synthetic" | summarize count() as n, max(ts) as last by true_phase"#)
        #expect(rows.columns == ["true_phase", "n", "last"])
        #expect(rows.rows.map { $0.values[0] } == [.int(1), .int(2), .int(3)])
        #expect(rows.rows.map { $0.values[1] } == [.int(149), .int(33), .int(24)])
    }
}

/// Integers out of single-value results, for arithmetic in tests.
private func Arithmetic(_ value: Value) -> Int {
    if case .int(let number) = value { return number }
    return -1
}

@Suite("match and path")
struct GraphQueryTests {
    @Test("a pattern binds variables, and patterns join on shared ones")
    func patterns() throws {
        let session = try Session()
        let taiwan = try session.rows(
            #"match (i:incident)-[:used_lure]->(l:lure) where l.theme == "taiwan-strait" | count"#)
        let direct = try session.rows(#"incidents | where lure.theme == "taiwan-strait" | count"#)
        #expect(taiwan.rows[0].values == direct.rows[0].values)
        let joined = try session.rows(
            "match (a:actor)-[:linked_to]->(b:actor), (b)-[:sponsored_by]->(c:org) | select a.name, b.name, c.name")
        #expect(
            joined.rows.map { $0.values.map(\.displayText) } == [
                ["MirrorFace", "menuPass", "Ministry of State Security"]
            ])
        let variable = try session.rows("match (m {id: \"mirrorface\"})-[:linked_to*1..2]-(x) | select x")
        #expect(variable.rows.map { $0.values[0].displayText } == ["@menupass"])
    }

    @Test("a shortest path is found, bounded by max, restricted by via")
    func paths() throws {
        let session = try Session()
        let path = try session.rows("path @jaxa -> @mss max 4")
        #expect(path.rows.count == 5)
        let chain = try session.rows(
            "path @jaxa -> @mss via targeted, attributed_to, linked_to, sponsored_by max 6 | select node")
        #expect(
            chain.rows.first?.values == [
                .node(NodeReference(node: try #require(session.graph.node(id: "jaxa")), id: "jaxa"))
            ])
        #expect(chain.rows.map { $0.values[0].displayText }.contains("@menupass"))
        #expect(try session.rows("path @jaxa -> @mss max 2").rows.isEmpty)
        #expect(session.diagnostic("match (x:incidnt) | count")?.hint == "did you mean `incident`?")
    }
}
