/// Every node's origin (reported, synthetic, imported, observed) and kind in one byte each,
/// for tallying the provenance of a million rows without copying each node's provenance
/// record. Made at the first tally and kept with the graph (``LazyIndexes``).
public struct NodeOrigins: Sendable {
    /// Each node's origin, as its position in `Provenance.Origin.allCases`.
    private let origins: [UInt8]
    private let kinds: [Int16]
    /// For each kind, how many of its nodes have each origin (by position in
    /// `Provenance.Origin.allCases`).
    private let countsOfKind: [[Int]]

    init(_ graph: IncidentGraph) {
        let cases = Provenance.Origin.allCases
        var origins = [UInt8](repeating: 0, count: graph.nodeCount)
        var countsOfKind: [[Int]] = []
        for table in graph.tables {
            var counts = [Int](repeating: 0, count: cases.count)
            for (row, node) in table.nodes.enumerated() {
                let origin = cases.firstIndex(of: table.provenance.origin(at: row)) ?? 0
                origins[Int(node)] = UInt8(origin)
                counts[origin] += 1
            }
            countsOfKind.append(counts)
        }
        self.origins = origins
        kinds = graph.kindOfNode
        self.countsOfKind = countsOfKind
    }

    /// The origin every node of the kind at schema position `kind` has; nil when they have
    /// more than one, or the kind has no nodes.
    public func onlyOrigin(ofKind kind: Int) -> Provenance.Origin? {
        let counts = countsOfKind[kind]
        guard let held = counts.firstIndex(where: { $0 > 0 }), !counts[(held + 1)...].contains(where: { $0 > 0 }) else {
            return nil
        }
        return Provenance.Origin.allCases[held]
    }

    /// How many nodes of the kind at schema position `kind` have each origin, with the origin.
    public func originCounts(ofKind kind: Int) -> [(origin: Provenance.Origin, count: Int)] {
        zip(Provenance.Origin.allCases, countsOfKind[kind]).map { ($0, $1) }
    }

    /// A node's origin.
    public func origin(of node: NodeID) -> Provenance.Origin {
        Provenance.Origin.allCases[Int(origins[node.index])]
    }

    /// The position of a node's kind in the schema.
    public func kindIndex(of node: NodeID) -> Int {
        Int(kinds[node.index])
    }

    /// Calls `body` with each node's origin (its position in `Provenance.Origin.allCases`) and
    /// kind (its position in the schema), by node number.
    public func withNumbers<Result>(
        _ body: (_ origins: UnsafeBufferPointer<UInt8>, _ kinds: UnsafeBufferPointer<Int16>) -> Result
    ) -> Result {
        origins.withUnsafeBufferPointer { origins in kinds.withUnsafeBufferPointer { kinds in body(origins, kinds) } }
    }
}

extension IncidentGraph {
    /// Every node's origin and kind, made at the first call.
    public func origins() -> NodeOrigins {
        lazyIndexes.origins { NodeOrigins(self) }
    }
}
