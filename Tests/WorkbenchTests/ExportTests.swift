import Foundation
import IncidentGraph
import PluginAPI
import TestSupport
import Testing
import Workbench

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite("export")
struct ExportTests {
    let workspace: Workspace
    let folder: String

    init() throws {
        workspace = Workspace(document: try BundledData.mirrorFace())
        folder = try BuiltProgram.temporaryFolder() + "/exports"
        workspace.exports = ConfinedFolder(folder)
    }

    private func read(_ name: String) throws -> String {
        try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
    }

    @Test("the final rows are written as CSV (RFC 4180), JSON or JSON Lines, and the stage says what it wrote")
    func formats() throws {
        #expect(
            workspace.execute(#"incidents | where vector == "vpn-device" | export csv "vpn""#).output
                == "wrote 18 rows to \(folder)/vpn.csv (csv)")
        #expect(
            try read("vpn.csv").hasPrefix(
                "id,provenance,status,sources,ts,vector,name\r\ninc-jaxa-2023-06,reported,REPORTED,\"[s18, s11]\",2023-06-01T00:00:00Z,vpn-device,"
            ))
        // Every data format of a synthetic incident carries its provenance.
        _ = workspace.execute(#"@inc-0001 | export csv "one""#)
        #expect(try read("one.csv").contains("\r\ninc-0001,synthetic,,[],"))
        _ = workspace.execute(#"@inc-0001 | select id, ts | export jsonl "one""#)
        #expect(try read("one.jsonl").contains(#""provenance": "synthetic", "status": null, "sources": []"#))
        _ = workspace.execute(#"@inc-0001 | export json "one.json""#)
        #expect(try read("one.json").contains(#""id": "inc-0001", "provenance": "synthetic""#))
        // A table that is not one row per node says on every row what it was computed from.
        let generated = "210 incidents: 4 reported, 206 synthetic (generated; docs/synthetic-data.md)"
        _ = workspace.execute(#"incidents | count by vector | export json "by-vector.json""#)
        #expect(
            try read("by-vector.json").hasPrefix(
                #"[{"vector": "spear-phishing-attachment", "count": 149, "computed_from": "\#(generated)"},"#))
        _ = workspace.execute(#"incidents | summarize total = sum(files_exfiltrated) | export csv "total""#)
        #expect(try read("total.csv") == "total,computed_from\r\n3038,\"\(generated)\"\r\n")
        _ = workspace.execute(#"incidents | count by provenance | extend computed_from = 1 | export csv "own""#)
        #expect(try read("own.csv").hasPrefix("provenance,count,computed_from,computed_from_2\r\nsynthetic,206,1,\""))
        _ = workspace.execute(#"incidents | where provenance == "reported" | count | export jsonl "reported""#)
        #expect(try read("reported.jsonl") == #"{"count": 4, "computed_from": "4 incidents: 4 reported"}"# + "\n")
        _ = workspace.execute(
            #"match (i:incident)-[:targeted]->(o:org) | where i.provenance == "synthetic" | take 1 | export csv "m""#)
        #expect(
            try read("m.csv").hasSuffix(",1 pattern match: 1 synthetic (generated; docs/synthetic-data.md)\r\n"))
        _ = workspace.execute(#"phases | select id, start | export jsonl "phases""#)
        #expect(try read("phases.jsonl").split(separator: "\n").count == 3)
    }

    @Test(
        "a cancelled export or :save writes nothing",
        arguments: ["actors | export csv \"cancelled\"", ":export stix cancelled"])
    func cancelledWritesNothing(statement: String) throws {
        workspace.cancellation = CancellationCheck { true }
        let outcome = workspace.execute(statement)
        #expect(
            !outcome.succeeded && outcome.output.contains("cancelled") || outcome.error?.contains("cancelled") == true)
        #expect(!FileManager.default.fileExists(atPath: folder))
    }

    @Test("export dot draws the nodes and the edges among them")
    func dot() throws {
        #expect(workspace.execute(#"@mirrorface | both | export dot "mirrorface""#).output.hasSuffix("(dot)"))
        let dot = try read("mirrorface.dot")
        #expect(dot.hasPrefix("digraph kagami {"))
        #expect(dot.contains(#""campaign-a" [label="#) && dot.contains("shape=hexagon"))
        #expect(dot.contains("label=\"targeted\"") || dot.contains("label=\"attributed_to\""))
        let table = workspace.execute(#"actors | count | export dot "x""#).error ?? ""
        #expect(table.contains("`export dot` draws nodes"))
    }

    @Test("export navigator writes an ATT&CK Navigator layer (format 4.5) scored by how many nodes use each technique")
    func navigator() throws {
        #expect(
            workspace.execute(#"@mirrorface | export navigator "mirrorface""#).output
                == "wrote a Navigator layer of 44 techniques to \(folder)/mirrorface.json (navigator)")
        let layer = try #require(
            try JSONSerialization.jsonObject(with: Data(try read("mirrorface.json").utf8)) as? [String: Any])
        #expect(layer["name"] as? String == "mirrorface" && layer["domain"] as? String == "enterprise-attack")
        #expect((layer["versions"] as? [String: String])?["layer"] == "4.5")
        let techniques = try #require(layer["techniques"] as? [[String: Any]])
        #expect(techniques.count == 44)
        #expect(
            techniques.allSatisfy { ($0["techniqueID"] as? String)?.hasPrefix("T") == true && $0["score"] as? Int == 1 }
        )
        #expect(workspace.execute(#"sectors | export navigator "x""#).error?.contains("no ATT&CK technique") == true)
        // Synthetic incidents' use is listed apart and never scored.
        _ = workspace.execute(#"incidents | export navigator "incidents""#)
        let byIncidents = try #require(
            try JSONSerialization.jsonObject(with: Data(try read("incidents.json").utf8)) as? [String: Any])
        #expect((byIncidents["description"] as? String)?.contains("never scored") == true)
        let entries = try #require(byIncidents["techniques"] as? [[String: Any]])
        let spearphishing = try #require(entries.first { $0["techniqueID"] as? String == "T1566.001" })
        #expect(spearphishing["score"] as? Int == 0)
        let metadata = try #require(spearphishing["metadata"] as? [[String: String]])
        #expect(metadata.contains { $0["name"] == "users (synthetic, not scored)" && $0["value"] == "149" })
        let exploit = try #require(entries.first { $0["techniqueID"] as? String == "T1190" })
        #expect(exploit["score"] as? Int == 4)
    }

    @Test("export svg draws the chart before it as well-formed SVG with one mark per data point")
    func svg() throws {
        // The expected number of marks where it is known; the heatmap's is the number of cells written.
        let cases: [(String, Int?)] = [
            (#"incidents | timeline by year | export svg "timeline""#, 6),
            (#"incidents | heatmap hour(ts) by weekday(ts) | export svg "heatmap""#, nil),
            (#"incidents | chart bar by vector | export svg "bars""#, 5),
        ]
        for (statement, marks) in cases {
            let outcome = workspace.execute(statement)
            #expect(outcome.succeeded, "\(outcome.error ?? "")")
            let name = String(statement.split(separator: "\"")[1])
            let text = try read(name + ".svg")
            let counter = MarkCounter()
            let parser = XMLParser(data: Data(text.utf8))
            parser.delegate = counter
            #expect(parser.parse(), "\(name).svg is not well-formed XML")
            let rows = Int(outcome.output.split(separator: " ")[4]) ?? -1
            #expect(counter.marks == rows && (marks ?? rows) == rows, "\(name)")
            // What the chart rests on is written under it and as its description.
            let source = "computed from 210 incidents: 4 reported, 206 synthetic (generated; docs/synthetic-data.md)"
            #expect(text.contains("<desc>\(source)</desc>") && text.contains(">\(source)</text>"), "\(name)")
        }
        _ = workspace.execute(#"incidents | where provenance == "reported" | chart bar by vector | export svg "r""#)
        #expect(try read("r.svg").contains("<desc>computed from 4 incidents: 4 reported</desc>"))
        #expect(workspace.execute(#"actors | export svg "x""#).error?.contains("draws a chart") == true)
    }

    @Test(":export writes the whole graph; :set ascii switches chart characters")
    func commands() throws {
        #expect(workspace.execute(":export dot whole").output.hasPrefix("wrote 734 nodes and 2172 edges"))
        #expect(workspace.execute(":set ascii on").output == "charts: ASCII")
        #expect(workspace.execute("incidents | chart bar by vector").output.contains("#####"))
        #expect(
            workspace.execute(":set colour on").error?.contains(
                "`:set` knows `ascii on|off`, `pager on|off` and `memory MiB`")
                == true)
    }

    @Test(":export is recorded once, as typed; its errors point at the format or at the name")
    func exportCommandRecordedOnce() {
        #expect(workspace.execute(":export csv whole").error == nil)
        #expect(workspace.log.map(\.statement) == [":export csv whole"])
        #expect(workspace.execute(":history").output.split(separator: "\n").count == 1)
        let badName = workspace.execute(":export csv ../outside").error ?? ""
        #expect(badName.contains("does not name a file inside") && badName.contains("\n    |             ^^^^^^^^^^"))
        let badFormat = workspace.execute(":export xml whole").error ?? ""
        #expect(badFormat.contains("unknown export format `xml`") && badFormat.contains("\n    |         ^^^ formats:"))
    }

    @Test("export must come last, in a known format, into the exports folder; a failure writes nothing")
    func mistakes() {
        #expect(
            workspace.execute(#"actors | export csv "a" | count"#).error?.contains("must be the last stage") == true)
        #expect(workspace.execute(#"actors | export xml "a""#).error?.contains("unknown export format `xml`") == true)
        #expect(
            workspace.execute(#"actors | export csv "../escape""#).error?.contains("does not name a file inside")
                == true)
        #expect(!FileManager.default.fileExists(atPath: folder))
    }
}

/// Counts the `<rect class="mark">` elements of an SVG file.
final class MarkCounter: NSObject, XMLParserDelegate {
    var marks = 0

    func parser(
        _ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        if element == "rect", attributes["class"] == "mark" { marks += 1 }
    }
}
