import Foundation
import IncidentGraph
import PluginAPI

/// Small pieces of the graphs the tests build on the bundled schema.
extension GraphBuilder {
    /// Adds a synthetic node with no properties.
    mutating func addBareNode(_ id: String, kind: String) throws {
        try addNode(id: id, kind: kind, properties: [:], provenance: .synthetic)
    }

    /// Adds a synthetic lure for each of `subjects`, `copies` times over, numbered `lure-0` on.
    mutating func addLures(subjects: [String], copies: Int = 1) throws {
        for (index, subject) in (0..<copies).flatMap({ _ in subjects }).enumerated() {
            try addNode(
                id: "lure-\(index)", kind: "lure", properties: ["subject": .string(subject)], provenance: .synthetic)
        }
    }
}

/// Each value of each row as the bytes of its description: `Value` equality takes texts that
/// are canonically equivalent (é written two ways) for one, and the tests of text paths must
/// tell them apart.
func exactly(_ rows: [[Value]]) -> [[[UInt8]]] {
    rows.map { $0.map { Array(String(reflecting: $0).utf8) } }
}

extension SampleRandom {
    /// One of `choices`, drawn from the next random bits: the same seed draws the same ones.
    mutating func pick<Element>(_ choices: [Element]) -> Element {
        choices[Int(next() % UInt64(choices.count))]
    }
}

/// Whether ICU's matcher (`NSRegularExpression`) finds `pattern` in `text`: what `~` answers,
/// which the tests of the ways around it compare with.
func icuMatches(_ pattern: String, _ text: String) throws -> Bool {
    let expression = try NSRegularExpression(pattern: pattern)
    return expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
}
