import IncidentGraph

/// An Analysis of Competing Hypotheses (Heuer): hypotheses, evidence tied to the statement
/// that produced it, and a rating of each evidence against each hypothesis. The hypothesis
/// with the least weighted inconsistent evidence is the one kept; evidence rated the same for
/// every hypothesis does not help to choose (it is not diagnostic).
struct CompetingHypotheses: Sendable {
    /// A rival explanation: `hypothesis H1 "MirrorFace is operated from China"`.
    struct Hypothesis: Sendable {
        let id: String
        var text: String
    }

    /// What the evidence rests on.
    enum Basis: String, Sendable {
        /// Reported facts only.
        case reported
        /// Generated data together with other data: what it says is shaped by the generator.
        case mixed
        /// Generated data only: evidence of the generator, not of the world.
        case synthetic
        /// Imported or observed data, with or without reported facts; nothing generated.
        case imported

        /// Whether any of it was generated.
        var includesGenerated: Bool { self == .mixed || self == .synthetic }
        /// Nothing (an empty result).
        case nothing
    }

    /// A piece of evidence: the statement that produced it and what its result was.
    struct Evidence: Sendable {
        let id: String
        /// The query (or `why @id`) that produced it; run again on replay.
        let statement: String
        /// The digest of its result, which ratings are pinned to.
        let digest: String
        /// What the result rests on, in the provenance's words.
        let basis: Basis
        /// `4 reported, 206 synthetic incidents`.
        let restsOn: String
        /// The plugins whose stages made it, if any (a verdict, not a fact).
        let plugins: [String]
        /// The nodes it is about: its result's, and those its statement names (`@id`).
        let about: [NodeID]
    }

    /// Consistent, inconsistent or not applicable.
    enum Judgement: String, Sendable {
        case consistent
        case inconsistent
        case notApplicable = "n/a"

        /// `C`, `I`, `NA` in the matrix.
        var mark: String {
            switch self {
            case .consistent: "C"
            case .inconsistent: "I"
            case .notApplicable: "NA"
            }
        }
    }

    /// Low, medium or high credibility or relevance.
    enum Level: String, Sendable, CaseIterable {
        case low, medium, high

        /// Its factor in an evidence's weight: each step doubles it.
        var factor: Double {
            switch self {
            case .low: 0.5
            case .medium: 1
            case .high: 2
            }
        }
    }

    /// One cell of the matrix.
    struct Rating: Sendable {
        let judgement: Judgement
        /// The evidence result it was made against.
        let digest: String
    }

    private(set) var hypotheses: [Hypothesis] = []
    private(set) var evidence: [Evidence] = []
    /// Credibility and relevance per evidence id (medium until a rating says otherwise).
    private(set) var weights: [String: (credibility: Level, relevance: Level)] = [:]
    /// Ratings by evidence id, then hypothesis id.
    private(set) var ratings: [String: [String: Rating]] = [:]

    var isEmpty: Bool { hypotheses.isEmpty && evidence.isEmpty }

    mutating func state(_ hypothesis: Hypothesis) {
        if let index = hypotheses.firstIndex(where: { $0.id == hypothesis.id }) {
            hypotheses[index].text = hypothesis.text
        } else {
            hypotheses.append(hypothesis)
        }
    }

    mutating func record(_ piece: Evidence) {
        if let index = evidence.firstIndex(where: { $0.id == piece.id }) {
            evidence[index] = piece
        } else {
            evidence.append(piece)
        }
    }

    /// Rates an evidence against a hypothesis; credibility and relevance, when given, are the
    /// evidence's from now on (for every hypothesis).
    mutating func rate(
        _ evidenceID: String, _ hypothesisID: String, _ rating: Rating, credibility: Level?, relevance: Level?
    ) {
        ratings[evidenceID, default: [:]][hypothesisID] = rating
        let (oldCredibility, oldRelevance) = weights[evidenceID] ?? (.medium, .medium)
        weights[evidenceID] = (credibility ?? oldCredibility, relevance ?? oldRelevance)
    }

    func evidence(_ id: String) -> Evidence? { evidence.first { $0.id == id } }
    func hypothesis(_ id: String) -> Hypothesis? { hypotheses.first { $0.id == id } }

    /// Whether a rating was made against another result than the evidence gives now.
    func isStale(_ evidenceID: String, _ hypothesisID: String) -> Bool {
        guard let rating = ratings[evidenceID]?[hypothesisID], let piece = evidence(evidenceID) else { return false }
        return rating.digest != piece.digest
    }

    /// An evidence's weight: credibility times relevance (medium, medium: 1).
    func weight(of evidenceID: String) -> Double {
        let (credibility, relevance) = weights[evidenceID] ?? (.medium, .medium)
        return credibility.factor * relevance.factor
    }

    /// Whether an evidence tells the hypotheses apart: rated, and not the same for all of them.
    func isDiagnostic(_ evidenceID: String) -> Bool {
        let judgements = hypotheses.map { ratings[evidenceID]?[$0.id]?.judgement ?? .notApplicable }
        return Set(judgements.map(\.rawValue)).count > 1
    }

    /// Whether an evidence counts in the scores: not resting on generated data, in whole or
    /// in part (unless `synthetic` says to count it too) — a plugin's verdict over 4 reported
    /// and 206 generated incidents is a verdict on the generator — nor on nothing. (A stale
    /// rating still counts, and is flagged.)
    func isScored(_ piece: Evidence, synthetic: Bool) -> Bool {
        (synthetic || !piece.basis.includesGenerated) && piece.basis != .nothing
    }

    /// Each hypothesis's weighted inconsistency: the weights of the scored evidence rated
    /// inconsistent with it (Heuer: the hypothesis with the least is the most likely).
    func inconsistency(synthetic: Bool, leavingOut left: String? = nil) -> [String: Double] {
        var scores = Dictionary(uniqueKeysWithValues: hypotheses.map { ($0.id, 0.0) })
        for piece in evidence where piece.id != left && isScored(piece, synthetic: synthetic) {
            for (hypothesisID, rating) in ratings[piece.id] ?? [:] where rating.judgement == .inconsistent {
                scores[hypothesisID, default: 0] += weight(of: piece.id)
            }
        }
        return scores
    }

    /// Hypothesis ids, least inconsistent first (ties in the order they were stated).
    func ranking(synthetic: Bool, leavingOut left: String? = nil) -> [String] {
        let scores = inconsistency(synthetic: synthetic, leavingOut: left)
        return hypotheses.enumerated().sorted { a, b in
            let (x, y) = (scores[a.element.id] ?? 0, scores[b.element.id] ?? 0)
            return x != y ? x < y : a.offset < b.offset
        }.map(\.element.id)
    }

    /// The hypotheses with the least inconsistency (more than one when tied).
    func leaders(synthetic: Bool, leavingOut left: String? = nil) -> [String] {
        let scores = inconsistency(synthetic: synthetic, leavingOut: left)
        guard let least = scores.values.min() else { return [] }
        return hypotheses.map(\.id).filter { scores[$0] == least }
    }

    /// The evidence that, if it were wrong (left out), would change which hypotheses lead,
    /// with the leaders then.
    func sensitivity(synthetic: Bool) -> [(evidence: String, leaders: [String])] {
        let leaders = leaders(synthetic: synthetic)
        return evidence.filter { isScored($0, synthetic: synthetic) }.compactMap { piece in
            let without = self.leaders(synthetic: synthetic, leavingOut: piece.id)
            return without == leaders ? nil : (piece.id, without)
        }
    }
}
