import IncidentGraph
import PluginAPI
import QuerySyntax

/// The `edges` source read from the graph's edge arrays, so that only the rows a statement
/// keeps are made: the `where` stages after it are tested on each edge's parts, once per
/// distinct value a condition reads (a label, a provenance, an end node) and not row by row;
/// a `count`, a `count by` its columns or a `take` after them is worked out from the edges
/// that pass. `edges | count by label` over 2.5 million edges makes 5 rows, not 2.5 million.
///
/// What it cannot work out this way (a condition that reads both ends, fails on a value or
/// gives no truth; any other stage) it leaves to the general form, on the rows of the edges
/// that passed so far: what the statement gives, errors included, is the same either way.
struct EdgeScan {
    /// The columns of `edges`' rows, in order.
    static let columns = ["from", "label", "to", "provenance", "status"]

    let runner: QueryRunner
    let edges: EdgeColumns
    let records: [Provenance]
    /// Each label's value, by label position.
    let labels: [Value]
    /// The `provenance` and `status` values of each provenance record.
    let origins: [Value]
    let statuses: [Value]
    /// The edges that passed the conditions so far, in edge order; nil while all of them have.
    private(set) var passing: [Int32]?

    init(runner: QueryRunner) {
        self.runner = runner
        let graph = runner.context.graph
        edges = graph.edgeColumns
        records = graph.edgeProvenanceRecords
        labels = graph.schema.edgeLabels.map { Value.string($0.name) }
        origins = records.map { Value.string($0.origin.rawValue) }
        statuses = records.map { $0.status.map { Value.string($0.rawValue) } ?? .null }
    }

    /// How many edges passed so far.
    var passingCount: Int { passing?.count ?? edges.from.count }

    /// The rows of the edges that passed, or of the first `limit` of them.
    func rows(first limit: Int? = nil) throws(Diagnostic) -> RowSet {
        try rows(at: 0..<min(passingCount, limit ?? Int.max))
    }

    /// The rows of the edges that passed at `positions` of them, in that order; the table says
    /// it was computed from every edge, as the rows of `edges` do.
    private func rows(at positions: some Collection<Int>) throws(Diagnostic) -> RowSet {
        var rows: [Row] = []
        rows.reserveCapacity(positions.count)
        for (made, position) in positions.enumerated() {
            if made % 4096 == 0 { try runner.context.checkCancelled() }
            rows.append(row(passing.map { Int($0[position]) } ?? position))
        }
        var table = RowSet(columns: Self.columns, rows: rows, carriesNodes: false)
        table.computedFrom = ProvenanceTally(edgesPerRecord: recordCounts(of: nil), of: records)
        return table
    }

    /// The row of edge `index`.
    func row(_ index: Int) -> Row {
        Row(edge: EdgeID(index: index), values: (0..<5).map { value(ofColumn: $0, at: index) })
    }

    /// The value of the column at `position` of ``columns`` on edge `index`'s row.
    func value(ofColumn position: Int, at index: Int) -> Value {
        switch position {
        case 0: runner.context.value(of: NodeID(index: Int(edges.from[index])))
        case 1: labels[Int(edges.labels[index])]
        case 2: runner.context.value(of: NodeID(index: Int(edges.to[index])))
        case 3: origins[Int(edges.provenance[index])]
        default: statuses[Int(edges.provenance[index])]
        }
    }

    /// How many edges have each provenance record: of `edges` (positions), or of all — the
    /// same for every statement on a graph, counted once and kept with it.
    func recordCounts(of edges: [Int32]?) -> [Int] {
        guard let edges else {
            return runner.context.graph.derived("edges' provenance record counts") {
                self.edges.provenance.withUnsafeBufferPointer { provenance in
                    Tallies.counts(ofEach: records.count, among: provenance.count) { Int(provenance[$0]) }
                }
            }
        }
        // Read in place: no bounds check or uniqueness check per edge.
        return self.edges.provenance.withUnsafeBufferPointer { provenance in
            edges.withUnsafeBufferPointer { edges in
                Tallies.counts(ofEach: records.count, among: edges.count) { Int(provenance[Int(edges[$0])]) }
            }
        }
    }

    /// What working out a plan's step on the edges gave.
    enum Outcome {
        /// The step's `where` is kept in the edges that pass; no rows made yet.
        case narrowed
        /// The step's rows.
        case rows(RowSet)
        /// The step is the general form's, on the rows of the edges that passed.
        case leftToGeneralForm
    }

