import IncidentGraph
import PluginAPI
import QuerySyntax
import Spelling

/// Producing the rows of a query's source.
extension QueryRunner {
    /// The rows of every node of the kind at schema position `position`, as a scan of the kind
    /// makes them: made once per graph and kind, and shared (a statement that changes its rows
    /// copies them).
    func kindRows(_ position: Int) -> RowSet {
        let graph = context.graph
        return graph.derived("rows of kind " + graph.schema.kinds[position].name) {
            RowSet.kindTable(position, of: graph)
        }
    }

    func rows(of source: Source) throws(Diagnostic) -> RowSet {
        let graph = context.graph
        switch source.kind {
        case .node(let id):
            guard let node = graph.node(id: id) else { throw Semantics.unknownNode(id, at: source.span, in: graph) }
            return .nodes([node])
        case .name(let name):
            if let bound = context.state.bindings[name] { return bound }
            if name == "nodes" {
                let count = Int32(graph.nodeCount)
                return graph.derived("rows of every node") { .distinctNodes(numbered: Array(0..<count)) }
            }
            if name == "edges" { return try edges() }
            guard let kind = graph.schema.kind(named: name), let position = graph.schema.kindPosition(of: kind.name)
            else { throw unknownSource(name, at: source.span) }
            return kindRows(position)
        case .match(let patterns, let condition):
            return try PatternMatcher(runner: self).match(patterns, where: condition, at: source.span)
        case .path(let from, let to, let via, let maximum):
            let start = try node(from, at: source.span)
            let goal = try node(to, at: source.span)
            var finder = PathFinder(runner: self)
            let steps = try finder.shortestPath(
                from: start, to: goal, via: via, maximum: maximum ?? PathFinder.defaultMaximum, at: source.span)
            return RowSet(
                columns: ["step", "node", "kind", "reached by"],
                rows: (steps ?? []).enumerated().map { index, step in
                    Row(
                        node: nil,
                        values: [
                            .int(index), context.value(of: step.node), .string(graph.kind(of: step.node).name),
                            step.edge.map(Value.string) ?? .null,
                        ])
                },
                carriesNodes: false)
        }
    }

    /// The error for a source name that is no kind, binding, `nodes` or `edges`.
    func unknownSource(_ name: String, at span: SourceSpan) -> Diagnostic {
        let graph = context.graph
        let names =
            graph.schema.kinds.flatMap { [$0.name, $0.plural] } + ["nodes", "edges"] + context.state.bindings.keys
        return Diagnostic(
            code: .unknownSource, message: "unknown source `\(TextWidth.truncate(name, toWidth: 40))`", span: span,
            hint: Spelling.suggestion(for: name, among: names).map { "did you mean `\($0)`?" }
                ?? "sources are the node kinds (:schema lists them), `nodes`, `edges`, `let` names and `@id`")
    }

    private func node(_ id: String, at span: SourceSpan) throws(Diagnostic) -> NodeID {
        guard let node = context.graph.node(id: id) else {
            throw Semantics.unknownNode(id, at: span, in: context.graph)
        }
        return node
    }

    private func edges() throws(Diagnostic) -> RowSet {
        try EdgeScan(runner: self).rows()
    }
}
