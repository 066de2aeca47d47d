import QuerySyntax

/// The language's expression type; Foundation also declares an `Expression`.
typealias Expression = QuerySyntax.Expression

extension Statement {
    /// The query a statement runs (a query, a `let`, a `tag`); `nil` for the others.
    var query: Query? {
        switch kind {
        case .query(let query), .bind(_, let query), .tag(let query, _, _): query
        case .expression, .defineStage, .defineFunction, .note: nil
        }
    }
}

extension Stage {
    /// The expressions written in the stage, in the order they are written (an aggregate as
    /// its call).
    var expressions: [Expression] {
        switch kind {
        case .filter(let condition): [condition]
        case .select(let items), .extend(let items), .count(let items): items.map(\.expression)
        case .sort(let keys): keys.map(\.expression)
        case .take(let count), .skip(let count): [count]
        case .top(let count, let key): [count, key.expression]
        case .distinct(let expressions): expressions
        case .summarize(let aggregates, let groups): groups.map(\.expression) + aggregates.map(\.expression)
        case .path(let target, _, _): [target]
        case .named(_, let arguments): arguments
        case .heatmap(let x, let y): [x, y]
        case .chart(_, let group): group.map { [$0] } ?? []
        case .traverse, .timeline, .export: []
        }
    }
}
