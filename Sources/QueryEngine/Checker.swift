import IncidentGraph
import QuerySyntax
import Spelling

/// Checks a query before it runs: every name, function, stage, kind, label and `@id` must
/// exist, so that a mistake is reported even when no row would reach it. Follows the columns
/// each stage makes, as the executor will.
struct Checker {
    let runner: QueryRunner
    private var context: EvaluationContext { runner.context }
    private func text(_ span: SourceSpan) -> String { runner.text(span) }

    /// What the checker knows of the rows between two stages: their columns, and whether each
    /// still stands for a node (so that a property name can be read from it).
    struct Shape {
        var columns: [String]
        var carriesNodes: Bool
    }

    /// Throws the first problem of the query.
    func check(_ query: Query) throws(Diagnostic) {
        if let first = diagnostics(of: query).first { throw first }
    }

    /// Every problem of the query it can find, in stage order. After a stage with a problem the
    /// next stages are checked against rows of any shape, so one mistake is not reported again
    /// as the next stage's unknown column.
    func diagnostics(of query: Query) -> [Diagnostic] {
        var found: [Diagnostic] = []
        let anyShape = Shape(columns: ["*"], carriesNodes: true)
        var columns: Shape
        do { columns = try sourceColumns(query.source) } catch {
            // An unknown source is most likely a misspelt kind: its names are checked as nodes'.
            found.append(error)
            columns = Shape(columns: [], carriesNodes: true)
        }
        for (position, stage) in query.stages.enumerated() {
            do {
                try checkExport(stage, last: position == query.stages.count - 1)
                columns = try check(stage, columns, variables: [], problems: &found)
            } catch {
                found.append(error)
                columns = anyShape
            }
        }
        return found
    }

    private func checkExport(_ stage: Stage, last: Bool) throws(Diagnostic) {
        guard case .export(let format, _) = stage.kind else { return }
        guard last else {
            throw Diagnostic(
                code: .export, message: "`export` writes the final rows: it must be the last stage",
                span: stage.span, hint: "move it to the end, or bind the rows with let first")
        }
        guard QueryRunner.exportFormats.contains(format) else {
            throw Diagnostic(
                code: .export, message: "unknown export format `\(format)`", span: stage.span,
                hint: "formats: " + QueryRunner.exportFormats.joined(separator: ", "))
        }
    }

    private func sourceColumns(_ source: Source) throws(Diagnostic) -> Shape {
        switch source.kind {
        case .name(let name):
            if let bound = context.state.bindings[name] {
                return Shape(columns: bound.columns, carriesNodes: bound.carriesNodes)
            }
            if name == "edges" {
                return Shape(columns: ["from", "label", "to", "provenance", "status"], carriesNodes: false)
            }
            guard name == "nodes" || context.graph.schema.kind(named: name) != nil else {
                throw runner.unknownSource(name, at: source.span)
            }
            return Shape(columns: [], carriesNodes: true)
        case .node(let id):
            try checkNode(id, at: source.span)
            return Shape(columns: [], carriesNodes: true)
        case .path(let from, let to, let via, _):
            try checkNode(from, at: source.span)
            try checkNode(to, at: source.span)
            for label in via { try checkLabel(label, at: source.span) }
            return Shape(columns: ["step", "node", "kind", "reached by"], carriesNodes: false)
        case .match(let patterns, let condition):
            var variables: [String] = []
            for pattern in patterns {
                for node in [pattern.start] + pattern.steps.map(\.node) {
                    if let name = node.variable, !variables.contains(name) { variables.append(name) }
                    if let kind = node.kind { try checkKind(kind, at: node.span) }
                    for constraint in node.properties {
                        try check(constraint.value, Shape(columns: [], carriesNodes: true), variables: [])
                    }
                }
                for step in pattern.steps {
                    if let label = step.edge.label { try checkLabel(label, at: step.edge.span) }
                }
            }
            let shape = Shape(columns: variables, carriesNodes: false)
            if let condition { try check(condition, shape, variables: []) }
            return shape
        }
    }

