import IncidentGraph
import PluginAPI
import QuerySyntax

/// `count [by …]` and `summarize AGG, … [by …]`: rows grouped by key values, then each
/// aggregate accumulated in its own pass over the rows.
struct Grouping {
    /// A `where` test applied to each row as it is grouped: worked out for all rows beforehand
    /// (``VectorCondition``, a condition read through a link), or row by row. A struct read in
    /// place: asking it about a row copies nothing.
    struct RowFilter {
        private let mask: [Bool]
        /// The row the beforehand test failed on (-1: none), and its error.
        private let failingRow: Int
        private let failure: Diagnostic?
        private let test: ((Row) throws(Diagnostic) -> Bool)?

        /// Whether each row passes, up to the row the test failed on (with its error).
        static func mask(_ mask: [Bool], failing: (row: Int, error: Diagnostic)?) -> RowFilter {
            RowFilter(mask: mask, failingRow: failing?.row ?? -1, failure: failing?.error, test: nil)
        }

        /// A test run on each row as it is asked about.
        static func test(_ test: @escaping (Row) throws(Diagnostic) -> Bool) -> RowFilter {
            RowFilter(mask: [], failingRow: -1, failure: nil, test: test)
        }

        /// Whether the row at `index` of `rows` passes; `rows` are read only by a test run on
        /// each row (rows left to be made stay so for a mask).
        func keeps(_ index: Int, of rows: @autoclosure () -> [Row]) throws(Diagnostic) -> Bool {
            if index == failingRow, let failure { throw failure }
            guard let test else { return mask[index] }
            return try test(rows()[index])
        }

        /// Whether each row passes, when that was worked out beforehand with no failure; nil
        /// otherwise.
        var workedOutMask: [Bool]? { test == nil && failure == nil ? mask : nil }

        /// Group 0 for each row that passes and ``GroupAssignment/leftOut`` for the others, when
        /// they were all worked out beforehand with no failure; nil otherwise.
        var workedOutGroups: [Int32]? {
            workedOutMask?.map { $0 ? 0 : GroupAssignment.leftOut }
        }

        /// For every row of `rows`, group 0 when it passes and ``GroupAssignment/leftOut`` when
        /// not; a worked-out mask with no failure is read as it is (`rows` not read), anything
        /// else row by row.
        func groups(of rows: @autoclosure () -> [Row], context: EvaluationContext) throws(Diagnostic) -> [Int32] {
            if let groups = workedOutGroups { return groups }
            let rows = rows()
            var groups = [Int32](repeating: GroupAssignment.leftOut, count: rows.count)
            for index in rows.indices {
                if index % 4096 == 0 { try context.checkCancelled() }
                if try keeps(index, of: rows) { groups[index] = 0 }
            }
            return groups
        }
    }

    let runner: QueryRunner
    let input: RowSet
    let variables: [String: Value]
    /// A `where` fused into this stage, read against the input's columns: rows it rejects are
    /// left out. Its test of every row is worked out when the stage starts (``rowFilter()``),
    /// except for a `count` of rows of nodes alone, which counts the nodes that pass a batch at
    /// a time when the condition is worked out column by column.
    var condition: Expression? = nil
    /// The `top N by` after this stage: only the rows it keeps are given (``topGroups``).
    var top: (count: Int, key: SortKey)? = nil
    /// N when only the first N rows are kept after this stage (a `take N`): only those are
    /// given, groups by key (``topGroups``, ``GroupOrder/first(_:of:keys:graph:)``).
    var first: Int? = nil
    /// Whether a `count` follows this `count by`: only how many groups there are is given
    /// (as the `count` gives it, resting on what the groups rest on).
    var countsGroups = false

