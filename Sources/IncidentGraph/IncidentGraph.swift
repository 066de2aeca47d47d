/// An immutable, indexed property graph of a cyber campaign: actors, incidents, targets,
/// lures, malware, vulnerabilities, phases and the sources that report them.
///
/// Built by ``GraphBuilder`` or a loader. Nodes of a kind are stored in typed columns, ids map
/// to dense numbers, adjacency is kept both ways with labels in contiguous runs, and kinds with
/// a time property have a sorted time index. A value type: a workspace swaps in a new graph
/// only when a load or change succeeded, so a failure leaves the old one untouched.
public struct IncidentGraph: Sendable {
    /// Kinds, labels and links.
    public let schema: Schema
    let tables: [KindTable]
    /// Each node's kind, by node number (read inline by ``kindIndex(of:)``, which statements
    /// call for every node they meet).
    @usableFromInline let kindOfNode: [Int16]
    let rowOfNode: [Int32]
    let ids: [String]
    /// The id table and link targets, made when first needed.
    let lazyIndexes: LazyIndexes
    let edgeFrom: [Int32]
    let edgeTo: [Int32]
    let edgeLabel: [Int32]
    let edgeProperties: [Int32: [String: Value]]
    let edgeProvenance: ProvenanceColumn
    /// The neighbour lists each way and the time index of each kind with a time property,
    /// worked out on worker threads once a graph is built from its records (an analyst gets
    /// the prompt while they are), read as they are from a snapshot.
    private let outgoingLists: BackgroundValue<Adjacency>
    private let incomingLists: BackgroundValue<Adjacency>
    private let timeIndexValues: BackgroundValue<[Int: TimeIndex]>
    /// For each kind, the column of each declared property.
    let propertyColumns: [[String: Int]]

    /// Number of nodes.
    public var nodeCount: Int { ids.count }
    /// Number of edges.
    public var edgeCount: Int { edgeFrom.count }

    init(
        schema: Schema, tables: [KindTable], kindOfNode: [Int16], rowOfNode: [Int32], ids: [String],
        idIndex: IDTable, edgeFrom: [Int32], edgeTo: [Int32], edgeLabel: [Int32],
        edgeProperties: [Int32: [String: Value]], edgeProvenance: ProvenanceColumn
    ) {
        self.schema = schema
        self.tables = tables
        self.kindOfNode = kindOfNode
        self.rowOfNode = rowOfNode
        self.ids = ids
        lazyIndexes = LazyIndexes(ids: ids, table: idIndex)
        self.edgeFrom = edgeFrom
        self.edgeTo = edgeTo
        self.edgeLabel = edgeLabel
        self.edgeProperties = edgeProperties
        self.edgeProvenance = edgeProvenance
        let labelCount = schema.edgeLabels.count
        outgoingLists = BackgroundValue {
            Adjacency(nodeCount: ids.count, ends: edgeFrom, others: edgeTo, labels: edgeLabel, labelCount: labelCount)
        }
        incomingLists = BackgroundValue {
            Adjacency(nodeCount: ids.count, ends: edgeTo, others: edgeFrom, labels: edgeLabel, labelCount: labelCount)
        }
        timeIndexValues = BackgroundValue {
            var timeIndexes: [Int: TimeIndex] = [:]
            for (position, table) in tables.enumerated() {
                guard let timeProperty = table.kind.timeProperty,
                    let column = table.kind.properties.firstIndex(where: { $0.name == timeProperty })
                else { continue }
                timeIndexes[position] = TimeIndex(instants: table.columns[column].instantMilliseconds)
            }
            return timeIndexes
        }
        propertyColumns = Self.propertyColumns(of: tables)
    }