    /// Checks a stage and returns the shape of the rows after it. Problems in its expressions
    /// are added to `problems` (the shape after it is still known); a problem with the stage
    /// itself is thrown.
    private func check(_ stage: Stage, _ shape: Shape, variables: Set<String>, problems: inout [Diagnostic])
        throws(Diagnostic) -> Shape
    {
        let columns = shape.columns
        func expression(_ expression: Expression) {
            do { try check(expression, shape, variables: variables) } catch { problems.append(error) }
        }
        func table(_ columns: [String]) -> Shape { Shape(columns: columns, carriesNodes: false) }
        switch stage.kind {
        case .filter(let condition):
            expression(condition)
            return shape
        case .select(let items), .extend(let items):
            for item in items { expression(item.expression) }
            let names = items.map { $0.alias ?? text($0.expression.span) }
            // Two columns of one name would be two keys of one name in JSON and CSV (`extend`
            // of a column the table has replaces it).
            var seen = Set<String>()
            for (item, name) in zip(items, names) where !seen.insert(name).inserted {
                problems.append(
                    Diagnostic(
                        code: .duplicateColumn, message: "a column named `\(name)` is already in the table",
                        span: item.expression.span, hint: "name this one: `\(name)_2 = \(text(item.expression.span))`"))
            }
            // A selected row still stands for its node: `select id | where vector == …` reads it.
            return Shape(
                columns: stage.kind == .extend(items) ? columns + names.filter { !columns.contains($0) } : names,
                carriesNodes: shape.carriesNodes)
        case .sort(let keys):
            for key in keys { expression(key.expression) }
            return shape
        case .take(let count), .skip(let count):
            expression(count)
            return shape
        case .top(let count, let key):
            expression(count)
            expression(key.expression)
            return shape
        case .distinct(let expressions):
            for item in expressions { expression(item) }
            return expressions.isEmpty ? shape : table(expressions.map { text($0.span) })
        case .count(let groups):
            for group in groups { expression(group.expression) }
            return table(groups.map { $0.alias ?? text($0.expression.span) } + ["count"])
        case .summarize(let aggregates, let groups):
            for group in groups { expression(group.expression) }
            for aggregate in aggregates {
                if case .call(let name, let arguments) = aggregate.expression.kind,
                    Evaluator.aggregateNames.contains(name) || context.registry.aggregate(named: name) != nil
                {
                    for argument in arguments { expression(argument) }
                } else {
                    expression(aggregate.expression)
                }
            }
            return table((groups + aggregates).map { $0.alias ?? text($0.expression.span) })
        case .traverse(_, let label, _):
            if let label { try checkLabel(label, at: stage.span) }
            return Shape(columns: [], carriesNodes: true)
        case .path(let target, let via, _):
            expression(target)
            for label in via { try checkLabel(label, at: stage.span) }
            return table(["from", "to", "hops", "path"])
        case .named(let words, let arguments):
            for argument in arguments { expression(argument) }
            switch try context.namedStage(words, argumentCount: arguments.count, at: stage.span) {
            case .registered(let registered, _):
                switch registered.definition.signature.columns {
                case .adds(let added): return Shape(columns: columns + added, carriesNodes: shape.carriesNodes)
                // What a plugin's table stands for is not declared: its names are not refused.
                case .replaces(let replaced): return Shape(columns: replaced, carriesNodes: true)
                case .fromStatement: return shape
                }
            case .user(let definition):
                return try runner.insideUserStage(words[0], at: stage.span) { body throws(Diagnostic) in
                    var after = shape
                    for inner in definition.stages {
                        after = try Checker(runner: body).check(
                            inner, after, variables: variables.union(definition.parameters), problems: &problems)
                    }
                    return after
                }
            }
        case .heatmap(let x, let y):
            expression(x)
            expression(y)
            return table([text(x.span), text(y.span), "count"])
        case .chart(_, let group):
            guard let group else { return shape }
            expression(group)
            return table([text(group.span), "count"])
        case .timeline:
            return table(["period", "count", "phases"])
        case .export:
            return shape
        }
    }

