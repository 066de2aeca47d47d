import Foundation

/// The records of one chunk of a JSON Lines graph file, read and checked against the schema
/// on a worker thread and laid out for the builder to take in whole: each node's values
/// already in its kind's columns, each id already hashed. What needs the records before it —
/// numbering nodes, refusing a taken id, finding an edge's ends — is left to the builder.
package struct DecodedChunk: Sendable {
    /// The chunk's text: error locations are worked out from it.
    package let bytes: [UInt8]
    /// Node ids in file order, their ``IDHash`` values, kinds and byte offsets.
    private(set) var nodeIDs: [String] = []
    private(set) var nodeHashes: [UInt64] = []
    private(set) var nodeKinds: [Int16] = []
    private(set) var nodeOffsets: [Int] = []
    /// The chunk's nodes per kind, numbered from 0 in the chunk.
    private(set) var tables: [KindTable]
    /// Edge records in file order.
    private(set) var edges: [Edge] = []
    /// The properties of the edges that have any, by position in `edges`.
    private var edgeProperties: [Int: [String: Value]] = [:]
    /// The provenance of each edge, by position in `edges`.
    private(set) var edgeProvenance = ProvenanceColumn()
    /// The node numbers of edges' ends found on the worker thread among the nodes numbered
    /// before the chunk (two per edge, -1 where not found), or nothing: the builder looks
    /// up only the others.
    private(set) var knownEnds: [Int32] = []
    /// Ids of edge ends that are not bytes of the text as they stand (the JSON parser read
    /// them, escapes and all).
    private var decodedIDs: [String] = []
    /// The error that stopped the chunk, located as if the chunk began the file; the records
    /// before it are kept (errors the builder finds in them come first).
    package var error: GraphError?
    /// Line ends in the chunk (lines the chunk adds to the file), counted up to the error if
    /// one stopped it.
    package var lineEnds = 0
    /// Whether a CR not followed by LF ends a line too (rows files), as well as LF: the lines
    /// of errors are counted so.
    package var lineEndsAtCR = false
    /// Rows the table of the first kind a node is added to is given room for
    /// (``reserveCapacity(records:)``), so that its columns are not copied as they grow. Only
    /// the first: a block of a file written kind by kind holds one kind, nearly always, and the
    /// room of a block that mixes many stays that of one.
    private var roomForFirstKind = 0

    /// Nodes and edges read.
    var recordCount: Int { nodeIDs.count + edges.count }
    /// Nodes read.
    package var nodeCount: Int { nodeIDs.count }

    /// An edge record: its ends' ids, its label and where it is; its properties and provenance
    /// are kept beside it. No field needs counting references, so a chunk's edges are one block.
    struct Edge: Sendable {
        let from: EndID
        let to: EndID
        let label: Int32
        /// Whether it has properties (in `edgeProperties`).
        let hasProperties: Bool
        /// Byte offset in the chunk.
        let offset: Int
        /// Nodes of the chunk that come before it: the ones it may end at without waiting
        /// for the whole file.
        let nodesBefore: Int
    }

    /// The id an edge names as one of its ends, hashed (``IDHash``): the bytes `start..<start +
    /// count` of the chunk's text when `count` is not negative, else the decoded id at
    /// position `start`.
    package struct EndID: Sendable {
        let start: Int
        let count: Int
        let hash: UInt64
    }

    /// An empty chunk over `bytes`.
    package init(schema: Schema, bytes: [UInt8]) {
        self.bytes = bytes
        tables = schema.kinds.map(KindTable.init(kind:))
    }

    /// Adds a node whose values are in schema order and checked against their types; `hash`
    /// is ``IDHash`` of its id.
    package mutating func appendNode(
        id: String, hash: UInt64, kindPosition: Int, values: [Value], provenance: Provenance, offset: Int,
        locator: inout Locator
    ) throws(GraphError) {
        try appendNode(
            id: id, hash: hash, kindPosition: kindPosition, provenance: provenance, offset: offset, locator: &locator
        ) { KindTable.append(values, to: $0) }
    }

    /// Adds a node whose values `fill` appends to its kind's columns, one to each, already
    /// checked against their types; `fill` is called only when the id is one a node may have.
    package mutating func appendNode(
        id: String, hash: UInt64, kindPosition: Int, provenance: Provenance, offset: Int, locator: inout Locator,
        values fill: (UnsafeMutableBufferPointer<Column>) -> Void
    ) throws(GraphError) {
        try GraphBuilder.checkID(id) { locator.location(at: offset) }
        if roomForFirstKind > 0 {
            tables[kindPosition].reserveCapacity(roomForFirstKind)
            roomForFirstKind = 0
        }
        tables[kindPosition].append(node: Int32(nodeIDs.count), provenance: provenance, values: fill)
        nodeIDs.append(id)
        nodeHashes.append(hash)
        nodeKinds.append(Int16(kindPosition))
        nodeOffsets.append(offset)
    }

    /// The byte offset of the chunk's first node of the kind at `kindPosition`; nil when it has none.
    func firstOffset(ofKind kindPosition: Int) -> Int? {
        nodeKinds.firstIndex(of: Int16(kindPosition)).map { nodeOffsets[$0] }
    }

    /// Makes room for `count` nodes and as many edges, and for as many rows in the table of the
    /// first kind a node is added to, so that a block's arrays are not copied as they grow: room
    /// never filled costs address space, not memory.
    mutating func reserveCapacity(records count: Int) {
        roomForFirstKind = count
        nodeIDs.reserveCapacity(count)
        nodeHashes.reserveCapacity(count)
        nodeKinds.reserveCapacity(count)
        nodeOffsets.reserveCapacity(count)
        edges.reserveCapacity(count)
    }

    /// Makes room for `count` nodes of the kind at `kindPosition` (rows of a file of one kind).
    package mutating func reserveCapacity(nodes count: Int, ofKind kindPosition: Int) {
        nodeIDs.reserveCapacity(count)
        nodeHashes.reserveCapacity(count)
        nodeKinds.reserveCapacity(count)
        nodeOffsets.reserveCapacity(count)
        tables[kindPosition].reserveCapacity(count)
    }

    /// Adds an edge whose label and properties are checked against the schema.
    package mutating func appendEdge(
        from: EndID, to: EndID, labelPosition: Int, properties: [String: Value], provenance: Provenance, offset: Int
    ) {
        if !properties.isEmpty { edgeProperties[edges.count] = properties }
        edgeProvenance.append(provenance)
        edges.append(
            Edge(
                from: from, to: to, label: Int32(labelPosition), hasProperties: !properties.isEmpty, offset: offset,
                nodesBefore: nodeIDs.count))
    }

    /// An edge end named by the bytes `range` of the text, which are ASCII or checked UTF-8;
    /// `seed` is ``IDHash/seed``.
    package static func endID(_ range: Range<Int>, of bytes: UnsafeBufferPointer<UInt8>, seed: UInt64) -> EndID {
        EndID(
            start: range.lowerBound, count: range.count,
            hash: IDHash.of(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[range])), seed: seed))
    }

    /// An edge end named by an id that is not bytes of the text as they stand (one the parser
    /// decoded, or a value's text).
    package mutating func endID(decoded id: String) -> EndID {
        decodedIDs.append(id)
        return EndID(start: decodedIDs.count - 1, count: -1, hash: IDHash.of(id))
    }

    /// The properties of the edge at `index` of `edges`, nil when it has none.
    func properties(ofEdge index: Int) -> [String: Value]? {
        edges[index].hasProperties ? edgeProperties[index] : nil
    }

    /// The id of an edge end.
    func id(of end: EndID) -> String {
        guard end.count >= 0 else { return decodedIDs[end.start] }
        return String(decoding: bytes[end.start..<end.start + end.count], as: UTF8.self)
    }

    /// Whether an edge end names `id`.
    func names(_ end: EndID, _ id: String) -> Bool {
        guard end.count >= 0 else { return decodedIDs[end.start] == id }
        var id = id
        return id.withUTF8 { id in
            id.count == end.count
                && bytes.withUnsafeBytes { text in
                    id.isEmpty
                        || ShortBytes.equal(text.baseAddress! + end.start, id.baseAddress!, count: id.count)
                }
        }
    }

    /// Appends the chunk's nodes of the kind at `position` to `table`, numbered from `base`,
    /// moving their texts out of the chunk (``KindTable/append(moving:numberedFrom:)``).
    mutating func moveNodes(ofKind position: Int, to table: inout KindTable, numberedFrom base: Int32) {
        table.append(moving: &tables[position], numberedFrom: base)
    }

    /// Calls `body` with the chunk's edges and text held in place.
    func withEdgesAndText<Result>(
        _ body: (UnsafeBufferPointer<Edge>, UnsafeRawBufferPointer) -> Result
    ) -> Result {
        edges.withUnsafeBufferPointer { edges in bytes.withUnsafeBytes { body(edges, $0) } }
    }

    /// Finds the ends of the chunk's edges among nodes numbered before it, for the builder
    /// (``knownEnds``).
    mutating func findEnds(among finder: EndFinder) {
        guard !edges.isEmpty else { return }
        var ends: [Int32] = []
        var candidates = [Int32](repeating: -1, count: 2 * GraphBuilder.lookupRun)
        finder.ends(of: self, 0..<edges.count, into: &ends, candidates: &candidates)
        knownEnds = ends
    }

    /// Adds a record the JSON parser read (one that is not flat).
    mutating func append(_ record: DecodedRecord, locator: inout Locator) throws(GraphError) {
        switch record {
        case .node(let id, let kindPosition, let values, let provenance, let offset):
            try appendNode(
                id: id, hash: IDHash.of(id), kindPosition: kindPosition, values: values, provenance: provenance,
                offset: offset,
                locator: &locator)
        case .edge(let from, let to, let labelPosition, let properties, let provenance, let offset):
            appendEdge(
                from: endID(decoded: from), to: endID(decoded: to), labelPosition: labelPosition,
                properties: properties, provenance: provenance, offset: offset)
        }
    }
}
