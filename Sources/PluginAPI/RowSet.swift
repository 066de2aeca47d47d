import IncidentGraph
import Synchronization

/// The rows flowing through a pipeline: optionally a node per row (a node source, a traversal)
/// and named columns computed by stages (`select`, `extend`, `count by`).
public struct RowSet: Sendable {
    /// Named columns, in order.
    public var columns: [String]
    /// The rows (made now when they were left to be made when first read).
    public var rows: [Row] {
        get { unmade?.rows ?? storedRows }
        // Changed in place (`rows.append(row)`): an observer (`didSet`) would copy the whole
        // array on every change, as the setter would.
        _modify {
            if let unmade { (storedRows, self.unmade) = (unmade.rows, nil) }
            (kindTable, nodesKind, nodesAreDistinct, computedFromEachRow) = (nil, nil, false, false)
            yield &storedRows
        }
        set {
            (kindTable, nodesKind, nodesAreDistinct, computedFromEachRow, unmade) = (nil, nil, false, false, nil)
            storedRows = newValue
        }
    }
    private var storedRows: [Row]
    /// Rows of node numbers left to be made when first read, or nil.
    private var unmade: UnmadeRows?
    /// How many rows there are, without making rows left to be made.
    public var count: Int { unmade?.count ?? storedRows.count }
    /// The schema position of the kind whose nodes the rows are, one row per node in the order
    /// of the kind's table, as a scan of the kind makes them; nil once the rows change, and
    /// for any other rows. Operators then read the kind's columns in order, row by row,
    /// instead of looking up each row's node.
    public private(set) var kindTable: Int?
    /// The schema position of the kind every row's node is of, when the rows are a kind's scan
    /// or rows kept of one (a `where`, a `take`); nil once the rows change otherwise, and for
    /// any other rows.
    public private(set) var nodesKind: Int?
    /// Whether every row is a node and no node is in two rows, as a kind's scan or a traversal
    /// makes them; false once the rows change, and for any other rows (`distinct` then has
    /// nothing to drop).
    public private(set) var nodesAreDistinct = false
    /// Whether each row stands for a node (its properties readable by name).
    public var carriesNodes: Bool
    /// Lines said under the table (a plugin's verdict); stages that only pick, order or add to
    /// the rows keep them, the others drop them.
    public var notes: [String]
    /// How to draw the rows, when a chart shows them better than a table; the next stage
    /// drops it.
    public var chart: Chart?
    /// The provenance of the nodes this table was computed from (an aggregate's input rows),
    /// carried through the stages after it; `nil` while the rows are still nodes themselves.
    public var computedFrom: ProvenanceTally? {
        didSet { computedFromEachRow = false }
    }
    /// Whether ``computedFrom`` counts these rows, one each, as they stand (the pattern matches
    /// a `match` made): what the rows rest on is then read from it, not row by row. False once
    /// the rows change, and for any other rows.
    public private(set) var computedFromEachRow = false
    /// What the rows of a `match` rest on beyond the nodes they show, carried through the
    /// stages after it; nil when they rest on their nodes alone.
    public var matchOrigins: MatchOrigins?
    /// Whether each row stands for a group of the input's rows (`count by`, `summarize`): a
    /// `provenance` column is then a group key, not the rows' own provenance.
    public var isAggregate = false

    /// A row set.
    public init(columns: [String], rows: [Row], carriesNodes: Bool, notes: [String] = [], chart: Chart? = nil) {
        self.columns = columns
        storedRows = rows
        self.carriesNodes = carriesNodes
        self.notes = notes
        self.chart = chart
    }

    /// Says that `tally` counts these rows, one each, as they stand: it is their
    /// ``computedFrom`` until they change.
    public mutating func rest(eachRowOn tally: ProvenanceTally) {
        computedFrom = tally
        computedFromEachRow = true
    }

    /// Rows whose values are all nodes (or null), `width` node numbers a row (-1: null), made
    /// by `make` only when they are first read: a stage that needs only how many there are or
    /// the nodes of a column (`count`, `count by o.name` after a `match`) reads the numbers.
    /// The rows `make` makes stand for no node themselves, as a pattern match's do.
    public init(
        columns: [String], nodeNumbers: [Int32], width: Int,
        make: @escaping @Sendable (ArraySlice<Int32>, _ width: Int) -> [Row]
    ) {
        self.init(columns: columns, rows: [], carriesNodes: false)
        unmade = UnmadeRows(numbers: nodeNumbers[...], width: width, make: make)
    }

