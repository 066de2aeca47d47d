import IncidentGraph
import PluginAPI
import QuerySyntax

/// Comparisons of a stored whole-number property (`int`, `instant`, `date`, `duration`) with
/// a constant — `phase == 2`, `ts >= 2023-06-01`, `ts in 2023-02..2023-10` — compare the
/// column's integers, making no value per row. Only where the general form would order or equate
/// the two the same way; a row whose property is missing, or that is no node of the kind, goes
/// the general way, so nulls and type errors are the general form's own.
extension ExpressionCompiler {
    /// The reader of a name that is a plain property of one kind, or of the rows' kind
    /// (``rowKind``) among several (no column, variable, link or annotation of that name), as
    /// ``fieldReader(_:)`` reads it.
    func directProperty(_ name: String) -> PropertyReader? {
        directPropertyKind(name).flatMap { PropertyReader(graph, property: name, kindIndex: $0) }
    }

    /// This compiler for `expressions` on the rows of `input`, told the rows' kind (``rowKind``)
    /// when every row's node is known to be of one kind (``RowSet/nodesKind``,
    /// ``reading(_:onNodesOfKind:)``).
    func reading(_ expressions: [Expression], onRowsOf input: RowSet) -> ExpressionCompiler {
        guard input.carriesNodes, let kind = input.nodesKind else { return self }
        return reading(expressions, onNodesOfKind: kind)
    }

    /// This compiler for `expressions` on rows whose nodes are all of the kind at `kind`, told
    /// so (``rowKind``) when the expressions read nothing but the row's own node
    /// (``namesRead(_:)``: no linked node, no column): every property they name is then one of
    /// that kind's.
    func reading(_ expressions: [Expression], onNodesOfKind kind: Int) -> ExpressionCompiler {
        guard !expressions.isEmpty, expressions.allSatisfy({ namesRead($0) != nil }) else { return self }
        var compiler = self
        compiler.rowKind = kind
        return compiler
    }

    /// Whether `name` reads the built-in `kind` or `provenance` of the row's node: no column,
    /// variable, link or declared property has that name.
    func readsBuiltIn(_ name: String) -> Bool {
        ["kind", "provenance"].contains(name) && readsOwnField(name)
    }

    /// Whether `name` reads a built-in that the node's kind and provenance record decide:
    /// `kind`, `provenance`, `status` or `sources` (``NodeProvenances``).
    func readsRecordField(_ name: String) -> Bool {
        ["kind", "provenance", "status", "sources"].contains(name) && readsOwnField(name)
    }

    /// Whether `name` reads the analyst's `tags` or `notes` of the row's node.
    func readsAnnotation(_ name: String) -> Bool {
        EvaluationContext.annotationNames.contains(name) && readsOwnField(name)
    }

    /// Whether `name` reads a field of the row's node itself: no column, variable, link or
    /// declared property has that name.
    private func readsOwnField(_ name: String) -> Bool {
        !isVariable(name) && !columns.contains(name) && !graph.schema.links.contains { $0.name == name }
            && graph.schema.kinds.indices.allSatisfy { graph.propertyColumn(name, kindIndex: $0) == nil }
    }

    /// Whether `name` reads the built-in `id` of the row's node: no column, variable or link
    /// has that name (no kind may declare it).
    func readsID(_ name: String) -> Bool {
        name == "id" && !isVariable(name) && !columns.contains(name) && !graph.schema.links.contains { $0.name == name }
    }

    /// The numbers of the texts of a name that is a plain `string` property of one kind.
    func directTextCodes(_ name: String) -> TextCodes? {
        directPropertyKind(name).flatMap { graph.textCodes(name, kindIndex: $0) }
    }

    /// The kind that declares a name read as a plain property (see ``directProperty(_:)``).
    private func directPropertyKind(_ name: String) -> Int? {
        guard !isVariable(name), !columns.contains(name), semantics.context.isKnownName(name),
            !graph.schema.links.contains(where: { $0.name == name }),
            !EvaluationContext.annotationNames.contains(name)
        else { return nil }
        let declaring = graph.schema.kinds.indices.filter { graph.propertyColumn(name, kindIndex: $0) != nil }
        if declaring.count == 1 { return declaring[0] }
        return rowKind.flatMap { declaring.contains($0) ? $0 : nil }
    }

    /// `PROPERTY OP LITERAL` for the six comparison operators.
    func integerComparison(
        _ op: BinaryOperator, _ left: Expression, _ right: Expression, otherwise general: @escaping Compiled
    )
        -> Compiled?
    {
        let ordering: Bool
        switch op {
        case .equal, .notEqual: ordering = false
        case .less, .lessOrEqual, .greater, .greaterOrEqual: ordering = true
        default: return nil
        }
        guard case .name(let name) = left.kind, let reader = directProperty(name), let constant = constant(right),
            let key = Self.integerKey(constant, comparedWith: reader.type, ordering: ordering)
        else { return nil }
        return { row throws(Diagnostic) in
            guard let node = row.node, let value = reader.integer(of: node) else { return try general(row) }
            switch op {
            case .equal: return .bool(value == key)
            case .notEqual: return .bool(value != key)
            case .less: return .bool(value < key)
            case .lessOrEqual: return .bool(value <= key)
            case .greater: return .bool(value > key)
            default: return .bool(value >= key)
            }
        }
    }

    /// `PROPERTY [not] in LOWER..UPPER` with the bounds already worked out.
    func integerRange(
        _ left: Expression, _ lower: Value, _ upper: Value, notIn: Bool, otherwise general: @escaping Compiled
    )
        -> Compiled?
    {
        guard case .name(let name) = left.kind, let reader = directProperty(name),
            let low = Self.integerKey(lower, comparedWith: reader.type, ordering: true),
            let high = Self.integerKey(upper, comparedWith: reader.type, ordering: true)
        else { return nil }
        return { row throws(Diagnostic) in
            guard let node = row.node, let value = reader.integer(of: node) else { return try general(row) }
            return .bool((low <= value && value <= high) != notIn)
        }
    }

    /// A constant as a whole number in the scale a property of `type` is stored in, such that
    /// comparing the two numbers gives what ``ValueOrder`` (for `ordering`) or equality gives
    /// the two values; nil when it would not (another type, a decimal).
    static func integerKey(_ constant: Value, comparedWith type: ValueType, ordering: Bool) -> Int64? {
        switch (type, constant) {
        case (.int, .int(let number)): Int64(number)
        case (.instant, .instant(let instant)): instant.millisecondsSinceEpoch
        // A date is ordered as the instant its UTC day starts (equality is left to the general form).
        case (.instant, .date(let day)) where ordering: Int64(day.daysSinceEpoch) * 86_400_000
        case (.date, .date(let day)): Int64(day.daysSinceEpoch)
        case (.duration, .duration(let span)): span.seconds
        default: nil
        }
    }
}