    private func check(_ expression: Expression, _ shape: Shape, variables: Set<String>) throws(Diagnostic) {
        let columns = shape.columns
        // Written as a column's name (`year(ts)` after `count by year(ts)`): that column.
        if runner.namedColumn(expression, columns) != nil { return }
        switch expression.kind {
        case .literal(let literal):
            _ = try Evaluator.value(of: literal, at: expression.span)
        case .name(let name):
            guard !variables.contains(name), !columns.contains(name), !columns.contains("*") else { return }
            guard shape.carriesNodes else { throw noColumn(name, columns, at: expression.span) }
            guard context.knownNames.contains(name) else {
                throw Diagnostic(
                    code: .unknownName, message: "unknown name `\(name)`", span: expression.span,
                    hint: Spelling.suggestion(for: name, among: Array(context.knownNames) + columns + variables)
                        .map { "did you mean `\($0)`?" })
            }
        case .node(let id):
            try checkNode(id, at: expression.span)
        case .member(let base, let name):
            if let dotted = expression.dottedName, columns.contains(dotted) { return }
            try check(base, shape, variables: variables)
            guard context.knownNames.contains(name) else {
                throw Diagnostic(
                    code: .unknownName, message: "no kind has a property or link `\(name)`", span: expression.span,
                    hint: Spelling.suggestion(for: name, among: context.knownNames).map { "did you mean `\($0)`?" })
            }
        case .index(let base, let index):
            try check(base, shape, variables: variables)
            try check(index, shape, variables: variables)
        case .call(let name, let arguments):
            let known = context.registry.function(named: name) != nil || context.state.functions[name] != nil
            if !known, Evaluator.aggregateNames.contains(name) || context.registry.aggregate(named: name) != nil {
                throw Diagnostic(
                    code: .aggregateOutsideSummarize, message: "`\(name)()` is an aggregate: use it in `summarize`",
                    span: expression.span, hint: "incidents | summarize \(name)(…) by …")
            }
            guard known else {
                throw Diagnostic(
                    code: .unknownFunction, message: "unknown function `\(name)`", span: expression.span,
                    hint: Spelling.suggestion(
                        for: name,
                        among: context.registry.functions.map(\.definition.name) + context.state.functions.keys
                    )
                    .map { "did you mean `\($0)`?" })
            }
            for argument in arguments {
                if case .lambda(let parameter, let body) = argument.kind {
                    try check(body, shape, variables: variables.union([parameter]))
                } else {
                    try check(argument, shape, variables: variables)
                }
            }
        case .lambda:
            throw Diagnostic(
                code: .lambdaOutsideQuantifier, message: "`x => …` can only be an argument of any() or all()",
                span: expression.span)
        case .list(let elements):
            for element in elements { try check(element, shape, variables: variables) }
        case .range(let low, let high), .binary(_, let low, let high):
            try check(low, shape, variables: variables)
            try check(high, shape, variables: variables)
        case .unary(_, let operand), .isNull(let operand, _):
            try check(operand, shape, variables: variables)
        case .between(let value, let low, let high):
            try check(value, shape, variables: variables)
            try check(low, shape, variables: variables)
            try check(high, shape, variables: variables)
        }
    }

    /// A name that is not a column of rows that no longer stand for nodes (after `count`,
    /// `summarize`, `select` …): reading it as a property would give null on every row.
    private func noColumn(_ name: String, _ columns: [String], at span: SourceSpan) -> Diagnostic {
        Diagnostic(
            code: .noColumn,
            message: "no column `\(name)` here: the rows are a table with columns "
                + columns.map { "`\($0)`" }.joined(separator: ", "),
            span: span,
            hint: Spelling.suggestion(for: name, among: columns).map { "did you mean `\($0)`?" }
                ?? "use one of those columns, or compute `\(name)` before the stage that made the table")
    }

    /// Throws "no node has id" with the nearest id as a hint.
    func checkNode(_ id: String, at span: SourceSpan) throws(Diagnostic) {
        let graph = context.graph
        guard graph.node(id: id) == nil else { return }
        let suggestion =
            graph.nodeCount <= 50_000
            ? Spelling.suggestion(for: id, among: graph.allNodes.lazy.map { graph.id(of: $0) }) : nil
        throw Diagnostic(
            code: .unknownNode, message: "no node has id `\(TextWidth.truncate(id, toWidth: 40))`", span: span,
            hint: suggestion.map { "did you mean `@\($0)`?" } ?? "Tab after @ completes ids")
    }

    private func checkKind(_ kind: String, at span: SourceSpan) throws(Diagnostic) {
        let schema = context.graph.schema
        guard schema.kindPosition(of: kind) == nil else { return }
        throw Diagnostic(
            code: .unknownKind, message: "unknown node kind `\(kind)`", span: span,
            hint: Spelling.suggestion(for: kind, among: schema.kinds.map(\.name)).map { "did you mean `\($0)`?" })
    }

    private func checkLabel(_ label: String, at span: SourceSpan) throws(Diagnostic) {
        let schema = context.graph.schema
        guard schema.labelPosition(of: label) == nil else { return }
        throw Diagnostic(
            code: .unknownLabel, message: "unknown edge label `\(label)`", span: span,
            hint: Spelling.suggestion(for: label, among: schema.edgeLabels.map(\.name)).map { "did you mean `\($0)`?" }
                ?? ":schema lists the edge labels")
    }
}
