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
        for label in labels where graph.schema.labelPosition(of: label) == nil {
            throw Diagnostic(
                code: "name.label", message: "unknown edge label `\(label)`", span: span,
                hint: ":schema lists the labels")
        }
        var previous: [NodeID: (node: NodeID, edge: String)] = [:]
        var frontier = [start]
        var visited: Set<NodeID> = [start]
        var depth = 0
        while !frontier.isEmpty, depth < maximum, !visited.contains(goal) {
            try runner.context.checkCancelled()
            depth += 1
            var next: [NodeID] = []
            for node in frontier {
                for edgeID in graph.edges(at: node, direction: .both) {
                    let edge = graph.edge(edgeID)
                    if labels.isEmpty ? edge.label == "reported_by" : !labels.contains(edge.label) { continue }
                    let forward = edge.from == node
                    let other = forward ? edge.to : edge.from
                    guard visited.insert(other).inserted else { continue }
                    previous[other] = (node, forward ? "\(edge.label) →" : "← \(edge.label)")
                    next.append(other)
                }
            }
            guard visited.count <= Self.visitLimit else {
                throw Diagnostic(
                    code: "run.path-limit", message: "the path search visited more than \(Self.visitLimit) nodes",
                    span: span,
                    hint: "give a smaller `max` or restrict the labels with `via`")
            }
            frontier = next.sorted()
        }
        guard visited.contains(goal) else { return nil }
        var steps: [(node: NodeID, edge: String?)] = []
        var current = goal
        while current != start, let step = previous[current] {
            steps.append((current, step.edge))
            current = step.node
        }
        steps.append((start, nil))
        return steps.reversed()
    }
}
