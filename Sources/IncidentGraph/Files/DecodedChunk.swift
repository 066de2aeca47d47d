/// The records of one chunk of a JSON Lines graph file, read and checked against the schema
/// on a worker thread and laid out for the builder to take in whole: each node's values
/// already in its kind's columns, each id already hashed. What needs the records before it —
/// numbering nodes, refusing a taken id, finding an edge's ends — is left to the builder.
struct DecodedChunk: Sendable {
    /// The chunk's text: error locations are worked out from it.
    let bytes: [UInt8]
    /// Node ids in file order, their ``IDHash`` values, kinds and byte offsets.
    private(set) var nodeIDs: [String] = []
    private(set) var nodeHashes: [UInt64] = []
    private(set) var nodeKinds: [Int32] = []
    private(set) var nodeOffsets: [Int32] = []
    /// The chunk's nodes per kind, numbered from 0 in the chunk.
    private(set) var tables: [KindTable]
    /// Edge records in file order.
    private(set) var edges: [Edge] = []
    /// The error that stopped the chunk, located as if the chunk began the file; the records
    /// before it are kept (errors the builder finds in them come first).
    var error: GraphError?
    /// Line ends in the chunk (lines the chunk adds to the file), counted up to the error if
    /// one stopped it.
    var lineEnds = 0

    /// Nodes and edges read.
    var recordCount: Int { nodeIDs.count + edges.count }

    /// An edge record with its ends' ids hashed.
    struct Edge: Sendable {
        let from: String
        let fromHash: UInt64
        let to: String
        let toHash: UInt64
        let label: Int
        let properties: [String: Value]
        let provenance: Provenance
        /// Byte offset in the chunk.
        let offset: Int
        /// Nodes of the chunk that come before it: the ones it may end at without waiting
        /// for the whole file.
        let nodesBefore: Int
    }

    /// An empty chunk over `bytes`.
    init(schema: Schema, bytes: [UInt8]) {
        self.bytes = bytes
        tables = schema.kinds.map(KindTable.init(kind:))
    }

    /// Adds a node whose values are in schema order and checked against their types.
    mutating func appendNode(
        id: String, kindPosition: Int, values: [Value], provenance: Provenance, offset: Int,
        locator: inout Locator
    ) throws(GraphError) {
        try GraphBuilder.checkID(id) { locator.location(at: offset) }
        tables[kindPosition].append(node: Int32(nodeIDs.count), values: values, provenance: provenance)
        nodeIDs.append(id)
        nodeHashes.append(IDHash.of(id))
        nodeKinds.append(Int32(kindPosition))
        nodeOffsets.append(Int32(offset))
    }

    /// Adds an edge whose label and properties are checked against the schema.
    mutating func appendEdge(
        from: String, to: String, labelPosition: Int, properties: [String: Value], provenance: Provenance,
        offset: Int
    ) {
        edges.append(
            Edge(
                from: from, fromHash: IDHash.of(from), to: to, toHash: IDHash.of(to), label: labelPosition,
                properties: properties, provenance: provenance, offset: offset, nodesBefore: nodeIDs.count))
    }

    /// Adds a record the JSON parser read (one that is not flat).
    mutating func append(_ record: DecodedRecord, locator: inout Locator) throws(GraphError) {
        switch record {
        case .node(let id, let kindPosition, let values, let provenance, let offset):
            try appendNode(
                id: id, kindPosition: kindPosition, values: values, provenance: provenance, offset: offset,
                locator: &locator)
        case .edge(let from, let to, let labelPosition, let properties, let provenance, let offset):
            appendEdge(
                from: from, to: to, labelPosition: labelPosition, properties: properties, provenance: provenance,
                offset: offset)
        }
    }
}
