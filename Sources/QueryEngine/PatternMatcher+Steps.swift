import IncidentGraph
import QuerySyntax

/// Matching a pattern of one-hop steps a step at a time for every partial match at once,
/// rather than one match at a time down the walk: each step reads the partial matches and the
/// node each has reached from two arrays and writes the longer ones to two more.
extension PatternMatcher {
    /// Partial matches a step may hold before the pattern is left to the walk, which holds only
    /// whole matches.
    static let partialMatchesHeld = 2 * maximumMatches

    /// The matches of one pattern after `bindings` (those of the patterns before it), found a
    /// step at a time. They come in the order the walk gives them: by binding, then by the
    /// node at each place in turn, each in node order (a step appends each partial match's
    /// longer ones in order, after those of the partial matches before it). Nil when a step
    /// is not one hop, or a step's partial matches grow past ``partialMatchesHeld``.
    func matchesStepByStep(_ start: NodeTest, _ steps: [Step], after bindings: Bindings) throws(Diagnostic)
        -> Bindings?
    {
        guard steps.allSatisfy({ $0.hops == 1...1 }) else { return nil }
        var partial = Bindings(width: bindings.width)
        // The node each partial match has reached.
        var reached: [Int32] = []
        if bindings.count == 1, start.variable.map({ bindings.node(0, $0) < 0 }) ?? true, let kind = start.kind {
            partial.reserveCapacity(graph.nodeNumbers(ofKindAt: kind).count)
            reached.reserveCapacity(graph.nodeNumbers(ofKindAt: kind).count)
        }
        for index in 0..<bindings.count {
            if index % 4096 == 0 { try runner.context.checkCancelled() }
            // A start a pattern before bound (`(i)` after `(i:incident)-…`): that node, if it
            // passes, with no array made for the binding or its one candidate.
            if let variable = start.variable, case let node = bindings.node(index, variable), node >= 0 {
                guard accepts(start, NodeID(index: Int(node)), alreadyBound: node) else { continue }
                partial.append(bindings, index, setting: nil, to: node)
                reached.append(node)
                continue
            }
            let nodes = try candidates(start, bindings[index]).map { Int32($0.index) }
            partial.append(
                bindings, rows: repeatElement(Int32(index), count: nodes.count), setting: start.variable, to: nodes)
            reached += nodes
            guard reached.count <= Self.partialMatchesHeld else { return nil }
        }
        for step in steps {
            // Read once per step: a node test read from its step for every node met is copied.
            let test = step.node
            let passesAll = step.reachesOnlyPassingNodes
            var longer = Bindings(width: partial.width)
            var longerReached: [Int32] = []
            // At least one each, as a step along a link that every node has gives.
            longer.reserveCapacity(partial.count)
            longerReached.reserveCapacity(partial.count)
            if passesAll {
                // Every node reached passes: the neighbours of all partial matches read at once.
                var from: [Int32] = []
                var next: [Int32] = []
                guard
                    try neighbourhood.distinctNeighbours(
                        of: reached, direction: step.direction, labelPosition: step.labelPosition, from: &from,
                        reached: &next, limit: Self.partialMatchesHeld, every4096: runner.context.checkCancelled)
                else { return nil }
                // A variable an earlier place bound keeps only the neighbours that are its node.
                if let variable = test.variable, from.contains(where: { partial.node(Int($0), variable) >= 0 }) {
                    let kept = from.indices.filter {
                        let bound = partial.node(Int(from[$0]), variable)
                        return bound < 0 || bound == next[$0]
                    }
                    (from, next) = (kept.map { from[$0] }, kept.map { next[$0] })
                }
                longer.append(partial, rows: from, setting: test.variable, to: next)
                longerReached = next
            } else {
                for index in 0..<partial.count {
                    if index % 4096 == 0 { try runner.context.checkCancelled() }
                    let bound = test.variable.map { partial.node(index, $0) } ?? -1
                    try forEachReachable(from: NodeID(index: Int(reached[index])), step) { node throws(Diagnostic) in
                        guard accepts(test, node, alreadyBound: bound) else { return }
                        longer.append(partial, index, setting: test.variable, to: Int32(node.index))
                        longerReached.append(Int32(node.index))
                    }
                    guard longerReached.count <= Self.partialMatchesHeld else { return nil }
                }
            }
            (partial, reached) = (longer, longerReached)
        }
        try counted(partial.count)
        return partial
    }
}
