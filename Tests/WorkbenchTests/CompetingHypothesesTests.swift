import Foundation
import LureScorer
import PhaseClassifier
import TestSupport
import Testing
import TimingAttributor
import Workbench

@Suite("Competing hypotheses")
struct CompetingHypothesesTests {
    let workspace: Workspace

    init() throws {
        let registry = PluginLoader(configurationFolder: nil).registry(
            [PhaseClassifierPlugin(), LureScorerPlugin(), TimingAttributorPlugin()], selection: .all)
        workspace = Workspace(document: try BundledData.mirrorFace(), registry: registry)
    }

    /// Runs statements that must succeed; returns the last outcome.
    @discardableResult
    func run(_ statements: String...) -> StatementOutcome {
        var last = StatementOutcome.succeeded("")
        for statement in statements {
            last = workspace.execute(statement)
            #expect(last.succeeded, "\(statement)\n\(last.error ?? "")")
        }
        return last
    }

    /// A column of the `ach` source, by evidence.
    func column(_ name: String) -> [String: String] {
        let outcome = workspace.execute("ach | select evidence, \(name)", as: .csv)
        let lines = outcome.output.split(separator: "\r\n").dropFirst()
        return Dictionary(
            uniqueKeysWithValues: lines.map { line in
                let parts = line.split(separator: ",", maxSplits: 1, omittingEmptySubsequences: false)
                return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
            })
    }

    func setUp() {
        run(
            #"hypothesis H1 "operated from China""#, #"hypothesis H2 "operated from Taiwan""#,
            #"hypothesis H3 "a false flag""#,
            "evidence E1 = @mirrorface | out linked_to | select id, name",
            "evidence E2 = events | where id == \"npa-advisory\" | select id, count",
            "evidence E3 = incidents | where provenance == \"synthetic\" | count by vector",
            "evidence E4 = lures | where provenance == \"reported\" | count by theme",
            "rate E1 H1 consistent credibility high relevance high", "rate E1 H2 inconsistent",
            "rate E1 H3 inconsistent", "rate E2 H1 consistent", "rate E2 H2 inconsistent credibility low",
            "rate E2 H3 n/a", "rate E3 H1 consistent", "rate E3 H2 inconsistent", "rate E3 H3 inconsistent",
            "rate E4 H1 c", "rate E4 H2 c", "rate E4 H3 c")
    }

    @Test("weights multiply credibility and relevance; the least inconsistent hypothesis leads; synthetic evidence is not scored")
    func scoring() {
        setUp()
        #expect(column("weight") == ["E1": "4.0", "E2": "0.5", "E3": "1.0", "E4": "1.0"])
        #expect(column("scored") == ["E1": "true", "E2": "true", "E3": "false", "E4": "true"])
        #expect(column("basis")["E3"] == "synthetic" && column("basis")["E1"] == "reported")
        #expect(column("diagnostic") == ["E1": "true", "E2": "true", "E3": "true", "E4": "false"])
        let matrix = run(":ach").output
        // H2: E1 (4) + E2 (0.5); H3: E1 (4); E3 would add 1 to both, but it is generated data.
        #expect(matrix.contains("weighted inconsistency, least first: H1 (0) < H3 (4) < H2 (4.50)"))
        #expect(matrix.contains("not scored: E3") && matrix.contains("not diagnostic: E4"))
        #expect(matrix.contains("fragile: leaving out E1 alone would change the lead"))
        // Without E1, nothing scored is inconsistent with H3 either.
        #expect(run(":ach sensitivity").output.contains("if E1 is wrong (left out): H1 and H3 would lead"))
        run(":ach synthetic on")
        #expect(run(":ach").output.contains("H1 (0) < H3 (5) < H2 (5.50)"))
        #expect(run(":ach sensitivity").output.contains("no single piece of scored evidence, left out, changes the lead"))
    }

    @Test("a hypothesis no evidence separates is reported as a tie, not a winner")
    func ties() {
        run(
            #"hypothesis A "one""#, #"hypothesis B "another""#, "evidence E = actors | count", "rate E A consistent",
            "rate E B consistent")
        let matrix = run(":ach").output
        #expect(matrix.contains("tied: the evidence does not decide between A and B"))
        #expect(matrix.contains("not diagnostic: E"))
    }

