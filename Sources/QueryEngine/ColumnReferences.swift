import QuerySyntax

/// An expression written as the name of a column of the rows — `year(ts)` after
/// `count by year(ts)`, `target.sector` after `count by target.sector` — stands for that column,
/// so `sort year(ts)` sorts by it and `where year(ts) == 2023` tests it, rather than computing
/// it again from properties the rows no longer have.
extension QueryRunner {
    /// The stage with every expression that names one of `columns` turned into a reference to it.
    func resolvingColumns(_ stage: Stage, _ columns: [String]) -> Stage {
        func item(_ item: SelectItem) -> SelectItem {
            SelectItem(expression: resolvingColumns(item.expression, columns), alias: item.alias)
        }
        func key(_ key: SortKey) -> SortKey {
            SortKey(expression: resolvingColumns(key.expression, columns), descending: key.descending)
        }
        let kind: Stage.Kind
        switch stage.kind {
        case .filter(let condition): kind = .filter(resolvingColumns(condition, columns))
        case .select(let items): kind = .select(items.map(item))
        case .extend(let items): kind = .extend(items.map(item))
        case .sort(let keys): kind = .sort(keys.map(key))
        case .top(let count, let sortKey): kind = .top(count, key(sortKey))
        case .distinct(let expressions): kind = .distinct(expressions.map { resolvingColumns($0, columns) })
        case .count(let groups): kind = .count(by: groups.map(item))
        case .summarize(let aggregates, let groups): kind = .summarize(aggregates.map(item), by: groups.map(item))
        case .heatmap(let x, let y): kind = .heatmap(resolvingColumns(x, columns), by: resolvingColumns(y, columns))
        case .chart(let style, let group): kind = .chart(style, by: group.map { resolvingColumns($0, columns) })
        case .take, .skip, .traverse, .path, .timeline, .export, .named: return stage
        }
        return Stage(kind, stage.span)
    }

    /// The expression, with each part that is written as a column's name made a reference to it.
    func resolvingColumns(_ expression: Expression, _ columns: [String]) -> Expression {
        if let column = namedColumn(expression, columns) { return Expression(.name(column), expression.span) }
        func inner(_ expression: Expression) -> Expression { resolvingColumns(expression, columns) }
        let kind: Expression.Kind
        switch expression.kind {
        case .literal, .name, .node: return expression
        case .member(let base, let name): kind = .member(inner(base), name)
        case .index(let base, let index): kind = .index(inner(base), inner(index))
        case .call(let name, let arguments): kind = .call(name, arguments.map(inner))
        case .lambda(let parameter, let body): kind = .lambda(parameter, inner(body))
        case .list(let elements): kind = .list(elements.map(inner))
        case .range(let low, let high): kind = .range(inner(low), inner(high))
        case .unary(let operation, let operand): kind = .unary(operation, inner(operand))
        case .binary(let operation, let left, let right): kind = .binary(operation, inner(left), inner(right))
        case .between(let value, let low, let high): kind = .between(inner(value), inner(low), inner(high))
        case .isNull(let operand, let negated): kind = .isNull(inner(operand), negated: negated)
        }
        return Expression(kind, expression.span)
    }

    /// The column a computed expression is written as (spaces aside); `nil` for plain names,
    /// which find their column already, and for anything else.
    func namedColumn(_ expression: Expression, _ columns: [String]) -> String? {
        switch expression.kind {
        case .call, .binary, .unary, .index, .between, .isNull: break
        case .member: if expression.dottedName == nil { break } else { return nil }
        default: return nil
        }
        let written = text(expression.span).filter { $0 != " " }
        return columns.first { $0.filter { $0 != " " } == written }
    }
}
