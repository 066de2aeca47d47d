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
