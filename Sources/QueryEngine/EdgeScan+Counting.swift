import IncidentGraph
import PluginAPI
import QuerySyntax

/// `count` and `count by` the columns of `edges`, and what tells edges apart for them and for
/// conditions: worked out from the edge arrays, the rows never made.
extension EdgeScan {
    /// `count` or `count by` columns of `edges` (`groups`, column names resolved) or the kinds of
    /// their ends (``groupColumns``) over the edges that passed, as ``Grouping/count(by:)`` makes
    /// it, and whether it took the stage `next` as well: a `top N by count` (only the groups it
    /// keeps made into rows) or a `count` (only the groups counted). Only the `first` groups
    /// when only those are kept after it (a `take`: the counts come largest first, ties by key,
    /// as that `top` orders them). Nil when a group is none of them.
    func count(by groups: [SelectItem], then next: Stage?, first: Int?) throws(Diagnostic) -> (
        RowSet, tookNext: Bool
    )? {
        guard let columns = Self.groupColumns(groups.map(\.expression)) else { return nil }
        let names = groups.map { $0.alias ?? runner.text($0.expression.span) } + ["count"]
        guard let key = try EdgeKey(grouping: columns, groups.map(\.expression), of: self) else { return nil }
        let slots = groups.isEmpty ? (slots: [], count: 0) : try key.slotsOfPassingEdges(in: self)
        var counts = [Int32](repeating: 0, count: slots.count)
        var firstEdge = [Int32](repeating: -1, count: counts.count)
        if !groups.isEmpty {
            for (position, slot) in slots.slots.enumerated() {
                if position % 65_536 == 0 { try runner.context.checkCancelled() }
                let slot = Int(slot)
                if counts[slot] == 0 { firstEdge[slot] = passing?[position] ?? Int32(position) }
                counts[slot] += 1
            }
        }
        let tally = ProvenanceTally(edgesPerRecord: recordCounts(of: passing), of: records)
        if case .count(let by)? = next?.kind, by.isEmpty, !groups.isEmpty {
            let groupCount = counts.count { $0 > 0 }
            var counted = RowSet(
                columns: ["count"], rows: [Row(node: nil, values: [.int(groupCount)])], carriesNodes: false)
            counted.computedFrom = tally
            counted.isAggregate = true
            return (counted, true)
        }
        // `top N by count`, the column being the count's alone: the groups it keeps, in its order.
        var top: (count: Int, descending: Bool)?
        if case .top(let count, let sortKey)? = next?.kind, !groups.isEmpty,
            case .name(let name) = sortKey.expression.kind,
            name == "count", names.count(where: { $0 == name }) == 1
        {
            top = (try runner.rowCount(count, [:]), sortKey.descending)
        }
        let tookTop = top != nil
        if top == nil, !groups.isEmpty, let first { top = (first, true) }
        var found = counts.indices.filter { counts[$0] > 0 }
        if let top, top.count < found.count {
            // Only groups as good as the N-th best count can be kept: their keys alone are made.
            let better: (Int64, Int64) -> Bool = top.descending ? { $0 > $1 } : { $0 < $1 }
            var present = found.map { Int64(counts[$0]) }
            let threshold = top.count > 0 ? NumberStatistics.select(top.count - 1, in: &present, by: better) : nil
            found = found.filter { slot in threshold.map { !better($0, Int64(counts[slot])) } ?? false }
        }
        let keys = GroupKeys(found.map { slot in key.values(at: Int(firstEdge[slot]), of: self) }, parts: groups.count)
        let keyCounts = found.map { Int(counts[$0]) }
        let graph = runner.context.graph
        let order =
            if let top {
                Grouping.topGroups(
                    top.count, values: keyCounts.map { Int64($0) }, descending: top.descending, keys: keys, graph: graph
                )
            } else {
                GroupOrder(keys: keys, graph: graph).sorted(byCount: keyCounts)
            }
        let rows =
            groups.isEmpty
            ? [Row(node: nil, values: [.int(passingCount)])]
            : order.map { group in Row(node: nil, values: keys[group] + [.int(keyCounts[group])]) }
        var counted = RowSet(columns: names, rows: rows, carriesNodes: false)
        counted.computedFrom = tally
        counted.isAggregate = true
        return (counted, tookTop)
    }

