import IncidentGraph
import PluginAPI
import QuerySyntax
import Spelling

/// The language's one interpreter: an expression compiled once per statement to a closure run
/// on every row — names resolved to variables, columns and property readers per kind, constants
/// worked out once, common forms specialised (stored numbers, link chains, ASCII-lowered text)
/// — with ``Semantics``'s operations on values as the one definition of what each operator and
/// function does. Every fast path falls back to the general form of the same expression.
struct ExpressionCompiler {
    typealias Compiled = (Row) throws(Diagnostic) -> Value

    let semantics: Semantics
    let columns: [String]
    /// Names whose values are known before the statement runs (a stage's arguments, `let`).
    let variables: [String: Value]
    /// Names bound while it runs — a lambda's element, a `def fn`'s parameters — each with the
    /// value it is bound to. They hide variables, columns and properties of the same name.
    var bound: [String: BoundValue] = [:]
    /// How deep `def fn` functions call each other, shared by everything compiled for one statement.
    var runtime = RuntimeBindings()
    /// The kind of every row's node, for expressions on rows of one kind's nodes that read
    /// nothing but the row's own node (``reading(_:onRowsOf:)``): a property several kinds
    /// declare (`name`) is then read from that kind's column.
    var rowKind: Int?

    var graph: IncidentGraph { semantics.context.graph }

    /// A row for expressions that read none (a stage's arguments, a bare expression).
    static let noRow = Row(node: nil, values: [])

    func compile(_ expression: Expression) -> Compiled {
        rememberedPerNode(expression, compileRow(expression))
    }

    /// The value of `expression` on one row, compiled and run once.
    func value(of expression: Expression, on row: Row = noRow) throws(Diagnostic) -> Value {
        try compileParts(expression)(row)
    }

    /// Whether `name` is a variable, bound now or while the statement runs.
    func isVariable(_ name: String) -> Bool {
        variables[name] != nil || bound[name] != nil
    }

    /// `expression` compiled to run on every row (its parts too: ``compile(_:)`` remembers
    /// only whole conditions and their `and`/`or` operands). An operation that reads nothing
    /// from the row (`2023-01-01 + 30d`, `lower("APT")`) is worked out here, once.
    func compileRow(_ expression: Expression) -> Compiled {
        switch expression.kind {
        case .binary, .unary, .call:
            guard case .none = dependence(expression) else { break }
            let parts = compileParts(expression)
            return constant { () throws(Diagnostic) in try parts(Self.noRow) }
        default:
            break
        }
        return compileParts(expression)
    }

    /// `expression` compiled part by part.
    private func compileParts(_ expression: Expression) -> Compiled {
        let span = expression.span
        switch expression.kind {
        case .literal(let literal):
            return constant { () throws(Diagnostic) in try Semantics.value(of: literal, at: span) }
        case .node(let id):
            return constant { () throws(Diagnostic) in
                guard let node = graph.node(id: id) else { throw Semantics.unknownNode(id, at: span, in: graph) }
                return semantics.context.value(of: node)
            }
        case .name(let name):
            return compileName(name, at: span)
        case .member(let base, let name):
            return compileMember(base, name, expression)
        case .index(let base, let index):
            let (list, position) = (compileRow(base), compileRow(index))
            let general: Compiled = { row throws(Diagnostic) in
                guard case .list(let elements) = try list(row) else { return .null }
                guard case .int(let number) = try position(row) else {
                    throw Diagnostic(code: .index, message: "a list index must be a whole number", span: index.span)
                }
                return elements.indices.contains(number) ? elements[number] : .null
            }
            return splitPiece(base, index, otherwise: general) ?? general
        case .call(let name, let arguments):
            return compileCall(name, arguments, expression)
        case .lambda:
            return failing(
                Diagnostic(
                    code: .lambdaOutsideQuantifier, message: "`x => …` can only be an argument of any() or all()",
                    span: span))
        case .list(let elements):
            let compiled = elements.map(compileRow)
            // A list of literals (`any(["Taiwan", "台湾"], w => subject contains w)`) is made once.
            if elements.allSatisfy({ if case .literal = $0.kind { true } else { false } }) {
                return constant { () throws(Diagnostic) in
                    .list(try compiled.map { element throws(Diagnostic) in try element(Self.noRow) })
                }
            }
            return { row throws(Diagnostic) in
                var values: [Value] = []
                values.reserveCapacity(compiled.count)
                for element in compiled { values.append(try element(row)) }
                return .list(values)
            }
        case .range:
            return failing(
                Diagnostic(
                    code: .rangeOutsideIn, message: "a range `a..b` can only follow `in`", span: span,
                    hint: "write ts in 2023-02..2023-10"))
        case .binary(let op, let left, let right):
            return binary(op, left, right, expression)
        case .unary(.not, let operand):
            let compiled = compileRow(operand)
            return { row throws(Diagnostic) in
                switch try compiled(row) {
                case .bool(let flag): return .bool(!flag)
                case .null: return .null
                case let other: throw semantics.typeError("`not` needs true or false", other, at: operand.span)
                }
            }
        case .unary(.negate, let operand):
            let compiled = compileRow(operand)
            return { row throws(Diagnostic) in
                let value = try compiled(row)
                guard let negative = Arithmetic.negate(value) else {
                    throw semantics.typeError("`-` needs a number", value, at: operand.span)
                }
                return negative
            }
        case .between(let value, let low, let high):
            let (subject, lower, upper) = (compileRow(value), compileRow(low), compileUpperBound(high))
            return { row throws(Diagnostic) in
                let (a, b, c) = (try subject(row), try lower(row), try upper(row))
                guard let above = ValueOrder.compare(a, b), let below = ValueOrder.compare(a, c) else { return .null }
                return .bool(above >= 0 && below <= 0)
            }
        case .isNull(let value, let negated):
            let compiled = compileRow(value)
            return { row throws(Diagnostic) in .bool(try compiled(row).isNull != negated) }
        }
    }

