import IncidentGraph
import PluginAPI
import QuerySyntax

/// One aggregate of `summarize`, accumulated group by group as rows go past: counts, sums,
/// extremes and first/last values need no list of values; `median`, `collect`,
/// `distinct_count` and plugin aggregates keep each group's values.
struct Aggregate {
    let name: String
    let argument: ExpressionCompiler.Compiled?
    /// The reader of the argument when it is a property stored as a whole number: `sum`, `avg`,
    /// `min` and `max` read an `int` one's integers, `min` and `max` an instant's, date's or
    /// duration's too (for `max(i.ts)` after a `match`, read through `wholeNumbers`).
    let integers: PropertyReader?
    /// The argument as whole numbers worked out a batch of rows at a time when it is arithmetic
    /// or calendar fields of stored properties (`max(files_exfiltrated + accounts_compromised)`,
    /// `avg(year(ts))`) or a property of a `match` variable's nodes (`sum(i.files_exfiltrated)`):
    /// `sum`, `avg`, `min` and `max` read those, before `integers`; `median` and `distinct_count`
    /// list them per group (`distinct_count(date(ts))`: each date as its day's number).
    let wholeNumbers: Number?
    /// The argument as decimals worked out a batch of rows at a time when it is decimal
    /// arithmetic of stored whole numbers (`avg(files_exfiltrated * 1.5)`): `sum` and `avg` add
    /// them in row order, as they add the values row by row.
    let decimals: DecimalNumber?
    /// The nodes of the argument when it is a link chain (`target`), or a `match` variable or a
    /// chain from one (`i.target`): `distinct_count` counts their node numbers, and `count` the
    /// rows that have one, read a batch of rows at a time.
    let links: ArgumentNodes?

    /// Where the nodes an argument stands for come from.
    enum ArgumentNodes {
        /// The hops of a link chain from each row's node.
        case chain([LinkTargets])
        /// The node of each row (-1: none), read beforehand.
        case byRow([Int32])

        /// The node of each row of `batch` (-1: none).
        func nodes(of batch: RowBatch) -> [Int32] {
            switch self {
            case .chain(let hops): Part.reached(through: hops, from: batch.nodes)
            case .byRow(let nodes): batch.own(nodes)
            }
        }
    }
    /// The places of the texts of the argument of `min`, `max`, `first` or `last` when it is a
    /// text property whose texts are numbered scalar for scalar, its own or a linked node's:
    /// chosen as whole numbers are (`wholeNumbers` gives each row's place), and the text at the
    /// place chosen given.
    let textPlaces: TextPlaces?
    /// How `min`, `max`, `first` or `last` chooses when its argument is the built-in `id` or a
    /// text property whose texts rarely repeat: the rows' texts compared as their bytes
    /// (``TextChoice``), and the chosen one's value made once.
    let textChoice: TextChoice?
    /// The reader of the argument of `count` when it is a stored property: a row counts when its
    /// node has a value of it, and no value is made.
    let counted: PropertyReader?
    /// The reader and text numbers of the argument when it is a `string` property:
    /// `distinct_count` counts the numbers, hashing no text, and `collect` makes each text's
    /// value once. Texts are numbered by Swift `String` equality, as a set of values tells them
    /// apart.
    let texts: (reader: PropertyReader, codes: TextCodes)?
    let registered: PluginRegistry.Owned<AggregateDefinition>?
    let span: SourceSpan
    /// How values are accumulated, resolved from the name once.
    private let method: Method

    private var counts: [Int] = []
    /// The sums of the whole numbers; `decimalSums` adds every number as a decimal, for a
    /// group that has a decimal too (`sawDecimal`).
    private var wholeSums: [WholeSum] = []
    private var decimalSums: [Double] = []
    private var sawDecimal: [Bool] = []
    private var chosen: [Value] = []
    /// The number `min`, `max`, `first` or `last` chose for each group when the numbers were
    /// read as whole numbers (`integers`, `wholeNumbers`); a group that counted none has none.
    /// Empty when the values were read one by one (`chosen`).
    private var integerExtremes: [Int64] = []
    private var lists: [[Value]] = []
    /// For `median` and `distinct_count` of an `int` property or a link: each group's numbers
    /// (nil: the values are kept in `lists`).
    private var numberLists: GroupNumbers?