    /// Whether the rows are left to be made from the node numbers of their columns
    /// (``init(columns:nodeNumbers:width:make:)``): rows that stand for no node themselves.
    public var areUnmadeNodeColumns: Bool { unmade.map { !$0.standForNodes } ?? false }

    /// The node number of each row in column `column` (-1: null), when the rows are left to be
    /// made and are made of node numbers; nil otherwise.
    public func unmadeNodeNumbers(ofColumn column: Int) -> [Int32]? {
        guard let unmade, !unmade.standForNodes else { return nil }
        return unmade.column(column)
    }

    /// The number of each row's node, when the rows stand for nodes, have no columns and are
    /// left to be made (``distinctNodes(numbered:)``, ``keepNodes(numbered:)``); nil otherwise.
    public var unmadeNodes: ArraySlice<Int32>? {
        guard let unmade, unmade.standForNodes else { return nil }
        return unmade.numbers
    }

    /// Keeps only the rows of the nodes numbered `numbers` (in the rows' order, each a node of
    /// one of the rows), left to be made: a `where` on rows that stand for nodes and have no
    /// columns keeps the numbers of the nodes that pass, not copies of their rows.
    public mutating func keepNodes(numbered numbers: [Int32]) {
        precondition(columns.isEmpty && carriesNodes, "only rows of bare nodes are kept as node numbers")
        let (distinct, kind) = (nodesAreDistinct, nodesKind)
        rows = []
        (unmade, nodesAreDistinct, nodesKind) = (UnmadeRows(nodes: numbers[...]), distinct, kind)
    }

    /// Row `index`, made alone when the rows are left to be made (a group's first row, read
    /// for its key), without making the others.
    public func row(at index: Int) -> Row {
        unmade?.row(at: index) ?? storedRows[index]
    }

    /// Keeps the first `count` rows: only those are made, when the rows were left to be made.
    public mutating func keepFirst(_ count: Int) {
        keepRows(at: 0..<max(0, count))
    }

    /// Keeps the rows at `positions` (those of them there are): only those are made, when the
    /// rows were left to be made (`skip 20 | take 10` makes ten rows).
    public mutating func keepRows(at positions: Range<Int>) {
        let kept = positions.clamped(to: 0..<count)
        guard kept != 0..<count else { return }
        if let unmade {
            // Some of the rows of distinct nodes are distinct nodes.
            self.unmade = unmade.rows(at: kept)
            (kindTable, computedFromEachRow) = (nil, false)
        } else if columns.isEmpty, carriesNodes, nodesAreDistinct {
            // Rows of bare nodes (a kind's scan): their numbers are kept, not copies of the rows.
            keepNodes(numbered: storedRows[kept].map(\.nodeNumber))
        } else {
            rows = Array(rows[kept])
        }
    }

    /// The nodes of the kind at schema position `position`, in its table's order, no columns yet.
    public static func kindTable(_ position: Int, of graph: IncidentGraph) -> RowSet {
        var rows = RowSet(
            columns: [],
            rows: graph.nodeNumbers(ofKindAt: position).map { Row(node: NodeID(index: Int($0)), values: []) },
            carriesNodes: true)
        (rows.kindTable, rows.nodesKind, rows.nodesAreDistinct) = (position, position, true)
        return rows
    }

    /// Rows for nodes numbered `numbers`, none of them twice, no columns yet: made when first
    /// read (``unmadeNodes``); `kind` is the schema position of the kind they are all of, when
    /// they are.
    public static func distinctNodes(numbered numbers: [Int32], ofKind kind: Int? = nil) -> RowSet {
        var rows = RowSet(columns: [], rows: [], carriesNodes: true)
        (rows.unmade, rows.nodesAreDistinct, rows.nodesKind) = (UnmadeRows(nodes: numbers[...]), true, kind)
        return rows
    }

    /// Rows for a list of nodes, no columns yet.
    public static func nodes(_ nodes: [NodeID]) -> RowSet {
        RowSet(columns: [], rows: nodes.map { Row(node: $0, values: []) }, carriesNodes: true)
    }
}