    /// A graph as stored in a snapshot: its indexes are read, not built again (the id table
    /// at the first lookup).
    init(
        schema: Schema, tables: [KindTable], kindOfNode: [Int16], rowOfNode: [Int32], ids: [String],
        edgeFrom: [Int32], edgeTo: [Int32], edgeLabel: [Int32],
        edgeProperties: [Int32: [String: Value]], edgeProvenance: ProvenanceColumn, outgoing: Adjacency,
        incoming: Adjacency, timeIndexes: [Int: TimeIndex]
    ) {
        self.schema = schema
        self.tables = tables
        self.kindOfNode = kindOfNode
        self.rowOfNode = rowOfNode
        self.ids = ids
        lazyIndexes = LazyIndexes(ids: ids, table: nil)
        self.edgeFrom = edgeFrom
        self.edgeTo = edgeTo
        self.edgeLabel = edgeLabel
        self.edgeProperties = edgeProperties
        self.edgeProvenance = edgeProvenance
        outgoingLists = BackgroundValue(ready: outgoing)
        incomingLists = BackgroundValue(ready: incoming)
        timeIndexValues = BackgroundValue(ready: timeIndexes)
        propertyColumns = Self.propertyColumns(of: tables)
    }

    /// Each node's outgoing edges, once worked out.
    var outgoing: Adjacency { outgoingLists.wait() }
    /// Each node's incoming edges, once worked out.
    var incoming: Adjacency { incomingLists.wait() }
    /// The time index of each kind with a time property, by kind position, once worked out.
    var timeIndexes: [Int: TimeIndex] { timeIndexValues.wait() }

    /// Waits until the graph's neighbour lists and time indexes are worked out (they are made
    /// on worker threads after a graph is built): a benchmark times the whole of a load so.
    package func waitForIndexes() {
        _ = (outgoing, incoming, timeIndexes)
    }

    private static func propertyColumns(of tables: [KindTable]) -> [[String: Int]] {
        tables.map { table in
            Dictionary(uniqueKeysWithValues: table.kind.properties.enumerated().map { ($1.name, $0) })
        }
    }

    // MARK: Nodes

    /// The node with a string id (`jaxa`), if any.
    public func node(id: String) -> NodeID? {
        lazyIndexes[id].map { NodeID(index: Int($0)) }
    }

    /// Each node's place among all ids in id order (the order ``Value`` gives nodes): node
    /// keys are ordered by comparing these numbers. Made at the first call and kept.
    public func idRanks() -> [Int32] {
        lazyIndexes.idRanks()
    }

    /// The string id of a node.
    public func id(of node: NodeID) -> String {
        ids[node.index]
    }

    /// A node as a value: its number and its id.
    public func reference(to node: NodeID) -> Value {
        .node(NodeReference(node: node, id: ids[node.index]))
    }

    /// The kind of a node.
    public func kind(of node: NodeID) -> KindSchema {
        tables[Int(kindOfNode[node.index])].kind
    }

    /// The provenance of a node.
    public func provenance(of node: NodeID) -> Provenance {
        tables[Int(kindOfNode[node.index])].provenance[Int(rowOfNode[node.index])]
    }

    /// Where a node comes from (reported, synthetic, imported, observed), read without copying
    /// its sources.
    public func origin(of node: NodeID) -> Provenance.Origin {
        tables[Int(kindOfNode[node.index])].provenance.origin(at: Int(rowOfNode[node.index]))
    }

    /// A property of a node, including the built-ins `id`, `kind`, `provenance`, `sources`,
    /// `status`; `null` when the node has no such property.
    public func value(_ property: String, of node: NodeID) -> Value {
        let kind = Int(kindOfNode[node.index])
        let row = Int(rowOfNode[node.index])
        if let column = propertyColumns[kind][property] {
            return tables[kind].columns[column][row]
        }
        switch property {
        case "id": return .string(ids[node.index])
        case "kind": return .string(tables[kind].kind.name)
        case "provenance": return .string(tables[kind].provenance.origin(at: row).rawValue)
        case "sources": return .list(tables[kind].provenance[row].sources.map(Value.string))
        case "status": return tables[kind].provenance[row].status.map { .string($0.rawValue) } ?? .null
        default: return .null
        }
    }

    /// The position of a node's kind in the schema.
    @inlinable public func kindIndex(of node: NodeID) -> Int {
        Int(kindOfNode[node.index])
    }

    /// The column of a declared property in a kind's table, for reading many nodes quickly.
    public func propertyColumn(_ property: String, kindIndex: Int) -> Int? {
        propertyColumns[kindIndex][property]
    }

