import QuerySyntax

/// The language's expression type; Foundation also declares an `Expression`.
typealias Expression = QuerySyntax.Expression
