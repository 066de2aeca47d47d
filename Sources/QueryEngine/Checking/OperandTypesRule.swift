import IncidentGraph
import QuerySyntax

/// The two sides of a comparison or a text operator have types it takes, when the types of
/// both are known before anything runs: a literal, a node (`@jaxa`), or a property or link
/// declared for the kind of every row (`vector > 3`, `ts >= "2024-06-01"`, `lure.subject > 3`,
/// `files_exfiltrated contains "3"`). Found at run time instead, such a mistake would be
/// reported or not by what rows an index reads and what values the data holds; here it is
/// reported whatever the plan and the data.
struct OperandTypesRule: CheckRule {
    /// The operators whose errors depend on their operands' types only, not on their values.
    private static let typedOperators: Set<BinaryOperator> = [
        .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual, .contains, .startsWith, .endsWith,
    ]

    func problem(of expression: Expression, in scope: CheckScope) -> Diagnostic? {
        guard case .binary(let op, let left, let right) = expression.kind, Self.typedOperators.contains(op),
            let a = operand(left, in: scope), let b = operand(right, in: scope)
        else { return nil }
        // Values of the declared types stand for every value, so the runtime's own operator
        // is asked whether it takes them; the message names the sides as written.
        do {
            _ = try Semantics(context: scope.context).combine(
                op, a.sample, b.sample, left: left.span, right: right.span, at: expression.span)
            return nil
        } catch {
            switch op {
            case .contains, .startsWith, .endsWith:
                let leftIsText = if case .string = a.sample { true } else { false }
                let (wrong, wrongSide) = leftIsText ? (b, right) : (a, left)
                return Diagnostic(
                    code: .typeMismatch, message: "`\(op.rawValue)` works on text, not \(wrong.description)",
                    span: expression.span,
                    hint: idHint(wrong, wrongSide, in: expression, scope.runner.text))
            default:
                return Diagnostic(
                    code: .incomparable, message: "cannot compare \(a.description) with \(b.description)",
                    span: expression.span, hint: Semantics.comparisonHint(a.sample, b.sample))
            }
        }
    }

    /// For a node where text is wanted, the test written on its id instead (`target.id starts with
    /// "org-"`); nil for another value.
    private func idHint(
        _ wrong: Operand, _ side: Expression, in expression: Expression, _ text: (SourceSpan) -> String
    ) -> String? {
        guard case .node = wrong.sample else { return nil }
        let span = expression.span
        let before = text(SourceSpan(start: span.start, end: side.span.end))
        let after = text(SourceSpan(start: side.span.end, end: span.end))
        return "a node is not text; test its id: " + before + ".id" + after
    }

    /// A side whose type is known: a value of that type, and how the message names it.
    private struct Operand {
        let sample: Value
        let description: String
        /// The kind of the node it is, when it is a node of one kind.
        var kind: String?
    }

    private func operand(_ expression: Expression, in scope: CheckScope) -> Operand? {
        let graph = scope.context.graph
        let columns = scope.shape.columns
        switch expression.kind {
        case .literal(let literal):
            guard let value = try? Semantics.value(of: literal, at: expression.span), !value.isNull else { return nil }
            return Operand(sample: value, description: Semantics.describe(value))
        case .node(let id):
            guard let node = graph.node(id: id) else { return nil }
            return Operand(
                sample: scope.context.value(of: node), description: "node @\(id)", kind: graph.kindName(of: node))
        case .name(let name) where scope.shape.nodeColumns.contains(name) && !scope.variables.contains(name):
            return Operand(
                sample: Self.someNode, description: "`\(name)` (a node)", kind: scope.shape.columnKinds[name])
        case .name(let name):
            guard scope.shape.carriesNodes, let kind = scope.shape.nodeKind, !scope.variables.contains(name),
                !columns.contains(name), !columns.contains("*")
            else { return nil }
            return field(name, of: kind, in: graph.schema, written: name)
        case .member(let base, let name):
            guard expression.dottedName.map(columns.contains) != true, let kind = operand(base, in: scope)?.kind
            else { return nil }
            return field(name, of: kind, in: graph.schema, written: scope.runner.text(expression.span))
        default:
            return nil
        }
    }

    /// What `name` reads on a node of `kind`, as ``Semantics/nodeField(_:_:)`` reads it: a link
    /// first, then the analyst's annotations, then a property; nil for a name the kind does
    /// not have (it reads null, which compares with anything). `written` is how the statement
    /// names it (`lure.subject`).
    private func field(_ name: String, of kind: String, in schema: Schema, written: String) -> Operand? {
        if let link = schema.links(of: kind).first(where: { $0.name == name }) {
            guard link.isSingleValued else { return Operand(sample: .list([]), description: "`\(written)` (a list)") }
            let label = schema.edgeLabel(named: link.label)
            let ends = (link.direction == .out ? label?.to : label?.from) ?? []
            return Operand(
                sample: Self.someNode, description: "`\(written)` (a node)", kind: ends.count == 1 ? ends[0] : nil)
        }
        if EvaluationContext.annotationNames.contains(name) {
            return Operand(sample: .list([]), description: "`\(written)` (a list)")
        }
        let properties = Schema.builtInProperties + (schema.kind(named: kind)?.properties ?? [])
        guard let property = properties.first(where: { $0.name == name }), let sample = Self.sample(of: property.type)
        else { return nil }
        let typeName = if case .string = sample { "text" } else { Semantics.describe(sample) }
        return Operand(sample: sample, description: "`\(written)` (\(typeName))")
    }

    /// A value that stands for any node.
    private static let someNode = Value.node(NodeReference(node: NodeID(index: 0), id: ""))

    /// A value of a declared type.
    private static func sample(of type: ValueType) -> Value? {
        switch type {
        case .bool: .bool(false)
        case .int: .int(0)
        case .double: .double(0)
        case .string: .string("")
        case .instant: .instant(Instant(millisecondsSinceEpoch: 0))
        case .date: .date(Day(daysSinceEpoch: 0))
        case .duration: .duration(TimeSpan(seconds: 0))
        case .list: .list([])
        case .node: nil
        }
    }
}
