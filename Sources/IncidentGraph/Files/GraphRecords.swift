/// One node as written to a graph file: identity, properties in order, provenance.
///
/// Writers that stream (the synthetic-data generator) build records without building a graph.
public struct NodeRecord: Sendable {
    /// Stable id.
    public let id: String
    /// Kind name.
    public let kind: String
    /// Properties in the order they are written; `null` values are left out.
    public let properties: [(name: String, value: Value)]
    /// Where it comes from.
    public let provenance: Provenance

    /// A node record.
    public init(id: String, kind: String, properties: [(name: String, value: Value)], provenance: Provenance) {
        self.id = id
        self.kind = kind
        self.properties = properties
        self.provenance = provenance
    }
}

/// One edge as written to a graph file.
public struct EdgeRecord: Sendable {
    /// Id of the node it starts at.
    public let from: String
    /// Id of the node it ends at.
    public let to: String
    /// Label name.
    public let label: String
    /// Properties in the order they are written.
    public let properties: [(name: String, value: Value)]
    /// Where it comes from.
    public let provenance: Provenance

    /// An edge record.
    public init(
        from: String, to: String, label: String, properties: [(name: String, value: Value)] = [], provenance: Provenance
    ) {
        self.from = from
        self.to = to
        self.label = label
        self.properties = properties
        self.provenance = provenance
    }
}

extension IncidentGraph {
    /// A node as a record, properties in schema order.
    public func record(of node: NodeID) -> NodeRecord {
        let kind = kind(of: node)
        return NodeRecord(
            id: id(of: node), kind: kind.name,
            properties: kind.properties.map { ($0.name, value($0.name, of: node)) }, provenance: provenance(of: node))
    }

    /// An edge as a record, properties by name.
    public func record(of edgeID: EdgeID) -> EdgeRecord {
        let edge = edge(edgeID)
        return EdgeRecord(
            from: id(of: edge.from), to: id(of: edge.to), label: edge.label,
            properties: edge.properties.keys.sorted().compactMap { name in edge.properties[name].map { (name, $0) } },
            provenance: edge.provenance)
    }
}
