import IncidentGraph
import PluginAPI
import QuerySyntax
import Spelling

/// `match` patterns: every binding of the pattern variables to nodes, patterns joined on the
/// variables they share. Candidates are tried in graph order and neighbours in node order, so
/// the rows come out in a defined order.
struct PatternMatcher {
    let runner: QueryRunner
    /// Most bindings a match may produce (each becomes a row; more would exhaust memory).
    static let maximumMatches = 1_000_000
    let graph: IncidentGraph
    let neighbourhood: Neighbourhood
    /// For property values that are not constants, worked out on each node.
    let compiler: ExpressionCompiler
    /// The `where`'s leading tests that read one variable's node each, by variable: tried on
    /// that variable's candidates as they are met (``WherePushdown``).
    private(set) var pushed: [Int: ExpressionCompiler.PushedTest] = [:]
    /// Whether the pushed tests are the whole `where` and none can fail.
    private(set) var pushedIsWhole = false

    init(runner: QueryRunner) {
        self.runner = runner
        graph = runner.context.graph
        neighbourhood = graph.neighbourhood()
        compiler = runner.compiler(columns: [], [:])
    }

    func match(_ patterns: [Pattern], where condition: Expression?, at span: SourceSpan) throws(Diagnostic) -> RowSet {
        var variables: [String] = []
        for pattern in patterns {
            for node in [pattern.start] + pattern.steps.map(\.node) {
                if let name = node.variable, !variables.contains(name) { variables.append(name) }
            }
        }
        var matcher = self
        if let condition {
            (matcher.pushed, matcher.pushedIsWhole) = compiler.pushedTests(of: condition, onOneOf: variables)
        }
        // Every node of a pattern is bound, its unnamed ones under names no statement can write
        // (after the named ones, and not shown): a match rests on all of its nodes.
        var unnamed: [String] = []
        func named(_ node: NodePattern) -> NodePattern {
            guard node.variable == nil else { return node }
            unnamed.append(" \(unnamed.count + 1)")
            return NodePattern(variable: unnamed.last, kind: node.kind, properties: node.properties, span: node.span)
        }
        let bound = patterns.map { pattern in
            Pattern(
                start: named(pattern.start),
                steps: pattern.steps.map { PatternStep(edge: $0.edge, node: named($0.node)) },
                span: pattern.span)
        }
        return try matcher.match(bound, variables: variables + unnamed, shown: variables.count, where: condition)
    }

