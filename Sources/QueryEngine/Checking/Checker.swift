import QuerySyntax

/// Checks a query before it runs, so that a mistake is reported even when no row would reach
/// it, and every mistake of the statement at once. It walks the query — the source, each
/// stage, each part of each expression — and shows every place to each ``CheckRule``, with
/// the shape of the rows there, following the columns each stage makes as the executor will.
struct Checker {
    let runner: QueryRunner
    /// The `def fn` functions whose bodies are being checked at a call further out: a function
    /// that calls itself is checked once.
    var functionsBeingChecked: Set<String> = []
    /// The problems of `def fn` bodies checked so far in the statement.
    var checkedBodies = CheckedBodies()

    /// The rules, one per file; their problems at one place are reported in this order.
    static let rules: [any CheckRule] = [
        KnownSourceRule(), KnownNodeRule(), KnownKindRule(), KnownLabelRule(), KnownNameRule(),
        KnownFunctionRule(), ArityRule(), LambdaPlacementRule(), LiteralValueRule(), ExportPlacementRule(),
        UniqueColumnRule(), KnownStageRule(), OperandTypesRule(), NullComparisonRule(),
    ]

    /// Throws the first problem of the query.
    func check(_ query: Query) throws(Diagnostic) {
        if let first = diagnostics(of: query).first { throw first }
    }

    /// Every problem of the query it can find, in the order they are written. One problem is
    /// reported per expression (the first); after a stage whose rows cannot be known the next
    /// stages are checked against rows of any shape.
    func diagnostics(of query: Query) -> [Diagnostic] {
        let start = CheckScope(runner: runner, shape: .nodes, variables: [])
        var found = Self.rules.flatMap { $0.problems(of: query.source, in: start) }
        let shape = RowShape(of: query.source, in: runner)
        if case .match(let patterns, let condition) = query.source.kind {
            let constraints = patterns.flatMap { [$0.start] + $0.steps.map(\.node) }.flatMap(\.properties)
            found += constraints.compactMap { problem(of: $0.value, in: start) }
            let matched = CheckScope(runner: runner, shape: shape, variables: [])
            if let condition, let problem = problem(of: condition, in: matched) { found.append(problem) }
        }
        found += problems(of: query.stages, from: shape, variables: [], endQuery: true).problems
        return found
    }

    /// The problems of a run of stages and the shape of the rows after them; `endQuery` when
    /// the last of them is the query's last stage.
    private func problems(of stages: [Stage], from shape: RowShape, variables: Set<String>, endQuery: Bool)
        -> (problems: [Diagnostic], shape: RowShape)
    {
        var found: [Diagnostic] = []
        var shape = shape
        for (position, stage) in stages.enumerated() {
            let scope = CheckScope(runner: runner, shape: shape, variables: variables)
            let endsQuery = endQuery && position == stages.count - 1
            found += Self.rules.flatMap { $0.problems(of: stage, endsQuery: endsQuery, in: scope) }
            found += expressions(of: stage, in: scope).compactMap { problem(of: $0, in: scope) }
            if case .named(let words, let arguments) = stage.kind,
                case .user(let definition)? = try? runner.context.namedStage(
                    words, argumentCount: arguments.count, at: stage.span)
            {
                let inner = userStage(words[0], definition, at: stage.span, from: scope, endsQuery: endsQuery)
                found += inner.problems
                shape = inner.shape
            } else {
                shape = shape.after(stage, in: runner)
            }
        }
        return (found, shape)
    }

    /// A user's stage checked through its definition, its problems told as the stage's own
    /// (`in stage foo: …`, under the stage as written in the statement).
    private func userStage(
        _ name: String, _ definition: UserStage, at span: SourceSpan, from scope: CheckScope, endsQuery: Bool
    ) -> (problems: [Diagnostic], shape: RowShape) {
        do {
            let inner = try runner.insideUserStage(name, at: span) { body in
                Checker(runner: body).problems(
                    of: definition.stages, from: scope.shape, variables: scope.variables.union(definition.parameters),
                    endQuery: endsQuery)
            }
            let told = inner.problems.map {
                $0.retold(message: "in stage `\(name)`: \($0.message)", span: span, hint: $0.hint)
            }
            return (told, inner.shape)
        } catch {
            return ([error], .any)
        }
    }