    init(
        name: String, argument: ExpressionCompiler.Compiled?, integers: PropertyReader? = nil,
        wholeNumbers: Number? = nil, decimals: DecimalNumber? = nil, links: ArgumentNodes? = nil,
        texts: (reader: PropertyReader, codes: TextCodes)? = nil, textPlaces: TextPlaces? = nil,
        textChoice: TextChoice? = nil, counted: PropertyReader? = nil,
        registered: PluginRegistry.Owned<AggregateDefinition>?,
        span: SourceSpan
    ) {
        self.name = name
        self.argument = argument
        self.integers = integers
        self.wholeNumbers = wholeNumbers
        self.decimals = decimals
        self.links = links
        self.texts = texts
        self.textPlaces = textPlaces
        self.textChoice = textChoice
        self.counted = counted
        self.registered = registered
        self.span = span
        method =
            switch name {
            case _ where registered != nil: .keepValues
            case "median", "collect", "distinct_count": .keepValues
            case "sum", "avg": .sum
            case "min": .minimum
            case "max": .maximum
            case "first": .first
            case "last": .last
            default: .count
            }
        outcome =
            switch name {
            case _ where registered != nil: .registered
            case "count": .count
            case "collect": .collect
            case "distinct_count": .distinctCount
            case "min", "max", "first", "last": .chosen
            case "sum": .sum
            case "avg": .average
            default: .median
            }
    }

    /// How an aggregate accumulates.
    private enum Method {
        case count, sum, minimum, maximum, first, last, keepValues
    }

    /// What ``result(of:)`` gives each group, resolved from the name once: the name compared
    /// for each of a few hundred thousand groups cost more than their results.
    private enum Outcome {
        case registered, count, collect, distinctCount, chosen, sum, average, median
    }
    private let outcome: Outcome

    mutating func prepare(groups: Int) {
        counts = Array(repeating: 0, count: groups)
        switch method {
        case .keepValues: lists = Array(repeating: [], count: groups)
        case .sum:
            wholeSums = Array(repeating: WholeSum(), count: groups)
            decimalSums = Array(repeating: 0, count: groups)
            sawDecimal = Array(repeating: false, count: groups)
        case .minimum, .maximum, .first, .last:
            chosen = Array(repeating: .null, count: groups)
        case .count: break
        }
    }

    /// The row whose value this aggregate failed on, after ``add(_:groups:context:)`` threw
    /// for it (not for Ctrl-C).
    private(set) var failedRow: Int?