    /// A declared property by its column (from ``propertyColumn(_:kindIndex:)``) of a node of
    /// that kind.
    public func value(column: Int, of node: NodeID) -> Value {
        tables[Int(kindOfNode[node.index])].columns[column][Int(rowOfNode[node.index])]
    }

    /// The name of a node's kind, without copying the kind's schema.
    public func kindName(of node: NodeID) -> String {
        schema.kinds[Int(kindOfNode[node.index])].name
    }

    /// All nodes of a kind (by name or plural), in load order; empty for an unknown kind.
    public func nodes(ofKind name: String) -> [NodeID] {
        guard let kind = schema.kind(named: name), let position = schema.kindPosition(of: kind.name) else { return [] }
        return tables[position].nodes.map { NodeID(index: Int($0)) }
    }

    /// The numbers of the nodes of the kind at schema position `position`, in the order of its
    /// table: the rows its columns are read by.
    public func nodeNumbers(ofKindAt position: Int) -> [Int32] {
        tables[position].nodes
    }

    /// How many nodes a kind (by name or plural) has; 0 for an unknown kind.
    public func nodeCount(ofKind name: String) -> Int {
        guard let kind = schema.kind(named: name), let position = schema.kindPosition(of: kind.name) else { return 0 }
        return tables[position].nodes.count
    }

    /// Every node, in load order.
    public var allNodes: [NodeID] {
        (0..<nodeCount).map(NodeID.init(index:))
    }

    /// The numbers of the nodes of a kind whose time property lies in a range, in node order;
    /// `nil` when the kind has no time index. Sorted only when the index's rows for the range
    /// are not in node order already (a file written in time order gives them so).
    public func nodeNumbers(ofKind name: String, timeIn range: ClosedRange<Instant>) -> [Int32]? {
        guard let kind = schema.kind(named: name), let position = schema.kindPosition(of: kind.name),
            let index = timeIndexes[position]
        else { return nil }
        let nodes = tables[position].nodes
        let numbers = index.rows(in: range).map { nodes[Int($0)] }
        return zip(numbers, numbers.dropFirst()).allSatisfy { $0 < $1 } ? numbers : numbers.sorted()
    }

    /// The numbers of the nodes of a kind in the order a stable sort by their time puts them
    /// (`sort TIME`: equal times in node order, nodes without a time last, in node order), read
    /// from the kind's time index: those whose time lies in `range` when there is one (a `where`
    /// leaves out the others), else every node of the kind; only the first `limit` when there is
    /// one. `nil` when the kind has no time index.
    public func nodeNumbersInTimeOrder(
        ofKind name: String, timeIn range: ClosedRange<Instant>?, descending: Bool, first limit: Int?
    ) -> [Int32]? {
        guard let kind = schema.kind(named: name), let position = schema.kindPosition(of: kind.name),
            let index = timeIndexes[position]
        else { return nil }
        let limit = limit ?? Int.max
        var rows = index.rows(inTimeOrder: range, descending: descending, first: limit)
        let nodes = tables[position].nodes
        if range == nil, rows.count < limit, index.count < nodes.count {
            // The nodes without a time come after the others, in node order.
            var timed = [Bool](repeating: false, count: nodes.count)
            for row in index.rows { timed[Int(row)] = true }
            rows += (0..<Int32(nodes.count)).lazy.filter { !timed[Int($0)] }.prefix(limit - rows.count)
        }
        return rows.map { nodes[Int($0)] }
    }

    /// How many nodes of a kind have their time in a range; `nil` when the kind has no time index.
    public func nodeCount(ofKind name: String, timeIn range: ClosedRange<Instant>) -> Int? {
        guard let kind = schema.kind(named: name), let position = schema.kindPosition(of: kind.name),
            let index = timeIndexes[position]
        else { return nil }
        return index.rows(in: range).count
    }

    /// The time index of a kind, if it has a time property.
    public func timeIndex(ofKind name: String) -> TimeIndex? {
        guard let kind = schema.kind(named: name), let position = schema.kindPosition(of: kind.name) else { return nil }
        return timeIndexes[position]
    }

