// `make lure-weights`: fits the lure scorer's weights on the training part of its corpus and
// writes plugins/LureScorer/Data/weights.json. Run from the package root.
import Foundation
import LureScorer

do {
    let folder = "plugins/LureScorer/Data"
    let json = try LureWeightsFile.fit(
        lexicon: Data(contentsOf: URL(fileURLWithPath: folder + "/lexicon.json")),
        corpus: String(contentsOfFile: folder + "/corpus.tsv", encoding: .utf8))
    try json.write(to: URL(fileURLWithPath: folder + "/weights.json"), options: .atomic)
    print("wrote \(folder)/weights.json")
} catch {
    FileHandle.standardError.write(Data("lure-weights: \(error)\n".utf8))
    exit(1)
}