    /// Accumulates every row into its group (rows in ``GroupAssignment/leftOut`` are skipped);
    /// `groups` nil puts every row in the one group (a `summarize` with no `by` and no filter).
    mutating func add(_ input: RowSet, groups: [Int32]?, context: EvaluationContext) throws(Diagnostic) {
        // `count()`: the rows of each group, no row read.
        if argument == nil, registered == nil {
            counts = groups.map { GroupAssignment.rowsPerGroup($0, groups: counts.count) } ?? [input.count]
            return
        }
        if let textChoice, registered == nil {
            (counts, chosen) = try textChoice.choose(input, groups: groups, groupCount: counts.count, context: context)
            return
        }
        // `sum(files_exfiltrated)`, `max(phase)`, `first(ts)`: an `int` column read a batch at a
        // time, no value made. A row it gives no number holds no value of the property (no node,
        // a node of another kind, a missing value): null, which these aggregates skip.
        if [.sum, .minimum, .maximum, .first, .last].contains(method), decimals == nil || method != .sum,
            let numbers = wholeNumbers ?? integers.map(Number.column)
        {
            if let groups {
                try addWholeNumbers(numbers, input, groups: groups, context: context)
            } else {
                try addWholeNumbersInOneGroup(numbers, input, context: context)
            }
            return
        }
        if method == .count, registered == nil, links != nil || counted != nil {
            try countValues(input, groups: groups, context: context)
            return
        }
        let groups = groups ?? [Int32](repeating: 0, count: input.count)
        if registered == nil, ["median", "distinct_count"].contains(name),
            integers != nil || links != nil || texts != nil || wholeNumbers != nil
        {
            numberLists = try numbers(of: input, groups: groups, context: context)
            return
        }
        if name == "collect", registered == nil, let texts {
            try collectTexts(texts, input, groups: groups, context: context)
            return
        }
        if method == .sum, let decimals {
            try addDecimals(decimals, input, groups: groups, context: context)
            return
        }
        // The rows read once: reading them from the set for each row retained them each time.
        let rows = input.rows
        for (index, group) in groups.enumerated() where group != GroupAssignment.leftOut {
            if index % 4096 == 0 { try context.checkCancelled() }
            do {
                try add(rows[index], to: Int(group))
            } catch {
                failedRow = index
                throw error
            }
        }
    }

    /// Adds the whole numbers `numbers` gives each row to its group's count and sum or extreme.
    private mutating func addWholeNumbers(
        _ numbers: Number, _ input: RowSet, groups: [Int32], context: EvaluationContext
    ) throws(Diagnostic) {
        // Accumulated in local arrays (a stored property written in a loop is checked for
        // uniqueness on every write), one loop per method, then kept.
        let method = self.method
        // Rows left out or without a number go to one more slot, dropped at the end: no branch
        // on them (a filter may keep every other row, in no order a processor can predict).
        let spare = counts.count
        var (counts, sums) = (self.counts + [0], wholeSums + [WholeSum()])
        // A group's extreme is read only when it counted a number: it starts at the number
        // every other passes.
        var extremes = [Int64](repeating: method == .minimum ? .max : .min, count: spare + 1)
        try RowBatches.forEach(input, context: context) { batch in
            // Through buffers: an array captured by this closure is boxed, and each write to it
            // would check that it is not shared.
            groups.withUnsafeBufferPointer { groups in
                let rows = RowSlots(
                    groups: UnsafeBufferPointer(rebasing: groups[batch.start..<batch.start + batch.nodes.count]),
                    spare: spare)
                withMutableBuffers(&counts, &sums, &extremes) { counts, sums, extremes in
                    /// Adds the batch's numbers: one loop per method, so that none decides the
                    /// method row by row.
                    func accumulate(_ numbers: RowNumbers) {
                        switch method {
                        case .sum: rows.forEach(numbers, counting: counts) { sums[$0].add($1) }
                        case .minimum:
                            rows.forEach(numbers, counting: counts) { extremes[$0] = min($1, extremes[$0]) }
                        case .maximum:
                            rows.forEach(numbers, counting: counts) { extremes[$0] = max($1, extremes[$0]) }
                        case .first:
                            rows.forEach(numbers, counting: counts) { slot, number in
                                extremes[slot] = counts[slot] == 1 ? number : extremes[slot]
                            }
                        default: rows.forEach(numbers, counting: counts) { extremes[$0] = $1 }
                        }
                    }
                    withNumbers(of: batch, numbers, accumulate)
                }
            }
        }
        counts.removeLast()
        sums.removeLast()
        extremes.removeLast()
        (self.counts, wholeSums, integerExtremes) = (counts, sums, extremes)
    }

    /// ``addWholeNumbers(_:_:groups:context:)`` for every row in the one group: its count, sum
    /// and extreme are kept in local variables, with no group read for each row and no array
    /// of groups made.
    private mutating func addWholeNumbersInOneGroup(
        _ numbers: Number, _ input: RowSet, context: EvaluationContext
    ) throws(Diagnostic) {
        var group = OneGroupNumbers(method: method)
        try RowBatches.forEach(input, context: context) { batch in
            withNumbers(of: batch, numbers) { group.add($0) }
        }
        (counts, wholeSums, integerExtremes) = ([group.count], [group.sum], [group.extreme])
    }

