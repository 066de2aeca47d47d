import PluginAPI

/// The model on the held-out part of the corpus: ROC AUC, and precision and recall at the
/// threshold.
struct LureEvaluation: Sendable {
    let examples: Int
    let areaUnderCurve: Double
    let precision: Double
    let recall: Double
    let threshold: Double

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
    }

    var table: Table {
        Table(
            columns: ["held-out subjects", "ROC AUC", "threshold", "precision", "recall"],
            rows: [
                [
                    .int(examples), .double((areaUnderCurve * 1000).rounded() / 1000), .double(threshold),
                    .double((precision * 1000).rounded() / 1000), .double((recall * 1000).rounded() / 1000),
                ]
            ])
    }
}
