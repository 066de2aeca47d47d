import Spelling

/// Collects nodes and edges, checks each against the schema, and builds an ``IncidentGraph``.
///
/// Edges may name nodes that are added later (a file lists edges after nodes, or in any
/// order); their ends are resolved by ``build()``. Every error says which node or edge is
/// wrong, why, and — when the caller passed one — where in the input it is.
public struct GraphBuilder {
    /// The schema every node and edge is checked against.
    public let schema: Schema
    /// The nodes of each kind (a chunk of a file appends its rows whole).
    var tables: [KindTable]
    private var kindOfNode: [Int16] = []
    private var rowOfNode: [Int32] = []
    private(set) var ids: [String] = []
    private(set) var idIndex = IDTable()
    /// The ``IDHash`` of the id of each node numbered here, from node `hashedFrom` on (a
    /// builder that adds to a graph has none for the graph's nodes): an edge's end is compared
    /// with a node's id only when their hashes agree.
    private(set) var idHashes: [UInt64] = []
    private(set) var hashedFrom = 0
    private var edgeFrom: [Int32] = []
    private var edgeTo: [Int32] = []
    private var edgeLabel: [Int32] = []
    private var edgeProperties: [Int32: [String: Value]] = [:]
    private var edgeProvenance = ProvenanceColumn()
    /// Which kinds each label's edges may start and end at.
    private let labelEnds: LabelEnds
    /// Edges naming a node not added yet, resolved by `build()`.
    private var pendingEdges: [PendingEdge] = []

    private struct PendingEdge {
        let from: String
        let to: String
        let label: Int32
        let properties: [String: Value]
        let provenance: Provenance
        let location: SourceLocation?
    }

    /// Nodes added so far.
    var nodeCount: Int { ids.count }

    /// Makes room for about `records` more nodes and as many more edges, so that the arrays
    /// of a large file are not copied as they grow; room never filled costs address space, not
    /// memory.
    mutating func reserveCapacity(records: Int) {
        reserveRoom(nodes: records, edges: records)
    }

    /// Makes room for `count` more nodes of the kind at `kindPosition` and `edges` more edges
    /// (rows of a table added as nodes: their number is known, or judged from the first rows),
    /// so that no array is copied and the id table is not rebuilt as they grow.
    package mutating func reserveCapacity(nodes count: Int, ofKind kindPosition: Int, edges: Int) {
        reserveRoom(nodes: count, edges: edges)
        idIndex.reserveCapacity(ids.count + count)
        tables[kindPosition].reserveCapacity(tables[kindPosition].nodes.count + count)
    }

    /// Room in the arrays of every node and of every edge.
    private mutating func reserveRoom(nodes: Int, edges: Int) {
        kindOfNode.reserveCapacity(kindOfNode.count + nodes)
        rowOfNode.reserveCapacity(rowOfNode.count + nodes)
        ids.reserveCapacity(ids.count + nodes)
        idHashes.reserveCapacity(idHashes.count + nodes)
        edgeFrom.reserveCapacity(edgeFrom.count + edges)
        edgeTo.reserveCapacity(edgeTo.count + edges)
        edgeLabel.reserveCapacity(edgeLabel.count + edges)
    }

    /// An empty builder.
    public init(schema: Schema) {
        self.schema = schema
        tables = schema.kinds.map(KindTable.init(kind:))
        labelEnds = LabelEnds(schema: schema)
    }

    /// A builder that holds every node and edge of `graph`, numbered as they are there, and
    /// takes more: the graph's arrays are shared, not copied node by node.
    package init(adding graph: IncidentGraph) {
        self.init(schema: graph.schema)
        tables = graph.tables
        kindOfNode = graph.kindOfNode
        rowOfNode = graph.rowOfNode
        ids = graph.ids
        hashedFrom = ids.count
        idIndex = graph.lazyIndexes.idTable
        edgeFrom = graph.edgeFrom
        edgeTo = graph.edgeTo
        edgeLabel = graph.edgeLabel
        edgeProperties = graph.edgeProperties
        edgeProvenance = graph.edgeProvenance
    }