    /// Calls `body` with the whole numbers of a batch's rows: a stored column's own rows read
    /// where they stand, not copied, when the batch is rows of its table.
    private func withNumbers(of batch: RowBatch, _ numbers: Number, _ body: (RowNumbers) -> Void) {
        if let reader = integers, let run = batch.tableRows(reader),
            reader.withIntegers({ stored in stored.withRows(run) { body(RowNumbers(values: $0, present: $1)) } })
        {
            return
        }
        var nodes = NodeBatch(batch)
        let batchNumbers = numbers.values(&nodes)
        batchNumbers.values.withUnsafeBufferPointer { values in
            batchNumbers.present.withUnsafeBufferPointer { present in
                body(RowNumbers(values: values, present: present))
            }
        }
    }

    /// `count(target)`, `count(ts)`: the rows of each group whose link chain reaches a node, or
    /// whose node has a value of the property, found a batch of rows at a time with no value
    /// made (a node's value carries its id, read from anywhere in memory).
    private mutating func countValues(_ input: RowSet, groups: [Int32]?, context: EvaluationContext)
        throws(Diagnostic)
    {
        let spare = counts.count
        var counts = self.counts + [0]
        try RowBatches.forEach(input, context: context) { batch in
            let present =
                if let links {
                    links.nodes(of: batch).map { $0 >= 0 }
                } else {
                    counted.map { $0.presence(ofRows: batch.rows($0)) } ?? []
                }
            for (offset, isPresent) in present.enumerated() {
                let group = groups?[batch.start + offset] ?? 0
                counts[group == GroupAssignment.leftOut || !isPresent ? spare : Int(group)] += 1
            }
        }
        counts.removeLast()
        self.counts = counts
    }

    /// Adds the decimals of `decimals` to each row's group, a batch of rows at a time; rows
    /// without one (a null, a division by zero) are skipped, as null values are.
    private mutating func addDecimals(
        _ decimals: DecimalNumber, _ input: RowSet, groups: [Int32], context: EvaluationContext
    ) throws(Diagnostic) {
        var (counts, sums, saw) = (self.counts, decimalSums, sawDecimal)
        try RowBatches.forEach(input, context: context) { batch in
            var nodes = NodeBatch(batch)
            let values = decimals.values(&nodes)
            for offset in values.values.indices where values.present[offset] != 0 {
                let group = groups[batch.start + offset]
                guard group != GroupAssignment.leftOut else { continue }
                counts[Int(group)] += 1
                sums[Int(group)] += values.values[offset]
                saw[Int(group)] = true
            }
        }
        (self.counts, decimalSums, sawDecimal) = (counts, sums, saw)
    }

    /// `collect(vector)`: each row's text read as its number (equal numbers are identical
    /// texts), its value made once per text and kept in the row's group in row order; rows
    /// without one are skipped, as null values are.
    private mutating func collectTexts(
        _ texts: (reader: PropertyReader, codes: TextCodes), _ input: RowSet, groups: [Int32],
        context: EvaluationContext
    ) throws(Diagnostic) {
        // Kept in local arrays: a stored property written in a loop is checked on every write.
        var made = (lists: lists, valueOfCode: [Value?](repeating: nil, count: texts.codes.count))
        // Room for every row of each group, so that no list is copied as it grows.
        var rowsOfGroup = [Int](repeating: 0, count: made.lists.count)
        for group in groups where group != GroupAssignment.leftOut { rowsOfGroup[Int(group)] += 1 }
        for (group, rows) in rowsOfGroup.enumerated() {
            made.lists[group].reserveCapacity(made.lists[group].count + rows)
        }
        try Self.forEachText(texts, input, groups: groups, context: context, into: &made) { made, group, code, node in
            let value = made.valueOfCode[code] ?? texts.reader.value(of: NodeID(index: Int(node)))
            made.valueOfCode[code] = value
            made.lists[group].append(value)
        }
        lists = made.lists
    }

