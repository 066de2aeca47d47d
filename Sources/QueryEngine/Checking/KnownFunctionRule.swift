import QuerySyntax
import Spelling

/// A call names a function — built in, a plugin's or a `def fn` — and not an aggregate, which
/// only `summarize` takes.
struct KnownFunctionRule: CheckRule {
    func problem(of expression: Expression, in scope: CheckScope) -> Diagnostic? {
        guard case .call(let name, let arguments) = expression.kind else { return nil }
        let context = scope.context
        guard context.registry.function(named: name) == nil, context.state.functions[name] == nil else { return nil }
        if Semantics.aggregateNames.contains(name) || context.registry.aggregate(named: name) != nil {
            return Diagnostic(
                code: .aggregateOutsideSummarize, message: "`\(name)()` is an aggregate: use it in `summarize`",
                span: expression.span, hint: "incidents | summarize \(name)(…) by …")
        }
        return Self.unknown(name, arguments, at: expression.span, context) { scope.runner.text($0.span) }
    }

    /// The diagnostic for a call of a function there is none of: a near name or another
    /// language's name for one (an aggregate's too: `medain` is a typo in a `summarize` more
    /// often than not), the operator another language's function is here (written with the
    /// call's operands, as `text` gives them), or the aggregates there are.
    static func unknown(
        _ name: String, _ arguments: [Expression], at span: SourceSpan, _ context: EvaluationContext,
        text: (Expression) -> String
    ) -> Diagnostic {
        let aggregates = Semantics.aggregateNames + context.registry.aggregates.map(\.definition.name)
        let known = context.registry.functions.map(\.definition.name) + context.state.functions.keys + aggregates
        let lowered = name.lowercased()
        let suggestion =
            namesElsewhere[lowered].flatMap { known.contains($0) ? $0 : nil }
            ?? Spelling.suggestion(for: name, among: known)
        let hint =
            suggestion.map { "did you mean `\($0)`?" }
            ?? operatorsElsewhere[lowered].map { op in
                let operands = arguments.count == 2 ? arguments.map(text) : ["A", "B"]
                return "here it is an operator: `\(operands[0]) \(op) \(operands[1])`"
            }
            ?? (aggregatesElsewhere.contains(lowered)
                ? "the aggregates of `summarize` are \(aggregates.map { "`\($0)`" }.joined(separator: ", "))" : nil)
        return Diagnostic(code: .unknownFunction, message: "unknown function `\(name)`", span: span, hint: hint)
    }

    /// What other query languages and spreadsheets call some of the built-in functions, too far
    /// in spelling for a suggestion (`length` is three letters from `len`).
    private static let namesElsewhere = [
        "length": "len", "strlen": "len", "char_length": "len", "lowercase": "lower", "tolower": "lower",
        "lcase": "lower", "uppercase": "upper", "toupper": "upper", "ucase": "upper", "strip": "trim",
        "ifnull": "coalesce", "nvl": "coalesce", "datediff": "days_between",
        "dayofweek": "weekday", "weekofyear": "week", "to_date": "date", "ceiling": "ceil",
        "mean": "avg", "average": "avg", "cnt": "count", "count_distinct": "distinct_count",
        "nunique": "distinct_count", "array_agg": "collect", "group_concat": "collect", "list": "collect",
    ]

    /// What other query languages call functions that are operators here.
    private static let operatorsElsewhere = [
        "starts_with": "starts with", "startswith": "starts with", "ends_with": "ends with",
        "endswith": "ends with", "contains": "contains", "regexp_like": "~", "regexp_matches": "~",
        "matches": "~", "like": "~",
    ]

    /// Aggregates of other query languages that have no counterpart here: the hint lists the ones
    /// there are.
    private static let aggregatesElsewhere: Set = [
        "percentile", "quantile", "percentile_cont", "percentile_disc", "stddev", "stdev", "variance", "var",
        "mode",
    ]
}
