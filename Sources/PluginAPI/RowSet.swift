import IncidentGraph

/// The rows flowing through a pipeline: optionally a node per row (a node source, a traversal)
/// and named columns computed by stages (`select`, `extend`, `count by`).
public struct RowSet: Sendable {
    /// Named columns, in order.
    public var columns: [String]
    /// The rows.
    public var rows: [Row] {
        get { storedRows }
        // Changed in place (`rows.append(row)`): an observer (`didSet`) would copy the whole
        // array on every change, as the setter would.
        _modify {
            (kindTable, nodesAreDistinct) = (nil, false)
            yield &storedRows
        }
        set {
            (kindTable, nodesAreDistinct) = (nil, false)
            storedRows = newValue
        }
    }
    private var storedRows: [Row]
    /// The schema position of the kind whose nodes the rows are, one row per node in the order
    /// of the kind's table, as a scan of the kind makes them; nil once the rows change, and
    /// for any other rows. Operators then read the kind's columns in order, row by row,
    /// instead of looking up each row's node.
    public private(set) var kindTable: Int?
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
    public var computedFrom: ProvenanceTally?
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

    /// The nodes of the kind at schema position `position`, in its table's order, no columns yet.
    public static func kindTable(_ position: Int, of graph: IncidentGraph) -> RowSet {
        var rows = RowSet(
            columns: [],
            rows: graph.nodeNumbers(ofKindAt: position).map { Row(node: NodeID(index: Int($0)), values: []) },
            carriesNodes: true)
        (rows.kindTable, rows.nodesAreDistinct) = (position, true)
        return rows
    }

    /// Rows for nodes numbered `numbers`, none of them twice, no columns yet.
    public static func distinctNodes(numbered numbers: [Int32]) -> RowSet {
        var rows = RowSet(
            columns: [], rows: numbers.map { Row(node: NodeID(index: Int($0)), values: []) }, carriesNodes: true)
        rows.nodesAreDistinct = true
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