    /// Adds a node after checking its id, kind, and every property's name and type.
    public mutating func addNode(
        id: String, kind kindName: String, properties: [String: Value], provenance: Provenance,
        at location: @autoclosure () -> SourceLocation? = nil
    ) throws(GraphError) {
        guard let kind = schema.kind(named: kindName), kind.name == kindName,
            let kindPosition = schema.kindPosition(of: kindName)
        else {
            throw GraphError(
                .invalid, "unknown node kind `\(kindName)`", at: location(),
                hint: Self.didYouMean(kindName, schema.kinds.map(\.name), otherwise: "kinds are listed by :schema"))
        }
        var values = [Value](repeating: .null, count: kind.properties.count)
        for (name, value) in properties where !value.isNull {
            guard let position = kind.properties.firstIndex(where: { $0.name == name }) else {
                throw GraphError(
                    .invalid, "kind `\(kind.name)` has no property `\(name)`", at: location(),
                    hint: Self.didYouMean(
                        name, kind.properties.map(\.name), otherwise: ":schema \(kind.name) lists them"))
            }
            values[position] = value
        }
        try addNode(id: id, kindPosition: kindPosition, values: values, provenance: provenance, at: location())
    }

    /// Adds a node of the kind at `kindPosition` whose values are in its properties' order
    /// (`null` where absent), after checking its id and each value's type: rows of a table
    /// added without naming each property per row.
    package mutating func addNode(
        id: String, kindPosition: Int, values: [Value], provenance: Provenance,
        at location: @autoclosure () -> SourceLocation? = nil
    ) throws(GraphError) {
        let properties = schema.kinds[kindPosition].properties
        for (position, value) in values.enumerated() where !value.isNull {
            try Self.check(value, against: properties[position], owner: "`\(id)`", at: location)
        }
        try addNode(
            id: id, hash: IDHash.of(id), kindPosition: kindPosition, values: values, provenance: provenance,
            at: location())
    }

    /// Adds a node whose values are already in schema order and checked against their types
    /// (the file readers decode each value by its declared type); `hash` is ``IDHash/of(_:)``
    /// of its id.
    package mutating func addNode(
        id: String, hash: UInt64, kindPosition: Int, values: [Value], provenance: Provenance,
        at location: @autoclosure () -> SourceLocation?
    ) throws(GraphError) {
        try Self.checkID(id, at: location)
        try claim(id, hash: hash, kindPosition: kindPosition, row: tables[kindPosition].nodes.count, at: location)
        tables[kindPosition].append(node: Int32(ids.count - 1), values: values, provenance: provenance)
    }

    /// Numbers a node of a kind whose id is checked already, refusing an id that is held; the
    /// caller adds its row (`row` of the kind's table) to the table.
    private mutating func claim(
        _ id: String, hash: UInt64, kindPosition: Int, row: Int, at location: () -> SourceLocation?
    ) throws(GraphError) {
        ids.append(id)
        idHashes.append(hash)
        kindOfNode.append(Int16(kindPosition))
        rowOfNode.append(Int32(row))
        if let holder = filedAlready(ids.count - 1, candidate: nil) {
            forgetNodes(from: ids.count - 1)
            throw duplicate(id, heldBy: holder, at: location())
        }
    }

