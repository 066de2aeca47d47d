import Foundation
import LureScorer
import PhaseClassifier
import PluginAPI
import QuerySyntax
import TestSupport
import Testing
import TimingAttributor
import Workbench

/// A plugin that always fails to register, to show the others still load.
struct BrokenPlugin: Plugin {
    let name = "broken"
    let version = "0.0"
    let summary = "fails on purpose"
    let supportedInterfaceVersions = 1...1
    func defaultConfiguration() throws(PluginError) -> String? { nil }
    func register(into registrar: inout PluginRegistrar) throws(PluginError) {
        throw PluginError("its lexicon is missing")
    }
}

@Suite("Plugins in the workspace")
struct PluginWorkspaceTests {
    /// A folder standing for the analyst's configuration folder.
    static func configurationFolder(settings: String? = nil, userPlugin: String? = nil) throws -> String {
        let folder = try BuiltProgram.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder + "/plugins", withIntermediateDirectories: true)
        if let settings {
            try settings.write(toFile: folder + "/plugins/phase-classifier.json", atomically: true, encoding: .utf8)
        }
        if let userPlugin {
            try userPlugin.write(toFile: folder + "/plugins/mine.kagami", atomically: true, encoding: .utf8)
        }
        return folder
    }

    static func workspace(
        _ plugins: [any Plugin] = [BrokenPlugin(), PhaseClassifierPlugin()], selection: PluginSelection = .all,
        folder: String? = nil
    ) throws -> Workspace {
        let loader = PluginLoader(configurationFolder: folder)
        return Workspace(
            document: try BundledData.mirrorFace(), registry: loader.registry(plugins, selection: selection))
    }

    @Test("a broken plugin is skipped with its reason while the phase classifier loads and runs")
    func brokenSkipped() throws {
        let workspace = try Self.workspace()
        #expect(
            PluginLoader.startupNotes(workspace.registry, userPlugins: [])
                == ["kagami: plugin `broken` skipped: its lexicon is missing"])
        let listing = workspace.execute(":plugins").output
        #expect(listing.contains("broken            0.0      skipped: its lexicon is missing"))
        #expect(listing.contains("phase-classifier  1.0.0    loaded"))
        let counts = workspace.execute("incidents | classify phases | count by phase")
        #expect(counts.output.hasPrefix("phase  count\n─────  ─────\n1      149\n2      34\n3      24\n       3"))
        // Without the stage, its columns are named in the error: a name no node has, or one the
        // rows' kind lacks (only campaigns have a `phase` of their own).
        let forgotten = workspace.execute("incidents | where phase == 2 | count").error ?? ""
        #expect(
            forgotten.contains("kind `incident` has no property or link `phase`")
                && forgotten.contains("`classify phases` adds a `phase` column; `campaign` nodes have one"),
            "\(forgotten)")
        let scorer = try Self.workspace([LureScorerPlugin()])
        let scored = scorer.execute("lures | where lure_score > 50 | count").error ?? ""
        #expect(scored.contains("`score lures` adds a `lure_score` column"), "\(scored)")
        let none = try Self.workspace(selection: .none)
        #expect(none.execute("lures | where lure_score > 50 | count").error?.contains("adds a") == false)
    }

    @Test("--no-plugins and --plugin select; unselected plugins contribute nothing")
    func selection() throws {
        let none = try Self.workspace(selection: .none)
        #expect(none.execute(":plugins").output.contains("skipped: not selected (--no-plugins)"))
        let error = none.execute("incidents | classify phases").error ?? ""
        #expect(error.hasPrefix("error: unknown stage `classify phases`"))
        #expect(PluginLoader.startupNotes(none.registry, userPlugins: []).isEmpty)
        let only = try Self.workspace(selection: .only(["phase-classifier"]))
        #expect(only.execute("phase_of(@inc-jaxa-2023-06)").output == "2")
    }

    @Test(":plugins check runs the self-tests; :plugins eval prints accuracy and the confusion matrix")
    func checkAndEval() throws {
        let workspace = try Self.workspace()
        #expect(workspace.execute(":plugins check").output.hasSuffix("3 of 3 self-tests pass"))
        let evaluation = workspace.execute(":plugins eval phase-classifier").output
        #expect(evaluation.hasPrefix("OUT-OF-MODEL: 2000 incidents made by independent code"))
        #expect(
            evaluation.contains(
                "IN-MODEL (the synthetic layer's true_phase): overall: accuracy 100.0 % (206 of 206 labelled incidents)"
            ))
        #expect(evaluation.contains("inside overlapping windows: accuracy 100.0 % (42 of 42 labelled incidents)"))
        let missing = workspace.execute(":plugins eval brokn").error ?? ""
        #expect(missing.contains("no plugin named `brokn`") && missing.contains("did you mean `broken`?"))
    }

    @Test("settings: the analyst's file overrides defaults; a malformed one is reported and the defaults used")
    func settings() throws {
        let good = try Self.workspace(folder: try Self.configurationFolder(settings: #"{"vector_mismatch": 1.0}"#))
        let shown = good.execute(":plugins config phase-classifier").output
        #expect(shown.contains("vector_mismatch     1.0    "))
        #expect(shown.contains("edge_days           10.0   default"))
        let bad = try Self.workspace(folder: try Self.configurationFolder(settings: "{\"edge_days\": [1, }"))
        let notes = PluginLoader.startupNotes(bad.registry, userPlugins: [])
        #expect(notes.count == 2)
        #expect(notes.last?.contains("/plugins/phase-classifier.json:1:19: expected a value, found `}`") == true)
        #expect(notes.last?.hasSuffix("; using the defaults") == true)
        #expect(bad.execute(":plugins config phase-classifier").output.contains("vector_mismatch     0.02   default"))
        #expect(bad.execute("incidents | classify phases | count").succeeded)
    }

    @Test("plugin stages are checked like built-ins: arguments, words, columns, names taken")
    func stageErrors() throws {
        let workspace = try Self.workspace()
        let cases: [(String, String)] = [
            (#"incidents | discover phases "three""#, "`k` of `discover phases` must be int, not string"),
            ("incidents | discover phases 99", "phase-classifier: k must be between 1 and 24, not 99"),
            ("incidents | classify phases now", "`classify phases` takes no words after its name"),
            ("incidents | classify phases | where phase_p > 0.5 | count by phase_wy", "unknown name `phase_wy`"),
            ("def stage classify(n) = take n", "`classify` begins the stage `classify phases` of phase-classifier"),
            ("phase_of(1, 2)", "`phase_of` takes 1 argument(s), not 2"),
        ]
        for (statement, message) in cases {
            let error = workspace.execute(statement).error ?? ""
            #expect(error.contains(message), "\(statement) → \(error)")
        }
    }

    @Test("user plugin files add def stage / def fn; a file with anything else is skipped whole")
    func userPlugins() throws {
        let folder = try Self.configurationFolder(
            userPlugin:
                "# mine\ndef fn cn_hour(t) = hour(t, \"Asia/Shanghai\")\ndef stage recent(n) = sort ts desc | take n\n")
        try "def fn twice(x) = x * 2\nincidents | count\n".write(
            toFile: folder + "/plugins/zz-bad.kagami", atomically: true, encoding: .utf8)
        let workspace = try Self.workspace(folder: folder)
        workspace.loadUserPlugins(
            PluginLoader(configurationFolder: folder).userPluginFiles(projectFolder: "/nonexistent"))
        #expect(workspace.execute("incidents | recent(2) | count").output.hasPrefix("count\n─────\n2"))
        #expect(workspace.execute("cn_hour(2024-06-03T01:30Z)").output == "9")
        #expect(workspace.execute("twice(2)").error?.contains("unknown function `twice`") == true)
        let notes = PluginLoader.startupNotes(workspace.registry, userPlugins: workspace.userPlugins)
        #expect(notes.last?.hasSuffix("zz-bad.kagami:2: only `def fn` and `def stage` belong in a plugin file") == true)
        #expect(workspace.execute(":plugins").output.contains("cn_hour, recent"))
    }

    @Test("a def stage that uses itself stops with an error instead of crashing")
    func recursiveStage() throws {
        let workspace = try Self.workspace()
        #expect(workspace.execute("def stage loop(n) = loop(n)").succeeded)
        let error = workspace.execute("incidents | loop(1)").error ?? ""
        #expect(error.contains("stages use each other more than 32 deep"))
    }

    @Test(":help knows plugin stages, functions and topics")
    func help() throws {
        let workspace = try Self.workspace()
        #expect(workspace.execute(":help discover phases").output.hasPrefix("discover phases [k]\n"))
        #expect(workspace.execute(":help phase_of").output.hasPrefix("phase_of(incident)\n"))
        #expect(workspace.execute(":help phases").output.contains("2023-02-01..2023-10-31"))
        #expect(workspace.execute(":help stages").output.contains("classify phases"))
        #expect(workspace.completions(of: "cl", after: "incidents | ") == ["classify"])
    }
}

/// A plugin adding an aggregate and a command, to run them through the workspace.
struct CountingPlugin: Plugin {
    let name = "counting"
    let version = "0.1"
    let summary = "an aggregate and a command for tests"
    let supportedInterfaceVersions = 1...2
    func defaultConfiguration() throws(PluginError) -> String? { #"{"greeting": "hello"}"# }
    func register(into registrar: inout PluginRegistrar) throws(PluginError) {
        registrar.aggregate(
            AggregateDefinition("longest", summary: "the longest text") { values throws(PluginError) in
                values.compactMap(\.stringValue).max { $0.count < $1.count }.map(Value.string) ?? .null
            })
        let greeting = registrar.configuration.text("greeting", or: "?")
        registrar.command(
            CommandDefinition("greet", arguments: "NAME", summary: "says hello") { call throws(PluginError) in
                guard !call.argument.isEmpty else { throw PluginError("greet whom?", hint: ":greet NAME") }
                return .text("\(greeting), \(call.argument) (\(call.graph.nodeCount) nodes)")
            })
    }
}

@Suite("Plugin aggregates and commands")
struct PluginContributionTests {
    @Test("a plugin's aggregate runs in summarize and its command at the prompt, errors naming the plugin")
    func aggregateAndCommand() throws {
        let workspace = try PluginWorkspaceTests.workspace([CountingPlugin()])
        let longest = workspace.execute("lures | summarize longest(subject_en) as s, count() by language")
        #expect(longest.succeeded, "\(longest.error ?? "")")
        #expect(longest.output.hasPrefix("language  s"))
        #expect(workspace.execute(":greet analyst").output == "hello, analyst (734 nodes)")
        let error = workspace.execute(":greet").error ?? ""
        #expect(error.contains("counting: greet whom?") && error.contains(":greet NAME"))
        #expect(workspace.execute(":help").output.contains(":greet NAME"))
        #expect(workspace.execute("longest(1)").error?.contains("is an aggregate") == true)
    }
}

@Suite("The timing attributor on the bundled data")
struct TimingWorkspaceTests {
    @Test("MirrorFace's timestamps rank China first, with the calendar evidence against each UTC+8 rival")
    func mirrorFace() throws {
        let registry = PluginLoader(configurationFolder: nil).registry([TimingAttributorPlugin()], selection: .all)
        let workspace = Workspace(document: try BundledData.mirrorFace(), registry: registry)
        let output = workspace.execute("incidents | where actor == @mirrorface | attribute timing").output
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.dropFirst(2).first?.hasPrefix("1     CN  ") == true)
        let verdict = try #require(lines.first { $0.hasPrefix("verdict: ") })
        #expect(
            verdict.hasPrefix(
                "verdict: China (public-sector office hours): CN over TW (posterior > 0.999; verdicts this sure were right in 99 % of independent test samples)"
            ))
        #expect(verdict.contains("adjusted workdays (") && verdict.contains("holidays ("))
        // The verdict says what it rests on: timestamps generated from the China schedule.
        #expect(
            lines.contains(
                "input: 206 synthetic timestamps drawn from schedule CN — this recovers the generator's model and is not evidence about who made them"
            ))
        for rival in ["HK", "SG"] {
            let line = try #require(lines.first { $0.hasPrefix("CN over \(rival) (same clock): ") })
            #expect(line.contains("adjusted workdays") && line.contains("holidays"))
        }
        #expect(output.contains("\n4 timestamps recorded only to the day or month left out\n"))
        // On a terminal 60 columns wide every line fits, broken between words, and says the same.
        workspace.settings.width = 60
        let narrow = workspace.execute("incidents | where actor == @mirrorface | attribute timing").output
        #expect(narrow.split(separator: "\n").allSatisfy { TextWidth.of($0) <= 60 }, "\(narrow)")
        let unbroken = narrow.replacingOccurrences(of: "\n  ", with: " ")
        for line in lines where line.hasPrefix("verdict: ") || line.hasPrefix("input: ") || line.hasPrefix("CN over ") {
            #expect(unbroken.contains(line), "\(line)")
        }
        #expect(
            output.hasSuffix("rows from 210 incidents: 4 reported, 206 synthetic (generated; docs/synthetic-data.md)"))
        #expect(workspace.execute(":plugins check").output.hasSuffix("3 of 3 self-tests pass"))
        let wrong = workspace.execute("incidents | attribute timing by ts").error ?? ""
        #expect(wrong.contains("expected `on COLUMN` after `attribute timing`"))
        let noColumn = workspace.execute("incidents | select id | attribute timing").error ?? ""
        #expect(noColumn.contains("the rows have no `ts` column of timestamps"))
        #expect(
            workspace.execute(#"in_schedule(2024-06-03T01:30Z, "XX")"#).error?.contains("no hypothesis `XX`") == true)
    }

    @Test("an analyst's own timestamps, imported from CSV, are attributed like incidents")
    func importedTimestamps() throws {
        let registry = PluginLoader(configurationFolder: nil).registry([TimingAttributorPlugin()], selection: .all)
        let workspace = Workspace(document: try BundledData.mirrorFace(), registry: registry)
        // The synthetic incidents' timestamps, written out as an e-mail log would be.
        _ = workspace.execute(":mode csv")
        let log = workspace.execute(
            #"incidents | where provenance == "synthetic" | select sent = ts, subject = lure.subject"#
        )
        .output.replacingOccurrences(of: "\r\n", with: "\n")
        let path = try BuiltProgram.temporaryFolder() + "/mail.csv"
        try log.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(
            workspace.execute(":import \(path) as mail").output
                == "imported 206 rows (sent, subject) as `mail`, provenance imported")
        let ranked = workspace.execute("mail | attribute timing on sent | select hypothesis | take 1").output
        #expect(ranked.hasPrefix("hypothesis\r\nCN"))
        let broken = workspace.execute(":import \(path).missing as other")
        #expect(broken.error?.contains("cannot read") == true)
        #expect(workspace.execute("other").error != nil)
    }
}

