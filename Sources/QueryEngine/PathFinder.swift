import IncidentGraph
import QuerySyntax

/// Shortest paths between nodes, following edges either way (a path from a victim to a state
/// body runs against some edges and along others), optionally only some labels, at most a
/// number of hops. `reported_by` edges are bibliography, not links between actors and victims:
/// they are followed only when named in `via`.
///
/// The search runs from both ends at once, a whole hop at a time, always widening the side
/// whose frontier has fewer edges, so it visits the neighbourhoods of the two ends rather than
/// everything within the path's length of one of them. When several paths are equally short,
/// the one returned takes, at each hop, the node's first edge (outgoing before incoming, by
/// label, then by the node at the other end) that still lies on one — the path a breadth-first
/// search from the start alone would find.
struct PathFinder {
    let runner: QueryRunner
    /// Hops searched when no `max` is given.
    static let defaultMaximum = 6
    /// Most nodes a search may visit before it gives up with a diagnostic.
    static let visitLimit = 2_000_000

    private let graph: Neighbourhood
    private var marks: SearchMarks

    init(runner: QueryRunner) {
        self.runner = runner
        graph = runner.context.graph.neighbourhood()
        marks = SearchMarks(nodeCount: runner.context.graph.nodeCount)
    }

    /// One shortest path as (node, how it was reached) steps, or `nil` when none is short enough.
    mutating func shortestPath(
        from start: NodeID, to goal: NodeID, via labels: [String], maximum: Int, at span: SourceSpan
    ) throws(Diagnostic) -> [(node: NodeID, edge: String?)]? {
        let allowed = try allowedLabels(labels, at: span)
        defer { marks.clear() }
        guard let hops = try distance(from: start, to: goal, allowed: allowed, maximum: maximum, at: span) else {
            return nil
        }
        return route(from: start, hops: hops, allowed: allowed)
    }

    /// For each edge label, whether the search follows it.
    private func allowedLabels(_ labels: [String], at span: SourceSpan) throws(Diagnostic) -> [Bool] {
        let schema = runner.context.graph.schema
        var allowed = [Bool](repeating: labels.isEmpty, count: schema.edgeLabels.count)
        for label in labels {
            guard let position = schema.labelPosition(of: label) else {
                throw Diagnostic(
                    code: .unknownLabel, message: "unknown edge label `\(label)`", span: span,
                    hint: ":schema lists the labels")
            }
            allowed[position] = true
        }
        if labels.isEmpty, let bibliography = schema.labelPosition(of: "reported_by") {
            allowed[bibliography] = false
        }
        return allowed
    }

    /// The number of hops of a shortest path, searching from both ends; afterwards `marks`
    /// holds every node's hops from the start and from the goal, for the hops each side searched.
    private mutating func distance(
        from start: NodeID, to goal: NodeID, allowed: [Bool], maximum: Int, at span: SourceSpan
    ) throws(Diagnostic) -> Int? {
        guard start != goal else { return 0 }
        marks.reach(start, .start, hops: 0)
        marks.reach(goal, .goal, hops: 0)
        var frontiers = [Frontier(nodes: [start], edges: graph.degree(of: start))]
        var goalFrontier = Frontier(nodes: [goal], edges: graph.degree(of: goal))
        var goalHops = 0
        var shortest: Int?
        var visits = 2
        while shortest == nil, frontiers.count - 1 + goalHops < maximum {
            try runner.context.checkCancelled()
            let fromStart = frontiers[frontiers.count - 1].edges <= goalFrontier.edges
            let side: SearchMarks.Side = fromStart ? .start : .goal
            let hops = (fromStart ? frontiers.count - 1 : goalHops) + 1
            var next = Frontier(nodes: [], edges: 0)
            for node in fromStart ? frontiers[frontiers.count - 1].nodes : goalFrontier.nodes {
                graph.forEachNeighbour(of: node, direction: .both, labelPosition: nil) { other, label, _ in
                    guard allowed[label], marks.hops(of: other, side) < 0 else { return }
                    marks.reach(other, side, hops: hops)
                    next.nodes.append(other)
                    next.edges += graph.degree(of: other)
                    let across = marks.hops(of: other, side.opposite)
                    if across >= 0 { shortest = min(shortest ?? .max, hops + Int(across)) }
                }
            }
            guard !next.nodes.isEmpty else { return nil }
            visits += next.nodes.count
            guard visits <= Self.visitLimit else {
                throw Diagnostic(
                    code: .pathLimit, message: "the path search visited more than \(Self.visitLimit) nodes",
                    span: span,
                    hint: "give a smaller `max` or restrict the labels with `via`")
            }
            if fromStart {
                frontiers.append(next)
            } else {
                goalFrontier = next
                goalHops = hops
            }
        }
        guard let shortest else { return nil }
        markLeadingNodes(frontiers, hops: shortest, goalHops: goalHops, allowed: allowed)
        return shortest
    }

