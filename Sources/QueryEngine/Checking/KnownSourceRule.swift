import QuerySyntax

/// A source named by a word is a kind (`incidents`, `incident`), `nodes`, `edges` or a name
/// bound with `let`.
struct KnownSourceRule: CheckRule {
    func problems(of source: Source, in scope: CheckScope) -> [Diagnostic] {
        guard case .name(let name) = source.kind, scope.context.state.bindings[name] == nil,
            name != "edges", name != "nodes", scope.context.graph.schema.kind(named: name) == nil
        else { return [] }
        return [scope.runner.unknownSource(name, at: source.span)]
    }
}
