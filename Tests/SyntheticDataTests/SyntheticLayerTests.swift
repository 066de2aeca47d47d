import Foundation
import IncidentGraph
import SyntheticData
import TestSupport
import Testing
import WorkSchedules
import Workbench

/// Generates once per process: the reported layer and schedules are the shipped ones.
enum Fixtures {
    static let schedules: ScheduleBook? = try? ScheduleBook.shipped()
    static let reported: GraphDocument? = try? BundledData.reportedLayer()

    static func generate(_ options: GeneratorOptions = GeneratorOptions(), format: GeneratedFormat = .jsonl) throws
        -> String
    {
        let layer = try SyntheticLayer(options: options, schedules: try #require(schedules))
        var text = ""
        layer.write(format: format, reported: try #require(reported), emit: { text += $0 })
        return text
    }

    static func graph(_ options: GeneratorOptions = GeneratorOptions()) throws -> IncidentGraph {
        try GraphFile.decode(Array(try generate(options).utf8), file: "generated.jsonl", format: .jsonl).graph
    }
}

@Suite("The synthetic incident layer")
struct SyntheticLayerTests {
    let graph: IncidentGraph
    let incidents: [NodeID]

    init() throws {
        let generated = try Fixtures.graph()
        graph = generated
        incidents = generated.nodes(ofKind: "incident").filter { generated.provenance(of: $0).origin == .synthetic }
    }

    private func linked(_ node: NodeID, _ label: String) -> [String] {
        graph.neighbours(of: node, direction: .out, label: label).map { graph.id(of: $0) }
    }

    private func instant(_ node: NodeID) -> Instant? {
        if case .instant(let instant) = graph.value("ts", of: node) { return instant }
        return nil
    }

    @Test("with the four reported JAXA intrusions, the published totals hold: 210, 173 by e-mail, 37 intrusions")
    func publishedTotals() {
        #expect(incidents.count == 206)
        let byCampaign = Dictionary(grouping: incidents) { linked($0, "part_of").first ?? "" }.mapValues(\.count)
        #expect(byCampaign["campaign-b"] == 33)
        #expect((byCampaign["campaign-a"] ?? 0) + (byCampaign["campaign-c"] ?? 0) == 173)
        #expect(byCampaign["campaign-a"] == 149)
        #expect(byCampaign["campaign-c"] == 24)
    }

    @Test("each campaign's incidents lie in its window, with its vectors and sectors")
    func campaignWindows() throws {
        let windows = [
            "campaign-a": (
                "2019-12-01", "2023-07-31", ["spear-phishing-attachment"],
                ["think-tank", "government", "politics", "media"]
            ),
            "campaign-b": (
                "2023-02-01", "2023-10-31", ["vpn-device", "web-application", "stolen-credentials"],
                ["semiconductor", "manufacturing", "ict", "academia", "aerospace"]
            ),
            "campaign-c": (
                "2024-06-01", "2024-12-31", ["spear-phishing-link"], ["academia", "think-tank", "politics", "media"]
            ),
        ]
        for incident in incidents {
            let campaign = try #require(linked(incident, "part_of").first)
            let (start, end, vectors, sectors) = try #require(windows[campaign])
            let ts = try #require(instant(incident))
            // Windows are in local (Shanghai) days; allow the UTC day to be one earlier.
            let from = try #require(Day(iso8601: start)).daysSinceEpoch - 1
            let to = try #require(Day(iso8601: end)).daysSinceEpoch
            #expect((from...to).contains(ts.day.daysSinceEpoch), "\(graph.id(of: incident)) at \(ts.iso8601)")
            #expect(vectors.contains(graph.value("vector", of: incident).stringValue ?? ""))
            let target = try #require(graph.neighbours(of: incident, direction: .out, label: "targeted").first)
            #expect(sectors.contains(linkedSector(target)))
        }
        let sectorsB = Set(
            incidents.filter { linked($0, "part_of") == ["campaign-b"] }.compactMap {
                graph.neighbours(of: $0, direction: .out, label: "targeted").first.map(linkedSector)
            })
        #expect(sectorsB == ["semiconductor", "manufacturing", "ict", "academia", "aerospace"])
    }

    private func linkedSector(_ org: NodeID) -> String {
        graph.neighbours(of: org, direction: .out, label: "in_sector").first.map { graph.id(of: $0) } ?? ""
    }

    @Test("every synthetic record is flagged, carries its ground truth, and links to reported nodes")
    func flaggedAndLinked() throws {
        let phases = ["campaign-a": 1, "campaign-b": 2, "campaign-c": 3]
        for incident in incidents {
            let id = graph.id(of: incident)
            let campaign = try #require(linked(incident, "part_of").first)
            #expect(graph.value("true_phase", of: incident) == .int(phases[campaign] ?? 0), "\(id)")
            #expect(graph.value("schedule", of: incident) == .string("CN"))
            #expect(["schedule", "noise"].contains(graph.value("drawn_from", of: incident).stringValue ?? ""))
            #expect(linked(incident, "attributed_to") == ["mirrorface"])
            #expect(!linked(incident, "used_malware").isEmpty)
            let target = try #require(graph.neighbours(of: incident, direction: .out, label: "targeted").first)
            #expect(graph.provenance(of: target).origin == .synthetic)
            #expect(graph.value("category", of: target) == .string("placeholder"))
            if campaign == "campaign-b" {
                #expect(linked(incident, "used_lure").isEmpty)
                if graph.value("vector", of: incident) == .string("vpn-device") {
                    #expect(linked(incident, "exploited").count == 1)
                }
            } else {
                let lure = try #require(graph.neighbours(of: incident, direction: .out, label: "used_lure").first)
                #expect(graph.value("is_lure", of: lure) != .null)
                #expect(graph.provenance(of: lure).origin == .synthetic)
            }
        }
        for node in graph.allNodes where graph.provenance(of: node).origin == .synthetic {
            #expect(["incident", "org", "lure"].contains(graph.kind(of: node).name))
        }
        for index in 0..<graph.edgeCount {
            let edge = graph.edge(EdgeID(index: index))
            if graph.provenance(of: edge.from).origin == .synthetic { #expect(edge.provenance.origin == .synthetic) }
        }
    }

    @Test("no timestamp falls outside Chinese working time except the documented noise share")
    func workingTime() throws {
        let schedule = try #require(Fixtures.schedules?.schedule("CN"))
        var noise = 0
        var offSchedule = 0
        for incident in incidents {
            let ts = try #require(instant(incident))
            if graph.value("drawn_from", of: incident) == .string("noise") {
                noise += 1
            } else {
                #expect(schedule.isWorkingTime(ts), "\(graph.id(of: incident)) at \(ts.iso8601)")
            }
            if !schedule.isWorkingDay(schedule.clock.local(ts).day) { offSchedule += 1 }
        }
        #expect(offSchedule <= noise)
        #expect((8...35).contains(noise), "noise share \(noise) of 210 is far from 10 %")
    }

    @Test("the reported lure themes and cues all occur, and ordinary subjects are among them")
    func lureThemes() {
        let lures = graph.nodes(ofKind: "lure").filter { graph.provenance(of: $0).origin == .synthetic }
        let words = Set(
            lures.flatMap { [graph.value("theme", of: $0).stringValue, graph.value("cue", of: $0).stringValue] }
                .compactMap { $0 })
        for reported in [
            "us-japan-alliance", "taiwan-strait", "russia-ukraine-war", "free-and-open-indo-pacific",
            "study-group-invitation",
            "interview-request", "international-affairs", "archive-recommendation",
        ] {
            #expect(words.contains(reported), "\(reported)")
        }
        #expect(lures.contains { graph.value("is_lure", of: $0) == .bool(false) })
        #expect(lures.contains { graph.value("language", of: $0) == .string("en") })
    }
}

@Suite("kagami generate's outputs")
struct GeneratorOutputTests {
    @Test("the same options give byte-identical output; another seed does not")
    func determinism() throws {
        let options = GeneratorOptions(incidents: 500, seed: 7)
        #expect(try Fixtures.generate(options) == (try Fixtures.generate(options)))
        #expect(try Fixtures.generate(options) != (try Fixtures.generate(GeneratorOptions(incidents: 500, seed: 8))))
    }

    @Test("JSON and JSON Lines outputs load as the same graph")
    func formats() throws {
        let options = GeneratorOptions(incidents: 300, seed: 3, schedule: "TW")
        let json = try GraphFile.decode(
            Array(try Fixtures.generate(options, format: .json).utf8), file: "g.json", format: .json)
        let lines = try GraphFile.decode(
            Array(try Fixtures.generate(options, format: .jsonl).utf8), file: "g.jsonl", format: .jsonl)
        #expect(json.graph.nodeCount == lines.graph.nodeCount)
        #expect(json.graph.edgeCount == lines.graph.edgeCount)
        #expect(json.about.contains("--incidents 300 --seed 3 --schedule TW"))
    }

    @Test("the CSV output parses: a header and one row of 21 fields per incident")
    func csv() throws {
        let text = try Fixtures.generate(GeneratorOptions(incidents: 120, seed: 5), format: .csv)
        let rows = CSVRows.parse(text)
        #expect(rows.count == 121)
        #expect(rows.first?.first == "id")
        #expect(rows.allSatisfy { $0.count == 21 })
        #expect(rows.dropFirst().allSatisfy { Instant(iso8601: $0[1]) != nil })
    }

    @Test("other schedules draw in their own working time")
    func otherSchedule() throws {
        let graph = try Fixtures.graph(GeneratorOptions(incidents: 300, seed: 11, schedule: "US-EAST", noise: 0))
        let schedule = try #require(Fixtures.schedules?.schedule("US-EAST"))
        for incident in graph.nodes(ofKind: "incident") where graph.provenance(of: incident).origin == .synthetic {
            guard case .instant(let ts) = graph.value("ts", of: incident) else { continue }
            #expect(schedule.isWorkingTime(ts))
        }
    }

    @Test("impossible options are refused with a reason")
    func badOptions() throws {
        let schedules = try #require(Fixtures.schedules)
        #expect(throws: GeneratorError.self) {
            try SyntheticLayer(options: GeneratorOptions(schedule: "XX"), schedules: schedules)
        }
        #expect(throws: GeneratorError.self) {
            try SyntheticLayer(options: GeneratorOptions(noise: 1.5), schedules: schedules)
        }
        #expect(throws: GeneratorError.self) {
            try SyntheticLayer(options: GeneratorOptions(incidents: -1), schedules: schedules)
        }
    }
}
