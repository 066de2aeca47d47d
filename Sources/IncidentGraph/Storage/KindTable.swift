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
        append(node: node, provenance: provenance) { Self.append(values, to: $0) }
    }

    /// Appends values in schema order to a kind's columns, one to each.
    static func append(_ values: [Value], to columns: UnsafeMutableBufferPointer<Column>) {
        for (position, value) in values.enumerated() { columns[position].append(value) }
    }

    /// Appends a node whose values `fill` appends itself, one to each column.
    mutating func append(node: Int32, provenance: Provenance, values fill: (UnsafeMutableBufferPointer<Column>) -> Void)
    {
        nodes.append(node)
        columns.withUnsafeMutableBufferPointer { fill($0) }
        self.provenance.append(provenance)
    }

    /// Rows the table holds before its arrays grow.
    var capacity: Int { nodes.capacity }

    /// Makes room for `rows` rows in all.
    mutating func reserveCapacity(_ rows: Int) {
        nodes.reserveCapacity(rows)
        for position in columns.indices { columns[position].reserveCapacity(rows) }
        provenance.reserveCapacity(rows)
    }

    /// Appends the rows of another table of the same kind whose node numbers count from 0,
    /// numbering them from `base`; its texts are moved out (``TextValues/append(moving:)``).
    mutating func append(moving other: inout KindTable, numberedFrom base: Int32) {
        nodes.append(contentsOf: other.nodes.lazy.map { $0 + base })
        for position in columns.indices {
            columns[position].append(moving: &other.columns[position])
        }
        provenance.append(contentsOf: other.provenance)
    }
}
