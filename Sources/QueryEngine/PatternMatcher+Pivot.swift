import IncidentGraph
import QuerySyntax

/// Matching one pattern from a node of it that few nodes pass, outwards both ways: a pattern
/// that starts at a million incidents and ends at one sector is walked from the sector.
extension PatternMatcher {
    /// The matches of a pattern of one-hop steps, found from its node with the fewest
    /// candidates when that one has far fewer than the first, and put in the order matching
    /// from the first node gives (by the node at each place of the pattern, in turn); nil when
    /// the first node is the one to start from.
    func matchesFromPivot(_ start: NodeTest, _ steps: [Step], width: Int) throws(Diagnostic) -> Bindings? {
        guard !steps.isEmpty, steps.allSatisfy({ $0.hops == 1...1 }) else { return nil }
        let tests = [start] + steps.map(\.node)
        let estimates = tests.map(candidateEstimate)
        guard let pivot = estimates.indices.min(by: { estimates[$0] < estimates[$1] }), pivot > 0,
            estimates[pivot] * 4 < estimates[0], candidatesInNodeOrder(start)
        else { return nil }
        // Each place's step from the place before it in the walk: back towards the first
        // node, then on from the pivot to the last.
        var walk: [(place: Int, from: Int, step: Step)] = []
        for place in stride(from: pivot - 1, through: 0, by: -1) {
            walk.append((place, place + 1, steps[place].backwards(to: tests[place], in: graph.schema)))
        }
        for place in pivot + 1..<tests.count { walk.append((place, place - 1, steps[place - 1])) }
        // Walking from the pivot pays when it passes over many of the first node's candidates,
        // not when its way back reaches about as many of them (every incident's one target,
        // from the orgs; every incident of every org, from the sectors): the matches would
        // then only be found in another order.
        let pivotNodes = try candidates(tests[pivot], Array(repeating: -1, count: width))
        let reached = reachedBack(from: pivotNodes, along: walk.prefix(pivot), fewerThan: estimates[0])
        guard estimates[0] > 2 * reached + pivotNodes.count else { return nil }
        var found = Matches(places: tests.count, width: width)
        var chain = [Int32](repeating: -1, count: tests.count)
        // One binding for every pivot node: the walk puts back the variables it binds.
        var binding = [Int32](repeating: -1, count: width)
        for node in pivotNodes {
            if let variable = tests[pivot].variable { binding[variable] = Int32(node.index) }
            chain[pivot] = Int32(node.index)
            try walkOn(walk[...], chain: &chain, binding: &binding, into: &found)
        }
        return found.inPatternOrder(nodeCount: graph.nodeCount)
    }

    /// About how many nodes the walk's steps back from the pivot reach at the first place of
    /// the pattern: the distinct nodes reached at each place between (those a node test is
    /// known to pass), then the last step's neighbours counted, not visited; `limit` once that
    /// many are met at a place.
    private func reachedBack(
        from pivotNodes: [NodeID], along back: ArraySlice<(place: Int, from: Int, step: Step)>, fewerThan limit: Int
    ) -> Int {
        var nodes = pivotNodes.map { Int32($0.index) }
        for (index, walked) in back.enumerated() {
            let step = walked.step
            guard index < back.count - 1 else {
                return nodes.reduce(0) {
                    $0
                        + neighbourhood.count(
                            of: NodeID(index: Int($1)), direction: step.direction, labelPosition: step.labelPosition)
                }
            }
            var met = NodeMarks(count: graph.nodeCount)
            var next: [Int32] = []
            for node in nodes {
                neighbourhood.forEachNeighbour(
                    of: NodeID(index: Int(node)), direction: step.direction, labelPosition: step.labelPosition
                ) { reached, _, _ in
                    let number = Int32(reached.index)
                    guard step.node.passing?[reached.index] ?? true, met.insert(number) else { return }
                    next.append(number)
                }
                if next.count >= limit { return limit }
            }
            nodes = next
        }
        return 0
    }

