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
        let known = context.registry.functions.map(\.definition.name) + context.state.functions.keys
        let suggestion =
            Self.namesElsewhere[name.lowercased()].flatMap { known.contains($0) ? $0 : nil }
            ?? Spelling.suggestion(for: name, among: known)
        return Diagnostic(
            code: .unknownFunction, message: "unknown function `\(name)`", span: expression.span,
            hint: suggestion.map { "did you mean `\($0)`?" })
    }

    /// What other query languages and spreadsheets call some of the built-in functions, too far
    /// in spelling for a suggestion (`length` is three letters from `len`).
    private static let namesElsewhere = [
        "length": "len", "strlen": "len", "char_length": "len", "lowercase": "lower", "tolower": "lower",
        "lcase": "lower", "uppercase": "upper", "toupper": "upper", "ucase": "upper", "strip": "trim",
        "ifnull": "coalesce", "nvl": "coalesce", "datediff": "days_between",
        "dayofweek": "weekday", "weekofyear": "week", "to_date": "date", "ceiling": "ceil",
    ]
}
