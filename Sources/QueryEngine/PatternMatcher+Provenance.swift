import IncidentGraph
import PluginAPI
import QuerySyntax

/// What a match rests on besides the nodes it binds: the edges its steps follow, and the nodes
/// a step of several hops passes through. A generated edge between two reported nodes makes a
/// generated match, not a reported one.
///
/// They are read only where they may be less firm than the nodes a step joins — a label with an
/// edge less firm than the less firm of its ends, or, for a step of several hops, a label whose
/// edges and their ends are not all of one origin — so that matching in data whose edges are as
/// firm as their ends (the bundled data's one-hop steps, a generated graph) costs nothing more.
extension PatternMatcher {
    /// A step of a pattern between the variables of the nodes it joins (every node of a pattern
    /// is bound, the unnamed ones under hidden names).
    struct Link {
        let from: Int
        let to: Int
        let step: Step
    }

    /// The steps from `start` through `steps` that a match's provenance must read.
    func linksToRead(from start: NodeTest, _ steps: [Step]) -> [Link] {
        let labels = labelOrigins()
        var links: [Link] = []
        var from = start.variable
        for step in steps {
            defer { from = step.node.variable }
            guard let source = from, let target = step.node.variable,
                labels.mayWeaken(labelPosition: step.labelPosition, passingNodes: step.hops.upperBound > 1)
            else { continue }
            links.append(Link(from: source, to: target, step: step))
        }
        return links
    }

    /// The least firm of what `links` rest on in one match, whose nodes `node` gives by
    /// variable: for each link, the firmest way its step is made (an edge, or a path of edges
    /// and the nodes between, as firm as the least firm of them). `.reported` when there is none
    /// to read. `ways` keeps the ways of several hops from each start node met.
    func origin(of links: [Link], ways: WaysFromStarts, node: (Int) -> Int32) throws(Diagnostic)
        -> Provenance.Origin
    {
        // Ctrl-C stops the walks as it stops the matching.
        ways.matchesRead += 1
        if ways.matchesRead % 4096 == 0 { try runner.context.checkCancelled() }
        var origin = Provenance.Origin.reported
        for (index, link) in links.enumerated() {
            let (from, to) = (node(link.from), node(link.to))
            guard from >= 0, to >= 0 else { continue }
            let way: Provenance.Origin
            if link.step.hops == 1...1 {
                way = firmestEdge(link.step, from: from, to: to)
            } else if from == to, link.step.hops.lowerBound == 0 {
                way = .reported  // the step is made without an edge
            } else {
                way = ways.ways(ofLink: index, from: from) { firmestWays(link.step, from: from) }[to] ?? .reported
            }
            origin = ProvenanceTally.weaker(origin, way)
        }
        return origin
    }

    /// The firmest edge from node `start` to node `end` along a one-hop step, read from the end
    /// with fewer edges, so that a step into an actor of a million incidents is read from each
    /// incident. `.reported` when there is none (the matcher found one: it cannot be).
    private func firmestEdge(_ step: Step, from start: Int32, to end: Int32) -> Provenance.Origin {
        let reversed =
            neighbourhood.count(
                of: NodeID(index: Int(end)), direction: step.direction.reversed, labelPosition: step.labelPosition)
            < neighbourhood.count(
                of: NodeID(index: Int(start)), direction: step.direction, labelPosition: step.labelPosition)
        let (first, last) = reversed ? (end, start) : (start, end)
        let edges = graph.edgeColumns
        let records = graph.edgeProvenanceRecords
        var firmest: Provenance.Origin?
        for edge in graph.edges(
            at: NodeID(index: Int(first)), direction: reversed ? step.direction.reversed : step.direction,
            label: step.label)
        where (edges.from[edge.index] == first ? edges.to[edge.index] : edges.from[edge.index]) == last {
            let origin = records[Int(edges.provenance[edge.index])].origin
            firmest = firmest.map { ProvenanceTally.firmer($0, origin) } ?? origin
        }
        return firmest ?? .reported
    }

