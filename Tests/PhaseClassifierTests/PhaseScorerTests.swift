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

    @Test("incidents no phase describes get no phase, with the nearest phase as a lead")
    func outside() throws {
        let early = try classify("2019-09-01", "government", "spear-phishing-attachment")
        #expect(early.phase == nil && (early.probability ?? 0) > 0.9)
        #expect(
            early.why
                == "date 2019-09-01: in no phase's window (91 days before phase 1's, 2019-12-01..2023-07-31); vector spear-phishing-attachment: fits phase 1, not 2 or 3; sector government: fits phase 1, not 2 or 3 → no phase fits (p 0.998); lead: phase 1 (its window is 91 days later)"
        )
        let gap = try classify("2024-02-15", "academia", "vpn-device")
        #expect(gap.phase == nil)
        // The reported JAXA intrusion of May 2024: a VPN device before phase 3's e-mail window.
        let jaxa = try classify("2024-05-01", "aerospace", "vpn-device")
        #expect(jaxa.phase == nil)
        #expect(jaxa.why.hasSuffix("lead: phase 3 (its window is 31 days later; it did not use vpn-device)"))
        // An intrusion through a VPN device inside phase 3's window is not phase 3.
        let inside = try classify("2024-08-01", "manufacturing", "vpn-device")
        #expect(inside.phase == nil)
        #expect(inside.why.contains("vector vpn-device: fits phase 2, not 1 or 3"))
        #expect(scorer.classify(IncidentEvidence()).why == "no date: the phase cannot be placed")
    }

    @Test("inside the Feb–Jul 2023 overlap, vector and sector decide; without the vector, no confident answer")
    func overlap() throws {
        let email = try classify("2023-04-10", "government", "spear-phishing-attachment")
        #expect(email.phase == 1)
        #expect(
            email.why
                == "date 2023-04-10: in the windows of phases 1 and 2; vector spear-phishing-attachment: fits phase 1, not 2 or 3; sector government: fits phase 1, not 2 or 3 → phase 1 (p 0.943)"
        )
        let intrusion = try classify("2023-04-10", "semiconductor", "vpn-device")
        #expect(intrusion.phase == 2)
        #expect((intrusion.probability ?? 0) >= 0.9)
        // With the vector unknown, a sector that fits one phase leans but does not decide.
        let academia = try classify("2023-05-02", "academia", nil)
        #expect(academia.phase == 2)
        #expect((academia.probability ?? 1) < 0.8)
        #expect(academia.why.contains("vector unknown (neutral); sector academia: fits phase 2 and 3, not 1"))
        let unknown = try classify("2023-05-02", nil, nil)
        #expect((unknown.probability ?? 1) < 0.5)
        // Conflicting evidence: the vector outweighs the sector, and the probability says it was close.
        let mixed = try classify("2023-05-02", "semiconductor", "spear-phishing-attachment")
        #expect(mixed.phase == 1)
        #expect((mixed.probability ?? 1) < 0.9)
    }

    @Test("a date inside one window is explained by that window, and every other piece of evidence is listed")
    func singleWindow() throws {
        let result = try classify("2021-03-04", "media", "spear-phishing-attachment")
        #expect(result.phase == 1 && (result.probability ?? 0) > 0.9)
        #expect(
            result.why.hasPrefix(
                "date 2021-03-04: only in phase 1's window (2019-12-01..2023-07-31); vector spear-phishing-attachment: fits phase 1, not 2 or 3"
            ))
        // Phase 2's own window in its own message (it once printed phase 1's dates).
        let september = try classify("2023-09-12", "ict", "vpn-device")
        #expect(september.why.hasPrefix("date 2023-09-12: only in phase 2's window (2023-02-01..2023-10-31)"))
        let late = try classify("2023-11-20", "ict", "vpn-device")
        #expect(late.why.hasPrefix("date 2023-11-20: in no phase's window (20 days after phase 2's"))
    }

    @Test("settings change the scoring: when the vector and sector do not count, the overlap is a coin toss")
    func settings() throws {
        let plain = PhaseScorer(
            table: try PhaseTable.bundled(),
            configuration: try PluginConfiguration.parse(
                #"{"sector_mismatch": 1, "vector_mismatch": 1, "outside_phases": 0.000001}"#, file: "test",
                isDefault: false))
        let day = try #require(Day(iso8601: "2023-04-10"))
        let result = plain.classify(IncidentEvidence(day: day, sector: "semiconductor", vector: "vpn-device"))
        #expect(result.probability == 0.5)
    }

    @Test("out-of-model: wrong with p ≥ 0.8 in at most 2 % of independent incidents; no-phase ones found")
    func outOfModel() {
        let evaluation = PhaseOutOfModel(scorer: scorer, count: 2000)
        #expect(Double(evaluation.wrongConfident) <= 0.02 * Double(evaluation.total))
        #expect(Double(evaluation.correct) >= 0.9 * Double(evaluation.total))
        #expect(Double(evaluation.noPhaseFound) >= 0.9 * Double(evaluation.noPhaseCases))
    }
}
