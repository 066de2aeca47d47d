/// For one edge label and direction, the first node (in node order) each node reaches: a
/// single-valued link (`incident.target`) followed with one array read instead of a search of
/// the node's edges. Made on first use, once per label and direction, and kept with the graph
/// (``LazyIndexes``).
public struct LinkTargets: Sendable {
    /// Node number + 1 of each node's first neighbour, 0 for none.
    @usableFromInline let targets: [Int32]

    init(_ targets: [Int32]) {
        self.targets = targets
    }

    /// The first node `node` reaches, if any.
    @inlinable public func target(of node: NodeID) -> NodeID? {
        let target = targets[node.index]
        return target == 0 ? nil : NodeID(index: Int(target) - 1)
    }

    /// The number of the first node the node numbered `number` reaches, or -1 for none: for
    /// loops over node numbers that make no `NodeID` values.
    @inlinable public func target(ofNumber number: Int32) -> Int32 {
        targets[Int(number)] - 1
    }
}

extension IncidentGraph {
    /// The first node each node reaches through edges with a label, one way or both; the same
    /// answers as ``firstNeighbour(of:direction:labelPosition:)`` for every node.
    public func linkTargets(direction: Direction, labelPosition position: Int) -> LinkTargets {
        let key = position * 3 + (direction == .out ? 0 : direction == .in ? 1 : 2)
        return lazyIndexes.linkTargets(key) {
            var targets = [Int32](repeating: 0, count: nodeCount)
            let label = Int32(position)
            func reach(_ node: Int32, _ other: Int32) {
                let current = targets[Int(node)]
                if current == 0 || other + 1 < current { targets[Int(node)] = other + 1 }
            }
            for edge in 0..<edgeCount where edgeLabel[edge] == label {
                if direction != .in { reach(edgeFrom[edge], edgeTo[edge]) }
                if direction != .out { reach(edgeTo[edge], edgeFrom[edge]) }
            }
            return LinkTargets(targets)
        }
    }
}

extension IncidentGraph {
    /// The node each node reaches through the single-valued link `name` of its kind (`target`
    /// of an incident, `sector` of an organisation), for all nodes at once, whatever their
    /// kinds; nil when `name` is not a link or not single-valued for some kind. Made once per
    /// graph and name.
    public func linkTargets(named name: String) -> LinkTargets? {
        let links = schema.links.filter { $0.name == name }
        guard !links.isEmpty, links.allSatisfy(\.isSingleValued),
            let number = Set(schema.links.map(\.name)).sorted().firstIndex(of: name)
        else { return nil }
        let byKind: [LinkTargets?] = schema.kinds.map { kind in
            links.first { $0.kind == kind.name }.flatMap { link in
                schema.labelPosition(of: link.label).map { linkTargets(direction: link.direction, labelPosition: $0) }
            }
        }
        // Negative keys: the per-label targets above use the non-negative ones.
        return lazyIndexes.linkTargets(-1 - number) {
            var targets = [Int32](repeating: 0, count: nodeCount)
            for node in 0..<nodeCount {
                if let reached = byKind[Int(kindOfNode[node])] { targets[node] = reached.targets[node] }
            }
            return LinkTargets(targets)
        }
    }
}

extension IncidentGraph {
    /// The nodes of a single-valued link's kind that reach more than one node through its label
    /// its way — a file or an import may give an incident two targets, and the link then reads
    /// the first in node order — in node order. Worked out once per link and kept.
    public func nodesReachingSeveral(through link: LinkSchema) -> [NodeID] {
        guard let position = schema.labelPosition(of: link.label), let kind = schema.kindPosition(of: link.kind) else {
            return []
        }
        return derived("nodes reaching several: \(link.kind) \(link.name)") {
            let first = linkTargets(direction: link.direction, labelPosition: position)
            var several = [Bool](repeating: false, count: nodeCount)
            let label = Int32(position)
            for edge in 0..<edgeCount where edgeLabel[edge] == label {
                let (from, to) = (edgeFrom[edge], edgeTo[edge])
                if link.direction != .in, first.target(ofNumber: from) != to { several[Int(from)] = true }
                if link.direction != .out, first.target(ofNumber: to) != from { several[Int(to)] = true }
            }
            return several.indices.filter { several[$0] && kindOfNode[$0] == Int16(kind) }.map(NodeID.init(index:))
        }
    }
}