    @Test(
        "mistakes point at the word and change nothing",
        arguments: [
            ("rate E9 H1 consistent", "no evidence `E9`", 5),
            ("rate E1 H9 consistent", "no hypothesis `H9`", 8),
            ("rate E1 H1 maybe", "expected consistent, inconsistent or n/a", 11),
            ("rate E1 H1 consistent credibility huge", "credibility is low, medium or high", 34),
            ("evidence E5 = incidents | wher x", "unknown stage `wher`", 26),
            ("hypothesis H4 unquoted", "a hypothesis is stated in double quotes", 13),
        ])
    func mistakes(statement: String, message: String, column: Int) {
        setUp()
        let before = run(":ach").output
        let outcome = workspace.execute(statement)
        #expect(outcome.error?.contains(message) == true, "\(outcome.error ?? "")")
        let caret = outcome.error?.split(separator: "\n").first { $0.contains("^") }
        #expect(caret.map { $0.distance(from: $0.startIndex, to: $0.firstIndex(of: "^")!) - 6 } == column, "\(outcome.error ?? "")")
        #expect(run(":ach").output == before)
    }

    @Test("a rating is recorded pinned to its evidence; pinned to another result it is stale, in the matrix too")
    func staleness() {
        setUp()
        let rating = run("rate E2 H1 consistent")
        #expect(rating.recordedAs?.hasPrefix("rate E2 H1 consistent on ") == true)
        let stale = run("rate E2 H1 consistent on 0123456789abcdef")
        #expect(stale.output.contains("stale: E2 gives another result than when this was rated (then 0123456789abcdef"))
        #expect(run(":ach").output.contains("stale (marked !): E2 × H1"))
        #expect(column("stale")["E2"] == "[H1]")
        // Rated again against what it gives now, it is fresh.
        run("rate E2 H1 consistent")
        #expect(!run(":ach").output.contains("stale"))
    }

    @Test("Tab completes a rating word by word: evidence, hypothesis, judgement, credibility and its level")
    func completion() {
        setUp()
        #expect(workspace.completions(of: "hyp", after: "") == ["hypothesis"])
        #expect(workspace.completions(of: "E", after: "rate ") == ["E1", "E2", "E3", "E4"])
        #expect(workspace.completions(of: "H", after: "rate E1 ") == ["H1", "H2", "H3"])
        #expect(workspace.completions(of: "in", after: "rate E1 H2 ") == ["inconsistent"])
        #expect(workspace.completions(of: "cr", after: "rate E1 H2 inconsistent ") == ["credibility"])
        #expect(workspace.completions(of: "h", after: "rate E1 H2 inconsistent credibility ") == ["high"])
    }

    @Test("evidence resting on generated data in part — a verdict over reported and generated incidents — is not scored")
    func partlyGenerated() {
        run(
            #"hypothesis H1 "China""#, #"hypothesis H2 "Taiwan""#,
            "evidence T = incidents | where actor == @mirrorface | attribute timing | take 1",
            "rate T H1 consistent", "rate T H2 inconsistent")
        #expect(column("basis")["T"] == "mixed" && column("scored")["T"] == "false")
        let matrix = run(":ach").output
        #expect(matrix.contains("not scored: T") && matrix.contains("tied: the evidence does not decide between H1 and H2"))
    }

    @Test("evidence made by a plugin says so; a reported fact is evidence too")
    func evidenceKinds() {
        run(
            "evidence T = incidents | where actor == @mirrorface and provenance == \"synthetic\" | attribute timing | take 1",
            "evidence F = why @npa-timing-claim")
        #expect(column("plugins")["T"] == "[timing-attributor]")
        #expect(column("basis") == ["T": "synthetic", "F": "reported"])
        #expect(column("rests_on")["F"]?.contains("SECONDARY, sources s20") == true)
    }

    @Test("the ratings travel in the STIX bundle as opinions on the objects the evidence is about")
    func stixOpinions() throws {
        setUp()
        let folder = try BuiltProgram.temporaryFolder()
        workspace.exports = ConfinedFolder(folder)
        let written = run(":export stix ach").output
        #expect(written.contains("and 6 opinions (the ratings of :ach)"), "\(written)")
        #expect(written.contains("6 rating (about nothing exported)"))
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/ach.json"))
        let bundle = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let objects = try #require(bundle["objects"] as? [[String: Any]])
        let ids = Set(objects.compactMap { $0["id"] as? String })
        let opinions = objects.filter { $0["type"] as? String == "opinion" }
        #expect(opinions.count == 6)
        for opinion in opinions {
            let refs = opinion["object_refs"] as? [String] ?? []
            #expect(!refs.isEmpty && refs.allSatisfy(ids.contains))
        }
        let e1 = try #require(opinions.first { $0["x_kagami_evidence"] as? String == "E1" && $0["x_kagami_hypothesis"] as? String == "H2" })
        #expect(e1["opinion"] as? String == "disagree")
        #expect(e1["x_kagami_credibility"] as? String == "high")
    }
}