    /// The firmest way from node `start` to each node a step of several hops reaches in as
    /// many hops as it allows: each way as firm as the least firm of its edges and of the nodes
    /// it passes (not the node it reaches, which its match counts). A node is walked on from
    /// again only when it is reached by a firmer way than before (four origins: at most four
    /// times), or in another hop when the step asks for two hops or more: a longer way may then
    /// be the one that counts.
    private func firmestWays(_ step: Step, from start: Int32) -> [Int32: Provenance.Origin] {
        let origins = graph.origins()
        let edges = graph.edgeColumns
        let records = graph.edgeProvenanceRecords
        let fewerHopsSuffice = step.hops.lowerBound <= 1
        var firmest: [Int32: Provenance.Origin] = [:]
        var walked: [Int32: Provenance.Origin] = [start: .reported]
        var frontier: [(node: Int32, origin: Provenance.Origin)] = [(start, .reported)]
        for hop in 1...max(step.hops.upperBound, 1) {
            if !fewerHopsSuffice { walked = [:] }
            var next: [(node: Int32, origin: Provenance.Origin)] = []
            for (node, origin) in frontier {
                for edge in graph.edges(at: NodeID(index: Int(node)), direction: step.direction, label: step.label) {
                    let other = edges.from[edge.index] == node ? edges.to[edge.index] : edges.from[edge.index]
                    let way = ProvenanceTally.weaker(origin, records[Int(edges.provenance[edge.index])].origin)
                    if hop >= step.hops.lowerBound {
                        firmest[other] = firmest[other].map { ProvenanceTally.firmer($0, way) } ?? way
                    }
                    let passing = ProvenanceTally.weaker(way, origins.origin(of: NodeID(index: Int(other))))
                    if let before = walked[other], ProvenanceTally.firmer(before, passing) == before { continue }
                    walked[other] = passing
                    next.append((other, passing))
                }
            }
            frontier = next
            if frontier.isEmpty { break }
        }
        return firmest
    }

    /// Which labels' edges may be less firm than the nodes they join: worked out once per graph.
    private func labelOrigins() -> LabelOrigins {
        graph.derived("label origins") { LabelOrigins(graph) }
    }
}

/// For each label, whether one of its edges is less firm than the less firm of its ends, and
/// whether its edges and their ends are of more than one origin.
struct LabelOrigins: Sendable {
    private var weakerEdge: [Bool]
    private var mixed: [Bool]

    init(_ graph: IncidentGraph) {
        let labels = graph.schema.edgeLabels.count
        (weakerEdge, mixed) = (Array(repeating: false, count: labels), Array(repeating: false, count: labels))
        let origins = graph.origins()
        let edges = graph.edgeColumns
        let records = graph.edgeProvenanceRecords.map(\.origin)
        for edge in 0..<edges.from.count {
            let label = Int(edges.labels[edge])
            let origin = records[Int(edges.provenance[edge])]
            let from = origins.origin(of: NodeID(index: Int(edges.from[edge])))
            let to = origins.origin(of: NodeID(index: Int(edges.to[edge])))
            let ends = ProvenanceTally.weaker(from, to)
            if origin != ends, ProvenanceTally.weaker(origin, ends) == origin { weakerEdge[label] = true }
            if origin != from || origin != to { mixed[label] = true }
        }
    }

    /// Whether a step along the label at `labelPosition` (any label: nil) may rest on something
    /// less firm than the nodes it joins: an edge, or, when it passes nodes between, one of them.
    func mayWeaken(labelPosition: Int?, passingNodes: Bool) -> Bool {
        let weakens = passingNodes ? mixed : weakerEdge
        return labelPosition.map { weakens[$0] } ?? weakens.contains(true)
    }
}

extension Direction {
    /// The same edges followed the other way.
    fileprivate var reversed: Direction {
        switch self {
        case .out: .in
        case .in: .out
        case .both: .both
        }
    }
}

/// The ways of a match's steps of several hops from each start node met, worked out once for
/// all the nodes a start reaches while the matches are counted: a start that reaches a thousand
/// nodes is walked from once, not a thousand times. Forgets them all past a million nodes held.
final class WaysFromStarts {
    /// Matches whose links have been read: Ctrl-C is looked for every few thousand.
    var matchesRead = 0
    private var ways: [Int: [Int32: [Int32: Provenance.Origin]]] = [:]
    private var held = 0
    private static let mostHeld = 1_000_000

    /// The ways of link `link` from node `start`, worked out by `make` the first time.
    func ways(ofLink link: Int, from start: Int32, make: () -> [Int32: Provenance.Origin])
        -> [Int32: Provenance.Origin]
    {
        if let known = ways[link]?[start] { return known }
        let made = make()
        if held + made.count > Self.mostHeld { (ways, held) = ([:], 0) }
        ways[link, default: [:]][start] = made
        held += made.count
        return made
    }
}
