import Foundation
import PluginAPI

/// The labelled subjects the model is fitted on (`Data/corpus.tsv`, constructed for Kagami,
/// each subject once), and the held-out subjects it is judged on (`Data/heldout.tsv`, written
/// apart, in phrasings and template families the corpus does not have).
struct LureCorpus: Sendable {
    /// One labelled subject.
    struct Example: Sendable {
        let isLure: Bool
        let subject: String
        let attachment: String?
    }

    /// The subjects the model is fitted on, each once.
    let training: [Example]

    /// The examples of a TSV file (`label, language, subject, attachment`).
    static func examples(tsv: String, file: String) throws(PluginError) -> [Example] {
        var examples: [Example] = []
        var sawHeader = false
        for (number, line) in tsv.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.hasPrefix("#") || line.isEmpty { continue }
            guard sawHeader else {
                sawHeader = true
                continue
            }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 4, fields[0] == "0" || fields[0] == "1" else {
                throw PluginError("\(file) line \(number + 1): expected label, language, subject, attachment")
            }
            examples.append(
                Example(
                    isLure: fields[0] == "1", subject: String(fields[2]),
                    attachment: fields[3].isEmpty ? nil : String(fields[3])))
        }
        return examples
    }

    /// The corpus, each subject once (a subject repeated with another attachment counts once).
    init(tsv: String) throws(PluginError) {
        var seen: Set<String> = []
        training = try Self.examples(tsv: tsv, file: "corpus.tsv").filter {
            seen.insert(LureText($0.subject).text).inserted
        }
    }

    /// The corpus shipped with the plugin.
    static func bundled() throws(PluginError) -> LureCorpus {
        try LureCorpus(tsv: String(decoding: try LureScorerFiles.data("corpus", "tsv"), as: UTF8.self))
    }

    /// The held-out subjects shipped with the plugin, never used for fitting (development data:
    /// the lexicon was extended after reading the scorer's errors on them).
    static func heldOut() throws(PluginError) -> [Example] {
        try examples(
            tsv: String(decoding: try LureScorerFiles.data("heldout", "tsv"), as: UTF8.self), file: "heldout.tsv")
    }

    /// The fresh subjects, written after the last change to the scorer and never read to tune it.
    static func fresh() throws(PluginError) -> [Example] {
        try examples(tsv: String(decoding: try LureScorerFiles.data("fresh", "tsv"), as: UTF8.self), file: "fresh.tsv")
    }
}

/// Fits the model's weights to the training part by logistic regression (gradient descent on
/// the mean log-loss with an L2 penalty, from zero, a fixed number of steps: the same weights
/// every time). The lexicon's features are few and general, and lightly held back; the grams
/// are many and specific, seen in at least two subjects, and held back more, so that together
/// they shade a score without any one of them deciding it.
enum LureTraining {
    /// L2 penalty on the lexicon's features.
    static let featurePenalty = 0.01
    /// L2 penalty on the grams.
    static let gramPenalty = 0.002
    /// Fewest training subjects a gram must occur in to be weighed.
    static let leastSubjectsPerGram = 2

    static func fit(_ examples: [LureCorpus.Example], lexicon: LureLexicon) -> LureModel.Weights {
        let names = lexicon.featureNames
        let subjectGrams = examples.map { LureFeatures.gramNames(subject: $0.subject) }
        var subjectsWith: [String: Int] = [:]
        for grams in subjectGrams { for gram in grams { subjectsWith[gram, default: 0] += 1 } }
        let vocabulary = subjectsWith.filter { $0.value >= leastSubjectsPerGram }.keys.sorted()
        let position = Dictionary(uniqueKeysWithValues: vocabulary.enumerated().map { ($1, names.count + $0) })
        let rows = zip(examples, subjectGrams).map { example, grams in
            LureFeatures(subject: example.subject, attachment: example.attachment, lexicon: lexicon).positions
                + grams.compactMap { position[$0] }
        }
        let penalties =
            [Double](repeating: featurePenalty, count: names.count)
            + [Double](repeating: gramPenalty, count: vocabulary.count)
        var weights = [Double](repeating: 0, count: penalties.count)
        var bias = 0.0
        let rate = 0.5
        let count = Double(examples.count)
        for _ in 0..<3000 {
            var gradient = [Double](repeating: 0, count: weights.count)
            var biasGradient = 0.0
            for (row, example) in zip(rows, examples) {
                let sum = row.reduce(bias) { $0 + weights[$1] }
                let error = 1 / (1 + exp(-sum)) - (example.isLure ? 1 : 0)
                biasGradient += error
                for feature in row { gradient[feature] += error }
            }
            bias -= rate * biasGradient / count
            for index in weights.indices {
                weights[index] -= rate * (gradient[index] / count + penalties[index] * weights[index])
            }
        }
        let rounded = { (value: Double) in (value * 1000).rounded() / 1000 }
        let gramWeights = zip(vocabulary, weights.dropFirst(names.count)).filter { rounded($0.1) != 0 }
        return LureModel.Weights(
            bias: rounded(bias),
            weights: Dictionary(uniqueKeysWithValues: zip(names, weights.map(rounded))),
            grams: Dictionary(uniqueKeysWithValues: gramWeights.map { ($0.0, rounded($0.1)) }),
            note:
                "fitted by `make lure-weights` on Data/corpus.tsv (\(examples.count) subjects): logistic regression over the lexicon's features (L2 \(featurePenalty)) and \(vocabulary.count) grams seen in at least \(leastSubjectsPerGram) subjects (L2 \(gramPenalty)), 3000 steps"
        )
    }
}