    // MARK: Edges

    /// One edge.
    public func edge(_ id: EdgeID) -> Edge {
        let position = Int32(id.index)
        return Edge(
            from: NodeID(index: Int(edgeFrom[id.index])), to: NodeID(index: Int(edgeTo[id.index])),
            label: schema.edgeLabels[Int(edgeLabel[id.index])].name,
            properties: edgeProperties[position] ?? [:], provenance: edgeProvenance[id.index])
    }

    /// Every edge's parts as arrays in edge order, shared with the graph: a scan of every edge
    /// reads them without making an ``Edge``.
    public var edgeColumns: EdgeColumns {
        EdgeColumns(from: edgeFrom, to: edgeTo, labels: edgeLabel, provenance: edgeProvenance.numbers)
    }

    /// Each distinct provenance of the edges, numbered as ``EdgeColumns/provenance`` gives them.
    public var edgeProvenanceRecords: [Provenance] { edgeProvenance.distinct }

    /// The edges at a node in a direction, optionally with one label; sorted by label.
    public func edges(at node: NodeID, direction: Direction, label: String? = nil) -> [EdgeID] {
        var result: [EdgeID] = []
        if direction != .in { result += edgeRun(outgoing, node, label) }
        if direction != .out { result += edgeRun(incoming, node, label) }
        return result
    }

    /// The nodes at the other end of a node's edges, deduplicated, in node order.
    public func neighbours(of node: NodeID, direction: Direction, label: String? = nil) -> [NodeID] {
        var seen = Set<Int32>()
        if direction != .in {
            for edge in edgeRun(outgoing, node, label) { seen.insert(edgeTo[edge.index]) }
        }
        if direction != .out {
            for edge in edgeRun(incoming, node, label) { seen.insert(edgeFrom[edge.index]) }
        }
        return seen.sorted().map { NodeID(index: Int($0)) }
    }

    /// The first node at the other end of a node's edges with a label, in node order, without
    /// building a list: the fast path for single-valued links (`incident.target`).
    public func firstNeighbour(of node: NodeID, direction: Direction, label: String) -> NodeID? {
        schema.labelPosition(of: label).flatMap { firstNeighbour(of: node, direction: direction, labelPosition: $0) }
    }

    /// ``firstNeighbour(of:direction:label:)`` with the label's position in the schema looked
    /// up beforehand, for scans that follow the same link from many nodes.
    public func firstNeighbour(of node: NodeID, direction: Direction, labelPosition position: Int) -> NodeID? {
        var best: Int32?
        if direction != .in {
            for edge in outgoing.edges(at: Int32(node.index), label: Int32(position), labels: edgeLabel) {
                best = min(best ?? .max, edgeTo[Int(edge)])
            }
        }
        if direction != .out {
            for edge in incoming.edges(at: Int32(node.index), label: Int32(position), labels: edgeLabel) {
                best = min(best ?? .max, edgeFrom[Int(edge)])
            }
        }
        return best.map { NodeID(index: Int($0)) }
    }

    private func edgeRun(_ adjacency: Adjacency, _ node: NodeID, _ label: String?) -> [EdgeID] {
        let run: ArraySlice<Int32>
        if let label {
            guard let position = schema.labelPosition(of: label) else { return [] }
            run = adjacency.edges(at: Int32(node.index), label: Int32(position), labels: edgeLabel)
        } else {
            run = adjacency.edges(at: Int32(node.index))
        }
        return run.map { EdgeID(index: Int($0)) }
    }

    // MARK: Counts

    /// Number of nodes of each kind, in schema order.
    public var nodeCountsByKind: [(kind: String, count: Int)] {
        tables.map { ($0.kind.name, $0.nodes.count) }
    }

    /// Number of edges with each label, in schema order.
    public var edgeCountsByLabel: [(label: String, count: Int)] {
        var counts = [Int](repeating: 0, count: schema.edgeLabels.count)
        for label in edgeLabel { counts[Int(label)] += 1 }
        return zip(schema.edgeLabels, counts).map { ($0.name, $1) }
    }
}
