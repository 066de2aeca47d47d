import IncidentGraph
import PluginAPI
import QuerySyntax

/// Planning a checked query (``QueryPlan``) and executing the plan.
extension QueryRunner {
    /// How a query will run: its access path and operators, with the rows each is expected to
    /// give. The query must have passed the checker.
    public func plan(_ written: Query) throws(Diagnostic) -> QueryPlan {
        let query = pushingDownExtends(pushingWhereIntoMatch(written))
        let (access, accessEstimate) = try accessPath(of: query)
        var operators: [QueryPlan.Operator] = []
        var estimate = accessEstimate
        var position = 0
        while position < query.stages.count {
            // `where` then `count` or `summarize`: rows are tested as they are grouped, and the
            // rows that pass are never gathered into a table of their own.
            let fuses =
                if case .filter = query.stages[position].kind, position + 1 < query.stages.count,
                    Self.groups(query.stages[position + 1])
                { true } else { false }
            let grouping = position + (fuses ? 1 : 0)
            // Then `top N by` a column: only the groups it keeps are made into rows.
            let keepsTop =
                Self.groups(query.stages[grouping]) && grouping + 1 < query.stages.count
                && Self.keepsFewGroups(query.stages[grouping + 1])
            // `count by` (or `distinct` of values) then `count`: only the groups are counted.
            let countsGroups =
                !keepsTop && grouping + 1 < query.stages.count
                && Self.countsGroups(query.stages[grouping], query.stages[grouping + 1])
            // `select` then `distinct`: the distinct values are found without the selected rows.
            let selectsDistinct =
                !fuses && !keepsTop && position + 1 < query.stages.count
                && Self.selectsDistinct(query.stages[position], query.stages[position + 1])
            let stages = position..<(grouping + (keepsTop || countsGroups || selectsDistinct ? 2 : 1))
            if fuses { estimate = estimate.orFewer }
            for stage in query.stages[grouping..<stages.upperBound] {
                estimate = Self.estimate(after: stage, given: estimate)
            }
            let sortedAlready =
                if case .timeOrder(_, let range, _, _) = access, position == (range == nil ? 0 : 1) { true } else {
                    false
                }
            // `sort`, `count by` or `summarize … by` then `take N` (or `skip K | take M`): only
            // the first N (K + M) rows are picked out in order; by a sort, at most 1,000 unless
            // they come in its order (the others are sorted whole, ``top(_:_:_:_:)``).
            var keepsFirst =
                stages.count == 1 || fuses && !keepsTop
                ? Self.firstRowsKept(query.stages[grouping], then: query.stages[stages.upperBound...]) : nil
            if case .sort = query.stages[grouping].kind, !sortedAlready, let first = keepsFirst, first > 1_000 {
                keepsFirst = nil
            }
            let computesFirst = stages.count == 1 ? Self.rowsComputed(from: query.stages[position...]) : nil
            if let computesFirst, let bound = estimate.bound, computesFirst < bound {
                estimate = estimate == .exactly(bound) ? .exactly(computesFirst) : .atMost(computesFirst)
            }
            operators.append(
                QueryPlan.Operator(
                    stages: stages, estimate: estimate, fusesFilter: fuses, keepsTop: keepsTop,
                    countsGroups: countsGroups, keepsFirst: keepsFirst,
                    computesFirst: computesFirst, sortedAlready: sortedAlready, selectsDistinct: selectsDistinct))
            position = stages.upperBound
        }
        return QueryPlan(query: query, access: access, accessEstimate: accessEstimate, operators: operators)
    }

    /// Runs a query's plan and measures every step, for `:explain analyze`: the rows each gave
    /// and the time it took. The query must have passed the checker.
    public func analyze(_ query: Query) throws(Diagnostic) -> (QueryPlan, PlanMeasurement) {
        let plan = try plan(query)
        var measurement: PlanMeasurement? = PlanMeasurement()
        _ = try execute(plan, measuring: &measurement)
        return (plan, measurement ?? PlanMeasurement())
    }

