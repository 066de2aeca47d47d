import Foundation
import IncidentGraph
import PluginAPI

/// The matrix of an Analysis of Competing Hypotheses as tables: for `:ach` to show, and as the
/// rows the `ach` source gives queries and exports.
struct HypothesisMatrix {
    let analysis: CompetingHypotheses
    /// Whether evidence resting on generated data, in whole or in part, is scored.
    let synthetic: Bool

    init(_ analysis: CompetingHypotheses, synthetic: Bool) {
        self.analysis = analysis
        self.synthetic = synthetic
    }

    private var hypothesisIDs: [String] { analysis.hypotheses.map(\.id) }

    /// One row per evidence: what it is, what it rests on, its weight, whether it is scored and
    /// diagnostic, which ratings are stale, and its rating against each hypothesis.
    var rowSet: RowSet {
        let columns =
            [
                "evidence", "statement", "basis", "rests_on", "plugins", "credibility", "relevance", "weight", "scored",
                "diagnostic", "stale",
            ] + hypothesisIDs
        let rows = analysis.evidence.map { piece in
            let weights = analysis.weights[piece.id]
            let judgements: [Value] = hypothesisIDs.map { id in
                analysis.ratings[piece.id]?[id].map { .string($0.judgement.rawValue) } ?? .null
            }
            let stale = hypothesisIDs.filter { analysis.isStale(piece.id, $0) }.map { Value.string($0) }
            let fixed: [Value] = [
                .string(piece.id), .string(piece.statement), .string(piece.basis.rawValue), .string(piece.restsOn),
                .list(piece.plugins.map { .string($0) }), weights.map { .string($0.credibility.rawValue) } ?? .null,
                weights.map { .string($0.relevance.rawValue) } ?? .null, .double(analysis.weight(of: piece.id)),
                .bool(analysis.isScored(piece, synthetic: synthetic)), .bool(analysis.isDiagnostic(piece.id)),
                .list(stale),
            ]
            return Row(node: nil, values: fixed + judgements)
        }
        return RowSet(columns: columns, rows: rows, carriesNodes: false)
    }

    /// The matrix as `:ach` shows it: evidence by hypotheses, `C`/`I`/`NA` (a stale rating
    /// marked `!`); the scores are in the notes under it.
    var table: Table {
        let columns = ["evidence", "rests on", "cred.", "rel."] + hypothesisIDs + ["diagnostic"]
        let rows: [[Value]] = analysis.evidence.map { piece in
            let weights = analysis.weights[piece.id]
            let scored = analysis.isScored(piece, synthetic: synthetic)
            let marks: [Value] = hypothesisIDs.map { id in
                guard let rating = analysis.ratings[piece.id]?[id] else { return .string("·") }
                return .string(rating.judgement.mark + (analysis.isStale(piece.id, id) ? "!" : ""))
            }
            let plugin = piece.plugins.isEmpty ? "" : "plugin, "
            return [
                .string(piece.id), .string(plugin + piece.basis.rawValue + (scored ? "" : " (not scored)")),
                .string(weights?.credibility.rawValue ?? "-"), .string(weights?.relevance.rawValue ?? "-"),
            ] + marks + [.string(analysis.isDiagnostic(piece.id) ? "yes" : "no")]
        }
        return Table(columns: columns, rows: rows)
    }

    /// What the matrix says, under it: the hypotheses, the ranking, what is left out and why.
    var notes: [String] {
        var notes = analysis.hypotheses.map { "\($0.id): \($0.text)" }
        let scores = analysis.inconsistency(synthetic: synthetic)
        let ranking = analysis.ranking(synthetic: synthetic)
        if !ranking.isEmpty, !analysis.evidence.isEmpty {
            let leaders = analysis.leaders(synthetic: synthetic)
            notes.append(
                "weighted inconsistency, least first: " + ranking.map { "\($0) (\(Self.score(scores[$0] ?? 0)))" }.joined(separator: " < ")
                    + (leaders.count > 1
                        ? " — tied: the evidence does not decide between " + leaders.joined(separator: " and ")
                        : " — keep \(leaders[0]), the hypothesis with the least evidence against it"))
        }
        let decisive = analysis.sensitivity(synthetic: synthetic).map(\.evidence)
        if !decisive.isEmpty {
            notes.append(
                "fragile: leaving out " + decisive.joined(separator: " or ")
                    + " alone would change the lead; look hardest at it (:ach sensitivity)")
        }
        let unscored = analysis.evidence.filter { !analysis.isScored($0, synthetic: synthetic) }.map(\.id)
        if !unscored.isEmpty {
            notes.append(
                "not scored: " + unscored.joined(separator: ", ")
                    + " (generated data, in whole or in part, is evidence of the generator; :ach synthetic on scores it)")
        }
        let blind = analysis.evidence.filter { !analysis.isDiagnostic($0.id) }.map(\.id)
        if !blind.isEmpty {
            notes.append("not diagnostic: " + blind.joined(separator: ", ") + " (rated the same for every hypothesis)")
        }
        let stale = analysis.evidence.flatMap { piece in
            hypothesisIDs.filter { analysis.isStale(piece.id, $0) }.map { "\(piece.id) × \($0)" }
        }
        if !stale.isEmpty {
            notes.append("stale (marked !): " + stale.joined(separator: ", ") + " — the evidence's result changed since")
        }
        notes.append("C consistent, I inconsistent, NA not applicable, · not rated; weight = credibility × relevance")
        return notes
    }

    /// Which single evidence, if wrong, would change the lead.
    var sensitivity: String {
        let leaders = analysis.leaders(synthetic: synthetic)
        let changes = analysis.sensitivity(synthetic: synthetic)
        guard !leaders.isEmpty else { return "no hypotheses yet" }
        let now = "now leading: " + leaders.joined(separator: " and ")
        guard !changes.isEmpty else {
            return now + "\nno single piece of scored evidence, left out, changes the lead"
        }
        return ([now] + changes.map { "if \($0.evidence) is wrong (left out): " + $0.leaders.joined(separator: " and ") + " would lead" })
            .joined(separator: "\n")
    }

    static func score(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.2f", value)
    }
}
