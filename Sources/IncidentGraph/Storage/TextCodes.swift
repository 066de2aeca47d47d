/// The distinct texts of one `string` property of a kind, numbered in order of first
/// appearance, and each node's number: grouping by the property (`count by vector`) then works
/// on whole numbers instead of hashing a text per row, and `vector == "vpn-device"` compares
/// each distinct text once. Texts are numbered by Swift `String` equality, as ``Value`` texts
/// hash (see ``numbersIdenticalTexts``). Made on first use and kept with the graph
/// (``LazyIndexes``).
public struct TextCodes: Sendable {
    /// For each row of the kind's table, the number of its text, or -1 when it has none.
    private let codes: [Int32]
    private let kindOfNode: [Int16]
    private let rowOfNode: [Int32]
    private let kindIndex: Int16
    /// How many distinct texts the property has.
    public let count: Int
    /// Each number's text, as first seen.
    private let texts: [String]
    /// Whether every text given a number has the same Unicode scalars as the number's first
    /// text. Swift `String` equality (which numbers them) also equates canonically equivalent
    /// texts (`é` as one scalar or two), which ``Value`` comparison tells apart; a test of the
    /// texts by number is exact only when none was met.
    public let numbersIdenticalTexts: Bool
    /// Each number's text as UTF-8 bytes, when texts are numbered scalar for scalar
    /// (``numbersIdenticalTexts``): a test of each distinct text reads them with no `String`
    /// made; nil otherwise.
    public let utf8: TextBytes?

    init(_ column: Column, kindIndex: Int, kindOfNode: [Int16], rowOfNode: [Int32]) {
        // Numbered by bytes, then texts with different bytes that `String` equality equates joined.
        var numbering = TextNumbering()
        let byBytes = column.strings.map { text in text.map { numbering.number(of: $0) } ?? -1 }
        let (texts, numberOf) = numbering.merged()
        numbersIdenticalTexts = texts.count == numberOf.count
        utf8 = numbersIdenticalTexts ? numbering.utf8 : nil
        codes = numbersIdenticalTexts ? byBytes : byBytes.map { $0 < 0 ? -1 : numberOf[Int($0)] }
        count = texts.count
        self.texts = texts
        self.kindOfNode = kindOfNode
        self.rowOfNode = rowOfNode
        self.kindIndex = Int16(kindIndex)
    }

    /// The text numbered `code`.
    public func text(ofCode code: Int32) -> String { texts[Int(code)] }

    /// Calls `body` with each row's text number (-1: none), rows as ``PropertyReader/rows(of:)``
    /// gives them.
    public func withRowCodes<Result>(_ body: (UnsafeBufferPointer<Int32>) -> Result) -> Result {
        codes.withUnsafeBufferPointer(body)
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
