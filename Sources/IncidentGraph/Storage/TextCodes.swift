/// The distinct texts of one `string` property of a kind, numbered in order of first
/// appearance, and each node's number: grouping by the property (`count by vector`) then works
/// on whole numbers instead of hashing a text per row. Texts are equal as ``Value`` texts are
/// (Swift `String` equality). Made on first use and kept with the graph (``LazyIndexes``).
public struct TextCodes: Sendable {
    /// For each row of the kind's table, the number of its text, or -1 when it has none.
    private let codes: [Int32]
    private let kindOfNode: [Int16]
    private let rowOfNode: [Int32]
    private let kindIndex: Int16
    /// How many distinct texts the property has.
    public let count: Int

    init(_ column: Column, kindIndex: Int, kindOfNode: [Int16], rowOfNode: [Int32]) {
        var numbers: [String: Int32] = [:]
        codes = column.strings.map { text in
            guard let text else { return -1 }
            if let known = numbers[text] { return known }
            let code = Int32(numbers.count)
            numbers[text] = code
            return code
        }
        count = numbers.count
        self.kindOfNode = kindOfNode
        self.rowOfNode = rowOfNode
        self.kindIndex = Int16(kindIndex)
    }

    /// The number of a node's text; nil when the node has none or is of another kind.
    public func code(of node: NodeID) -> Int32? {
        guard kindOfNode[node.index] == kindIndex else { return nil }
        let code = codes[Int(rowOfNode[node.index])]
        return code < 0 ? nil : code
    }
}

extension IncidentGraph {
    /// The text numbers of a `string` property of the kind at `kindIndex`; nil when the kind
    /// declares no such property or it holds something else.
    public func textCodes(_ property: String, kindIndex: Int) -> TextCodes? {
        guard let position = propertyColumn(property, kindIndex: kindIndex) else { return nil }
        let column = tables[kindIndex].columns[position]
        guard column.type == .string else { return nil }
        return lazyIndexes.textCodes(kindIndex << 16 | position) {
            TextCodes(column, kindIndex: kindIndex, kindOfNode: kindOfNode, rowOfNode: rowOfNode)
        }
    }
}
