import QuerySyntax
import Spelling

/// Every edge label — of a pattern's edges, a path's `via`, a traversal — is one of the
/// graph's schema.
struct KnownLabelRule: CheckRule {
    func problems(of source: Source, in scope: CheckScope) -> [Diagnostic] {
        switch source.kind {
        case .path(_, _, let via, _):
            return via.compactMap { problem($0, at: source.span, in: scope) }
        case .match(let patterns, _):
            return patterns.flatMap(\.steps).compactMap { step in
                step.edge.label.flatMap { problem($0, at: step.edge.span, in: scope) }
            }
        case .name, .node:
            return []
        }
    }

    func problems(of stage: Stage, endsQuery: Bool, in scope: CheckScope) -> [Diagnostic] {
        switch stage.kind {
        case .traverse(_, let label, _):
            return [label.flatMap { problem($0, at: stage.span, in: scope) }].compactMap { $0 }
        case .path(_, let via, _): return via.compactMap { problem($0, at: stage.span, in: scope) }
        default: return []
        }
    }

    private func problem(_ label: String, at span: SourceSpan, in scope: CheckScope) -> Diagnostic? {
        let schema = scope.context.graph.schema
        guard schema.labelPosition(of: label) == nil else { return nil }
        return Diagnostic(
            code: .unknownLabel, message: "unknown edge label `\(label)`", span: span,
            hint: Spelling.suggestion(for: label, among: schema.edgeLabels.map(\.name)).map { "did you mean `\($0)`?" }
                ?? ":schema lists the edge labels")
    }
}
