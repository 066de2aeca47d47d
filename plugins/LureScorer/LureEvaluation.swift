import PluginAPI

/// The model on a set of labelled subjects: ROC AUC, precision and recall at the threshold,
/// and the best precision at any threshold that still finds ``wantedRecall`` of the lures.
struct LureEvaluation: Sendable {
    let examples: Int
    let areaUnderCurve: Double
    let precision: Double
    let recall: Double
    let threshold: Double
    /// The best precision among thresholds whose recall is at least ``wantedRecall``.
    let precisionAtWantedRecall: Double
    /// The recall issue 15 asks precision to be measured at.
    static let wantedRecall = 0.85

    init(_ examples: [LureCorpus.Example], model: LureModel, lexicon: LureLexicon, threshold: Double) {
        let scored = examples.map {
            (
                score: model.score(LureFeatures(subject: $0.subject, attachment: $0.attachment, lexicon: lexicon)),
                isLure: $0.isLure
            )
        }
        self.examples = examples.count
        self.threshold = threshold
        // AUC: the chance that a random lure outscores a random ordinary subject (ties count half).
        let lures = scored.filter(\.isLure).map(\.score)
        let ordinary = scored.filter { !$0.isLure }.map(\.score)
        var wins = 0.0
        for lure in lures {
            for other in ordinary { wins += lure > other ? 1 : lure == other ? 0.5 : 0 }
        }
        areaUnderCurve = lures.isEmpty || ordinary.isEmpty ? 0 : wins / Double(lures.count * ordinary.count)
        let flagged = scored.filter { $0.score >= threshold }
        let caught = flagged.filter(\.isLure).count
        precision = flagged.isEmpty ? 0 : Double(caught) / Double(flagged.count)
        recall = lures.isEmpty ? 0 : Double(caught) / Double(lures.count)
        var best = 0.0
        for cut in Set(lures) {
            let found = lures.filter { $0 >= cut }.count
            guard Double(found) >= Self.wantedRecall * Double(lures.count) else { continue }
            best = max(best, Double(found) / Double(found + ordinary.filter { $0 >= cut }.count))
        }
        precisionAtWantedRecall = best
    }

    var table: Table {
        Table(
            columns: [
                "subjects", "ROC AUC", "threshold", "precision", "recall", "precision at recall ≥ \(Self.wantedRecall)",
            ],
            rows: [
                [.int(examples)]
                    + [areaUnderCurve, threshold, precision, recall, precisionAtWantedRecall].map {
                        .double(($0 * 1000).rounded() / 1000)
                    }
            ])
    }
}
