import IncidentGraph
import PluginAPI
import QuerySyntax

/// An expression prepared once for a stage and then run on every row: names resolved to
/// columns and property accessors per kind, constants evaluated once. Forms it does not
/// specialise are handed to ``Evaluator``, whose semantics it follows exactly.
struct ExpressionCompiler {
    typealias Compiled = (Row) throws(Diagnostic) -> Value

    let evaluator: Evaluator
    let columns: [String]
    let variables: [String: Value]

    var graph: IncidentGraph { evaluator.context.graph }

    func compile(_ expression: Expression) -> Compiled {
        rememberedPerNode(expression, compileRow(expression))
    }

    /// `expression` compiled to run on every row (its parts too: ``compile(_:)`` remembers
    /// only whole conditions and their `and`/`or` operands).
    func compileRow(_ expression: Expression) -> Compiled {
        switch expression.kind {
        case .literal(let literal):
            return constant { () throws(Diagnostic) in try Evaluator.value(of: literal, at: expression.span) }
        case .node:
            return constant { () throws(Diagnostic) in
                try evaluator.evaluate(expression, scope(Row(node: nil, values: [])))
            }
        case .name(let name):
            if let value = variables[name] { return { _ in value } }
            if let position = columns.firstIndex(of: name) {
                return { row in position < row.values.count ? row.values[position] : .null }
            }
            guard evaluator.context.knownNames.contains(name) else { return fallback(expression) }
            let field = fieldReader(name)
            return { row in row.node.map(field) ?? .null }
        case .member(let base, let name):
            if let position = expression.dottedName.flatMap(columns.firstIndex(of:)) {
                return { row in position < row.values.count ? row.values[position] : .null }
            }
            guard evaluator.context.knownNames.contains(name) else { return fallback(expression) }
            let field = fieldReader(name)
            // `lure.subject`: the link followed as a node number, no value made for the lure.
            if let linked = compileLinkChain(base) { return { row in linked(row).map(field) ?? .null } }
            let compiledBase = compileRow(base)
            return { row throws(Diagnostic) in
                let value = try compiledBase(row)
                if case .node(let node) = value { return field(node.node) }
                if value.isNull { return .null }
                return try evaluator.evaluate(expression, scope(row))
            }
        case .binary(let op, let left, let right):
            return binary(op, left, right, expression)
        case .unary(.not, let operand):
            let compiled = compileRow(operand)
            return { row throws(Diagnostic) in
                switch try compiled(row) {
                case .bool(let flag): return .bool(!flag)
                case .null: return .null
                case let other: throw evaluator.typeError("`not` needs true or false", other, at: operand.span)
                }
            }
        case .isNull(let value, let negated):
            let compiled = compileRow(value)
            return { row throws(Diagnostic) in .bool(try compiled(row).isNull != negated) }
        case .call(let name, let arguments):
            if let field = CalendarField(rawValue: name) { return calendar(field, name, arguments, expression) }
            let special = ["any", "all", "coalesce", "now"]
            guard evaluator.context.state.functions[name] == nil, !special.contains(name) else {
                return fallback(expression)
            }
            let compiledArguments = arguments.map(compileRow)
            return { row throws(Diagnostic) in
                var values: [Value] = []
                values.reserveCapacity(compiledArguments.count)
                for argument in compiledArguments { values.append(try argument(row)) }
                return try evaluator.apply(name, values, arguments, at: expression.span)
            }
        default:
            return fallback(expression)
        }
    }

    private func binary(_ op: BinaryOperator, _ left: Expression, _ right: Expression, _ whole: Expression) -> Compiled
    {
        if op == .and || op == .or {
            let (compiledLeft, compiledRight) = (compile(left), compile(right))
            return { row throws(Diagnostic) in
                let a = try evaluator.truth(try compiledLeft(row), at: left.span)
                if op == .and, a == false { return .bool(false) }
                if op == .or, a == true { return .bool(true) }
                let b = try evaluator.truth(try compiledRight(row), at: right.span)
                guard let a, let b else {
                    if op == .and, b == false { return .bool(false) }
                    if op == .or, b == true { return .bool(true) }
                    return .null
                }
                return .bool(op == .and ? a && b : a || b)
            }
        }
        if case .range(let low, let high) = right.kind { return rangeMembership(op, left, low, high, whole) }
        if let fast = linkComparison(op, left, right) { return fast }
        let (compiledLeft, compiledRight) = (compileRow(left), compileRow(right))
        let general: Compiled = { row throws(Diagnostic) in
            try evaluator.combine(
                op, try compiledLeft(row), try compiledRight(row), left: left.span, right: right.span, at: whole.span)
        }
        return integerComparison(op, left, right, otherwise: general)
            ?? lowercaseComparison(op, left, right, otherwise: general) ?? general
    }

