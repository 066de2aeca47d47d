import IncidentGraph
import PluginAPI
import QuerySyntax

/// The time-index rewrite: a kind source followed by `where TIME in A..B` (alone or and-ed
/// with other conditions) reads only the nodes in that range from the time index, instead of
/// scanning the kind. The full condition is still applied, and the rows are put back in graph
/// order, so the answer is the same as without the index.
extension QueryRunner {
    /// The time range a kind's time index can read for a query whose first stage is `stage`:
    /// that of `where TIME in A..B` with literal bounds, alone or and-ed with other conditions.
    func timeRange(of kind: KindSchema, in stage: Stage) throws(Diagnostic) -> ClosedRange<Instant>? {
        guard let timeProperty = kind.timeProperty, case .filter(let condition) = stage.kind else { return nil }
        return try timeRange(condition, timeProperty)
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
        let semantics = Semantics(context: context)
        if end, case .month(let year, let month) = literal {
            return Semantics.endOfMonth(year: year, month: month).flatMap(semantics.instant)
        }
        let value = try Semantics.value(of: literal, at: expression.span)
        return semantics.instant(end ? Semantics.upperBound(of: value) : value)
    }
}
