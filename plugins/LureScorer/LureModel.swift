import Foundation
import PluginAPI

/// A logistic model over the features: score = 100 · σ(bias + Σ weights of the features present).
/// Its weights (`Data/weights.json`) are fitted on the labelled corpus by `make lure-weights`.
struct LureModel: Sendable {
    /// The weights file's contents.
    struct Weights: Codable, Sendable {
        var bias: Double
        var weights: [String: Double]
        var note: String
    }

    let weights: Weights
    private let lexicon: LureLexicon
    /// The weight of each of the lexicon's features, by position.
    private let byPosition: [Double]

    init(_ weights: Weights, lexicon: LureLexicon) {
        self.weights = weights
        self.lexicon = lexicon
        byPosition = lexicon.featureNames.map { weights.weights[$0] ?? 0 }
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
        return 100 / (1 + exp(-sum))
    }

    /// `theme with a cue +2.1, cue: invitation +1.3, attachment: shortcut +2.4, base −3.0`.
    func explanation(_ features: LureFeatures) -> String {
        let parts = features.names(in: lexicon).map { (name: $0, weight: weights.weights[$0] ?? 0) }
            .sorted { abs($0.weight) != abs($1.weight) ? abs($0.weight) > abs($1.weight) : $0.name < $1.name }
            .map { "\($0.name) \(Self.signed($0.weight))" }
        return (parts + ["base \(Self.signed(weights.bias))"]).joined(separator: ", ")
    }

    private static func signed(_ number: Double) -> String {
        (number >= 0 ? "+" : "−") + String(format: "%.1f", abs(number))
    }
}
