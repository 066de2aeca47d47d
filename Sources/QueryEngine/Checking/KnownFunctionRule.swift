import QuerySyntax
import Spelling

/// A call names a function — built in, a plugin's or a `def fn` — and not an aggregate, which
/// only `summarize` takes.
struct KnownFunctionRule: CheckRule {
    func problem(of expression: Expression, in scope: CheckScope) -> Diagnostic? {
        guard case .call(let name, _) = expression.kind else { return nil }
        let context = scope.context
        guard context.registry.function(named: name) == nil, context.state.functions[name] == nil else { return nil }
        if Semantics.aggregateNames.contains(name) || context.registry.aggregate(named: name) != nil {
            return Diagnostic(
                code: .aggregateOutsideSummarize, message: "`\(name)()` is an aggregate: use it in `summarize`",
                span: expression.span, hint: "incidents | summarize \(name)(…) by …")
        }
        return Diagnostic(
            code: .unknownFunction, message: "unknown function `\(name)`", span: expression.span,
            hint: Spelling.suggestion(
                for: name, among: context.registry.functions.map(\.definition.name) + context.state.functions.keys
            )
            .map { "did you mean `\($0)`?" })
    }
}