@Suite("The lure scorer on the bundled data")
struct LureWorkspaceTests {
    @Test("reported lure subjects score above the threshold with their reported theme; QUERY.md's queries run")
    func bundled() throws {
        let registry = PluginLoader(configurationFolder: nil).registry([LureScorerPlugin()], selection: .all)
        let workspace = Workspace(document: try BundledData.mirrorFace(), registry: registry)
        _ = workspace.execute(":mode csv")
        let reported = workspace.execute(
            #"lures | where provenance == "reported" and subject is not null | score lures | select id, theme, lure_score, lure_themes"#
        ).output.split(separator: "\r\n").dropFirst()
        // The EXPO lure is a file name, reported without a subject.
        #expect(reported.count == 8)
        for line in reported {
            let fields = line.split(separator: ",", maxSplits: 3).map(String.init)
            #expect((Int(fields[2]) ?? 0) > 50, "\(line)")
            #expect(fields[3].contains(fields[1]), "\(line)")
        }
        let top = workspace.execute("lures | score lures | top 10 by lure_score | select lure_score").output
        #expect(top.split(separator: "\r\n").dropFirst().allSatisfy { (Int($0.prefix { $0 != "," }) ?? 0) >= 90 })
        let byCampaign = workspace.execute("incidents | score lures | where lure_score > 80 | count by campaign").output
        #expect(byCampaign.hasPrefix("campaign,count\r\ncampaign-a,"))
        #expect(workspace.execute(#"lure_themes("【取材のご依頼】台湾海峡について")"#).output == "[interview-request, taiwan-strait]")
        #expect(workspace.execute("incidents | score lures on summary | count").succeeded)
        #expect(workspace.execute("incidents | score lures by subject").error?.contains("expected `on COLUMN`") == true)
    }

    @Test("each incident gets its own lure's score, themes and why, lures shared by several incidents included")
    func incidentsThroughTheirLures() throws {
        let registry = PluginLoader(configurationFolder: nil).registry([LureScorerPlugin()], selection: .all)
        let workspace = Workspace(document: try BundledData.mirrorFace(), registry: registry)
        _ = workspace.execute(":mode csv")
        func rows(_ statement: String) -> [(lure: String, scored: String)] {
            workspace.execute(statement).output.split(separator: "\r\n").dropFirst().map { line in
                let lure = line.prefix { $0 != "," }
                return (String(lure), String(line.dropFirst(lure.count)))
            }
        }
        let byLure = Dictionary(
            uniqueKeysWithValues: rows("lures | score lures | select id, lure_score, lure_themes, lure_why"))
        let incidents = rows(
            "incidents | where lure is not null | score lures | select lure, lure_score, lure_themes, lure_why")
        #expect(incidents.count == 173)
        #expect(Set(incidents.map(\.lure)).count < incidents.count)
        for incident in incidents {
            #expect(byLure[incident.lure] == incident.scored, "\(incident.lure)")
        }
    }
}
