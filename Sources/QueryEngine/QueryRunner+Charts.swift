import IncidentGraph
import PluginAPI
import QuerySyntax

/// `timeline`, `chart bar`, `heatmap`: the rows counted for drawing. The result is a table of
/// counts (what `:mode csv` writes) marked with the chart that shows it best.
extension QueryRunner {
    /// `heatmap X by Y`: a count for every (X, Y) present, in key order.
    func heatmap(_ x: Expression, by y: Expression, _ input: RowSet, _ variables: [String: Value]) throws(Diagnostic)
        -> RowSet
    {
        let items = [SelectItem(expression: x, alias: nil), SelectItem(expression: y, alias: nil)]
        var counted = try Grouping(runner: self, input: input, variables: variables).count(by: items)
        counted.rows.sort { a, b in
            for (p, q) in zip(a.values.prefix(2), b.values.prefix(2)) {
                if p.isNull != q.isNull { return q.isNull }
                let order = ValueOrder.sortOrder(p, q)
                if order != 0 { return order < 0 }
            }
            return false
        }
        counted.chart = .grid(row: 0, column: 1, value: 2)
        return counted
    }

    /// `chart bar [by EXPR]`: counts per value of EXPR as bars, largest first; without `by`,
    /// the rows as they are, labelled by their first column and measured by their last.
    func barChart(
        _ shape: String, by group: Expression?, _ input: RowSet, _ variables: [String: Value], at span: SourceSpan
    )
        throws(Diagnostic) -> RowSet
    {
        guard shape == "bar" else {
            throw Diagnostic(
                code: .chart, message: "unknown chart `\(shape)`", span: span,
                hint: "charts: chart bar [by EXPR], timeline [by month], heatmap X by Y")
        }
        if let group {
            var counted = try Grouping(runner: self, input: input, variables: variables).count(
                by: [SelectItem(expression: group, alias: nil)])
            counted.chart = .bars(label: 0, value: 1)
            return counted
        }
        guard input.columns.count >= 2 else {
            throw Diagnostic(
                code: .chart, message: "`chart bar` needs a label column and a number column", span: span,
                hint: "count first (… | count by sector | chart bar), or chart bar by EXPR")
        }
        var output = input
        output.carriesNodes = false
        output.chart = .bars(label: 0, value: input.columns.count - 1)
        return output
    }

    /// `timeline [by day|week|month|quarter|year]`: counts per period of the nodes' time
    /// property, every period from the first to the last (empty ones too), with the reported
    /// phases whose windows cover each period.
    func timeline(_ unit: String?, _ input: RowSet, at span: SourceSpan) throws(Diagnostic) -> RowSet {
        let graph = context.graph
        guard let period = TimelinePeriod(rawValue: unit ?? "month") else {
            throw Diagnostic(
                code: .timeline, message: "unknown time unit `\(unit ?? "")`", span: span,
                hint: "timeline by day, week, month, quarter or year")
        }
        // Each kind's time property, read as the milliseconds an instant is stored as, and which
        // of its nodes' times are recorded too coarsely for the period (a month for a day).
        let readers = graph.schema.kinds.indices.map { kind in
            graph.schema.kinds[kind].timeProperty.flatMap { PropertyReader(graph, property: $0, kindIndex: kind) }
        }
        let coarse = graph.schema.kinds.map { kind in
            kind.timeProperty.flatMap { property in
                CalendarField(rawValue: period.rawValue).flatMap { CoarseInstants(property, for: $0, in: graph) }
            }
        }
        var counts: [Int: Int] = [:]
        var leftOut = 0
        // The day of the rows counted last, its period and how many rows fell on it since it
        // was added to `counts`: rows mostly come in time order.
        var run: (day: Int32, period: Int, rows: Int)?
        for index in input.rows.indices {
            if index % 4096 == 0 { try context.checkCancelled() }
            guard let node = input.rows[index].node, let reader = readers[graph.kindIndex(of: node)],
                reader.type == .instant, let milliseconds = reader.integer(of: node)
            else { continue }
            if coarse[graph.kindIndex(of: node)]?.isCoarse(node, in: graph) == true {
                leftOut += 1
                continue
            }
            let day = Instant(millisecondsSinceEpoch: milliseconds).day
            if let current = run, current.day == day.daysSinceEpoch {
                run?.rows += 1
                continue
            }
            if let current = run { counts[current.period, default: 0] += current.rows }
            run = (day.daysSinceEpoch, period.index(of: day), 1)
        }
        if let current = run { counts[current.period, default: 0] += current.rows }
        guard let first = counts.keys.min(), let last = counts.keys.max() else {
            if leftOut > 0 {
                throw Diagnostic(
                    code: .timeline,
                    message:
                        "the time of every node here is recorded too coarsely for a timeline by \(period.rawValue)",
                    span: span, hint: "a longer unit: timeline by month, quarter or year")
            }
            throw Diagnostic(
                code: .timeline, message: "`timeline` needs rows of nodes with a time (incidents, events)",
                span: span, hint: "incidents | timeline by month")
        }
        guard last - first < 100_000 else {
            throw Diagnostic(
                code: .timeline, message: "the timeline would have more than 100,000 periods", span: span,
                hint: "use a longer unit: timeline by year")
        }
        let phases = reportedPhases()
        let rows = (first...last).map { index -> Row in
            let (start, end) = period.days(of: index)
            let covering = phases.filter { $0.start <= end && ($0.end ?? end) >= start }.map { Value.int($0.number) }
            return Row(
                node: nil, values: [.string(period.label(of: index)), .int(counts[index] ?? 0), .list(covering)])
        }
        let note =
            "\(leftOut) node\(leftOut == 1 ? "" : "s") left out: time recorded too coarsely for a timeline by \(period.rawValue)"
        return RowSet(
            columns: ["period", "count", "phases"], rows: rows, carriesNodes: false, notes: leftOut > 0 ? [note] : [],
            chart: .bars(label: 0, value: 1))
    }

