import IncidentGraph
import QuerySyntax

/// `len(subject)` of a `string` property of one kind, as the language's `len` counts a text's
/// characters (``CharacterCount``): worked out for every row of the kind's table when first
/// read and kept with the graph, so that a condition, key or sum on it reads a number per row.
struct TextLengths {
    let reader: PropertyReader
    private let graph: IncidentGraph
    private let property: String

    /// The lengths for `len(NAME)` when `NAME` is such a property; nil for any other call.
    init?(_ name: String, _ arguments: [Expression], _ compiler: ExpressionCompiler) {
        guard name == "len", arguments.count == 1, case .name(let property) = arguments[0].kind,
            !compiler.isVariable(property), let reader = compiler.directProperty(property), reader.type == .string
        else { return nil }
        self.reader = reader
        graph = compiler.graph
        self.property = property
    }

    /// Each row's text length, -1 where the row has no text: worked out when first read.
    private var lengths: [Int64] {
        graph.derived("text lengths \(reader.kindPosition) \(property)") { [reader] in
            reader.mapTexts { text in text.map { Int64(CharacterCount.of($0)) } ?? -1 }
        }
    }

    /// The length of the text of each of `rows` of the reader's kind (-1: none).
    func numbers(ofRows rows: [Int32]) -> Numbers {
        lengths.withUnsafeBufferPointer { lengths in
            Numbers(count: rows.count) { index in
                let length = rows[index] >= 0 ? lengths[Int(rows[index])] : -1
                return length >= 0 ? length : nil
            }
        }
    }
}
