import QuerySyntax
import Testing

@Suite("Parsing statements")
struct ParserTests {
    /// Every example of QUERY.md, and more.
    static let valid = [
        #"incidents | where campaign.phase == 2 and target.sector in ["semiconductor", "academia"] | count by target.sector"#,
        "incidents | where ts in 2023-02..2023-10 | sort ts desc | take 5 | select id, ts, target.name, lure.subject",
        "@jaxa | in targeted | select id, ts, vector, files_exfiltrated",
        "@mirrorface | out linked_to *1..2 | select name, kind",
        #"match (i:incident)-[:used_lure]->(l:lure) where l.theme == "taiwan-strait" | count by year(i.ts)"#,
        "path @jaxa -> @mss max 4",
        "let p3 = incidents | where ts >= 2024-06-01",
        "p3 | score lures | top 10 by lure_score",
        "incidents | where actor == @mirrorface | attribute timing",
        #"incidents | heatmap hour(ts, "Asia/Shanghai") by weekday(ts, "Asia/Shanghai")"#,
        #"lure_score("日米同盟に関する勉強会")"#,
        #"hour(2024-06-03T01:30Z, "Asia/Shanghai")"#,
        "def stage recent(n) = sort ts desc | take n",
        #"def fn cn_hour(t) = hour(t, "Asia/Shanghai")"#,
        #"tag incidents | where outcome == "stolen" as "leaks""#,
        #"note @jaxa "Four intrusions, all through VPN devices""#,
        "incidents | summarize count() as n, sum(files_exfiltrated) as files by year(ts)",
        "incidents | extend hours = ts - ts, late = hour(ts) >= 18 | distinct vector",
        "incidents | where not (files_exfiltrated is null) and vector != \"vpn-device\" or ts between 2023-01-01 and 2023-12-31",
        "incidents | where any(malware, m => m.name starts with \"LODE\") | skip 2 | take 1",
        "match (a:actor)-[:linked_to]-(b), (b)-[:sponsored_by]->(c:org {name: \"Ministry of State Security\"}) | select a, c",
        "incidents | timeline by month",
        "incidents | chart bar by vector",
        #"incidents | export csv "out.csv""#,
        "incidents | where ts >= 2024-06-01T09:30:00+08:00 and ts < 2024-06-01 + 90d 12h",
        "lures | score lures on subject | where lure_score > 50",
        "incidents | discover phases 3",
        "@\"jaxa\" | both *2",
        "1 + 2 * 3 % 4 - -5",
        "[1, 2, 3][0]",
    ]

