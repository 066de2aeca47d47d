import QuerySyntax

/// `select` and `extend` make no two columns of one name: they would be two keys of one name
/// in JSON and CSV (`extend` of a column the table has replaces it, and is not refused).
struct UniqueColumnRule: CheckRule {
    func problems(of stage: Stage, endsQuery: Bool, in scope: CheckScope) -> [Diagnostic] {
        guard case .select(let items) = stage.kind else {
            guard case .extend(let items) = stage.kind else { return [] }
            return duplicates(items, in: scope)
        }
        return duplicates(items, in: scope)
    }

    private func duplicates(_ items: [SelectItem], in scope: CheckScope) -> [Diagnostic] {
        let text = scope.runner.text
        var seen = Set<String>()
        return items.compactMap { item in
            let name = item.alias ?? text(item.expression.span)
            guard !seen.insert(name).inserted else { return nil }
            return Diagnostic(
                code: .duplicateColumn, message: "a column named `\(name)` is already in the table",
                span: item.expression.span, hint: "name this one: `\(name)_2 = \(text(item.expression.span))`")
        }
    }
}