    /// Runs a plan; `measurement`, when there is one, hears the rows and time of every step.
    func execute(_ plan: QueryPlan, measuring measurement: inout PlanMeasurement?) throws(Diagnostic) -> RowSet {
        let clock = ContinuousClock()
        var started = clock.now
        func measure(rows count: Int) {
            guard measurement != nil else { return }
            let now = clock.now
            measurement?.rows.append(count)
            measurement?.durations.append(now - started)
            started = now
        }
        func measured(_ rows: RowSet) -> RowSet {
            measure(rows: rows.count)
            return rows
        }
        var rows: RowSet
        var next = 0
        // Whether the access path gave the rows in the order of the `sort` the plan says needs
        // no sorting (the `where` before it keeps their order).
        var inTimeOrder = false
        if case .allEdges = plan.access {
            // The steps the edge arrays answer, up to the first that needs the edges' rows.
            var scan = EdgeScan(runner: self)
            measure(rows: scan.passingCount)
            var made: RowSet?
            while made == nil, next < plan.operators.count {
                try context.checkCancelled()
                switch try scan.run(plan.operators[next], of: plan.query) {
                case .narrowed: measure(rows: scan.passingCount)
                case .rows(let stepRows): made = measured(stepRows)
                case .leftToGeneralForm:
                    made = try scan.rows(first: plan.operators[next].computesFirst)
                    continue
                }
                next += 1
            }
            if let made { rows = made } else { rows = try scan.rows() }
        } else {
            rows = measured(try accessRows(plan, inTimeOrder: &inTimeOrder))
        }
        for (position, step) in plan.operators.enumerated().dropFirst(next) {
            try context.checkCancelled()
            let stage = plan.query.stages[step.stages.lowerBound]
            if step.sortedAlready, inTimeOrder {
                if let limit = step.keepsFirst { rows.keepFirst(limit) }
                rows = measured(rows)
                continue
            }
            if step.fusesFilter || step.keepsTop || step.countsGroups {
                var grouping = Grouping(runner: self, input: rows, variables: [:])
                if step.fusesFilter, case .filter(let condition) = stage.kind {
                    grouping.condition = resolvingColumns(condition, rows.columns)
                }
                if step.keepsTop, case .top(let count, let key) = plan.query.stages[step.stages.upperBound - 1].kind {
                    grouping.top = (try rowCount(count, [:]), key)
                }
                grouping.first = step.keepsFirst
                grouping.countsGroups = step.countsGroups
                let groups = step.stages.lowerBound + (step.fusesFilter ? 1 : 0)
                rows = try apply(plan.query.stages[groups], to: rows, variables: [:], grouping: grouping)
            } else if step.selectsDistinct {
                rows = try apply(stage, to: rows, variables: [:], distinctRows: true)
            } else {
                if let limit = step.computesFirst { rows.keepFirst(limit) }
                var keepsFirst = step.keepsFirst
                if keepsFirst == nil, inTimeOrder { keepsFirst = rowsKeptBeforeTimeSort(at: position, plan, rows) }
                rows = try apply(stage, to: rows, variables: [:], keepingFirst: keepsFirst)
            }
            rows = measured(rows)
        }
        return rows
    }

    /// The rows the `where` at step `position` keeps when `rows` come in time order and the
    /// step after it is the `sort` by time they need no longer, then `take N`: its first N,
    /// so that it tests rows until N pass — when it cannot fail on a row after them, which the
    /// sort would have made it test. Nil otherwise.
    private func rowsKeptBeforeTimeSort(at position: Int, _ plan: QueryPlan, _ rows: RowSet) -> Int? {
        let stage = plan.query.stages[plan.operators[position].stages.lowerBound]
        guard case .filter(let condition) = stage.kind, position + 1 < plan.operators.count,
            plan.operators[position + 1].sortedAlready,
            let vector = VectorCondition(resolvingColumns(condition, rows.columns), compiler: compiler(rows, [:])),
            vector.cannotFail
        else { return nil }
        return plan.operators[position + 1].keepsFirst
    }