    /// The `phase` nodes' numbers and windows, if the data has them.
    private func reportedPhases() -> [(number: Int, start: Day, end: Day?)] {
        let graph = context.graph
        return graph.nodes(ofKind: "phase").compactMap { node in
            guard case .int(let number) = graph.value("number", of: node),
                case .date(let start) = graph.value("start", of: node)
            else { return nil }
            if case .date(let end) = graph.value("end", of: node) { return (number, start, end) }
            return (number, start, nil)
        }
    }
}

/// A period of a timeline, numbered consecutively so that gaps can be filled.
enum TimelinePeriod: String {
    case day, week, month, quarter, year

    /// The number of the period containing a day.
    func index(of day: Day) -> Int {
        let (year, month, _) = day.components
        switch self {
        case .day: return Int(day.daysSinceEpoch)
        case .week: return (Int(day.daysSinceEpoch) + 3).floorDivided(by: 7)  // weeks start on Monday
        case .month: return year * 12 + month - 1
        case .quarter: return year * 4 + (month - 1) / 3
        case .year: return year
        }
    }

    /// The first and last day of a period.
    func days(of index: Int) -> (Day, Day) {
        func date(_ year: Int, _ month: Int) -> Day { Day(year: year, month: month, day: 1) ?? Day(daysSinceEpoch: 0) }
        func before(_ day: Day) -> Day { Day(daysSinceEpoch: day.daysSinceEpoch - 1) }
        switch self {
        case .day: return (Day(daysSinceEpoch: Int32(index)), Day(daysSinceEpoch: Int32(index)))
        case .week:
            let monday = Int32(index * 7 - 3)
            return (Day(daysSinceEpoch: monday), Day(daysSinceEpoch: monday + 6))
        case .month:
            let next = index + 1
            return (date(index / 12, index % 12 + 1), before(date(next / 12, next % 12 + 1)))
        case .quarter:
            let next = index + 1
            return (date(index / 4, index % 4 * 3 + 1), before(date(next / 4, next % 4 * 3 + 1)))
        case .year: return (date(index, 1), before(date(index + 1, 1)))
        }
    }

    /// How a period is written: `2023-02-01`, `2023-W05`, `2023-02`, `2023-Q1`, `2023`.
    func label(of index: Int) -> String {
        let (start, _) = days(of: index)
        let (year, month, _) = start.components
        switch self {
        case .day: return start.iso8601
        case .week: return "week of " + start.iso8601
        case .month: return String(start.iso8601.prefix(7))
        case .quarter: return "\(year)-Q\((month - 1) / 3 + 1)"
        case .year: return String(year)
        }
    }
}

extension Int {
    /// Division rounding towards minus infinity.
    fileprivate func floorDivided(by divisor: Int) -> Int {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
