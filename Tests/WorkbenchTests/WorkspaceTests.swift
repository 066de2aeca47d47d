import Foundation
import IncidentGraph
import PluginAPI
import QuerySyntax
import TestSupport
import Testing
import Workbench

@Suite("The workspace runs commands and sources")
struct WorkspaceTests {
    let workspace: Workspace

    init() throws {
        workspace = Workspace(document: try BundledData.mirrorFace())
    }

    @Test("extend of a column the table has replaces it: one key per name in JSON")
    func extendReplaces() {
        let outcome = workspace.execute(
            "incidents | where id == \"inc-jaxa-2023-06\" | extend vector = upper(vector)", as: .jsonl)
        #expect(outcome.succeeded)
        #expect(outcome.output.components(separatedBy: "\"vector\"").count == 2)
        #expect(outcome.output.contains("\"vector\": \"VPN-DEVICE\""))
    }

    @Test("a node kind lists its nodes with their display properties, and counts what is not shown")
    func kindSource() {
        let outcome = workspace.execute("incidents")
        #expect(outcome.succeeded)
        #expect(
            outcome.output.hasPrefix(
                "id                provenance  ts                    vector                     name"))
        #expect(
            outcome.output.contains(
                "inc-jaxa-2024-05  reported    2024-05-01T00:00:00Z  vpn-device                 JAXA intrusion 2024-05")
        )
        #expect(outcome.output.contains("\ninc-0001          synthetic   2019-12-04T"))
        #expect(outcome.output.hasSuffix("210 incidents; first 50 shown, 160 more not shown"))
    }

    @Test("the published totals hold in every query: 210 MirrorFace incidents, 173 by e-mail, 37 intrusions")
    func publishedTotals() {
        func count(_ statement: String) -> String {
            workspace.execute(statement).output.split(separator: "\n").dropFirst(2).first.map(String.init) ?? ""
        }
        #expect(count("incidents | where actor == @mirrorface | count") == "210")
        #expect(count(#"incidents | where vector starts with "spear-phishing" | count"#) == "173")
        #expect(count(#"incidents | where not (vector starts with "spear-phishing") | count"#) == "37")
        #expect(count(#"incidents | where provenance == "reported" | count"#) == "4")
    }

    @Test("edges and pattern matches say how much of them is synthetic, as node results do")
    func edgesAndMatches() {
        #expect(
            workspace.execute("edges | count by label").output.hasSuffix(
                "rows from 2172 edges: 511 reported, 1661 synthetic (generated; docs/synthetic-data.md)"))
        // A filtered edge list counts the edges it shows, not all of them.
        let exploited = workspace.execute(#"edges | where label == "exploited" | sort provenance desc | take 3"#).output
        #expect(exploited.hasSuffix("3 rows from 3 edges: 3 synthetic (generated; docs/synthetic-data.md)"))
        #expect(workspace.execute(#"edges | where label == "exploited" | take 3"#).output.hasSuffix("\n3 rows"))
        let matched = workspace.execute("match (i:incident)-[:used_lure]->(l:lure) | count by l.theme").output
        #expect(matched.hasSuffix("from 173 pattern matches: 173 synthetic (generated; docs/synthetic-data.md)"))
    }

    @Test("@id shows one node's properties and links")
    func nodeCard() {
        let outcome = workspace.execute("@jaxa")
        #expect(outcome.output.contains("name_ja        宇宙航空研究開発機構"))
        #expect(
            outcome.output.contains(
                "← targeted     @inc-jaxa-2023-06 @inc-jaxa-2024-01 @inc-jaxa-2024-04 @inc-jaxa-2024-05"))
        #expect(workspace.execute("@\"jaxa\"").output == outcome.output)
    }

    @Test("an unknown source is an error with a caret and a suggestion")
    func unknownSource() {
        let outcome = workspace.execute("incidnets")
        #expect(!outcome.succeeded)
        #expect(
            outcome.error == """
                error: unknown source `incidnets`
                  1 | incidnets
                    | ^^^^^^^^^ did you mean `incidents`?
                """)
    }

    @Test("an unknown node id suggests the closest id")
    func unknownNode() {
        #expect(workspace.execute("  @mirorface").error?.hasSuffix("  ^^^^^^^^^^ did you mean `@mirrorface`?") == true)
    }

    @Test("commands: help, stats, schema, sources, quit")
    func commands() {
        #expect(workspace.execute(":help").output.contains(":schema [kind]"))
        #expect(workspace.execute(":help schema").output.hasPrefix(":schema [kind]"))
        let stats = workspace.execute(":stats").output
        #expect(stats.hasPrefix("`mirrorface`: \(workspace.document.graph.nodeCount) nodes"))
        #expect(stats.contains("technique      44     44        0"))
        #expect(workspace.execute(":schema").output.contains("uses_technique"))
        #expect(workspace.execute(":schema lure").output.contains("subject_en"))
        #expect(workspace.execute(":sources").output.contains("s15"))
        #expect(workspace.execute(":quit").quits)
        #expect(workspace.execute(":q").quits)
    }

    @Test(
        "command mistakes are errors with positions",
        arguments: [
            (":shema", "unknown command `:shema`", "did you mean `:schema`?"),
            (":schema lures extra", "`:schema` takes at most 1 argument", "usage: :schema [kind]"),
            (":schema lurez", "unknown kind `lurez`", "did you mean `lure`?"),
            (":stats now", "`:stats` takes no arguments", "usage: :stats"),
        ])
    func commandErrors(statement: String, message: String, hint: String) throws {
        let error = try #require(workspace.execute(statement).error)
        #expect(error.hasPrefix("error: " + message))
        #expect(error.hasSuffix(hint))
    }

    @Test("a failed load leaves the workspace as it was")
    func failedLoadChangesNothing() throws {
        let before = workspace.execute(":stats").output
        let path = try BuiltProgram.temporaryFolder() + "/bad.json"
        try #"{"format": "kagami-graph", "version": 1, "schema": {"kinds": [], "edges": []}, "nodes": [{]}"#
            .write(toFile: path, atomically: true, encoding: .utf8)
        let error = try #require(throws: GraphError.self) { try workspace.load(path: path) }
        #expect(error.location?.line == 1)
        #expect(workspace.execute(":stats").output == before)
    }

    @Test("a cancelled statement stops with an error and changes nothing")
    func cancellation() {
        let before = workspace.execute("nodes").output
        workspace.cancellation = CancellationCheck { true }
        #expect(workspace.execute("nodes").error == "error: cancelled (Ctrl-C); nothing was changed")
        #expect(workspace.execute("edges").error == "error: cancelled (Ctrl-C); nothing was changed")
        workspace.cancellation = .never
        #expect(workspace.execute("nodes").output == before)
    }

    @Test("a statement continues after a trailing operator, not after a finished one")
    func continuation() {
        #expect(workspace.isIncomplete("incidents | where vector == \"x\" and"))
        #expect(workspace.isIncomplete("incidents |"))
        #expect(workspace.isIncomplete("match (i:incident)-[:used_lure]->"))
        #expect(!workspace.isIncomplete("incidents | count"))
        #expect(!workspace.isIncomplete("incidents | wher x"))
        #expect(!workspace.isIncomplete(":schema"))
    }

    @Test("Tab completions for commands, ids and kinds")
    func completions() {
        #expect(workspace.completions(of: ":sch", after: "") == [":schema"])
        #expect(
            workspace.completions(of: "@jax", after: "") == [
                "@jaxa", "@jaxa-accounts", "@jaxa-disclosure", "@jaxa-m365-files", "@jaxa-notified",
                "@jaxa-partner-files", "@jaxa-personal-data",
            ])
        #expect(workspace.completions(of: "inc", after: "") == ["incident", "incidents"])
        #expect(workspace.completions(of: "lu", after: ":schema ") == ["lure"])
        #expect(workspace.completions(of: "x", after: ":stats ").isEmpty)
        #expect(workspace.completions(of: "wh", after: "incidents | ") == ["where"])
        #expect(
            workspace.completions(of: "target.sec", after: "incidents | where ") == ["target.sector", "target.sectors"])
        #expect(workspace.completions(of: "low", after: "incidents | where ") == ["lower"])
        #expect(workspace.completions(of: "ma", after: "") == ["malware", "match"])
    }
}

