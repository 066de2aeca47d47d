import Foundation
import IncidentGraph
import Testing
import Workbench

@Suite("The reported MirrorFace layer")
struct BundledDataTests {
    let graph: IncidentGraph

    init() throws {
        graph = try BundledData.reportedLayer().graph
    }

    private func node(_ id: String) throws -> NodeID {
        try #require(graph.node(id: id), "missing node \(id)")
    }

    @Test("every node and edge is reported and cites sources that exist")
    func sourcesExist() {
        let sourceIDs = Set(graph.nodes(ofKind: "source").map { graph.id(of: $0) })
        // S31 (a student write-up of unknown authorship, used only as a lead) is left out.
        #expect(sourceIDs.count == 46)
        for node in graph.allNodes {
            let provenance = graph.provenance(of: node)
            #expect(provenance.origin == .reported, "\(graph.id(of: node)) is not reported")
            #expect(!provenance.sources.isEmpty, "\(graph.id(of: node)) cites nothing")
            #expect(provenance.status != nil)
            for key in provenance.sources {
                #expect(sourceIDs.contains(key), "\(graph.id(of: node)) cites unknown \(key)")
            }
        }
        for index in 0..<graph.edgeCount {
            let edge = graph.edge(EdgeID(index: index))
            #expect(!edge.provenance.sources.isEmpty)
            for key in edge.provenance.sources {
                #expect(sourceIDs.contains(key), "edge \(edge.label) cites unknown \(key)")
            }
        }
    }

    @Test("reported_by edges agree with each node's cited sources")
    func reportedByMatchesProvenance() {
        for node in graph.allNodes where graph.kind(of: node).name != "source" {
            let linked = Set(graph.neighbours(of: node, direction: .out, label: "reported_by").map { graph.id(of: $0) })
            #expect(linked == Set(graph.provenance(of: node).sources), "\(graph.id(of: node))")
        }
    }

    @Test("ids are unique and typable as @id")
    func ids() {
        let ids = graph.allNodes.map { graph.id(of: $0) }
        #expect(Set(ids).count == ids.count)
        for id in ids {
            #expect(id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }, "\(id)")
            #expect(id == id.lowercased())
        }
    }

    @Test("the JAXA intrusions and figures are as published")
    func jaxa() throws {
        let intrusions = graph.neighbours(of: try node("jaxa"), direction: .in, label: "targeted")
        let months = intrusions.compactMap { node -> String? in
            guard case .instant(let instant) = graph.value("ts", of: node) else { return nil }
            return String(instant.day.iso8601.prefix(7))
        }
        #expect(months.sorted() == ["2023-06", "2024-01", "2024-04", "2024-05"])
        #expect(intrusions.allSatisfy { graph.value("ts_precision", of: $0) == .string("month") })
        #expect(graph.value("count", of: try node("jaxa-accounts")) == .int(200))
        #expect(graph.value("count", of: try node("jaxa-m365-files")) == .int(10_000))
        #expect(graph.value("count_qualifier", of: try node("jaxa-m365-files")) == .string("more than"))
        #expect(graph.value("count", of: try node("jaxa-partner-files")) == .int(1_000))
        #expect(graph.value("partners", of: try node("jaxa-partner-files")) == .int(40))
        #expect(graph.value("count", of: try node("jaxa-personal-data")) == .int(5_000))
        #expect(graph.value("date", of: try node("jaxa-disclosure")) == .date(try #require(Day(iso8601: "2024-07-05"))))
        #expect(graph.value("caveat", of: try node("jaxa")) == .string("named by government sources, not by the NPA"))
    }