    /// Works out a step of `query`'s plan: a `where`, a `count` (with the `where` fused into
    /// it, and the `top` after it, as the plan says), a `take`, a `sort` or a `distinct` (of
    /// the columns, or of a `select` of them).
    mutating func run(_ step: QueryPlan.Operator, of query: Query) throws(Diagnostic) -> Outcome {
        let stages = query.stages[step.stages].map { runner.resolvingColumns($0, Self.columns) }
        switch stages[0].kind {
        case .filter(let condition):
            guard try keep(where: condition) else { return .leftToGeneralForm }
            return stages.count == 1 ? .narrowed : .rows(try group(stages.dropFirst(), first: step.keepsFirst))
        case .count:
            return .rows(try group(stages[...], first: step.keepsFirst))
        case .take(let count):
            return .rows(try rows(first: try runner.rowCount(count, [:])))
        case .distinct(let expressions) where step.countsGroups:
            // Then `count`: the groups `count by` the same columns finds, counted.
            let groups = expressions.map { SelectItem(expression: $0, alias: nil) }
            guard let (counted, tookNext) = try count(by: groups, then: stages[1], first: nil), tookNext else {
                return .leftToGeneralForm
            }
            return .rows(counted)
        case .distinct(let expressions):
            let names = expressions.map { runner.text($0.span) }
            return try distinct(expressions, named: names).map(Outcome.rows) ?? .leftToGeneralForm
        case .select(let items) where step.selectsDistinct:
            let names = items.map { $0.alias ?? runner.text($0.expression.span) }
            return try distinct(items.map(\.expression), named: names).map(Outcome.rows) ?? .leftToGeneralForm
        case .sort(let keys):
            let columns = keys.compactMap(sortColumn)
            guard columns.count == keys.count else { return .leftToGeneralForm }
            if keys.count == 1, let first = step.keepsFirst {
                return .rows(try rows(at: try firstPositions(first, by: columns[0], descending: keys[0].descending)))
            }
            var values: [(values: [Int64?], descending: Bool)] = []
            for (column, key) in zip(columns, keys) { values.append((try sortValues(of: column), key.descending)) }
            let order =
                if let first = step.keepsFirst {
                    QueryRunner.firstPositions(first, by: values, count: passingCount)
                } else {
                    QueryRunner.orderedPositions(by: values, count: passingCount)
                }
            return .rows(try rows(at: order))
        default:
            return .leftToGeneralForm
        }
    }

    /// The rows of a `count` or `summarize` of the edges that passed, and of the `top` or
    /// `count` after it when there is one; only the `first` rows when only those are kept after it.
    private func group(_ stages: ArraySlice<Stage>, first: Int?) throws(Diagnostic) -> RowSet {
        var grouped: RowSet
        var rest = stages.dropFirst()
        if case .count(let groups) = stages[stages.startIndex].kind,
            let (counted, tookNext) = try count(by: groups, then: rest.first, first: first)
        {
            grouped = counted
            if tookNext { rest = rest.dropFirst() }
        } else {
            grouped = try runner.apply(stages[stages.startIndex], to: try rows(), variables: [:], keepingFirst: first)
        }
        for stage in rest { grouped = try runner.apply(stage, to: grouped, variables: [:]) }
        return grouped
    }

    // MARK: Order

    /// A sort key that is a column of `edges` (its name resolved): each value's place in the
    /// order ``ValueOrder`` gives the column's values (ids' order for an end node; -1 for a
    /// null status), and the number each edge reads it by; nil when the key is no column.
    private func sortColumn(_ key: SortKey) -> (ranks: [Int32], part: [Int32])? {
        guard case .name(let name) = key.expression.kind, let column = Self.columns.firstIndex(of: name) else {
            return nil
        }
        switch column {
        case 0: return (runner.context.graph.idRanks(), edges.from)
        case 2: return (runner.context.graph.idRanks(), edges.to)
        case 1: return (Self.ranks(of: labels), edges.labels)
        default: return (Self.ranks(of: column == 3 ? origins : statuses), edges.provenance.map { Int32($0) })
        }
    }

    /// A sort column's place for each edge that passed (nil: null).
    private func sortValues(of column: (ranks: [Int32], part: [Int32])) throws(Diagnostic) -> [Int64?] {
        var values: [Int64?] = []
        values.reserveCapacity(passingCount)
        try forEachPassing { edge in
            let rank = column.ranks[Int(column.part[edge])]
            values.append(rank < 0 ? nil : Int64(rank))
        }
        return values
    }

