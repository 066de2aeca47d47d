import QuerySyntax

/// One rule of the checker, in the manner of GraphQL's validation rules: it is shown the
/// query's source, each stage and each part of each expression, each with what is known at
/// that place, and reports the problems it finds there. The ``Checker`` walks the query and
/// follows the rows' shape from stage to stage; a rule only judges.
protocol CheckRule: Sendable {
    /// Problems of the query's source (`incidnets`, `@nosuch`, a pattern's kinds and labels).
    func problems(of source: Source, in scope: CheckScope) -> [Diagnostic]
    /// Problems of a stage itself, not of its expressions; `endsQuery` when nothing follows it.
    func problems(of stage: Stage, endsQuery: Bool, in scope: CheckScope) -> [Diagnostic]
    /// The problem of one part of an expression, its operands aside (they are shown on their own).
    func problem(of expression: Expression, in scope: CheckScope) -> Diagnostic?
}

extension CheckRule {
    func problems(of source: Source, in scope: CheckScope) -> [Diagnostic] { [] }
    func problems(of stage: Stage, endsQuery: Bool, in scope: CheckScope) -> [Diagnostic] { [] }
    func problem(of expression: Expression, in scope: CheckScope) -> Diagnostic? { nil }
}

/// What the checker knows at one place of a query: the runner (graph, bindings, registry and
/// the statement's text), the shape of the rows there and the variables in scope (a stage's
/// parameters, a lambda's element).
struct CheckScope {
    let runner: QueryRunner
    let shape: RowShape
    let variables: Set<String>

    var context: EvaluationContext { runner.context }

    /// The same place with one more variable (`m` in `any(malware, m => …)`).
    func adding(_ variable: String) -> CheckScope {
        CheckScope(runner: runner, shape: shape, variables: variables.union([variable]))
    }
}
