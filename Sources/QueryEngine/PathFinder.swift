import IncidentGraph
import QuerySyntax

/// Shortest paths between nodes, following edges either way (a path from a victim to a state
/// body runs against some edges and along others), optionally only some labels, at most a
/// number of hops. `reported_by` edges are bibliography, not links between actors and victims:
/// they are followed only when named in `via`.
struct PathFinder {
    let runner: QueryRunner
    /// Hops searched when no `max` is given.
    static let defaultMaximum = 6
    /// Most nodes a search may visit before it gives up with a diagnostic.
    static let visitLimit = 2_000_000

    /// One shortest path as (node, how it was reached) steps, or `nil` when none is short enough.
    func shortestPath(
        from start: NodeID, to goal: NodeID, via labels: [String], maximum: Int, at span: SourceSpan
    ) throws(Diagnostic) -> [(node: NodeID, edge: String?)]? {
        let graph = runner.context.graph
        var allowed = [Bool](repeating: labels.isEmpty, count: graph.schema.edgeLabels.count)
        for label in labels {
            guard let position = graph.schema.labelPosition(of: label) else {
                throw Diagnostic(
                    code: "name.label", message: "unknown edge label `\(label)`", span: span,
                    hint: ":schema lists the labels")
            }
            allowed[position] = true
        }
        if labels.isEmpty, let bibliography = graph.schema.labelPosition(of: "reported_by") {
            allowed[bibliography] = false
        }
        // previous[n]: the node n was reached from (-1: not reached), and by which label and way.
        var previous = [Int32](repeating: -1, count: graph.nodeCount)
        var reachedBy = [(label: Int32, forward: Bool)](repeating: (0, true), count: graph.nodeCount)
        previous[start.index] = Int32(start.index)
        var frontier = [start]
        var visits = 1
        var depth = 0
        while !frontier.isEmpty, depth < maximum, previous[goal.index] < 0 {
            try runner.context.checkCancelled()
            depth += 1
            var next: [NodeID] = []
            for node in frontier {
                graph.forEachNeighbour(of: node, direction: .both, labelPosition: nil) { other, label, forward in
                    guard allowed[label], previous[other.index] < 0 else { return }
                    previous[other.index] = Int32(node.index)
                    reachedBy[other.index] = (Int32(label), forward)
                    next.append(other)
                }
            }
            visits += next.count
            guard visits <= Self.visitLimit else {
                throw Diagnostic(
                    code: "run.path-limit", message: "the path search visited more than \(Self.visitLimit) nodes",
                    span: span,
                    hint: "give a smaller `max` or restrict the labels with `via`")
            }
            frontier = next
        }
        guard previous[goal.index] >= 0 else { return nil }
        var steps: [(node: NodeID, edge: String?)] = []
        var current = goal
        while current != start {
            let (label, forward) = reachedBy[current.index]
            let name = graph.schema.edgeLabels[Int(label)].name
            steps.append((current, forward ? "\(name) →" : "← \(name)"))
            current = NodeID(index: Int(previous[current.index]))
        }
        steps.append((start, nil))
        return steps.reversed()
    }
}
