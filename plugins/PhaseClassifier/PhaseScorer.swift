import Foundation
import PluginAPI

/// Scores an incident against each reported phase from its date (soft window edges), its
/// target's sector and its vector, and says which evidence decided.
///
/// Each phase's score is its window weight — a logistic rise over `edgeDays` at the start and
/// fall at the end — times `sectorWeight` when the sector is one the phase focused on, times
/// `vectorWeight` when the vector is one it used. Scores are normalised to probabilities.
/// An incident further than `outsideDays` from every window gets no phase.
struct PhaseScorer: Sendable {
    let table: PhaseTable
    let edgeDays: Double
    let outsideDays: Double
    private(set) var sectorWeight: Double
    private(set) var vectorWeight: Double

    /// A scorer with the plugin's settings.
    init(table: PhaseTable, configuration: PluginConfiguration) {
        self.table = table
        edgeDays = max(configuration.number("edge_days", or: 10), 0.5)
        outsideDays = max(configuration.number("outside_days", or: 45), 0)
        sectorWeight = max(configuration.number("sector_weight", or: 4), 1)
        vectorWeight = max(configuration.number("vector_weight", or: 25), 1)
    }

    /// The same scorer with some evidence ignored (its weight set to 1), to measure what it adds.
    func ignoring(sector: Bool, vector: Bool) -> PhaseScorer {
        var scorer = self
        if sector { scorer.sectorWeight = 1 }
        if vector { scorer.vectorWeight = 1 }
        return scorer
    }

    /// The phase given to one incident.
    struct Classification: Sendable, Equatable {
        /// The phase number, or nil when none fits.
        let phase: Int?
        /// The probability of that phase.
        let probability: Double?
        /// One line: the evidence that decided.
        let why: String
    }

    func classify(_ evidence: IncidentEvidence) -> Classification {
        guard let day = evidence.day else {
            return Classification(phase: nil, probability: nil, why: "no date: the phase cannot be placed")
        }
        let distances = table.phases.map { $0.distance(to: day) }
        let nearest = distances.indices.min { distances[$0] < distances[$1] } ?? 0
        guard Double(distances[nearest]) <= outsideDays else {
            let phase = table.phases[nearest]
            return Classification(
                phase: nil, probability: nil,
                why:
                    "\(day.iso8601) is outside every window: \(distances[nearest]) days from phase \(phase.number) (\(phase.window))"
            )
        }
        let scores = table.phases.map { score($0, day, evidence) }
        let total = scores.reduce(0, +)
        let best = scores.indices.max { scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 > $1) } ?? 0
        let probability = total > 0 ? scores[best] / total : 0
        return Classification(
            phase: table.phases[best].number, probability: (probability * 1000).rounded() / 1000,
            why: explanation(day, distances, evidence, chosen: table.phases[best]))
    }

    private func score(_ phase: PhaseTable.Phase, _ day: Day, _ evidence: IncidentEvidence) -> Double {
        let sinceStart = Double(day.daysSinceEpoch - phase.start.daysSinceEpoch) + 0.5
        var weight = logistic(sinceStart / edgeDays)
        if let end = phase.end {
            weight *= logistic((Double(end.daysSinceEpoch - day.daysSinceEpoch) + 0.5) / edgeDays)
        }
        if let sector = evidence.sector, phase.sectors.contains(sector) { weight *= sectorWeight }
        if let vector = evidence.vector, phase.vectors.contains(vector) { weight *= vectorWeight }
        return weight
    }

    private func logistic(_ x: Double) -> Double { 1 / (1 + exp(-x)) }

    /// `2023-05-12 in the windows of phases 1 and 2; vector vpn-device fits phase 2; sector ict fits phase 2`.
    private func explanation(_ day: Day, _ distances: [Int], _ evidence: IncidentEvidence, chosen: PhaseTable.Phase)
        -> String
    {
        let inside = table.phases.indices.filter { distances[$0] == 0 }.map { table.phases[$0].number }
        var parts: [String]
        switch inside.count {
        case 0:
            let gap = chosen.distance(to: day)
            let side = day < chosen.start ? "before" : "after"
            parts = ["\(day.iso8601) is \(gap) day\(gap == 1 ? "" : "s") \(side) phase \(chosen.number)'s window"]
        case 1: parts = ["\(day.iso8601) is only in phase \(inside[0])'s window (\(chosen.window))"]
        default: parts = ["\(day.iso8601) is in the windows of phases \(Self.list(inside))"]
        }
        if inside.count != 1 || inside.first != chosen.number {
            parts.append(fit("vector", evidence.vector, \.vectors))
            parts.append(fit("sector", evidence.sector, \.sectors))
        }
        return parts.joined(separator: "; ")
    }

    private func fit(_ name: String, _ value: String?, _ list: KeyPath<PhaseTable.Phase, Set<String>>) -> String {
        guard let value else { return "\(name) unknown" }
        let phases = table.phases.filter { $0[keyPath: list].contains(value) }.map(\.number)
        return phases.isEmpty ? "\(name) \(value) fits no phase" : "\(name) \(value) fits phase \(Self.list(phases))"
    }

    private static func list(_ numbers: [Int]) -> String {
        let texts = numbers.map(String.init)
        guard let last = texts.last, texts.count > 1 else { return texts.joined() }
        return texts.dropLast().joined(separator: ", ") + " and " + last
    }
}
