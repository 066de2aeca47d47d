/// Reads one declared property of many nodes of one kind: the column and the node-to-row map
/// are looked up once, so a scan over a million incidents pays only for the values it reads.
public final class PropertyReader: Sendable {
    private let column: Column
    private let kindOfNode: [Int16]
    private let rowOfNode: [Int32]
    private let kindIndex: Int16

    /// A reader of `property` on nodes of the kind at `kindIndex`; nil when the kind does not
    /// declare it.
    public init?(_ graph: IncidentGraph, property: String, kindIndex: Int) {
        guard let position = graph.propertyColumn(property, kindIndex: kindIndex) else { return nil }
        column = graph.tables[kindIndex].columns[position]
        kindOfNode = graph.kindOfNode
        rowOfNode = graph.rowOfNode
        self.kindIndex = Int16(kindIndex)
    }

    /// The property's declared type.
    public var type: ValueType { column.type }

    /// The property of a node of the reader's kind as the whole number it is stored as — for an
    /// `int`, `instant` (milliseconds), `date` (days) or `duration` (seconds) property; nil when
    /// absent, of another kind, or of another type.
    public func integer(of node: NodeID) -> Int64? {
        guard kindOfNode[node.index] == kindIndex, !column.integers.isEmpty else { return nil }
        return column.integers[Int(rowOfNode[node.index])]
    }

    /// The position of the reader's kind in the schema.
    public var kindPosition: Int { Int(kindIndex) }

    /// For each of `nodes` (node numbers, -1 for a row without a node), its row in the table of
    /// the reader's kind, or -1 when it has none or is of another kind. A batch works out its
    /// rows once, then reads each column of the kind by row (``withIntegers(_:)``).
    public func rows(of nodes: [Int32]) -> [Int32] {
        kindOfNode.withUnsafeBufferPointer { kinds in
            rowOfNode.withUnsafeBufferPointer { rows in
                nodes.map { node in node >= 0 && kinds[Int(node)] == kindIndex ? rows[Int(node)] : -1 }
            }
        }
    }

    /// Calls `body` with the whole numbers of the column by row (``rows(of:)``); empty unless
    /// the property is stored as one (see ``integer(of:)``).
    public func withIntegers<Result>(_ body: (StoredIntegers) -> Result) -> Result {
        column.integers.withStored(body)
    }

    /// The value a whole number of the column (``withIntegers(_:)``) stands for: an `int`, an
    /// instant's milliseconds, a date's days, a duration's seconds.
    public func value(stored number: Int64) -> Value {
        switch column.type {
        case .instant: .instant(Instant(millisecondsSinceEpoch: number))
        case .date: .date(Day(daysSinceEpoch: Int32(truncatingIfNeeded: number)))
        case .duration: .duration(TimeSpan(seconds: number))
        default: .int(Int(number))
        }
    }

    /// Calls `body` with the flags of a `bool` column by row (``rows(of:)``); empty otherwise.
    public func withFlags<Result>(_ body: (UnsafeBufferPointer<Bool?>) -> Result) -> Result {
        column.bools.withUnsafeBufferPointer(body)
    }

    /// `transform` of each row's text of a `string` column, by row (``rows(of:)``; nil where a row
    /// has none); empty for a column of another type.
    public func mapTexts<Element>(_ transform: (String?) -> Element) -> [Element] {
        column.strings.map(transform)
    }

    /// The most UTF-8 bytes a row's text of a `string` column holds (0 when none has one, and
    /// for a column of another type): read from every row when asked.
    public var longestText: Int {
        column.strings.reduce(0) { longest, text in max(longest, text?.utf8.count ?? 0) }
    }

    /// How many rows the column has: one per node of the reader's kind.
    public var rowCount: Int { column.count }

    /// The text of row `row` of a `string` column; nil when the row has none, and for a column
    /// of another type.
    public func text(atRow row: Int) -> String? {
        column.type == .string ? column.strings[row] : nil
    }

    /// For each of `rows` (``rows(of:)``; -1: none), whether the row has a value of the property.
    public func presence(ofRows rows: [Int32]) -> [Bool] {
        func present<Element>(_ values: [Element?]) -> [Bool] {
            values.withUnsafeBufferPointer { values in rows.map { $0 >= 0 && values[Int($0)] != nil } }
        }
        switch column.type {
        case .int, .instant, .date, .duration:
            return column.integers.withStored { values in rows.map { $0 >= 0 && values[Int($0)] != nil } }
        case .bool: return present(column.bools)
        case .double: return present(column.doubles)
        case .string: return rows.map { $0 >= 0 && column.strings[Int($0)] != nil }
        case .list: return present(column.lists)
        case .node: return rows.map { _ in false }
        }
    }

    /// Whether a `string` property of a node of the reader's kind is exactly `text` (the same
    /// Unicode scalars, as ``Value`` equality compares text); nil when absent, of another kind,
    /// or of another type.
    public func text(of node: NodeID, equals text: String) -> Bool? {
        guard kindOfNode[node.index] == kindIndex, !column.strings.isEmpty else { return nil }
        return column.strings[Int(rowOfNode[node.index])].map { $0.utf8.elementsEqual(text.utf8) }
    }

    /// The property of a node of the reader's kind (`null` when absent or of another kind).
    public func value(of node: NodeID) -> Value {
        guard kindOfNode[node.index] == kindIndex else { return .null }
        return column[Int(rowOfNode[node.index])]
    }
}