    /// Counts per group, largest first (ties by key); a single `count` row without groups.
    func count(by groups: [SelectItem]) throws(Diagnostic) -> RowSet {
        guard !groups.isEmpty else {
            var counted = RowSet(columns: ["count"], rows: [], carriesNodes: false)
            counted.isAggregate = true
            func ofNodes(_ count: Int, tally: ProvenanceTally) -> RowSet {
                counted.rows = [Row(node: nil, values: [.int(count)])]
                counted.computedFrom = input.count > 0 ? tally : input.computedFrom
                return counted
            }
            if let condition, runner.bareNodeNumbers(of: input) != nil,
                let vector = VectorCondition(
                    condition, compiler: runner.compiler(input, variables, reading: [condition])),
                let (count, tally) = try vector.count(input, context: runner.context)
            {
                return ofNodes(count, tally: tally)
            }
            let filter = try rowFilter()
            if let mask = filter?.workedOutMask, let numbers = runner.bareNodeNumbers(of: input) {
                // Rows of nodes alone, tested beforehand: the nodes that pass are counted and
                // tallied, and the others not read again.
                let passing = QueryRunner.picked(numbers, where: mask)
                var tally = ProvenanceTally()
                tally.add(nodeNumbers: passing, origins: runner.context.graph.origins())
                return ofNodes(passing.count, tally: tally)
            }
            var kept: [Int32]?
            if let filter { kept = try filter.groups(of: input.rows, context: runner.context) }
            counted.rows = [Row(node: nil, values: [.int(kept.map { $0.count { $0 == 0 } } ?? input.count)])]
            counted.computedFrom =
                ProvenanceTally.ofRows(input, in: runner.context.graph, groups: kept) ?? input.computedFrom
            return counted
        }
        let filter = try rowFilter()
        if let passing = passingNodes(filter) { return try passing.count(by: groups) }
        let assignment = try assign(groups, filter: filter)
        let computedFrom =
            ProvenanceTally.ofRows(input, in: runner.context.graph, groups: assignment.groupOfRow) ?? input.computedFrom
        if countsGroups {
            var counted = RowSet(
                columns: ["count"], rows: [Row(node: nil, values: [.int(assignment.count)])], carriesNodes: false)
            counted.computedFrom = computedFrom
            counted.isAggregate = true
            return counted
        }
        let counts = assignment.rowsPerGroup
        let keys = assignment.keys
        let columns = names(groups) + ["count"]
        // The largest first, ties by key: as `top N by count`, when only N are kept.
        let kept = topColumn(in: columns) == columns.count - 1 ? top.map { ($0.count, $0.key.descending) } : nil
        let order =
            if let (count, descending) = kept ?? first.map({ ($0, true) }) {
                Self.topGroups(
                    count, values: counts.map { Int64($0) }, descending: descending, keys: keys,
                    graph: runner.context.graph)
            } else {
                GroupOrder(keys: keys, graph: runner.context.graph).sorted(byCount: counts)
            }
        let rows = order.map { Row(node: nil, values: keys[$0] + [.int(counts[$0])]) }
        var counted = RowSet(columns: columns, rows: rows, carriesNodes: false)
        counted.computedFrom = computedFrom
        counted.isAggregate = true
        return try keepingTop(counted, fused: kept != nil)
    }

    /// The position of the column a fused `top N by NAME` orders by, when NAME is one of
    /// `columns` and no other column has that name; nil otherwise (or without a `top`).
    private func topColumn(in columns: [String]) -> Int? {
        guard let top, case .name(let name) = top.key.expression.kind, columns.count(where: { $0 == name }) == 1 else {
            return nil
        }
        return columns.firstIndex(of: name)
    }

    /// `rows` as the fused `top` leaves them: as they are when it was worked out on the groups
    /// (`fused`), else by running it on them.
    private func keepingTop(_ rows: RowSet, fused: Bool) throws(Diagnostic) -> RowSet {
        guard let top, !fused else { return rows }
        var kept = rows
        kept.rows = try runner.top(top.count, rows, [top.key], variables)
        return kept
    }