    /// Follows the rest of the walk from the places bound in `chain`.
    private func walkOn(
        _ walk: ArraySlice<(place: Int, from: Int, step: Step)>, chain: inout [Int32], binding: inout [Int32],
        into found: inout Matches
    ) throws(Diagnostic) {
        guard let next = walk.first else {
            found.append(chain: chain, binding: binding)
            try counted(found.count)
            return
        }
        let from = NodeID(index: Int(chain[next.from]))
        // The node test read out of the step once, not once per node reached; a step that
        // reaches only nodes passing it checks the variable's binding alone.
        let test = next.step.node
        let reachesOnlyPassingNodes = next.step.reachesOnlyPassingNodes
        try forEachReachable(from: from, next.step) { reached throws(Diagnostic) in
            let bound = test.variable.map { binding[$0] } ?? -1
            guard
                reachesOnlyPassingNodes
                    ? bound < 0 || bound == Int32(reached.index) : accepts(test, reached, alreadyBound: bound)
            else { return }
            if let variable = test.variable { binding[variable] = Int32(reached.index) }
            chain[next.place] = Int32(reached.index)
            try walkOn(walk.dropFirst(), chain: &chain, binding: &binding, into: &found)
            if let variable = test.variable { binding[variable] = bound }
        }
    }

    /// About how many nodes pass a node test: as many as do when they were worked out, else
    /// its kind's nodes, fewer when properties are given.
    private func candidateEstimate(_ test: NodeTest) -> Int {
        if let passingCount = test.passingCount { return passingCount }
        let nodes = test.kindName.map { graph.nodeCount(ofKind: $0) } ?? graph.nodeCount
        return test.properties.isEmpty && test.whereTest == nil ? nodes : nodes / 8
    }

    /// Whether the first node's candidates come in node order (a kind's nodes do unless the
    /// graph was put together otherwise): the order the matches are put back in.
    private func candidatesInNodeOrder(_ test: NodeTest) -> Bool {
        guard let kind = test.kind else { return test.kindName == nil }
        let numbers = graph.nodeNumbers(ofKindAt: kind)
        return zip(numbers, numbers.dropFirst()).allSatisfy { $0 < $1 }
    }

    /// Matches found from a pivot: the node at each place of the pattern and the variables'
    /// binding, one after the other.
    private struct Matches {
        let places: Int
        let width: Int
        private var chains: [Int32] = []
        private var bindings: [Int32] = []
        private(set) var count = 0

        init(places: Int, width: Int) {
            (self.places, self.width) = (places, width)
        }

        mutating func append(chain: [Int32], binding: [Int32]) {
            for node in chain { chains.append(node) }
            for node in binding { bindings.append(node) }
            count += 1
        }

        /// The bindings ordered by the node at the first place, then the second, and so on.
        func inPatternOrder(nodeCount: Int) -> Bindings {
            laidOut(in: countedOrder(nodeCount: nodeCount))
        }

        /// The matches' order counted out by the first place's node, the few sharing one
        /// sorted by the rest.
        private func countedOrder(nodeCount: Int) -> [Int32] {
            var starts = [Int32](repeating: 0, count: nodeCount + 1)
            for match in 0..<count { starts[Int(chains[match * places]) + 1] += 1 }
            for node in 0..<nodeCount { starts[node + 1] += starts[node] }
            var order = [Int32](repeating: 0, count: count)
            var next = starts
            for match in 0..<count {
                let node = Int(chains[match * places])
                order[Int(next[node])] = Int32(match)
                next[node] += 1
            }
            for node in 0..<nodeCount where starts[node + 1] - starts[node] > 1 {
                order[Int(starts[node])..<Int(starts[node + 1])].sort { a, b in
                    let (a, b) = (Int(a), Int(b))
                    for place in 1..<places where chains[a * places + place] != chains[b * places + place] {
                        return chains[a * places + place] < chains[b * places + place]
                    }
                    return false
                }
            }
            return order
        }

        /// The bindings in `order`, each match's numbers copied to their place in one pass.
        private func laidOut(in order: [Int32]) -> Bindings {
            let width = width
            let numbers = [Int32](unsafeUninitializedCapacity: count * width) { sorted, written in
                bindings.withUnsafeBufferPointer { bindings in
                    for (place, match) in order.enumerated() {
                        for offset in 0..<width {
                            sorted[place * width + offset] = bindings[Int(match) * width + offset]
                        }
                    }
                }
                written = count * width
            }
            return Bindings(width: width, numbers: numbers, count: count)
        }
    }
}