    /// The rows of the access path: through the time or the link index when the plan says so,
    /// without making the rows of the whole kind first; `inTimeOrder` is set when they were read
    /// in time order as the plan asks.
    private func accessRows(_ plan: QueryPlan, inTimeOrder: inout Bool) throws(Diagnostic) -> RowSet {
        switch plan.access {
        case .timeIndex(let kind, let range):
            if let nodes = context.graph.nodeNumbers(ofKind: kind, timeIn: range) {
                return .distinctNodes(numbered: nodes, ofKind: context.graph.schema.kindPosition(of: kind))
            }
        case .timeOrder(let kind, let range, let descending, let first):
            if let nodes = context.graph.nodeNumbersInTimeOrder(
                ofKind: kind, timeIn: range, descending: descending, first: first)
            {
                // Rows a `where` tests first keep time order only where it is graph order, which
                // the `where` reads fastest; else they are put back in graph order and sorted.
                let position = context.graph.schema.kindPosition(of: kind)
                guard range == nil || zip(nodes, nodes.dropFirst()).allSatisfy({ $0 < $1 }) else {
                    return .distinctNodes(numbered: nodes.sorted(), ofKind: position)
                }
                inTimeOrder = true
                return .distinctNodes(numbered: nodes, ofKind: position)
            }
        case .linkIndex(let kind, let chain, let id):
            if let nodes = nodes(ofKind: kind, reaching: id, through: chain) { return .nodes(nodes) }
        case .linkCondition(let kind, let chain, _, let targets):
            if let nodes = nodes(ofKind: kind, reaching: targets, through: chain) { return .nodes(nodes) }
        case .idIndex(let kind, let id):
            return node(id, ofKind: kind)
        default:
            break
        }
        return try rows(of: plan.query.source)
    }

    private func accessPath(of query: Query) throws(Diagnostic) -> (QueryPlan.Access, RowEstimate) {
        let graph = context.graph
        switch query.source.kind {
        case .name(let name):
            if let bound = context.state.bindings[name] { return (.binding(name), .exactly(bound.count)) }
            if name == "nodes" { return (.allNodes, .exactly(graph.nodeCount)) }
            if name == "edges" { return (.allEdges, .exactly(graph.edgeCount)) }
            guard let kind = graph.schema.kind(named: name) else { throw unknownSource(name, at: query.source.span) }
            // The index that reads the fewest rows, of those the first `where` allows.
            var best: (QueryPlan.Access, RowEstimate) = (
                .kindScan(kind: kind.name), .exactly(graph.nodeCount(ofKind: kind.name))
            )
            func consider(_ access: QueryPlan.Access, rows: Int) {
                if rows < best.1.bound ?? Int.max { best = (access, .exactly(rows)) }
            }
            if let ordered = try timeOrder(of: kind, query) { return ordered }
            if let first = query.stages.first {
                if let id = wantedID(in: first) {
                    consider(.idIndex(kind: kind.name, id: id), rows: node(id, ofKind: kind.name).rows.count)
                }
                // The time index only when it leaves out at least half of the kind's nodes: its
                // rows are put back in graph order, which a scan of most of them does not need.
                if let range = try timeRange(of: kind, in: first),
                    let count = graph.nodeCount(ofKind: kind.name, timeIn: range),
                    count <= graph.nodeCount(ofKind: kind.name) / 2
                {
                    consider(.timeIndex(kind: kind.name, range: range), rows: count)
                }
                // Rows read from an index are not the kind's table, which the column loops read
                // fastest: the link index only when it reads few of the kind's nodes.
                if let (chain, id) = linkIndex(of: kind, in: first),
                    let nodes = nodes(ofKind: kind.name, reaching: id, through: chain),
                    nodes.count <= graph.nodeCount(ofKind: kind.name) / Self.linkIndexShare(hops: chain.count)
                {
                    consider(.linkIndex(kind: kind.name, chain: chain, id: id), rows: nodes.count)
                }
                // Each hop back follows at most as many edges as the index may give rows.
                if let (chain, part, targets) = linkCondition(of: kind, in: first),
                    case let most = graph.nodeCount(ofKind: kind.name) / Self.linkIndexShare(hops: chain.count),
                    let nodes = nodes(ofKind: kind.name, reaching: targets, through: chain, atMost: most)
                {
                    consider(
                        .linkCondition(kind: kind.name, chain: chain, part: part, targets: targets), rows: nodes.count)
                }
            }
            return best
        case .node(let id): return (.idLookup(id), .exactly(1))
        case .match: return (.patternMatch, .unknown)
        case .path(let from, let to, _, _): return (.shortestPath(from: from, to: to), .unknown)
        }
    }