    /// Marks the nodes of the start's side that lie on a shortest path of `hops`, hop by hop back
    /// from the first hop the goal's side knows distances for.
    private mutating func markLeadingNodes(_ frontiers: [Frontier], hops: Int, goalHops: Int, allowed: [Bool]) {
        let known = hops - goalHops
        guard known > 0 else { return }
        for node in frontiers[known].nodes where marks.hops(of: node, .goal) == goalHops {
            marks.lead(node)
        }
        for level in stride(from: known - 1, to: 0, by: -1) {
            for node in frontiers[level].nodes {
                graph.forEachNeighbour(of: node, direction: .both, labelPosition: nil) { other, label, _ in
                    if allowed[label], marks.hops(of: other, .start) == level + 1, marks.leads(other) {
                        marks.lead(node)
                    }
                }
            }
        }
    }

    /// The shortest path of `hops` that takes, at each hop, the first edge that still lies on one.
    private func route(from start: NodeID, hops: Int, allowed: [Bool]) -> [(node: NodeID, edge: String?)] {
        let schema = runner.context.graph.schema
        var steps: [(node: NodeID, edge: String?)] = [(start, nil)]
        var current = start
        for hop in stride(from: 1, through: hops, by: 1) {
            var best: (node: NodeID, label: Int, forward: Bool)?
            graph.forEachNeighbour(of: current, direction: .both, labelPosition: nil) { other, label, forward in
                guard best == nil, allowed[label],
                    marks.hops(of: other, .goal) == hops - hop
                        || (marks.hops(of: other, .start) == hop && marks.leads(other))
                else { return }
                best = (other, label, forward)
            }
            guard let best else { break }
            let name = schema.edgeLabels[best.label].name
            steps.append((best.node, best.forward ? "\(name) →" : "← \(name)"))
            current = best.node
        }
        return steps
    }

    /// The nodes a search reached last from one end, and how many edges they have.
    private struct Frontier {
        var nodes: [NodeID]
        var edges: Int
    }
}

/// What one path search knows about each node: its hops from the start and from the goal (or
/// -1), and whether it leads on to the goal by a shortest path. Kept between the searches of
/// one stage (`@jaxa | path @mss` searches once per row) and cleared node by node.
private struct SearchMarks {
    enum Side {
        case start, goal

        var opposite: Side { self == .start ? .goal : .start }
    }

    private var fromStart: [Int32]
    private var fromGoal: [Int32]
    private var leading: [Bool]
    private var touched: [NodeID] = []

    init(nodeCount: Int) {
        fromStart = [Int32](repeating: -1, count: nodeCount)
        fromGoal = [Int32](repeating: -1, count: nodeCount)
        leading = [Bool](repeating: false, count: nodeCount)
    }

    func hops(of node: NodeID, _ side: Side) -> Int32 {
        side == .start ? fromStart[node.index] : fromGoal[node.index]
    }

    mutating func reach(_ node: NodeID, _ side: Side, hops: Int) {
        if fromStart[node.index] < 0, fromGoal[node.index] < 0 { touched.append(node) }
        if side == .start { fromStart[node.index] = Int32(hops) } else { fromGoal[node.index] = Int32(hops) }
    }

    func leads(_ node: NodeID) -> Bool { leading[node.index] }

    mutating func lead(_ node: NodeID) { leading[node.index] = true }

    mutating func clear() {
        for node in touched {
            fromStart[node.index] = -1
            fromGoal[node.index] = -1
            leading[node.index] = false
        }
        touched.removeAll(keepingCapacity: true)
    }
}
