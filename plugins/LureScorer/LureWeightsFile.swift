import Foundation
import PluginAPI

/// Makes the weights file from a lexicon and a corpus (used by `make lure-weights`).
public enum LureWeightsFile {
    /// The weights fitted on the corpus's training part, as pretty-printed JSON with sorted keys.
    public static func fit(lexicon: Data, corpus: String) throws -> Data {
        let weights = LureTraining.fit(try LureCorpus(tsv: corpus).training, lexicon: try LureLexicon(json: lexicon))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(weights) + Data("\n".utf8)
    }
}