/// One row: its node (if the rows stand for nodes) or its edge (rows of `edges`), and its
/// column values.
public struct Row: Sendable {
    /// The node's number; -1 for a row that stands for nothing; -2 - the edge's number for an
    /// edge's row. 16 bytes a row with the values, where an optional node takes 24 — a million
    /// rows are made for every scan of a million incidents.
    @usableFromInline var nodeNumber: Int32
    /// One value per column of the row set.
    public var values: [Value]

    /// The node, for node rows.
    public var node: NodeID? {
        @inlinable get { nodeNumber < 0 ? nil : NodeID(index: Int(nodeNumber)) }
        @inlinable set { nodeNumber = newValue.map { Int32($0.index) } ?? -1 }
    }

    /// The edge, for rows of `edges` (and rows made from one each, by `select` or `extend`):
    /// what their provenance is counted from.
    public var edge: EdgeID? {
        nodeNumber <= -2 ? EdgeID(index: Int(-2 - nodeNumber)) : nil
    }

    /// A row.
    public init(node: NodeID?, values: [Value]) {
        nodeNumber = node.map { Int32($0.index) } ?? -1
        self.values = values
    }

    /// An edge's row.
    public init(edge: EdgeID, values: [Value]) {
        nodeNumber = -2 - Int32(edge.index)
        self.values = values
    }

    /// A row made from `row` (by `select`, `extend`): it stands for the same node or edge.
    public init(from row: Row, values: [Value]) {
        nodeNumber = row.nodeNumber
        self.values = values
    }
}

/// Rows of node numbers made when they are first read, once, by whichever thread reads them
/// first; reading them afterwards takes no lock.
private final class UnmadeRows: @unchecked Sendable {
    let numbers: ArraySlice<Int32>
    let width: Int
    /// Whether each number is a row's own node (a row with no columns), not a column's value.
    let standForNodes: Bool
    private let make: @Sendable (ArraySlice<Int32>, Int) -> [Row]
    /// Set, with `made` written before it, once the rows are made.
    private let isMade = Atomic<Bool>(false)
    private let making = Mutex<Void>(())
    /// Written once, under `making`, before `isMade`; read only after `isMade` is seen set.
    private nonisolated(unsafe) var made: [Row] = []

    init(
        numbers: ArraySlice<Int32>, width: Int, standForNodes: Bool = false,
        make: @escaping @Sendable (ArraySlice<Int32>, Int) -> [Row]
    ) {
        (self.numbers, self.width, self.standForNodes, self.make) = (numbers, width, standForNodes, make)
    }

    /// Rows that stand for the nodes numbered `nodes`, one each, no columns.
    convenience init(nodes: ArraySlice<Int32>) {
        self.init(numbers: nodes, width: 1, standForNodes: true) { numbers, _ in
            numbers.map { Row(node: NodeID(index: Int($0)), values: []) }
        }
    }

    var count: Int { width == 0 ? 0 : numbers.count / width }

    var rows: [Row] {
        if !isMade.load(ordering: .acquiring) {
            making.withLock { _ in
                guard !isMade.load(ordering: .relaxed) else { return }
                made = make(numbers, width)
                isMade.store(true, ordering: .releasing)
            }
        }
        return made
    }

    /// The node numbers of column `column`, row by row: read from the numbers in place.
    func column(_ column: Int) -> [Int32] {
        numbers.withUnsafeBufferPointer { numbers in
            let rows = width > 0 ? numbers.count / width : 0
            return [Int32](unsafeUninitializedCapacity: rows) { picked, made in
                for row in 0..<rows { picked[row] = numbers[row * width + column] }
                made = rows
            }
        }
    }

    /// Row `index` alone: the one already made, or made now and not kept.
    func row(at index: Int) -> Row {
        if isMade.load(ordering: .acquiring) { return made[index] }
        let start = numbers.startIndex + index * width
        return make(numbers[start..<start + width], width)[0]
    }

    /// The rows at `positions` (all of them rows there are), left to be made.
    func rows(at positions: Range<Int>) -> UnmadeRows {
        let start = numbers.startIndex + positions.lowerBound * width
        return UnmadeRows(
            numbers: numbers[start..<start + positions.count * width], width: width, standForNodes: standForNodes,
            make: make)
    }
}
