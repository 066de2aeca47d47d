import QuerySyntax
import Spelling

/// A pattern's node kinds (`(i:incident)`) are kinds of the graph's schema.
struct KnownKindRule: CheckRule {
    func problems(of source: Source, in scope: CheckScope) -> [Diagnostic] {
        guard case .match(let patterns, _) = source.kind else { return [] }
        let schema = scope.context.graph.schema
        return patterns.flatMap { [$0.start] + $0.steps.map(\.node) }.compactMap { node in
            guard let kind = node.kind, schema.kindPosition(of: kind) == nil else { return nil }
            return Diagnostic(
                code: .unknownKind, message: "unknown node kind `\(kind)`", span: node.span,
                hint: Spelling.suggestion(for: kind, among: schema.kinds.map(\.name)).map { "did you mean `\($0)`?" })
        }
    }
}