    /// Calls `body` with `state`, the group, the text's number and the node of each row in a
    /// group whose node has a text of the property `texts` reads, in row order.
    @inline(__always)
    private static func forEachText<State>(
        _ texts: (reader: PropertyReader, codes: TextCodes), _ input: RowSet, groups: [Int32],
        context: EvaluationContext, into state: inout State,
        _ body: (inout State, _ group: Int, _ code: Int, _ node: Int32) -> Void
    ) throws(Diagnostic) {
        try RowBatches.forEach(input, context: context) { batch in
            let (rowsOfNodes, start) = (batch.rows(texts.reader), batch.start)
            texts.codes.withRowCodes { codes in
                for (offset, row) in rowsOfNodes.enumerated() {
                    let group = groups[start + offset]
                    guard group != GroupAssignment.leftOut, row >= 0, codes[Int(row)] >= 0 else { continue }
                    body(&state, Int(group), Int(codes[Int(row)]), batch.nodes[offset])
                }
            }
        }
    }

    /// Each group's whole numbers of an `int` property (read a batch at a time from its column),
    /// of whole-number arithmetic or calendar fields (``Number``), or node numbers of a link;
    /// rows without one are skipped, as null values are.
    private func numbers(of input: RowSet, groups: [Int32], context: EvaluationContext) throws(Diagnostic)
        -> GroupNumbers
    {
        var numbers = GroupNumbers(rowsPerGroup: GroupAssignment.rowsPerGroup(groups, groups: counts.count))
        if let integers {
            try RowBatches.forEach(input, context: context) { batch in
                let (rowsOfNodes, start) = (batch.rows(integers), batch.start)
                integers.withIntegers { values in
                    guard !values.isEmpty else { return }
                    numbers.fill { add in
                        for (offset, row) in rowsOfNodes.enumerated() {
                            let group = groups[start + offset]
                            guard group != GroupAssignment.leftOut, row >= 0, let number = values[Int(row)] else {
                                continue
                            }
                            add(Int(group), number)
                        }
                    }
                }
            }
        } else if let texts {
            try Self.forEachText(texts, input, groups: groups, context: context, into: &numbers) {
                numbers, group, code, _ in
                numbers.add(Int64(code), to: group)
            }
        } else if let wholeNumbers {
            try RowBatches.forEach(input, context: context) { batch in
                var nodes = NodeBatch(batch)
                let batchNumbers = wholeNumbers.values(&nodes)
                numbers.fill { add in
                    for offset in batchNumbers.values.indices where batchNumbers.present[offset] != 0 {
                        let group = groups[batch.start + offset]
                        if group != GroupAssignment.leftOut { add(Int(group), batchNumbers.values[offset]) }
                    }
                }
            }
        } else if let links {
            try RowBatches.forEach(input, context: context) { batch in
                let reached = links.nodes(of: batch)
                numbers.fill { add in
                    for (offset, node) in reached.enumerated() {
                        let group = groups[batch.start + offset]
                        guard group != GroupAssignment.leftOut, node >= 0 else { continue }
                        add(Int(group), Int64(node))
                    }
                }
            }
        }
        return numbers
    }

    private mutating func add(_ row: Row, to group: Int) throws(Diagnostic) {
        guard let argument else {
            counts[group] += 1
            return
        }
        let value = try argument(row)
        if method == .keepValues {
            if registered != nil || !value.isNull { lists[group].append(value) }
            return
        }
        if value.isNull { return }
        counts[group] += 1
        switch method {
        case .sum:
            switch value {
            case .int(let number):
                addToSum(number, group)
            case .double(let number):
                sawDecimal[group] = true
                decimalSums[group] += number
            default:
                throw Diagnostic(
                    code: .aggregateType, message: "`\(name)` needs numbers, but some values are not numbers",
                    span: span)
            }
        case .minimum:
            if chosen[group].isNull || ValueOrder.sortOrder(value, chosen[group]) < 0 { chosen[group] = value }
        case .maximum:
            if chosen[group].isNull || ValueOrder.sortOrder(value, chosen[group]) >= 0 { chosen[group] = value }
        case .first:
            if chosen[group].isNull { chosen[group] = value }
        case .last:
            chosen[group] = value
        case .count, .keepValues:
            break  // counted above
        }
    }

