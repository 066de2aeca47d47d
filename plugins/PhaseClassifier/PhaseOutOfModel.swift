import PluginAPI

/// The classifier on incidents made by code independent of the synthetic generator and of its
/// own scoring: dates anywhere in a phase's window (the whole overlap included), the phase's
/// method only most of the time (a fifth of the vectors unknown), sectors outside the phase's
/// focus a third of the time, and incidents no phase describes — intrusions through VPN
/// devices after phase 2 and in phase 3's window, e-mail with links before phase 3, incidents
/// before the first window. How often it is right, how often wrong with p ≥ 0.8, and whether
/// its stated probability matches how often it is right.
struct PhaseOutOfModel {
    /// One made-up incident and its truth (nil: no phase).
    struct Case {
        let evidence: IncidentEvidence
        let truth: Int?
    }

    private(set) var correct = 0
    private(set) var wrongConfident = 0
    private(set) var total = 0
    private(set) var noPhaseCases = 0
    private(set) var noPhaseFound = 0
    /// Stated probability of the answer against how often it was right.
    private(set) var reliability = Reliability(edges: [0, 0.6, 0.8, 0.95, 1])

    init(scorer: PhaseScorer, count: Int) {
        var random = SampleRandom(seed: 2_026_120_2)
        let sectors = [
            "think-tank", "government", "politics", "media", "semiconductor", "manufacturing", "ict", "academia",
            "aerospace", "finance", "defense", "energy",
        ]
        func day(_ from: String, _ to: String) -> Day {
            let (low, high) = (Day(iso8601: from)?.daysSinceEpoch ?? 0, Day(iso8601: to)?.daysSinceEpoch ?? 0)
            return Day(daysSinceEpoch: low + Int32(random.next() % UInt64(max(high - low + 1, 1))))
        }
        for index in 0..<count {
            let made: Case
            let kind = index % 10
            if kind < 8 {
                // A phase's incident: its window, mostly its method, often its focus sector.
                let phase = scorer.table.phases[Int(random.next() % UInt64(scorer.table.phases.count))]
                let date = day(phase.start.iso8601, phase.end?.iso8601 ?? "2024-12-31")
                var evidence = IncidentEvidence(day: date)
                if random.unit() >= 0.2 {
                    evidence.vector = phase.vectors.sorted()[Int(random.next() % UInt64(phase.vectors.count))]
                }
                let roll = random.unit()
                if roll < 0.6 {
                    evidence.sector = phase.sectors.sorted()[Int(random.next() % UInt64(phase.sectors.count))]
                } else if roll < 0.9 {
                    evidence.sector = sectors[Int(random.next() % UInt64(sectors.count))]
                }
                made = Case(evidence: evidence, truth: phase.number)
            } else {
                // Activity no reported phase describes.
                let which = random.next() % 4
                let evidence: IncidentEvidence =
                    switch which {
                    case 0:
                        IncidentEvidence(
                            day: day("2023-12-01", "2024-05-15"), sector: "aerospace", vector: "vpn-device")
                    case 1:
                        IncidentEvidence(
                            day: day("2024-07-01", "2024-12-31"), sector: "manufacturing", vector: "vpn-device")
                    case 2:
                        IncidentEvidence(
                            day: day("2020-06-01", "2022-06-30"), sector: "academia", vector: "spear-phishing-link")
                    default: IncidentEvidence(day: day("2018-01-01", "2019-09-30"), sector: "media", vector: nil)
                    }
                made = Case(evidence: evidence, truth: nil)
            }
            let result = scorer.classify(made.evidence)
            total += 1
            let right = result.phase == made.truth
            if right { correct += 1 }
            if made.truth == nil {
                noPhaseCases += 1
                if result.phase == nil { noPhaseFound += 1 }
            }
            let stated = result.probability ?? 0
            if !right, stated >= 0.8 { wrongConfident += 1 }
            reliability.record(stated, right: right)
        }
    }

    /// The figures, titled with where they come from.
    var tables: [(title: String, table: Table)] {
        func percent(_ part: Int, _ whole: Int) -> String {
            guard whole > 0 else { return "–" }
            let tenths = Int((Double(part) / Double(whole) * 1000).rounded())
            return "\(tenths / 10).\(tenths % 10) %"
        }
        return [
            (
                "OUT-OF-MODEL: \(total) incidents made by independent code (dates anywhere in a window, a fifth with unknown vector, a third outside the focus sectors, a tenth with no phase)",
                Table(
                    columns: ["right", "wrong with p ≥ 0.8", "no-phase incidents found"],
                    rows: [
                        [
                            .string(percent(correct, total)), .string(percent(wrongConfident, total)),
                            .string(percent(noPhaseFound, noPhaseCases)),
                        ]
                    ])
            ),
            (
                "OUT-OF-MODEL reliability: stated probability against how often it was right",
                reliability.table(answers: "given")
            ),
        ]
    }
}