    /// `ts in 2023-02..2023-10`: bounds that read nothing from the row are worked out once,
    /// not on every row (an error in them is thrown on every row, as the evaluator would).
    private func rangeMembership(
        _ op: BinaryOperator, _ left: Expression, _ low: Expression, _ high: Expression, _ whole: Expression
    ) -> Compiled {
        guard op == .in || op == .notIn, case .none = dependence(low), case .none = dependence(high) else {
            return fallback(whole)
        }
        let subject = compileRow(left)
        let bounds = constantBounds(low, high)
        let general: Compiled = { row throws(Diagnostic) in
            let value = try subject(row)
            let (lower, upper) = try bounds.get()
            return try evaluator.rangeMembership(value, lower, upper, notIn: op == .notIn, at: left.span)
        }
        guard case .success(let (lower, upper)) = bounds else { return general }
        return integerRange(left, lower, upper, notIn: op == .notIn, otherwise: general) ?? general
    }

    /// The bounds of a range that reads nothing from the row, worked out once (a month as
    /// the upper bound covers the whole month).
    func constantBounds(_ low: Expression, _ high: Expression) -> Result<(Value, Value), Diagnostic> {
        let empty = scope(Row(node: nil, values: []))
        return Result { () throws(Diagnostic) in
            (try evaluator.evaluate(low, empty), try evaluator.upperBound(high, empty))
        }
    }

    /// The value of an expression that reads nothing from the row (a literal, a `let` name,
    /// `2023-01-01 + 30d`); nil when it reads the row or fails.
    func constant(_ expression: Expression) -> Value? {
        guard case .none = dependence(expression) else { return nil }
        return try? evaluator.evaluate(expression, scope(Row(node: nil, values: [])))
    }

    /// `hour(ts, "Asia/Shanghai")` and its kin with a zone written as text: the zone is looked
    /// up once, not on every row.
    private func calendar(_ field: CalendarField, _ name: String, _ arguments: [Expression], _ whole: Expression)
        -> Compiled
    {
        guard evaluator.context.state.functions[name] == nil, (1...2).contains(arguments.count) else {
            return fallback(whole)
        }
        var zoneName: String?
        if arguments.count == 2 {
            guard case .literal(.string(let text)) = arguments[1].kind else { return fallback(whole) }
            zoneName = text
        }
        guard let zone = evaluator.context.zones.zone(zoneName) else { return fallback(whole) }
        let compiledInstant = compileRow(arguments[0])
        let fixed = evaluator.context.zones.fixedOffset(zone)
        // `hour(ts)` of an instant property: the column's milliseconds, no value made per row.
        let stored: PropertyReader? =
            if case .name(let name) = arguments[0].kind, let reader = directProperty(name), reader.type == .instant {
                reader
            } else {
                nil
            }
        return { row throws(Diagnostic) in
            let milliseconds = stored.flatMap { reader in row.node.flatMap(reader.integer(of:)) }
            let value = milliseconds == nil ? try compiledInstant(row) : .null
            if let instant = milliseconds.map(Instant.init(millisecondsSinceEpoch:)) ?? evaluator.instant(value) {
                if let fixed, instant.millisecondsSinceEpoch >= fixed.since {
                    let local = Instant(
                        millisecondsSinceEpoch: instant.millisecondsSinceEpoch + Int64(fixed.offset) * 1000)
                    return field.value(day: local.day, millisecond: local.millisecondOfDay)
                }
                return evaluator.calendarValue(field, instant, zone)
            }
            if value.isNull { return .null }
            return try evaluator.evaluate(whole, scope(row))
        }
    }

    /// Reads a property or link of a node, resolved once per kind and then remembered.
    private func fieldReader(_ name: String) -> (NodeID) -> Value {
        let graph = self.graph
        let context = evaluator.context
        // The common case, a property of one kind and no link of that name: read it directly
        // (the reader answers null for nodes of other kinds, which do not have the property).
        if let reader = directProperty(name) { return { node in reader.value(of: node) } }
        // A link of the same name wins over a property, as in `Evaluator.nodeField`.
        let access: [FieldAccess] = graph.schema.kinds.indices.map { kind in
            if let link = graph.schema.links(of: graph.schema.kinds[kind].name).first(where: { $0.name == name }) {
                guard link.isSingleValued, let position = graph.schema.labelPosition(of: link.label) else {
                    return .other
                }
                return .singleLink(graph.linkTargets(direction: link.direction, labelPosition: position))
            }
            return PropertyReader(graph, property: name, kindIndex: kind).map(FieldAccess.column) ?? .other
        }
        return { node in
            switch access[graph.kindIndex(of: node)] {
            case .column(let reader):
                return reader.value(of: node)
            case .singleLink(let targets):
                return targets.target(of: node).map(context.value(of:)) ?? .null
            case .other:
                return Evaluator(context: context).nodeField(node, name)
            }
        }
    }

    /// How a name is read on nodes of one kind.
    private enum FieldAccess {
        case column(PropertyReader)
        case singleLink(LinkTargets)
        case other
    }

    private func constant(_ make: () throws(Diagnostic) -> Value) -> Compiled {
        do {
            let value = try make()
            return { _ in value }
        } catch {
            return { _ throws(Diagnostic) in throw error }
        }
    }

    private func fallback(_ expression: Expression) -> Compiled {
        { row throws(Diagnostic) in try evaluator.evaluate(expression, scope(row)) }
    }

    private func scope(_ row: Row) -> Scope {
        Scope(columns: columns, row: row, variables: variables)
    }
}
