import Foundation
import IncidentGraph
import PluginAPI
import QuerySyntax
import Testing
import Workbench

@Suite("Charts in the terminal")
struct ChartTests {
    let workspace: Workspace

    init() throws {
        workspace = Workspace(document: try BundledData.mirrorFace())
    }

    @Test("NO_COLOR draws with ASCII: # bars and . : * # shades, nothing outside ASCII in the marks")
    func ascii() {
        workspace.settings.ascii = true
        let bars = workspace.execute("incidents | chart bar by vector").output
        #expect(bars.contains("spear-phishing-link       #######"))
        #expect(!bars.contains("█"))
        let grid = workspace.execute("incidents | heatmap hour(ts) by weekday(ts)").output
        #expect(grid.contains("legend: . ≤") && !grid.contains("░"))
    }

    @Test("a heatmap's unknown keys are `?`, last, and the hours between known ones are still rows")
    func unknownKeys() {
        // The four incidents known only to the month have no hour or weekday.
        let lines = workspace.execute(
            #"incidents | where actor == @mirrorface | heatmap hour(ts, "Asia/Shanghai") by weekday(ts, "Asia/Shanghai")"#
        ).output.split(separator: "\n")
        #expect(lines[1].hasSuffix(" 7  ?"), "\(lines[1])")
        // No attack at 04:00 in Beijing: its row is there, empty.
        #expect(lines.contains { $0.hasPrefix("?  ") } && lines.contains("4"))
        #expect(lines.contains { $0.hasPrefix("legend: ") && $0.hasSuffix("; ?: no value") })
        let known = workspace.execute(#"incidents | where ts_precision == "second" | heatmap hour(ts) by weekday(ts)"#)
        #expect(!known.output.contains("?"))
    }

    @Test("colour only when the settings allow it (a terminal without NO_COLOR)")
    func colour() {
        #expect(!workspace.execute("incidents | chart bar by vector").output.contains("\u{1B}["))
        workspace.settings.colour = true
        #expect(workspace.execute("incidents | chart bar by vector").output.contains("\u{1B}[34m█"))
        #expect(workspace.execute("incidents | heatmap hour(ts) by weekday(ts)").output.contains("\u{1B}[31m"))
    }

    @Test("bars fit the terminal width, Japanese labels count two columns")
    func width() {
        workspace.settings.width = 40
        let output = workspace.execute("sectors | count by name_ja | chart bar").output
        let lines = output.split(separator: "\n").dropFirst()
        #expect(!lines.isEmpty)
        for line in lines { #expect(TextWidth.of(line) <= 40, "\(line)") }
    }

    @Test("a chart's data is the table: :mode csv writes the counts, :last shows them as a table")
    func data() {
        _ = workspace.execute(":mode csv")
        #expect(workspace.execute("incidents | timeline by year").output.hasPrefix("period,count,phases\r\n2019,4,[1]"))
        _ = workspace.execute(":mode table")
        _ = workspace.execute("incidents | chart bar by vector")
        #expect(workspace.execute(":last").output.hasPrefix("vector                     count"))
    }

    @Test("chart mistakes are errors with a position")
    func errors() {
        #expect(workspace.execute("incidents | chart pie").error?.contains("unknown chart `pie`") == true)
        #expect(workspace.execute("incidents | timeline by fortnight").error?.contains("unknown time unit") == true)
        #expect(workspace.execute("actors | timeline").error?.contains("needs rows of nodes with a time") == true)
    }
}
