import Foundation
import PluginAPI

/// Scores an incident against each reported phase — and against "no phase" — from its date,
/// its initial-access vector and its target's sector, and lists every piece of evidence with
/// the way it points.
///
/// A phase is a window and a method. Its score is its window weight (a logistic rise over
/// `edgeDays` at the start and fall at the end), times `vectorMismatch` when the vector is known
/// and is not one the phase used, times `sectorMismatch` when the sector is known and is not one
/// it focused on; unknown evidence is neutral. "No phase" scores `outsidePhases`: activity the
/// reported phases do not describe (an intrusion through a VPN device in phase 3's e-mail
/// window, an incident between windows). Scores are normalised to probabilities; when "no
/// phase" wins, the phase that comes nearest is named as a lead.
struct PhaseScorer: Sendable {
    let table: PhaseTable
    let edgeDays: Double
    /// Weight of "no phase" beside a phase whose window and method both fit (1).
    let outsidePhases: Double
    private(set) var sectorMismatch: Double
    private(set) var vectorMismatch: Double

    /// A scorer with the plugin's settings.
    init(table: PhaseTable, configuration: PluginConfiguration) {
        self.table = table
        edgeDays = max(configuration.number("edge_days", or: 10), 0.5)
        outsidePhases = min(max(configuration.number("outside_phases", or: 0.05), 1e-6), 1)
        sectorMismatch = min(max(configuration.number("sector_mismatch", or: 0.5), 0), 1)
        vectorMismatch = min(max(configuration.number("vector_mismatch", or: 0.02), 0), 1)
    }

    /// The same scorer with some evidence ignored (it no longer counts against a phase), to
    /// measure what it adds.
    func ignoring(sector: Bool, vector: Bool) -> PhaseScorer {
        var scorer = self
        if sector { scorer.sectorMismatch = 1 }
        if vector { scorer.vectorMismatch = 1 }
        return scorer
    }

    /// The phase given to one incident.
    struct Classification: Sendable, Equatable {
        /// The phase number, or nil when no phase fits.
        let phase: Int?
        /// The probability of that phase — or, with no phase, of "no phase".
        let probability: Double?
        /// Every piece of evidence and which way it points, then the outcome.
        let why: String
    }

    func classify(_ evidence: IncidentEvidence) -> Classification {
        guard let day = evidence.day else {
            return Classification(phase: nil, probability: nil, why: "no date: the phase cannot be placed")
        }
        let scores = table.phases.map { score($0, day, evidence) }
        let total = scores.reduce(0, +) + outsidePhases
        let best = scores.indices.max { scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 > $1) } ?? 0
        let evidenceText = explanation(day, evidence)
        guard scores[best] > outsidePhases else {
            let probability = outsidePhases / total
            return Classification(
                phase: nil, probability: Self.rounded(probability),
                why: evidenceText + " → no phase fits (p \(Self.rounded(probability))); lead: " + lead(day, evidence))
        }
        let probability = scores[best] / total
        return Classification(
            phase: table.phases[best].number, probability: Self.rounded(probability),
            why: evidenceText + " → phase \(table.phases[best].number) (p \(Self.rounded(probability)))")
    }

    private func score(_ phase: PhaseTable.Phase, _ day: Day, _ evidence: IncidentEvidence) -> Double {
        var weight = windowWeight(phase, day)
        if let vector = evidence.vector, !phase.vectors.contains(vector) { weight *= vectorMismatch }
        if let sector = evidence.sector, !phase.sectors.contains(sector) { weight *= sectorMismatch }
        return weight
    }

    private func windowWeight(_ phase: PhaseTable.Phase, _ day: Day) -> Double {
        let sinceStart = Double(day.daysSinceEpoch - phase.start.daysSinceEpoch) + 0.5
        var weight = logistic(sinceStart / edgeDays)
        if let end = phase.end {
            weight *= logistic((Double(end.daysSinceEpoch - day.daysSinceEpoch) + 0.5) / edgeDays)
        }
        return weight
    }

    private func logistic(_ x: Double) -> Double { 1 / (1 + exp(-x)) }

    private static func rounded(_ probability: Double) -> Double { (probability * 1000).rounded() / 1000 }

    /// `date 2023-05-12: in the windows of phases 1 and 2; vector vpn-device: fits phase 2, not
    /// 1 or 3; sector ict: fits phase 2, not 1 or 3` — every piece, whichever way it points.
    private func explanation(_ day: Day, _ evidence: IncidentEvidence) -> String {
        let inside = table.phases.filter { $0.distance(to: day) == 0 }
        var date = "date \(day.iso8601): "
        switch inside.count {
        case 0:
            let nearest = table.phases.min { $0.distance(to: day) < $1.distance(to: day) }
            date += "in no phase's window"
            if let nearest {
                let gap = nearest.distance(to: day)
                let side = day < nearest.start ? "before" : "after"
                date += " (\(gap) day\(gap == 1 ? "" : "s") \(side) phase \(nearest.number)'s, \(nearest.window))"
            }
        case 1: date += "only in phase \(inside[0].number)'s window (\(inside[0].window))"
        default: date += "in the windows of phases \(Self.list(inside.map(\.number)))"
        }
        return [date, fit("vector", evidence.vector, \.vectors), fit("sector", evidence.sector, \.sectors)]
            .joined(separator: "; ")
    }

    /// `vector vpn-device: fits phase 2, not 1 or 3`, `sector unknown`.
    private func fit(_ name: String, _ value: String?, _ list: KeyPath<PhaseTable.Phase, Set<String>>) -> String {
        guard let value else { return "\(name) unknown (neutral)" }
        let fitting = table.phases.filter { $0[keyPath: list].contains(value) }.map(\.number)
        let others = table.phases.map(\.number).filter { !fitting.contains($0) }
        guard !fitting.isEmpty else { return "\(name) \(value): fits no phase" }
        let against = others.isEmpty ? "" : ", not \(Self.list(others, with: "or"))"
        return "\(name) \(value): fits phase \(Self.list(fitting))\(against)"
    }

    /// The phase nearest the incident, as a lead for the analyst: the best score, with why it
    /// did not fit.
    private func lead(_ day: Day, _ evidence: IncidentEvidence) -> String {
        let ranked = table.phases.max { score($0, day, evidence) < score($1, day, evidence) }
        guard let phase = ranked else { return "none" }
        var reasons: [String] = []
        let gap = phase.distance(to: day)
        if gap > 0 { reasons.append("its window is \(gap) days \(day < phase.start ? "later" : "earlier")") }
        if let vector = evidence.vector, !phase.vectors.contains(vector) {
            reasons.append("it did not use \(vector)")
        }
        return "phase \(phase.number)" + (reasons.isEmpty ? "" : " (" + reasons.joined(separator: "; ") + ")")
    }

    private static func list(_ numbers: [Int], with word: String = "and") -> String {
        let texts = numbers.map(String.init)
        guard let last = texts.last, texts.count > 1 else { return texts.joined() }
        return texts.dropLast().joined(separator: ", ") + " \(word) " + last
    }
}