    /// The matches of `patterns`, which bind `variables`, of which the first `shown` are the
    /// rows' columns.
    private func match(_ patterns: [Pattern], variables: [String], shown: Int, where condition: Expression?)
        throws(Diagnostic) -> RowSet
    {
        // Bindings one after the other, a node number per variable (-1: not bound yet).
        var bindings = Bindings(width: variables.count)
        bindings.append(Array(repeating: -1, count: variables.count))
        // The variables whose node tests worked out their part of the `where` on their nodes
        // already: the whole of it, when it was all pushed and every part so worked out.
        var answered: Set<Int> = []
        // The steps whose edges may be less firm than the nodes they join.
        var links: [Link] = []
        for (position, pattern) in patterns.enumerated() {
            try check(pattern)
            let start = try NodeTest(pattern.start, variables: variables, matcher: self, startsPattern: true)
            var steps: [Step] = []
            for step in pattern.steps { steps.append(try Step(step, variables: variables, matcher: self)) }
            links += linksToRead(from: start, steps)
            for test in [start] + steps.map(\.node) where test.answersWhere {
                if let variable = test.variable { answered.insert(variable) }
            }
            // The first pattern, when its first node is met far more often than another of its
            // nodes, is matched from that node outwards (the patterns after it go on from its
            // matches, in the order matching from its first node gives).
            if position == 0, let found = try matchesFromPivot(start, steps, width: variables.count) {
                bindings = found
                continue
            }
            if let found = try matchesStepByStep(start, steps, after: bindings) {
                bindings = found
                continue
            }
            var next = Bindings(width: variables.count)
            for index in 0..<bindings.count {
                try runner.context.checkCancelled()
                let binding = bindings[index]
                // One array for every candidate: `extend` puts back the variables it binds.
                var partial = binding
                for node in try candidates(start, binding) {
                    if let variable = start.variable { partial[variable] = Int32(node.index) }
                    try extend(&partial, at: node, steps: steps[...], into: &next)
                }
            }
            bindings = next
        }
        // A match rests on the least firm of the nodes it binds and of the edges that join them:
        // read from the bindings' node numbers, or from the rows a `where` kept.
        var tally = ProvenanceTally(noun: "pattern matches", singular: "pattern match")
        let origins = graph.origins()
        func weakestNode(_ nodes: some Sequence<Int32>) -> Provenance.Origin {
            nodes.reduce(.reported) {
                $1 < 0 ? $0 : ProvenanceTally.weaker($0, origins.origin(of: NodeID(index: Int($1))))
            }
        }
        let columns = Array(variables.prefix(shown))
        // Where the steps' edges may be less firm than their nodes, or the pattern has nodes
        // it does not show, what each match rests on beyond the nodes it shows is kept for the
        // stages after it.
        var beyond = links.isEmpty && shown == variables.count ? nil : MatchOrigins(columns: columns)
        let ways = WaysFromStarts()
        func weakest(_ nodes: some Collection<Int32>) throws(Diagnostic) -> Provenance.Origin {
            guard beyond != nil else { return weakestNode(nodes) }
            let numbers = Array(nodes)
            let unshown = ProvenanceTally.weaker(
                weakestNode(numbers[shown...]), try origin(of: links, ways: ways) { numbers[$0] })
            beyond?.note(Array(numbers.prefix(shown)), unshown)
            return ProvenanceTally.weaker(weakestNode(numbers.prefix(shown)), unshown)
        }
        let whereAnswered = pushedIsWhole && answered.isSuperset(of: pushed.keys)
        if let condition, !whereAnswered {
            // Filtered with every node in its row, so that the matches kept are counted by all
            // of their nodes; then shown without the unnamed ones.
            let all = RowSet(
                columns: variables, nodeNumbers: bindings.numbers, width: variables.count,
                make: Self.rows(in: graph, showing: variables.count))
            let kept = try runner.apply(Stage(.filter(condition), condition.span), to: all, variables: [:])
            for row in kept.rows {
                tally.add(
                    try weakest(
                        row.values.lazy.map {
                            if case .node(let reference) = $0 { Int32(reference.node.index) } else { -1 }
                        }))
            }
            var rows =
                shown == variables.count
                ? kept
                : RowSet(
                    columns: columns, rows: kept.rows.map { Row(node: nil, values: Array($0.values.prefix(shown))) },
                    carriesNodes: false)
            rows.rest(eachRowOn: tally)
            rows.matchOrigins = beyond ?? Self.nodesAlone(columns, tally)
            return rows
        }
        // Without edges to read, by the nodes alone in one pass that cannot fail.
        if beyond == nil {
            for origin in bindings.map(weakestNode) { tally.add(origin) }
        } else {
            for index in 0..<bindings.count { tally.add(try weakest(bindings.numbers(of: index))) }
        }
        // The rows are made when first read: `count` or `count by o.name` reads the numbers.
        var rows = RowSet(
            columns: columns, nodeNumbers: bindings.numbers, width: variables.count,
            make: Self.rows(in: graph, showing: shown))
        rows.rest(eachRowOn: tally)
        rows.matchOrigins = beyond ?? Self.nodesAlone(columns, tally)
        return rows
    }

    /// What matches that rest on the nodes of `columns` alone rest on, `tally` counting them: a
    /// row that no longer shows all of those nodes is taken to rest on the least firm of them.
    private static func nodesAlone(_ columns: [String], _ tally: ProvenanceTally) -> MatchOrigins {
        let leastFirm = Provenance.Origin.allCases.filter { tally.count(of: $0) > 0 }.reduce(
            Provenance.Origin.reported, ProvenanceTally.weaker)
        return MatchOrigins(columns: columns, restingOnTheirNodesAlone: leastFirm)
    }

    /// Makes the rows of bindings `width` node numbers wide: the nodes of the first `shown`.
    private static func rows(in graph: IncidentGraph, showing shown: Int)
        -> @Sendable (ArraySlice<Int32>, Int) -> [Row]
    {
        { numbers, width in
            stride(from: numbers.startIndex, to: numbers.endIndex, by: width).map { start in
                Row(
                    node: nil,
                    values: numbers[start..<start + shown].map {
                        $0 < 0 ? .null : graph.reference(to: NodeID(index: Int($0)))
                    })
            }
        }
    }

    private func extend(
        _ binding: inout [Int32], at node: NodeID, steps: ArraySlice<Step>, into results: inout Bindings
    ) throws(Diagnostic) {
        guard let step = steps.first else {
            results.append(binding)
            try counted(results.count)
            return
        }
        try forEachReachable(from: node, step) { reached throws(Diagnostic) in
            guard accepts(step.node, reached, binding) else { return }
            let before = step.node.variable.map { binding[$0] }
            if let variable = step.node.variable { binding[variable] = Int32(reached.index) }
            try extend(&binding, at: reached, steps: steps.dropFirst(), into: &results)
            if let variable = step.node.variable, let before { binding[variable] = before }
        }
    }

    /// Checked while the bindings are built, before they fill memory.
    func counted(_ matches: Int) throws(Diagnostic) {
        guard matches <= Self.maximumMatches else {
            throw Diagnostic(
                code: .tooManyRows,
                message: "the pattern matches more than \(Self.maximumMatches) times",
                span: nil, hint: "give the nodes kinds or properties to narrow it")
        }
        if matches % 4096 == 0 { try runner.context.checkCancelled() }
    }