    /// Aggregates per group, groups in key order.
    func summarize(_ aggregates: [SelectItem], by groups: [SelectItem]) throws(Diagnostic) -> RowSet {
        let filter = try rowFilter()
        if let passing = passingNodes(filter) { return try passing.summarize(aggregates, by: groups) }
        var accumulators: [Aggregate] = []
        for item in aggregates {
            guard case .call(let name, let arguments) = item.expression.kind,
                Semantics.aggregateNames.contains(name) || runner.context.registry.aggregate(named: name) != nil,
                arguments.count <= 1
            else {
                throw Diagnostic(
                    code: .summarizeNeedsAggregate,
                    message: "`summarize` takes aggregates such as count(), sum(x), avg(x)",
                    span: item.expression.span,
                    hint: "aggregates: " + Semantics.aggregateNames.map { $0 + "()" }.joined(separator: " "))
            }
            if name != "count", arguments.isEmpty {
                throw Diagnostic(
                    code: .arity, message: "`\(name)` needs a value to aggregate", span: item.expression.span)
            }
            let compiler = runner.compiler(input, variables, reading: arguments)
            // `sum(files_exfiltrated)`, `max(ts)`: a property stored as a whole number read as
            // that number (only `min`, `max`, `first` and `last` take instants, dates and durations).
            // `distinct_count` of any of them, and of a link chain (`target`) as node numbers.
            let integers = arguments.first.flatMap { argument in
                if case .name(let property) = argument.kind, let reader = compiler.directProperty(property),
                    reader.type == .int
                        || ([.instant, .date, .duration].contains(reader.type)
                            && ["min", "max", "first", "last", "distinct_count"].contains(name))
                {
                    reader
                } else {
                    nil
                }
            }
            // `distinct_count(i.target)` after a `match`: the nodes of the variable's column, or
            // those its chain reaches, as node numbers. `distinct_count(id)` of rows of nodes: the
            // rows' own nodes (a chain of no hops), each of which has an id no other node has.
            let links: Aggregate.ArgumentNodes? =
                ["distinct_count", "count"].contains(name)
                ? arguments.first.flatMap { argument in
                    if case .name(let name) = argument.kind, compiler.readsID(name), input.carriesNodes {
                        return .chain([])
                    }
                    return compiler.linkChainTargets(argument).map(Aggregate.ArgumentNodes.chain)
                        ?? GroupAssignment.columnNodes(argument, input, compiler).map(Aggregate.ArgumentNodes.byRow)
                } : nil
            // `max(vector)`, `first(lure.subject)`: each text's place in the order texts are
            // compared in, chosen as a whole number is.
            let textPlaces =
                ["min", "max", "first", "last"].contains(name) ? arguments.first.flatMap { places($0, compiler) } : nil
            // `min(id)`, `max(subject)` of texts that rarely repeat: the texts compared as their bytes.
            let textChoice =
                textPlaces == nil ? arguments.first.flatMap { TextChoice(aggregate: name, of: $0, compiler) } : nil
            // `count(ts)`: a row counts when its node has a value of the property.
            let counted = arguments.first.flatMap { argument -> PropertyReader? in
                guard name == "count", case .name(let property) = argument.kind else { return nil }
                return compiler.directProperty(property)
            }
            // `distinct_count(vector)`: the numbers of the texts, which tell texts apart as the
            // values' set does (by Swift `String` equality); `collect(vector)` too, when equal
            // numbers are identical texts (each row's own text is kept).
            let texts = arguments.first.flatMap { argument -> (reader: PropertyReader, codes: TextCodes)? in
                guard ["distinct_count", "collect"].contains(name), case .name(let property) = argument.kind,
                    let reader = compiler.directProperty(property), reader.type == .string,
                    let codes = compiler.directTextCodes(property),
                    name == "distinct_count" || codes.numbersIdenticalTexts
                else { return nil }
                return (reader, codes)
            }
            // `max(files_exfiltrated + accounts_compromised)`: whole-number arithmetic of them.
            // `median(hour(ts))`, `distinct_count(date(ts))`: whole numbers (a date as its day's
            // number) listed per group, as a stored property's are.
            let listed = integers == nil && links == nil && texts == nil && ["median", "distinct_count"].contains(name)
            let wholeNumbers: Number? =
                if integers == nil && ["sum", "avg", "min", "max", "first", "last"].contains(name) {
                    arguments.first.flatMap { Number($0, compiler) } ?? textPlaces?.number
                } else if listed {
                    arguments.first.flatMap {
                        Number($0, compiler) ?? (name == "distinct_count" ? Number.days($0, compiler) : nil)
                    }
                } else {
                    nil
                }
            // `sum(i.files_exfiltrated)`, `max(i.ts)` after a `match`: the property read on the
            // nodes of the variable's column.
            let extremes = ["min", "max", "first", "last"].contains(name)
            let member =
                integers == nil && wholeNumbers == nil && (extremes || ["sum", "avg"].contains(name))
                ? arguments.first.flatMap {
                    Number.columnMember(
                        $0, input, compiler, types: extremes ? [.int, .instant, .date, .duration] : [.int])
                } : nil
            // `avg(files_exfiltrated * 1.5)`: decimal arithmetic of them.
            let decimals =
                integers == nil && wholeNumbers == nil && member == nil && ["sum", "avg"].contains(name)
                ? arguments.first.flatMap { DecimalNumber($0, compiler) } : nil
            accumulators.append(
                Aggregate(
                    name: name, argument: arguments.first.map { compiler.compile($0) },
                    integers: integers ?? (extremes ? member?.reader : nil),
                    wholeNumbers: wholeNumbers ?? member?.number, decimals: decimals, links: links, texts: texts,
                    textPlaces: textPlaces?.places, textChoice: textChoice, counted: counted,
                    registered: runner.context.registry.aggregate(named: name), span: item.expression.span))
        }
        let assignment: GroupAssignment? = groups.isEmpty ? nil : try assign(groups, filter: filter)
        let groupCount = assignment?.count ?? 1
        // Every row in the one group when there are no groups and no filter: nil, no array made.
        let groupOfRow: [Int32]?
        var failure: (row: Int, error: Diagnostic)?
        if let assignment {
            groupOfRow = assignment.groupOfRow
        } else if let filter {
            (groupOfRow, failure) = try oneGroup(filter)
        } else {
            groupOfRow = nil
        }
        // One aggregate at a time over all rows: each reads its own column. When some fail, the
        // error is the one of the first row that fails, as row by row (the filter before the
        // aggregates, the aggregates in order).
        for index in accumulators.indices {
            accumulators[index].prepare(groups: groupCount)
            do {
                try accumulators[index].add(input, groups: groupOfRow, context: runner.context)
            } catch {
                guard let row = accumulators[index].failedRow else { throw error }
                if failure.map({ row < $0.row }) ?? true { failure = (row, error) }
            }
        }
        if let failure { throw failure.error }
        let keys = assignment?.keys ?? .single
        let columns = names(groups) + names(aggregates)
        // `top N by` an aggregate of whole numbers: only the groups it keeps are ordered.
        var topOrder: [Int]?
        // Only when no aggregate's result can fail: a group left out must not hide an error.
        if let column = topColumn(in: columns), column >= groups.count, let top,
            accumulators.allSatisfy(\.resultCannotFail)
        {
            // Taken out of the array once: read in place for each group, it was copied each time.
            let ranked = accumulators[column - groups.count]
            var values: [Value] = []
            values.reserveCapacity(keys.count)
            for group in keys.indices { values.append(try ranked.result(of: group)) }
            topOrder = Self.wholeNumbers(values).map {
                Self.topGroups(
                    top.count, values: $0, descending: top.key.descending, keys: keys, graph: runner.context.graph)
            }
        } else if let first, !groups.isEmpty, accumulators.allSatisfy(\.resultCannotFail) {
            topOrder = GroupOrder.first(first, of: Array(keys.indices), keys: keys, graph: runner.context.graph)
        }
        var rows: [Row] = []
        for group in topOrder ?? GroupOrder(keys: keys, graph: runner.context.graph).sorted() {
            var values = keys[group]
            // By position: taking an aggregate out of the array would copy its arrays.
            for index in accumulators.indices { values.append(try accumulators[index].result(of: group)) }
            rows.append(Row(node: nil, values: values))
        }
        var summarized = RowSet(columns: columns, rows: rows, carriesNodes: false)
        summarized.notes = skippedValues(
            accumulators, aggregates, rows: groupOfRow.map(GroupAssignment.rowsGrouped) ?? input.count)
        summarized.computedFrom =
            ProvenanceTally.ofRows(input, in: runner.context.graph, groups: groupOfRow) ?? input.computedFrom
        summarized.isAggregate = true
        return try keepingTop(summarized, fused: topOrder != nil)
    }

