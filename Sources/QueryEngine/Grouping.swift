import IncidentGraph
import PluginAPI
import QuerySyntax

/// `count [by …]` and `summarize AGG, … [by …]`: rows grouped by key values, aggregates
/// accumulated in one pass over the rows.
struct Grouping {
    /// A `where` test applied to each row as it is grouped.
    typealias RowFilter = (Row) throws(Diagnostic) -> Bool

    let runner: QueryRunner
    let input: RowSet
    let variables: [String: Value]
    /// Rows it rejects are left out (a `where` fused into this stage).
    var filter: RowFilter? = nil

    /// Counts per group, largest first (ties by key); a single `count` row without groups.
    func count(by groups: [SelectItem]) throws(Diagnostic) -> RowSet {
        guard !groups.isEmpty else {
            var count = input.rows.count
            var tally = ProvenanceTally()
            if let filter {
                count = 0
                for (index, row) in input.rows.enumerated() {
                    if index % 4096 == 0 { try runner.context.checkCancelled() }
                    if try filter(row) {
                        count += 1
                        tally.add(row, in: runner.context.graph)
                    }
                }
            } else {
                for row in input.rows { tally.add(row, in: runner.context.graph) }
            }
            var counted = RowSet(columns: ["count"], rows: [Row(node: nil, values: [.int(count)])], carriesNodes: false)
            counted.computedFrom = input.rows.first?.node != nil ? tally : input.computedFrom
            counted.isAggregate = true
            return counted
        }
        let assignment = try assign(groups)
        var counts = [Int](repeating: 0, count: assignment.count)
        var tally = ProvenanceTally()
        for (position, group) in assignment.groupOfRow.enumerated() where group != GroupAssignment.leftOut {
            counts[Int(group)] += 1
            tally.add(input.rows[position], in: runner.context.graph)
        }
        let keys = assignment.keys
        let rows = GroupOrder(keys: keys, graph: runner.context.graph).sorted(byCount: counts).map {
            Row(node: nil, values: keys[$0] + [.int(counts[$0])])
        }
        var counted = RowSet(columns: names(groups) + ["count"], rows: rows, carriesNodes: false)
        counted.computedFrom = input.rows.first?.node != nil ? tally : input.computedFrom
        counted.isAggregate = true
        return counted
    }

    /// Aggregates per group, groups in key order.
    func summarize(_ aggregates: [SelectItem], by groups: [SelectItem]) throws(Diagnostic) -> RowSet {
        var accumulators: [Aggregate] = []
        for item in aggregates {
            guard case .call(let name, let arguments) = item.expression.kind,
                Evaluator.aggregateNames.contains(name) || runner.context.registry.aggregate(named: name) != nil,
                arguments.count <= 1
            else {
                throw Diagnostic(
                    code: "summarize.aggregate",
                    message: "`summarize` takes aggregates such as count(), sum(x), avg(x)",
                    span: item.expression.span,
                    hint: "aggregates: " + Evaluator.aggregateNames.map { $0 + "()" }.joined(separator: " "))
            }
            if name != "count", arguments.isEmpty {
                throw Diagnostic(
                    code: "call.arity", message: "`\(name)` needs a value to aggregate", span: item.expression.span)
            }
            let compiler = runner.compiler(input, variables)
            // `sum(files_exfiltrated)`: a whole-number property read as the integer it is stored as.
            let integers = arguments.first.flatMap { argument in
                if case .name(let property) = argument.kind, let reader = compiler.directProperty(property),
                    reader.type == .int
                {
                    reader
                } else {
                    nil
                }
            }
            accumulators.append(
                Aggregate(
                    name: name, argument: arguments.first.map { compiler.compile($0) }, integers: integers,
                    registered: runner.context.registry.aggregate(named: name), span: item.expression.span))
        }
        let assignment: GroupAssignment? = groups.isEmpty ? nil : try assign(groups)
        let groupCount = assignment?.count ?? 1
        for index in accumulators.indices { accumulators[index].prepare(groups: groupCount) }
        var tally = ProvenanceTally()
        for (position, row) in input.rows.enumerated() {
            if position % 4096 == 0 { try runner.context.checkCancelled() }
            let group: Int32
            if let assignment {
                group = assignment.groupOfRow[position]
            } else {
                group = try filter?(row) == false ? GroupAssignment.leftOut : 0
            }
            guard group != GroupAssignment.leftOut else { continue }
            tally.add(row, in: runner.context.graph)
            for index in accumulators.indices { try accumulators[index].add(row, to: Int(group)) }
        }
        let keys = assignment?.keys ?? [[]]
        var rows: [Row] = []
        for group in GroupOrder(keys: keys, graph: runner.context.graph).sorted() {
            var values = keys[group]
            for accumulator in accumulators { values.append(try accumulator.result(of: group)) }
            rows.append(Row(node: nil, values: values))
        }
        var summarized = RowSet(columns: names(groups) + names(aggregates), rows: rows, carriesNodes: false)
        summarized.computedFrom = input.rows.first?.node != nil ? tally : input.computedFrom
        summarized.isAggregate = true
        return summarized
    }

    private func assign(_ groups: [SelectItem]) throws(Diagnostic) -> GroupAssignment {
        try GroupAssignment(
            input, by: groups.map(\.expression), filter: filter, compiler: runner.compiler(input, variables),
            context: runner.context)
    }

    private func names(_ items: [SelectItem]) -> [String] {
        items.map { $0.alias ?? runner.text($0.expression.span) }
    }
}

extension ProvenanceTally {
    /// Counts the row's node, if it has one.
    mutating func add(_ row: Row, in graph: IncidentGraph) {
        guard let node = row.node else { return }
        add(graph.origin(of: node), kindIndex: graph.kindIndex(of: node))
    }
}
