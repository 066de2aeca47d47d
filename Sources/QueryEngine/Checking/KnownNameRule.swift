import IncidentGraph
import PluginAPI
import QuerySyntax
import Spelling

/// A name is a variable, a column of the rows, or — while the rows stand for nodes — a
/// property or link of their kind (of some kind when they may be of several); a member
/// (`target.sector`) is a property or link of some kind.
struct KnownNameRule: CheckRule {
    func problem(of expression: Expression, in scope: CheckScope) -> Diagnostic? {
        let context = scope.context
        let columns = scope.shape.columns
        switch expression.kind {
        case .name(let name):
            guard !scope.variables.contains(name), !columns.contains(name), !columns.contains("*") else { return nil }
            guard scope.shape.carriesNodes else { return noColumn(name, columns, at: expression.span) }
            guard !context.isKnownName(name) else {
                return scope.shape.nodeKind.flatMap { notOfKind(name, $0, context, at: expression.span) }
            }
            return Diagnostic(
                code: .unknownName, message: "unknown name `\(name)`", span: expression.span,
                hint: Self.stagesAdding(name, context.registry)
                    ?? Spelling.suggestion(for: name, among: context.knownNames + columns + scope.variables)
                    .map { "did you mean `\($0)`?" })
        case .member(let base, let name):
            guard !context.isKnownName(name) else {
                guard case .name(let variable) = base.kind, !scope.variables.contains(variable),
                    let kind = scope.shape.columnKinds[variable]
                else { return nil }
                return notOfKind(name, kind, context, at: expression.span)
            }
            return Diagnostic(
                code: .unknownName, message: "no kind has a property or link `\(name)`", span: expression.span,
                hint: Spelling.suggestion(for: name, among: context.knownNames).map { "did you mean `\($0)`?" })
        default:
            return nil
        }
    }

    /// A name another kind has but every row's node, of `kind`, lacks: reading it would give
    /// null on every row (`incidents | count by phase` would count them all under no phase).
    private func notOfKind(_ name: String, _ kind: String, _ context: EvaluationContext, at span: SourceSpan)
        -> Diagnostic?
    {
        let schema = context.graph.schema
        let own = Self.names(of: kind, in: schema)
        guard !own.contains(name) else { return nil }
        let holders = schema.kinds.map(\.name).filter { Self.names(of: $0, in: schema).contains(name) }
        let elsewhere = "\(holders.map { "`\($0)`" }.joined(separator: ", ")) nodes have one"
        // The stage that adds it first, then a near name of the kind's, else who has it.
        let hint =
            Self.stagesAdding(name, context.registry).map { $0 + "; " + elsewhere }
            ?? Spelling.suggestion(for: name, among: own).map { "did you mean `\($0)`?" }
            ?? elsewhere + "; `:schema \(kind)` lists what \(kind) nodes have"
        return Diagnostic(
            code: .unknownName, message: "kind `\(kind)` has no property or link `\(name)`", span: span, hint: hint)
    }

    /// "`classify phases` adds a `phase` column" when registered stages add a column of the
    /// name (a plugin's stage, which the statement may have left out); nil when none does.
    private static func stagesAdding(_ name: String, _ registry: PluginRegistry) -> String? {
        let stages = registry.stages.map(\.definition.signature).filter { signature in
            if case .adds(let columns) = signature.columns { columns.contains(name) } else { false }
        }
        guard !stages.isEmpty else { return nil }
        return stages.map { "`\($0.name)`" }.joined(separator: " or ") + " adds a `\(name)` column"
    }

    /// The names a node of `kind` answers, as ``Semantics/nodeField(_:_:)`` reads them: its
    /// links, the analyst's annotations, the built-in properties and its kind's properties.
    private static func names(of kind: String, in schema: Schema) -> [String] {
        schema.links(of: kind).map(\.name) + EvaluationContext.annotationNames
            + (Schema.builtInProperties + (schema.kind(named: kind)?.properties ?? [])).map(\.name)
    }

    /// A name that is not a column of rows that no longer stand for nodes (after `count`,
    /// `summarize`, `select` …): reading it as a property would give null on every row.
    private func noColumn(_ name: String, _ columns: [String], at span: SourceSpan) -> Diagnostic {
        Diagnostic(
            code: .noColumn,
            message: "no column `\(name)` here: the rows are a table with columns "
                + columns.map { "`\($0)`" }.joined(separator: ", "),
            span: span,
            hint: Self.aggregateColumn(named: name, among: columns)
                ?? Spelling.suggestion(for: name, among: columns).map { "did you mean `\($0)`?" }
                ?? "use one of those columns, or compute `\(name)` before the stage that made the table")
    }

    /// The hint for a name that an aggregate's column is named after (`sort count desc` after
    /// `summarize count()`, whose column is `count()`): the column's name, and how to name it
    /// otherwise; nil when no column is a call of that name.
    private static func aggregateColumn(named name: String, among columns: [String]) -> String? {
        guard let column = columns.first(where: { $0.hasPrefix(name + "(") && $0.hasSuffix(")") }) else {
            return nil
        }
        return "the column is `\(column)`: write `\(column)`, or name it where it is made: `\(name) = \(column)`"
    }
}