    @Test("the examples parse", arguments: valid)
    func parses(statement: String) throws {
        let result = Parser.parse(statement)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map { $0.rendered(source: statement) })")
        #expect(result.statement != nil)
        #expect(!result.isIncomplete)
    }

    @Test("precedence: and binds tighter than or, comparison tighter than and, * tighter than +")
    func precedence() throws {
        let statement = try #require(Parser.parse("a or b and c == 1 + 2 * 3").statement)
        guard case .expression(let expression) = statement.kind,
            case .binary(.or, _, let right) = expression.kind,
            case .binary(.and, _, let comparison) = right.kind,
            case .binary(.equal, _, let sum) = comparison.kind,
            case .binary(.add, _, let product) = sum.kind,
            case .binary(.multiply, _, _) = product.kind
        else {
            Issue.record("wrong tree: \(statement)")
            return
        }
    }

    @Test("a month range, a duration sum and node references keep their values")
    func literals() throws {
        let statement = try #require(
            Parser.parse("incidents | where ts in 2023-02..2023-10 and age > 90d 12h").statement)
        guard case .query(let query) = statement.kind, case .filter(let condition) = query.stages.first?.kind,
            case .binary(.and, let inRange, let age) = condition.kind,
            case .binary(.in, _, let range) = inRange.kind,
            case .range(let low, let high) = range.kind,
            case .binary(.greater, _, let duration) = age.kind
        else {
            Issue.record("wrong tree")
            return
        }
        #expect(low.kind == .literal(.month(year: 2023, month: 2)))
        #expect(high.kind == .literal(.month(year: 2023, month: 10)))
        #expect(duration.kind == .literal(.duration(90 * 86_400 + 12 * 3_600)))
    }

    @Test(
        "unfinished statements ask for another line",
        arguments: [
            "incidents |", "incidents | where x in [1,", "incidents | select f(", "match (i:incident)-[:used_lure]->",
            "incidents | where subject == \"日米",
            "let x =", "incidents | where a and",
        ])
    func incomplete(statement: String) {
        let result = Parser.parse(statement)
        #expect(result.isIncomplete, "\(statement)")
        #expect(result.statement == nil)
    }

    struct BadStatement: Sendable, CustomTestStringConvertible {
        let source: String
        let code: String
        /// The text the caret must sit under.
        let at: String
        var testDescription: String { source }
    }

    static let bad = [
        BadStatement(source: "incidents | where sector = \"media\"", code: "syntax.assignment", at: "="),
        BadStatement(source: "incidents | take \"many\"", code: "syntax.expected", at: "\"many\""),
        BadStatement(source: "incidents | top 5 vector", code: "syntax.expected", at: "vector"),
        BadStatement(source: "incidents | where (a", code: "syntax.incomplete", at: ""),
        BadStatement(source: "incidents | where a ! b", code: "lex.unexpected-character", at: "!"),
        BadStatement(source: "incidents | select 12abc", code: "lex.bad-number", at: "12abc"),
        BadStatement(source: "incidents | where x == \"a\\q\"", code: "lex.bad-escape", at: "\\q"),
        BadStatement(source: "incidents | extend hour(ts)", code: "syntax.extend-name", at: "hour(ts)"),
        BadStatement(source: "match i:incident", code: "syntax.pattern", at: "i"),
        BadStatement(source: "incidents | out linked_to *0", code: "syntax.hops", at: ""),
        BadStatement(source: "path jaxa -> @mss", code: "syntax.expected", at: "jaxa"),
        BadStatement(source: "def thing x = 1", code: "syntax.definition", at: "thing"),
        BadStatement(source: "@ | take 1", code: "lex.empty-node-reference", at: "@"),
        BadStatement(source: "incidents | take 3 4", code: "syntax.stage-trailing", at: "4"),
    ]

    @Test("syntax errors have a code and a span under the offending text", arguments: bad)
    func errors(_ example: BadStatement) throws {
        let result = Parser.parse(example.source)
        let diagnostic = try #require(result.diagnostics.first, "no error for \(example.source)")
        #expect(diagnostic.code == example.code, "\(diagnostic.rendered(source: example.source))")
        if !example.at.isEmpty, let span = diagnostic.span {
            let text = String(Array(example.source)[span.start..<min(span.end, example.source.count)])
            #expect(text == example.at, "\(diagnostic.rendered(source: example.source))")
        }
    }

    @Test("errors in several stages are all reported")
    func recovery() {
        let result = Parser.parse("incidents | take \"x\" | where a = 1 | count by")
        #expect(result.diagnostics.map(\.code) == ["syntax.expected", "syntax.assignment", "syntax.incomplete"])
    }

    @Test("deep nesting is refused with a diagnostic, not a crash")
    func deepNesting() {
        let source = String(repeating: "(", count: 5_000) + "1" + String(repeating: ")", count: 5_000)
        let result = Parser.parse(source)
        #expect(result.diagnostics.contains { $0.code == "syntax.too-deep" })
    }

    @Test(
        "long chains build trees as deep as they are long: refused like deep nesting, short ones kept",
        arguments: [
            "1" + String(repeating: "+1", count: 8_000), "[1]" + String(repeating: "[0]", count: 8_000),
            String(repeating: "-", count: 8_000) + "1", String(repeating: "not ", count: 8_000) + "true",
            "x" + String(repeating: ".a", count: 32_700), "1" + String(repeating: " * 2", count: 5_000),
            "true" + String(repeating: " or false", count: 5_000),
        ])
    func longChains(source: String) {
        let result = Parser.parse(source)
        #expect(result.diagnostics.map(\.code) == ["syntax.too-deep"])
        #expect(Parser.parse("1" + String(repeating: "+1", count: 90)).diagnostics.isEmpty)
    }

    @Test("a duration whose parts add up past 64 bits is an error, not a trap (found by fuzz-QueryText)")
    func durationOverflow() {
        let result = Parser.parse("x == 9000000000000000000s 9000000000000000000s")
        #expect(result.diagnostics.contains { $0.code == "lex.number-too-large" })
    }
}