    /// The time-ordered read of a kind's nodes for a query that sorts them by their time (one
    /// key): first, with a `take N` after, directly or as ``firstRowsKept(_:then:)`` finds it
    /// (only N nodes are read); or earliest first right after
    /// a `where` the time index reads for (``QueryPlan/Access/timeIndex(kind:range:)``), when the
    /// index's order is graph order. Nil for another query: reading every node in time order
    /// (no `take`), or rows a `where` tests in another order than the graph's, is slower than
    /// sorting them.
    private func timeOrder(of kind: KindSchema, _ query: Query) throws(Diagnostic) -> (
        QueryPlan.Access, RowEstimate
    )? {
        let graph = context.graph
        guard let time = kind.timeProperty, graph.timeIndex(ofKind: kind.name) != nil else { return nil }
        func sortByTime(at position: Int) -> SortKey? {
            guard position < query.stages.count, case .sort(let keys) = query.stages[position].kind,
                keys.count == 1, case .name(time) = keys[0].expression.kind
            else { return nil }
            return keys[0]
        }
        if let key = sortByTime(at: 0) {
            // `take N` right after the sort, or after `select` and `extend` stages (or `skip K |
            // take M`, N = K + M).
            guard query.stages.count > 1,
                let first = Self.takenCount(query.stages[1])
                    ?? Self.firstRowsKept(query.stages[0], then: query.stages[1...])
            else { return nil }
            return (
                .timeOrder(kind: kind.name, range: nil, descending: key.descending, first: first),
                .exactly(min(first, graph.nodeCount(ofKind: kind.name)))
            )
        }
        // `top N by` the time: the first N of the sort by it, ties in graph order, as `top` keeps them.
        if let stage = query.stages.first, case .top(let count, let key) = stage.kind,
            case .name(time) = key.expression.kind, let first = Self.constantCount(count)
        {
            return (
                .timeOrder(kind: kind.name, range: nil, descending: key.descending, first: first),
                .exactly(min(first, graph.nodeCount(ofKind: kind.name)))
            )
        }
        guard let key = sortByTime(at: 1), !key.descending, let range = try timeRange(of: kind, in: query.stages[0]),
            let count = graph.nodeCount(ofKind: kind.name, timeIn: range),
            count <= graph.nodeCount(ofKind: kind.name) / 2
        else { return nil }
        return (.timeOrder(kind: kind.name, range: range, descending: false, first: nil), .exactly(count))
    }

    /// N for a `take N` with a constant N.
    private static func takenCount(_ stage: Stage) -> Int? {
        guard case .take(let count) = stage.kind else { return nil }
        return constantCount(count)
    }

    /// The link index is read when it gives at most this part of a kind's nodes: a sixteenth
    /// through one link, a thirty-second through more, whose hops back cost more. On a million
    /// incidents, `where actor == @apt10 | count` (4 %) 4.2 → 2.4 ms from the index; `where
    /// target.sector == @manufacturing | count` (6 %) 9 ms by a scan, 12 ms from the index.
    static func linkIndexShare(hops: Int) -> Int { hops == 1 ? 16 : 32 }