    /// `distinct` of columns of `edges` (column names resolved) over the edges that passed, as
    /// the general form finds them: each combination once, in the order first met, as a table
    /// named `names` resting on those edges; nil when an expression is not a column.
    func distinct(_ expressions: [Expression], named names: [String]) throws(Diagnostic) -> RowSet? {
        guard let columns = Self.groupColumns(expressions), !columns.isEmpty,
            let key = try EdgeKey(grouping: columns, expressions, of: self)
        else { return nil }
        let slots = try key.slotsOfPassingEdges(in: self)
        var met = [Bool](repeating: false, count: slots.count)
        var firstEdges: [Int] = []
        for (position, slot) in slots.slots.enumerated() {
            if position % 65_536 == 0 { try runner.context.checkCancelled() }
            guard !met[Int(slot)] else { continue }
            met[Int(slot)] = true
            firstEdges.append(Int(passing?[position] ?? Int32(position)))
        }
        let rows = firstEdges.map { edge in Row(node: nil, values: key.values(at: edge, of: self)) }
        var table = RowSet(columns: names, rows: rows, carriesNodes: false)
        table.computedFrom = ProvenanceTally(edgesPerRecord: recordCounts(of: passing), of: records)
        table.isAggregate = true
        return table
    }

    /// The kinds of an edge's ends as group keys, beside its columns: written `from.kind`,
    /// `to.kind`.
    static let endKinds = ["from.kind", "to.kind"]

    /// The columns (``columns``), ends' kinds (``endKinds``) or fields of an end (``endField(_:)``)
    /// `expressions` name, in order; nil when one is anything else.
    static func groupColumns(_ expressions: [Expression]) -> [String]? {
        var columns: [String] = []
        for expression in expressions {
            guard let name = expression.dottedName,
                Self.columns.contains(name) || endKinds.contains(name) || endField(name) != nil
            else { return nil }
            columns.append(name)
        }
        return columns
    }

