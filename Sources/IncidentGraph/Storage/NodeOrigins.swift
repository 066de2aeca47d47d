/// Every node's origin (reported, synthetic, imported, observed) and kind in one byte each,
/// for tallying the provenance of a million rows without copying each node's provenance
/// record. Made at the first tally and kept with the graph (``LazyIndexes``).
public struct NodeOrigins: Sendable {
    /// Each node's origin, as its position in `Provenance.Origin.allCases`.
    @usableFromInline let origins: [UInt8]
    @usableFromInline let kinds: [Int16]

    init(_ graph: IncidentGraph) {
        let cases = Provenance.Origin.allCases
        var origins = [UInt8](repeating: 0, count: graph.nodeCount)
        for table in graph.tables {
            for (row, node) in table.nodes.enumerated() {
                origins[Int(node)] = UInt8(cases.firstIndex(of: table.provenance.origin(at: row)) ?? 0)
            }
        }
        self.origins = origins
        kinds = graph.kindOfNode
    }

    /// A node's origin.
    public func origin(of node: NodeID) -> Provenance.Origin {
        Provenance.Origin.allCases[Int(origins[node.index])]
    }

    /// The position of a node's kind in the schema.
    public func kindIndex(of node: NodeID) -> Int {
        Int(kinds[node.index])
    }

    /// The position in `Provenance.Origin.allCases` of the origin of the node numbered `number`.
    @inlinable public func originPosition(ofNumber number: Int32) -> Int {
        Int(origins[Int(number)])
    }

    /// The position in the schema of the kind of the node numbered `number`.
    @inlinable public func kindIndex(ofNumber number: Int32) -> Int {
        Int(kinds[Int(number)])
    }
}

extension IncidentGraph {
    /// Every node's origin and kind, made at the first call.
    public func origins() -> NodeOrigins {
        lazyIndexes.origins { NodeOrigins(self) }
    }
}