    private mutating func addToSum(_ number: Int, _ group: Int) {
        wholeSums[group].add(Int64(number))
        decimalSums[group] += Double(number)
    }

    /// How many values it read, over every group (rows with no value are skipped); nil for one
    /// that reads no value (`count()`) or counts them (`count(x)`), and a plugin's (given the
    /// nulls too).
    var valuesRead: Int? {
        guard argument != nil || integers != nil || links != nil || texts != nil, registered == nil, method != .count
        else {
            return nil
        }
        if let numberLists { return numberLists.count }
        return method == .keepValues ? lists.reduce(0) { $0 + $1.count } : counts.reduce(0, +)
    }

    /// Whether ``result(of:)`` never throws: it may for `median` (values that are not
    /// numbers) and for a plugin's aggregate.
    var resultCannotFail: Bool { outcome != .registered && outcome != .median }

    func result(of group: Int) throws(Diagnostic) -> Value {
        switch outcome {
        case .registered:
            guard let registered else { return .null }  // the outcome is `registered` only with one
            do {
                return try registered.definition.run(lists[group])
            } catch {
                throw Diagnostic(
                    code: .plugin, message: "\(registered.owner): \(error.message)", span: span,
                    hint: error.hint)
            }
        case .count: return .int(counts[group])
        case .collect: return .list(lists[group])
        case .chosen:
            guard !integerExtremes.isEmpty else { return chosen[group] }
            guard counts[group] > 0 else { return .null }
            let number = integerExtremes[group]
            if let textPlaces { return .string(textPlaces.text(atPlace: number)) }
            return integers?.value(stored: number) ?? .int(Int(number))
        case .sum:
            guard counts[group] > 0 else { return .null }
            if sawDecimal[group] { return .double(decimalSums[group]) }
            // An integer sum past 2^63 is null, as `+` is (Arithmetic's overflow rule); one that
            // passes it on the way and comes back is not, in whatever order its rows are added.
            return wholeSums[group].exact.map { .int(Int($0)) } ?? .null
        case .average:
            guard counts[group] > 0 else { return .null }
            let sum = sawDecimal[group] ? decimalSums[group] : wholeSums[group].decimal
            return .double(sum / Double(counts[group]))
        case .distinctCount, .median:
            if let numberLists {
                let numbers = numberLists[group]
                if outcome == .distinctCount { return .int(NumberStatistics.distinctCount(numbers)) }
                return NumberStatistics.median(numbers).map(Value.double) ?? .null
            }
            return outcome == .distinctCount ? .int(Set(lists[group]).count) : try median(lists[group])
        }
    }

    private func median(_ values: [Value]) throws(Diagnostic) -> Value {
        var numbers: [Double] = []
        for value in values {
            switch value {
            case .int(let number): numbers.append(Double(number))
            case .double(let number): numbers.append(number)
            default:
                throw Diagnostic(
                    code: .aggregateType, message: "`median` needs numbers, but some values are not numbers",
                    span: span)
            }
        }
        numbers.sort()
        return median(numbers)
    }

    /// The middle of sorted numbers (the mean of the two middle ones); null for none.
    private func median(_ sorted: [Double]) -> Value {
        guard !sorted.isEmpty else { return .null }
        let middle = sorted.count / 2
        return .double(sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2)
    }
}

