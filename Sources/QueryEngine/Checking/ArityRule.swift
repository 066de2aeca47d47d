import QuerySyntax

/// A call gives a function the number of arguments it takes — a built-in's, a plugin's
/// parameters, a `def fn`'s — and `any` and `all` a list and a condition.
struct ArityRule: CheckRule {
    func problem(of expression: Expression, in scope: CheckScope) -> Diagnostic? {
        guard case .call(let name, let arguments) = expression.kind else { return nil }
        let semantics = Semantics(context: scope.context)
        if ["any", "all"].contains(name), scope.context.state.functions[name] == nil {
            if arguments.count == 2, case .lambda = arguments[1].kind { return nil }
            return Semantics.quantifierProblem(name, at: expression.span)
        }
        return semantics.arityProblem(of: name, arguments, at: expression.span)
    }
}
