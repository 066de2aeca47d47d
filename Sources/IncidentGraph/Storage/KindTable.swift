/// All nodes of one kind: their global node numbers, a column per declared property, provenance.
struct KindTable: Sendable {
    /// The kind's schema.
    let kind: KindSchema
    /// Global node number of each row.
    var nodes: [Int32] = []
    /// One column per declared property, in schema order.
    var columns: [Column]
    /// Provenance of each row.
    var provenance = ProvenanceColumn()

    /// An empty table for a kind.
    init(kind: KindSchema) {
        self.kind = kind
        columns = kind.properties.map { Column(type: $0.type) }
    }

    /// A table as stored (in a snapshot).
    init(kind: KindSchema, nodes: [Int32], columns: [Column], provenance: ProvenanceColumn) {
        self.kind = kind
        self.nodes = nodes
        self.columns = columns
        self.provenance = provenance
    }

    /// Appends a node whose property values are in schema order (`null` when absent).
    mutating func append(node: Int32, values: [Value], provenance: Provenance) {
        nodes.append(node)
        for (position, value) in values.enumerated() {
            columns[position].append(value)
        }
        self.provenance.append(provenance)
    }

    /// Makes room for `rows` rows in all.
    mutating func reserveCapacity(_ rows: Int) {
        nodes.reserveCapacity(rows)
        for position in columns.indices { columns[position].reserveCapacity(rows) }
        provenance.reserveCapacity(rows)
    }

    /// Appends the rows of another table of the same kind whose node numbers count from 0,
    /// numbering them from `base`.
    mutating func append(contentsOf other: KindTable, numberedFrom base: Int32) {
        nodes.append(contentsOf: other.nodes.lazy.map { $0 + base })
        for position in columns.indices {
            columns[position].append(contentsOf: other.columns[position])
        }
        provenance.append(contentsOf: other.provenance)
    }
}
