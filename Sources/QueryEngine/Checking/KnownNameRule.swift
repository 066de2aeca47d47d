import QuerySyntax
import Spelling

/// A name is a variable, a column of the rows, or — while the rows stand for nodes — a
/// property or link of some kind; a member (`target.sector`) is a property or link of some kind.
struct KnownNameRule: CheckRule {
    func problem(of expression: Expression, in scope: CheckScope) -> Diagnostic? {
        let context = scope.context
        let columns = scope.shape.columns
        switch expression.kind {
        case .name(let name):
            guard !scope.variables.contains(name), !columns.contains(name), !columns.contains("*") else { return nil }
            guard scope.shape.carriesNodes else { return noColumn(name, columns, at: expression.span) }
            guard !context.knownNames.contains(name) else { return nil }
            return Diagnostic(
                code: .unknownName, message: "unknown name `\(name)`", span: expression.span,
                hint: Spelling.suggestion(for: name, among: Array(context.knownNames) + columns + scope.variables)
                    .map { "did you mean `\($0)`?" })
        case .member(_, let name):
            guard !context.knownNames.contains(name) else { return nil }
            return Diagnostic(
                code: .unknownName, message: "no kind has a property or link `\(name)`", span: expression.span,
                hint: Spelling.suggestion(for: name, among: context.knownNames).map { "did you mean `\($0)`?" })
        default:
            return nil
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
}