/// The slot each row of a batch adds to: its group, or one more slot, dropped at the end, for
/// a row left out (``GroupAssignment/leftOut``) or without a number, so that no row takes a
/// branch of its own.
private struct RowSlots {
    /// The groups of the batch's rows.
    let groups: UnsafeBufferPointer<Int32>
    let spare: Int

    /// Counts each row in its slot and calls `add` with the slot and the row's number. Inlined
    /// where it is called, so that `add` is no call.
    @inline(__always)
    func forEach(_ numbers: RowNumbers, counting counts: UnsafeMutableBufferPointer<Int>, _ add: (Int, Int64) -> Void) {
        for offset in numbers.values.indices {
            let group = groups[offset]
            let slot = group == GroupAssignment.leftOut || numbers.present[offset] == 0 ? spare : Int(group)
            counts[slot] &+= 1
            add(slot, numbers.values[offset])
        }
    }
}

extension Aggregate {
    /// The count of the numbers of the one group's rows, and their sum or the one `min`,
    /// `max`, `first` or `last` chose, kept in local variables as batches of rows go past: a
    /// row without a number adds nothing and changes nothing, with no branch of its own.
    private struct OneGroupNumbers {
        let method: Method
        var count = 0
        var sum = WholeSum()
        var extreme: Int64

        /// Numbers added as plain integers at a time, and the bound they must lie within.
        private static let plainRun = 1 << 13
        private static let plainBound: Int64 = 1 << 48

        init(method: Method) {
            self.method = method
            extreme = method == .minimum ? .max : .min
        }

        mutating func add(_ numbers: RowNumbers) {
            let (values, present) = (numbers.values, numbers.present)
            switch method {
            case .sum:
                // Numbers within ±2⁴⁸ (nearly all) are added as plain 64-bit integers, which a run
                // of 2¹³ of them cannot carry past, and each run's sum is added once; a run with a
                // larger number is added number by number.
                for first in stride(from: 0, to: values.count, by: Self.plainRun) {
                    let run = first..<min(first + Self.plainRun, values.count)
                    var (plain, outside): (Int64, UInt64) = (0, 0)
                    for offset in run {
                        let number = present[offset] != 0 ? values[offset] : 0
                        plain &+= number
                        outside |= UInt64(bitPattern: number &+ Self.plainBound) >> 49
                        count &+= Int(present[offset])
                    }
                    if outside == 0 {
                        sum.add(plain)
                    } else {
                        for offset in run where present[offset] != 0 { sum.add(values[offset]) }
                    }
                }
            case .minimum:
                for offset in values.indices {
                    count &+= Int(present[offset])
                    extreme = min(extreme, present[offset] != 0 ? values[offset] : .max)
                }
            case .maximum:
                for offset in values.indices {
                    count &+= Int(present[offset])
                    extreme = max(extreme, present[offset] != 0 ? values[offset] : .min)
                }
            case .first:
                if count == 0, let offset = present.firstIndex(where: { $0 != 0 }) { extreme = values[offset] }
                count &+= present.reduce(0) { $0 &+ Int($1) }
            default:
                if let offset = present.lastIndex(where: { $0 != 0 }) { extreme = values[offset] }
                count &+= present.reduce(0) { $0 &+ Int($1) }
            }
        }
    }
}

/// The numbers of a batch's rows, in place: what is stored for each (any number where there is
/// none) and whether it has one (1 or 0).
private struct RowNumbers {
    let values: UnsafeBufferPointer<Int64>
    let present: UnsafeBufferPointer<UInt8>
}

/// Calls `body` with the buffers of three arrays.
private func withMutableBuffers<A, B, C>(
    _ a: inout [A], _ b: inout [B], _ c: inout [C],
    _ body: (UnsafeMutableBufferPointer<A>, UnsafeMutableBufferPointer<B>, UnsafeMutableBufferPointer<C>) -> Void
) {
    a.withUnsafeMutableBufferPointer { a in
        b.withUnsafeMutableBufferPointer { b in c.withUnsafeMutableBufferPointer { c in body(a, b, c) } }
    }
}