    /// Calls `body` with each node reached in the step's hops along edges with its label, each
    /// once, in node order; the start itself when the range begins at 0 (`-[:linked_to*0..2]-`,
    /// as in Cypher).
    func forEachReachable(from start: NodeID, _ step: Step, _ body: (NodeID) throws(Diagnostic) -> Void)
        throws(Diagnostic)
    {
        guard step.hops == 1...1 else {
            for reached in try reachable(from: start, step) { try body(reached) }
            return
        }
        // One hop: the neighbours, read from the adjacency without a set, and without an array
        // for the one neighbour a node has over a single-valued link.
        var only: Int32 = -1
        var several: [Int32] = []
        neighbourhood.forEachNeighbour(of: start, direction: step.direction, labelPosition: step.labelPosition) {
            node, _, _ in
            if only < 0, several.isEmpty {
                only = Int32(node.index)
            } else {
                if several.isEmpty { several.append(only) }
                several.append(Int32(node.index))
            }
        }
        guard !several.isEmpty else {
            if only >= 0 { try body(NodeID(index: Int(only))) }
            return
        }
        several.sort()
        var previous: Int32 = -1
        for node in several where node != previous {
            previous = node
            try body(NodeID(index: Int(node)))
        }
    }

    /// Nodes reached in more than one hop, each once, in node order (``forEachReachable(from:_:_:)``).
    private func reachable(from start: NodeID, _ step: Step) throws(Diagnostic) -> [NodeID] {
        var frontier = [start]
        var visited: Set<NodeID> = [start]
        var reached: Set<NodeID> = step.hops.lowerBound == 0 ? [start] : []
        for hop in 1...step.hops.upperBound {
            try runner.context.checkCancelled()
            var next: [NodeID] = []
            for node in frontier {
                for neighbour in graph.neighbours(of: node, direction: step.direction, label: step.label)
                where visited.insert(neighbour).inserted {
                    next.append(neighbour)
                }
            }
            if hop >= step.hops.lowerBound { reached.formUnion(next) }
            frontier = next
            if frontier.isEmpty { break }
        }
        return reached.sorted()
    }

    func candidates(_ test: NodeTest, _ binding: [Int32]) throws(Diagnostic) -> [NodeID] {
        if let variable = test.variable, binding[variable] >= 0 {
            let bound = NodeID(index: Int(binding[variable]))
            return accepts(test, bound, binding) ? [bound] : []
        }
        if let passing = test.passing, let kind = test.kind {
            return graph.nodeNumbers(ofKindAt: kind).compactMap { passing[Int($0)] ? NodeID(index: Int($0)) : nil }
        }
        if let kind = test.kind, test.testsOnlyKind {
            return graph.nodeNumbers(ofKindAt: kind).map { NodeID(index: Int($0)) }
        }
        let nodes = test.kindName.map { graph.nodes(ofKind: $0) } ?? graph.allNodes
        return nodes.filter { accepts(test, $0, binding) }
    }

    func accepts(_ test: NodeTest, _ node: NodeID, _ binding: [Int32]) -> Bool {
        accepts(test, node, alreadyBound: test.variable.map { binding[$0] } ?? -1)
    }

    /// Whether a node may be bound by a test whose variable is bound to `bound` already (-1:
    /// not bound, or no variable): that node, if it is, and one that passes the test.
    func accepts(_ test: NodeTest, _ node: NodeID, alreadyBound bound: Int32) -> Bool {
        if bound >= 0, bound != Int32(node.index) { return false }
        if let passing = test.passing { return passing[node.index] }
        return passes(test, node)
    }

    /// Whether a node passes a test, whatever the variables are bound to.
    func passes(_ test: NodeTest, _ node: NodeID) -> Bool {
        if test.kindName != nil, test.kind != graph.kindIndex(of: node) { return false }
        if let whereTest = test.whereTest, case .bool(false)? = try? whereTest(Row(node: node, values: [])) {
            return false
        }
        for (constraint, constant, read) in test.properties {
            guard let wanted = constant ?? (try? compiler.value(of: constraint.value, on: Row(node: node, values: []))),
                ValueOrder.equal(read(node), wanted) == true
            else { return false }
        }
        return true
    }

    /// Kinds and labels in the pattern must exist.
    private func check(_ pattern: Pattern) throws(Diagnostic) {
        let schema = graph.schema
        for node in [pattern.start] + pattern.steps.map(\.node) {
            if let kind = node.kind, schema.kindPosition(of: kind) == nil {
                throw Diagnostic(
                    code: .unknownKind, message: "unknown node kind `\(kind)`", span: node.span,
                    hint: Spelling.suggestion(for: kind, among: schema.kinds.map(\.name)).map {
                        "did you mean `\($0)`?"
                    })
            }
        }
        for step in pattern.steps {
            if let label = step.edge.label, schema.labelPosition(of: label) == nil {
                throw Diagnostic(
                    code: .unknownLabel, message: "unknown edge label `\(label)`", span: step.edge.span,
                    hint: Spelling.suggestion(for: label, among: schema.edgeLabels.map(\.name)).map {
                        "did you mean `\($0)`?"
                    })
            }
        }
    }
}