    /// A name: a bound name, a variable, a column, then a property or link of the row's node.
    private func compileName(_ name: String, at span: SourceSpan) -> Compiled {
        if let bound = bound[name] { return { _ in bound.value } }
        if let value = variables[name] { return { _ in value } }
        if let position = columns.firstIndex(of: name) {
            return { row in position < row.values.count ? row.values[position] : .null }
        }
        let context = semantics.context
        guard context.isKnownName(name) else {
            let (columns, variables) = (self.columns, Array(self.variables.keys) + bound.keys)
            return { _ throws(Diagnostic) in
                throw Diagnostic(
                    code: .unknownName, message: "unknown name `\(name)`", span: span,
                    hint: Spelling.suggestion(for: name, among: context.knownNames + columns + variables)
                        .map { "did you mean `\($0)`?" })
            }
        }
        let field = fieldReader(name)
        return { row in row.node.map(field) ?? .null }
    }

    /// `base.name`: a column of that dotted name, a link chain followed as node numbers, or
    /// the member of whatever the base is.
    private func compileMember(_ base: Expression, _ name: String, _ whole: Expression) -> Compiled {
        if let position = whole.dottedName.flatMap(columns.firstIndex(of:)) {
            return { row in position < row.values.count ? row.values[position] : .null }
        }
        let compiledBase = compileRow(base)
        let general: Compiled = { row throws(Diagnostic) in
            try semantics.member(try compiledBase(row), name, at: whole.span)
        }
        guard semantics.context.isKnownName(name) else { return general }
        let field = fieldReader(name)
        // `lure.subject`: the link followed as a node number, no value made for the lure.
        if let linked = compileLinkChain(base) { return { row in linked(row).map(field) ?? .null } }
        return { row throws(Diagnostic) in
            let value = try compiledBase(row)
            if case .node(let node) = value { return field(node.node) }
            return try semantics.member(value, name, at: whole.span)
        }
    }

    private func binary(_ op: BinaryOperator, _ left: Expression, _ right: Expression, _ whole: Expression) -> Compiled
    {
        if op == .and || op == .or {
            let (compiledLeft, compiledRight) = (compile(left), compile(right))
            return { row throws(Diagnostic) in
                let a = try semantics.truth(try compiledLeft(row), at: left.span)
                if op == .and, a == false { return .bool(false) }
                if op == .or, a == true { return .bool(true) }
                let b = try semantics.truth(try compiledRight(row), at: right.span)
                guard let a, let b else {
                    if op == .and, b == false { return .bool(false) }
                    if op == .or, b == true { return .bool(true) }
                    return .null
                }
                return .bool(op == .and ? a && b : a || b)
            }
        }
        if case .range = right.kind { return rangeMembership(op, left, right, whole) }
        if let fast = linkComparison(op, left, right) { return fast }
        let general = generalBinary(op, left, right, whole)
        return integerComparison(op, left, right, otherwise: general)
            ?? caseFoldedComparison(op, left, right, otherwise: general)
            ?? regexWithoutICU(op, left, right, otherwise: general)
            ?? textEquality(op, left, right, otherwise: general) ?? general
    }

    /// Both sides worked out, left first, and the operator applied to their values.
    private func generalBinary(_ op: BinaryOperator, _ left: Expression, _ right: Expression, _ whole: Expression)
        -> Compiled
    {
        let (compiledLeft, compiledRight) = (compileRow(left), compileRow(right))
        return { row throws(Diagnostic) in
            try semantics.combine(
                op, try compiledLeft(row), try compiledRight(row), left: left.span, right: right.span, at: whole.span)
        }
    }

