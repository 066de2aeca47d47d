import IncidentGraph
import PluginAPI
import QuerySyntax

/// The time-index rewrite: a kind source followed by `where TIME in A..B` (alone or and-ed
/// with other conditions) reads only the nodes in that range from the time index, instead of
/// scanning the kind. The full condition is still applied, and the rows are put back in graph
/// order, so the answer is the same as without the index.
extension QueryRunner {
    func timeIndexed(_ source: Source, _ stage: Stage) throws(Diagnostic) -> RowSet? {
        guard case .name(let name) = source.kind, context.state.bindings[name] == nil,
            let kind = context.graph.schema.kind(named: name), let timeProperty = kind.timeProperty,
            case .filter(let condition) = stage.kind, let range = try timeRange(condition, timeProperty)
        else { return nil }
        return context.graph.nodes(ofKind: kind.name, timeIn: range).map { .nodes($0.sorted()) }
    }

    /// How the planner will run a query, for `:explain`: whether the time index reads the
    /// source, and which `where` stages are tested while grouping.
    public func explain(_ query: Query) throws(Diagnostic) -> String {
        var plan: String
        if let first = query.stages.first, try timeIndexed(query.source, first) != nil,
            case .name(let name) = query.source.kind
        {
            plan = "read `\(name)` through the time index for the range in the first `where`"
        } else {
            plan = "scan the source"
        }
        plan += ", then apply \(query.stages.count) stage(s) in order"
        let fused = query.stages.indices.dropLast().filter { position in
            if case .filter = query.stages[position].kind { return Self.groups(query.stages[position + 1]) }
            return false
        }
        if !fused.isEmpty {
            plan +=
                "; stage " + fused.map { String($0 + 1) }.joined(separator: ", ")
                + " (`where`) tested while the next stage groups, without a table in between"
        }
        return plan
    }

    private func timeRange(_ condition: Expression, _ property: String) throws(Diagnostic) -> ClosedRange<Instant>? {
        switch condition.kind {
        case .binary(.and, let left, let right):
            if let range = try timeRange(left, property) { return range }
            return try timeRange(right, property)
        case .binary(.in, let subject, let range):
            guard case .name(property) = subject.kind, case .range(let low, let high) = range.kind,
                let lower = try literalInstant(low, end: false), let upper = try literalInstant(high, end: true)
            else { return nil }
            return lower <= upper ? lower...upper : nil
        default:
            return nil
        }
    }

    /// A literal date, month or date-time as the first (or last) instant it covers.
    private func literalInstant(_ expression: Expression, end: Bool) throws(Diagnostic) -> Instant? {
        guard case .literal(let literal) = expression.kind else { return nil }
        let evaluator = Evaluator(context: context)
        let value =
            end
            ? try evaluator.upperBound(expression, Scope(columns: [], row: Row(node: nil, values: [])))
            : try Evaluator.value(of: literal, at: expression.span)
        return evaluator.instant(value)
    }
}
