import QuerySyntax

/// `x => …` is only an argument of a call (`any(malware, m => …)`); the checker reads such an
/// argument's body, so a lambda this rule is shown stands anywhere else.
struct LambdaPlacementRule: CheckRule {
    func problem(of expression: Expression, in scope: CheckScope) -> Diagnostic? {
        guard case .lambda = expression.kind else { return nil }
        return Diagnostic(
            code: .lambdaOutsideQuantifier, message: "`x => …` can only be an argument of any() or all()",
            span: expression.span)
    }
}
