/// A node's dense number in one graph: an index, not an identity that outlives the graph.
///
/// Analysts use string ids (`jaxa`); the engine uses these numbers for arrays and adjacency.
public struct NodeID: Hashable, Comparable, Sendable {
    /// Position in the graph's node order.
    public let index: Int

    /// A node number.
    public init(index: Int) {
        self.index = index
    }

    /// Orders by position in time or in the graph.
    public static func < (lhs: NodeID, rhs: NodeID) -> Bool { lhs.index < rhs.index }
}

/// An edge's dense number in one graph.
public struct EdgeID: Hashable, Comparable, Sendable {
    /// Position in the graph's edge order.
    public let index: Int

    /// An edge number.
    public init(index: Int) {
        self.index = index
    }

    /// Orders by position in time or in the graph.
    public static func < (lhs: EdgeID, rhs: EdgeID) -> Bool { lhs.index < rhs.index }
}

/// One edge as stored: its ends, label, properties and provenance.
public struct Edge: Hashable, Sendable {
    /// The node the edge starts at.
    public let from: NodeID
    /// The node the edge ends at.
    public let to: NodeID
    /// The label name (`targeted`).
    public let label: String
    /// Edge properties (`procedure`, `confidence`), by name.
    public let properties: [String: Value]
    /// Where the asserted link comes from.
    public let provenance: Provenance
}

/// The parts of every edge of a graph, one array each, in edge order.
public struct EdgeColumns: Sendable {
    /// The node number each edge starts at.
    public let from: [Int32]
    /// The node number each edge ends at.
    public let to: [Int32]
    /// Each edge's label, as a position in the schema's edge labels.
    public let labels: [Int32]
    /// Each edge's provenance, as a position in ``IncidentGraph/edgeProvenanceRecords``.
    public let provenance: [UInt32]
}
