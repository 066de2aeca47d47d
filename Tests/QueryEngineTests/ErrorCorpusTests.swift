import PluginAPI
import QueryEngine
import QuerySyntax
import Spelling
import Testing

@Suite("Bad statements get a code, a span and a hint")
struct ErrorCorpusTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let statement: String
        let code: String
        /// Text under the caret.
        let at: String
        /// Part of the hint, or "" for none expected.
        let hint: String
        var testDescription: String { statement }
    }

    @Test("of names as near to a typo, the first in order is suggested, whatever order they come in")
    func nearestInOrder() {
        for names in [["kind", "end", "id"], ["end", "kind", "id"], ["id", "kind", "end"]] {
            #expect(Spelling.suggestion(for: "knd", among: names) == "end", "\(names)")
            #expect(Spelling.suggestion(for: "knd", among: Set(names)) == "end", "\(names)")
        }
        #expect(Spelling.suggestion(for: "kinnd", among: ["end", "kind"]) == "kind")
    }

    static let cases = [
        Case(
            statement: #"incidents | wher sector == "media""#, code: "name.stage", at: "wher",
            hint: "did you mean `where`?"),
        Case(
            statement: "incidnets | count", code: "source.unknown", at: "incidnets", hint: "did you mean `incidents`?"),
        Case(
            statement: "incidents | where vectr == 1", code: "name.unknown", at: "vectr", hint: "did you mean `vector`?"
        ),
        Case(statement: "@jaxx", code: "node.unknown", at: "@jaxx", hint: "did you mean `@jaxa`?"),
        // `end` and `kind` are as near: the first of the names in order, in every process (they
        // were a set's, whose order changes from one process to the next).
        Case(statement: "edges | count by from.knd", code: "name.unknown", at: "from.knd", hint: "did you mean `end`?"),
        Case(
            statement: #"incidents | where ts > "2024-01-01""#, code: "type.compare", at: #"ts > "2024-01-01""#,
            hint: "without quotes"),
        Case(statement: #"incidents | where actor == "MirrorFace" | count"#, code: "", at: "", hint: ""),
        Case(
            statement: "incidents | where lure == null | count", code: "type.null-compare", at: "lure == null",
            hint: "`lure is null`"),
        Case(
            statement: "lures | where null != lower(subject)", code: "type.null-compare", at: "null != lower(subject)",
            hint: "`lower(subject) is not null`"),
        Case(statement: "incidents | summarize sum(vector)", code: "type.aggregate", at: "sum(vector)", hint: ""),
        Case(
            statement: "incidents | select hour(ts, \"Mars/Olympus\")", code: "value.time-zone", at: "\"Mars/Olympus\"",
            hint: "IANA"),
        Case(
            statement: "incidents | select lowr(name)", code: "name.function", at: "lowr(name)",
            hint: "did you mean `lower`?"),
        Case(statement: "incidents | select count()", code: "name.aggregate", at: "count()", hint: "summarize"),
        Case(
            statement: "lures | select length(subject)", code: "name.function", at: "length(subject)",
            hint: "did you mean `len`?"),
        Case(
            statement: #"lures | select IFNULL(subject, "")"#, code: "name.function", at: #"IFNULL(subject, "")"#,
            hint: "did you mean `coalesce`?"),
        // Aggregates are near names too; another language's function may be an operator here.
        Case(
            statement: "incidents | summarize medain(files_exfiltrated) by vector", code: "name.function",
            at: "medain(files_exfiltrated)", hint: "did you mean `median`?"),
        Case(
            statement: "incidents | summarize mean(files_exfiltrated)", code: "name.function",
            at: "mean(files_exfiltrated)", hint: "did you mean `avg`?"),
        Case(
            statement: #"lures | where starts_with(lower(subject), "re:")"#, code: "name.function",
            at: #"starts_with(lower(subject), "re:")"#, hint: #"operator: `lower(subject) starts with "re:"`"#),
        Case(
            statement: "incidents | summarize p90 = percentile(files_exfiltrated, 90)", code: "name.function",
            at: "percentile(files_exfiltrated, 90)", hint: "are `count`, `sum`, `avg`, `min`, `max`, `median`"),
        Case(statement: "incidents | take -1", code: "syntax.expected", at: "-", hint: ""),
        Case(statement: "@jaxa | out targetted", code: "name.label", at: "", hint: "did you mean `targeted`?"),
        Case(statement: "incidents | score lures", code: "name.stage", at: "score lures", hint: ""),
        Case(statement: "incidents | where 1 + \"a\" > 0", code: "type.arithmetic", at: #"1 + "a""#, hint: ""),
        Case(statement: "incidents | where vector", code: "type.mismatch", at: "vector", hint: ""),
        Case(statement: "def fn loop(x) = loop(x)\n", code: "", at: "", hint: ""),
        Case(statement: "def fn hour(t) = 1", code: "name.taken", at: "def fn hour(t) = 1", hint: "my_hour"),
        Case(
            statement: "match (x:incidnt) | count", code: "name.kind", at: "(x:incidnt)",
            hint: "did you mean `incident`?"),
        Case(
            statement: "match (a)-[:targetted]->(b) | count", code: "name.label", at: "-[:targetted]->",
            hint: "did you mean `targeted`?"),
        Case(statement: "path @jaxa -> @nowhere", code: "node.unknown", at: "path @jaxa -> @nowhere", hint: ""),
        Case(statement: "path @jaxa -> @mss via targetted", code: "name.label", at: "", hint: ""),
        Case(statement: "@jaxa | path \"mss\"", code: "type.mismatch", at: "\"mss\"", hint: ""),
        Case(statement: "incidents | where lower(1) == \"x\"", code: "type.mismatch", at: "1", hint: ""),
        Case(statement: "lures | where subject_en ~ \"(\"", code: "value.regex", at: "\"(\"", hint: ""),
        Case(
            statement: "incidents | count by phase", code: "name.unknown", at: "phase",
            hint: "`campaign` nodes have one; `:schema incident` lists what incident nodes have"),
        Case(
            statement: "match (i:incident)-[:targeted]->(o:org) | select i, o | count by o.true_phase",
            code: "name.unknown", at: "o.true_phase", hint: "`incident` nodes have one"),
        Case(
            statement: "match (i:incident)-[:targeted]->(o:org) | select o = i, i = o | count by o.true_phase",
            code: "", at: "", hint: ""),
        Case(statement: "incidents | where ts in 2023-02-30..2023-03", code: "value.date", at: "2023-02-30", hint: ""),
        Case(statement: "incidents | where not vector", code: "type.mismatch", at: "vector", hint: ""),
        Case(
            statement: "incidents | select id, year(ts), id", code: "name.duplicate-column", at: "id",
            hint: "id_2 = id"),
        Case(
            statement: "incidents | extend a = 1, a = 2", code: "name.duplicate-column", at: "2", hint: "a_2 = 2"),
        Case(statement: "incidents | where vector in \"abc\"", code: "type.mismatch", at: "\"abc\"", hint: ""),
        Case(statement: "incidents | select days_between(ts)", code: "call.arity", at: "days_between(ts)", hint: ""),
        Case(statement: "incidents | where x => x", code: "syntax.lambda", at: "x => x", hint: ""),
        Case(statement: "incidents | where (1..2)", code: "syntax.range", at: "1..2", hint: ""),
        Case(
            statement: "incidents | where @mirrorface.nme == 1", code: "name.unknown", at: "@mirrorface.nme",
            hint: "did you mean `name`?"),
        Case(
            statement: "incidents | summarize hour(ts)", code: "summarize.aggregate", at: "hour(ts)", hint: "aggregates"
        ),
        Case(statement: "incidents | summarize avg()", code: "call.arity", at: "avg()", hint: ""),
        Case(statement: "recent(3)", code: "name.function", at: "recent(3)", hint: ""),
        Case(statement: "incidents | recent(3)", code: "name.stage", at: "recent(3)", hint: ""),
        Case(
            statement: "incidents | timeline by fortnight", code: "stage.timeline", at: "timeline by fortnight",
            hint: "timeline by day, week, month, quarter or year"),
        Case(
            statement: #"incidents | export csv "x" | count"#, code: "stage.export", at: #"export csv "x""#,
            hint: "move it to the end"),
        Case(
            statement: #"lures | where subject_en ~ "(x+)+y""#, code: "value.regex", at: #""(x+)+y""#,
            hint: "without the nested repetition"),
        Case(
            statement: "tag incidents | count as \"x\"", code: "run.tag", at: "incidents | count",
            hint: "leave out select, count and summarize"),
        Case(statement: "note @jaxx \"t\"", code: "node.unknown", at: "", hint: "did you mean `@jaxa`?"),
        Case(statement: "def stage loop(n) = loop(n)", code: "", at: "", hint: ""),
        Case(statement: "incidents | where ts > 90d", code: "type.compare", at: "ts > 90d", hint: ""),
        Case(statement: "incidents | where ts == @jaxa", code: "type.compare", at: "ts == @jaxa", hint: ""),
    ]

    @Test("each bad statement's diagnostic", arguments: cases)
    func diagnostic(_ example: Case) throws {
        let session = try Session()
        guard !example.code.isEmpty else {
            _ = try session.run(example.statement)  // these run: a node equals its id's text; definitions are lazy
            return
        }
        let diagnostic = try #require(session.diagnostic(example.statement), "no error for \(example.statement)")
        #expect(diagnostic.code == example.code, "\(diagnostic.rendered(source: example.statement))")
        if !example.at.isEmpty, let span = diagnostic.span {
            #expect(
                String(Array(example.statement)[span.start..<span.end]) == example.at,
                "\(diagnostic.rendered(source: example.statement))")
        }
        if !example.hint.isEmpty {
            #expect(
                diagnostic.hint?.contains(example.hint) == true, "\(diagnostic.rendered(source: example.statement))")
        }
    }

    @Test("mistakes are caught before anything runs, even when no row would reach them")
    func checkedBeforeRunning() throws {
        let session = try Session()
        let empty = "incidents | where 1 == 2"
        #expect(session.diagnostic(empty + " | select vectr")?.hint == "did you mean `vector`?")
        #expect(session.diagnostic(empty + " | select lowr(name)")?.code == "name.function")
        #expect(session.diagnostic(empty + " | where target.sectr == 1")?.code == "name.unknown")
        #expect(session.diagnostic(empty + " | out targetted")?.code == "name.label")
        #expect(session.diagnostic(empty + " | where actor == @mirorface")?.hint == "did you mean `@mirrorface`?")
        #expect(session.diagnostic(empty + " | where ts > 2023-02-30")?.code == "value.date")
        #expect(session.diagnostic(empty + " | select n = count() | where n > 0")?.code == "name.aggregate")
        #expect(try session.rows(empty + " | select v = vector | where v == \"x\"").rows.isEmpty)
    }

    @Test("a declared property compared with a constant of another type is refused, whatever rows are read")
    func comparisonTypesChecked() throws {
        let session = try Session()
        // The time index reads no incident in 2030, the link index none of an org no incident
        // targets: the mistake is found all the same, as the scan would find it.
        for statement in [
            "incidents | where vector > 3 and ts in 2030-01..2030-02 | count",
            "incidents | where 1 == 2 | where vector == 3",
            "@jaxa | where name == 1",
            #"incidents | where 1 == 2 | where target > "jaxa""#,
        ] {
            #expect(session.diagnostic(statement)?.code == "type.compare", "\(statement)")
        }
        let message = session.diagnostic("incidents | where 1 == 2 | where vector == 3")?.message
        #expect(message == "cannot compare `vector` (text) with a number")
        let member = session.diagnostic("incidents | where 1 == 2 | where lure.subject > 3")?.message
        #expect(member == "cannot compare `lure.subject` (text) with a number")
        let contains = session.diagnostic(
            #"incidents | where files_exfiltrated contains "3" and ts in 2030-01..2030-02 | count"#)
        #expect(contains?.code == "type.mismatch")
        #expect(contains?.message == "`contains` works on text, not `files_exfiltrated` (a number)")
        // What compares stays allowed: a node with its id's text, a number with a decimal, an
        // instant with a month, a name a column or another kind holds.
        for statement in [
            #"incidents | where target == "jaxa" | count"#,
            "incidents | where files_exfiltrated > 2.5 and ts >= 2023-02 | count",
            "incidents | extend vector = 3 | where vector > 3 | count",
            #"nodes | where kind == "incident" | where subject_en == 3 | count"#,
            #"incidents | where malware contains "x" or tags contains "x" or vector starts with "s" | count"#,
        ] {
            #expect(session.diagnostic(statement) == nil, "\(statement)")
        }
    }

    @Test("a text test given a node is refused before it runs, with the same test on its id as the hint")
    func textTestOnNode() throws {
        let session = try Session()
        // No row reaches the test (`where 1 == 2` before it): only the check can refuse it.
        let refused = [
            (#"edges | where 1 == 2 | where from starts with "inc-""#, #"from.id starts with "inc-""#),
            (
                #"match (i:incident)-[:targeted]->(o:org) | where 1 == 2 | where o contains "ja""#,
                #"o.id contains "ja""#
            ),
            (#"edges | select from, label | where 1 == 2 | where to ends with "7""#, nil),
            (#"edges | select from, label | where 1 == 2 | where from ends with "7""#, #"from.id ends with "7""#),
            (#"incidents | where 1 == 2 | where "jaxa" contains target"#, #""jaxa" contains target.id"#),
        ]
        for (statement, test) in refused {
            let diagnostic = session.diagnostic(statement)
            if let test {
                #expect(diagnostic?.code == "type.mismatch", "\(statement)")
                #expect(diagnostic?.hint == "a node is not text; test its id: \(test)", "\(statement)")
            } else {
                // `select` left `to` out: an unknown name, not a node.
                #expect(diagnostic?.code != "type.mismatch", "\(statement)")
            }
        }
        let member = session.diagnostic("match (o:org) | where 1 == 2 | where o.name > 3")
        #expect(member?.message == "cannot compare `o.name` (text) with a number")
        // A column the check does not follow is refused when it runs, with the hint all the same.
        let late = session.diagnostic(#"edges | select f = from | where f ~ "^inc""#)
        #expect(late?.code == "type.mismatch")
        #expect(late?.hint?.hasPrefix("a node is not text; test its id: write `.id` after it") == true)
        for statement in [
            #"edges | where from.id starts with "inc-" | count"#, #"edges | where to == "jaxa" | count"#,
            #"match (o:org) | where o == "jaxa" | count"#,
        ] {
            #expect(session.diagnostic(statement) == nil, "\(statement)")
        }
    }

    @Test("SQL, KQL and Cypher words get the Kagami word as a hint")
    func foreignWords() throws {
        let session = try Session()
        let words = [
            ("incidents | limit 3", "take N"), ("incidents | order by ts", "sort EXPR [desc]"),
            ("incidents | group by vector", "count by EXPR` or `summarize AGG by EXPR"),
            ("incidents | project id", "select EXPR, …"), ("incidents | offset 5", "skip N"),
            ("incidents | count by vector | having count > 3", "where (after count or summarize)"),
        ]
        for (statement, kagami) in words {
            let diagnostic = try #require(session.diagnostic(statement), "\(statement)")
            #expect(diagnostic.code == "name.stage-foreign" && diagnostic.message.contains("Kagami writes `\(kagami)`"))
        }
        let star = try #require(session.diagnostic("incidents | select *"))
        #expect(star.code == "syntax.foreign" && star.hint?.contains("leave the `select` stage out") == true)
    }

    @Test("a property name on a table is an error naming its columns, never a column of nulls")
    func noColumn() throws {
        let session = try Session()
        let diagnostic = try #require(session.diagnostic("incidents | count by year(ts) | where ts == 2023"))
        #expect(diagnostic.code == "name.column")
        #expect(diagnostic.message == "no column `ts` here: the rows are a table with columns `year(ts)`, `count`")
        #expect(session.diagnostic("incidents | count by vector | sort vectr")?.hint == "did you mean `vector`?")
        // An aggregate's column is named as it is written: the hint gives that name.
        let aggregate = try #require(session.diagnostic("incidents | summarize count() by actor | sort count desc"))
        let named = "the column is `count()`: write `count()`, or name it where it is made: `count = count()`"
        #expect(aggregate.hint == named)
        let sum = session.diagnostic("incidents | summarize sum(files_exfiltrated) by actor | top 3 by sum")
        #expect(sum?.hint?.hasPrefix("the column is `sum(files_exfiltrated)`") == true)
        #expect(try session.rows("incidents | summarize count() by actor | sort count() desc").rows.count > 0)
        #expect(try session.rows("incidents | count by year(ts) | where year(ts) == 2023").rows.count == 1)
        // Selected rows that show the same values are one row of a table; before `distinct`
        // they still stand for their nodes, and an `extend`ed node's row stays its node's.
        let distinct = try #require(session.diagnostic("incidents | select id, vector | distinct | where ts > 0"))
        #expect(distinct.message == "no column `ts` here: the rows are a table with columns `id`, `vector`")
        #expect(session.diagnostic("incidents | select id | where true_phase == 2 | distinct") == nil)
        #expect(session.diagnostic("incidents | extend y = year(ts) | distinct | where true_phase == 2") == nil)
        let charted = try #require(session.diagnostic("incidents | extend a = 1 | chart bar | distinct | where ts > 0"))
        #expect(charted.code == "name.column")
    }

    @Test("the checker reports every problem of a statement, in order, without repeating one")
    func everyProblem() throws {
        let session = try Session()
        let found = session.diagnostics(#"incidents | where vectr == "x" | count by sectr | sort nothing | out linkd"#)
        #expect(found.map(\.code) == ["name.unknown", "name.unknown", "name.column", "name.label"])
        let misspeltSource = session.diagnostics("incidnts | where foo == 1 | select id")
        #expect(misspeltSource.map(\.code) == ["source.unknown", "name.unknown"])
    }

    @Test("every misspelt kind, label and id of a source is reported, not only the first")
    func everySourceProblem() throws {
        let session = try Session()
        let pattern = session.diagnostics("match (i:incidnt)-[:usd_lure]->(l:lur) where l.subjct == 1 | take 1")
        #expect(pattern.map(\.code) == ["name.kind", "name.kind", "name.label", "name.unknown"])
        #expect(
            pattern.map(\.hint).prefix(3) == [
                "did you mean `incident`?", "did you mean `lure`?", "did you mean `used_lure`?",
            ])
        #expect(
            session.diagnostics("path @jaxx -> @mirrorfase via targeted, atributed_to").map(\.code) == [
                "node.unknown", "node.unknown", "name.label",
            ])
    }

    @Test("a problem inside a def stage is told as the stage's, under the stage where it is used")
    func problemInsideUserStage() throws {
        let session = try Session()
        _ = try session.run("def stage recent(n) = where nosuch > n | take n")
        let statement = "incidents | recent(3) | where vectr == 1"
        let found = session.diagnostics(statement)
        #expect(found.map(\.code) == ["name.unknown", "name.unknown"])
        #expect(found.first?.message == "in stage `recent`: unknown name `nosuch`")
        let span = try #require(found.first?.span)
        #expect(String(Array(statement)[span.start..<span.end]) == "recent(3)")
        // Its rows are followed through the definition: after it, the rows are still incidents.
        #expect(found.last?.message == "unknown name `vectr`")
    }

    @Test("calls with the wrong number of arguments are refused before anything runs, each of them")
    func arityChecked() throws {
        let session = try Session()
        _ = try session.run("def fn twice(x) = x * 2")
        // `false and …` never runs its right side: only the checker can find these.
        let found = session.diagnostics(
            "incidents | where false and lower(1, 2) == 1 | select round(1, 2, 3), twice(), any(malware)")
        #expect(found.map(\.code) == ["call.arity", "call.arity", "call.arity", "call.arity"])
        #expect(
            found.map(\.message) == [
                "`lower` takes 1 argument(s), not 2", "`round` takes 1 to 2 argument(s), not 3",
                "`twice` takes 1 argument(s), not 0", "`any` takes a list and a condition",
            ])
        #expect(try session.rows("incidents | where false and lower(\"A\") == \"a\" | count").rows.count == 1)
    }

    @Test("a function's body calling a function there is none of gets the checker's hint when it runs")
    func unknownFunctionInDefinition() throws {
        let session = try Session()
        _ = try session.run(#"def fn lead(x) = starts_with(x, "Re:") or mean(x) == 1"#)
        let diagnostic = try #require(session.diagnostic("lures | where lead(subject) | count"))
        #expect(diagnostic.message == "in function `lead`: unknown function `starts_with`")
        #expect(diagnostic.hint == #"here it is an operator: `x starts with "Re:"`"#)
    }

    @Test("a function calling itself stops with a diagnostic, not a crash")
    func recursion() throws {
        let session = try Session()
        _ = try session.run("def fn loop(x) = loop(x)")
        #expect(session.diagnostic("loop(1)")?.code == "call.depth")
    }
}