    @Test("the data says what its sources say (FACTS.md): corrections checked one by one")
    func sourcesSayIt() throws {
        func linked(_ id: String, _ label: String) throws -> [String] {
            graph.neighbours(of: try node(id), direction: .out, label: label).map { graph.id(of: $0) }.sorted()
        }
        func edge(_ from: String, _ label: String, _ to: String) throws -> Edge {
            let start = try node(from)
            let found = graph.edges(at: start, direction: .out, label: label).map(graph.edge).first {
                graph.id(of: $0.to) == to
            }
            return try #require(found, "no \(from) -\(label)-> \(to)")
        }
        // The abolished Strategic Support Force was the PLA's, not the MSS's.
        #expect(try linked("ssf-abolished", "concerns") == ["pla"])
        // Each actor's place rests on what is said about that actor.
        #expect(try edge("menupass", "located_in", "china").provenance.sources == ["s34", "s1", "s2"])
        #expect(try edge("apt31", "located_in", "china").provenance.sources == ["s38"])
        #expect(try edge("salt-typhoon", "located_in", "china").provenance.sources == ["s37"])
        // The NPA's timing argument is a SECONDARY fact resting on the one outlet that reports it.
        let claim = graph.provenance(of: try node("npa-timing-claim"))
        #expect(claim.sources == ["s20"] && claim.status == .secondary)
        #expect(try linked("npa-timing-claim", "concerns") == ["china", "mirrorface"])
        // The EXPO lure is a file name; the JAXA accounts were taken over, not exfiltrated.
        #expect(graph.value("subject", of: try node("lure-expo-2025")).isNull)
        #expect(
            graph.value("file_name", of: try node("lure-expo-2025"))
                == .string("The EXPO Exhibition in Japan in 2025.docx.lnk"))
        #expect(try linked("mirrorface", "took_over") == ["jaxa-accounts"])
        #expect(try !linked("mirrorface", "exfiltrated").contains("jaxa-accounts"))
        // Both white-paper figures, each with its source and status.
        #expect(graph.provenance(of: try node("defense-white-paper-2021")).status == .reported)
        #expect(graph.provenance(of: try node("defense-white-paper-2024")).status == .unconfirmed)
        // Vague sources have a full citation or are gone; a source's status says how it was read.
        for key in ["s30", "s32", "s33", "s36", "s44"] {
            let source = try node(key)
            #expect(!graph.value("title", of: source).isNull)
            #expect(!graph.value("url", of: source).isNull || key == "s30", "\(key) has no address")
            #expect(graph.value("locator", of: source).stringValue?.contains("read via id") != true)
        }
        #expect(graph.node(id: "s31") == nil)
        #expect(graph.provenance(of: try node("s36")).status == .unconfirmed)
        #expect(graph.provenance(of: try node("s20")).status == .secondary)
    }

    @Test("docs/reported-facts.md lists every reported fact with its status and sources, as the data has them")
    func reportedFactsListing() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/reported-facts.md").path
        func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
        func row(_ provenance: Provenance) -> String {
            (provenance.status?.rawValue ?? "") + " | " + provenance.sources.joined(separator: " ")
        }
        var lines = [
            "# Every reported fact, its status and its sources", "",
            "Generated from `Sources/Workbench/Data/mirrorface-reported.json` by a test (`BundledDataTests`),",
            "which fails when this file and the data differ; re-record with",
            "`KAGAMI_RECORD_GOLDEN=1 swift test --filter BundledData`. Statuses and the provenance vocabulary",
            "are defined in [data.md](data.md). `reported_by` edges are left out: they repeat each node's sources.",
            "", "## Nodes", "", "| node | kind | status | sources |", "|---|---|---|---|",
        ]
        for node in graph.allNodes where graph.kind(of: node).name != "source" {
            lines.append(
                "| `@\(graph.id(of: node))` | \(graph.kind(of: node).name) | \(row(graph.provenance(of: node))) |")
        }
        lines += ["", "## Edges", "", "| from | label | to | status | sources |", "|---|---|---|---|---|"]
        for index in 0..<graph.edgeCount {
            let edge = graph.edge(EdgeID(index: index))
            guard edge.label != "reported_by" else { continue }
            lines.append(
                "| `@\(graph.id(of: edge.from))` | \(edge.label) | `@\(graph.id(of: edge.to))` | \(row(edge.provenance)) |"
            )
        }
        lines += ["", "## Sources", "", "| key | read | title |", "|---|---|---|"]
        for source in graph.nodes(ofKind: "source") {
            let title = cell(graph.value("title", of: source).stringValue ?? "")
            let status = graph.provenance(of: source).status?.rawValue ?? ""
            lines.append("| `@\(graph.id(of: source))` | \(status) | \(title) |")
        }
        let text = lines.joined(separator: "\n") + "\n"
        if ProcessInfo.processInfo.environment["KAGAMI_RECORD_GOLDEN"] != nil {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == text, "re-record docs/reported-facts.md")
    }

    @Test("the three CVEs are as published")
    func vulnerabilities() throws {
        let cves = graph.nodes(ofKind: "vulnerability").compactMap { graph.value("cve", of: $0).stringValue }
        #expect(cves.sorted() == ["CVE-2023-27997", "CVE-2023-28461", "CVE-2023-45727"])
        let array = try node("cve-2023-28461")
        #expect(graph.value("cvss", of: array) == .double(9.8))
        #expect(graph.value("kev_added", of: array) == .date(try #require(Day(iso8601: "2024-11-25"))))
        let exploited = graph.neighbours(of: try node("mirrorface"), direction: .out, label: "exploited")
        #expect(exploited.count == 3)
    }

    @Test("the NPA campaigns have their windows, phases and totals")
    func campaigns() throws {
        let expected: [(String, Int, String, String?)] = [
            ("campaign-a", 1, "2019-12-01", "2023-07-31"), ("campaign-b", 2, "2023-02-01", "2023-10-31"),
            ("campaign-c", 3, "2024-06-01", nil),
        ]
        for (id, phase, start, end) in expected {
            let campaign = try node(id)
            #expect(graph.value("phase", of: campaign) == .int(phase))
            #expect(graph.value("start", of: campaign) == .date(try #require(Day(iso8601: start))))
            #expect(graph.value("end", of: campaign) == (end.flatMap { Day(iso8601: $0) }.map(Value.date) ?? .null))
            #expect(
                graph.neighbours(of: campaign, direction: .out, label: "in_phase").map { graph.id(of: $0) } == [
                    "phase-\(phase)"
                ])
        }
        #expect(graph.value("targets_reported", of: try node("campaign-b")) == .int(37))
        #expect(graph.value("count", of: try node("npa-advisory")) == .int(210))
        let sectorsB = graph.neighbours(of: try node("campaign-b"), direction: .out, label: "targeted").map {
            graph.id(of: $0)
        }
        #expect(Set(sectorsB) == ["semiconductor", "manufacturing", "ict", "academia", "aerospace"])
    }

    @Test("the actors, the MSS path and the ATT&CK techniques are present")
    func actorsAndTechniques() throws {
        #expect(graph.value("attack_id", of: try node("mirrorface")) == .string("G1054"))
        #expect(graph.value("attack_id", of: try node("menupass")) == .string("G0045"))
        #expect(
            graph.neighbours(of: try node("mirrorface"), direction: .out, label: "linked_to").map { graph.id(of: $0) }
                == ["menupass"])
        #expect(
            graph.neighbours(of: try node("menupass"), direction: .out, label: "sponsored_by").map { graph.id(of: $0) }
                == ["mss"])
        let techniques = graph.neighbours(of: try node("mirrorface"), direction: .out, label: "uses_technique")
        #expect(techniques.count == 44)
        let reportedTechniques = graph.edges(at: try node("mirrorface"), direction: .out, label: "uses_technique")
            .filter { graph.edge($0).provenance.status == .reported }
        #expect(reportedTechniques.count == 43)
        #expect(graph.value("attack_v18_id", of: try node("t1684.001")) == .string("T1656"))
    }

    @Test("the reported lure subjects are present in Japanese")
    func lures() {
        let subjects = Set(graph.nodes(ofKind: "lure").compactMap { graph.value("subject", of: $0).stringValue })
        for subject in ["日米同盟", "台湾海峡", "ロシア・ウクライナ戦争", "自由で開かれたインド太平洋", "勉強会案内", "取材のご依頼", "国際情勢と日本外交", "所蔵資料のおすすめ"] {
            #expect(subjects.contains(subject), "\(subject)")
        }
    }
}