    /// What the aggregates that skipped rows with no value are over, those over as many rows
    /// said together: `avg(files_exfiltrated)` of the bundled incidents reads 51 of 210, and
    /// says so rather than pass for an average of all of them.
    private func skippedValues(_ accumulators: [Aggregate], _ aggregates: [SelectItem], rows: Int) -> [String] {
        var named: [(read: Int, names: [String])] = []
        for (accumulator, item) in zip(accumulators, aggregates) {
            guard let read = accumulator.valuesRead, read < rows else { continue }
            let written = runner.text(item.expression.span)
            let name = item.alias.map { "`\($0)` (`\(written)`)" } ?? "`\(written)`"
            if let index = named.firstIndex(where: { $0.read == read }) {
                named[index].names.append(name)
            } else {
                named.append((read, [name]))
            }
        }
        return named.map { read, names in
            let skipped = rows - read == 1 ? "1 has" : "\(rows - read) have"
            return
                "\(names.joined(separator: ", ")) \(names.count == 1 ? "is" : "are") over the \(read) of \(rows) rows "
                + "that have a value; \(skipped) none, which aggregates skip"
        }
    }

    /// The places of the texts of a text property in the order texts are compared in, and each
    /// row's place as a number, read through the link chain when the argument is a linked
    /// node's property (`lure.subject`); nil for any other argument, and when ordering the
    /// property's texts would cost more than reading the rows' values one by one.
    private func places(_ argument: Expression, _ compiler: ExpressionCompiler)
        -> (places: TextPlaces, number: Number)?
    {
        if case .name(let property) = argument.kind, let reader = compiler.directProperty(property),
            ordersTextsOnce(reader, throughLink: false)
        {
            return runner.textPlaces(property, compiler).map { ($0, .textPlace($0)) }
        }
        guard case .chain(let chain) = compiler.dependence(argument), let hops = compiler.linkChainTargets(chain),
            let own = compiler.relative(argument, to: chain), case .name(let property) = own.kind,
            let reader = compiler.directProperty(property), ordersTextsOnce(reader, throughLink: true),
            let places = runner.textPlaces(property, compiler)
        else { return nil }
        return (places, .linked(hops, .textPlace(places)))
    }