@Suite("Result modes and planning commands")
struct ModeTests {
    @Test(":mode csv and json write every row; :mode table returns to tables")
    func modes() throws {
        let workspace = Workspace(document: try BundledData.mirrorFace())
        #expect(workspace.execute(":mode csv").output == "mode: csv")
        #expect(
            workspace.execute("vulnerabilities | select cve, product").output == """
                cve,product\r
                CVE-2023-28461,Array Networks AG/vxAG (ArrayOS SSL-VPN)\r
                CVE-2023-27997,Fortinet FortiOS/FortiProxy SSL-VPN (FortiGate)\r
                CVE-2023-45727,Proself (Japanese file sharing)
                """)
        // Node rows carry their provenance; a selected table of synthetic rows says so beside it.
        #expect(workspace.execute("actors | take 1").output.hasPrefix("id,provenance,status,sources,name"))
        let selected = workspace.execute("incidents | select id | take 2")
        #expect(selected.output == "id\r\ninc-jaxa-2023-06\r\ninc-jaxa-2024-01")
        #expect(
            workspace.execute("incidents | select id | skip 5 | take 2").remarks.first?.contains("2 synthetic") == true)
        _ = workspace.execute(":mode jsonl")
        #expect(
            workspace.execute("vulnerabilities | select cve, cvss | take 2").output == """
                {"cve": "CVE-2023-28461", "cvss": 9.8}
                {"cve": "CVE-2023-27997", "cvss": null}
                """)
        #expect(workspace.execute(":mode xml").error?.contains("modes: table, line, json, jsonl, csv") == true)
        _ = workspace.execute(":mode table")
        #expect(workspace.execute("vulnerabilities | count").output.hasSuffix("1 row"))
    }

    @Test(":last shows every row of the last result; colour bolds headers only when asked")
    func lastAndColour() throws {
        let workspace = Workspace(document: try BundledData.mirrorFace())
        #expect(workspace.execute(":last").error?.contains("no result to show yet") == true)
        #expect(workspace.execute("incidents").output.hasSuffix("210 incidents; first 50 shown, 160 more not shown"))
        let all = workspace.execute(":last").output
        #expect(all.hasSuffix("210 incidents"))
        #expect(all.contains("inc-0206"))
        #expect(!all.contains("\u{1B}"))
        workspace.settings.colour = true
        #expect(workspace.execute("actors").output.hasPrefix("\u{1B}[1mid"))
    }

    @Test("a result shown in part has the columns of every row: nodes of another kind past the rows shown")
    func shownInPart() throws {
        let workspace = Workspace(document: try BundledData.mirrorFace())
        // 131 lures then 4 actors: the first fifty rows are lures, the table is of nodes of two
        // kinds (id, provenance, kind, name), as :last shows it.
        let statement = #"nodes | where kind in ["lure", "actor"] | sort kind desc | take 135"#
        let shown = workspace.execute(statement).output
        #expect(shown.hasPrefix("id "))
        #expect(shown.split(separator: "\n").first?.contains("kind") == true)
        #expect(shown.contains("\n135 nodes; first 50 shown, 85 more not shown"))
        let all = workspace.execute(":last").output
        #expect(all.hasSuffix("135 nodes"))
        // The same columns (their widths fitted to the rows each shows).
        func header(_ text: String) -> [Substring] { text.prefix { $0 != "\n" }.split(separator: " ") }
        #expect(header(shown) == header(all))
        _ = workspace.execute(":mode line")
        #expect(workspace.execute(statement).output.hasSuffix("135 nodes; first 50 shown (:last shows every row)"))
    }

    @Test(":explain prints the plan that runs: the access path, each step and the rows expected")
    func explain() throws {
        let workspace = Workspace(document: try BundledData.mirrorFace())
        let ranged = workspace.execute(":explain incidents | where ts in 2023-02..2023-10 | count").output
        #expect(ranged.contains("read `incident` through the time index"), "\(ranged)")
        let inRange = workspace.execute("incidents | where ts in 2023-02..2023-10 | count").output
        let indexed = try #require(ranged.split(separator: "\n").dropFirst().first)
        let indexRows = try #require(indexed.split(separator: " ").last)
        #expect(inRange.split(separator: "\n").contains(indexRows), "the index's rows are the count: \(inRange)")
        #expect(
            workspace.execute(":explain incidents | where vector == \"x\"").output.contains(
                "scan every `incident` node"))
        let fused = workspace.execute(":explain incidents | where vector == \"x\" | count by target").output
        #expect(fused.contains("1. where vector == \"x\" | 2. count by target  (where tested while grouping)"))
        #expect(fused.contains("≤ 210"), "\(fused)")
        let top = workspace.execute(":explain incidents | where vector == \"x\" | count by target | top 3 by count")
        #expect(
            top.output.contains(
                "1. where vector == \"x\" | 2. count by target | 3. top 3 by count  (where tested while grouping)  (only the top groups made into rows)"
            ), "\(top.output)")
        let taken = workspace.execute(":explain incidents | where vector == \"x\" | count by target | take 3").output
        #expect(
            taken.contains(
                "1. where vector == \"x\" | 2. count by target  (where tested while grouping)  (only the first 3 picked out, the rest not sorted)"
            ), "\(taken)")
        let error = try #require(workspace.execute(":explain incidents | wher x").error)
        #expect(error.contains("^^^^ did you mean `where`?"))
        let misspelt = try #require(workspace.execute(":explain analyze incidents | wher x").error)
        #expect(misspelt.contains("analyze incidents | wher x\n") && misspelt.contains("^^^^ did you mean `where`?"))
    }

    @Test(":explain analyze runs the plan and gives the rows and time of every step")
    func explainAnalyze() throws {
        let workspace = Workspace(document: try BundledData.mirrorFace())
        let lines = workspace.execute(
            ":explain analyze incidents | where vector == \"vpn-device\" | sort by ts | take 2"
        )
        .output.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true) }
        #expect(lines.first == ["step", "rows", "expected", "rows", "ms"])
        let vpn = workspace.execute("incidents | where vector == \"vpn-device\" | count").output
        let actual = lines.dropFirst().map { $0.dropLast().last.map(String.init) ?? "" }
        #expect(actual.count == 4)
        #expect(actual[0] == "210")
        #expect(vpn.split(separator: "\n").contains(Substring(actual[1])), "\(vpn) vs \(actual)")
        // The sort picks out only the two rows the take keeps.
        #expect(actual[2] == "\(min(2, Int(actual[1]) ?? 0))")
        #expect(actual[3] == actual[2])
        #expect(workspace.execute(":bindings").output.hasPrefix("no bindings"), "explaining binds nothing")
        workspace.settings.width = 60
        let narrow = workspace.execute(
            ":explain analyze incidents | where lower(lure.subject) contains \"台湾\" | count by target.sector")
        #expect(narrow.output.split(separator: "\n").allSatisfy { TextWidth.of($0) <= 60 }, "\(narrow.output)")
        #expect(narrow.output.contains("…"))
    }

    @Test("a failing statement leaves bindings as they were")
    func failureChangesNothing() throws {
        let workspace = Workspace(document: try BundledData.mirrorFace())
        _ = workspace.execute("let recent = incidents | where ts >= 2024-06-01")
        #expect(!workspace.execute("let recent = incidents | where nosuch == 1").succeeded)
        #expect(workspace.execute(":bindings").output == "let recent: 24 rows")
    }
}

