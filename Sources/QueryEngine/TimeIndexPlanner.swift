import IncidentGraph
import PluginAPI
import QuerySyntax

/// The time-index rewrite: a kind source followed by `where TIME in A..B` — or `TIME between A
/// and B`, `TIME >= A` (and `>`, `<=`, `<`), `date(TIME) == D`, `year(TIME) == Y` — alone or and-ed with other
/// conditions, reads only the nodes in that range from the time index, instead of scanning the
/// kind. The full condition is still applied, and the rows are put back in graph order, so the
/// answer is the same as without the index.
extension QueryRunner {
    /// The time range a kind's time index can read for a query whose first stage is `stage`:
    /// that of `where TIME in A..B` (or the other forms above) with literal bounds, alone or
    /// and-ed with other conditions.
    func timeRange(of kind: KindSchema, in stage: Stage) throws(Diagnostic) -> ClosedRange<Instant>? {
        guard let timeProperty = kind.timeProperty, case .filter(let condition) = stage.kind,
            let span = context.graph.timeIndex(ofKind: kind.name)?.span
        else { return nil }
        return try timeRange(condition, timeProperty, within: span)
    }

    /// The range of a condition; an open end (`ts >= A`) is the end of `span`, the times the
    /// index holds.
    private func timeRange(_ condition: Expression, _ property: String, within span: ClosedRange<Instant>)
        throws(Diagnostic) -> ClosedRange<Instant>?
    {
        switch condition.kind {
        case .binary(.and, let left, let right):
            // Both parts' ranges, where each has one (`ts >= A and ts < B`), meet; where they
            // do not overlap, no row passes, and the first instant of the later one is read.
            let (first, second) = (
                try timeRange(left, property, within: span), try timeRange(right, property, within: span)
            )
            guard let first, let second else { return first ?? second }
            let (lower, upper) = (max(first.lowerBound, second.lowerBound), min(first.upperBound, second.upperBound))
            return lower <= upper ? lower...upper : lower...lower
        case .binary(.in, let subject, let range):
            guard case .range(let low, let high) = range.kind else { return nil }
            return try timeRange(subject, from: low, through: high, property)
        case .between(let subject, let low, let high):
            return try timeRange(subject, from: low, through: high, property)
        case .binary(let op, let subject, let bound)
        where [.less, .lessOrEqual, .greater, .greaterOrEqual].contains(op):
            // A date or month compares as the instant it starts.
            guard case .name(property) = subject.kind, let instant = try literalInstant(bound, end: false) else {
                return nil
            }
            let (milliseconds, first, last) = (
                instant.millisecondsSinceEpoch, span.lowerBound.millisecondsSinceEpoch,
                span.upperBound.millisecondsSinceEpoch
            )
            let (lower, upper): (Int64, Int64) =
                switch op {
                case .less: (first, min(last, milliseconds == .min ? .min : milliseconds - 1))
                case .lessOrEqual: (first, min(last, milliseconds))
                case .greater: (max(first, milliseconds == .max ? .max : milliseconds + 1), last)
                default: (max(first, milliseconds), last)
                }
            return lower <= upper
                ? Instant(millisecondsSinceEpoch: lower)...Instant(millisecondsSinceEpoch: upper) : nil
        case .binary(.equal, let call, let literal):
            guard case .call(let function, let arguments) = call.kind, arguments.count == 1,
                context.state.functions[function] == nil
            else { return nil }
            switch (function, literal.kind) {
            case ("date", .literal(.date)):
                // `date(TIME) == D` in UTC: the instants of that day.
                return try timeRange(arguments[0], from: literal, through: literal, property)
            case ("year", .literal(.integer(let year))):
                // `year(TIME) == Y` in UTC: the instants of that year.
                guard case .name(property) = arguments[0].kind, (1...9998).contains(year),
                    let first = Instant(iso8601: Self.newYear(year)),
                    let next = Instant(iso8601: Self.newYear(year + 1))
                else { return nil }
                return first...Instant(millisecondsSinceEpoch: next.millisecondsSinceEpoch - 1)
            default:
                return nil
            }
        default:
            return nil
        }
    }

    /// The range of `subject in low..high` when the subject is the time property and the bounds
    /// are literals (a date or month as the upper bound covering all of it).
    private func timeRange(_ subject: Expression, from low: Expression, through high: Expression, _ property: String)
        throws(Diagnostic) -> ClosedRange<Instant>?
    {
        guard case .name(property) = subject.kind, let lower = try literalInstant(low, end: false),
            let upper = try literalInstant(high, end: true)
        else { return nil }
        return lower <= upper ? lower...upper : nil
    }

    /// The first instant of a year, UTC, as ISO 8601 text.
    private static func newYear(_ year: Int) -> String {
        String(repeating: "0", count: max(0, 4 - String(year).count)) + "\(year)-01-01T00:00:00Z"
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
