import IncidentGraph
import PhaseClassifier
import PluginAPI
import Testing
import TimingAttributor
import Workbench

/// `why`: says who, for a node's facts and for the last result's numbers.
@Suite("why")
struct WhyTests {
    static func workspace() throws -> Workspace {
        let registry = PluginLoader(configurationFolder: nil).registry(
            [PhaseClassifierPlugin(), TimingAttributorPlugin()], selection: .all)
        return Workspace(document: try BundledData.mirrorFace(), registry: registry)
    }

    @Test("why @id lists each property and link with its provenance, status and sources, then the sources' titles")
    func node() throws {
        let workspace = try Self.workspace()
        let answer = workspace.execute("why @npa-timing-claim")
        #expect(answer.succeeded, "\(answer.error ?? "")")
        let line = try #require(
            answer.output.split(separator: "\n").first { $0.hasPrefix("concerns →") && $0.contains("@mirrorface") })
        #expect(line.hasSuffix("reported    SECONDARY  s20"))
        #expect(answer.output.contains("sources cited:\n  s20 [SECONDARY]: Epoch Times Japan"))
        let synthetic = workspace.execute("why @inc-0001").output
        #expect(synthetic.contains("is synthetic: generated to match published totals"))
        #expect(workspace.execute("why @nobody").error?.contains("no node has id `nobody`") == true)
    }

    @Test("why after an aggregate says how many of its input rows were of each provenance")
    func aggregate() throws {
        let workspace = try Self.workspace()
        #expect(workspace.execute("why").error?.contains("no result to explain yet") == true)
        _ = workspace.execute("incidents | count by year(ts)")
        let answer = workspace.execute("why").output
        #expect(answer.hasPrefix("statement: incidents | count by year(ts)"))
        #expect(answer.contains("year(ts)  group key: `year(ts)`"))
        #expect(answer.contains("count     how many input rows fall in each group"))
        #expect(answer.contains("the result rests on 210 incidents: 4 reported, 206 synthetic (generated"))
    }

    @Test("why on a plugin column names the plugin, its version and settings, and the rows it read")
    func pluginColumn() throws {
        let workspace = try Self.workspace()
        _ = workspace.execute(
            #"incidents | where provenance == "reported" | classify phases | select id, phase, phase_p"#)
        let answer = workspace.execute("why phase_p").output
        #expect(
            answer.contains(
                "phase_p  computed: `phase_p` — made by plugin `phase-classifier` 1.0.0 (stage `classify phases`)"))
        #expect(answer.contains("`classify phases` (phase-classifier 1.0.0) read 4 rows from 4 incidents: 4 reported"))
        #expect(answer.contains("settings: edge_days="))
        _ = workspace.execute("incidents | attribute timing")
        let timing = workspace.execute("why").output
        #expect(
            timing.contains(
                "`attribute timing` (timing-attributor 1.0.0) read 210 rows from 210 incidents: 4 reported, 206 synthetic"
            ))
        #expect(timing.contains("said under it:\n  input: 206 synthetic timestamps drawn from schedule CN"))
        #expect(workspace.execute("why nothing").error?.contains("the last result has no column `nothing`") == true)
    }
}
