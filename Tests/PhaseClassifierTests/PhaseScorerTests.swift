import PluginAPI
import Testing

@testable import PhaseClassifier

@Suite("Phase classifier on hand-made incidents")
struct PhaseScorerTests {
    let scorer: PhaseScorer

    init() throws {
        scorer = PhaseScorer(table: try PhaseTable.bundled(), configuration: .empty)
    }

    private func classify(_ day: String, _ sector: String?, _ vector: String?) throws -> PhaseScorer.Classification {
        let parsed = try #require(Day(iso8601: day))
        return scorer.classify(IncidentEvidence(day: parsed, sector: sector, vector: vector))
    }

    @Test(
        "window edges: inside, just outside (soft edge) and far outside",
        arguments: [
            ("2019-12-01", "government", "spear-phishing-attachment", 1),
            ("2019-11-20", "government", "spear-phishing-attachment", 1),
            ("2023-07-31", "media", "spear-phishing-attachment", 1),
            ("2023-08-01", "media", "spear-phishing-attachment", 1),
            ("2023-02-01", "semiconductor", "vpn-device", 2),
            ("2023-01-31", "semiconductor", "vpn-device", 2),
            ("2023-10-31", "ict", "vpn-device", 2),
            ("2023-11-20", "ict", "vpn-device", 2),
            ("2024-05-31", "academia", "spear-phishing-link", 3),
            ("2024-06-01", "academia", "spear-phishing-link", 3),
            ("2025-03-01", "think-tank", "spear-phishing-link", 3),
        ])
    func edges(day: String, sector: String, vector: String, phase: Int) throws {
        #expect(try classify(day, sector, vector).phase == phase)
    }

    @Test("incidents far from every window get no phase, with the reason")
    func outside() throws {
        let early = try classify("2019-09-01", "government", "spear-phishing-attachment")
        #expect(early.phase == nil && early.probability == nil)
        #expect(early.why == "2019-09-01 is outside every window: 91 days from phase 1 (2019-12-01..2023-07-31)")
        let gap = try classify("2024-02-15", "academia", "vpn-device")
        #expect(gap.phase == nil)
        #expect(gap.why.contains("outside every window"))
        #expect(scorer.classify(IncidentEvidence()).why == "no date: the phase cannot be placed")
    }

    @Test("inside the Feb–Jul 2023 overlap, vector and sector decide")
    func overlap() throws {
        let email = try classify("2023-04-10", "government", "spear-phishing-attachment")
        #expect(email.phase == 1)
        #expect(
            email.why
                == "2023-04-10 is in the windows of phases 1 and 2; vector spear-phishing-attachment fits phase 1; sector government fits phase 1"
        )
        let intrusion = try classify("2023-04-10", "semiconductor", "vpn-device")
        #expect(intrusion.phase == 2)
        #expect((intrusion.probability ?? 0) >= 0.99)
        // Sector alone still decides when the vector is unknown.
        let academia = try classify("2023-05-02", "academia", nil)
        #expect(academia.phase == 2)
        #expect(academia.why.hasSuffix("vector unknown; sector academia fits phase 2 and 3"))
        // Conflicting evidence: the vector outweighs the sector, and the probability says it was close.
        let mixed = try classify("2023-05-02", "semiconductor", "spear-phishing-attachment")
        #expect(mixed.phase == 1)
        #expect((mixed.probability ?? 1) < 0.9)
    }

    @Test("a date inside one window is explained by that window alone")
    func singleWindow() throws {
        let result = try classify("2021-03-04", "media", "spear-phishing-attachment")
        #expect(result.phase == 1 && result.probability == 1)
        #expect(result.why == "2021-03-04 is only in phase 1's window (2019-12-01..2023-07-31)")
        let late = try classify("2023-11-20", "ict", "vpn-device")
        #expect(late.why.hasPrefix("2023-11-20 is 20 days after phase 2's window"))
    }

    @Test("settings change the scoring: without vector and sector weights the overlap is a coin toss")
    func settings() throws {
        let plain = PhaseScorer(
            table: try PhaseTable.bundled(),
            configuration: try PluginConfiguration.parse(
                #"{"sector_weight": 1, "vector_weight": 1}"#, file: "test", isDefault: false))
        let day = try #require(Day(iso8601: "2023-04-10"))
        let result = plain.classify(IncidentEvidence(day: day, sector: "semiconductor", vector: "vpn-device"))
        #expect(result.probability == 0.5)
    }
}
