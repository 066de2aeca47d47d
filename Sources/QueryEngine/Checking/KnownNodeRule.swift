import IncidentGraph
import QuerySyntax
import Spelling

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

    /// "No node has id", with the nearest id as a hint when the graph is small enough to look.
    static func problem(_ id: String, at span: SourceSpan, in graph: IncidentGraph) -> Diagnostic? {
        guard graph.node(id: id) == nil else { return nil }
        let suggestion =
            graph.nodeCount <= 50_000
            ? Spelling.suggestion(for: id, among: graph.allNodes.lazy.map { graph.id(of: $0) }) : nil
        return Diagnostic(
            code: .unknownNode, message: "no node has id `\(TextWidth.truncate(id, toWidth: 40))`", span: span,
            hint: suggestion.map { "did you mean `@\($0)`?" } ?? "Tab after @ completes ids")
    }
}
