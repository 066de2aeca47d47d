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

    /// The held-out subjects shipped with the plugin, never used for fitting.
    static func heldOut() throws(PluginError) -> [Example] {
        try examples(
            tsv: String(decoding: try LureScorerFiles.data("heldout", "tsv"), as: UTF8.self), file: "heldout.tsv")
    }
}

/// Fits the model's weights to the training part by logistic regression (gradient descent on
/// the mean log-loss with a small L2 penalty, from zero, a fixed number of steps: the same
/// weights every time).
enum LureTraining {
    static func fit(_ examples: [LureCorpus.Example], lexicon: LureLexicon) -> LureModel.Weights {
        let names = lexicon.featureNames
        let rows = examples.map {
            LureFeatures(subject: $0.subject, attachment: $0.attachment, lexicon: lexicon).positions
        }
        var weights = [Double](repeating: 0, count: names.count)
        var bias = 0.0
        let rate = 0.5
        let penalty = 0.01
        let count = Double(examples.count)
        for _ in 0..<3000 {
            var gradient = [Double](repeating: 0, count: names.count)
            var biasGradient = 0.0
            for (row, example) in zip(rows, examples) {
                let sum = row.reduce(bias) { $0 + weights[$1] }
                let error = 1 / (1 + exp(-sum)) - (example.isLure ? 1 : 0)
                biasGradient += error
                for feature in row { gradient[feature] += error }
            }
            bias -= rate * biasGradient / count
            for index in weights.indices {
                weights[index] -= rate * (gradient[index] / count + penalty * weights[index])
            }
        }
        let rounded = { (value: Double) in (value * 1000).rounded() / 1000 }
        return LureModel.Weights(
            bias: rounded(bias),
            weights: Dictionary(uniqueKeysWithValues: zip(names, weights.map(rounded))),
            note:
                "fitted by `make lure-weights` on the training part of Data/corpus.tsv (\(examples.count) subjects): logistic regression, L2 0.01, 3000 steps"
        )
    }
}