    /// Numbers the chunk's nodes `range` in order, from ``nodeCount`` on, and files their ids,
    /// refusing the first id that is held (the nodes before it stay numbered, as when they are
    /// added one by one). `rows` counts each kind's rows of the chunk numbered so far and moves
    /// past these; `location` gives where the chunk's node at an index is.
    ///
    /// The nodes' arrays are appended whole, then the ids filed a run at a time: the table slots
    /// of a run are read first, so that the reads overlap (`candidates` has room for a run).
    mutating func claimNodes(
        of chunk: borrowing DecodedChunk, _ range: Range<Int>, rowBase: [Int], rows: inout [Int],
        candidates: inout [Int32?], at location: (Int) -> SourceLocation?
    ) throws(GraphError) {
        let first = ids.count
        ids.append(contentsOf: chunk.nodeIDs[range])
        idHashes.append(contentsOf: chunk.nodeHashes[range])
        kindOfNode.append(contentsOf: chunk.nodeKinds[range])
        rowOfNode.append(contentsOf: repeatElement(0, count: range.count))
        rowOfNode.withUnsafeMutableBufferPointer { rowOfNode in
            for index in range {
                let kind = Int(chunk.nodeKinds[index])
                rowOfNode[first + index - range.lowerBound] = Int32(rowBase[kind] + rows[kind])
                rows[kind] += 1
            }
        }
        var runStart = range.lowerBound
        while runStart < range.upperBound {
            let run = runStart..<min(runStart + Self.lookupRun, range.upperBound)
            for index in run {
                candidates[index - run.lowerBound] = idIndex.candidate(hash: chunk.nodeHashes[index])
            }
            for index in run {
                let node = first + index - range.lowerBound
                if let holder = filedAlready(node, candidate: candidates[index - run.lowerBound]) {
                    forgetNodes(from: node)
                    throw duplicate(chunk.nodeIDs[index], heldBy: holder, at: location(index))
                }
            }
            runStart = run.upperBound
        }
    }

    /// Files node `node`'s id (appended to ``ids`` already) in the id table; the node that
    /// holds the id already when one does, and nothing filed. `candidate` is the node
    /// ``IDTable/candidate(hash:)`` gave for the id, compared first.
    private mutating func filedAlready(_ node: Int, candidate: Int32?) -> Int32? {
        if let candidate, ids[Int(candidate)] == ids[node] { return candidate }
        return idIndex.insert(Int32(node), hash: idHashes[node - hashedFrom], matching: ids[node], in: ids)
    }

    /// Forgets the nodes numbered from `node` on, which no table row or edge refers to yet.
    private mutating func forgetNodes(from node: Int) {
        ids.removeSubrange(node...)
        idHashes.removeSubrange((node - hashedFrom)...)
        kindOfNode.removeSubrange(node...)
        rowOfNode.removeSubrange(node...)
    }

    /// The error for a node whose id is held by node `holder`.
    private func duplicate(_ id: String, heldBy holder: Int32, at location: SourceLocation?) -> GraphError {
        GraphError(
            .invalid,
            "id `\(id)` is already used by a node of kind `\(schema.kinds[Int(kindOfNode[Int(holder)])].name)`",
            at: location, hint: "ids are unique across all kinds")
    }

    /// Adds an edge after checking its label and properties; its ends are resolved by ``build()``.
    public mutating func addEdge(
        from: String, to: String, label labelName: String, properties: [String: Value] = [:],
        provenance: Provenance, at location: @autoclosure () -> SourceLocation? = nil
    ) throws(GraphError) {
        guard let label = schema.edgeLabel(named: labelName), let position = schema.labelPosition(of: labelName) else {
            throw GraphError(
                .invalid, "unknown edge label `\(labelName)`", at: location(),
                hint: Self.didYouMean(
                    labelName, schema.edgeLabels.map(\.name), otherwise: "labels are listed by :schema"))
        }
        var kept: [String: Value] = [:]
        for (name, value) in properties where !value.isNull {
            guard let property = label.properties.first(where: { $0.name == name }) else {
                throw GraphError(
                    .invalid, "edge label `\(labelName)` has no property `\(name)`", at: location(),
                    hint: Self.didYouMean(name, label.properties.map(\.name), otherwise: nil))
            }
            try Self.check(value, against: property, owner: "`\(from)` -[\(labelName)]-> `\(to)`", at: location)
            kept[name] = value
        }
        try addEdge(
            from: from, fromHash: IDHash.of(from), to: to, toHash: IDHash.of(to), labelPosition: position,
            properties: kept, provenance: provenance, at: location())
    }

