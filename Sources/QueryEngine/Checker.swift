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

    func check(_ query: Query) throws(Diagnostic) {
        var columns = try sourceColumns(query.source)
        for (position, stage) in query.stages.enumerated() {
            if case .export(let format, _) = stage.kind {
                guard position == query.stages.count - 1 else {
                    throw Diagnostic(
                        code: "stage.export", message: "`export` writes the final rows: it must be the last stage",
                        span: stage.span, hint: "move it to the end, or bind the rows with let first")
                }
                guard QueryRunner.exportFormats.contains(format) else {
                    throw Diagnostic(
                        code: "stage.export", message: "unknown export format `\(format)`", span: stage.span,
                        hint: "formats: " + QueryRunner.exportFormats.joined(separator: ", "))
                }
            }
            columns = try check(stage, columns: columns, variables: [])
        }
    }

    private func sourceColumns(_ source: Source) throws(Diagnostic) -> [String] {
        switch source.kind {
        case .name(let name):
            if let bound = context.state.bindings[name] { return bound.columns }
            if name == "edges" { return ["from", "label", "to", "provenance", "status"] }
            guard name == "nodes" || context.graph.schema.kind(named: name) != nil else {
                throw runner.unknownSource(name, at: source.span)
            }
            return []
        case .node(let id):
            try checkNode(id, at: source.span)
            return []
        case .path(let from, let to, let via, _):
            try checkNode(from, at: source.span)
            try checkNode(to, at: source.span)
            for label in via { try checkLabel(label, at: source.span) }
            return ["step", "node", "kind", "reached by"]
        case .match(let patterns, let condition):
            var variables: [String] = []
            for pattern in patterns {
                for node in [pattern.start] + pattern.steps.map(\.node) {
                    if let name = node.variable, !variables.contains(name) { variables.append(name) }
                    if let kind = node.kind { try checkKind(kind, at: node.span) }
                    for constraint in node.properties { try check(constraint.value, columns: [], variables: []) }
                }
                for step in pattern.steps {
                    if let label = step.edge.label { try checkLabel(label, at: step.edge.span) }
                }
            }
            if let condition { try check(condition, columns: variables, variables: []) }
            return variables
        }
    }

    /// Checks a stage and returns the columns after it.
    private func check(_ stage: Stage, columns: [String], variables: Set<String>) throws(Diagnostic) -> [String] {
        func expression(_ expression: Expression) throws(Diagnostic) {
            try check(expression, columns: columns, variables: variables)
        }
        switch stage.kind {
        case .filter(let condition):
            try expression(condition)
            return columns
        case .select(let items), .extend(let items):
            for item in items { try expression(item.expression) }
            let names = items.map { $0.alias ?? text($0.expression.span) }
            if case .extend = stage.kind { return columns + names }
            return names
        case .sort(let keys):
            for key in keys { try expression(key.expression) }
            return columns
        case .take(let count), .skip(let count):
            try expression(count)
            return columns
        case .top(let count, let key):
            try expression(count)
            try expression(key.expression)
            return columns
        case .distinct(let expressions):
            for item in expressions { try expression(item) }
            return expressions.isEmpty ? columns : expressions.map { text($0.span) }
        case .count(let groups):
            for group in groups { try expression(group.expression) }
            return groups.isEmpty ? ["count"] : groups.map { $0.alias ?? text($0.expression.span) } + ["count"]
        case .summarize(let aggregates, let groups):
            for group in groups { try expression(group.expression) }
            for aggregate in aggregates {
                if case .call(let name, let arguments) = aggregate.expression.kind,
                    Evaluator.aggregateNames.contains(name) || context.registry.aggregate(named: name) != nil
                {
                    for argument in arguments { try expression(argument) }
                } else {
                    try expression(aggregate.expression)
                }
            }
            return (groups + aggregates).map { $0.alias ?? text($0.expression.span) }
        case .traverse(_, let label, _):
            if let label { try checkLabel(label, at: stage.span) }
            return []
        case .path(let target, let via, _):
            try expression(target)
            for label in via { try checkLabel(label, at: stage.span) }
            return ["from", "to", "hops", "path"]
        case .named(let words, let arguments):
            for argument in arguments { try expression(argument) }
            switch try context.namedStage(words, argumentCount: arguments.count, at: stage.span) {
            case .registered(let registered, _):
                switch registered.definition.signature.columns {
                case .adds(let added): return columns + added
                case .replaces(let replaced): return replaced
                case .fromStatement: return columns
                }
            case .user(let definition):
                return try runner.insideUserStage(words[0], at: stage.span) { body throws(Diagnostic) in
                    var after = columns
                    for inner in definition.stages {
                        after = try Checker(runner: body).check(
                            inner, columns: after, variables: variables.union(definition.parameters))
                    }
                    return after
                }
            }
        case .heatmap(let x, let y):
            try expression(x)
            try expression(y)
            return [text(x.span), text(y.span), "count"]
        case .chart(_, let group):
            guard let group else { return columns }
            try expression(group)
            return [text(group.span), "count"]
        case .timeline:
            return ["period", "count", "phases"]
        case .export:
            return columns
        }
    }

    private func check(_ expression: Expression, columns: [String], variables: Set<String>) throws(Diagnostic) {
        switch expression.kind {
        case .literal(let literal):
            _ = try Evaluator.value(of: literal, at: expression.span)
        case .name(let name):
            guard !variables.contains(name), !columns.contains(name), !columns.contains("*") else { return }
            guard context.knownNames.contains(name) else {
                throw Diagnostic(
                    code: "name.unknown", message: "unknown name `\(name)`", span: expression.span,
                    hint: Spelling.suggestion(for: name, among: Array(context.knownNames) + columns + variables)
                        .map { "did you mean `\($0)`?" })
            }
        case .node(let id):
            try checkNode(id, at: expression.span)
        case .member(let base, let name):
            if let dotted = expression.dottedName, columns.contains(dotted) { return }
            try check(base, columns: columns, variables: variables)
            guard context.knownNames.contains(name) else {
                throw Diagnostic(
                    code: "name.unknown", message: "no kind has a property or link `\(name)`", span: expression.span,
                    hint: Spelling.suggestion(for: name, among: context.knownNames).map { "did you mean `\($0)`?" })
            }
        case .index(let base, let index):
            try check(base, columns: columns, variables: variables)
            try check(index, columns: columns, variables: variables)
        case .call(let name, let arguments):
            let known = context.registry.function(named: name) != nil || context.state.functions[name] != nil
            if !known, Evaluator.aggregateNames.contains(name) || context.registry.aggregate(named: name) != nil {
                throw Diagnostic(
                    code: "name.aggregate", message: "`\(name)()` is an aggregate: use it in `summarize`",
                    span: expression.span, hint: "incidents | summarize \(name)(…) by …")
            }
            guard known else {
                throw Diagnostic(
                    code: "name.function", message: "unknown function `\(name)`", span: expression.span,
                    hint: Spelling.suggestion(
                        for: name,
                        among: context.registry.functions.map(\.definition.name) + context.state.functions.keys
                    )
                    .map { "did you mean `\($0)`?" })
            }
            for argument in arguments {
                if case .lambda(let parameter, let body) = argument.kind {
                    try check(body, columns: columns, variables: variables.union([parameter]))
                } else {
                    try check(argument, columns: columns, variables: variables)
                }
            }
        case .lambda:
            throw Diagnostic(
                code: "syntax.lambda", message: "`x => …` can only be an argument of any() or all()",
                span: expression.span)
        case .list(let elements):
            for element in elements { try check(element, columns: columns, variables: variables) }
        case .range(let low, let high), .binary(_, let low, let high):
            try check(low, columns: columns, variables: variables)
            try check(high, columns: columns, variables: variables)
        case .unary(_, let operand), .isNull(let operand, _):
            try check(operand, columns: columns, variables: variables)
        case .between(let value, let low, let high):
            try check(value, columns: columns, variables: variables)
            try check(low, columns: columns, variables: variables)
            try check(high, columns: columns, variables: variables)
        }
    }

    /// Throws "no node has id" with the nearest id as a hint.
    func checkNode(_ id: String, at span: SourceSpan) throws(Diagnostic) {
        let graph = context.graph
        guard graph.node(id: id) == nil else { return }
        let suggestion =
            graph.nodeCount <= 50_000
            ? Spelling.suggestion(for: id, among: graph.allNodes.lazy.map { graph.id(of: $0) }) : nil
        throw Diagnostic(
            code: "node.unknown", message: "no node has id `\(TextWidth.truncate(id, toWidth: 40))`", span: span,
            hint: suggestion.map { "did you mean `@\($0)`?" } ?? "Tab after @ completes ids")
    }

    private func checkKind(_ kind: String, at span: SourceSpan) throws(Diagnostic) {
        let schema = context.graph.schema
        guard schema.kindPosition(of: kind) == nil else { return }
        throw Diagnostic(
            code: "name.kind", message: "unknown node kind `\(kind)`", span: span,
            hint: Spelling.suggestion(for: kind, among: schema.kinds.map(\.name)).map { "did you mean `\($0)`?" })
    }

    private func checkLabel(_ label: String, at span: SourceSpan) throws(Diagnostic) {
        let schema = context.graph.schema
        guard schema.labelPosition(of: label) == nil else { return }
        throw Diagnostic(
            code: "name.label", message: "unknown edge label `\(label)`", span: span,
            hint: Spelling.suggestion(for: label, among: schema.edgeLabels.map(\.name)).map { "did you mean `\($0)`?" }
                ?? ":schema lists the edge labels")
    }
}