    /// The rows a stage is expected to give from `input` rows.
    private static func estimate(after stage: Stage, given input: RowEstimate) -> RowEstimate {
        switch stage.kind {
        case .filter, .distinct: return input.orFewer
        case .select, .extend, .sort, .export: return input
        case .take(let count), .top(let count, _):
            guard let limit = constantCount(count) else { return input.orFewer }
            switch input {
            case .exactly(let rows): return .exactly(min(limit, rows))
            case .atMost(let rows): return .atMost(min(limit, rows))
            case .unknown: return .atMost(limit)
            }
        case .skip(let count):
            guard let skipped = constantCount(count), case .exactly(let rows) = input else { return input.orFewer }
            return .exactly(max(0, rows - skipped))
        case .count(let by), .summarize(_, let by): return by.isEmpty ? .exactly(1) : input.orFewer
        case .traverse, .path, .timeline, .chart, .heatmap, .named: return .unknown
        }
    }

    /// Whether `grouping` is a `count by` or a `distinct` of values (with groups: `distinct vector`,
    /// not `distinct` of whole rows) and `next` a `count` of its rows, which is how many groups
    /// there are.
    private static func countsGroups(_ grouping: Stage, _ next: Stage) -> Bool {
        guard case .count(let by) = next.kind, by.isEmpty else { return false }
        switch grouping.kind {
        case .count(let groups): return !groups.isEmpty
        case .distinct(let expressions): return !expressions.isEmpty
        default: return false
        }
    }

    /// A count written as a whole number (`take 10`); nil for one that is worked out.
    /// `top N by NAME` with a constant N of at most 1,000: kept while grouping when NAME is an
    /// aggregate's column (the grouping checks that, and otherwise keeps the top of all rows).
    private static func keepsFewGroups(_ stage: Stage) -> Bool {
        guard case .top(let count, let key) = stage.kind, let limit = constantCount(count), limit <= 1_000,
            case .name = key.expression.kind
        else { return false }
        return true
    }

    /// N when `stages` begin with `select` or `extend` stages and a `take N` with a constant N
    /// follows them: each of those makes a row from the row at the same place, so only the
    /// first N rows need be made.
    private static func rowsComputed(from stages: ArraySlice<Stage>) -> Int? {
        for (offset, stage) in stages.enumerated() {
            switch stage.kind {
            case .select, .extend: continue
            case .take(let count) where offset > 0: return constantCount(count)
            default: return nil
            }
        }
        return nil
    }

    /// The rows of `stage` the stages after it keep, when only its first N are: N when they
    /// begin with `take N`, or with `skip K | take M` (N = K + M), constants, after any `select`
    /// and `extend` stages (each makes a row from the row at the same place: `sort ts desc |
    /// select id, actor.name | take 10`); for a `where` (rows are tested until N pass), a `sort`
    /// (only the first N picked out), or a `count by` or `summarize … by` (only the first N groups
    /// made into rows, N at most 1,000). For a `skip K` then `take M`: M, the rows after the
    /// skipped ones that are kept.
    private static func firstRowsKept(_ stage: Stage, then next: ArraySlice<Stage>) -> Int? {
        let next = next.drop {
            switch $0.kind {
            case .select, .extend: true
            default: false
            }
        }
        guard let following = next.first else { return nil }
        if case .skip = stage.kind { return takenCount(following) }
        var limit = takenCount(following)
        if case .skip(let count) = following.kind, let skipped = constantCount(count),
            let taken = next.dropFirst().first.flatMap(takenCount)
        {
            let (sum, overflow) = skipped.addingReportingOverflow(taken)
            limit = overflow ? nil : sum
        }
        guard let limit else { return nil }
        switch stage.kind {
        case .filter: return limit
        case .sort: return limit
        case .count(let groups), .summarize(_, let groups): return !groups.isEmpty && limit <= 1_000 ? limit : nil
        default: return nil
        }
    }

    static func constantCount(_ expression: Expression) -> Int? {
        if case .literal(.integer(let count)) = expression.kind, count >= 0 { return count }
        return nil
    }
}