    /// Adds an edge whose label position and properties are already checked (the file readers
    /// check them against the schema as they decode); the hashes are ``IDHash/of(_:)`` of the
    /// ends' ids.
    package mutating func addEdge(
        from: String, fromHash: UInt64, to: String, toHash: UInt64, labelPosition position: Int,
        properties kept: [String: Value], provenance: Provenance, at location: @autoclosure () -> SourceLocation?
    ) throws(GraphError) {
        try addEdge(
            from: from, start: idIndex.find(from, hash: fromHash, in: ids), to: to,
            end: idIndex.find(to, hash: toHash, in: ids), labelPosition: position, properties: kept,
            provenance: provenance, at: location())
    }

    /// Adds an edge whose ends are looked up already: `start` and `end` are their node numbers
    /// when both were added before the edge, and the edge waits for `build()` otherwise.
    mutating func addEdge(
        from: String, start: Int32?, to: String, end: Int32?, labelPosition position: Int,
        properties kept: [String: Value], provenance: Provenance, at location: @autoclosure () -> SourceLocation?
    ) throws(GraphError) {
        if let start, let end {
            do {
                try append(
                    PendingEdge(
                        from: from, to: to, label: Int32(position), properties: kept, provenance: provenance,
                        location: nil),
                    start: start, end: end)
            } catch {
                var located = error
                located.location = location()
                throw located
            }
        } else {
            pendingEdges.append(
                PendingEdge(
                    from: from, to: to, label: Int32(position), properties: kept, provenance: provenance,
                    location: location()))
        }
    }

    /// Resolves the ends of edges added before their nodes, checks every edge's ends are kinds
    /// its label allows, and builds the graph.
    public func build() throws(GraphError) -> IncidentGraph {
        var complete = self
        complete.pendingEdges = []
        for edge in pendingEdges {
            try complete.append(edge)
        }
        return complete.assemble()
    }

    /// The graph of the nodes and the edges resolved so far.
    func assemble() -> IncidentGraph {
        IncidentGraph(
            schema: schema, tables: tables, kindOfNode: kindOfNode, rowOfNode: rowOfNode, ids: ids, idIndex: idIndex,
            edgeFrom: edgeFrom, edgeTo: edgeTo, edgeLabel: edgeLabel, edgeProperties: edgeProperties,
            edgeProvenance: edgeProvenance)
    }

    /// Checks an edge's ends (looked up already when known) and stores the edge.
    private mutating func append(_ edge: PendingEdge, start: Int32? = nil, end: Int32? = nil) throws(GraphError) {
        let from = try resolve(edge.from, start, atStart: true, of: edge)
        let to = try resolve(edge.to, end, atStart: false, of: edge)
        store(from: from, to: to, label: edge.label, properties: edge.properties)
        edgeProvenance.append(edge.provenance)
    }

    /// Stores an edge between two added nodes when its label allows their kinds, with the
    /// provenance numbered `provenance` in the edges' column (``edgeProvenanceNumber(of:)``);
    /// false, and nothing stored, when it does not (adding it as a record gives the error).
    mutating func storeIfAllowed(
        from start: Int32, to end: Int32, label: Int32, properties: [String: Value]?, provenance: UInt32
    ) -> Bool {
        guard labelEnds.allows(label, atStart: true, kindOfNode[Int(start)]),
            labelEnds.allows(label, atStart: false, kindOfNode[Int(end)])
        else { return false }
        store(from: start, to: end, label: label, properties: properties)
        edgeProvenance.append(number: provenance)
        return true
    }

    /// The number the edges' provenance column gives `provenance`.
    mutating func edgeProvenanceNumber(of provenance: Provenance) -> UInt32 {
        edgeProvenance.number(of: provenance)
    }