    /// `ts in 2023-02..2023-10`: bounds that read nothing from the row are worked out once,
    /// not on every row (an error in them is thrown on every row, as it would be otherwise).
    private func rangeMembership(
        _ op: BinaryOperator, _ left: Expression, _ right: Expression, _ whole: Expression
    ) -> Compiled {
        guard case .range(let low, let high) = right.kind else { return generalBinary(op, left, right, whole) }
        guard op == .in || op == .notIn else {
            // Any other operator reads the range as a value, which is an error.
            return generalBinary(op, left, right, whole)
        }
        let subject = compileRow(left)
        guard case .none = dependence(low), case .none = dependence(high) else {
            let (lower, upper) = (compileRow(low), compileUpperBound(high))
            return { row throws(Diagnostic) in
                let value = try subject(row)
                return try semantics.rangeMembership(
                    value, try lower(row), try upper(row), notIn: op == .notIn, at: left.span)
            }
        }
        let bounds = constantBounds(low, high)
        let general: Compiled = { row throws(Diagnostic) in
            let value = try subject(row)
            let (lower, upper) = try bounds.get()
            return try semantics.rangeMembership(value, lower, upper, notIn: op == .notIn, at: left.span)
        }
        guard case .success(let (lower, upper)) = bounds else { return general }
        return integerRange(left, lower, upper, notIn: op == .notIn, otherwise: general) ?? general
    }

    /// An upper bound: a month literal covers the whole month, a date its whole day.
    func compileUpperBound(_ expression: Expression) -> Compiled {
        if case .literal(.month(let year, let month)) = expression.kind,
            let end = Semantics.endOfMonth(year: year, month: month)
        {
            return { _ in end }
        }
        let compiled = compileRow(expression)
        return { row throws(Diagnostic) in Semantics.upperBound(of: try compiled(row)) }
    }

    /// The bounds of a range that reads nothing from the row, worked out once (a month as
    /// the upper bound covers the whole month).
    func constantBounds(_ low: Expression, _ high: Expression) -> Result<(Value, Value), Diagnostic> {
        Result { () throws(Diagnostic) in
            (try value(of: low), try compileUpperBound(high)(Self.noRow))
        }
    }

    /// The value of an expression that reads nothing from the row (a literal, a `let` name,
    /// `2023-01-01 + 30d`); nil when it reads the row or fails.
    func constant(_ expression: Expression) -> Value? {
        guard case .none = dependence(expression) else { return nil }
        return try? value(of: expression)
    }

    /// Reads a property or link of a node, resolved once per kind and then remembered.
    func fieldReader(_ name: String) -> (NodeID) -> Value {
        let graph = self.graph
        let context = semantics.context
        // The common case, a property of one kind and no link of that name: read it directly
        // (the reader answers null for nodes of other kinds, which do not have the property).
        if let reader = directProperty(name) { return { node in reader.value(of: node) } }
        // A link of the same name wins over a property, as in `Semantics.nodeField`.
        let access: [FieldAccess] = graph.schema.kinds.indices.map { kind in
            if let link = graph.schema.links(of: graph.schema.kinds[kind].name).first(where: { $0.name == name }) {
                guard link.isSingleValued, let position = graph.schema.labelPosition(of: link.label) else {
                    return .other
                }
                return .singleLink(graph.linkTargets(direction: link.direction, labelPosition: position))
            }
            if let reader = PropertyReader(graph, property: name, kindIndex: kind) { return .column(reader) }
            // Not a link nor a declared property: an annotation, or a built-in or missing field.
            if EvaluationContext.annotationNames.contains(name) { return .other }
            return name == "id" ? .id : .builtIn
        }
        return { node in
            switch access[graph.kindIndex(of: node)] {
            case .column(let reader):
                return reader.value(of: node)
            case .singleLink(let targets):
                return targets.target(of: node).map(context.value(of:)) ?? .null
            case .id:
                return .string(graph.id(of: node))
            case .builtIn:
                return graph.value(name, of: node)
            case .other:
                return Semantics(context: context).nodeField(node, name)
            }
        }
    }

    /// How a name is read on nodes of one kind.
    private enum FieldAccess {
        case column(PropertyReader)
        case singleLink(LinkTargets)
        /// The node's id.
        case id
        /// Another built-in field (`kind`, `provenance`, …), or one the kind does not have.
        case builtIn
        case other
    }

    /// A value worked out once; an error in it is thrown each time it is asked for, as the
    /// expression would throw on every row.
    func constant(_ make: () throws(Diagnostic) -> Value) -> Compiled {
        do {
            let value = try make()
            return { _ in value }
        } catch {
            return failing(error)
        }
    }

    /// An expression that fails on every row it is run on (and only then: `false and x` does
    /// not run `x`).
    func failing(_ problem: Diagnostic) -> Compiled {
        { _ throws(Diagnostic) in throw problem }
    }
}