    /// The positions among the edges that passed of the first `limit` by one sort column, ties
    /// by position, nulls last either way: only those that enter are kept, as they are read.
    private func firstPositions(_ limit: Int, by column: (ranks: [Int32], part: [Int32]), descending: Bool)
        throws(Diagnostic) -> [Int]
    {
        guard limit > 0 else { return [] }
        // One ascending order: nulls last, a descending place negated.
        var first = FirstElements(limit: limit, in: RankedRows())
        // Once `limit` are kept, an edge enters only before the last of them: its order is
        // kept here, not asked of the heap for every edge.
        var bound: Int64?
        let (ranks, part, passing) = (column.ranks, column.part, passing)
        for start in stride(from: 0, to: passingCount, by: 1 << 20) {
            try runner.context.checkCancelled()
            ranks.withUnsafeBufferPointer { ranks in
                part.withUnsafeBufferPointer { part in
                    for position in start..<min(start + (1 << 20), passingCount) {
                        let rank = ranks[Int(part[passing.map { Int($0[position]) } ?? position])]
                        let order = rank < 0 ? Int64.max : descending ? -Int64(rank) : Int64(rank)
                        guard bound.map({ order < $0 }) ?? true else { continue }
                        first.offer((0, order, position))
                        bound = first.last?.value
                    }
                }
            }
        }
        return first.elements.map(\.position)
    }

    /// Each value's place among `values` in ``ValueOrder`` (equal values, equal places; -1 for
    /// null).
    private static func ranks(of values: [Value]) -> [Int32] {
        let order = values.indices.sorted { ValueOrder.sortOrder(values[$0], values[$1]) < 0 }
        var ranks = [Int32](repeating: -1, count: values.count)
        var rank: Int32 = -1
        for (place, index) in order.enumerated() where !values[index].isNull {
            if place == 0 || ValueOrder.sortOrder(values[order[place - 1]], values[index]) != 0 { rank += 1 }
            ranks[index] = rank
        }
        return ranks
    }

    // MARK: Conditions

    /// Keeps the edges that pass `condition` (a `where`'s, its column names resolved), its
    /// truth worked out for every node at once when it reads one end's properties
    /// (``endNodeCondition(_:)``), else once per distinct value of the columns it reads; false
    /// when it reads something else, reads both ends, or fails or gives no truth for some value
    /// (or, with `decidedOnly`, is null for some edge), and nothing changed but the edges the
    /// left part of an `and` keeps: where that part is false, `and` is false without reading
    /// the rest, so it is tested first (`label == "targeted" and to == "org-00042"`), and when
    /// it is true or false for every edge, the rest is tested on the edges it keeps.
    private mutating func keep(where condition: Expression, decidedOnly: Bool = false) throws(Diagnostic) -> Bool {
        if !decidedOnly, case .binary(.and, let left, let right) = condition.kind,
            try keep(where: left, decidedOnly: true)
        {
            return try keep(where: right)
        }
        if let (ends, node, negated) = endEqualsText(condition) {
            var kept: [Int32] = []
            try forEachPassing { edge in
                if (ends[edge] == node) != negated { kept.append(Int32(edge)) }
            }
            passing = kept
            return true
        }
        if let negated = Self.endsCompared(condition) {
            var kept: [Int32] = []
            try forEachPassing { edge in
                if (edges.from[edge] == edges.to[edge]) != negated { kept.append(Int32(edge)) }
            }
            passing = kept
            return true
        }
        if let ends = try endNodeCondition(condition) {
            let truths = ends.truths(ofEdges: passing, count: passingCount)
            try runner.context.checkCancelled()
            if decidedOnly, truths.contains(Truth.unknown) { return false }
            var kept: [Int32] = []
            for (position, truth) in truths.enumerated() where truth == Truth.yes {
                kept.append(passing?[position] ?? Int32(position))
            }
            passing = kept
            return true
        }
        guard var keyed = try KeyedTest(condition, of: self) else { return false }
        var kept: [Int32] = []
        // Room for every edge: pages never written take no memory.
        kept.reserveCapacity(keyed.count)
        for position in 0..<keyed.count {
            if position % 65_536 == 0 { try runner.context.checkCancelled() }
            let truth = keyed.truth(at: position, in: self)
            if truth == Self.failure || decidedOnly && truth == Truth.unknown { return false }
            if truth == Truth.yes { kept.append(passing?[position] ?? Int32(position)) }
        }
        passing = kept
        return true
    }

    /// A condition on the columns of `edges`, worked out once per distinct value of the columns
    /// it reads (a slot of its ``EdgeKey``), on the first edge that passed met with it.
    struct KeyedTest {
        /// The slot of each edge that passed, by its position among them.
        private let slotOfEdge: [Int32]
        private let test: ExpressionCompiler.Compiled
        /// The columns the condition reads, by position in ``EdgeScan/columns``.
        private let read: [Int]
        /// One row for every slot: only the columns the condition reads are set, in place.
        private var row = Row(edge: EdgeID(index: 0), values: Array(repeating: .null, count: EdgeScan.columns.count))
        private var truths: [UInt8]