    /// When `name` reads one field of an edge's end (`to.name`, `from.true_phase`, `to.sector`;
    /// not its kind, ``endKinds``), whether that end is the start (`from`); nil otherwise.
    static func endField(_ name: String) -> Bool? {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0] == "from" || parts[0] == "to", !parts[1].isEmpty, !endKinds.contains(name)
        else { return nil }
        return parts[0] == "from"
    }

    /// For a field of an edge's end (`to.name`), each node's value's number among the values
    /// the field has on the ends of the edges that passed (-1 for a node no such edge ends at),
    /// and those values: worked out once per node, as the edge's row reads it; nil when it
    /// fails on one.
    func endFieldCodes(_ expression: Expression, atStart: Bool) throws(Diagnostic) -> (
        codes: [Int32], values: [Value]
    )? {
        let compiler = runner.compiler(columns: Self.columns, [:])
        let field = compiler.compile(expression)
        // `from.phase`: the field read on the node itself, as the row's `from` column reads it,
        // with no row of the edge made.
        var onNode: ((NodeID) -> Value)?
        if case .member(_, let name) = expression.kind, runner.context.isKnownName(name) {
            onNode = compiler.fieldReader(name)
        }
        let ends = atStart ? edges.from : edges.to
        var codes = [Int32](repeating: -1, count: runner.context.graph.nodeCount)
        var values = FirstMetNumbers<Value>()
        for position in 0..<passingCount {
            if position % 65_536 == 0 { try runner.context.checkCancelled() }
            let edge = passing.map { Int($0[position]) } ?? position
            let node = Int(ends[edge])
            guard codes[node] < 0 else { continue }
            guard let value = onNode.map({ $0(NodeID(index: node)) }) ?? (try? field(row(edge))) else { return nil }
            codes[node] = values.number(of: value)
        }
        return (codes, values.keys)
    }

    /// The value of a column or an end's kind (``groupColumns(_:)``) on edge `index`: the kind's
    /// name, as `from.kind` reads it on the edge's row.
    func value(of column: String, at index: Int) -> Value {
        guard let end = Self.endKinds.firstIndex(of: column) else {
            return value(ofColumn: Self.columns.firstIndex(of: column) ?? 0, at: index)
        }
        let node = NodeID(index: Int(end == 0 ? edges.from[index] : edges.to[index]))
        return .string(runner.context.graph.kind(of: node).name)
    }

    /// What makes two edges alike for a condition or a grouping: the values of the columns it
    /// reads, as numbers (an end's node, a label's position, a provenance or status value's
    /// position among the distinct ones), one slot per combination.
    struct EdgeKey {
        /// Each part's reading, and how many values it has.
        private var parts: [(part: Part, values: Int)] = []

        enum Part: Equatable {
            case from, to, label, record, origin, status, fromKind, toKind
            /// A field of an end: its codes and values at that place of ``endFields``.
            case endField(Int)
        }
        /// Each field of an end grouped by (``EdgeScan/endFieldCodes(_:atStart:)``).
        private var endFields: [(atStart: Bool, codes: [Int32], values: [Value])] = []
        /// The column each part reads (``EdgeScan/groupColumns(_:)``), for the values of a group.
        private var columns: [String] = []
        /// Each provenance record's number among the distinct `provenance` and `status`
        /// values, for grouping by them.
        private var originOfRecord: [Int] = []
        private var statusOfRecord: [Int] = []

        /// The key of a condition reading `names`: values are told apart by provenance
        /// record, which decides both `provenance` and `status`.
        init(reading names: Set<String>, of scan: EdgeScan) {
            let nodes = scan.runner.context.graph.nodeCount
            if names.contains("from") { parts.append((.from, nodes)) }
            if names.contains("to") { parts.append((.to, nodes)) }
            if names.contains("label") { parts.append((.label, scan.labels.count)) }
            if names.contains("provenance") || names.contains("status") { parts.append((.record, scan.records.count)) }
        }

        /// The key of a grouping by `columns` (written as `expressions`): values are told apart as
        /// the rows' values are; nil when a field of an end fails on one.
        init?(grouping columns: [String], _ expressions: [Expression], of scan: EdgeScan) throws(Diagnostic) {
            let nodes = scan.runner.context.graph.nodeCount
            originOfRecord = Self.positions(of: scan.origins)
            statusOfRecord = Self.positions(of: scan.statuses)
            self.columns = columns
            for (column, expression) in zip(columns, expressions) {
                if let atStart = EdgeScan.endField(column) {
                    guard let (codes, values) = try scan.endFieldCodes(expression, atStart: atStart) else {
                        return nil
                    }
                    parts.append((.endField(endFields.count), values.count))
                    endFields.append((atStart, codes, values))
                    continue
                }
                switch column {
                case "from": parts.append((.from, nodes))
                case "to": parts.append((.to, nodes))
                case "label": parts.append((.label, scan.labels.count))
                case "provenance": parts.append((.origin, (originOfRecord.max() ?? 0) + 1))
                case "from.kind": parts.append((.fromKind, scan.runner.context.graph.schema.kinds.count))
                case "to.kind": parts.append((.toKind, scan.runner.context.graph.schema.kinds.count))
                default: parts.append((.status, (statusOfRecord.max() ?? 0) + 1))
                }
            }
        }

        /// The values of the key of edge `index`'s group, one per column.
        func values(at index: Int, of scan: EdgeScan) -> [Value] {
            zip(columns, parts).map { column, part in
                guard case .endField(let field) = part.part else { return scan.value(of: column, at: index) }
                let (atStart, codes, values) = endFields[field]
                return values[Int(codes[Int(atStart ? scan.edges.from[index] : scan.edges.to[index])])]
            }
        }

        /// Each value's position among the distinct values, in order of first appearance.
        private static func positions(of values: [Value]) -> [Int] {
            var distinct = FirstMetNumbers<Value>()
            return values.map { Int(distinct.number(of: $0)) }
        }

        /// How many slots there are; nil past what a whole number holds.
        var slots: Int? {
            var total = 1
            for (_, values) in parts {
                let (product, overflow) = total.multipliedReportingOverflow(by: max(values, 1))
                if overflow { return nil }
                total = product
            }
            return total
        }

        /// The slot of each edge that passed so far, in order (``EdgeScan/passing``), and how many
        /// slots there are, worked out a column at a time. The slots are the combinations of the
        /// parts' values while those fit ``EdgeScan/mostKeys(edges:)``; past it (`count by label,
        /// to` on a large graph), a part's values are numbered as they are met first, and when
        /// even those do not fit, the combinations met.
        func slotsOfPassingEdges(in scan: EdgeScan) throws(Diagnostic) -> (slots: [Int32], count: Int) {
            let count = scan.passingCount
            let limit = EdgeScan.mostKeys(edges: scan.edges.from.count)
            var slots = [Int32](repeating: 0, count: count)
            var total = 1
            for (part, values) in parts {
                try scan.runner.context.checkCancelled()
                let width = max(values, 1)
                if let product = Self.product(total, width, limit: limit) {
                    slots.withUnsafeMutableBufferPointer { slots in
                        forEachNumber(of: part, in: scan) { position, number in
                            slots[position] = slots[position] &* Int32(width) &+ number
                        }
                    }
                    total = product
                    continue
                }
                var numbers = [Int32](repeating: 0, count: count)
                numbers.withUnsafeMutableBufferPointer { numbers in
                    forEachNumber(of: part, in: scan) { numbers[$0] = $1 }
                }
                let met = Self.numberedAsMet(numbers, slots: width)
                if let product = Self.product(total, met.count, limit: limit) {
                    for position in 0..<count {
                        slots[position] = slots[position] &* Int32(met.count) &+ met.numbers[position]
                    }
                    total = product
                } else {
                    // The pairs met numbered as met, found by their packed number (``NumberGroups``).
                    var pairs = NumberGroups(mostSlots: 0)
                    var pairsMet: Int32 = 0
                    for position in 0..<count {
                        let pair = Int64(slots[position]) << 32 | Int64(met.numbers[position])
                        var number = pairs[pair]
                        if number == GroupAssignment.leftOut {
                            (number, pairsMet) = (pairsMet, pairsMet + 1)
                            pairs.add(pair, group: number)
                        }
                        slots[position] = number
                    }
                    total = Int(pairsMet)
                }
            }
            return (slots, total)
        }

        /// `total` times `width` when it is at most `limit`.
        private static func product(_ total: Int, _ width: Int, limit: Int) -> Int? {
            let (product, overflow) = total.multipliedReportingOverflow(by: width)
            return overflow || product > limit ? nil : product
        }

        /// `numbers` (each under `slots`) numbered from 0 in the order they are met first, and how
        /// many there are.
        private static func numberedAsMet(_ numbers: [Int32], slots: Int) -> (numbers: [Int32], count: Int) {
            var numberOf = [Int32](repeating: -1, count: slots)
            var met: Int32 = 0
            let renumbered = numbers.map { number in
                if numberOf[Int(number)] < 0 {
                    numberOf[Int(number)] = met
                    met += 1
                }
                return numberOf[Int(number)]
            }
            return (renumbered, Int(met))
        }

        /// Calls `body` with the position and the part's number of each edge that passed.
        @inline(__always)
        private func forEachNumber(of part: Part, in scan: EdgeScan, _ body: (Int, Int32) -> Void) {
            let count = scan.passingCount
            let passing = scan.passing
            let records = scan.edges.provenance
            // One loop per part: no choice made per edge.
            func each(_ number: (Int) -> Int32) {
                if let passing {
                    for position in 0..<count { body(position, number(Int(passing[position]))) }
                } else {
                    for edge in 0..<count { body(edge, number(edge)) }
                }
            }
            switch part {
            case .from: scan.edges.from.withUnsafeBufferPointer { column in each { column[$0] } }
            case .to: scan.edges.to.withUnsafeBufferPointer { column in each { column[$0] } }
            case .label: scan.edges.labels.withUnsafeBufferPointer { column in each { column[$0] } }
            case .record: records.withUnsafeBufferPointer { column in each { Int32(column[$0]) } }
            case .origin: each { Int32(originOfRecord[Int(records[$0])]) }
            case .status: each { Int32(statusOfRecord[Int(records[$0])]) }
            case .fromKind, .toKind:
                let ends = part == .fromKind ? scan.edges.from : scan.edges.to
                scan.runner.context.graph.origins().withNumbers { _, kinds in
                    ends.withUnsafeBufferPointer { ends in each { Int32(kinds[Int(ends[$0])]) } }
                }
            case .endField(let field):
                let (atStart, codes, _) = endFields[field]
                (atStart ? scan.edges.from : scan.edges.to).withUnsafeBufferPointer { ends in
                    codes.withUnsafeBufferPointer { codes in each { codes[Int(ends[$0])] } }
                }
            }
        }
    }
}