    /// Appends an edge whose ends are checked; its provenance is appended by the caller.
    private mutating func store(from start: Int32, to end: Int32, label: Int32, properties: [String: Value]?) {
        if let properties, !properties.isEmpty { edgeProperties[Int32(edgeFrom.count)] = properties }
        edgeFrom.append(start)
        edgeTo.append(end)
        edgeLabel.append(label)
    }

    /// The node an edge starts (`atStart`) or ends at, which must be of a kind its label allows there.
    private func resolve(
        _ id: String, _ known: Int32?, atStart: Bool, of edge: PendingEdge
    ) throws(GraphError) -> Int32 {
        if let node = known ?? idIndex.find(id, in: ids),
            labelEnds.allows(edge.label, atStart: atStart, kindOfNode[Int(node)])
        {
            return node
        }
        let end = atStart ? "start" : "end"
        let label = schema.edgeLabels[Int(edge.label)].name
        let allowed = atStart ? schema.edgeLabels[Int(edge.label)].from : schema.edgeLabels[Int(edge.label)].to
        guard let node = known ?? idIndex.find(id, in: ids) else {
            let candidates = ids.count <= 50_000 ? Spelling.suggestion(for: id, among: ids) : nil
            throw GraphError(
                .invalid, "edge `\(edge.from)` -[\(label)]-> `\(edge.to)`: its \(end) `\(id)` is not a node",
                at: edge.location, hint: candidates.map { "did you mean `\($0)`?" })
        }
        let kind = schema.kinds[Int(kindOfNode[Int(node)])].name
        throw GraphError(
            .invalid, "edge `\(edge.from)` -[\(label)]-> `\(edge.to)`: `\(label)` cannot \(end) at kind `\(kind)`",
            at: edge.location, hint: "its \(end) must be one of: \(allowed.joined(separator: ", "))")
    }

    /// Refuses an id that is empty or holds white space or control characters.
    static func checkID(_ id: String, at location: () -> SourceLocation?) throws(GraphError) {
        var utf8 = id  // read in place, as bytes: a large file checks a million ids
        let plainASCII = utf8.withUTF8(ByteWord.arePrintableASCII)
        guard !id.isEmpty,
            plainASCII || !id.contains(where: { $0.isWhitespace || $0.unicodeScalars.contains { $0.value < 0x20 } })
        else {
            throw GraphError(
                .invalid, "node id `\(id)` is empty or contains white space", at: location(),
                hint: "ids are typed as @id: use letters, digits, `-`, `_` or `.`")
        }
    }

    /// Refuses a value that is not of a property's declared type (`owner` names the node or
    /// edge in the message).
    package static func check(
        _ value: Value, against property: PropertySchema, owner: @autoclosure () -> String,
        at location: () -> SourceLocation?
    ) throws(GraphError) {
        guard property.type.accepts(value) else {
            throw GraphError(
                .invalid,
                "\(owner()): property `\(property.name)` must be \(property.type.rawValue), found \(value.type?.rawValue ?? "null") \(value.displayText.debugDescription)",
                at: location())
        }
    }

    private static func didYouMean(_ word: String, _ candidates: [String], otherwise: String?) -> String? {
        Spelling.suggestion(for: word, among: candidates).map { "did you mean `\($0)`?" } ?? otherwise
    }
}

/// Which kinds the edges of each label may start and end at, by label and kind position: one
/// flat table, read per edge without counting references.
private struct LabelEnds {
    private let kindCount: Int
    /// Two entries per label and kind: may start there, may end there.
    private let allowed: [Bool]

    init(schema: Schema) {
        kindCount = schema.kinds.count
        allowed = schema.edgeLabels.flatMap { label in
            schema.kinds.flatMap { [label.from.contains($0.name), label.to.contains($0.name)] }
        }
    }

    /// Whether an edge of the label at `label` may start (`atStart`) or end at a node of the
    /// kind at `kind`.
    func allows(_ label: Int32, atStart: Bool, _ kind: Int16) -> Bool {
        allowed[2 * (Int(label) * kindCount + Int(kind)) + (atStart ? 0 : 1)]
    }
}
