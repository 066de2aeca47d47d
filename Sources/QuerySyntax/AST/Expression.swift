/// An expression with its source span.
public struct Expression: Hashable, Sendable {
    /// What the expression is.
    public let kind: Kind
    /// Where it is in the statement.
    public let span: SourceSpan

    /// An expression.
    public init(_ kind: Kind, _ span: SourceSpan) {
        self.kind = kind
        self.span = span
    }

    /// The kinds of expression, loosest binding last in the parser.
    public indirect enum Kind: Hashable, Sendable {
        /// A literal: `42`, `"text"`, `true`, `null`, `2023-02-01`, `90d`.
        case literal(Literal)
        /// A name: a property of the current row (`sector`), a column, a binding or a variable.
        case name(String)
        /// `@id`.
        case node(String)
        /// `base.name`: a property or a link followed.
        case member(Expression, String)
        /// `base[index]`.
        case index(Expression, Expression)
        /// `f(arguments)`.
        case call(String, [Expression])
        /// `x => body`, only as a function argument (`any(list, x => x > 3)`).
        case lambda(String, Expression)
        /// `[a, b, c]`.
        case list([Expression])
        /// `low..high`, inclusive; a month or date bound covers its whole period.
        case range(Expression, Expression)
        /// `not x`, `-x`.
        case unary(UnaryOperator, Expression)
        /// `a op b`.
        case binary(BinaryOperator, Expression, Expression)
        /// `x between low and high`.
        case between(Expression, Expression, Expression)
        /// `x is null`, `x is not null` (negated).
        case isNull(Expression, negated: Bool)
    }
}

/// A literal value as written.
public enum Literal: Hashable, Sendable {
    case null
    case bool(Bool)
    case integer(Int)
    case decimal(Double)
    case string(String)
    /// `2023-02-01`.
    case date(year: Int, month: Int, day: Int)
    /// `2023-02`, standing for the whole month.
    case month(year: Int, month: Int)
    /// `2023-02-01T09:30[:00][Z|±HH:MM]`, as written.
    case dateTime(String)
    /// A duration in seconds (`90d 12h`).
    case duration(Int64)
}

/// Prefix operators.
public enum UnaryOperator: String, Hashable, Sendable {
    case not
    case negate = "-"
}

/// Infix operators, spelled as in the language.
public enum BinaryOperator: String, Hashable, Sendable, CaseIterable {
    case or, and
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case `in`, notIn = "not in", contains, startsWith = "starts with", endsWith = "ends with", matches = "~"
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%"
}

extension Expression {
    /// The dotted name a chain of names and members spells (`target.sector`), if it is one:
    /// a column made by `count by target.sector` is called that, and the chain reads it.
    public var dottedName: String? {
        switch kind {
        case .name(let name): name
        case .member(let base, let name): base.dottedName.map { $0 + "." + name }
        default: nil
        }
    }
}
