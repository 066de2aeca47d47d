import IncidentGraph
import PluginAPI
import QuerySyntax
import Spelling

/// `match` patterns: every binding of the pattern variables to nodes, patterns joined on the
/// variables they share. Candidates are tried in graph order and neighbours in node order, so
/// the rows come out in a defined order.
struct PatternMatcher {
    let runner: QueryRunner
    /// Most bindings a match may produce (each is a small dictionary; more would exhaust memory).
    static let maximumMatches = 1_000_000
    private var graph: IncidentGraph { runner.context.graph }

    func match(_ patterns: [Pattern], where condition: Expression?, at span: SourceSpan) throws(Diagnostic) -> RowSet {
        var variables: [String] = []
        for pattern in patterns {
            for node in [pattern.start] + pattern.steps.map(\.node) {
                if let name = node.variable, !variables.contains(name) { variables.append(name) }
            }
        }
        var bindings: [[String: NodeID]] = [[:]]
        for pattern in patterns {
            try check(pattern)
            var next: [[String: NodeID]] = []
            for binding in bindings {
                try runner.context.checkCancelled()
                for start in try candidates(pattern.start, binding) {
                    var partial = binding
                    if let name = pattern.start.variable { partial[name] = start }
                    try extend(partial, at: start, steps: pattern.steps[...], into: &next)
                }
            }
            bindings = next
        }
        var rows = RowSet(
            columns: variables,
            rows: bindings.map { binding in
                Row(node: nil, values: variables.map { name in binding[name].map(runner.context.value(of:)) ?? .null })
            },
            carriesNodes: false)
        if let condition {
            rows = try runner.apply(Stage(.filter(condition), condition.span), to: rows, variables: [:])
        }
        // A match rests on the least firm of the nodes it binds.
        var tally = ProvenanceTally(noun: "pattern matches")
        for row in rows.rows {
            tally.add(
                ProvenanceTally.weakest(
                    row.values.compactMap { value in
                        if case .node(let reference) = value { graph.origin(of: reference.node) } else { nil }
                    }))
        }
        rows.computedFrom = tally
        return rows
    }

    private func extend(
        _ binding: [String: NodeID], at node: NodeID, steps: ArraySlice<PatternStep>,
        into results: inout [[String: NodeID]]
    ) throws(Diagnostic) {
        guard let step = steps.first else {
            results.append(binding)
            // Checked while the bindings are built, before they fill memory.
            guard results.count <= Self.maximumMatches else {
                throw Diagnostic(
                    code: .tooManyRows,
                    message: "the pattern matches more than \(Self.maximumMatches) times",
                    span: nil, hint: "give the nodes kinds or properties to narrow it")
            }
            if results.count % 4096 == 0 { try runner.context.checkCancelled() }
            return
        }
        let way: Direction = step.edge.direction == .out ? .out : step.edge.direction == .in ? .in : .both
        for reached in try reachable(from: node, way, step.edge.label, step.edge.hops)
        where accepts(step.node, reached, binding) {
            var next = binding
            if let name = step.node.variable { next[name] = reached }
            try extend(next, at: reached, steps: steps.dropFirst(), into: &results)
        }
    }

    /// Nodes reached in `hops` steps along edges with the label, each once, in node order; the
    /// start itself when the range begins at 0 (`-[:linked_to*0..2]-`, as in Cypher).
    private func reachable(from start: NodeID, _ way: Direction, _ label: String?, _ hops: ClosedRange<Int>)
        throws(Diagnostic) -> [NodeID]
    {
        var frontier = [start]
        var visited: Set<NodeID> = [start]
        var reached: Set<NodeID> = hops.lowerBound == 0 ? [start] : []
        for step in 1...hops.upperBound {
            try runner.context.checkCancelled()
            var next: [NodeID] = []
            for node in frontier {
                for neighbour in graph.neighbours(of: node, direction: way, label: label)
                where visited.insert(neighbour).inserted {
                    next.append(neighbour)
                }
            }
            if step >= hops.lowerBound { reached.formUnion(next) }
            frontier = next
            if frontier.isEmpty { break }
        }
        return reached.sorted()
    }

    private func candidates(_ pattern: NodePattern, _ binding: [String: NodeID]) throws(Diagnostic) -> [NodeID] {
        if let name = pattern.variable, let bound = binding[name] {
            return accepts(pattern, bound, binding) ? [bound] : []
        }
        let nodes = pattern.kind.map { graph.nodes(ofKind: $0) } ?? graph.allNodes
        return nodes.filter { accepts(pattern, $0, binding) }
    }

    private func accepts(_ pattern: NodePattern, _ node: NodeID, _ binding: [String: NodeID]) -> Bool {
        if let name = pattern.variable, let bound = binding[name], bound != node { return false }
        if let kind = pattern.kind, graph.kind(of: node).name != kind { return false }
        let semantics = Semantics(context: runner.context)
        let compiler = runner.compiler(columns: [], [:])
        for constraint in pattern.properties {
            guard let wanted = try? compiler.value(of: constraint.value, on: Row(node: node, values: [])),
                ValueOrder.equal(semantics.nodeField(node, constraint.name), wanted) == true
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
