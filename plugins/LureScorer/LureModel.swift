import Foundation
import PluginAPI

/// A logistic model over the features: score = 100 · σ(bias + Σ weights of the features present).
/// Its weights (`Data/weights.json`) are fitted on the labelled corpus by `make lure-weights`.
struct LureModel: Sendable {
    /// The weights file's contents.
    struct Weights: Codable, Sendable {
        var bias: Double
        var weights: [String: Double]
        /// The weight of each gram (``LureGrams``) seen in at least two training subjects.
        var grams: [String: Double]
        var note: String
    }

    let weights: Weights
    private let lexicon: LureLexicon
    /// The weight of each of the lexicon's features, by position.
    private let byPosition: [Double]
    /// The weight of each gram, by hash.
    private let byGram: [UInt64: Double]

    init(_ weights: Weights, lexicon: LureLexicon) {
        self.weights = weights
        self.lexicon = lexicon
        byPosition = lexicon.featureNames.map { weights.weights[$0] ?? 0 }
        var byGram: [UInt64: Double] = [:]
        for (name, weight) in weights.grams {
            if let bytes = LureGrams.bytes(named: name) { byGram[LureGrams.hash(bytes)] = weight }
        }
        self.byGram = byGram
    }

    init(json: Data, lexicon: LureLexicon) throws(PluginError) {
        do {
            self.init(try JSONDecoder().decode(Weights.self, from: json), lexicon: lexicon)
        } catch {
            throw PluginError("the weights are not valid: \(error)", hint: "retrain with `make lure-weights`")
        }
    }

    /// The score (0–100) of a feature set.
    func score(_ features: LureFeatures) -> Double {
        var sum = weights.bias
        var rest = features.present
        while rest != 0 {
            sum += byPosition[rest.trailingZeroBitCount]
            rest &= rest - 1
        }
        for gram in features.grams { sum += byGram[gram] ?? 0 }
        return 100 / (1 + exp(-sum))
    }

    /// `theme with a cue +2.1, cue: invitation +1.3, wording +0.6 (could you +0.4, …), base −3.0`:
    /// the lexicon's features, then the grams together with the three that weigh most.
    func explanation(_ features: LureFeatures, subject: String) -> String {
        var parts = features.names(in: lexicon).map { (name: $0, weight: weights.weights[$0] ?? 0) }
            .sorted { abs($0.weight) != abs($1.weight) ? abs($0.weight) > abs($1.weight) : $0.name < $1.name }
            .map { "\($0.name) \(Self.signed($0.weight))" }
        var grams: [(name: String, weight: Double)] = []
        for name in LureFeatures.gramNames(subject: subject) {
            if let weight = weights.grams[name] { grams.append((String(name.dropFirst(2)), weight)) }
        }
        grams.sort { abs($0.weight) != abs($1.weight) ? abs($0.weight) > abs($1.weight) : $0.name < $1.name }
        if !grams.isEmpty {
            let total = grams.reduce(0.0) { $0 + $1.weight }
            let strongest = grams.prefix(3).map { "\($0.name) \(Self.signed($0.weight))" }.joined(separator: ", ")
            parts.append("wording \(Self.signed(total)) (\(strongest)\(grams.count > 3 ? ", …" : ""))")
        }
        return (parts + ["base \(Self.signed(weights.bias))"]).joined(separator: ", ")
    }

    private static func signed(_ number: Double) -> String {
        (number >= 0 ? "+" : "−") + String(format: "%.1f", abs(number))
    }
}