    /// Whether ordering the texts of `reader`'s column (``TextPlaces``, worked out at the first
    /// use and kept) costs less than reading the input's rows' values one by one, judged from the
    /// distinct texts of a sample of about 1,000 of the column's rows. Measured on the peer
    /// graph: ordering costs about 450 ns a distinct text, a row's value about 60 ns (300 through
    /// a link), so the texts may be at most an eighth as many as the rows (half through a link).
    /// A column of texts that rarely repeat (subjects) is then read row by row, as before.
    private func ordersTextsOnce(_ reader: PropertyReader, throughLink: Bool) -> Bool {
        let step = max(1, reader.rowCount / 1_024)
        let sample = stride(from: 0, to: reader.rowCount, by: step).compactMap(reader.text(atRow:))
        guard !sample.isEmpty else { return false }
        let distinct = Double(Set(sample).count) / Double(sample.count) * Double(reader.rowCount)
        return distinct * (throughLink ? 2 : 8) <= Double(input.count)
    }

    /// Every row in group 0, or left out when the filter rejects it; when the filter fails on
    /// a row, that row and the rows after it are left out and the failure is returned.
    private func oneGroup(_ filter: RowFilter) throws(Diagnostic) -> ([Int32], (row: Int, error: Diagnostic)?) {
        if let groups = filter.workedOutGroups { return (groups, nil) }
        var groupOfRow = [Int32](repeating: 0, count: input.count)
        for index in input.rows.indices {
            if index % 4096 == 0 { try runner.context.checkCancelled() }
            do {
                if try !filter.keeps(index, of: input.rows) { groupOfRow[index] = GroupAssignment.leftOut }
            } catch {
                for rest in index..<groupOfRow.count { groupOfRow[rest] = GroupAssignment.leftOut }
                return (groupOfRow, (index, error))
            }
        }
        return (groupOfRow, nil)
    }

    /// The grouping of the rows that pass the fused `where` alone, when the rows are of nodes
    /// alone and the `where` was worked out for every row with no failure: the numbers of the
    /// nodes that pass are picked with no branch per row (rows that pass in no order a processor
    /// can predict cost a misprediction each, tested while grouping); nil otherwise.
    private func passingNodes(_ filter: RowFilter?) -> Grouping? {
        guard let mask = filter?.workedOutMask, let numbers = runner.bareNodeNumbers(of: input) else { return nil }
        let picked = QueryRunner.picked(numbers, where: mask)
        // None passing: the general way, which makes no group and tallies no row.
        guard !picked.isEmpty else { return nil }
        var passing = input
        passing.keepNodes(numbered: picked)
        var grouping = Grouping(runner: runner, input: passing, variables: variables)
        grouping.top = top
        grouping.first = first
        grouping.countsGroups = countsGroups
        return grouping
    }

    /// The fused `where`'s test of every row, worked out now; nil without one.
    private func rowFilter() throws(Diagnostic) -> RowFilter? {
        guard let condition else { return nil }
        return try runner.rowFilter(condition, input, variables)
    }

    private func assign(_ groups: [SelectItem], filter: RowFilter?) throws(Diagnostic) -> GroupAssignment {
        try GroupAssignment(
            input, by: groups.map(\.expression), filter: filter,
            compiler: runner.compiler(input, variables, reading: groups.map(\.expression)),
            context: runner.context)
    }

    private func names(_ items: [SelectItem]) -> [String] {
        items.map { $0.alias ?? runner.text($0.expression.span) }
    }
}
