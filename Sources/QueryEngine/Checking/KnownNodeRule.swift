import IncidentGraph
import QuerySyntax

/// Every `@id`, as a source, a path's ends or a value, names a node of the graph.
struct KnownNodeRule: CheckRule {
    func problems(of source: Source, in scope: CheckScope) -> [Diagnostic] {
        let graph = scope.context.graph
        switch source.kind {
        case .node(let id): return [Self.problem(id, at: source.span, in: graph)].compactMap { $0 }
        case .path(let from, let to, _, _):
            return [from, to].compactMap { Self.problem($0, at: source.span, in: graph) }
        case .name, .match: return []
        }
    }

    func problem(of expression: Expression, in scope: CheckScope) -> Diagnostic? {
        guard case .node(let id) = expression.kind else { return nil }
        return Self.problem(id, at: expression.span, in: scope.context.graph)
    }

    /// ``Semantics/unknownNode(_:at:in:)`` when no node has `id`.
    static func problem(_ id: String, at span: SourceSpan, in graph: IncidentGraph) -> Diagnostic? {
        graph.node(id: id) == nil ? Semantics.unknownNode(id, at: span, in: graph) : nil
    }
}