        /// The test of `condition` on the edges `scan` has kept; nil when it reads something
        /// else than columns, or they have too many values.
        init?(_ condition: Expression, of scan: EdgeScan) throws(Diagnostic) {
            let compiler = scan.runner.compiler(columns: EdgeScan.columns, [:])
            guard let names = compiler.namesRead(condition), names.isSubset(of: EdgeScan.columns) else { return nil }
            let key = EdgeKey(reading: names, of: scan)
            guard let slots = key.slots, slots <= EdgeScan.mostKeys(edges: scan.edges.from.count) else { return nil }
            test = compiler.compile(condition)
            read = names.compactMap(EdgeScan.columns.firstIndex(of:))
            truths = [UInt8](repeating: EdgeScan.notWorkedOut, count: slots)
            slotOfEdge = try key.slotsOfPassingEdges(in: scan).slots
        }

        /// How many edges it tests: those that passed.
        var count: Int { slotOfEdge.count }

        /// The truth (``Truth``) for the edge that passed at `position`, or
        /// ``EdgeScan/failure`` when the condition fails or gives no truth for its values.
        @inline(__always)
        mutating func truth(at position: Int, in scan: EdgeScan) -> UInt8 {
            let slot = Int(slotOfEdge[position])
            if truths[slot] == EdgeScan.notWorkedOut {
                let edge = scan.passing.map { Int($0[position]) } ?? position
                for column in read { row.values[column] = scan.value(ofColumn: column, at: edge) }
                truths[slot] = scan.truth(of: test, on: row)
            }
            return truths[slot]
        }
    }

    /// `to == "apt10"`, `from != "inc-0000001"`: an end against a text, as the end node
    /// numbers each edge has, the node with that id (-1 for none) and whether the comparison is
    /// `!=`; nil for any other condition. A node equals a text its id is canonically equivalent
    /// to; an ASCII text without `K`, `;` or `` ` `` (which the Kelvin sign, the Greek question
    /// mark and varia decompose to) is equivalent only to itself, so the id index finds the
    /// one node it can be.
    private func endEqualsText(_ condition: Expression) -> (ends: [Int32], node: Int32, negated: Bool)? {
        guard case .binary(let op, let left, let right) = condition.kind, op == .equal || op == .notEqual else {
            return nil
        }
        for (end, other) in [(left, right), (right, left)] {
            guard case .name(let column) = end.kind, column == "from" || column == "to",
                case .literal(.string(let text)) = other.kind,
                text.utf8.allSatisfy({ $0 < 0x80 && !"K;`".utf8.contains($0) })
            else { continue }
            let node = runner.context.graph.node(id: text).map { Int32($0.index) } ?? -1
            return (column == "from" ? edges.from : edges.to, node, op == .notEqual)
        }
        return nil
    }

    /// `from == to`, `from.id != to.id`: whether the condition compares the two ends, or their
    /// ids, and with `!=`; nil for any other condition. No two nodes have the same id (the
    /// builder refuses one given twice) and texts compare by their Unicode scalars, so the ids
    /// are equal exactly when the ends are one node.
    private static func endsCompared(_ condition: Expression) -> Bool? {
        guard case .binary(let op, let left, let right) = condition.kind, op == .equal || op == .notEqual else {
            return nil
        }
        // An end's column and whether its id is read.
        func end(_ expression: Expression) -> (column: String, id: Bool)? {
            switch expression.kind {
            case .name(let name): (name, false)
            case .member(let base, "id"): if case .name(let name) = base.kind { (name, true) } else { nil }
            default: nil
            }
        }
        guard let a = end(left), let b = end(right), Set([a.column, b.column]) == ["from", "to"], a.id == b.id else {
            return nil
        }
        return op == .notEqual
    }

    /// A truth not worked out yet, and one that failed (an error, or a value that is no truth).
    fileprivate static let notWorkedOut: UInt8 = 0xFF
    static let failure: UInt8 = 0xFE

    /// The most possible keys a condition or grouping is worked out over: about two per edge
    /// (every end node, say), so that its tables take no more memory than the edges' rows would.
    static func mostKeys(edges: Int) -> Int { max(1 << 16, min(2 * edges, 1 << 25)) }

    /// `test`'s truth on a row (``Truth``), or ``failure``.
    fileprivate func truth(of test: ExpressionCompiler.Compiled, on row: Row) -> UInt8 {
        switch try? test(row) {
        case .bool(true): Truth.yes
        case .bool(false): Truth.no
        case .null: Truth.unknown
        default: Self.failure
        }
    }

    /// Calls `body` with each edge that passed so far, in edge order, stopping for Ctrl-C.
    func forEachPassing(_ body: (Int) throws(Diagnostic) -> Void) throws(Diagnostic) {
        for position in 0..<passingCount {
            if position % 65_536 == 0 { try runner.context.checkCancelled() }
            try body(passing.map { Int($0[position]) } ?? position)
        }
    }
}
