import QuerySyntax

/// A literal stands for a value that exists: no 2023-02-30, no month 13.
struct LiteralValueRule: CheckRule {
    func problem(of expression: Expression, in scope: CheckScope) -> Diagnostic? {
        guard case .literal(let literal) = expression.kind else { return nil }
        do {
            _ = try Semantics.value(of: literal, at: expression.span)
            return nil
        } catch {
            return error
        }
    }
}