@Suite("Tags and notes")
struct AnnotationTests {
    let workspace: Workspace

    init() throws {
        workspace = Workspace(document: try BundledData.mirrorFace())
    }

    @Test("tag labels the nodes a query yields; tags are queryable; untag removes; repeats change nothing")
    func tags() {
        #expect(
            workspace.execute(#"tag incidents | where ts in 2023-02..2023-07 as "overlap""#).output.hasPrefix(
                #"tagged 43 nodes "overlap""#))
        #expect(
            workspace.execute(#"tag incidents | where ts in 2023-02..2023-07 as "overlap""#).output.hasPrefix(
                #"tagged 0 nodes "overlap""#))
        #expect(
            workspace.execute(#"untag incidents | where ts in 2023-02..2023-03 as "overlap""#).output
                == #"removed "overlap" from 15 nodes"#)
        #expect(workspace.execute(#"incidents | where "overlap" in tags | count"#).output.hasPrefix("count\n─────\n28"))
        #expect(workspace.execute(#"incidents | where size(tags) == 0 | count"#).output.hasPrefix("count\n─────\n182"))
    }

    @Test("notes attach to a node and show on its card")
    func notes() {
        #expect(workspace.execute(#"note @jaxa "first""#).output.hasPrefix("noted on @jaxa (1 note)"))
        #expect(workspace.execute(#"note @jaxa "second""#).output.hasPrefix("noted on @jaxa (2 notes)"))
        let card = workspace.execute("@jaxa").output
        #expect(card.contains("note           first\nnote           second"))
        #expect(workspace.execute("@jaxa | select notes").output.contains("[first, second]"))
    }

    @Test("a failing tag or note changes nothing and says why")
    func failures() {
        let table = workspace.execute(#"tag incidents | count as "x""#).error ?? ""
        #expect(table.contains("`tag` needs a query that yields nodes, not a table"))
        let missing = workspace.execute(#"note @jaxx "t""#).error ?? ""
        #expect(missing.contains("no node has id `jaxx`") && missing.contains("did you mean `@jaxa`?"))
        #expect(workspace.execute(#"tag incidents | where ts > "soon" as "x""#).error != nil)
        #expect(
            workspace.execute(#"nodes | where size(tags) > 0 or size(notes) > 0 | count"#).output.hasPrefix(
                "count\n─────\n0"))
    }
}