    /// The expressions of a stage as the checker reads them, in the order they are written:
    /// an aggregate's arguments stand for the aggregate.
    private func expressions(of stage: Stage, in scope: CheckScope) -> [Expression] {
        guard case .summarize(let aggregates, let groups) = stage.kind else { return stage.expressions }
        return groups.map(\.expression)
            + aggregates.flatMap { aggregate -> [Expression] in
                if case .call(let name, let arguments) = aggregate.expression.kind,
                    Semantics.aggregateNames.contains(name) || scope.context.registry.aggregate(named: name) != nil
                {
                    return arguments
                }
                return [aggregate.expression]
            }
    }

    /// The first problem of an expression. A part written as a column's name (`year(ts)` after
    /// `count by year(ts)`) is that column; a member's base is read before its name, other
    /// parts before their operands.
    private func problem(of expression: Expression, in scope: CheckScope) -> Diagnostic? {
        let columns = scope.shape.columns
        if runner.namedColumn(expression, columns) != nil { return nil }
        if case .member(let base, _) = expression.kind {
            if let dotted = expression.dottedName, columns.contains(dotted) { return nil }
            return problem(of: base, in: scope) ?? ruleProblem(of: expression, in: scope)
        }
        if let found = ruleProblem(of: expression, in: scope) { return found }
        for (operand, operandScope) in operands(of: expression, in: scope) {
            if let found = problem(of: operand, in: operandScope) { return found }
        }
        if case .call(let name, _) = expression.kind {
            return problem(inBodyOf: name, calledAt: expression.span, in: scope)
        }
        return nil
    }

    /// The first problem of a `def fn` function's body, read where it is called as it runs
    /// there — its parameters bound, the rows those of the call's place — and told as the
    /// function's, under the call; nil for a name that is no `def fn`, or one being checked.
    private func problem(inBodyOf name: String, calledAt span: SourceSpan, in scope: CheckScope) -> Diagnostic? {
        guard let function = runner.context.state.functions[name], !functionsBeingChecked.contains(name) else {
            return nil
        }
        let body = QueryRunner(context: runner.context, source: function.source, stageDepth: runner.stageDepth)
        let bodyScope = CheckScope(
            runner: body, shape: scope.shape, variables: scope.variables.union(function.parameters))
        let place = CheckedBodies.Place(function: name, shape: scope.shape, variables: bodyScope.variables)
        let problem: Diagnostic?
        if let known = checkedBodies.problems[place] {
            problem = known
        } else {
            let inner = Checker(
                runner: body, functionsBeingChecked: functionsBeingChecked.union([name]), checkedBodies: checkedBodies)
            problem = inner.problem(of: function.body, in: bodyScope)
            checkedBodies.problems[place] = .some(problem)
        }
        return problem.map {
            $0.retold(message: "in function `\(name)`: \($0.message)", span: span, hint: $0.hint)
        }
    }

    private func ruleProblem(of expression: Expression, in scope: CheckScope) -> Diagnostic? {
        for rule in Self.rules {
            if let found = rule.problem(of: expression, in: scope) { return found }
        }
        return nil
    }

    /// The parts of an expression, each with the scope it is read in: a lambda's body sees its
    /// element (`m` in `any(malware, m => m.name == …)`).
    private func operands(of expression: Expression, in scope: CheckScope) -> [(Expression, CheckScope)] {
        switch expression.kind {
        case .literal, .name, .node, .lambda, .member: return []
        case .call(_, let arguments):
            return arguments.map { argument in
                if case .lambda(let parameter, let body) = argument.kind { return (body, scope.adding(parameter)) }
                return (argument, scope)
            }
        case .index(let base, let index): return [(base, scope), (index, scope)]
        case .list(let elements): return elements.map { ($0, scope) }
        case .range(let low, let high), .binary(_, let low, let high): return [(low, scope), (high, scope)]
        case .unary(_, let operand), .isNull(let operand, _): return [(operand, scope)]
        case .between(let value, let low, let high): return [(value, scope), (low, scope), (high, scope)]
        }
    }
}

/// The first problem of each `def fn` body checked in one statement, by function and the place
/// it was called from (the rows there and the names in scope): a body is checked once per place,
/// however often it is called there — else a few functions that each call the next twice would
/// be checked 2ⁿ times before the statement starts.
final class CheckedBodies {
    struct Place: Hashable {
        let function: String
        let shape: RowShape
        let variables: Set<String>
    }

    var problems: [Place: Diagnostic?] = [:]
}
