/// A node or edge record read from a file and checked against the schema, not yet added to a
/// builder; `offset` is where it starts in its chunk of the file, for errors the builder finds.
enum DecodedRecord: Sendable {
    case node(id: String, kindPosition: Int, values: [Value], provenance: Provenance, offset: Int)
    case edge(
        from: String, to: String, labelPosition: Int, properties: [String: Value], provenance: Provenance, offset: Int)

    /// Adds the record to `builder`; `locator` turns its offset into a line and column.
    func add(to builder: inout GraphBuilder, locator: inout Locator) throws(GraphError) {
        switch self {
        case .node(let id, let kindPosition, let values, let provenance, let offset):
            try builder.addNode(
                id: id, hash: IDHash.of(id), kindPosition: kindPosition, values: values, provenance: provenance,
                at: locator.location(at: offset))
        case .edge(let from, let to, let labelPosition, let properties, let provenance, let offset):
            try builder.addEdge(
                from: from, fromHash: IDHash.of(from), to: to, toHash: IDHash.of(to), labelPosition: labelPosition,
                properties: properties, provenance: provenance,
                at: locator.location(at: offset))
        }
    }
}
