import QuerySyntax

/// No comparison with the literal `null`: it is `null` whatever the other side holds, so `where
/// lure == null` would keep no row — and say nothing of the incidents that have no lure.
struct NullComparisonRule: CheckRule {
    private static let comparisons: Set<BinaryOperator> = [
        .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual,
    ]

    func problem(of expression: Expression, in scope: CheckScope) -> Diagnostic? {
        guard case .binary(let op, let left, let right) = expression.kind, Self.comparisons.contains(op),
            left.kind == .literal(.null) || right.kind == .literal(.null)
        else { return nil }
        let subject = left.kind == .literal(.null) ? right : left
        let written = subject.kind == .literal(.null) ? "x" : scope.runner.text(subject.span)
        let test = op == .notEqual ? "is not null" : "is null"
        return Diagnostic(
            code: .nullComparison, message: "a comparison with `null` is null whatever `\(written)` holds",
            span: expression.span, hint: "to test for a missing value, write `\(written) \(test)`")
    }
}
