extension IncidentGraph {
    /// The nodes of kind `kindIndex` that reach one of `targets` (node numbers) through an edge
    /// with the label at `labelPosition`, followed `direction` from them: a link read backwards,
    /// for the link index (`incidents | where target == @jaxa`). Node numbers, each once, in
    /// node order.
    public func sources(
        reaching targets: [Int32], direction: Direction, labelPosition position: Int, kindIndex: Int
    ) -> [Int32] {
        let label = Int32(position)
        let kind = Int16(kindIndex)
        var found: [Int32] = []
        for target in targets {
            // A link followed out of its node ends at the target: the target's incoming edges.
            if direction != .in {
                for edge in incoming.edges(at: target, label: label, labels: edgeLabel)
                where kindOfNode[Int(edgeFrom[Int(edge)])] == kind {
                    found.append(edgeFrom[Int(edge)])
                }
            }
            if direction != .out {
                for edge in outgoing.edges(at: target, label: label, labels: edgeLabel)
                where kindOfNode[Int(edgeTo[Int(edge)])] == kind {
                    found.append(edgeTo[Int(edge)])
                }
            }
        }
        found.sort()
        var unique = found
        unique.removeAll(keepingCapacity: true)
        for node in found where unique.last != node { unique.append(node) }
        return unique
    }

    /// How many edges with the label at `labelPosition` the nodes `targets` have that
    /// ``sources(reaching:direction:labelPosition:kindIndex:)`` would follow back: at least as
    /// many as the sources it finds, counted without reading an edge.
    public func edgeCount(at targets: [Int32], direction: Direction, labelPosition position: Int) -> Int {
        let label = Int32(position)
        var count = 0
        for target in targets {
            if direction != .in { count += incoming.count(at: target, label: label, labels: edgeLabel) }
            if direction != .out { count += outgoing.count(at: target, label: label, labels: edgeLabel) }
        }
        return count
    }
}
